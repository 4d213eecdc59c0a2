use super::*;
use crate::pagination::PageShape;
use crate::status::OrderState;

fn decode(body: &str) -> ListPage<ReportListItem> {
    decode_reports_page(body.as_bytes()).unwrap()
}

fn page_at(body: &str, requested: PageRef) -> ListPage<ReportListItem> {
    decode_page(body.as_bytes(), &requested).unwrap()
}

fn keys(page: &ListPage<ReportListItem>) -> Vec<&str> {
    page.items.iter().map(|i| i.report_key.as_str()).collect()
}

#[test]
fn paginator_with_odd_items() {
    let body = r#"{
      "current_page": "2", "last_page": 5, "per_page": "100", "total": 450, "path": "x", "links": [],
      "data": [
        {"report_key": "k1", "applicant_email": "zoë@example.com", "applicant_name": "Zoë Ñúñez 李",
         "report_sku": "HIRE1", "status": "C", "flagged_for_end_user_review": 1,
         "order_date": {"date": "2024-01-31 12:00:00.000000", "timezone_type": 3, "timezone": "UTC"},
         "completed_date": "2024-02-02 09:00:00", "unknown": {"nested": [1]}},
        {"report_key": "k2", "email": null, "applicant_first_name": "Ada", "applicant_last_name": "Lovelace",
         "status": "Q", "order_date": [], "completed_date": null, "sku": 3},
        {"report_sku": "HIRE2"},
        {"report_key": "k3", "applicant": {"first_name": "Grace", "email": "g@example.com"}, "status": null}
      ]}"#;
    let page = decode(body);
    assert_eq!(
        (page.current_page, page.last_page, page.per_page, page.total),
        (Some(2), Some(5), Some(100), Some(450))
    );
    assert_eq!(page.shape, PageShape::LengthAware);
    assert_eq!(page.next, Some(PageRef::Number(3)));
    assert_eq!(page.items.len(), 3, "the item without a key is skipped");
    assert_eq!(page.skipped, 1, "and counted");
    let k1 = &page.items[0];
    assert_eq!(k1.applicant_name.as_deref(), Some("Zoë Ñúñez 李"));
    assert_eq!(k1.flagged_for_end_user_review, Some(true));
    assert_eq!(
        k1.ordered_at.unwrap().to_rfc3339(),
        "2024-01-31T12:00:00+00:00"
    );
    assert_eq!(
        k1.completed_at.unwrap().to_rfc3339(),
        "2024-02-02T09:00:00+00:00"
    );
    let k2 = &page.items[1];
    assert_eq!(k2.applicant_name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(k2.status, Some(StatusLetter::Unknown("Q".into())));
    assert_eq!(
        OrderState::from_letter(k2.status.as_ref().unwrap(), false),
        OrderState::Unknown
    );
    assert_eq!((k2.ordered_at, k2.report_sku.as_deref()), (None, Some("3")));
    assert_eq!(
        k2.ordered_at_unreadable, None,
        "[] is PHP's empty, not a date"
    );
    let k3 = &page.items[2];
    assert_eq!(
        (k3.applicant_name.as_deref(), k3.applicant_email.as_deref()),
        (Some("Grace"), Some("g@example.com"))
    );
    assert_eq!(k3.status, None);
}

/// Eloquent adds `created_at`/`updated_at` (and the app may add aliases) next to the contract's
/// names: never "duplicate field", and the canonical value wins.
#[test]
fn aliases_next_to_canonical_fields_prefer_the_canonical() {
    let body = r#"{"data": [
        {"id": 17, "report_key": "k1", "key": "alias-key",
         "order_date": {"date": "2024-01-31 12:00:00.000000", "timezone_type": 3, "timezone": "UTC"},
         "created_at": "2024-01-31T12:00:02.000000Z", "updated_at": "2024-02-01T00:00:00.000000Z",
         "ordered_at": "2020-01-01 00:00:00",
         "applicant_email": "a@x.io", "email": "other@x.io",
         "report_sku": "HIRE2", "sku": "HIRE9", "status": "P", "report_status": "C",
         "completed_date": null, "completed_at": "2024-02-03 10:00:00", "deleted_at": null},
        {"report_key": "k2", "order_date": "31/01/2024", "created_at": "2024-01-31 08:00:00"},
        {"report_key": "k3", "order_date": "31/01/2024"}
    ]}"#;
    let page = decode(body);
    let k1 = &page.items[0];
    assert_eq!(k1.report_key, "k1");
    assert_eq!(
        k1.ordered_at.unwrap().to_rfc3339(),
        "2024-01-31T12:00:00+00:00"
    );
    assert_eq!(k1.applicant_email.as_deref(), Some("a@x.io"));
    assert_eq!(k1.report_sku.as_deref(), Some("HIRE2"));
    assert_eq!(k1.status, Some(StatusLetter::parse("P")));
    assert_eq!(
        k1.completed_at.unwrap().to_rfc3339(),
        "2024-02-03T10:00:00+00:00",
        "an alias fills in for a canonical null"
    );
    let k2 = &page.items[1];
    assert_eq!(
        (
            k2.ordered_at.unwrap().to_rfc3339(),
            k2.ordered_at_unreadable.as_deref()
        ),
        ("2024-01-31T08:00:00+00:00".to_string(), None),
        "a readable alias beats an unreadable canonical date"
    );
    let k3 = &page.items[2];
    assert_eq!(
        (k3.ordered_at, k3.ordered_at_unreadable.as_deref()),
        (None, Some("31/01/2024")),
        "an unreadable date is kept, not shown as no date"
    );
}

#[test]
fn nulls_and_non_objects_in_data_are_skipped_and_counted() {
    let page = decode(
        r#"{"current_page": 1, "last_page": 1, "data": [null, {"report_key": "a"}, "x", 7, [], {"report_key": "b"}, null]}"#,
    );
    assert_eq!(keys(&page), ["a", "b"]);
    assert_eq!(page.skipped, 5);
    assert_eq!(page.next, None);
}

#[test]
fn bare_arrays_and_unpaginated_data_are_probed() {
    let page = decode(r#"[{"report_key":"a"}, {"report_key": 12345}]"#);
    assert_eq!(keys(&page), ["a", "12345"], "numeric keys are text");
    assert_eq!(page.shape, PageShape::BareArray);
    assert_eq!(page.next, Some(PageRef::Number(2)), "only asking tells");
    let empty = page_at("[]", PageRef::Number(2));
    assert_eq!((empty.shape, empty.next), (PageShape::BareArray, None));
    let data_only = page_at(r#"{"data": [{"report_key":"a"}]}"#, PageRef::Number(4));
    assert_eq!(data_only.shape, PageShape::Unpaginated);
    assert_eq!(
        (data_only.current_page, data_only.next),
        (Some(4), Some(PageRef::Number(5)))
    );
    let keyed =
        decode(r#"{"data": {"0": {"report_key": "a"}, "3": {"report_key": "b"}, "4": null}}"#);
    assert_eq!((keys(&keyed), keyed.skipped), (vec!["a", "b"], 1));
    let empty_object = decode(r#"{"data": {}, "current_page": 1, "last_page": 1}"#);
    assert!(empty_object.items.is_empty());
    assert!(decode_reports_page(br#"{"message": "no data"}"#).is_err());
    assert!(decode_reports_page(b"\"just text\"").is_err());
}

#[test]
fn api_resource_collections() {
    let body = r#"{"data": [{"report_key": "a"}],
        "links": {"first": "https://h/api/reports/all?page=1", "last": "https://h/api/reports/all?page=3",
                  "prev": null, "next": "https://h/api/reports/all?page=2"},
        "meta": {"current_page": 1, "from": 1, "last_page": 3, "path": "https://h/api/reports/all",
                 "per_page": 1, "to": 1, "total": 3,
                 "links": [{"url": null, "label": "&laquo; Previous", "active": false}]}}"#;
    let page = decode(body);
    assert_eq!(page.shape, PageShape::Resource);
    assert_eq!((page.total, page.last_page), (Some(3), Some(3)));
    assert_eq!(page.next, Some(PageRef::Number(2)));
    let last = page_at(
        r#"{"data": [], "links": {"next": null}, "meta": {"current_page": 3, "last_page": 3, "total": 3}}"#,
        PageRef::Number(3),
    );
    assert_eq!(last.next, None);
    // Meta only (a custom paginator), and Fractal's meta.pagination.
    let meta_only = decode(
        r#"{"data": [], "meta": {"current_page": "1", "last_page": "2", "next_page_url": "/api/reports/all?page=2"}}"#,
    );
    assert_eq!(
        (meta_only.shape, meta_only.next),
        (PageShape::Resource, Some(PageRef::Number(2)))
    );
    let fractal = decode(
        r#"{"data": [{"report_key": "a"}], "meta": {"pagination": {"total": 50, "count": 1,
        "per_page": 10, "current_page": 1, "total_pages": 5, "links": {"next": "https://h/api/reports/all?page=2"}}}}"#,
    );
    assert_eq!(
        (fractal.total, fractal.last_page, fractal.next),
        (Some(50), Some(5), Some(PageRef::Number(2)))
    );
}

#[test]
fn simple_and_cursor_paginators() {
    let simple = decode(
        r#"{"current_page": 1, "data": [{"report_key": "a"}], "first_page_url": "/x?page=1",
        "from": 1, "next_page_url": "http://h/api/reports/all?page=2", "path": "/x", "per_page": 1,
        "prev_page_url": null, "to": 1}"#,
    );
    assert_eq!(
        (simple.shape, simple.next.clone()),
        (PageShape::Simple, Some(PageRef::Number(2)))
    );
    assert_eq!(simple.total, None);
    let simple_last = page_at(
        r#"{"current_page": 2, "data": [], "next_page_url": null}"#,
        PageRef::Number(2),
    );
    assert_eq!(simple_last.next, None);
    let cursor = decode(
        r#"{"data": [{"report_key": "a"}], "path": "http://h/api/reports/all", "per_page": 1,
        "next_cursor": "eyJpZCI6MTUsIl9wb2ludHNUb05leHRJdGVtcyI6dHJ1ZX0",
        "next_page_url": "http://h/api/reports/all?cursor=eyJpZCI6MTUsIl9wb2ludHNUb05leHRJdGVtcyI6dHJ1ZX0",
        "prev_cursor": null, "prev_page_url": null}"#,
    );
    assert_eq!(cursor.shape, PageShape::Cursor);
    assert_eq!(
        cursor.next,
        Some(PageRef::Cursor(
            "eyJpZCI6MTUsIl9wb2ludHNUb05leHRJdGVtcyI6dHJ1ZX0".into()
        ))
    );
    let link_only = decode(
        r#"{"data": [], "meta": {"next_cursor": null}, "links": {"next": "/api/reports/all?cursor=abc%3D"}}"#,
    );
    assert_eq!(link_only.next, Some(PageRef::Cursor("abc=".into())));
    let cursor_end = decode(
        r#"{"data": [{"report_key": "a"}], "next_cursor": null, "next_page_url": null, "prev_cursor": "x"}"#,
    );
    assert_eq!(
        (cursor_end.shape, cursor_end.next),
        (PageShape::Cursor, None)
    );
}

#[test]
fn next_links_keep_their_query_but_never_a_token() {
    let body = r#"{"current_page": 1, "data": [], "next_page_url": "https://h/api/reports/all?page=2&sort=desc&api_token=LEAKED"}"#;
    assert_eq!(
        decode(body).next,
        Some(PageRef::Query(vec![
            ("page".into(), "2".into()),
            ("sort".into(), "desc".into())
        ]))
    );
    let token_only = r#"{"current_page": 1, "last_page": 2, "data": [], "next_page_url": "/api/reports/all?api_token=x"}"#;
    assert_eq!(
        decode(token_only).next,
        Some(PageRef::Number(2)),
        "falls back to the page numbers"
    );
}

#[test]
fn wrapped_paginators_and_a_byte_order_mark() {
    let wrapped = decode(
        r#"{"status": "success", "data": {"current_page": 1, "last_page": 2, "total": 2,
        "data": [{"report_key": "a"}, null]}}"#,
    );
    assert_eq!(keys(&wrapped), ["a"]);
    assert_eq!(
        (wrapped.total, wrapped.skipped, wrapped.next),
        (Some(2), 1, Some(PageRef::Number(2)))
    );
    let bom = decode_reports_page(b"\xEF\xBB\xBF{\"data\": [{\"report_key\": \"a\"}]}").unwrap();
    assert_eq!(keys(&bom), ["a"]);
}

#[test]
fn has_more_flags_without_links() {
    let body = r#"{"data": [{"report_key": "a"}], "meta": {"current_page": 1, "has_more": "1"}}"#;
    assert_eq!(decode(body).next, Some(PageRef::Number(2)));
    let done = r#"{"data": [{"report_key": "a"}], "meta": {"current_page": 3, "has_more": false}}"#;
    assert_eq!(page_at(done, PageRef::Number(3)).next, None);
}

use super::*;
use crate::orders::AddOns;

fn request() -> OrderRequest {
    OrderRequest::new(
        "HIRE1",
        &["a@x.io".into(), "b@x.io".into()],
        AddOns::default(),
    )
    .unwrap()
}

fn item(key: &str, email: &str, minutes_ago: Option<i64>) -> ReportListItem {
    ReportListItem {
        applicant_email: Some(email.into()),
        ordered_at: minutes_ago.map(|m| Utc::now() - ChronoDuration::minutes(m)),
        ..ReportListItem::new(key)
    }
}

fn page(items: Vec<ReportListItem>, skipped: usize) -> ListPage<ReportListItem> {
    ListPage {
        current_page: Some(1),
        last_page: Some(3),
        per_page: None,
        total: None,
        items,
        skipped,
        next: Some(crate::pagination::PageRef::Number(2)),
        shape: PageShape::LengthAware,
    }
}

fn search(request: &OrderRequest) -> Search<'_> {
    Search {
        request,
        emails: request.email_set(),
        since: Utc::now() - ChronoDuration::minutes(3),
        known: Default::default(),
        found: Vec::new(),
        undated_matches: 0,
        orders_checked: 0,
        pages_read: 0,
        unreadable: 0,
        newest_first: true,
        oldest_seen: None,
    }
}

#[test]
fn a_newest_first_page_older_than_the_attempt_covers_the_rest() {
    let r = request();
    let mut s = search(&r);
    assert!(!s.read(&page(
        vec![item("1", "z@x.io", Some(1)), item("2", "z@x.io", Some(10))],
        0
    )));
    assert!(s.read(&page(
        vec![item("3", "z@x.io", Some(20)), item("4", "z@x.io", Some(30))],
        0
    )));
    assert_eq!(s.conclude(Ok(())), Reconciliation::NotPlaced);
}

#[test]
fn out_of_order_pages_never_cover() {
    let r = request();
    let mut s = search(&r);
    s.read(&page(vec![item("1", "z@x.io", Some(30))], 0));
    // A later page with a newer order: the list is not newest first after all.
    assert!(!s.read(&page(
        vec![item("2", "z@x.io", Some(1)), item("3", "z@x.io", Some(40))],
        0
    )));
    assert!(!s.read(&page(vec![item("4", "z@x.io", Some(50))], 0)));
    let undated = page(vec![item("5", "z@x.io", None)], 0);
    let mut s = search(&r);
    assert!(!s.read(&undated), "an undated page proves nothing");
}

#[test]
fn only_a_clean_complete_read_says_not_placed() {
    let r = request();
    let mut s = search(&r);
    s.read(&page(vec![item("1", "z@x.io", Some(1))], 2));
    match s.conclude(Ok(())) {
        Reconciliation::Undetermined(u) => {
            assert!(u.reason.contains("2 entries"), "{}", u.reason);
            assert_eq!((u.orders_checked, u.pages_read), (1, 1));
        }
        other => panic!("{other:?}"),
    }
    let mut s = search(&r);
    s.read(&page(vec![item("1", "a@x.io", None)], 0));
    assert!(
        matches!(s.conclude(Ok(())), Reconciliation::Undetermined(u) if u.reason.contains("without a readable date"))
    );
    let mut s = search(&r);
    s.read(&page(vec![item("1", "z@x.io", Some(1))], 0));
    assert!(matches!(
        s.conclude(Err("ClearChecks kept sending the same page".into())),
        Reconciliation::Undetermined(u) if u.reason.contains("same page")
    ));
}

#[test]
fn dated_matches_prove_placement_whatever_else_is_unknown() {
    let r = request();
    let mut s = search(&r);
    s.read(&page(
        vec![
            item("k-b", "B@x.io", Some(1)),
            item("old", "a@x.io", Some(60)),
            item("k-a", "a@x.io", Some(2)),
        ],
        5,
    ));
    match s.conclude(Err("anything".into())) {
        Reconciliation::Placed(placed) => {
            let keys: Vec<&str> = placed
                .applicants
                .iter()
                .map(|a| a.report_key.as_str())
                .collect();
            assert_eq!(
                keys,
                ["k-a", "k-b"],
                "newest per email, in the order's email order"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn sort_direction() {
    assert!(oldest_first(&page(
        vec![item("a", "z@x.io", Some(5)), item("b", "z@x.io", Some(1))],
        0
    )));
    assert!(!oldest_first(&page(
        vec![item("a", "z@x.io", Some(1)), item("b", "z@x.io", Some(5))],
        0
    )));
    assert!(!oldest_first(&page(vec![], 0)));
}

#[test]
fn ipc_shape() {
    assert_eq!(
        serde_json::to_value(Reconciliation::NotPlaced).unwrap(),
        serde_json::json!({"kind": "notPlaced"})
    );
    let placed = Reconciliation::Placed(PlaceOrderResult { applicants: vec![] });
    assert_eq!(
        serde_json::to_value(placed).unwrap(),
        serde_json::json!({"kind": "placed", "data": {"applicants": []}})
    );
    let undetermined = Reconciliation::Undetermined(Undetermined {
        reason: "r".into(),
        orders_checked: 7,
        pages_read: 2,
    });
    assert_eq!(
        serde_json::to_value(undetermined).unwrap(),
        serde_json::json!({"kind": "undetermined", "data": {"reason": "r", "ordersChecked": 7, "pagesRead": 2}})
    );
}

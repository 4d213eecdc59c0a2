//! The walk's guards, page by page, without a server: pages are decoded from bodies and fed to
//! the walk as if they had arrived for the page it asked for.

use super::*;
use crate::environment::Environment;
use crate::reports::ReportListItem;
use crate::token::ApiToken;

fn walk() -> Pages<ReportListItem> {
    let env = Environment::custom("http://127.0.0.1:9/api").unwrap();
    let client = ClearChecksClient::builder(env, ApiToken::new("t").unwrap(), "0")
        .build()
        .unwrap();
    Pages::new(client, crate::reports::REPORTS_LIST, PageRef::first())
}

use crate::http::ClearChecksClient;

/// Feeds `body` as the answer to what the walk asks for next; returns what it asks for after.
fn answer(walk: &mut Pages<ReportListItem>, body: &str) -> Option<PageRef> {
    let requested = walk.next_ref().cloned().expect("the walk asks for a page");
    let page = decode_page(body.as_bytes(), &requested).unwrap();
    walk.take_in(&requested, page);
    walk.next_ref().cloned()
}

fn length_aware(page: u32, last: u32, total: u64, keys: &[&str]) -> String {
    let data: Vec<String> = keys
        .iter()
        .map(|k| format!(r#"{{"report_key": "{k}"}}"#))
        .collect();
    format!(
        r#"{{"current_page": {page}, "last_page": {last}, "total": {total}, "data": [{}]}}"#,
        data.join(",")
    )
}

#[test]
fn a_length_aware_list_read_to_the_end_is_complete() {
    let mut w = walk();
    assert_eq!(
        answer(&mut w, &length_aware(1, 3, 5, &["a", "b"])),
        Some(PageRef::Number(2))
    );
    assert_eq!(
        answer(&mut w, &length_aware(2, 3, 5, &["c", "d"])),
        Some(PageRef::Number(3))
    );
    assert_eq!(answer(&mut w, &length_aware(3, 3, 5, &["e"])), None);
    assert!(w.is_finished());
    assert!(w.completeness().is_complete(), "{}", w.completeness());
    assert_eq!(
        (w.pages_read(), w.total(), w.distinct_entries()),
        (3, Some(5), 5)
    );
    assert_eq!(w.shape(), Some(PageShape::LengthAware));
}

#[test]
fn a_server_that_ignores_page_is_stopped_and_named() {
    let mut w = walk();
    answer(&mut w, &length_aware(1, 3, 6, &["a", "b"]));
    // Asked for page 2, the server sends page 1 again.
    assert_eq!(answer(&mut w, &length_aware(1, 3, 6, &["a", "b"])), None);
    assert_eq!(
        w.completeness().gaps,
        [Gap::RepeatedPage { page: 2 }],
        "no extra top-up read once a gap is known"
    );
    assert_eq!(w.pages_read(), 2);
    assert!(w.completeness().to_string().contains("the same page"));
    // The same entries under the right page number, or a next link to itself, also repeat.
    let mut w = walk();
    answer(&mut w, &length_aware(1, 3, 6, &["a", "b"]));
    answer(&mut w, &length_aware(2, 3, 6, &["a", "b"]));
    assert!(!w.completeness().is_complete());
    let mut w = walk();
    answer(
        &mut w,
        r#"{"data": [{"report_key": "a"}], "next_cursor": "c1"}"#,
    );
    answer(
        &mut w,
        r#"{"data": [{"report_key": "b"}], "next_cursor": "c1"}"#,
    );
    assert_eq!(w.completeness().gaps, [Gap::RepeatedPage { page: 2 }]);
}

#[test]
fn bare_arrays_end_on_an_empty_or_identical_probe() {
    let mut w = walk();
    assert_eq!(
        answer(&mut w, r#"[{"report_key": "a"}, {"report_key": "b"}]"#),
        Some(PageRef::Number(2))
    );
    assert_eq!(
        answer(&mut w, r#"[{"report_key": "a"}, {"report_key": "b"}]"#),
        None
    );
    assert!(
        w.completeness().is_complete(),
        "the server sends everything every time"
    );
    let mut w = walk();
    answer(&mut w, r#"[{"report_key": "a"}]"#);
    assert_eq!(
        answer(&mut w, r#"[{"report_key": "b"}]"#),
        Some(PageRef::Number(3))
    );
    assert_eq!(answer(&mut w, "[]"), None);
    assert!(w.completeness().is_complete());
    assert_eq!(w.distinct_entries(), 2);
    let mut w = walk();
    assert_eq!(answer(&mut w, "[]"), None, "an empty list needs no probe");
    assert_eq!(w.pages_read(), 1);
}

#[test]
fn unreadable_entries_make_a_list_incomplete() {
    let mut w = walk();
    answer(
        &mut w,
        r#"{"current_page": 1, "last_page": 2, "data": [null, {"report_key": "a"}]}"#,
    );
    answer(
        &mut w,
        r#"{"current_page": 2, "last_page": 2, "data": [{"no_key": 1}, {"report_key": "b"}]}"#,
    );
    assert_eq!(w.completeness().gaps, [Gap::UnreadableEntries { count: 2 }]);
    assert_eq!(w.completeness().to_string(), "2 entries could not be read");
}

#[test]
fn a_short_total_rereads_the_first_page_once() {
    // An order placed during the walk pushed "c" from page 1 to page 2, which then repeated it.
    let mut w = walk();
    answer(&mut w, &length_aware(1, 2, 4, &["b", "c"]));
    assert_eq!(
        answer(&mut w, &length_aware(2, 2, 4, &["c", "d"])),
        Some(PageRef::Number(1))
    );
    assert_eq!(answer(&mut w, &length_aware(1, 2, 4, &["a", "b"])), None);
    assert!(w.completeness().is_complete(), "{}", w.completeness());
    // Still short after the re-read: said so.
    let mut w = walk();
    answer(&mut w, &length_aware(1, 2, 9, &["a", "b"]));
    answer(&mut w, &length_aware(2, 2, 9, &["c"]));
    answer(&mut w, &length_aware(1, 2, 9, &["a", "b"]));
    assert_eq!(
        w.completeness().gaps,
        [Gap::ShortOfTotal {
            expected: 9,
            received: 3
        }]
    );
}

#[test]
fn the_page_cap_is_a_gap() {
    let mut w = walk().max_pages(2);
    answer(&mut w, &length_aware(1, 5, 10, &["a"]));
    assert_eq!(answer(&mut w, &length_aware(2, 5, 10, &["b"])), None);
    assert_eq!(w.completeness().gaps, [Gap::PageLimit { pages: 2 }]);
}

#[test]
fn an_interrupted_walk_says_where() {
    let mut w = walk();
    answer(&mut w, &length_aware(1, 3, 3, &["a"]));
    w.interrupt(&crate::ApiError::Timeout);
    assert!(w.is_finished());
    assert_eq!(w.next_ref(), None);
    match &w.completeness().gaps[..] {
        [Gap::Interrupted { page: 2, message }] => assert!(message.contains("too long")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn completeness_serializes_for_the_ui() {
    let mut completeness = Completeness::complete();
    assert_eq!(
        serde_json::to_value(&completeness).unwrap(),
        serde_json::json!({"gaps": []})
    );
    completeness.add(Gap::RepeatedPage { page: 2 });
    completeness.add(Gap::UnreadableEntries { count: 3 });
    assert_eq!(
        serde_json::to_value(&completeness).unwrap(),
        serde_json::json!({"gaps": [{"kind": "repeatedPage", "page": 2}, {"kind": "unreadableEntries", "count": 3}]})
    );
    assert_eq!(
        serde_json::to_value(PageRef::Cursor("c".into())).unwrap(),
        serde_json::json!({"kind": "cursor", "value": "c"})
    );
}

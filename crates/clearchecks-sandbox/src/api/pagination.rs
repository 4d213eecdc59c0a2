//! The Laravel length-aware paginator envelope used by `/reports/all` and
//! `/invoices`. Page URLs carry only `page`, never the token.

use serde_json::{json, Value};

/// The 1-based page asked for; anything unparsable or below 1 is page 1.
pub(crate) fn requested_page(raw: Option<&String>) -> usize {
    raw.and_then(|p| p.trim().parse::<usize>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

/// The index range of `page` within `total` items.
pub(crate) fn bounds(page: usize, per_page: usize, total: usize) -> std::ops::Range<usize> {
    let start = (page - 1).saturating_mul(per_page).min(total);
    start..(start + per_page).min(total)
}

/// Wraps one page of `data` (already sliced with `bounds`).
pub(crate) fn envelope(
    path: &str,
    page: usize,
    per_page: usize,
    total: usize,
    data: Vec<Value>,
) -> Value {
    let last_page = total.div_ceil(per_page).max(1);
    let range = bounds(page, per_page, total);
    let url = |n: usize| format!("{path}?page={n}");
    let (from, to) = if range.is_empty() {
        (Value::Null, Value::Null)
    } else {
        (json!(range.start + 1), json!(range.end))
    };
    json!({
        "current_page": page,
        "data": data,
        "first_page_url": url(1),
        "from": from,
        "last_page": last_page,
        "last_page_url": url(last_page),
        "next_page_url": if page < last_page { json!(url(page + 1)) } else { Value::Null },
        "path": path,
        "per_page": per_page,
        "prev_page_url": if page > 1 { json!(url(page - 1)) } else { Value::Null },
        "to": to,
        "total": total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_fields_follow_laravel() {
        let page = envelope("http://h/api/reports/all", 2, 10, 25, vec![json!(1); 10]);
        assert_eq!(page["from"], 11);
        assert_eq!(page["to"], 20);
        assert_eq!(page["last_page"], 3);
        assert_eq!(page["next_page_url"], "http://h/api/reports/all?page=3");
        assert_eq!(page["prev_page_url"], "http://h/api/reports/all?page=1");
        let empty = envelope("p", 1, 10, 0, vec![]);
        assert_eq!(
            (empty["from"].clone(), empty["last_page"].clone()),
            (Value::Null, json!(1))
        );
        assert!(empty["next_page_url"].is_null());
        assert_eq!(bounds(5, 10, 25), 25..25);
        assert_eq!(requested_page(Some(&"x".to_owned())), 1);
    }
}

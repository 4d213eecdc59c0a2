//! A list (`/reports/all`, `/invoices`) in the shape the quirks ask for: the contract's
//! length-aware paginator by default, or a Resource collection, a simple or cursor paginator, a
//! bare array; with `ignores-page`, `null-items`, `string-ids` and `data-wrapper` on top.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::{Quirk, QuirkSet};
use crate::api::pagination;
use crate::tokens;

/// One page of `all` (every entry, in list order), as the quirks shape it.
pub(crate) fn list_response(
    quirks: &QuirkSet,
    query: &HashMap<String, String>,
    path: &str,
    per_page: usize,
    all: Vec<Value>,
) -> Value {
    let has = |q: Quirk| quirks.contains(&q);
    let ignores = has(Quirk::IgnoresPage);
    let total = all.len();
    let body = if has(Quirk::BareArray) {
        Value::Array(with_nulls(quirks, all))
    } else if has(Quirk::CursorPagination) {
        let offset = if ignores {
            0
        } else {
            query
                .get("cursor")
                .and_then(|c| decode_cursor(c))
                .unwrap_or(0)
        };
        cursor_page(quirks, path, per_page, offset, all)
    } else {
        let page = if ignores {
            1
        } else {
            pagination::requested_page(query.get("page"))
        };
        let range = pagination::bounds(page, per_page, total);
        let data = with_nulls(quirks, all[range].to_vec());
        if has(Quirk::SimplePagination) {
            simple_page(path, page, per_page, total, data)
        } else if has(Quirk::ResourcePagination) {
            resource_page(path, page, per_page, total, data)
        } else {
            pagination::envelope(path, page, per_page, total, data)
        }
    };
    let body = if has(Quirk::StringIds) {
        numbers_as_strings(body)
    } else {
        body
    };
    if has(Quirk::DataWrapper) {
        json!({ "status": "success", "data": body })
    } else {
        body
    }
}

/// `null` after every 7th entry.
fn with_nulls(quirks: &QuirkSet, data: Vec<Value>) -> Vec<Value> {
    if !quirks.contains(&Quirk::NullItems) {
        return data;
    }
    let mut out = Vec::with_capacity(data.len() + data.len() / 7);
    for (i, item) in data.into_iter().enumerate() {
        out.push(item);
        if i % 7 == 6 {
            out.push(Value::Null);
        }
    }
    out
}

fn simple_page(path: &str, page: usize, per_page: usize, total: usize, data: Vec<Value>) -> Value {
    let url = |n: usize| format!("{path}?page={n}");
    let range = pagination::bounds(page, per_page, total);
    let more = range.end < total;
    json!({
        "current_page": page,
        "data": data,
        "first_page_url": url(1),
        "from": if range.is_empty() { Value::Null } else { json!(range.start + 1) },
        "next_page_url": if more { json!(url(page + 1)) } else { Value::Null },
        "path": path,
        "per_page": per_page,
        "prev_page_url": if page > 1 { json!(url(page - 1)) } else { Value::Null },
        "to": if range.is_empty() { Value::Null } else { json!(range.end) },
    })
}

fn resource_page(
    path: &str,
    page: usize,
    per_page: usize,
    total: usize,
    data: Vec<Value>,
) -> Value {
    let last_page = total.div_ceil(per_page).max(1);
    let url = |n: usize| format!("{path}?page={n}");
    let range = pagination::bounds(page, per_page, total);
    let buttons: Vec<Value> = (1..=last_page.min(10))
        .map(|n| json!({"url": url(n), "label": n.to_string(), "active": n == page}))
        .collect();
    json!({
        "data": data,
        "links": {
            "first": url(1),
            "last": url(last_page),
            "prev": if page > 1 { json!(url(page - 1)) } else { Value::Null },
            "next": if page < last_page { json!(url(page + 1)) } else { Value::Null },
        },
        "meta": {
            "current_page": page,
            "from": if range.is_empty() { Value::Null } else { json!(range.start + 1) },
            "last_page": last_page,
            "links": buttons,
            "path": path,
            "per_page": per_page,
            "to": if range.is_empty() { Value::Null } else { json!(range.end) },
            "total": total,
        },
    })
}

/// Laravel encodes a cursor as base64 JSON of the last row's columns; ours holds the offset.
fn encode_cursor(offset: usize) -> String {
    tokens::base64url(
        json!({"offset": offset, "_pointsToNextItems": true})
            .to_string()
            .as_bytes(),
    )
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    let bytes = tokens::base64url_decode(cursor.trim())?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    value.get("offset")?.as_u64().map(|n| n as usize)
}

fn cursor_page(
    quirks: &QuirkSet,
    path: &str,
    per_page: usize,
    offset: usize,
    all: Vec<Value>,
) -> Value {
    let start = offset.min(all.len());
    let end = (start + per_page).min(all.len());
    let next = (end < all.len()).then(|| encode_cursor(end));
    let prev = (start > 0).then(|| encode_cursor(start.saturating_sub(per_page)));
    let link = |c: &Option<String>| match c {
        Some(c) => json!(format!("{path}?cursor={c}")),
        None => Value::Null,
    };
    json!({
        "data": with_nulls(quirks, all[start..end].to_vec()),
        "path": path,
        "per_page": per_page,
        "next_cursor": next,
        "next_page_url": link(&next),
        "prev_cursor": prev,
        "prev_page_url": link(&prev),
    })
}

/// Page numbers and counts as strings, as a PHP app that skipped its casts sends them.
fn numbers_as_strings(mut body: Value) -> Value {
    fn stringify(map: &mut Map<String, Value>) {
        for key in [
            "current_page",
            "last_page",
            "per_page",
            "total",
            "from",
            "to",
        ] {
            if let Some(value @ Value::Number(_)) = map.get_mut(key) {
                *value = json!(value.to_string());
            }
        }
    }
    if let Some(map) = body.as_object_mut() {
        stringify(map);
        if let Some(Value::Object(meta)) = map.get_mut("meta") {
            stringify(meta);
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<Value> {
        (0..n)
            .map(|i| json!({"report_key": format!("k{i}")}))
            .collect()
    }

    fn quirks(list: &[Quirk]) -> QuirkSet {
        list.iter().copied().collect()
    }

    fn query(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn cursors_walk_every_item_once() {
        let q = quirks(&[Quirk::CursorPagination]);
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let params = cursor
                .as_deref()
                .map(|c| vec![("cursor", c)])
                .unwrap_or_default();
            let page = list_response(&q, &query(&params), "p", 4, items(10));
            for item in page["data"].as_array().unwrap() {
                seen.push(item["report_key"].as_str().unwrap().to_owned());
            }
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
        }
        assert_eq!(seen.len(), 10);
        assert_eq!(seen[9], "k9");
    }

    #[test]
    fn shapes_and_overlays() {
        let page2 = query(&[("page", "2")]);
        let simple = list_response(
            &quirks(&[Quirk::SimplePagination]),
            &page2,
            "p",
            4,
            items(10),
        );
        assert!(simple.get("last_page").is_none() && simple.get("total").is_none());
        assert_eq!(simple["next_page_url"], "p?page=3");
        let resource = list_response(
            &quirks(&[Quirk::ResourcePagination]),
            &page2,
            "p",
            4,
            items(10),
        );
        assert_eq!(
            (
                resource["meta"]["total"].clone(),
                resource["links"]["next"].clone()
            ),
            (json!(10), json!("p?page=3"))
        );
        let ignored = list_response(&quirks(&[Quirk::IgnoresPage]), &page2, "p", 4, items(10));
        assert_eq!(
            (
                ignored["current_page"].clone(),
                ignored["data"][0]["report_key"].clone()
            ),
            (json!(1), json!("k0"))
        );
        let bare = list_response(
            &quirks(&[Quirk::BareArray, Quirk::NullItems]),
            &page2,
            "p",
            4,
            items(8),
        );
        assert_eq!(bare.as_array().unwrap().len(), 9);
        assert!(bare[7].is_null());
        let wrapped = list_response(
            &quirks(&[Quirk::DataWrapper, Quirk::StringIds]),
            &page2,
            "p",
            4,
            items(10),
        );
        assert_eq!(
            (wrapped["status"].clone(), wrapped["data"]["total"].clone()),
            (json!("success"), json!("10"))
        );
    }
}

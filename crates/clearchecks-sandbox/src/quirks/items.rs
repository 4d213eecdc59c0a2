//! One `/reports/all` item (and one invoice) as the quirks shape it: Eloquent's extra columns
//! and aliases, dates in odd formats, numbers and flags as strings.

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::{Quirk, QuirkSet};
use crate::model::Order;
use crate::tokens;

/// `item` (the contract's shape of `order`, the `index`-th of its list) with the quirks on.
pub(crate) fn shape_item(quirks: &QuirkSet, index: usize, order: &Order, item: Value) -> Value {
    let Value::Object(mut item) = item else {
        return item;
    };
    if quirks.contains(&Quirk::Eloquent) {
        eloquent(&mut item, order);
    }
    if quirks.contains(&Quirk::OddDates) {
        odd_dates(&mut item, index, order);
    }
    if quirks.contains(&Quirk::StringIds) {
        strings(&mut item);
    }
    Value::Object(item)
}

/// The row's own id (stable per report key).
fn row_id(order: &Order) -> u64 {
    tokens::seed_of(7, &order.report_key) % 1_000_000 + 1
}

/// Eloquent serializes timestamps as ISO-8601 with microseconds and `Z` (Laravel 7+).
fn iso(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

fn eloquent(item: &mut Map<String, Value>, order: &Order) {
    let created = order.order_date + chrono::Duration::seconds(2);
    let updated = order.completed_date.unwrap_or(created);
    item.insert("id".into(), json!(row_id(order)));
    item.insert("team_id".into(), json!(order.account_id));
    item.insert("created_at".into(), json!(iso(created)));
    item.insert("updated_at".into(), json!(iso(updated)));
    item.insert("deleted_at".into(), Value::Null);
    // Accessor aliases next to the contract's names.
    item.insert("email".into(), json!(order.applicant_email));
    item.insert(
        "completed_at".into(),
        order
            .completed_date
            .map_or(Value::Null, |at| json!(iso(at))),
    );
}

/// Every format a PHP backend emits for a date, one per item in turn.
fn formatted(at: DateTime<Utc>, style: usize) -> Value {
    match style % 12 {
        0 => json!(iso(at)),
        1 => json!(at.format("%Y-%m-%dT%H:%M:%S%:z").to_string()),
        2 => json!(at.format("%Y-%m-%d %H:%M:%S").to_string()),
        3 => json!(at.timestamp()),
        4 => json!(at.timestamp().to_string()),
        5 => json!(at.to_rfc2822()),
        6 => json!(at.format("%Y-%m-%dT%H:%M:%S%z").to_string()),
        7 => {
            // A PHP DateTime in another zone (timezone_type 1: an offset).
            let local = at.with_timezone(&chrono::FixedOffset::west_opt(5 * 3600).expect("offset"));
            json!({"date": local.format("%Y-%m-%d %H:%M:%S%.6f").to_string(), "timezone_type": 1, "timezone": "-05:00"})
        }
        8 => json!(at.format("%Y-%m-%d %H:%M:%S%.6f").to_string()),
        9 => json!(at.format("%a %b %d %Y %H:%M:%S GMT+0000").to_string()),
        10 => json!(at.timestamp_millis()),
        _ => json!(at.format("%Y-%m-%d %H:%M:%S UTC").to_string()),
    }
}

fn odd_dates(item: &mut Map<String, Value>, index: usize, order: &Order) {
    let order_date = if index % 13 == 12 {
        // Day and month cannot be told apart: the client must say "unknown date", not "none".
        json!(order.order_date.format("%d/%m/%Y %H:%M").to_string())
    } else {
        formatted(order.order_date, index)
    };
    item.insert("order_date".into(), order_date);
    let completed = match order.completed_date {
        Some(at) => formatted(at, index + 5),
        // MySQL's zero date, and PHP's rendering of it through DateTime.
        None if index % 2 == 0 => json!("0000-00-00 00:00:00"),
        None => json!("-0001-11-30 00:00:00"),
    };
    item.insert("completed_date".into(), completed);
}

fn strings(item: &mut Map<String, Value>) {
    for key in ["id", "team_id"] {
        if let Some(value @ Value::Number(_)) = item.get_mut(key) {
            *value = json!(value.to_string());
        }
    }
    if let Some(flag) = item.get_mut("flagged_for_end_user_review") {
        if let Some(on) = flag.as_bool() {
            *flag = json!(if on { "1" } else { "0" });
        }
    }
}

/// An invoice (or any object with `id` and money) with `string-ids`: the id as a string, the
/// amounts as JSON numbers; with `odd-dates`: `created_at` in the odd formats, and unreadable
/// (`d/m/Y H:i`) for a quarter-end month (March, June, September, December), the same in the
/// list and in `GET /invoices/{id}`.
pub(crate) fn shape_money(quirks: &QuirkSet, mut invoice: Value) -> Value {
    if quirks.contains(&Quirk::OddDates) {
        if let Some(map) = invoice.as_object_mut() {
            odd_invoice_date(map);
        }
    }
    if !quirks.contains(&Quirk::StringIds) {
        return invoice;
    }
    if let Some(map) = invoice.as_object_mut() {
        if let Some(value @ Value::Number(_)) = map.get_mut("id") {
            *value = json!(value.to_string());
        }
        for key in ["total", "tax"] {
            if let Some(amount) = map
                .get(key)
                .and_then(Value::as_str)
                .and_then(|a| a.parse::<f64>().ok())
            {
                map.insert(key.into(), json!(amount));
            }
        }
    }
    invoice
}

/// The invoice's `created_at` (as `php::timestamp` wrote it) in an odd format chosen by its
/// period's month; unreadable for a quarter-end month.
fn odd_invoice_date(invoice: &mut Map<String, Value>) {
    let month: usize = invoice
        .get("period")
        .and_then(Value::as_str)
        .and_then(|p| p.get(5..7))
        .and_then(|m| m.parse().ok())
        .unwrap_or(1);
    let Some(at) = invoice
        .get("created_at")
        .and_then(Value::as_str)
        .and_then(|t| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").ok())
        .map(|t| t.and_utc())
    else {
        return;
    };
    let created = if month % 3 == 0 {
        // Day and month cannot be told apart: the client must say "unknown date", not "none".
        json!(at.format("%d/%m/%Y %H:%M").to_string())
    } else {
        formatted(at, month)
    };
    invoice.insert("created_at".into(), created);
}

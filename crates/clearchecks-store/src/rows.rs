//! Mapping between `orders` / `sync_state` rows and their Rust types.

use chrono::{DateTime, Utc};
use rusqlite::{params, Row, Transaction};

use crate::order::{search_text, StoredOrder};
use crate::sync_state::{HeadMarker, SyncState};

/// The `orders` columns every read selects, in [`read_order`]'s order.
pub const ORDER_COLUMNS: &str = "account_id, report_key, applicant_name, applicant_email, sku, \
     add_ons, letter, flagged, components, ordered_at, ordered_at_raw, completed_at, \
     completed_at_raw, last_checked_at, last_listed_at, removed_at";

pub fn millis(at: Option<DateTime<Utc>>) -> Option<i64> {
    at.map(|t| t.timestamp_millis())
}

fn time(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(DateTime::from_timestamp_millis)
}

/// JSON columns are written by us; an unreadable one (a damaged row) reads as empty rather
/// than failing the whole list.
fn json_list<T: serde::de::DeserializeOwned>(text: String) -> Vec<T> {
    if text == "[]" {
        return Vec::new();
    }
    serde_json::from_str(&text).unwrap_or_default()
}

pub fn read_order(row: &Row<'_>) -> rusqlite::Result<StoredOrder> {
    Ok(StoredOrder {
        account_id: row.get(0)?,
        report_key: row.get(1)?,
        applicant_name: row.get(2)?,
        applicant_email: row.get(3)?,
        sku: row.get(4)?,
        add_ons: json_list(row.get(5)?),
        letter: row.get(6)?,
        flagged: row.get(7)?,
        components: json_list(row.get(8)?),
        ordered_at: time(row.get(9)?),
        ordered_at_raw: row.get(10)?,
        completed_at: time(row.get(11)?),
        completed_at_raw: row.get(12)?,
        last_checked_at: time(row.get(13)?),
        last_listed_at: time(row.get(14)?),
        removed_at: time(row.get(15)?),
    })
}

pub fn get_order(
    tx: &Transaction<'_>,
    account_id: &str,
    report_key: &str,
) -> rusqlite::Result<Option<StoredOrder>> {
    let sql =
        format!("SELECT {ORDER_COLUMNS} FROM orders WHERE account_id = ?1 AND report_key = ?2");
    let mut stmt = tx.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![account_id, report_key])?;
    rows.next()?.map(read_order).transpose()
}

/// Inserts or replaces a whole row.
pub fn write_order(tx: &Transaction<'_>, order: &StoredOrder) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR REPLACE INTO orders (account_id, report_key, applicant_name, applicant_email, \
         sku, add_ons, letter, flagged, components, ordered_at, ordered_at_raw, completed_at, \
         completed_at_raw, last_checked_at, last_listed_at, removed_at, search_text) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    stmt.execute(params![
        order.account_id,
        order.report_key,
        order.applicant_name,
        order.applicant_email,
        order.sku,
        serde_json::to_string(&order.add_ons).unwrap_or_else(|_| "[]".into()),
        order.letter,
        order.flagged,
        serde_json::to_string(&order.components).unwrap_or_else(|_| "[]".into()),
        millis(order.ordered_at),
        order.ordered_at_raw,
        millis(order.completed_at),
        order.completed_at_raw,
        millis(order.last_checked_at),
        millis(order.last_listed_at),
        millis(order.removed_at),
        search_text(
            &order.report_key,
            order.applicant_name.as_deref(),
            order.applicant_email.as_deref()
        ),
    ])?;
    Ok(())
}

/// Which "last confirmed" stamp to move.
#[derive(Debug, Clone, Copy)]
pub enum Stamp {
    Listed,
    Checked,
}

pub fn stamp(
    tx: &Transaction<'_>,
    stamp: Stamp,
    account_id: &str,
    report_key: &str,
    at: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let sql = match stamp {
        Stamp::Listed => {
            "UPDATE orders SET last_listed_at = ?3 WHERE account_id = ?1 AND report_key = ?2"
        }
        Stamp::Checked => {
            "UPDATE orders SET last_checked_at = ?3 WHERE account_id = ?1 AND report_key = ?2"
        }
    };
    tx.prepare_cached(sql)?
        .execute(params![account_id, report_key, at.timestamp_millis()])?;
    Ok(())
}

pub const SYNC_COLUMNS: &str = "account_id, head_report_key, head_ordered_at, last_head_sync_at, \
     full_walk_next_page, full_walk_started_at, last_full_walk_at, list_total";

pub fn read_sync_state(row: &Row<'_>) -> rusqlite::Result<SyncState> {
    let head_key: Option<String> = row.get(1)?;
    Ok(SyncState {
        account_id: row.get(0)?,
        head: head_key.map(|report_key| HeadMarker {
            report_key,
            ordered_at: None,
        }),
        last_head_sync_at: time(row.get(3)?),
        full_walk_next_page: row.get(4)?,
        full_walk_started_at: time(row.get(5)?),
        last_full_walk_at: time(row.get(6)?),
        list_total: row.get::<_, Option<i64>>(7)?.map(|n| n.max(0) as u64),
    })
    .and_then(|mut state| {
        if let Some(head) = state.head.as_mut() {
            head.ordered_at = time(row.get(2)?);
        }
        Ok(state)
    })
}

pub fn write_sync_state(tx: &Transaction<'_>, state: &SyncState) -> rusqlite::Result<()> {
    tx.execute(
        &format!(
            "INSERT OR REPLACE INTO sync_state ({SYNC_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        ),
        params![
            state.account_id,
            state.head.as_ref().map(|h| h.report_key.as_str()),
            millis(state.head.as_ref().and_then(|h| h.ordered_at)),
            millis(state.last_head_sync_at),
            state.full_walk_next_page,
            millis(state.full_walk_started_at),
            millis(state.last_full_walk_at),
            state.list_total.map(|n| n.min(i64::MAX as u64) as i64),
        ],
    )?;
    Ok(())
}

//! Per-account sync bookkeeping: where the newest-first head ends, how far the slow full walk
//! has come, what the paginator's total last said.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The newest order the store has seen at the top of `/reports/all` (the incremental sync
/// stops when a page holds only orders it already has).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeadMarker {
    pub report_key: String,
    pub ordered_at: Option<DateTime<Utc>>,
}

/// One account's sync state. A missing row reads as `SyncState::new(account)` (never synced).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncState {
    pub account_id: String,
    pub head: Option<HeadMarker>,
    /// When the head walk last finished.
    pub last_head_sync_at: Option<DateTime<Utc>>,
    /// The next page of a full walk in progress (`None`: no walk running).
    pub full_walk_next_page: Option<u32>,
    pub full_walk_started_at: Option<DateTime<Utc>>,
    /// When a full walk of the whole history last completed.
    pub last_full_walk_at: Option<DateTime<Utc>>,
    /// The paginator's `total` on the last page read (progress "3,400 of 10,000").
    pub list_total: Option<u64>,
}

impl SyncState {
    pub fn new(account_id: impl Into<String>) -> Self {
        Self {
            account_id: account_id.into(),
            head: None,
            last_head_sync_at: None,
            full_walk_next_page: None,
            full_walk_started_at: None,
            last_full_walk_at: None,
            list_total: None,
        }
    }
}

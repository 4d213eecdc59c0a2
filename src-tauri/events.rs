//! Typed events Rust sends to the UI (`events.<name>.listen` in the bindings).

use chrono::{DateTime, Utc};
use clearchecks_core::orders::{OrderChange, OrderRow};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri_specta::Event;

use crate::commands::accounts::{AccountSummary, AccountsOverview};
use crate::completeness::ListCompleteness;
use crate::error::AppError;
use crate::windows::widget_window::WidgetKind;

/// Every order that is new or changed status in one poll cycle (one event per cycle).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct OrdersChanged {
    pub account_id: String,
    pub changes: Vec<OrderChange>,
}

/// One page of an order list read arrived (the rows appear page by page, with "Loading orders ·
/// 3,400 of 10,000"). `rows` are that page's orders, what the app knew about each kept.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct OrdersLoading {
    pub account_id: String,
    pub rows: Vec<OrderRow>,
    /// Orders read so far in this list read.
    pub loaded: u32,
    /// The paginator's `total`, when the server's list shape has one.
    pub total: Option<u32>,
}

/// The list read in the background at start-up (while the saved orders were shown) finished:
/// the fresh list replaces them.
#[derive(Debug, Clone, Serialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct OrdersListed {
    pub snapshot: crate::commands::orders::OrdersSnapshot,
}

/// The background sync of an account started or finished.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub account_id: String,
    pub syncing: bool,
    pub synced_at: Option<DateTime<Utc>>,
    pub error: Option<AppError>,
    /// Whether the order list this cycle read is provably whole (`None` when the cycle only
    /// checked statuses and did not read the list).
    pub completeness: Option<ListCompleteness>,
}

/// Reading a list waits because ClearChecks asked us to (a 429 with `Retry-After`); it resumes
/// by itself. Sent with `resume_at` when the wait starts and without it when reading resumes.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitWait {
    pub account_id: String,
    /// The list that waits: `orders` or `invoices`.
    pub list: String,
    pub resume_at: Option<DateTime<Utc>>,
}

/// The UI should show this order (e.g. a notification about it was activated).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct OpenOrderRequested {
    pub account_id: String,
    pub report_key: String,
}

/// The UI should show the new-order screen (the tray's "New order").
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct NewOrderRequested {}

/// The set of accounts changed outside the UI's own request (e.g. the Account widget added one).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct AccountsChanged {
    pub overview: AccountsOverview,
}

/// Something happened in a quarantined widget window that the main window should reflect.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct WidgetActivity {
    pub widget: WidgetKind,
    /// The account the widget acted for (for the Account widget: the platform's, if saved).
    pub account_id: Option<String>,
    pub report_key: Option<String>,
    pub outcome: WidgetOutcome,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(tag = "kind", content = "data", rename_all = "camelCase")]
pub enum WidgetOutcome {
    /// The applicant sent their details; the order's status is being refreshed.
    ApplicantSubmitted,
    /// The Account widget created a customer account and it is now connected (and active).
    CustomerAccountCreated { account: AccountSummary },
    /// The window was closed.
    Closed,
    /// The widget could not load or reported an error (`message`, readable as is), or acting on
    /// its result failed (`error`, to describe like any command error).
    Failed {
        message: String,
        error: Option<AppError>,
    },
}

/// The in-app updater's status changed (sent whole; `update_status` reads the same).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStatusChanged {
    pub status: crate::updates::UpdateStatus,
}

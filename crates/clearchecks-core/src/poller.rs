//! Keeps an account's order list fresh without the user asking, within the rate limit.
//!
//! Each *list cycle* reads every page of `/reports/all`; between list cycles, *status checks*
//! (`/reports/{key}/status`) run for non-final orders when they are due. How often an order is
//! due depends on its state and age ([`Cadence`]): orders placed recently are checked often,
//! in-progress ones regularly, old ones rarely, final ones never (a later change such as C → V
//! still shows up through the list). "Refresh now" runs a list cycle and makes every non-final
//! order due.
//!
//! A cycle checks at most [`PollerConfig::max_status_checks_per_cycle`] orders, most pressing
//! first (recent, then in progress, then waiting and old — see `run::Poller::check_order`);
//! the rest stay due and the following cycles, which start at once, take them. So at start-up
//! with hundreds of open orders the first results arrive within seconds and the backlog is
//! worked through at the pace the limiter allows.
//!
//! All requests use [`Priority::Background`](crate::rate_limit::Priority): anything the user
//! does goes first, and the poller never uses more than the limiter's background share of a
//! window. Changes are sent as one batch per cycle ([`PollerEvent::Changes`]). The scheduling is generic over
//! [`OrderSource`], so it is tested without HTTP; [`ClearChecksClient`] implements it.

mod cadence;
mod run;

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, watch, Notify};
use tokio::task::JoinHandle;

use crate::error::ApiError;
use crate::http::ClearChecksClient;
use crate::orders::{OrderChange, OrderRow};
use crate::pagination::{Completeness, Listing};
use crate::reports::{ReportListItem, ReportStatus};

pub use cadence::Cadence;

/// Where the poller reads orders from.
pub trait OrderSource: Send + Sync + 'static {
    /// Every order of the account (all pages), with whether that is provably all of them.
    fn list_orders(&self)
        -> impl Future<Output = Result<Listing<ReportListItem>, ApiError>> + Send;
    /// The current status of one order.
    fn order_status(
        &self,
        report_key: &str,
    ) -> impl Future<Output = Result<ReportStatus, ApiError>> + Send;
}

impl OrderSource for ClearChecksClient {
    async fn list_orders(&self) -> Result<Listing<ReportListItem>, ApiError> {
        self.background().list_all_reports().await
    }

    async fn order_status(&self, report_key: &str) -> Result<ReportStatus, ApiError> {
        self.background().report_status(report_key).await
    }
}

/// Status checks per cycle by default: with the limiter's default background share (30 of 60
/// a minute) a list read plus this many checks fit in one minute's share, so the first cycle
/// reports within seconds of start-up.
pub const DEFAULT_STATUS_CHECKS_PER_CYCLE: usize = 20;

/// Poller settings.
#[derive(Debug, Clone, PartialEq)]
pub struct PollerConfig {
    /// Time between list cycles (the user's "check every N minutes").
    pub list_interval: Duration,
    pub cadence: Cadence,
    /// Status checks in flight at once (the limiter still paces them).
    pub status_concurrency: usize,
    /// Most status checks one cycle makes. With hundreds of open orders the rest stay due and
    /// the next cycles (which follow at once) take them, so each cycle reports its changes
    /// within about a minute instead of after the whole backlog.
    pub max_status_checks_per_cycle: usize,
    /// First wait after a failed cycle; doubles up to `list_interval`. The cycle after the wait
    /// reads the list again (it does not wait for the next regular list), so once the server or
    /// the network is back the app shows it within seconds rather than a whole interval later.
    pub error_backoff: Duration,
}

impl Default for PollerConfig {
    fn default() -> Self {
        Self {
            list_interval: Duration::from_secs(5 * 60),
            cadence: Cadence::default(),
            status_concurrency: 4,
            max_status_checks_per_cycle: DEFAULT_STATUS_CHECKS_PER_CYCLE,
            error_backoff: Duration::from_secs(10),
        }
    }
}

/// What the poller reports.
#[derive(Debug, Clone, PartialEq)]
pub enum PollerEvent {
    /// A cycle started.
    SyncStarted,
    /// Every order that is new or whose status changed in one cycle.
    Changes(Vec<OrderChange>),
    /// A cycle ended; `error` is the first failure, if any (the cycle keeps what it got).
    /// `list` is what the cycle's list read showed, when it read the list.
    SyncFinished {
        synced_at: DateTime<Utc>,
        error: Option<ApiError>,
        list: Option<ListRead>,
    },
}

/// What one list read of a cycle showed: whether the list was provably whole, and how many
/// orders the poller holds after taking it in (an incomplete list only adds and updates, so
/// this can be more than the list had).
#[derive(Debug, Clone, PartialEq)]
pub struct ListRead {
    pub completeness: Completeness,
    /// The server's `total`, when its list shape has one.
    pub total: Option<u64>,
    /// Orders held after the list was taken in.
    pub rows: usize,
}

/// Controls a running poller. Dropping it stops the poller.
pub struct PollerHandle {
    refresh: Arc<Notify>,
    stop: watch::Sender<bool>,
    rows: Arc<Mutex<HashMap<String, OrderRow>>>,
    task: Option<JoinHandle<()>>,
}

impl PollerHandle {
    /// Runs a full cycle now (list + every non-final status).
    pub fn refresh_now(&self) {
        self.refresh.notify_one();
    }

    /// The orders as last seen, newest first.
    pub fn rows(&self) -> Vec<OrderRow> {
        let rows = self.rows.lock().unwrap_or_else(|p| p.into_inner());
        let mut out: Vec<OrderRow> = rows.values().cloned().collect();
        out.sort_by(|a, b| {
            b.ordered_at
                .cmp(&a.ordered_at)
                .then_with(|| a.report_key.cmp(&b.report_key))
        });
        out
    }

    /// Stops the poller and waits for it to finish its current request.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for PollerHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// Starts polling `source`. `known` are rows from a previous session (e.g. the cached list);
/// only differences from them are reported. Returns the handle and the event stream; the
/// poller stops when the receiver is dropped.
pub fn spawn<S: OrderSource>(
    source: S,
    config: PollerConfig,
    known: Vec<OrderRow>,
) -> (PollerHandle, mpsc::Receiver<PollerEvent>) {
    let (events_tx, events_rx) = mpsc::channel(64);
    let (stop_tx, stop_rx) = watch::channel(false);
    let refresh = Arc::new(Notify::new());
    let rows = Arc::new(Mutex::new(
        known
            .into_iter()
            .map(|r| (r.report_key.clone(), r))
            .collect(),
    ));
    let poller = run::Poller::new(Arc::new(source), config, rows.clone(), events_tx);
    let task = tokio::spawn(poller.run(refresh.clone(), stop_rx));
    (
        PollerHandle {
            refresh,
            stop: stop_tx,
            rows,
            task: Some(task),
        },
        events_rx,
    )
}

#[cfg(test)]
mod tests;

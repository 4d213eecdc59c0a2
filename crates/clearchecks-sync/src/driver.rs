//! The sync loop of one account, on tokio time: every head-scan interval one head scan, then as
//! many status checks as the background share leaves until the next one, most pressing first.
//! What changed goes out as [`SyncEvent::Changes`] (the notifications' source).
//!
//! Every request waits for a background slot of the account's shared limiter, so the loop
//! never uses more than the background share of any window (30 of 60 a minute by default)
//! and never draws a 429 on its own.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use clearchecks_core::ClearChecksClient;
use clearchecks_store::{ChangeSet, OrderStore, Scope, StatusCheck};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::clock::SyncClock;
use crate::error::SyncError;
use crate::plan::{plan_checks, CheckPlan, OpenOrder};
use crate::scan::{blocking, HeadScanner, ScanProgress, ScanReport};

/// Settings of the loop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DriverConfig {
    /// How often the head scan runs (a warm one costs one request).
    pub head_interval: Duration,
}

impl Default for DriverConfig {
    fn default() -> Self {
        Self {
            head_interval: Duration::from_secs(60),
        }
    }
}

/// What the loop tells the app.
#[derive(Debug, Clone)]
pub enum SyncEvent {
    /// After every page of a scan.
    Progress(ScanProgress),
    /// A scan finished.
    Scanned(ScanReport),
    /// Orders were added or changed (by a scan page or a status check), or marked removed.
    Changes(ChangeSet),
    /// A new round of status checks was planned.
    Planned {
        open_orders: usize,
        /// How long a round over every open order takes.
        period: Duration,
        /// Every open order was checked within this long ([`CheckPlan::guarantee_window`]).
        within: Duration,
        /// The same, as the app shows it.
        guarantee: String,
    },
    /// A step failed; the loop goes on at the next interval. The server's reason is kept.
    Error(String),
}

/// The running loop.
#[derive(Debug)]
pub struct SyncHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl SyncHandle {
    /// Stops the loop (a request in flight is abandoned, never half stored) and waits for it.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Starts the loop of one account. Events arrive on the returned receiver.
pub fn spawn(
    client: &ClearChecksClient,
    store: Arc<OrderStore>,
    account_id: impl Into<String>,
    clock: SyncClock,
    config: DriverConfig,
) -> (SyncHandle, mpsc::UnboundedReceiver<SyncEvent>) {
    let (events, receiver) = mpsc::unbounded_channel();
    let (stop, mut stopped) = watch::channel(false);
    let driver = Driver {
        scanner: HeadScanner::new(client, store.clone(), account_id, clock),
        client: client.background(),
        store,
        clock,
        config,
        events,
        just_changed: HashSet::new(),
    };
    let task = tokio::spawn(async move {
        tokio::select! {
            _ = driver.run() => {}
            _ = stopped.wait_for(|stop| *stop) => {}
        }
    });
    (SyncHandle { stop, task }, receiver)
}

struct Driver {
    scanner: HeadScanner,
    client: ClearChecksClient,
    store: Arc<OrderStore>,
    clock: SyncClock,
    config: DriverConfig,
    events: mpsc::UnboundedSender<SyncEvent>,
    just_changed: HashSet<String>,
}

impl Driver {
    /// Background requests a minute the limiter allows.
    fn background_per_minute(&self) -> f64 {
        let config = self.client.rate_limiter().config();
        let capacity =
            ((f64::from(config.initial_limit) * config.background_share).floor()).max(1.0);
        capacity * 60.0 / config.window.as_secs_f64().max(0.001)
    }

    async fn run(mut self) {
        let interval = self.config.head_interval.max(Duration::from_secs(1));
        loop {
            let cycle_start = Instant::now();
            let events = self.events.clone();
            match self
                .scanner
                .scan(|p| {
                    let _ = events.send(SyncEvent::Progress(p));
                })
                .await
            {
                Ok(report) => {
                    self.remember_changes(&report.changes);
                    self.send_changes(report.changes.clone());
                    self.send_changes(report.removed.clone());
                    let _ = self.events.send(SyncEvent::Scanned(report));
                }
                Err(error) => self.send_error(&error),
            }
            match self.plan().await {
                Ok(plan) => {
                    let per_cycle = plan.checks_per_cycle;
                    let keys: Vec<String> = plan.order.into_iter().take(per_cycle).collect();
                    for key in keys {
                        if let Err(error) = self.check(&key).await {
                            self.send_error(&error);
                        }
                    }
                }
                Err(error) => self.send_error(&error),
            }
            tokio::time::sleep_until(cycle_start + interval).await;
        }
    }

    async fn plan(&mut self) -> Result<CheckPlan, SyncError> {
        let (store, account) = (self.store.clone(), self.scanner.account_id().to_owned());
        let rows = blocking(move || store.list(Scope::Account(&account))).await?;
        let open: Vec<OpenOrder> = rows
            .iter()
            .filter_map(|row| {
                OpenOrder::from_stored(row, self.just_changed.contains(&row.report_key))
            })
            .collect();
        let plan = plan_checks(
            open,
            self.background_per_minute(),
            self.config.head_interval,
        );
        let _ = self.events.send(SyncEvent::Planned {
            open_orders: plan.order.len(),
            period: plan.period,
            within: plan.guarantee_window(),
            guarantee: plan.guarantee(),
        });
        Ok(plan)
    }

    async fn check(&mut self, key: &str) -> Result<(), SyncError> {
        let status = self.client.report_status(key).await?;
        self.just_changed.remove(key);
        let check = StatusCheck::from_status(key, &status);
        let (store, account, now) = (
            self.store.clone(),
            self.scanner.account_id().to_owned(),
            self.clock.now(),
        );
        let changes = blocking(move || store.record_status(&account, &[check], now)).await?;
        self.remember_changes(&changes);
        self.send_changes(changes);
        Ok(())
    }

    fn remember_changes(&mut self, changes: &ChangeSet) {
        // A status that moved (not a first look filling in components).
        for change in changes.changed.iter().filter(|c| c.status_changed()) {
            self.just_changed.insert(change.after.report_key.clone());
        }
    }

    fn send_changes(&self, changes: ChangeSet) {
        if !changes.is_empty() {
            let _ = self.events.send(SyncEvent::Changes(changes));
        }
    }

    fn send_error(&self, error: &SyncError) {
        tracing::warn!(account = %self.scanner.account_id(), "sync step failed: {error}");
        let _ = self.events.send(SyncEvent::Error(error.to_string()));
    }
}

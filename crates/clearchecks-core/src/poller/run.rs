//! The poller's loop: when to wake, what one cycle does, and how changes are batched.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::Utc;
use tokio::sync::{mpsc, watch, Notify};
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::{ListRead, OrderSource, PollerConfig, PollerEvent};
use crate::error::ApiError;
use crate::orders::{OrderChange, OrderRow};
use crate::reports::ReportListItem;

pub(super) struct Poller<S> {
    source: Arc<S>,
    config: PollerConfig,
    rows: Arc<Mutex<HashMap<String, OrderRow>>>,
    /// When each non-final order's status is next due.
    due: HashMap<String, Instant>,
    /// Orders the list showed with a new status: their details are checked before anything
    /// else.
    urgent: HashSet<String>,
    events: mpsc::Sender<PollerEvent>,
}

impl<S: OrderSource> Poller<S> {
    pub(super) fn new(
        source: Arc<S>,
        config: PollerConfig,
        rows: Arc<Mutex<HashMap<String, OrderRow>>>,
        events: mpsc::Sender<PollerEvent>,
    ) -> Self {
        let mut poller = Self {
            source,
            config,
            rows,
            due: HashMap::new(),
            urgent: HashSet::new(),
            events,
        };
        poller.schedule_known();
        poller
    }

    /// Rows from a previous session are due one interval after their last check.
    fn schedule_known(&mut self) {
        let now = Instant::now();
        let utc_now = Utc::now();
        let rows = lock(&self.rows).clone();
        for (key, row) in rows {
            if let Some(interval) = self.config.cadence.interval(&row, utc_now) {
                let elapsed = row
                    .last_checked_at
                    .and_then(|at| (utc_now - at).to_std().ok());
                let wait = elapsed.map_or(Duration::ZERO, |e| interval.saturating_sub(e));
                self.due.insert(key, now + wait);
            }
        }
    }

    pub(super) async fn run(mut self, refresh: Arc<Notify>, mut stop: watch::Receiver<bool>) {
        let mut next_list = Instant::now();
        let mut resume_at: Option<Instant> = None;
        let mut backoff = self.config.error_backoff;
        loop {
            let earliest_due = self.due.values().min().copied();
            let mut wake = earliest_due.map_or(next_list, |due| due.min(next_list));
            if let Some(resume) = resume_at {
                wake = wake.max(resume);
            }
            let forced = tokio::select! {
                biased;
                _ = stop.changed() => return,
                _ = refresh.notified() => true,
                _ = tokio::time::sleep_until(wake) => false,
            };
            let started = Instant::now();
            let list = forced || started >= next_list;
            if list {
                next_list = started + self.config.list_interval;
            }
            let outcome = tokio::select! {
                biased;
                _ = stop.changed() => return,
                outcome = self.cycle(list, forced) => outcome,
            };
            match outcome {
                None => return, // nobody is listening any more
                Some(None) => {
                    resume_at = None;
                    backoff = self.config.error_backoff;
                }
                Some(Some(_)) => {
                    // Do not hammer a failing server (or our own limit): wait, doubling. Then list
                    // again: the failed cycle set the next list a whole interval away, and the
                    // user should not wait that long to see that things work again.
                    let resume = Instant::now() + backoff;
                    resume_at = Some(resume);
                    next_list = next_list.min(resume);
                    backoff =
                        (backoff * 2).min(self.config.list_interval.max(self.config.error_backoff));
                }
            }
        }
    }

    /// One cycle. `None` when the event receiver is gone; otherwise the cycle's first error.
    async fn cycle(&mut self, list: bool, forced: bool) -> Option<Option<ApiError>> {
        self.events.send(PollerEvent::SyncStarted).await.ok()?;
        let before = lock(&self.rows).clone();
        let mut error = None;
        let mut list_read = None;
        if forced {
            // "Refresh now": every open order is due; the usual order and per-cycle cap apply,
            // so a big account is worked through over the next few cycles.
            let now = Instant::now();
            for at in self.due.values_mut() {
                *at = (*at).min(now);
            }
        }
        if list {
            match self.source.list_orders().await {
                Ok(listing) => {
                    if !listing.is_complete() {
                        tracing::warn!(
                            orders = listing.items.len(),
                            reason = %listing.completeness,
                            "the order list is incomplete; orders it lacks are kept"
                        );
                    }
                    self.merge_list(&listing.items, listing.is_complete());
                    list_read = Some(ListRead {
                        completeness: listing.completeness,
                        total: listing.total,
                        rows: lock(&self.rows).len(),
                    });
                }
                Err(e) => error = Some(e),
            }
        }
        if error.is_none() {
            error = self.check_statuses().await;
        }
        let changes = self.changes_since(&before);
        if !changes.is_empty() {
            self.events.send(PollerEvent::Changes(changes)).await.ok()?;
        }
        let finished = PollerEvent::SyncFinished {
            synced_at: Utc::now(),
            error: error.clone(),
            list: list_read,
        };
        self.events.send(finished).await.ok()?;
        Some(error)
    }

    /// Takes in a list. Only a `complete` list can say an order is gone: from an incomplete one,
    /// rows it lacks are kept.
    fn merge_list(&mut self, items: &[ReportListItem], complete: bool) {
        let now = Instant::now();
        let utc_now = Utc::now();
        let mut rows = lock(&self.rows);
        let mut seen = HashSet::with_capacity(items.len());
        for item in items {
            seen.insert(item.report_key.as_str());
            let (row, status_changed) = match rows.get_mut(&item.report_key) {
                Some(row) => {
                    let old = row.clone();
                    row.merge_list_item(item);
                    let changed = !old.same_status(row);
                    (row.clone(), changed)
                }
                None => (
                    rows.entry(item.report_key.clone())
                        .or_insert_with(|| OrderRow::from_list_item(item))
                        .clone(),
                    false,
                ),
            };
            match self.config.cadence.interval(&row, utc_now) {
                None => {
                    self.due.remove(&row.report_key);
                    self.urgent.remove(&row.report_key);
                }
                // A known order changed per the list: check the details first thing.
                Some(_) if status_changed => {
                    self.due.insert(row.report_key.clone(), now);
                    self.urgent.insert(row.report_key.clone());
                }
                // New to us: due now, in cadence order with everything else due.
                Some(_) => {
                    self.due.entry(row.report_key.clone()).or_insert(now);
                }
            }
        }
        if !complete {
            return;
        }
        // Orders no longer listed (in a complete list) are gone from the account.
        rows.retain(|key, _| seen.contains(key.as_str()));
        self.due.retain(|key, _| seen.contains(key.as_str()));
        self.urgent.retain(|key| seen.contains(key.as_str()));
    }

    /// Checks up to `max_status_checks_per_cycle` due statuses, in `check_order` order; the
    /// rest stay due and are taken by the next cycles, which follow at once. Stops starting new
    /// checks at the first error other than "not found".
    async fn check_statuses(&mut self) -> Option<ApiError> {
        let mut queue = self.check_order(Instant::now()).into_iter();
        let mut in_flight = JoinSet::new();
        let mut error = None;
        loop {
            while error.is_none() && in_flight.len() < self.config.status_concurrency.max(1) {
                let Some(key) = queue.next() else { break };
                let source = self.source.clone();
                in_flight.spawn(async move {
                    let result = source.order_status(&key).await;
                    (key, result)
                });
            }
            let Some(joined) = in_flight.join_next().await else {
                break;
            };
            let Ok((key, result)) = joined else { continue };
            match result {
                Ok(status) => {
                    let checked_at = Utc::now();
                    let row = {
                        let mut rows = lock(&self.rows);
                        let Some(row) = rows.get_mut(&key) else {
                            continue;
                        };
                        row.apply_status(&status, checked_at);
                        row.clone()
                    };
                    self.urgent.remove(&key);
                    self.reschedule(&row, checked_at);
                }
                Err(ApiError::NotFound { .. }) => {
                    self.urgent.remove(&key);
                    self.due
                        .insert(key, Instant::now() + self.config.cadence.stale);
                }
                Err(e) => {
                    if error.is_none() {
                        error = Some(e);
                    }
                }
            }
        }
        error
    }

    /// The due orders to check this cycle, most pressing first: orders the list showed with a
    /// new status, then by *deadline* — due time plus the order's own interval. A fresh order
    /// (2 min interval) thus goes before an in-progress one (5 min) before a waiting (15 min) or
    /// old one (2 h), while an order that has waited a whole interval past its due time moves
    /// ahead of orders checked more recently. Every order's deadline is fixed until it is
    /// checked and each check moves the checked order's deadline later, so every due order is
    /// reached eventually however many there are.
    fn check_order(&self, now: Instant) -> Vec<String> {
        let rows = lock(&self.rows);
        let utc_now = Utc::now();
        let mut due: Vec<(bool, Instant, &String)> = self
            .due
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(key, at)| {
                let interval = rows
                    .get(key)
                    .and_then(|row| self.config.cadence.interval(row, utc_now))
                    .unwrap_or(self.config.cadence.stale);
                (!self.urgent.contains(key), *at + interval, key)
            })
            .collect();
        due.sort();
        due.into_iter()
            .take(self.config.max_status_checks_per_cycle.max(1))
            .map(|(_, _, key)| key.clone())
            .collect()
    }

    fn reschedule(&mut self, row: &OrderRow, checked_at: chrono::DateTime<Utc>) {
        match self.config.cadence.interval(row, checked_at) {
            Some(interval) => self
                .due
                .insert(row.report_key.clone(), Instant::now() + interval),
            None => self.due.remove(&row.report_key),
        };
    }

    fn changes_since(&self, before: &HashMap<String, OrderRow>) -> Vec<OrderChange> {
        let rows = lock(&self.rows);
        let mut changes: Vec<OrderChange> = rows
            .values()
            .filter_map(|row| match before.get(&row.report_key) {
                None => Some(OrderChange {
                    order: row.clone(),
                    previous_state: None,
                }),
                Some(old) if !old.same_status(row) => Some(OrderChange {
                    order: row.clone(),
                    previous_state: Some(old.state),
                }),
                Some(_) => None,
            })
            .collect();
        changes.sort_by(|a, b| {
            b.order
                .ordered_at
                .cmp(&a.order.ordered_at)
                .then_with(|| a.order.report_key.cmp(&b.order.report_key))
        });
        changes
    }
}

fn lock(rows: &Mutex<HashMap<String, OrderRow>>) -> MutexGuard<'_, HashMap<String, OrderRow>> {
    rows.lock().unwrap_or_else(|p| p.into_inner())
}

//! Background sync of the active account: runs the core's poller, keeps its rows as the orders
//! cache, and turns each poll cycle into one `OrdersChanged` event, `SyncStatus` events, and the
//! OS notifications the user asked for (status changes, and the reminder that a pre-adverse
//! notice has stood for the configured number of business days).

pub mod adverse_clock;
mod notices;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use clearchecks_core::orders::{OrderChange, OrderRow};
use clearchecks_core::poller::{self, PollerConfig, PollerEvent, PollerHandle};
use clearchecks_core::status::OrderState;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;
use tokio::sync::Mutex;

use crate::events::{OrdersChanged, SyncStatus};
use crate::settings::{self, NotificationPrefs};
use crate::state::{AccountSession, AppState};
use crate::test_timing::Timing;
use notices::OrderNews;

#[derive(Default)]
pub struct Sync {
    active: Mutex<Option<ActiveSync>>,
}

struct ActiveSync {
    account_id: String,
    session: AccountSession,
    /// The list interval this poller was started with (seconds).
    interval_secs: u32,
    handle: PollerHandle,
    synced_at: Arc<std::sync::Mutex<Option<DateTime<Utc>>>>,
    forward: tauri::async_runtime::JoinHandle<()>,
}

impl Sync {
    /// Polls `session`'s account from now on (stopping any other account's poller). `known` rows
    /// were just fetched, so only later differences are reported.
    pub async fn start<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        session: AccountSession,
        known: Vec<OrderRow>,
        synced_at: DateTime<Utc>,
    ) {
        let interval = settings::load(app)
            .map(|s| s.poll_interval_secs)
            .unwrap_or(60);
        let config = Timing::current().poller(PollerConfig {
            list_interval: Duration::from_secs(u64::from(interval)),
            ..PollerConfig::default()
        });
        let synced = Arc::new(std::sync::Mutex::new(Some(synced_at)));
        let account_id = session.profile.id.clone();
        let mut forwarder = Forwarder {
            app: app.clone(),
            account_id: account_id.clone(),
            synced: synced.clone(),
            data_dir: app
                .try_state::<AppState>()
                .map(|s| s.data_dir().to_path_buf()),
            pre_adverse: HashMap::new(),
        };
        forwarder.track_pre_adverse(known.iter());
        let (handle, mut events) = poller::spawn(session.client.clone(), config, known);
        let forward = tauri::async_runtime::spawn(async move {
            while let Some(event) = events.recv().await {
                forwarder.forward(event);
            }
        });
        let previous = self.active.lock().await.replace(ActiveSync {
            account_id,
            session,
            interval_secs: interval,
            handle,
            synced_at: synced,
            forward,
        });
        if let Some(previous) = previous {
            previous.forward.abort();
            previous.handle.stop().await;
        }
    }

    /// Applies a changed poll interval to the running poller: the core's poller takes its interval
    /// when it starts, so it is restarted with the rows it has (no event is lost: the new one
    /// reports differences from them). A no-op when nothing syncs or the interval is the same.
    pub async fn apply_settings<R: Runtime>(&self, app: &AppHandle<R>) {
        let Ok(settings) = settings::load(app) else {
            return;
        };
        let restart = {
            let active = self.active.lock().await;
            active
                .as_ref()
                .filter(|a| a.interval_secs != settings.poll_interval_secs)
                .map(|a| {
                    let synced_at = *a.synced_at.lock().unwrap_or_else(|p| p.into_inner());
                    (a.session.clone(), a.handle.rows(), synced_at)
                })
        };
        if let Some((session, rows, synced_at)) = restart {
            log::info!(
                "poll interval is now {} s; restarting the sync",
                settings.poll_interval_secs
            );
            self.start(app, session, rows, synced_at.unwrap_or_else(Utc::now))
                .await;
        }
    }

    /// The cached rows of `account_id`, when it is the account being synced.
    pub async fn rows(&self, account_id: &str) -> Option<(Vec<OrderRow>, Option<DateTime<Utc>>)> {
        let active = self.active.lock().await;
        let active = active.as_ref().filter(|a| a.account_id == account_id)?;
        let synced_at = *active.synced_at.lock().unwrap_or_else(|p| p.into_inner());
        Some((active.handle.rows(), synced_at))
    }

    pub async fn is_syncing(&self, account_id: &str) -> bool {
        self.active
            .lock()
            .await
            .as_ref()
            .is_some_and(|a| a.account_id == account_id)
    }

    /// Asks the poller of `account_id` for a full cycle now (no-op for another account).
    pub async fn refresh_now(&self, account_id: &str) {
        if let Some(active) = self
            .active
            .lock()
            .await
            .as_ref()
            .filter(|a| a.account_id == account_id)
        {
            active.handle.refresh_now();
        }
    }

    pub async fn stop(&self, account_id: &str) {
        let mut active = self.active.lock().await;
        if active.as_ref().is_some_and(|a| a.account_id == account_id) {
            if let Some(previous) = active.take() {
                previous.forward.abort();
                previous.handle.stop().await;
            }
        }
    }
}

/// Turns the poller's events for one account into UI events and notifications.
struct Forwarder<R: Runtime> {
    app: AppHandle<R>,
    account_id: String,
    synced: Arc<std::sync::Mutex<Option<DateTime<Utc>>>>,
    /// Where the pre-adverse clock is kept (`None` only without managed state, e.g. in tests).
    data_dir: Option<PathBuf>,
    /// This account's orders in the pre-adverse state, by report key.
    pre_adverse: HashMap<String, OrderRow>,
}

impl<R: Runtime> Forwarder<R> {
    fn forward(&mut self, event: PollerEvent) {
        let account_id = self.account_id.clone();
        let emitted = match event {
            PollerEvent::SyncStarted => SyncStatus {
                account_id,
                syncing: true,
                synced_at: None,
                error: None,
            }
            .emit(&self.app),
            PollerEvent::Changes(changes) => {
                self.track_pre_adverse(changes.iter().map(|c| &c.order));
                self.notify_changes(&changes);
                OrdersChanged {
                    account_id,
                    changes,
                }
                .emit(&self.app)
            }
            PollerEvent::SyncFinished { synced_at, error } => {
                *self.synced.lock().unwrap_or_else(|p| p.into_inner()) = Some(synced_at);
                let emitted = SyncStatus {
                    account_id,
                    syncing: false,
                    synced_at: Some(synced_at),
                    error: error.map(Into::into),
                }
                .emit(&self.app);
                self.remind_pre_adverse_due(synced_at);
                emitted
            }
        };
        if let Err(err) = emitted {
            log::warn!("could not send a sync event to the UI: {err}");
        }
    }

    /// Starts (or stops) the pre-adverse clock of orders as they enter (or leave) `V`.
    fn track_pre_adverse<'a>(&mut self, rows: impl Iterator<Item = &'a OrderRow>) {
        let now = Utc::now();
        let mut observed = Vec::new();
        for row in rows {
            if row.state == OrderState::PreAdverseSent {
                self.pre_adverse.insert(row.report_key.clone(), row.clone());
            } else {
                self.pre_adverse.remove(&row.report_key);
            }
            observed.push((row.report_key.clone(), row.state));
        }
        let Some(dir) = &self.data_dir else { return };
        if observed.is_empty() {
            return;
        }
        adverse_clock::update(dir, |clock| {
            let mut changed = false;
            for (key, state) in &observed {
                changed |= clock.observe(key, *state, now);
            }
            ((), changed)
        });
    }

    fn notify_changes(&self, changes: &[OrderChange]) {
        let prefs = settings::load(&self.app)
            .map(|s| s.notifications)
            .unwrap_or_default();
        let news = changes
            .iter()
            .filter_map(|c| notification_for(c, &prefs))
            .collect();
        if let Some(notice) = notices::combine(&self.account_id, news, "Orders updated") {
            notices::show(&self.app, notice);
        }
    }

    /// After a cycle: one reminder per order whose pre-adverse notice has now stood the
    /// configured number of business days (each order is reminded once per notice).
    fn remind_pre_adverse_due(&self, now: DateTime<Utc>) {
        let Some(dir) = &self.data_dir else { return };
        if self.pre_adverse.is_empty() {
            return;
        }
        let settings = settings::load(&self.app).unwrap_or_default();
        if !settings.notifications.pre_adverse_due {
            return;
        }
        let today = now.with_timezone(&chrono::Local).date_naive();
        let due = adverse_clock::update(dir, |clock| {
            let due = clock.take_due(
                self.pre_adverse.keys().map(String::as_str),
                today,
                settings.pre_adverse_business_days,
                now,
            );
            let changed = !due.is_empty();
            (due, changed)
        });
        let news = due
            .iter()
            .filter_map(|(key, days)| Some(pre_adverse_news(self.pre_adverse.get(key)?, *days)))
            .collect();
        if let Some(notice) =
            notices::combine(&self.account_id, news, "Pre-adverse waiting periods over")
        {
            notices::show(&self.app, notice);
        }
    }
}

fn who(order: &OrderRow) -> String {
    order
        .applicant_name
        .clone()
        .or_else(|| order.email.clone())
        .unwrap_or_else(|| "An applicant".to_owned())
}

/// What a change is worth telling the user about, if anything.
fn notification_for(change: &OrderChange, prefs: &NotificationPrefs) -> Option<OrderNews> {
    let previous = change.previous_state?;
    let who = who(&change.order);
    let (title, body) = match (previous, change.order.state) {
        (OrderState::AwaitingApplicant, OrderState::InProgress) if prefs.applicant_submitted => (
            "Applicant form completed",
            format!("{who} sent their details; the check is in progress."),
        ),
        (p, OrderState::Complete) if p != OrderState::Complete && prefs.report_complete => (
            "Report complete",
            format!("The background report for {who} is complete."),
        ),
        (p, OrderState::NeedsReview) if p != OrderState::NeedsReview && prefs.needs_review => (
            "Report needs your review",
            format!("The report for {who} has information to review before you decide."),
        ),
        _ => return None,
    };
    Some(OrderNews {
        report_key: change.order.report_key.clone(),
        title,
        body,
    })
}

/// `days`: the business days the notice has stood (at least the user's threshold).
fn pre_adverse_news(order: &OrderRow, days: u32) -> OrderNews {
    OrderNews {
        report_key: order.report_key.clone(),
        title: "Pre-adverse waiting period over",
        body: format!(
            "The pre-adverse notice for {} has stood for {days} business {}. If you still intend \
             to act on the report, you can decide on the final notice in the ClearChecks console.",
            who(order),
            if days == 1 { "day" } else { "days" },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(previous: Option<OrderState>, now: OrderState) -> OrderChange {
        OrderChange {
            order: OrderRow {
                report_key: "k".into(),
                email: Some("ada@example.com".into()),
                applicant_name: None,
                sku: Some("HIRE1".into()),
                state: now,
                letter: String::new(),
                flagged: now == OrderState::NeedsReview,
                ordered_at: None,
                ordered_at_unreadable: None,
                completed_at: None,
                completed_at_unreadable: None,
                last_checked_at: None,
                invite_url: None,
            },
            previous_state: previous,
        }
    }

    #[test]
    fn notifies_the_transitions_the_user_asked_for() {
        let all = NotificationPrefs::default();
        let submitted = notification_for(
            &change(Some(OrderState::AwaitingApplicant), OrderState::InProgress),
            &all,
        );
        let submitted = submitted.unwrap();
        assert_eq!(submitted.title, "Applicant form completed");
        assert_eq!(submitted.report_key, "k");
        assert_eq!(
            notification_for(
                &change(Some(OrderState::InProgress), OrderState::Complete),
                &all
            )
            .unwrap()
            .title,
            "Report complete"
        );
        assert_eq!(
            notification_for(
                &change(Some(OrderState::InProgress), OrderState::NeedsReview),
                &all
            )
            .unwrap()
            .title,
            "Report needs your review"
        );
        assert!(
            notification_for(&change(None, OrderState::Complete), &all).is_none(),
            "new rows are not news"
        );
        let none = NotificationPrefs {
            applicant_submitted: false,
            report_complete: false,
            needs_review: false,
            pre_adverse_due: false,
        };
        assert!(notification_for(
            &change(Some(OrderState::InProgress), OrderState::Complete),
            &none
        )
        .is_none());
    }

    #[test]
    fn the_pre_adverse_reminder_names_the_applicant_and_the_days() {
        let order = change(None, OrderState::PreAdverseSent).order;
        let news = pre_adverse_news(&order, 7);
        assert_eq!(news.title, "Pre-adverse waiting period over");
        assert_eq!(news.report_key, "k");
        assert!(news.body.contains("ada@example.com"));
        assert!(news.body.contains("7 business days"));
        assert!(!news.body.to_lowercase().contains("fail"));
    }
}

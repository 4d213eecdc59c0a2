//! Background sync of the active account: runs the core's poller, keeps its rows as the orders
//! cache, and turns each poll cycle into one `OrdersChanged` event, `SyncStatus` events, and OS
//! notifications the user asked for.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use clearchecks_core::orders::{OrderChange, OrderRow};
use clearchecks_core::poller::{self, PollerConfig, PollerEvent, PollerHandle};
use clearchecks_core::status::OrderState;
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;
use tokio::sync::Mutex;

use crate::events::{OrdersChanged, SyncStatus};
use crate::settings::{self, NotificationPrefs};
use crate::state::AccountSession;

#[derive(Default)]
pub struct Sync {
    active: Mutex<Option<ActiveSync>>,
}

struct ActiveSync {
    account_id: String,
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
        let config = PollerConfig {
            list_interval: Duration::from_secs(u64::from(interval)),
            ..PollerConfig::default()
        };
        let (handle, mut events) = poller::spawn(session.client.clone(), config, known);
        let synced = Arc::new(std::sync::Mutex::new(Some(synced_at)));
        let account_id = session.profile.id.clone();
        let forward = {
            let app = app.clone();
            let synced = synced.clone();
            let account_id = account_id.clone();
            tauri::async_runtime::spawn(async move {
                while let Some(event) = events.recv().await {
                    forward_event(&app, &account_id, &synced, event);
                }
            })
        };
        let previous = self.active.lock().await.replace(ActiveSync {
            account_id,
            handle,
            synced_at: synced,
            forward,
        });
        if let Some(previous) = previous {
            previous.forward.abort();
            previous.handle.stop().await;
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

fn forward_event<R: Runtime>(
    app: &AppHandle<R>,
    account_id: &str,
    synced: &std::sync::Mutex<Option<DateTime<Utc>>>,
    event: PollerEvent,
) {
    let account_id = account_id.to_owned();
    let emitted = match event {
        PollerEvent::SyncStarted => SyncStatus {
            account_id,
            syncing: true,
            synced_at: None,
            error: None,
        }
        .emit(app),
        PollerEvent::Changes(changes) => {
            notify_changes(app, &changes);
            OrdersChanged {
                account_id,
                changes,
            }
            .emit(app)
        }
        PollerEvent::SyncFinished { synced_at, error } => {
            *synced.lock().unwrap_or_else(|p| p.into_inner()) = Some(synced_at);
            SyncStatus {
                account_id,
                syncing: false,
                synced_at: Some(synced_at),
                error: error.map(Into::into),
            }
            .emit(app)
        }
    };
    if let Err(err) = emitted {
        log::warn!("could not send a sync event to the UI: {err}");
    }
}

/// What a change is worth telling the user about, if anything.
pub fn notification_for(
    change: &OrderChange,
    prefs: &NotificationPrefs,
) -> Option<(&'static str, String)> {
    let previous = change.previous_state?;
    let who = change
        .order
        .applicant_name
        .clone()
        .or_else(|| change.order.email.clone())
        .unwrap_or_else(|| "An applicant".to_owned());
    match (previous, change.order.state) {
        (OrderState::AwaitingApplicant, OrderState::InProgress) if prefs.applicant_submitted => {
            Some((
                "Applicant form completed",
                format!("{who} sent their details; the check is in progress."),
            ))
        }
        (p, OrderState::Complete) if p != OrderState::Complete && prefs.report_complete => Some((
            "Report complete",
            format!("The background report for {who} is complete."),
        )),
        (p, OrderState::NeedsReview) if p != OrderState::NeedsReview && prefs.needs_review => {
            Some((
                "Report needs your review",
                format!("The report for {who} has information to review before you decide."),
            ))
        }
        _ => None,
    }
}

fn notify_changes<R: Runtime>(app: &AppHandle<R>, changes: &[OrderChange]) {
    let prefs = settings::load(app)
        .map(|s| s.notifications)
        .unwrap_or_default();
    let notes: Vec<_> = changes
        .iter()
        .filter_map(|c| notification_for(c, &prefs))
        .collect();
    // A burst (e.g. the first sync after a weekend) becomes one summary instead of a flood.
    let (title, body) = match notes.as_slice() {
        [] => return,
        [(title, body)] => ((*title).to_owned(), body.clone()),
        many => (
            "Orders updated".to_owned(),
            format!(
                "{} orders changed status. Open ClearChecks Desktop to see them.",
                many.len()
            ),
        ),
    };
    if let Err(err) = app.notification().builder().title(title).body(body).show() {
        log::warn!("could not show a notification: {err}");
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
                completed_at: None,
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
        assert_eq!(submitted.unwrap().0, "Applicant form completed");
        assert_eq!(
            notification_for(
                &change(Some(OrderState::InProgress), OrderState::Complete),
                &all
            )
            .unwrap()
            .0,
            "Report complete"
        );
        assert_eq!(
            notification_for(
                &change(Some(OrderState::InProgress), OrderState::NeedsReview),
                &all
            )
            .unwrap()
            .0,
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
}

//! Background sync of the active account: runs the core's poller, keeps its rows as the orders
//! cache, and turns each poll cycle into one `OrdersChanged` event, `SyncStatus` events, and the
//! OS notifications the user asked for (status changes, and the reminder that a pre-adverse
//! notice has stood for the configured number of business days).

pub mod adverse_clock;
pub mod attention;
mod notices;
pub mod pause;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use clearchecks_core::orders::{OrderChange, OrderRow};
use clearchecks_core::poller::{self, PollerConfig, PollerEvent, PollerHandle};
use clearchecks_core::reports::ReportListItem;
use clearchecks_core::status::OrderState;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;
use tokio::sync::Mutex;

use crate::completeness::ListCompleteness;
use crate::events::{OrdersChanged, SyncStatus};
use crate::rate_wait;
use crate::saved_orders::{SavedOrders, StoringSource};
use crate::settings::{self, NotificationPrefs};
use crate::state::{AccountSession, AppState};
use crate::test_timing::Timing;
use notices::OrderNews;

#[derive(Default)]
pub struct Sync {
    active: Mutex<Option<ActiveSync>>,
    /// Accounts whose list is being read in the background (instant start), so it is read once.
    loading: std::sync::Mutex<std::collections::HashSet<String>>,
}

struct ActiveSync {
    account_id: String,
    session: AccountSession,
    /// Where the poller's answers are saved.
    saved: Arc<SavedOrders>,
    /// The list interval this poller was started with (seconds).
    interval_secs: u32,
    handle: PollerHandle,
    synced_at: Arc<std::sync::Mutex<Option<DateTime<Utc>>>>,
    /// Whether the latest order list read was provably whole.
    completeness: Arc<std::sync::Mutex<ListCompleteness>>,
    forward: tauri::async_runtime::JoinHandle<()>,
    /// Tells the UI when the account's requests wait for ClearChecks' rate limit.
    pauses: tauri::async_runtime::JoinHandle<()>,
}

impl Sync {
    /// Polls `session`'s account from now on (stopping any other account's poller). `known` rows
    /// were just fetched (`completeness` says whether that list was whole), so only later
    /// differences are reported. Every list and status answer is written to `saved`.
    pub async fn start<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        session: AccountSession,
        saved: Arc<SavedOrders>,
        known: Vec<OrderRow>,
        synced_at: DateTime<Utc>,
        completeness: ListCompleteness,
    ) {
        let interval = settings::load(app)
            .map(|s| s.poll_interval_secs)
            .unwrap_or(60);
        let config = Timing::current().poller(PollerConfig {
            list_interval: Duration::from_secs(u64::from(interval)),
            ..PollerConfig::default()
        });
        let synced = Arc::new(std::sync::Mutex::new(Some(synced_at)));
        let completeness = Arc::new(std::sync::Mutex::new(completeness));
        let account_id = session.profile.id.clone();
        let mut forwarder = Forwarder {
            app: app.clone(),
            account_id: account_id.clone(),
            synced: synced.clone(),
            completeness: completeness.clone(),
            data_dir: app
                .try_state::<AppState>()
                .map(|s| s.data_dir().to_path_buf()),
            pre_adverse: HashMap::new(),
        };
        forwarder.track_pre_adverse(known.iter());
        let source = StoringSource {
            client: session.client.clone(),
            saved: saved.clone(),
            account_id: account_id.clone(),
        };
        let (handle, mut events) = poller::spawn(source, config, known);
        let forward = tauri::async_runtime::spawn(async move {
            while let Some(event) = events.recv().await {
                forwarder.forward(event);
            }
        });
        let pauses = tauri::async_runtime::spawn(rate_wait::watch_limiter(
            session.client.rate_limiter().clone(),
            crate::commands::orders::wait_notifier(app, &account_id, "orders"),
        ));
        let previous = self.active.lock().await.replace(ActiveSync {
            account_id,
            session,
            saved,
            interval_secs: interval,
            handle,
            synced_at: synced,
            completeness,
            forward,
            pauses,
        });
        if let Some(previous) = previous {
            previous.forward.abort();
            previous.pauses.abort();
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
                    let completeness = a
                        .completeness
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .clone();
                    (
                        a.session.clone(),
                        a.saved.clone(),
                        a.handle.rows(),
                        synced_at,
                        completeness,
                    )
                })
        };
        if let Some((session, saved, rows, synced_at, completeness)) = restart {
            log::info!(
                "poll interval is now {} s; restarting the sync",
                settings.poll_interval_secs
            );
            let synced_at = synced_at.unwrap_or_else(Utc::now);
            self.start(app, session, saved, rows, synced_at, completeness)
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

    /// Whether the latest order list of `account_id` was provably whole, when it is the account
    /// being synced.
    pub async fn completeness(&self, account_id: &str) -> Option<ListCompleteness> {
        let active = self.active.lock().await;
        let active = active.as_ref().filter(|a| a.account_id == account_id)?;
        let completeness = active
            .completeness
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        Some(completeness)
    }

    /// Marks a background list read of `account_id` as started; `false` when one runs already.
    pub fn begin_load(&self, account_id: &str) -> bool {
        self.loading
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(account_id.to_owned())
    }

    /// Whether a background list read of `account_id` is under way.
    pub fn is_loading(&self, account_id: &str) -> bool {
        self.loading
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(account_id)
    }

    pub fn end_load(&self, account_id: &str) {
        self.loading
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(account_id);
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

    /// Asks the running poller, whichever account it syncs, for a full cycle now.
    pub async fn refresh_active(&self) {
        if let Some(active) = self.active.lock().await.as_ref() {
            active.handle.refresh_now();
        }
    }

    pub async fn stop(&self, account_id: &str) {
        let mut active = self.active.lock().await;
        if active.as_ref().is_some_and(|a| a.account_id == account_id) {
            if let Some(previous) = active.take() {
                previous.forward.abort();
                previous.pauses.abort();
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
    completeness: Arc<std::sync::Mutex<ListCompleteness>>,
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
                completeness: None,
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
            PollerEvent::SyncFinished {
                synced_at,
                error,
                list,
            } => {
                *self.synced.lock().unwrap_or_else(|p| p.into_inner()) = Some(synced_at);
                let completeness = list.map(|list| {
                    let shown =
                        ListCompleteness::of(&list.completeness, "orders", list.rows, list.total);
                    *self.completeness.lock().unwrap_or_else(|p| p.into_inner()) = shown.clone();
                    shown
                });
                let emitted = SyncStatus {
                    account_id,
                    syncing: false,
                    synced_at: Some(synced_at),
                    error: error.map(Into::into),
                    completeness,
                }
                .emit(&self.app);
                self.remind_pre_adverse_due(synced_at);
                self.show_attention();
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

    /// After a cycle: the tray shows how many of this account's orders need the coordinator.
    fn show_attention(&self) {
        let (Some(dir), Some(state)) = (self.data_dir.clone(), self.app.try_state::<AppState>())
        else {
            return;
        };
        let state = state.inner().clone();
        let app = self.app.clone();
        let account_id = self.account_id.clone();
        tauri::async_runtime::spawn(async move {
            let Some((rows, _)) = state.sync().rows(&account_id).await else {
                return;
            };
            let threshold = settings::load(&app)
                .unwrap_or_default()
                .pre_adverse_business_days;
            let clock = adverse_clock::update(&dir, |clock| (clock.clone(), false));
            let days = |key: &str, today| clock.business_days(key, today);
            let now = Utc::now();
            let needing = attention::count(
                &rows,
                &attention::AttentionRules {
                    now,
                    today: now.with_timezone(&chrono::Local).date_naive(),
                    pre_adverse_business_days: threshold,
                    pre_adverse_days: &days,
                },
            );
            crate::tray::show_attention(&app, needing);
        });
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
            .filter_map(|(key, days)| {
                let order = self.pre_adverse.get(key)?;
                Some(pre_adverse_news(
                    order,
                    *days,
                    settings.notifications.show_applicant_names,
                ))
            })
            .collect();
        if let Some(notice) =
            notices::combine(&self.account_id, news, "Pre-adverse waiting periods over")
        {
            notices::show(&self.app, notice);
        }
    }
}

/// The rows to show after a list read by the user: the listed orders (what the app already knew
/// about each kept, the list's news applied), and — when the list cannot prove it is whole —
/// every order known before that it lacks. Only a complete list removes orders. Newest first.
pub fn merge_listed(
    previous: Vec<OrderRow>,
    items: &[ReportListItem],
    complete: bool,
) -> Vec<OrderRow> {
    let mut known: HashMap<String, OrderRow> = previous
        .into_iter()
        .map(|row| (row.report_key.clone(), row))
        .collect();
    let mut rows: Vec<OrderRow> = Vec::with_capacity(items.len().max(known.len()));
    let mut listed = std::collections::HashSet::with_capacity(items.len());
    for item in items {
        if !listed.insert(item.report_key.clone()) {
            continue;
        }
        rows.push(match known.remove(&item.report_key) {
            Some(mut row) => {
                row.merge_list_item(item);
                row
            }
            None => OrderRow::from_list_item(item),
        });
    }
    if !complete {
        rows.extend(known.into_values());
    }
    rows.sort_by(|a, b| {
        b.ordered_at
            .cmp(&a.ordered_at)
            .then_with(|| a.report_key.cmp(&b.report_key))
    });
    rows
}

/// Who an order is about, when the user asked for names in notifications (off by default: a
/// notification may be read on a locked screen). `None`: say "an applicant".
fn named(order: &OrderRow, show_names: bool) -> Option<String> {
    if !show_names {
        return None;
    }
    order.applicant_name.clone().or_else(|| order.email.clone())
}

/// What a change is worth telling the user about, if anything.
fn notification_for(change: &OrderChange, prefs: &NotificationPrefs) -> Option<OrderNews> {
    let previous = change.previous_state?;
    let who = named(&change.order, prefs.show_applicant_names);
    let (title, body) = match (previous, change.order.state) {
        (OrderState::AwaitingApplicant, OrderState::InProgress) if prefs.applicant_submitted => (
            "Applicant form completed",
            match who {
                Some(who) => format!("{who} sent their details; the check is in progress."),
                None => "An applicant sent their details; the check is in progress.".to_owned(),
            },
        ),
        (p, OrderState::Complete) if p != OrderState::Complete && prefs.report_complete => (
            "Report complete",
            match who {
                Some(who) => format!("The background report for {who} is complete."),
                None => "A background report is complete.".to_owned(),
            },
        ),
        (p, OrderState::NeedsReview) if p != OrderState::NeedsReview && prefs.needs_review => (
            "Report needs your review",
            match who {
                Some(who) => {
                    format!("The report for {who} has information to review before you decide.")
                }
                None => "A report has information to review before you decide.".to_owned(),
            },
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
fn pre_adverse_news(order: &OrderRow, days: u32, show_names: bool) -> OrderNews {
    let notice = match named(order, show_names) {
        Some(who) => format!("The pre-adverse notice for {who}"),
        None => "A pre-adverse notice".to_owned(),
    };
    OrderNews {
        report_key: order.report_key.clone(),
        title: "Pre-adverse waiting period over",
        body: format!(
            "{notice} has stood for {days} business {}. If you still intend to act on the report, \
             you can decide on the final notice in the ClearChecks console.",
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
            show_applicant_names: false,
        };
        assert!(notification_for(
            &change(Some(OrderState::InProgress), OrderState::Complete),
            &none
        )
        .is_none());
    }

    fn listed(key: &str, letter: &str) -> ReportListItem {
        ReportListItem {
            applicant_email: Some(format!("{key}@example.com")),
            status: Some(clearchecks_core::status::StatusLetter::parse(letter)),
            ..ReportListItem::new(key)
        }
    }

    #[test]
    fn an_incomplete_list_never_drops_the_orders_it_lacks() {
        let before = vec![
            OrderRow::from_list_item(&listed("a", "A")),
            OrderRow::from_list_item(&listed("b", "A")),
            OrderRow::from_list_item(&listed("c", "P")),
        ];
        let keys = |rows: &[OrderRow]| {
            let mut keys: Vec<String> = rows.iter().map(|r| r.report_key.clone()).collect();
            keys.sort();
            keys
        };
        // Incomplete: `b` and `c` are kept, `a` is updated, `d` is added.
        let items = [listed("a", "C"), listed("d", "A")];
        let rows = merge_listed(before.clone(), &items, false);
        assert_eq!(keys(&rows), ["a", "b", "c", "d"]);
        let a = rows.iter().find(|r| r.report_key == "a").unwrap();
        assert_eq!(a.state, OrderState::Complete, "the list's news is applied");
        // Complete: only what it lists remains.
        let rows = merge_listed(before, &items, true);
        assert_eq!(keys(&rows), ["a", "d"]);
    }

    #[test]
    fn a_relisted_order_keeps_what_the_app_knew() {
        let mut known = OrderRow::from_list_item(&listed("a", "A"));
        known.applicant_name = Some("Ada".into());
        known.last_checked_at = Some(Utc::now());
        let item = ReportListItem {
            status: None,
            ..listed("a", "A")
        };
        let rows = merge_listed(vec![known.clone()], &[item.clone(), item], true);
        assert_eq!(rows.len(), 1, "a key listed twice is one row");
        assert_eq!(rows[0].applicant_name.as_deref(), Some("Ada"));
        assert_eq!(rows[0].last_checked_at, known.last_checked_at);
    }

    #[test]
    fn the_pre_adverse_reminder_names_the_applicant_and_the_days() {
        let order = change(None, OrderState::PreAdverseSent).order;
        let news = pre_adverse_news(&order, 7, true);
        assert_eq!(news.title, "Pre-adverse waiting period over");
        assert_eq!(news.report_key, "k");
        assert!(news.body.contains("ada@example.com"));
        assert!(news.body.contains("7 business days"));
        assert!(!news.body.to_lowercase().contains("fail"));
        let neutral = pre_adverse_news(&order, 1, false);
        assert!(neutral
            .body
            .starts_with("A pre-adverse notice has stood for 1 business day."));
        assert!(!neutral.body.contains("ada"));
    }

    #[test]
    fn notifications_are_neutral_unless_names_are_asked_for() {
        let mut named_change = change(Some(OrderState::InProgress), OrderState::NeedsReview);
        named_change.order.applicant_name = Some("Ada Lovelace".into());
        let transitions = [
            (OrderState::AwaitingApplicant, OrderState::InProgress),
            (OrderState::InProgress, OrderState::Complete),
            (OrderState::InProgress, OrderState::NeedsReview),
        ];
        for (from, to) in transitions {
            let mut c = change(Some(from), to);
            c.order.applicant_name = Some("Ada Lovelace".into());
            let neutral = notification_for(&c, &NotificationPrefs::default()).unwrap();
            for secret in ["Ada", "Lovelace", "ada@example.com"] {
                assert!(!neutral.body.contains(secret), "{}", neutral.body);
                assert!(!neutral.title.contains(secret), "{}", neutral.title);
            }
            let prefs = NotificationPrefs {
                show_applicant_names: true,
                ..NotificationPrefs::default()
            };
            let named = notification_for(&c, &prefs).unwrap();
            assert!(named.body.contains("Ada Lovelace"), "{}", named.body);
            assert_eq!(named.title, neutral.title);
        }
        assert_eq!(
            notification_for(&named_change, &NotificationPrefs::default())
                .unwrap()
                .body,
            "A report has information to review before you decide."
        );
    }
}

//! Scheduling tests over a fake source, in paused time.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::Duration as ChronoDuration;
use tokio::time::Instant;

use super::*;
use crate::status::{OrderState, StatusLetter};

#[derive(Default)]
struct FakeState {
    /// key → (list item, status letter, flagged)
    orders: BTreeMap<String, (ReportListItem, String, bool)>,
    status_calls: Vec<String>,
    fail_status: bool,
    fail_list: bool,
    /// The list shows only the first N orders and says it is incomplete.
    incomplete_after: Option<usize>,
    /// How long each status call takes (to make checks a scarce resource).
    status_delay: Duration,
}

#[derive(Clone, Default)]
struct Fake {
    state: Arc<Mutex<FakeState>>,
    lists: Arc<AtomicUsize>,
}

impl Fake {
    fn add(&self, key: &str, letter: &str, minutes_old: i64) {
        let item = ReportListItem {
            applicant_email: Some(format!("{key}@example.com")),
            report_sku: Some("HIRE1".into()),
            status: Some(StatusLetter::parse(letter)),
            flagged_for_end_user_review: Some(false),
            ordered_at: Some(Utc::now() - ChronoDuration::minutes(minutes_old)),
            ..ReportListItem::new(key)
        };
        self.state
            .lock()
            .unwrap()
            .orders
            .insert(key.into(), (item, letter.into(), false));
    }

    /// Changes the status the status endpoint reports (the list keeps the old letter, as a
    /// lagging list would).
    fn set_status(&self, key: &str, letter: &str, flagged: bool) {
        let mut state = self.state.lock().unwrap();
        let entry = state.orders.get_mut(key).unwrap();
        entry.1 = letter.into();
        entry.2 = flagged;
    }

    fn take_status_calls(&self) -> Vec<String> {
        std::mem::take(&mut self.state.lock().unwrap().status_calls)
    }
}

impl OrderSource for Fake {
    async fn list_orders(&self) -> Result<Listing<ReportListItem>, ApiError> {
        self.lists.fetch_add(1, Ordering::SeqCst);
        let state = self.state.lock().unwrap();
        if state.fail_list {
            return Err(ApiError::Timeout);
        }
        let mut items: Vec<ReportListItem> = state
            .orders
            .values()
            .map(|(item, _, _)| item.clone())
            .collect();
        let mut completeness = crate::pagination::Completeness::complete();
        if let Some(shown) = state.incomplete_after {
            items.truncate(shown);
            completeness.add(crate::pagination::Gap::PageLimit { pages: 1 });
        }
        Ok(Listing {
            items,
            completeness,
            pages_read: 1,
            total: None,
            shape: None,
        })
    }

    async fn order_status(&self, report_key: &str) -> Result<ReportStatus, ApiError> {
        let delay = self.state.lock().unwrap().status_delay;
        tokio::time::sleep(delay).await;
        let mut state = self.state.lock().unwrap();
        state.status_calls.push(report_key.to_string());
        if state.fail_status {
            return Err(ApiError::Timeout);
        }
        let (_, letter, flagged) =
            state
                .orders
                .get(report_key)
                .cloned()
                .ok_or_else(|| ApiError::NotFound {
                    diagnostics: crate::error::Diagnostics::new(404, ""),
                })?;
        Ok(ReportStatus {
            status: StatusLetter::parse(&letter),
            flagged_for_end_user_review: flagged,
            reports: BTreeMap::new(),
        })
    }
}

fn config() -> PollerConfig {
    PollerConfig {
        list_interval: Duration::from_secs(3600),
        ..PollerConfig::default()
    }
}

/// Collects events up to and including the next `SyncFinished`.
async fn next_cycle(
    events: &mut mpsc::Receiver<PollerEvent>,
) -> (Vec<OrderChange>, Option<ApiError>) {
    let mut changes = Vec::new();
    loop {
        match events.recv().await.expect("poller running") {
            PollerEvent::SyncStarted => {}
            PollerEvent::Changes(batch) => {
                assert!(changes.is_empty(), "one batch per cycle");
                changes = batch;
            }
            PollerEvent::SyncFinished { error, .. } => return (changes, error),
        }
    }
}

#[tokio::test(start_paused = true)]
async fn first_cycle_lists_and_checks_only_open_orders() {
    let fake = Fake::default();
    fake.add("recent-a", "A", 5);
    fake.add("old-p", "P", 3 * 24 * 60);
    fake.add("done", "C", 10);
    fake.add("final-x", "X", 10);
    let (handle, mut events) = spawn(fake.clone(), config(), Vec::new());
    let (changes, error) = next_cycle(&mut events).await;
    assert!(error.is_none());
    assert_eq!(changes.len(), 4, "every order is new");
    assert!(changes.iter().all(|c| c.previous_state.is_none()));
    let mut calls = fake.take_status_calls();
    calls.sort();
    assert_eq!(calls, ["old-p", "recent-a"]);
    assert_eq!(fake.lists.load(Ordering::SeqCst), 1);
    assert_eq!(handle.rows().len(), 4);
    handle.stop().await;
}

/// A list that cannot prove it is whole never makes an order disappear.
#[tokio::test(start_paused = true)]
async fn an_incomplete_list_keeps_the_orders_it_lacks() {
    let fake = Fake::default();
    for key in ["a", "b", "c"] {
        fake.add(key, "C", 10);
    }
    let (handle, mut events) = spawn(fake.clone(), config(), Vec::new());
    next_cycle(&mut events).await;
    assert_eq!(handle.rows().len(), 3);
    fake.state.lock().unwrap().incomplete_after = Some(1);
    handle.refresh_now();
    next_cycle(&mut events).await;
    assert_eq!(fake.lists.load(Ordering::SeqCst), 2);
    assert_eq!(handle.rows().len(), 3, "b and c are kept");
    // A complete list without them does remove them.
    {
        let mut state = fake.state.lock().unwrap();
        state.incomplete_after = None;
        state.orders.retain(|key, _| key == "a");
    }
    handle.refresh_now();
    next_cycle(&mut events).await;
    assert_eq!(handle.rows().len(), 1);
    handle.stop().await;
}

/// Each cycle that reads the list says whether it was whole and how many orders are held, so
/// the app can mark an incomplete list; a cycle without a list read says nothing about it.
#[tokio::test(start_paused = true)]
async fn a_cycle_reports_the_completeness_of_its_list() {
    let fake = Fake::default();
    for key in ["a", "b", "c"] {
        fake.add(key, "A", 5);
    }
    let (handle, mut events) = spawn(fake.clone(), config(), Vec::new());
    let list = finished_list(&mut events)
        .await
        .expect("the first cycle lists");
    assert!(list.completeness.is_complete());
    assert_eq!(list.rows, 3);
    fake.state.lock().unwrap().incomplete_after = Some(1);
    handle.refresh_now();
    let list = finished_list(&mut events).await.expect("a refresh lists");
    assert_eq!(
        list.completeness.gaps,
        vec![crate::pagination::Gap::PageLimit { pages: 1 }]
    );
    assert_eq!(list.rows, 3, "the held orders, not only the listed one");
    // The next status-only cycle (the recent orders fall due) reads no list.
    tokio::time::sleep(Cadence::default().recent + Duration::from_millis(1)).await;
    assert_eq!(finished_list(&mut events).await, None);
    handle.stop().await;
}

/// The `list` of the next `SyncFinished`.
async fn finished_list(events: &mut mpsc::Receiver<PollerEvent>) -> Option<super::ListRead> {
    loop {
        if let PollerEvent::SyncFinished { list, .. } = events.recv().await.expect("running") {
            return list;
        }
    }
}

#[tokio::test(start_paused = true)]
async fn cadence_recent_often_old_rarely_final_never() {
    let fake = Fake::default();
    fake.add("recent", "A", 5);
    fake.add("old", "P", 3 * 24 * 60);
    fake.add("done", "C", 5);
    let cadence = Cadence::default();
    let (handle, mut events) = spawn(fake.clone(), config(), Vec::new());
    next_cycle(&mut events).await;
    fake.take_status_calls();

    // After the recent interval only the recent order is due.
    tokio::time::sleep(cadence.recent + Duration::from_millis(1)).await;
    next_cycle(&mut events).await;
    assert_eq!(fake.take_status_calls(), ["recent"]);

    // By the in-progress interval the old one is due too; the final one never is.
    tokio::time::sleep(cadence.in_progress).await;
    let mut seen = Vec::new();
    while seen
        .iter()
        .filter(|k: &&String| k.as_str() == "old")
        .count()
        == 0
    {
        next_cycle(&mut events).await;
        seen.extend(fake.take_status_calls());
    }
    assert!(!seen.contains(&"done".to_string()));
    assert_eq!(
        fake.lists.load(Ordering::SeqCst),
        1,
        "status-only cycles do not re-list"
    );
    handle.stop().await;
}

#[tokio::test(start_paused = true)]
async fn changes_come_batched_with_the_previous_state() {
    let fake = Fake::default();
    fake.add("k1", "A", 5);
    fake.add("k2", "P", 5);
    fake.add("k3", "P", 5);
    let (handle, mut events) = spawn(fake.clone(), config(), Vec::new());
    next_cycle(&mut events).await;
    fake.set_status("k2", "C", true);
    fake.set_status("k3", "C", false);
    tokio::time::sleep(Cadence::default().recent + Duration::from_millis(1)).await;
    let (changes, _) = next_cycle(&mut events).await;
    let mut summary: Vec<(String, Option<OrderState>, OrderState)> = changes
        .iter()
        .map(|c| (c.order.report_key.clone(), c.previous_state, c.order.state))
        .collect();
    summary.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        summary,
        [
            (
                "k2".to_string(),
                Some(OrderState::InProgress),
                OrderState::NeedsReview
            ),
            (
                "k3".to_string(),
                Some(OrderState::InProgress),
                OrderState::Complete
            ),
        ]
    );
    // Now final: never checked again.
    fake.take_status_calls();
    tokio::time::sleep(Cadence::default().recent * 3).await;
    while let Ok(event) = events.try_recv() {
        drop(event);
    }
    let calls = fake.take_status_calls();
    // k1 is still open, so it is checked again; the final k2 and k3 never are.
    assert!(
        !calls.is_empty() && calls.iter().all(|k| k == "k1"),
        "{calls:?}"
    );
    handle.stop().await;
}

#[tokio::test(start_paused = true)]
async fn known_rows_report_only_differences_and_respect_last_check() {
    let fake = Fake::default();
    fake.add("k1", "P", 3 * 24 * 60);
    fake.add("k2", "A", 3 * 24 * 60);
    let mut known: Vec<OrderRow> = fake
        .state
        .lock()
        .unwrap()
        .orders
        .values()
        .map(|(item, _, _)| {
            let mut row = OrderRow::from_list_item(item);
            row.last_checked_at = Some(Utc::now());
            row
        })
        .collect();
    known.retain(|r| r.report_key == "k1");
    let (handle, mut events) = spawn(fake.clone(), config(), known);
    let (changes, _) = next_cycle(&mut events).await;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].order.report_key, "k2");
    assert_eq!(fake.take_status_calls(), ["k2"], "k1 was checked just now");
    handle.stop().await;
}

#[tokio::test(start_paused = true)]
async fn refresh_now_checks_every_open_order_and_stop_ends() {
    let fake = Fake::default();
    fake.add("k1", "P", 3 * 24 * 60);
    fake.add("k2", "A", 3 * 24 * 60);
    fake.add("k3", "C", 3 * 24 * 60);
    let (handle, mut events) = spawn(fake.clone(), config(), Vec::new());
    next_cycle(&mut events).await;
    fake.take_status_calls();
    handle.refresh_now();
    next_cycle(&mut events).await;
    let mut calls = fake.take_status_calls();
    calls.sort();
    assert_eq!(calls, ["k1", "k2"]);
    assert_eq!(fake.lists.load(Ordering::SeqCst), 2);
    handle.stop().await;
    assert!(
        events.recv().await.is_none(),
        "the stream ends when the poller stops"
    );
}

#[tokio::test(start_paused = true)]
async fn errors_are_reported_and_backed_off() {
    let fake = Fake::default();
    fake.add("k1", "P", 5);
    fake.add("k2", "P", 5);
    fake.state.lock().unwrap().fail_status = true;
    let (handle, mut events) = spawn(
        fake.clone(),
        PollerConfig {
            status_concurrency: 1,
            ..config()
        },
        Vec::new(),
    );
    let (_, error) = next_cycle(&mut events).await;
    assert_eq!(error, Some(ApiError::Timeout));
    assert_eq!(
        fake.take_status_calls().len(),
        1,
        "no new checks after the first failure"
    );
    let before = Instant::now();
    next_cycle(&mut events).await;
    assert!(
        before.elapsed() >= PollerConfig::default().error_backoff,
        "waited {:?}",
        before.elapsed()
    );
    fake.state.lock().unwrap().fail_status = false;
    let before = Instant::now();
    let (_, error) = next_cycle(&mut events).await;
    assert!(error.is_none());
    assert!(
        before.elapsed() >= PollerConfig::default().error_backoff * 2,
        "backoff doubles"
    );
    handle.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_failed_list_is_read_again_after_the_backoff_not_a_whole_interval_later() {
    let fake = Fake::default();
    fake.add("k1", "C", 5);
    fake.state.lock().unwrap().fail_list = true;
    // config(): one list an hour.
    let (handle, mut events) = spawn(fake.clone(), config(), Vec::new());
    let (_, error) = next_cycle(&mut events).await;
    assert_eq!(error, Some(ApiError::Timeout));
    fake.state.lock().unwrap().fail_list = false;

    let before = Instant::now();
    let (changes, error) = next_cycle(&mut events).await;
    let waited = before.elapsed();
    assert!(error.is_none(), "the server is back: the cycle succeeds");
    assert_eq!(changes.len(), 1, "the list was read: its order is reported");
    assert_eq!(fake.lists.load(Ordering::SeqCst), 2);
    let backoff = PollerConfig::default().error_backoff;
    assert!(
        waited >= backoff && waited < backoff * 2,
        "listed again after the backoff ({backoff:?}), not the interval: waited {waited:?}"
    );
    handle.stop().await;
}

#[tokio::test(start_paused = true)]
async fn dropping_the_receiver_stops_the_poller() {
    let fake = Fake::default();
    fake.add("k1", "P", 5);
    let (handle, events) = spawn(fake.clone(), config(), Vec::new());
    drop(events);
    tokio::time::timeout(Duration::from_secs(5), handle.stop())
        .await
        .expect("stops");
}

/// Start-up with a big account: each cycle checks at most its cap, fresh orders first, then
/// in-progress, then old ones; every open order is checked exactly once in the fewest cycles.
#[tokio::test(start_paused = true)]
async fn a_big_backlog_is_spread_over_cycles_most_pressing_first() {
    let fake = Fake::default();
    // A moment per check, so the poller waits between cycles and each cycle's calls can be
    // told apart.
    fake.state.lock().unwrap().status_delay = Duration::from_millis(1);
    for i in 0..30 {
        fake.add(&format!("recent-{i:03}"), "A", 30);
    }
    for i in 0..120 {
        fake.add(&format!("progress-{i:03}"), "P", 3 * 24 * 60);
    }
    for i in 0..150 {
        fake.add(&format!("old-{i:03}"), "P", 30 * 24 * 60);
    }
    for i in 0..50 {
        fake.add(&format!("final-{i:03}"), "C", 3 * 24 * 60);
    }
    let cap = 20;
    let (handle, mut events) = spawn(
        fake.clone(),
        PollerConfig {
            max_status_checks_per_cycle: cap,
            ..config()
        },
        Vec::new(),
    );
    let mut checked: Vec<String> = Vec::new();
    let mut cycles = 0;
    while checked.len() < 300 {
        let (_, error) = next_cycle(&mut events).await;
        assert!(error.is_none());
        let calls = fake.take_status_calls();
        assert!(
            calls.len() <= cap,
            "cycle {cycles} made {} checks",
            calls.len()
        );
        checked.extend(calls);
        cycles += 1;
        assert!(cycles <= 15, "not converging: {} checked", checked.len());
    }
    assert_eq!(cycles, 15, "300 open orders at 20 a cycle");
    assert_eq!(fake.lists.load(Ordering::SeqCst), 1, "one list read");
    let mut unique = checked.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 300, "each open order once, no final one");
    let rank = |key: &String| match key.split('-').next() {
        Some("recent") => 0,
        Some("progress") => 1,
        _ => 2,
    };
    let ranks: Vec<u8> = checked.iter().map(rank).collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "recent, then in progress, then old"
    );
    let open: Vec<_> = handle
        .rows()
        .into_iter()
        .filter(|r| !r.state.is_final())
        .collect();
    assert_eq!(open.len(), 300, "every open order is still a row");
    assert!(open.iter().all(|r| r.last_checked_at.is_some()));
    handle.stop().await;
}

/// An order that has waited past its own interval goes ahead of orders checked more recently,
/// so more fresh orders than the budget can serve do not starve an old one forever.
#[tokio::test(start_paused = true)]
async fn overdue_old_orders_are_not_starved_by_fresh_ones() {
    let fake = Fake::default();
    // One check every 10 s (6 a minute) against 20 fresh orders due every 2 minutes
    // (10 a minute): the fresh ones alone are more than the budget.
    fake.state.lock().unwrap().status_delay = Duration::from_secs(10);
    fake.add("old", "P", 30 * 24 * 60);
    for i in 0..20 {
        fake.add(&format!("recent-{i:02}"), "A", 30);
    }
    let (handle, mut events) = spawn(
        fake.clone(),
        PollerConfig {
            max_status_checks_per_cycle: 5,
            status_concurrency: 1,
            ..config()
        },
        Vec::new(),
    );
    let cadence = Cadence::default();
    let started = Instant::now();
    let mut fresh_checks_before = 0;
    loop {
        next_cycle(&mut events).await;
        let calls = fake.take_status_calls();
        if let Some(at) = calls.iter().position(|k| k == "old") {
            fresh_checks_before += at;
            break;
        }
        fresh_checks_before += calls.len();
        assert!(
            started.elapsed() < cadence.stale * 2,
            "the old order starved"
        );
    }
    // It had to wait (the fresh ones are more pressing) but not much past its own interval.
    assert!(fresh_checks_before > 20 * 10, "{fresh_checks_before}");
    assert!(
        started.elapsed() <= cadence.stale + cadence.recent * 2,
        "{:?}",
        started.elapsed()
    );
    handle.stop().await;
}

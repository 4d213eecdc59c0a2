//! Head scans over real HTTP against the simulator, on tokio's paused clock.

mod common;

use clearchecks_store::{ListedOrder, Scope};
use clearchecks_sync::{HeadScanner, ScanKind};
use common::*;
use tokio::time::Instant;

/// A cold store reads all 10,000 orders (100 pages), reporting progress after each page, at
/// the background share of the limit (30 a minute) with no 429; then a head scan costs one
/// page when nothing changed.
#[tokio::test(start_paused = true)]
async fn cold_load_walks_everything_then_a_warm_scan_costs_one_page() {
    let sandbox = sandbox(10_000).await;
    let store = store();
    let scanner = HeadScanner::new(&client(&sandbox), store.clone(), ACCOUNT, clock());
    let started = Instant::now();
    let mut progress = Vec::new();
    let cold = scanner.scan(|p| progress.push(p)).await.unwrap();
    let cold_secs = started.elapsed().as_secs_f64();
    println!(
        "cold load: {} pages in {cold_secs:.0} s of simulated time",
        cold.pages
    );

    assert_eq!(cold.kind, Some(ScanKind::Full { from_page: 1 }));
    assert_eq!(cold.pages, 100);
    assert_eq!(cold.changes.added.len(), 10_000);
    assert!(cold.completeness.as_ref().unwrap().is_complete());
    assert_eq!(store.count(Scope::Account(ACCOUNT)).unwrap(), 10_000);
    assert_eq!(progress.len(), 100, "progress after every page");
    assert!(progress.windows(2).all(|w| w[1].loaded > w[0].loaded));
    assert_eq!(progress[0].loaded, 100);
    assert_eq!(progress.last().unwrap().loaded, 10_000);
    assert!(progress.iter().all(|p| p.total == Some(10_000)));
    assert_eq!(too_many(&sandbox), 0, "no 429");
    // 30 background requests per sliding minute: the first 30 at once, then 30 a minute, so
    // 100 pages take a little over 3 minutes (pages × 60/30 s = 200 s, less the first burst).
    assert!(
        (170.0..=205.0).contains(&cold_secs),
        "cold load took {cold_secs} s of simulated time"
    );
    let state = store.sync_state(ACCOUNT).unwrap();
    assert!(state.last_full_walk_at.is_some());
    assert_eq!(state.full_walk_next_page, None);
    assert_eq!(state.list_total, Some(10_000));

    sandbox.control().reset_log();
    let warm = scanner.scan(|_| {}).await.unwrap();
    assert!(!warm.not_newest_first, "the simulator lists newest first");
    assert_eq!(warm.kind, Some(ScanKind::Head));
    assert_eq!(warm.pages, 1, "nothing changed: one page");
    assert!(warm.changes.is_empty());
    assert_eq!(warm.changes.unchanged, 100);
    assert_eq!(sandbox.control().count("GET", "reports.all"), 1);
    sandbox.shutdown().await;
}

/// A page that fails part-way leaves what was read stored, removes nothing, and the next scan
/// resumes the walk where it stopped; only a complete walk from page 1 removes an order the
/// server no longer lists.
#[tokio::test(start_paused = true)]
async fn an_incomplete_walk_removes_nothing_and_resumes() {
    let sandbox = sandbox(1_000).await;
    let store = store();
    // An order the server does not have (deleted there since).
    store
        .upsert_listed(ACCOUNT, &[ListedOrder::new("ghost")], chrono::Utc::now())
        .unwrap();
    let scanner = HeadScanner::new(&client(&sandbox), store.clone(), ACCOUNT, clock());
    sandbox.control().set_fault_after(
        "reports.all",
        4,
        clearchecks_sandbox::Fault::Status { code: 404 },
        1,
    );
    let error = scanner.scan(|_| {}).await.unwrap_err();
    println!("{error}");
    assert!(store
        .get(ACCOUNT, "ghost")
        .unwrap()
        .unwrap()
        .removed_at
        .is_none());
    assert_eq!(
        store.count(Scope::Account(ACCOUNT)).unwrap(),
        401,
        "4 pages + ghost"
    );
    let state = store.sync_state(ACCOUNT).unwrap();
    assert_eq!(state.full_walk_next_page, Some(5));
    assert_eq!(state.last_full_walk_at, None);

    sandbox.control().reset_log();
    let resumed = scanner.scan(|_| {}).await.unwrap();
    assert_eq!(resumed.kind, Some(ScanKind::Full { from_page: 5 }));
    assert_eq!(store.count(Scope::Account(ACCOUNT)).unwrap(), 1_001);
    assert!(
        resumed.removed.changed.is_empty(),
        "a walk that did not start at page 1 removes nothing"
    );
    assert!(store
        .get(ACCOUNT, "ghost")
        .unwrap()
        .unwrap()
        .removed_at
        .is_none());

    // Force a full walk from page 1: complete, so the ghost goes.
    let mut state = store.sync_state(ACCOUNT).unwrap();
    state.last_full_walk_at = None;
    state.full_walk_next_page = None;
    store.set_sync_state(&state).unwrap();
    let full = scanner.scan(|_| {}).await.unwrap();
    assert_eq!(full.kind, Some(ScanKind::Full { from_page: 1 }));
    assert!(full.completeness.unwrap().is_complete());
    assert_eq!(full.removed.changed.len(), 1);
    assert!(store
        .get(ACCOUNT, "ghost")
        .unwrap()
        .unwrap()
        .removed_at
        .is_some());
    assert_eq!(store.count(Scope::Account(ACCOUNT)).unwrap(), 1_000);
    assert_eq!(too_many(&sandbox), 0);
    sandbox.shutdown().await;
}

/// A change on the first page (a status moved) is stored and sent, and the scan reads on to
/// the next page, which brings nothing new: two requests.
#[tokio::test(start_paused = true)]
async fn a_change_on_the_first_page_costs_one_more_page() {
    let sandbox = sandbox(1_000).await;
    let store = store();
    let scanner = HeadScanner::new(&client(&sandbox), store.clone(), ACCOUNT, clock());
    scanner.scan(|_| {}).await.unwrap();
    let newest = store.list_newest(Scope::Account(ACCOUNT), 100).unwrap();
    let moving = newest
        .iter()
        .find(|row| row.letter == "P")
        .expect("an order in progress on the first page")
        .report_key
        .clone();
    assert!(sandbox.control().advance(&moving));

    sandbox.control().reset_log();
    let scan = scanner.scan(|_| {}).await.unwrap();
    assert_eq!(scan.kind, Some(ScanKind::Head));
    assert_eq!(scan.pages, 2);
    assert_eq!(sandbox.control().count("GET", "reports.all"), 2);
    assert_eq!(scan.changes.changed.len(), 1);
    let change = &scan.changes.changed[0];
    assert_eq!(change.after.report_key, moving);
    assert!(change.status_changed());
    assert_eq!(store.get(ACCOUNT, &moving).unwrap().unwrap().letter, "C");
    sandbox.shutdown().await;
}

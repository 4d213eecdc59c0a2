//! The sync loop over real HTTP against the simulator (60 requests a minute, 100 orders a
//! page), on tokio's paused clock: cold load, then an hour of head scans and status checks.

mod common;

use std::time::Duration;

use clearchecks_store::{OrderStore, Scope};
use clearchecks_sync::{spawn, DriverConfig, OpenOrder, ScanKind, SyncEvent};
use common::*;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::Instant;

const HOUR: Duration = Duration::from_secs(3600);

struct Warm {
    cold_secs: f64,
    open_orders: usize,
    period: Duration,
    within: Duration,
}

/// Waits for the cold load and the first plan.
async fn warm_up(events: &mut UnboundedReceiver<SyncEvent>) -> Warm {
    let started = Instant::now();
    let mut cold_secs = None;
    loop {
        match events.recv().await.expect("the loop runs") {
            SyncEvent::Scanned(report) => {
                assert_eq!(report.kind, Some(ScanKind::Full { from_page: 1 }));
                cold_secs = Some(started.elapsed().as_secs_f64());
            }
            SyncEvent::Planned {
                open_orders,
                period,
                within,
                guarantee,
            } if cold_secs.is_some() => {
                println!("{guarantee}");
                return Warm {
                    cold_secs: cold_secs.unwrap(),
                    open_orders,
                    period,
                    within,
                };
            }
            SyncEvent::Error(error) => panic!("{error}"),
            _ => {}
        }
    }
}

/// Sleeps `d` of simulated time while the loop runs, keeping its events.
async fn run_for(d: Duration, events: &mut UnboundedReceiver<SyncEvent>) -> Vec<SyncEvent> {
    let until = Instant::now() + d;
    let mut kept = Vec::new();
    loop {
        tokio::select! {
            _ = tokio::time::sleep_until(until) => return kept,
            event = events.recv() => kept.push(event.expect("the loop runs")),
        }
    }
}

fn open_orders(store: &OrderStore) -> Vec<clearchecks_store::StoredOrder> {
    store
        .list(Scope::Account(ACCOUNT))
        .unwrap()
        .into_iter()
        .filter(|row| OpenOrder::from_stored(row, false).is_some())
        .collect()
}

struct Hour {
    warm: Warm,
    list_requests: usize,
    status_requests: usize,
}

/// Cold load of `orders`, then one simulated hour: what it costs.
async fn an_hour_after_the_cold_load(orders: usize) -> Hour {
    let sandbox = sandbox(orders).await;
    let store = store();
    let clock = clock();
    let (handle, mut events) = spawn(
        &client(&sandbox),
        store.clone(),
        ACCOUNT,
        clock,
        DriverConfig::default(),
    );
    let warm = warm_up(&mut events).await;
    assert_eq!(store.count(Scope::Account(ACCOUNT)).unwrap(), orders);
    sandbox.control().reset_log();
    let kept = run_for(HOUR, &mut events).await;
    let errors: Vec<_> = kept
        .iter()
        .filter_map(|e| match e {
            SyncEvent::Error(error) => Some(error.clone()),
            _ => None,
        })
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let control = sandbox.control();
    let hour = Hour {
        list_requests: control.count("GET", "reports.all"),
        status_requests: control.count("GET", "reports.status"),
        warm,
    };
    assert_eq!(too_many(&sandbox), 0, "no 429 in the hour");
    println!(
        "{orders} orders: cold load {:.0} s, {} open, period {:.0} min; in the next hour {} list + {} status requests",
        hour.warm.cold_secs,
        hour.warm.open_orders,
        hour.warm.period.as_secs_f64() / 60.0,
        hour.list_requests,
        hour.status_requests
    );
    handle.stop().await;
    sandbox.shutdown().await;
    hour
}

/// 10,000 orders: cold load at the background share, no 429; afterwards one page per head
/// scan (60 an hour) and the rest of the background share on status checks; every open order
/// checked within the planned period; a status change arrives as a change event.
#[tokio::test(start_paused = true)]
async fn ten_thousand_orders_cold_load_then_every_open_order_within_the_period() {
    let sandbox = sandbox(10_000).await;
    let store = store();
    let clock = clock();
    let (handle, mut events) = spawn(
        &client(&sandbox),
        store.clone(),
        ACCOUNT,
        clock,
        DriverConfig::default(),
    );
    let warm = warm_up(&mut events).await;
    println!(
        "cold load {:.0} s, {} open orders, period {:.1} min",
        warm.cold_secs,
        warm.open_orders,
        warm.period.as_secs_f64() / 60.0
    );
    assert!(
        (170.0..=205.0).contains(&warm.cold_secs),
        "{}",
        warm.cold_secs
    );
    assert_eq!(warm.open_orders, open_orders(&store).len());
    // 30 background requests a minute, 1 head scan a minute: 29 checks a minute.
    let minutes = warm.open_orders.div_ceil(29) as u64;
    assert_eq!(warm.period, Duration::from_secs(60 * minutes));
    assert_eq!(warm.within, warm.period + Duration::from_secs(120));

    // A status moves on the server: the loop notices within the period.
    let moved = open_orders(&store)
        .into_iter()
        .find(|row| row.letter == "P")
        .expect("an order in progress")
        .report_key;
    assert!(sandbox.control().advance(&moved));
    let started = Instant::now();
    let kept = run_for(warm.within, &mut events).await;
    let noticed = kept.iter().any(|event| match event {
        SyncEvent::Changes(changes) => changes
            .changed
            .iter()
            .any(|c| c.after.report_key == moved && c.status_changed()),
        _ => false,
    });
    assert!(noticed, "the status change of {moved} was sent");
    assert_eq!(store.get(ACCOUNT, &moved).unwrap().unwrap().letter, "C");

    // Every order still open was checked within the promised window.
    let now = clock.now();
    let open = open_orders(&store);
    let oldest = open
        .iter()
        .map(|row| row.last_checked_at.expect("every open order was checked"))
        .min()
        .unwrap();
    let age = (now - oldest).to_std().unwrap();
    println!(
        "after {:.0} min: {} open, the least recently checked {:.1} min ago (period {:.1} min, promised within {:.0} min)",
        started.elapsed().as_secs_f64() / 60.0,
        open.len(),
        age.as_secs_f64() / 60.0,
        warm.period.as_secs_f64() / 60.0,
        warm.within.as_secs_f64() / 60.0
    );
    assert!(age <= warm.within, "{age:?}");
    assert_eq!(too_many(&sandbox), 0, "no 429");
    handle.stop().await;
    sandbox.shutdown().await;
}

/// After the cold load, an hour costs the same whatever the size of the history: one page per
/// head scan and the background share's remainder on status checks (10,000 vs 50,000 orders).
#[tokio::test(start_paused = true)]
async fn requests_per_hour_do_not_grow_with_the_history() {
    let small = an_hour_after_the_cold_load(10_000).await;
    let large = an_hour_after_the_cold_load(50_000).await;
    for hour in [&small, &large] {
        assert!((59..=61).contains(&hour.list_requests), "one page a minute");
        assert!(hour.list_requests + hour.status_requests <= 30 * 60 + 30);
    }
    assert_eq!(small.list_requests, large.list_requests);
    assert!(small.status_requests.abs_diff(large.status_requests) <= 30);
    // The cold load does grow: pages × 2 s.
    assert!(
        (950.0..=1010.0).contains(&large.warm.cold_secs),
        "{}",
        large.warm.cold_secs
    );
}

//! The poller driving the real client against the simulator.

mod common;

use std::time::Duration;

use clearchecks_core::poller::{self, PollerConfig, PollerEvent};
use clearchecks_core::{OrderChange, OrderState};
use clearchecks_sandbox::SandboxConfig;
use common::*;

async fn first_cycle(events: &mut tokio::sync::mpsc::Receiver<PollerEvent>) -> Vec<OrderChange> {
    let mut changes = Vec::new();
    loop {
        match tokio::time::timeout(Duration::from_secs(30), events.recv())
            .await
            .unwrap()
            .unwrap()
        {
            PollerEvent::Changes(batch) => changes = batch,
            PollerEvent::SyncFinished { error, .. } => {
                assert_eq!(error, None);
                return changes;
            }
            PollerEvent::SyncStarted => {}
        }
    }
}

#[tokio::test]
async fn full_refresh_lists_every_page_then_only_open_statuses() {
    // A generous limit: the client learns it from the first response's X-RateLimit-Limit.
    let config = SandboxConfig::empty()
        .account(TOKEN, "Co", 450)
        .per_page(100)
        .rate_limit(2_000, Duration::from_secs(60));
    let sandbox = sandbox_with(config).await;
    let control = sandbox.control();
    let client = client(&sandbox);
    let open = control
        .orders_of(TOKEN)
        .iter()
        .filter(|o| !matches!(o.status.letter(), "C" | "X"))
        .count();
    let config = PollerConfig::default();
    let cap = config.max_status_checks_per_cycle;
    let (handle, mut events) = poller::spawn(client, config, Vec::new());
    let changes = first_cycle(&mut events).await;
    assert_eq!(
        changes.len(),
        450,
        "the first cycle reports every listed order"
    );
    assert_eq!(control.count("GET", "reports.all"), 5);
    assert_eq!(control.count("GET", "reports.status"), cap.min(open));
    // The rest of the open orders are checked by the cycles that follow, `cap` at a time.
    let mut cycles = 1;
    while control.count("GET", "reports.status") < open {
        let before = control.count("GET", "reports.status");
        first_cycle(&mut events).await;
        assert!(control.count("GET", "reports.status") - before <= cap);
        cycles += 1;
        assert!(cycles <= open.div_ceil(cap), "not converging");
    }
    assert_eq!(
        control.count("GET", "reports.status"),
        open,
        "one status per open order, none for final ones"
    );
    assert_eq!(control.count("GET", "reports.all"), 5, "listed once");
    assert_eq!(handle.rows().len(), 450);
    assert!(handle
        .rows()
        .iter()
        .filter(|r| !r.state.is_final())
        .all(|r| r.last_checked_at.is_some()));

    // An applicant submits; "refresh now" reports exactly that change.
    let waiting = handle
        .rows()
        .into_iter()
        .find(|r| r.state == OrderState::AwaitingApplicant)
        .unwrap();
    assert!(control.submit_applicant(&waiting.report_key));
    handle.refresh_now();
    let changes = first_cycle(&mut events).await;
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].order.report_key, waiting.report_key);
    assert_eq!(
        changes[0].previous_state,
        Some(OrderState::AwaitingApplicant)
    );
    assert_eq!(changes[0].order.state, OrderState::InProgress);
    assert!(changes[0].order.last_checked_at.is_some());
    handle.stop().await;
    sandbox.shutdown().await;
}

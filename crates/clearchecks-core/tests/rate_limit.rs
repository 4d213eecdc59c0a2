//! The shared limiter against the simulator's real rate limit.

mod common;

use std::time::Duration;

use chrono::Utc;
use clearchecks_core::poller::{self, PollerConfig};
use clearchecks_core::{
    ApiError, ApiToken, ClearChecksClient, Environment, RateLimitConfig, RateLimiter,
};
use clearchecks_sandbox::{Fault, SandboxConfig};
use common::*;

fn client_with_limiter(
    sandbox: &clearchecks_sandbox::Sandbox,
    limiter: RateLimiter,
) -> ClearChecksClient {
    let env = Environment::custom(&sandbox.api_base()).unwrap();
    ClearChecksClient::builder(env, ApiToken::new(TOKEN).unwrap(), VERSION)
        .retry_policy(quick_retries())
        .rate_limiter(limiter)
        .build()
        .unwrap()
}

#[tokio::test]
async fn nothing_is_sent_during_retry_after() {
    let sandbox = sandbox(5).await;
    let control = sandbox.control();
    let client = client(&sandbox);
    control.set_fault_times(
        "accounts.show",
        Fault::RateLimitStorm {
            retry_after_secs: 2,
        },
        1,
    );
    let first = {
        let client = client.clone();
        tokio::spawn(async move { client.account().await })
    };
    // Wait until the 429 went out, then pile on more work for the same token.
    let rejected_at = loop {
        if let Some(entry) = control.requests().into_iter().find(|r| r.status == 429) {
            break entry.at;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    let snapshot = client.rate_limiter().snapshot();
    assert!(snapshot.paused_until.is_some(), "{snapshot:?}");
    let others: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.teams().await })
        })
        .collect();
    first.await.unwrap().expect("retried after the pause");
    for other in others {
        other.await.unwrap().unwrap();
    }
    let log = control.requests();
    let after: Vec<_> = log.iter().filter(|r| r.at > rejected_at).collect();
    assert_eq!(after.len(), 5, "the retry and the four queued calls");
    for entry in after {
        let gap = entry.at - rejected_at;
        assert!(
            gap >= chrono::Duration::seconds(2),
            "{} {} sent {gap} after the 429",
            entry.method,
            entry.path
        );
    }
    assert!(Utc::now() - rejected_at >= chrono::Duration::seconds(2));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn learned_limit_prevents_429s() {
    let window = Duration::from_secs(2);
    let sandbox = sandbox_with(
        SandboxConfig::empty()
            .account(TOKEN, "Co", 3)
            .rate_limit(10, window),
    )
    .await;
    let limiter = RateLimiter::new(RateLimitConfig {
        initial_limit: 60,
        window,
        ..RateLimitConfig::default()
    });
    let client = client_with_limiter(&sandbox, limiter.clone());
    client.account().await.unwrap();
    assert_eq!(
        limiter.snapshot().limit,
        10,
        "learned from X-RateLimit-Limit"
    );
    let started = std::time::Instant::now();
    let calls: Vec<_> = (0..24)
        .map(|i| {
            let client = if i % 2 == 0 {
                client.clone()
            } else {
                client.background()
            };
            tokio::spawn(async move { client.teams().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let log = sandbox.control().requests();
    assert_eq!(log.len(), 25);
    assert!(
        log.iter().all(|r| r.status != 429),
        "no 429: {:?}",
        log.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    // 25 requests at 10 per 2 s need at least two full windows.
    assert!(
        started.elapsed() >= Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn one_limiter_is_shared_by_every_clone() {
    let sandbox = sandbox(1).await;
    let client = client(&sandbox);
    let background = client.background();
    client.account().await.unwrap();
    background.teams().await.unwrap();
    assert_eq!(client.rate_limiter().snapshot().used, 2);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_429_retry_waits_out_retry_after_then_succeeds() {
    let sandbox = sandbox(2).await;
    let control = sandbox.control();
    let key = control.orders_of(TOKEN)[0].report_key.clone();
    let client = client(&sandbox);
    control.set_fault_times(
        "report.widget-token",
        Fault::RateLimitStorm {
            retry_after_secs: 2,
        },
        1,
    );
    let token = client
        .report_widget_token(&key)
        .await
        .expect("the retry after the pause succeeds");
    assert!(!token.expose_secret().is_empty());
    let log: Vec<_> = control
        .requests()
        .into_iter()
        .filter(|r| r.route == "report.widget-token")
        .collect();
    let statuses: Vec<u16> = log.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 200], "one 429, then one retry");
    let gap = log[1].at - log[0].at;
    assert!(
        gap >= chrono::Duration::seconds(2),
        "retried {gap} after the 429"
    );
    // It waited for the pause, not for some extra backoff on top.
    assert!(gap < chrono::Duration::milliseconds(3_500), "{gap}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_click_facing_a_long_pause_fails_fast_with_the_wait() {
    let sandbox = sandbox(2).await;
    let control = sandbox.control();
    let key = control.orders_of(TOKEN)[0].report_key.clone();
    let client = client(&sandbox);
    control.set_fault_times(
        "report.widget-token",
        Fault::RateLimitStorm {
            retry_after_secs: 45,
        },
        1,
    );
    let started = std::time::Instant::now();
    let error = client.report_widget_token(&key).await.unwrap_err();
    let ApiError::RateLimited { retry_after } = error else {
        panic!("{error:?}");
    };
    assert!(
        retry_after > Duration::from_secs(44) && retry_after <= Duration::from_secs(45),
        "{retry_after:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2), "did not hang");
    // A second click during the pause is answered at once and sends nothing.
    let started = std::time::Instant::now();
    let again = client.account().await.unwrap_err();
    assert!(
        matches!(again, ApiError::RateLimited { retry_after } if retry_after > Duration::from_secs(40))
    );
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(
        control.requests().len(),
        1,
        "only the request that got the 429"
    );
    sandbox.shutdown().await;
}

/// The bug from the demo: at start-up the poller's backlog used the whole budget and a click
/// waited most of a minute. Now background stops at its share and a click goes at once.
#[tokio::test]
async fn clicks_go_at_once_while_the_poller_works_through_a_backlog() {
    let window = Duration::from_secs(2);
    let sandbox = sandbox_with(
        SandboxConfig::empty()
            .account(TOKEN, "Co", 300)
            .per_page(100)
            .rate_limit(20, window),
    )
    .await;
    let control = sandbox.control();
    let key = control.orders_of(TOKEN)[0].report_key.clone();
    let limiter = RateLimiter::new(RateLimitConfig {
        initial_limit: 20,
        window,
        ..RateLimitConfig::default()
    });
    let client = client_with_limiter(&sandbox, limiter.clone());
    // The poller stops when its event stream is dropped; keep it alive for the test.
    let (handle, _events) = poller::spawn(client.clone(), PollerConfig::default(), Vec::new());
    // Wait until background has used its whole share and still has work queued.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let snap = limiter.snapshot();
        if snap.background_used >= snap.background_capacity && snap.background_waiters > 0 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{snap:?}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(limiter.snapshot().background_capacity, 10);
    for click in 0..8 {
        let started = std::time::Instant::now();
        client.report_widget_token(&key).await.unwrap();
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "click {click} took {:?}",
            started.elapsed()
        );
    }
    handle.stop().await;
    let log = control.requests();
    assert!(log.iter().all(|r| r.status != 429), "no 429");
    assert_eq!(control.count("GET", "report.widget-token"), 8);
    sandbox.shutdown().await;
}

//! The shared limiter against the simulator's real rate limit.

mod common;

use std::time::Duration;

use chrono::Utc;
use clearchecks_core::{ApiToken, ClearChecksClient, Environment, RateLimitConfig, RateLimiter};
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
        background_reserve: 1,
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

//! A simulator with ClearChecks' real limit (60 a minute), 100 orders a page, and a client with
//! the app's limiter (half of every window for background work), all on tokio's paused clock.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use clearchecks_core::{ApiToken, ClearChecksClient, Environment};
use clearchecks_sandbox::{Sandbox, SandboxConfig};
use clearchecks_store::OrderStore;
use clearchecks_sync::SyncClock;

pub const TOKEN: &str = "test-token-NOT-A-SECRET-sync";
pub const ACCOUNT: &str = "acct-sync";

pub async fn sandbox(orders: usize) -> Sandbox {
    Sandbox::start(
        SandboxConfig::empty()
            .account(TOKEN, "Sync Co", orders)
            .rate_limit(60, Duration::from_secs(60))
            .per_page(100),
    )
    .await
    .expect("sandbox starts")
}

/// The app's client: the default limiter (60 a minute, background share one half).
pub fn client(sandbox: &Sandbox) -> ClearChecksClient {
    let env = Environment::custom(&sandbox.api_base()).unwrap();
    ClearChecksClient::builder(env, ApiToken::new(TOKEN).unwrap(), "0.0.0-test")
        .build()
        .unwrap()
}

pub fn store() -> Arc<OrderStore> {
    Arc::new(OrderStore::in_memory())
}

pub fn clock() -> SyncClock {
    SyncClock::new()
}

/// Requests the simulator answered 429.
pub fn too_many(sandbox: &Sandbox) -> usize {
    sandbox
        .control()
        .requests()
        .iter()
        .filter(|r| r.status == 429)
        .count()
}

//! Shared set-up for the integration tests: a simulator and a client pointed at it.
#![allow(dead_code)] // each test binary uses a different subset

pub mod logs;
pub mod loopback;

use std::time::Duration;

use clearchecks_core::{ApiToken, ClearChecksClient, Environment, RetryPolicy};
use clearchecks_sandbox::{Sandbox, SandboxConfig};

/// Long and distinctive, so a leak is easy to spot in any text.
pub const TOKEN: &str = "itest-secret-token-7f3a9c1e5b";
pub const VERSION: &str = "9.8.7-test";

/// Fast retries so fault tests finish quickly.
pub fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
    }
}

pub async fn sandbox(orders: usize) -> Sandbox {
    Sandbox::start(SandboxConfig::empty().account(TOKEN, "Integration Co", orders))
        .await
        .expect("sandbox starts")
}

pub async fn sandbox_with(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config).await.expect("sandbox starts")
}

pub fn client_for(sandbox: &Sandbox, token: &str) -> ClearChecksClient {
    let env = Environment::custom(&sandbox.api_base()).expect("loopback http is allowed");
    ClearChecksClient::builder(env, ApiToken::new(token).unwrap(), VERSION)
        .retry_policy(quick_retries())
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds")
}

pub fn client(sandbox: &Sandbox) -> ClearChecksClient {
    client_for(sandbox, TOKEN)
}

/// A plain reqwest client (for requests the ClearChecks client does not make), with the TLS
/// provider the core installs.
pub fn raw_http() -> reqwest::Client {
    clearchecks_core::http::ensure_tls_provider();
    reqwest::Client::new()
}

/// Asserts neither rendering of `value` contains the token.
pub fn assert_redacted<T: std::fmt::Debug + std::fmt::Display>(value: &T, token: &str) {
    let display = value.to_string();
    let debug = format!("{value:?}");
    assert!(
        !display.contains(token),
        "Display leaks the token: {display}"
    );
    assert!(!debug.contains(token), "Debug leaks the token: {debug}");
    assert!(
        !debug.contains("api_token=") || debug.contains("api_token=<redacted>"),
        "Debug shows a query token: {debug}"
    );
}

//! Rate limiting and every fault mode, observed by a real reqwest client.

mod common;

use std::time::Duration;

use clearchecks_sandbox::{Fault, Sandbox};
use common::*;
use reqwest::Method;
use serde_json::Value;

/// The window runs on tokio's clock: a test on a paused clock (a sync engine's hour of simulated
/// time) sees the window roll over when its simulated minute has passed, not a wall minute.
#[tokio::test(start_paused = true)]
async fn the_rate_limit_window_follows_a_paused_tokio_clock() {
    let sandbox = Sandbox::start(common::config().rate_limit(2, Duration::from_secs(60)))
        .await
        .unwrap();
    for _ in 0..2 {
        let response = call(&sandbox, Method::GET, "/accounts", TOKEN, None).await;
        assert_eq!(response.status(), 200);
    }
    let response = call(&sandbox, Method::GET, "/accounts", TOKEN, None).await;
    assert_eq!(response.status(), 429, "the third request of the minute");
    tokio::time::sleep(Duration::from_secs(59)).await;
    let response = call(&sandbox, Method::GET, "/accounts", TOKEN, None).await;
    assert_eq!(response.status(), 429, "59 simulated seconds: same window");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let response = call(&sandbox, Method::GET, "/accounts", TOKEN, None).await;
    assert_eq!(
        response.status(),
        200,
        "a simulated minute later: a new window"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn rate_limit_headers_429_and_retry_after() {
    let sandbox = Sandbox::start(common::config().rate_limit(3, Duration::from_secs(30)))
        .await
        .unwrap();
    for remaining in ["2", "1", "0"] {
        let response = call(&sandbox, Method::GET, "/accounts", TOKEN, None).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["x-ratelimit-limit"], "3");
        assert_eq!(response.headers()["x-ratelimit-remaining"], remaining);
    }
    let response = call(&sandbox, Method::GET, "/accounts", TOKEN, None).await;
    assert_eq!(response.status(), 429);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&retry_after));
    let reset: u64 = response.headers()["x-ratelimit-reset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(reset > now && reset <= now + 31);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["message"], "Too Many Attempts.");

    // Per token: the other account still has its budget.
    assert_eq!(
        call(&sandbox, Method::GET, "/accounts", OTHER_TOKEN, None)
            .await
            .status(),
        200
    );

    // A short window resets quickly.
    sandbox
        .control()
        .set_rate_limit(1, Duration::from_millis(300));
    assert_eq!(
        call(&sandbox, Method::GET, "/accounts", TOKEN, None)
            .await
            .status(),
        200
    );
    assert_eq!(
        call(&sandbox, Method::GET, "/accounts", TOKEN, None)
            .await
            .status(),
        429
    );
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(
        call(&sandbox, Method::GET, "/accounts", TOKEN, None)
            .await
            .status(),
        200
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn status_storm_latency_and_counted_faults() {
    let sandbox = start().await;
    let control = sandbox.control();
    control.set_fault_times("accounts.show", Fault::Status { code: 503 }, 1);
    let (status, body) = get_json(&sandbox, "/accounts", TOKEN).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (503, Some("Service Unavailable"))
    );
    assert_eq!(
        get_json(&sandbox, "/accounts", TOKEN).await.0,
        200,
        "counted fault cleared itself"
    );

    control.set_fault("*", Fault::Status { code: 500 });
    let (status, body) = get_json(&sandbox, "/accounts/teams", TOKEN).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (500, Some("Server Error"))
    );
    control.clear_faults();

    control.set_fault_times(
        "reports.all",
        Fault::RateLimitStorm {
            retry_after_secs: 7,
        },
        2,
    );
    for _ in 0..2 {
        let response = call(&sandbox, Method::GET, "/reports/all", TOKEN, None).await;
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["retry-after"], "7");
    }
    assert_eq!(get_json(&sandbox, "/reports/all", TOKEN).await.0, 200);

    control.set_fault_times("accounts.show", Fault::Latency { ms: 150 }, 1);
    let started = std::time::Instant::now();
    assert_eq!(get_json(&sandbox, "/accounts", TOKEN).await.0, 200);
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert!(control
        .requests()
        .iter()
        .any(|r| r.fault.as_deref() == Some("latency")));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn malformed_json_fails_to_parse() {
    let sandbox = start().await;
    sandbox
        .control()
        .set_fault_times("reports.all", Fault::MalformedJson, 1);
    let response = call(&sandbox, Method::GET, "/reports/all", TOKEN, None).await;
    assert_eq!(response.status(), 200);
    assert!(response.json::<Value>().await.is_err());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn truncated_body_is_a_body_error_not_a_short_body() {
    let sandbox = start().await;
    sandbox
        .control()
        .set_fault_times("reports.all", Fault::TruncatedBody, 1);
    let response = call(&sandbox, Method::GET, "/reports/all", TOKEN, None).await;
    assert_eq!(response.status(), 200, "the head arrives");
    let error = response.bytes().await.expect_err("the body must fail");
    assert!(error.is_body() || error.is_decode(), "{error:?}");
    assert_eq!(
        get_json(&sandbox, "/reports/all", TOKEN).await.0,
        200,
        "the next request is fine"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn dropped_connection_before_processing_creates_nothing() {
    let sandbox = start().await;
    let control = sandbox.control();
    control.set_fault_times(
        "orders.new",
        Fault::DropConnection {
            after_processing: false,
        },
        1,
    );
    let error = client()
        .post(format!(
            "{}/orders/new?api_token={TOKEN}",
            sandbox.api_base()
        ))
        .json(&order_body(&["lost@example.com"]))
        .send()
        .await
        .expect_err("no response");
    assert!(!error.is_status());
    assert_eq!(control.orders_of(TOKEN).len(), 10);
    let logged = control
        .requests()
        .into_iter()
        .find(|r| r.route == "orders.new")
        .unwrap();
    assert_eq!(
        (logged.status, logged.fault.as_deref()),
        (0, Some("drop_connection"))
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn dropped_connection_after_processing_still_creates_the_order() {
    let sandbox = start().await;
    let control = sandbox.control();
    control.set_fault_times(
        "orders.new",
        Fault::DropConnection {
            after_processing: true,
        },
        1,
    );
    let result = client()
        .post(format!(
            "{}/orders/new?api_token={TOKEN}",
            sandbox.api_base()
        ))
        .json(&order_body(&["uncertain@example.com"]))
        .send()
        .await;
    assert!(result.is_err(), "the client sees an error");
    let orders = control.orders_of(TOKEN);
    assert_eq!(orders.len(), 11);
    assert_eq!(
        orders.last().unwrap().applicant_email,
        "uncertain@example.com"
    );
    // The client can find it by listing.
    let (_, list) = get_json(&sandbox, "/reports/all", TOKEN).await;
    assert_eq!(list["data"][0]["applicant_email"], "uncertain@example.com");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn controls_over_http_mirror_the_handle() {
    let sandbox = start().await;
    let sim = |path: &str| format!("{}/_sim{path}", sandbox.origin());
    let http = client();
    let rule =
        serde_json::json!({"route": "accounts.show", "kind": "status", "code": 500, "times": 1});
    assert_eq!(
        http.put(sim("/faults"))
            .json(&rule)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let listed: Value = http
        .get(sim("/faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["kind"], "status");
    assert_eq!(get_json(&sandbox, "/accounts", TOKEN).await.0, 500);
    let bad = http
        .put(sim("/faults"))
        .json(&serde_json::json!({"route": "x", "kind": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    assert_eq!(
        http.delete(sim("/faults")).send().await.unwrap().status(),
        204
    );

    let key = place(&sandbox, TOKEN, &["ctl@example.com"]).await.remove(0);
    let advance_early = http
        .post(sim(&format!("/reports/{key}/advance")))
        .send()
        .await
        .unwrap();
    assert_eq!(advance_early.status(), 409);
    for (path, status) in [
        ("submit", "P"),
        ("advance", "C"),
        ("adverse?stage=pre", "V"),
        ("adverse?stage=final", "X"),
    ] {
        let response = http
            .post(sim(&format!("/reports/{key}/{path}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["status"], status);
    }
    assert_eq!(
        http.post(sim("/reports/nope/submit"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    let counts: Value = http
        .get(sim("/counts"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(counts["POST orders.new"], 1);
    let log: Value = http
        .get(sim("/requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        log.as_array().unwrap().iter().all(|r| r["route"] != "sim"),
        "controls are not logged"
    );
    assert_eq!(
        http.post(sim("/reset-log")).send().await.unwrap().status(),
        204
    );
    assert!(sandbox.control().requests().is_empty());

    let response = http
        .post(sim("/ratelimit?limit=1&window_secs=30"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(get_json(&sandbox, "/accounts", TOKEN).await.0, 200);
    assert_eq!(
        call(&sandbox, Method::GET, "/accounts", TOKEN, None)
            .await
            .status(),
        429
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_revoked_token_is_refused_until_restored() {
    let sandbox = start().await;
    let sim = |path: &str| format!("{}/_sim{path}", sandbox.origin());
    let http = client();
    assert_eq!(get_json(&sandbox, "/accounts", TOKEN).await.0, 200);

    let revoked = http
        .post(sim(&format!("/tokens/{TOKEN}/revoke")))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200);
    assert_eq!(revoked.json::<Value>().await.unwrap()["revoked"], true);
    let (status, body) = get_json(&sandbox, "/accounts", TOKEN).await;
    assert_eq!(status, 401);
    assert_eq!(body["message"], "Unauthenticated.");
    assert_eq!(get_json(&sandbox, "/reports/all", TOKEN).await.0, 401);
    // Only that token: the other account still works, and the account's data is untouched.
    assert_eq!(get_json(&sandbox, "/accounts", OTHER_TOKEN).await.0, 200);
    assert_eq!(sandbox.control().orders_of(TOKEN).len(), 10);

    let restored = http
        .post(sim(&format!("/tokens/{TOKEN}/restore")))
        .send()
        .await
        .unwrap();
    assert_eq!(restored.status(), 200);
    assert_eq!(restored.json::<Value>().await.unwrap()["revoked"], false);
    assert_eq!(get_json(&sandbox, "/accounts", TOKEN).await.0, 200);

    // The handle does the same; unknown tokens are refused.
    assert!(sandbox.control().revoke_token(OTHER_TOKEN));
    assert_eq!(get_json(&sandbox, "/accounts", OTHER_TOKEN).await.0, 401);
    assert!(sandbox.control().restore_token(OTHER_TOKEN));
    assert_eq!(get_json(&sandbox, "/accounts", OTHER_TOKEN).await.0, 200);
    assert!(!sandbox.control().revoke_token("no-such-token"));
    let unknown = http
        .post(sim("/tokens/no-such-token/revoke"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

//! A redirect within the API is followed, learned, and logged without the token. In a test
//! binary of its own: `tracing` caches per call site whether anyone listens, and another test
//! thread reaching the same call site first could race the capture installed here.

mod common;

use std::time::Duration;

use clearchecks_core::{
    AddOns, ApiToken, Attestation, ClearChecksClient, Environment, OrderRequest, RetryPolicy,
};
use common::loopback::{Recorder, Reply};

const SECRET: &str = "redirect-test-token-NOT-A-SECRET/9+x";
const SECRET_ENCODED: &str = "redirect-test-token-NOT-A-SECRET%2F9%2Bx";

fn client(origin: &str) -> ClearChecksClient {
    let env = Environment::custom(&format!("{origin}/api")).unwrap();
    ClearChecksClient::builder(env, ApiToken::new(SECRET).unwrap(), "9.9.9-test")
        .retry_policy(RetryPolicy {
            max_attempts: 1,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
        })
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn order() -> OrderRequest {
    OrderRequest::new("HIRE1", &["ada@example.com".into()], AddOns::default()).unwrap()
}

fn attestation() -> Attestation {
    Attestation::accepted("I certify a permissible purpose under the FCRA.").unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn the_canonical_form_of_the_api_is_followed_learned_and_logged_without_the_token() {
    let api = Recorder::start(|request| {
        let path = request.target.split('?').next().unwrap_or_default();
        match (request.method.as_str(), path) {
            ("GET", "/api/accounts") => Reply::new("301 Moved Permanently").header(
                "Location",
                // A Laravel rewrite keeps the query, token included.
                format!(
                    "/api/accounts/?{}",
                    request.target.split_once('?').unwrap().1
                ),
            ),
            ("GET", "/api/accounts/") => {
                Reply::new("200 OK").json(r#"{"company_name": "Canonical Co"}"#)
            }
            ("POST", "/api/orders/new/") => Reply::new("201 Created").json(
                r#"{"applicants": [{"report_key": "rk_9", "applicant_email": "ada@example.com"}]}"#,
            ),
            _ => Reply::new("308 Permanent Redirect").header("Location", format!("{path}/")),
        }
    })
    .await;
    let (logs, _guard) = common::logs::capture();
    let client = client(&api.origin);
    let account = client.account().await.unwrap();
    assert_eq!(account.company_name.as_deref(), Some("Canonical Co"));
    let received = api.received();
    assert_eq!(received.len(), 2);
    assert_eq!(
        received[1].target.matches("api_token=").count(),
        1,
        "our token once, not the echoed one as well: {}",
        received[1].target
    );
    // Learned: the order goes to the canonical address at once, no redirect to refuse.
    let placed = client.place_order(&order(), &attestation()).await.unwrap();
    assert_eq!(placed.applicants[0].report_key, "rk_9");
    assert_eq!(api.received().len(), 3);
    let text = logs.text();
    assert!(text.contains("following a redirect"), "{text}");
    assert!(text.contains("api_token=<redacted>"), "{text}");
    assert!(
        !text.contains(SECRET) && !text.contains(SECRET_ENCODED),
        "{text}"
    );
}

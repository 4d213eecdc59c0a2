//! The redirect policy over real HTTP, with two loopback servers on different ports (an "API"
//! and a "file host" / "elsewhere") that record every byte they receive: the token never leaves
//! in a `Referer`, a URL, a cookie or an auth header; a POST is never re-sent anywhere; a login
//! page is an authentication failure; the API's canonical form is followed.

mod common;

use std::time::Duration;

use clearchecks_core::{
    AddOns, ApiError, ApiToken, Attestation, ClearChecksClient, Environment, OrderRequest,
    RetryPolicy,
};
use common::loopback::{Received, Recorder, Reply};

const SECRET: &str = "redirect-test-token-NOT-A-SECRET/9+x";
/// How the token looks percent-encoded in a query string.
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

/// No trace of the token in anything `received` holds.
fn assert_clean(received: &Received) {
    let text = received.text();
    for leak in [SECRET, SECRET_ENCODED, "api_token", "redirect-test-token"] {
        assert!(!text.contains(leak), "{leak} reached the server:\n{text}");
    }
    for header in ["referer", "cookie", "authorization", "proxy-authorization"] {
        assert!(received.header(header).is_none(), "{header} sent:\n{text}");
    }
}

#[tokio::test]
async fn the_pdf_hop_to_the_file_host_carries_no_token_referer_cookie_or_auth_header() {
    let files = Recorder::start(|_| {
        Reply::new("200 OK")
            .header("Content-Type", "application/pdf")
            .body(b"%PDF-1.4 test file".to_vec())
    })
    .await;
    let file_url = format!(
        "{}/signed/rk_1.pdf?expires=9999999999&sig=abc123",
        files.origin
    );
    let api = Recorder::start(move |_| {
        Reply::new("302 Found")
            .header("Location", file_url.clone())
            .header("Set-Cookie", "laravel_session=s3ss10n; path=/; HttpOnly")
            .json(r#"{"message": "Found."}"#)
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    let saved = client(&api.origin)
        .download_report_pdf("rk_1", &path)
        .await
        .unwrap();
    assert_eq!(saved.bytes, 18);
    let api_requests = api.received();
    assert_eq!(api_requests.len(), 1);
    assert!(api_requests[0]
        .target
        .starts_with("/api/report/rk_1/pdf?api_token="));
    let hops = files.received();
    assert_eq!(hops.len(), 1, "one clean request to the file host");
    let hop = &hops[0];
    assert_eq!(hop.method, "GET");
    assert_eq!(hop.target, "/signed/rk_1.pdf?expires=9999999999&sig=abc123");
    assert_clean(hop);
    assert!(hop
        .header("user-agent")
        .is_some_and(|ua| ua.starts_with("ClearChecksDesktop/")));
}

#[tokio::test]
async fn a_post_follows_no_redirect_and_its_body_goes_nowhere_else() {
    let elsewhere = Recorder::start(|_| {
        Reply::new("201 Created").json(r#"{"applicants": [{"report_key": "x"}]}"#)
    })
    .await;
    for status in [
        "307 Temporary Redirect",
        "308 Permanent Redirect",
        "302 Found",
        "301 Moved Permanently",
        "303 See Other",
    ] {
        let target = format!("{}/api/orders/new", elsewhere.origin);
        let api =
            Recorder::start(move |_| Reply::new(status).header("Location", target.clone())).await;
        let client = client(&api.origin);
        let error = client
            .place_order(&order(), &attestation())
            .await
            .unwrap_err();
        match &error {
            ApiError::OutcomeUncertain { message } => {
                assert!(message.contains("not followed"), "{status}: {message}")
            }
            other => panic!("{status}: {other:?}"),
        }
        assert!(client.submission_guard().is_blocked(&order()), "{status}");
        assert_eq!(api.received().len(), 1, "{status}: sent once");
    }
    assert!(
        elsewhere.received().is_empty(),
        "the order went elsewhere: {:#?}",
        elsewhere.received()
    );
}

#[tokio::test]
async fn the_platform_private_key_is_never_sent_after_a_redirect() {
    use clearchecks_core::platform::{PlatformPrivateKey, RegistrationTokenDecryptor};
    let elsewhere = Recorder::start(|_| Reply::new("200 OK").json(r#"{"api_key": "k"}"#)).await;
    let target = format!("{}/api/token/decrypt", elsewhere.origin);
    let api = Recorder::start(move |_| {
        Reply::new("308 Permanent Redirect").header("Location", target.clone())
    })
    .await;
    let key = PlatformPrivateKey::new("platform-private-key-NOT-A-SECRET").unwrap();
    let result = client(&api.origin)
        .decrypt_registration_token("ccreg.token", &key)
        .await;
    assert!(result.is_err());
    assert!(
        elsewhere.received().is_empty(),
        "{:#?}",
        elsewhere.received()
    );
}

#[tokio::test]
async fn a_redirect_to_the_login_page_is_unauthorized_like_a_401() {
    let api = Recorder::start(|request| {
        if request.target.starts_with("/login") {
            return Reply::new("200 OK")
                .header("Content-Type", "text/html; charset=UTF-8")
                .body("<html><title>Login</title><form>…</form></html>");
        }
        Reply::new("302 Found")
            .header("Location", "/login")
            .header("Content-Type", "text/html; charset=UTF-8")
            .body("<html>Redirecting to /login</html>")
    })
    .await;
    let client = client(&api.origin);
    let error = client.account().await.unwrap_err();
    assert!(matches!(error, ApiError::Unauthorized { .. }), "{error:?}");
    let unauthorized_401 = ApiError::Unauthorized {
        diagnostics: clearchecks_core::Diagnostics::new(401, ""),
    };
    assert_eq!(
        error.to_string(),
        unauthorized_401.to_string(),
        "the same words as a 401"
    );
    // The order POST: nothing was placed, so the same order may be sent again.
    let error = client
        .place_order(&order(), &attestation())
        .await
        .unwrap_err();
    assert!(matches!(error, ApiError::Unauthorized { .. }), "{error:?}");
    assert!(!client.submission_guard().is_blocked(&order()));
    assert!(
        api.received()
            .iter()
            .all(|r| !r.target.starts_with("/login")),
        "the login page is never fetched"
    );
}

#[tokio::test]
async fn an_html_page_after_a_redirect_within_the_api_is_unauthorized() {
    let api = Recorder::start(|request| {
        if request.target.starts_with("/api/accounts/") {
            return Reply::new("200 OK")
                .header("Content-Type", "text/html")
                .body("<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>");
        }
        Reply::new("301 Moved Permanently").header("Location", "/api/accounts/")
    })
    .await;
    let error = client(&api.origin).account().await.unwrap_err();
    assert!(matches!(error, ApiError::Unauthorized { .. }), "{error:?}");
}

#[tokio::test]
async fn a_get_never_follows_a_redirect_off_the_api() {
    let elsewhere =
        Recorder::start(|_| Reply::new("200 OK").json(r#"{"company_name": "Evil"}"#)).await;
    for target in [
        format!("{}/api/accounts", elsewhere.origin),
        "/storage/accounts.json".to_string(),
        "/apiary/accounts".to_string(),
    ] {
        let location = target.clone();
        let api =
            Recorder::start(move |_| Reply::new("302 Found").header("Location", location.clone()))
                .await;
        let error = client(&api.origin).account().await.unwrap_err();
        match &error {
            ApiError::Http {
                status: 302,
                message,
                ..
            } => {
                assert!(message.contains("not followed"), "{target}: {message}");
                assert!(!message.contains(SECRET) && !message.contains(SECRET_ENCODED));
            }
            other => panic!("{target}: {other:?}"),
        }
        assert_eq!(api.received().len(), 1, "{target}");
    }
    assert!(elsewhere.received().is_empty());
}

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::StatusCode;

use super::status::parse_retry_after;
use super::*;
use crate::error::ApiError;

fn client() -> ClearChecksClient {
    let env = Environment::custom("http://127.0.0.1:9/api").unwrap();
    ClearChecksClient::builder(env, ApiToken::new("tok/+").unwrap(), "1.2.3")
        .build()
        .unwrap()
}

#[test]
fn urls_encode_segments_and_append_the_token_last() {
    let url = client().url(&["reports", "a b/c", "status"], &[("page", "2".into())]);
    assert_eq!(
        url.as_str(),
        "http://127.0.0.1:9/api/reports/a%20b%2Fc/status?page=2&api_token=tok%2F%2B"
    );
}

#[test]
fn a_learned_trailing_slash_is_used_and_a_redirect_target_gets_our_token() {
    let c = client();
    c.shared.trailing_slash.store(true, Ordering::Relaxed);
    assert_eq!(
        c.url(&["accounts"], &[]).as_str(),
        "http://127.0.0.1:9/api/accounts/?api_token=tok%2F%2B"
    );
    let target = Url::parse("http://127.0.0.1:9/api/x?page=3&API_TOKEN=someone-elses").unwrap();
    assert_eq!(
        c.with_token(target).as_str(),
        "http://127.0.0.1:9/api/x?page=3&api_token=tok%2F%2B"
    );
    assert_eq!(
        c.redacted(&c.url(&["x"], &[])),
        "http://127.0.0.1:9/api/x/?api_token=<redacted>"
    );
}

#[test]
fn debug_hides_the_token() {
    assert!(!format!("{:?}", client()).contains("tok/+"));
}

#[test]
fn status_mapping() {
    let c = client();
    let body =
        r#"{"message":"The given data was invalid.","errors":{"report_sku":["Unknown SKU."]}}"#;
    match c.status_error(StatusCode::UNPROCESSABLE_ENTITY, None, body, None) {
        ApiError::Validation {
            message,
            field_errors,
            ..
        } => {
            assert_eq!(message, "The given data was invalid.");
            assert_eq!(field_errors["report_sku"], vec!["Unknown SKU.".to_string()]);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        c.status_error(StatusCode::UNAUTHORIZED, None, "", None),
        ApiError::Unauthorized { .. }
    ));
    assert!(matches!(
        c.status_error(StatusCode::NOT_FOUND, None, "<html>", None),
        ApiError::NotFound { .. }
    ));
    assert!(matches!(
        c.status_error(StatusCode::BAD_GATEWAY, None, "", None),
        ApiError::Server { status: 502, .. }
    ));
    match c.status_error(
        StatusCode::METHOD_NOT_ALLOWED,
        None,
        "{\"message\":\"Nope tok/+\"}",
        None,
    ) {
        ApiError::Http {
            status: 405,
            message,
            diagnostics,
        } => {
            assert_eq!(message, "Nope <redacted>");
            assert!(!diagnostics.body.contains("tok/+"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn backoff_grows_and_is_capped() {
    let policy = RetryPolicy {
        max_attempts: 5,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_millis(300),
    };
    for _ in 0..50 {
        let first = policy.backoff(1);
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(150));
        assert!(policy.backoff(6) <= Duration::from_millis(450));
    }
}

#[test]
fn retry_after_seconds_and_dates() {
    let mut headers = HeaderMap::new();
    headers.insert(RETRY_AFTER, HeaderValue::from_static("12"));
    assert_eq!(parse_retry_after(&headers), Some(Duration::from_secs(12)));
    headers.insert(
        RETRY_AFTER,
        HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
    );
    assert_eq!(parse_retry_after(&headers), Some(Duration::ZERO));
    headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
    assert_eq!(parse_retry_after(&headers), None);
    let mut headers = HeaderMap::new();
    let reset = (chrono::Utc::now().timestamp() + 30).to_string();
    headers.insert("x-ratelimit-reset", HeaderValue::from_str(&reset).unwrap());
    let wait = parse_retry_after(&headers).unwrap();
    assert!(
        wait >= Duration::from_secs(29) && wait <= Duration::from_secs(30),
        "{wait:?}"
    );
    assert_eq!(parse_retry_after(&HeaderMap::new()), None);
}

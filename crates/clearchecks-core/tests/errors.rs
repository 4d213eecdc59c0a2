//! Every failure kind maps to the right typed error, and no error ever shows the token.

mod common;

use std::time::Duration;

use clearchecks_core::{ApiError, ApiToken, ClearChecksClient, Environment, ErrorKind};
use clearchecks_sandbox::Fault;
use common::*;

fn client_with_timeout(
    sandbox: &clearchecks_sandbox::Sandbox,
    timeout: Duration,
) -> ClearChecksClient {
    let env = Environment::custom(&sandbox.api_base()).unwrap();
    ClearChecksClient::builder(env, ApiToken::new(TOKEN).unwrap(), VERSION)
        .retry_policy(quick_retries())
        .timeout(timeout)
        .build()
        .unwrap()
}

fn check(err: &ApiError, kind: ErrorKind) {
    assert_eq!(err.kind(), kind, "{err:?}");
    assert_redacted(err, TOKEN);
    if let Some(diagnostics) = err.diagnostics() {
        assert!(!diagnostics.body.contains(TOKEN));
    }
}

#[tokio::test]
async fn every_fault_mode_is_typed_and_redacted() {
    let sandbox = sandbox(1).await;
    let control = sandbox.control();
    let route = "accounts.show";
    let cases: Vec<(Fault, ErrorKind, usize)> = vec![
        (Fault::Status { code: 500 }, ErrorKind::Server, 3),
        (Fault::Status { code: 503 }, ErrorKind::Server, 3),
        (Fault::Status { code: 418 }, ErrorKind::Http, 1),
        (Fault::Status { code: 403 }, ErrorKind::Http, 1),
        (Fault::Status { code: 404 }, ErrorKind::NotFound, 1),
        (Fault::Status { code: 401 }, ErrorKind::Unauthorized, 1),
        (Fault::Status { code: 422 }, ErrorKind::Validation, 1),
        (Fault::MalformedJson, ErrorKind::Decode, 1),
        (Fault::TruncatedBody, ErrorKind::Network, 3),
        (
            Fault::DropConnection {
                after_processing: false,
            },
            ErrorKind::Network,
            3,
        ),
        (
            Fault::RateLimitStorm {
                retry_after_secs: 0,
            },
            ErrorKind::RateLimited,
            3,
        ),
    ];
    let client = client(&sandbox);
    for (fault, kind, attempts) in cases {
        control.reset_log();
        control.set_fault(route, fault.clone());
        let err = client.account().await.unwrap_err();
        check(&err, kind);
        assert_eq!(control.count("GET", route), attempts, "{fault:?}: attempts");
        control.clear_faults();
    }
    control.set_fault(route, Fault::Status { code: 502 });
    match client.account().await.unwrap_err() {
        ApiError::Server {
            status: 502,
            diagnostics,
        } => assert_eq!(diagnostics.status, 502),
        other => panic!("{other:?}"),
    }
    control.clear_faults();
    // A transient fault that clears is retried into success.
    control.reset_log();
    control.set_fault_times(route, Fault::Status { code: 500 }, 2);
    assert!(client.account().await.is_ok());
    assert_eq!(control.count("GET", route), 3);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn timeouts_are_typed_and_retried() {
    let sandbox = sandbox(1).await;
    let client = client_with_timeout(&sandbox, Duration::from_millis(200));
    sandbox
        .control()
        .set_fault("accounts.show", Fault::Latency { ms: 800 });
    let err = client.account().await.unwrap_err();
    check(&err, ErrorKind::Timeout);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn wrong_token_is_unauthorized_and_not_printed() {
    let sandbox = sandbox(1).await;
    let wrong = "wrong-but-secret-token-55aa";
    let client = client_for(&sandbox, wrong);
    let err = client.account().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthorized);
    assert_redacted(&err, wrong);
    assert!(
        err.to_string().contains("Replace the token"),
        "says what to do: {err}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn connection_refused_is_network() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let env = Environment::custom(&format!("http://127.0.0.1:{port}/api")).unwrap();
    let client = ClearChecksClient::builder(env, ApiToken::new(TOKEN).unwrap(), VERSION)
        .retry_policy(quick_retries())
        .build()
        .unwrap();
    let err = client.account().await.unwrap_err();
    check(&err, ErrorKind::Network);
}

#[tokio::test]
async fn dns_failure_is_network() {
    let env = Environment::custom("https://clearchecks-no-such-host.invalid/api").unwrap();
    let client = ClearChecksClient::builder(env, ApiToken::new(TOKEN).unwrap(), VERSION)
        .retry_policy(quick_retries())
        .connect_timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    let err = client.list_reports_page(2).await.unwrap_err();
    check(&err, ErrorKind::Network);
}

/// A server that answers every request with `status` and a body that echoes the request line
/// (and so the token), to prove every stored string is scrubbed.
async fn echo_server(
    status: u16,
    json_string_body: bool,
) -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let n = socket.read(&mut buf).await.unwrap_or(0);
                let request_line = String::from_utf8_lossy(&buf[..n])
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string();
                let body = if json_string_body {
                    serde_json::to_string(&request_line).unwrap()
                } else {
                    serde_json::json!({"message": format!("bad {request_line}"),
                                       "errors": {"api_token": [format!("{request_line} is wrong")]}})
                    .to_string()
                };
                let response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    (addr, task)
}

#[tokio::test]
async fn echoed_tokens_are_scrubbed_from_every_error() {
    let cases = [
        (401, false, ErrorKind::Unauthorized),
        (404, false, ErrorKind::NotFound),
        (422, false, ErrorKind::Validation),
        (500, false, ErrorKind::Server),
        (418, false, ErrorKind::Http),
        (200, true, ErrorKind::Decode),
    ];
    for (status, json_string, kind) in cases {
        let (addr, task) = echo_server(status, json_string).await;
        let env = Environment::custom(&format!("http://{addr}/api")).unwrap();
        let client = ClearChecksClient::builder(env, ApiToken::new(TOKEN).unwrap(), VERSION)
            .retry_policy(quick_retries())
            .build()
            .unwrap();
        let err = client.account().await.unwrap_err();
        check(&err, kind);
        if let ApiError::Validation {
            message,
            field_errors,
            ..
        } = &err
        {
            assert!(message.contains("api_token=<redacted>"), "{message}");
            assert!(!format!("{field_errors:?}").contains(TOKEN));
        }
        if status != 200 {
            let body = &err.diagnostics().unwrap().body;
            assert!(
                body.contains("<redacted>"),
                "the echo was kept, scrubbed: {body}"
            );
        }
        task.abort();
    }
}

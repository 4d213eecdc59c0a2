//! A server that answers with absurd bodies: 50 MB of JSON (with and without `Content-Length`),
//! 50 MB of error text, JSON nested 100,000 levels deep. Each must end in a clear typed error,
//! never a panic, a stack overflow or an unbounded allocation.
//!
//! The simulator cannot misbehave this badly, so this file has its own one-route HTTP/1.1 server
//! on a loopback port: it reads a request head, writes a canned status line and streams the body
//! in 64 KB chunks, counting what the client actually accepted.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use clearchecks_core::http::{MAX_ERROR_BODY, MAX_JSON_BODY};
use clearchecks_core::{
    ApiError, ApiToken, ClearChecksClient, Environment, ErrorKind, RetryPolicy,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const TOKEN: &str = "hostile-test-token-NOT-A-SECRET-5e1f";
const FIFTY_MB: usize = 50 * 1024 * 1024;
const CHUNK: usize = 64 * 1024;

/// How the canned answer is framed.
#[derive(Clone, Copy)]
enum Framing {
    /// `Content-Length` announces the full size up front.
    Length,
    /// `Connection: close` and no length: the client only learns the size by reading.
    UntilClose,
}

/// One canned answer, served to every connection.
#[derive(Clone)]
struct Answer {
    status: &'static str,
    framing: Framing,
    /// Produces the body, chunk by chunk; `None` ends it.
    body: Body,
}

/// Chunk `index` of a body, or `None` after the last one.
type Body = Arc<dyn Fn(usize) -> Option<Vec<u8>> + Send + Sync>;

struct Server {
    base: String,
    /// Body bytes the server managed to write before the client hung up.
    written: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

async fn serve(answer: Answer, total_len: usize) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api", listener.local_addr().unwrap());
    let written = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let (w, r) = (written.clone(), requests.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let (answer, written, requests) = (answer.clone(), w.clone(), r.clone());
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                requests.fetch_add(1, Ordering::SeqCst);
                let framing = match answer.framing {
                    Framing::Length => format!("Content-Length: {total_len}\r\n"),
                    Framing::UntilClose => "Connection: close\r\n".to_string(),
                };
                let header = format!(
                    "HTTP/1.1 {}\r\nContent-Type: application/json\r\n{framing}\r\n",
                    answer.status
                );
                if socket.write_all(header.as_bytes()).await.is_err() {
                    return;
                }
                let mut index = 0;
                while let Some(chunk) = (answer.body)(index) {
                    if socket.write_all(&chunk).await.is_err() {
                        return; // the client hung up: that is the point
                    }
                    written.fetch_add(chunk.len(), Ordering::SeqCst);
                    index += 1;
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    Server {
        base,
        written,
        requests,
    }
}

/// A `/reports/all` page of one item whose key fills `total` bytes: valid JSON if read whole.
fn huge_json(total: usize) -> Body {
    filled(total, b"{\"data\":[{\"report_key\":\"", b"\"}]}")
}

/// `head`, then `x` up to `total` bytes, then `tail`, in 64 KB chunks.
fn filled(total: usize, head: &'static [u8], tail: &'static [u8]) -> Body {
    Arc::new(move |index| {
        let start = index * CHUNK;
        if start >= total {
            return None;
        }
        let mut chunk = Vec::with_capacity(CHUNK);
        if index == 0 {
            chunk.extend_from_slice(head);
        }
        let end = (start + CHUNK).min(total);
        let tail: &[u8] = if end == total { tail } else { b"" };
        chunk.resize(end - start - tail.len(), b'x');
        chunk.extend_from_slice(tail);
        Some(chunk)
    })
}

fn client(base: &str) -> ClearChecksClient {
    let env = Environment::custom(base).unwrap();
    ClearChecksClient::builder(env, ApiToken::new(TOKEN).unwrap(), "0.0.0-test")
        .retry_policy(RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(20),
        })
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

fn assert_too_large(error: &ApiError) {
    assert_eq!(error.kind(), ErrorKind::Decode, "{error:?}");
    let text = error.to_string();
    assert!(text.contains("larger than 16 MB"), "{text}");
    assert!(
        text.len() < 1_000,
        "the error is short: {} bytes",
        text.len()
    );
    assert!(!text.contains(TOKEN) && !format!("{error:?}").contains(TOKEN));
}

#[tokio::test]
async fn a_50_mb_body_without_length_is_refused_after_16_mb() {
    let server = serve(
        Answer {
            status: "200 OK",
            framing: Framing::UntilClose,
            body: huge_json(FIFTY_MB),
        },
        FIFTY_MB,
    )
    .await;
    let error = client(&server.base)
        .report_status("rk_1")
        .await
        .unwrap_err();
    assert_too_large(&error);
    // Refused once, not retried: the same request would fetch the same oversized answer.
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
    // The client stopped reading: the server could not push the whole 50 MB (what it did write
    // is the cap plus what the kernel's socket buffers held).
    tokio::time::sleep(Duration::from_millis(200)).await;
    let written = server.written.load(Ordering::SeqCst);
    assert!(written < FIFTY_MB, "the server wrote all {written} bytes");
}

#[tokio::test]
async fn a_50_mb_content_length_is_refused_before_reading() {
    let server = serve(
        Answer {
            status: "200 OK",
            framing: Framing::Length,
            body: huge_json(FIFTY_MB),
        },
        FIFTY_MB,
    )
    .await;
    let error = client(&server.base).list_reports_page(1).await.unwrap_err();
    assert_too_large(&error);
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_body_just_under_the_cap_is_read() {
    // A real (if silly) page just below 16 MiB still decodes: the cap refuses only what no
    // ClearChecks answer could be.
    let total = MAX_JSON_BODY - 1024;
    let server = serve(
        Answer {
            status: "200 OK",
            framing: Framing::UntilClose,
            body: huge_json(total),
        },
        total,
    )
    .await;
    let page = client(&server.base).list_reports_page(1).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert!(page.items[0].report_key.len() > MAX_JSON_BODY - 2048);
}

#[tokio::test]
async fn a_decode_error_quotes_a_few_hundred_characters_of_a_huge_value() {
    // serde_json quotes a value of the wrong type whole; the error must not carry 8 MB of it
    // into the UI and the log. (A string *inside* `data` is only a skipped entry; a body that
    // is one huge string is not a list at all.)
    let total = 8 * 1024 * 1024;
    let server = serve(
        Answer {
            status: "200 OK",
            framing: Framing::Length,
            body: filled(total, b"\"", b"\""),
        },
        total,
    )
    .await;
    let error = client(&server.base).list_reports_page(1).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{}", error.kind().as_str());
    let text = error.to_string();
    assert!(text.len() < 1_000, "{} bytes", text.len());
    assert!(text.contains("[cut] at line 1 column"), "{}", &text[..200]);
}

#[tokio::test]
async fn a_50_mb_error_body_still_gives_the_status_error() {
    let server = serve(
        Answer {
            status: "422 Unprocessable Entity",
            framing: Framing::UntilClose,
            body: huge_json(FIFTY_MB),
        },
        FIFTY_MB,
    )
    .await;
    let error = client(&server.base)
        .report_status("rk_1")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation, "{error:?}");
    let diagnostics = error.diagnostics().expect("the status is kept");
    assert_eq!(diagnostics.status, 422);
    assert!(diagnostics.body.len() < MAX_ERROR_BODY);
}

/// A server whose body is `head`, `[` × depth, `]` × depth, `tail`.
async fn nested_server(head: &'static [u8], tail: &'static [u8]) -> Server {
    const DEPTH: usize = 100_000;
    let body: Body = Arc::new(move |index| match index {
        0 => Some(head.to_vec()),
        1 => Some("[".repeat(DEPTH).into_bytes()),
        2 => Some("]".repeat(DEPTH).into_bytes()),
        3 => Some(tail.to_vec()),
        _ => None,
    });
    let total = head.len() + 2 * DEPTH + tail.len();
    serve(
        Answer {
            status: "200 OK",
            framing: Framing::Length,
            body,
        },
        total,
    )
    .await
}

fn assert_decode(result: Result<impl std::fmt::Debug, ApiError>, what: &str) -> String {
    match result {
        Err(error) => {
            assert_eq!(error.kind(), ErrorKind::Decode, "{what}: {error}");
            error.to_string()
        }
        Ok(value) => panic!("{what} decoded 100,000 nested arrays: {value:?}"),
    }
}

#[tokio::test]
async fn json_nested_100000_levels_is_a_decode_error_not_a_stack_overflow() {
    let server = nested_server(b"", b"").await;
    let client = client(&server.base);
    let report = assert_decode(client.report("rk_1").await, "report");
    assert!(report.contains("recursion limit exceeded"), "{report}");
    // The status decoder is lenient by design (contract §2.3): what it cannot read is an
    // unknown status, which the UI shows as such; it still never recurses 100,000 levels.
    let status = client.report_status("rk_1").await.unwrap();
    assert_eq!(status.state(), clearchecks_core::OrderState::Unknown);
    // Pages read a bare array as their item list; an item that is itself an array is dropped.
    assert!(client.list_reports_page(1).await.unwrap().items.is_empty());
    assert!(client.list_invoices_page(1).await.unwrap().items.is_empty());
    let invoice = assert_decode(client.invoice(1).await, "invoice");
    assert!(invoice.contains("the invoice has no id"), "{invoice}");
    let account = client.account().await.unwrap();
    assert_eq!(account.company_name, None);
}

#[tokio::test]
async fn deep_nesting_inside_a_lenient_field_is_skipped_or_refused() {
    // Where a field tolerates any shape, serde_json skips the nested value without recursing
    // (the field falls back to empty); where the whole body is kept as a `Value`, the nesting
    // limit refuses it. Neither overflows the stack.
    let server = nested_server(b"{\"status\":\"C\",\"reports\":", b"}").await;
    let client = client(&server.base);
    let status = client.report_status("rk_1").await.unwrap();
    assert_eq!(status.state(), clearchecks_core::OrderState::Complete);
    assert!(status.reports.is_empty());
    let report = assert_decode(client.report("rk_1").await, "report");
    assert!(report.contains("recursion limit exceeded"), "{report}");
}

//! The one HTTP client of ClearChecks Desktop: how every request is built, paced, sent, retried
//! and turned into a typed result.
//!
//! * `api_token` goes in the query string of every call (the contract's only auth form);
//!   `Accept: application/json`; `Content-Type: application/json; charset=utf-8` with a body;
//!   `User-Agent: ClearChecksDesktop/<version>`; 10 s connect / 30 s total timeouts; gzip; the
//!   OS proxy (reqwest's default); rustls.
//! * Every request first takes a slot from the token's shared [`RateLimiter`].
//! * Idempotent GETs are retried (bounded, exponential backoff with jitter) on network errors,
//!   timeouts and 5xx. After a 429 the limiter is paused for `Retry-After` and the retry waits
//!   for the pause to end; an interactive request facing a pause longer than
//!   [`RateLimitConfig::max_interactive_pause`](crate::rate_limit::RateLimitConfig) fails at
//!   once with `ApiError::RateLimited { retry_after }` instead. POSTs are sent once.
//! * A JSON body is read into memory only up to [`MAX_JSON_BODY`] (16 MiB, counted after gzip
//!   decoding); a larger answer is a `Decode` error, never an unbounded allocation.
//! * Errors never carry the token: reqwest errors are stripped of their URL and every string we
//!   keep goes through [`ApiToken::scrub`].
//!
//! Endpoint modules (`accounts`, `reports`, `orders`, `invoices`, `platform`) add their methods
//! to [`ClearChecksClient`] in their own `impl` blocks.

use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use rand::Rng;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use url::Url;

use crate::environment::{is_loopback, Environment};
use crate::error::{ApiError, Diagnostics};
use crate::orders::SubmissionGuard;
use crate::rate_limit::{Priority, RateLimiter};
use crate::token::ApiToken;

mod body;

use body::{read_capped, BodyError};
pub use body::{MAX_ERROR_BODY, MAX_JSON_BODY};

pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const JSON_BODY: &str = "application/json; charset=utf-8";
const MAX_REDIRECTS: usize = 5;
/// Characters of a serde_json message kept in a `Decode` error (see `decode_error`).
const MAX_DECODE_DETAIL: usize = 300;

/// Bounded retries for idempotent requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts, including the first (1 = no retry).
    pub max_attempts: u32,
    /// Backoff before the second attempt; doubles each time, with ±50 % jitter.
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
        }
    }
}

impl RetryPolicy {
    fn backoff(&self, failed_attempts: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1 << failed_attempts.saturating_sub(1).min(16));
        let capped = exp.min(self.max_delay);
        let factor = rand::thread_rng().gen_range(0.5..1.5);
        capped.mul_f64(factor)
    }
}

/// Configures a [`ClearChecksClient`]. Start with [`ClearChecksClient::builder`].
#[must_use]
pub struct ClientBuilder {
    environment: Environment,
    token: ApiToken,
    app_version: String,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
    limiter: Option<RateLimiter>,
    guard: Option<SubmissionGuard>,
}

impl ClientBuilder {
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Total time for one attempt, from sending to the last byte of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Shares an existing limiter (one per token) instead of creating a new one.
    pub fn rate_limiter(mut self, limiter: RateLimiter) -> Self {
        self.limiter = Some(limiter);
        self
    }

    /// Shares an existing duplicate-order guard (one per account).
    pub fn submission_guard(mut self, guard: SubmissionGuard) -> Self {
        self.guard = Some(guard);
        self
    }

    pub fn build(self) -> Result<ClearChecksClient, ApiError> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        // Only visible ASCII can go in a header; a version string never needs more.
        let version: String = self
            .app_version
            .chars()
            .filter(char::is_ascii_graphic)
            .collect();
        let user_agent = HeaderValue::from_str(&format!("ClearChecksDesktop/{version}"))
            .expect("visible ASCII is a valid header value");
        headers.insert(USER_AGENT, user_agent);
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .gzip(true)
            .redirect(redirect_policy())
            .build()
            .map_err(|e| ApiError::Network {
                detail: self.token.scrub(&error_chain(&e.without_url())),
            })?;
        Ok(ClearChecksClient {
            shared: Arc::new(Shared {
                http,
                environment: self.environment,
                token: self.token,
                limiter: self.limiter.unwrap_or_default(),
                guard: self.guard.unwrap_or_default(),
                retry: self.retry,
            }),
            priority: Priority::Interactive,
        })
    }
}

/// Follows redirects (the PDF endpoint answers 302 to a signed file URL) only to https, or to
/// http on a loopback host, so a redirect can never downgrade a download to plain http.
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() >= MAX_REDIRECTS {
            return attempt.error("too many redirects");
        }
        let url = attempt.url();
        let allowed = url.scheme() == "https" || (url.scheme() == "http" && is_loopback(url));
        if allowed {
            attempt.follow()
        } else {
            attempt.error("refused a redirect to a non-https address")
        }
    })
}

/// A ClearChecks API client for one account (environment + token). Cheap to clone; clones share
/// the HTTP connection pool, the rate limiter and the duplicate-order guard.
#[derive(Clone)]
pub struct ClearChecksClient {
    shared: Arc<Shared>,
    priority: Priority,
}

struct Shared {
    http: reqwest::Client,
    environment: Environment,
    token: ApiToken,
    limiter: RateLimiter,
    guard: SubmissionGuard,
    retry: RetryPolicy,
}

impl std::fmt::Debug for ClearChecksClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClearChecksClient")
            .field("environment", &self.shared.environment)
            .field("token", &self.shared.token)
            .field("priority", &self.priority)
            .finish()
    }
}

/// What a successful call returned before decoding.
pub(crate) struct RawResponse {
    pub status: StatusCode,
    pub body: Bytes,
}

impl ClearChecksClient {
    /// `app_version` ends up in the User-Agent (`ClearChecksDesktop/<app_version>`).
    pub fn builder(environment: Environment, token: ApiToken, app_version: &str) -> ClientBuilder {
        ClientBuilder {
            environment,
            token,
            app_version: app_version.to_string(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            limiter: None,
            guard: None,
        }
    }

    pub fn environment(&self) -> &Environment {
        &self.shared.environment
    }

    /// The token's shared limiter (for the UI's "requests left" and for tests).
    pub fn rate_limiter(&self) -> &RateLimiter {
        &self.shared.limiter
    }

    pub fn submission_guard(&self) -> &SubmissionGuard {
        &self.shared.guard
    }

    pub fn priority(&self) -> Priority {
        self.priority
    }

    /// A handle whose requests queue with `priority` (default: interactive).
    pub fn with_priority(&self, priority: Priority) -> Self {
        Self {
            shared: self.shared.clone(),
            priority,
        }
    }

    /// Shorthand for `with_priority(Priority::Background)`, for the poller.
    pub fn background(&self) -> Self {
        self.with_priority(Priority::Background)
    }

    /// `{api_base}/{segments…}?{query…}&api_token=…`; segments are percent-encoded.
    fn url(&self, segments: &[&str], query: &[(&str, String)]) -> Url {
        let mut url = self.shared.environment.api_base();
        {
            let mut path = url
                .path_segments_mut()
                .expect("API base is a hierarchical URL");
            path.pop_if_empty();
            for segment in segments {
                path.push(segment);
            }
        }
        {
            let mut pairs = url.query_pairs_mut();
            for (key, value) in query {
                pairs.append_pair(key, value);
            }
            pairs.append_pair("api_token", self.shared.token.expose_secret());
        }
        url
    }

    /// GET and decode JSON, with retries.
    pub(crate) async fn get_json<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        segments: &[&str],
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        let raw = self.get_bytes(endpoint, segments, query).await?;
        self.decode(endpoint, &raw.body)
    }

    /// GET the whole body, with retries (also when the body is cut off mid-way).
    pub(crate) async fn get_bytes(
        &self,
        endpoint: &str,
        segments: &[&str],
        query: &[(&str, String)],
    ) -> Result<RawResponse, ApiError> {
        self.with_retries(endpoint, || async {
            let response = self.send(Method::GET, segments, query, None, None).await?;
            let status = response.status();
            let body = read_capped(response, MAX_JSON_BODY)
                .await
                .map_err(|e| self.body_error(endpoint, e))?;
            Ok(RawResponse { status, body })
        })
        .await
    }

    /// GET returning the successful response unread, for streaming downloads. Retries cover
    /// getting a 2xx answer; a body that fails later is the caller's to report.
    pub(crate) async fn get_streaming(
        &self,
        endpoint: &str,
        segments: &[&str],
        accept: &'static str,
    ) -> Result<reqwest::Response, ApiError> {
        self.with_retries(endpoint, || {
            self.send(Method::GET, segments, &[], None, Some(accept))
        })
        .await
    }

    /// POST a JSON body exactly once. Never retried: the caller decides what a failure means.
    /// Returns the transport-level outcome so `orders` can tell "not sent" from "unknown".
    pub(crate) async fn post_once<B: Serialize>(&self, segments: &[&str], body: &B) -> PostResult {
        let bytes = match serde_json::to_vec(body) {
            Ok(bytes) => bytes,
            Err(e) => {
                return PostResult::NotSent(ApiError::Decode {
                    endpoint: "request body".into(),
                    detail: e.to_string(),
                })
            }
        };
        match self
            .send(Method::POST, segments, &[], Some(bytes), None)
            .await
        {
            Err(SendError::NotSent(e) | SendError::Deferred(e)) => PostResult::NotSent(e),
            Err(SendError::Response(e)) => PostResult::Rejected(e),
            Err(SendError::Lost(e)) => PostResult::Lost(e),
            Ok(response) => {
                let status = response.status();
                // An answer we cannot read leaves the outcome unknown, like a lost one.
                match read_capped(response, MAX_JSON_BODY).await {
                    Ok(body) => PostResult::Answered(RawResponse { status, body }),
                    Err(e) => PostResult::Lost(self.body_error("POST answer", e).into_api_error()),
                }
            }
        }
    }

    pub(crate) fn decode<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        body: &[u8],
    ) -> Result<T, ApiError> {
        serde_json::from_slice(body).map_err(|e| self.decode_error(endpoint, &e))
    }

    /// A body that is not the JSON we expect (also serde_json's nesting limit of 128 levels:
    /// a deeply nested answer is refused here instead of overflowing the stack). serde_json
    /// quotes the offending value whole, which can be megabytes of whatever the server sent:
    /// the detail keeps its first [`MAX_DECODE_DETAIL`] characters and the position.
    pub(crate) fn decode_error(&self, endpoint: &str, error: &serde_json::Error) -> ApiError {
        let text = error.to_string();
        let detail = if text.chars().count() > MAX_DECODE_DETAIL {
            let head: String = text.chars().take(MAX_DECODE_DETAIL).collect();
            format!(
                "{head}…[cut] at line {} column {}",
                error.line(),
                error.column()
            )
        } else {
            text
        };
        ApiError::Decode {
            endpoint: endpoint.to_string(),
            detail: self.shared.token.scrub(&detail),
        }
    }

    async fn with_retries<T, F, Fut>(&self, endpoint: &str, mut attempt: F) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, SendError>>,
    {
        let policy = self.shared.retry;
        let mut failed = 0;
        loop {
            let error = match attempt().await {
                Ok(value) => return Ok(value),
                // Refused by our own limiter (a pause too long for a click): nothing was sent,
                // and trying again would only be refused again.
                Err(SendError::Deferred(e)) => return Err(e),
                Err(e) => e.into_api_error(),
            };
            failed += 1;
            if !error.is_transient() || failed >= policy.max_attempts.max(1) {
                return Err(error);
            }
            // No backoff after a 429: the 429 paused the token's limiter, and the retry's
            // `acquire` waits until that pause ends (or refuses a click if it is too long), like
            // every other request for this token. That wait is the only right one.
            if !matches!(error, ApiError::RateLimited { .. }) {
                let delay = policy.backoff(failed);
                tracing::debug!(endpoint, kind = error.kind().as_str(), ?delay, "retrying");
                tokio::time::sleep(delay).await;
            }
        }
    }

    /// One request: take a rate-limit slot, send, learn from the rate headers, and turn
    /// non-2xx statuses into errors.
    async fn send(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
        accept: Option<&'static str>,
    ) -> Result<reqwest::Response, SendError> {
        let url = self.url(segments, query);
        let mut request = self.shared.http.request(method, url);
        if let Some(accept) = accept {
            request = request.header(ACCEPT, accept);
        }
        if let Some(body) = body {
            request = request.header(CONTENT_TYPE, JSON_BODY).body(body);
        }
        let permit = self
            .shared
            .limiter
            .acquire(self.priority)
            .await
            .map_err(|paused| {
                SendError::Deferred(ApiError::RateLimited {
                    retry_after: paused.retry_after,
                })
            })?;
        let response = request.send().await;
        // Answered (or failed): from now on the request only counts for one window.
        drop(permit);
        let response = response.map_err(|e| {
            let sent = !e.is_connect() && !e.is_builder();
            let error = self.transport_error(e);
            if sent {
                SendError::Lost(error)
            } else {
                SendError::NotSent(error)
            }
        })?;
        self.observe_rate_headers(response.headers());
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let retry_after = (status == StatusCode::TOO_MANY_REQUESTS)
            .then(|| parse_retry_after(response.headers()));
        // The status alone decides the error; an unreadable or oversized body only loses detail.
        let text = read_capped(response, MAX_ERROR_BODY)
            .await
            .map(|body| String::from_utf8_lossy(&body).into_owned())
            .unwrap_or_default();
        Err(SendError::Response(self.status_error(
            status,
            retry_after,
            &text,
        )))
    }

    fn observe_rate_headers(&self, headers: &HeaderMap) {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u32>().ok();
        self.shared
            .limiter
            .observe(number("x-ratelimit-limit"), number("x-ratelimit-remaining"));
    }

    fn status_error(
        &self,
        status: StatusCode,
        retry_after: Option<Option<Duration>>,
        body: &str,
    ) -> ApiError {
        let scrubbed = self.shared.token.scrub(body);
        let diagnostics = Diagnostics::new(status.as_u16(), &scrubbed);
        let parsed: ErrorBody = serde_json::from_str(&scrubbed).unwrap_or_default();
        match status.as_u16() {
            401 => ApiError::Unauthorized { diagnostics },
            404 => ApiError::NotFound { diagnostics },
            422 => ApiError::Validation {
                message: parsed
                    .message
                    .unwrap_or_else(|| "The request was not valid.".into()),
                field_errors: parsed.errors,
                diagnostics: Some(diagnostics),
            },
            429 => {
                let waited = self.shared.limiter.pause(retry_after.flatten());
                ApiError::RateLimited {
                    retry_after: waited,
                }
            }
            500..=599 => ApiError::Server {
                status: status.as_u16(),
                diagnostics,
            },
            code => ApiError::Http {
                status: code,
                message: parsed.message.unwrap_or_else(|| {
                    status
                        .canonical_reason()
                        .unwrap_or("unexpected answer")
                        .to_string()
                }),
                diagnostics,
            },
        }
    }

    /// A body that could not be read: too large is a final `Decode` error (retrying would fetch
    /// the same oversized answer), a broken connection is a transport error like any other.
    fn body_error(&self, endpoint: &str, error: BodyError) -> SendError {
        match error {
            BodyError::TooLarge { limit } => SendError::Response(ApiError::Decode {
                endpoint: endpoint.to_string(),
                detail: BodyError::too_large_detail(limit),
            }),
            BodyError::Transport(e) => SendError::Lost(self.transport_error(e)),
        }
    }

    /// Turns a reqwest error into a token-free `ApiError`.
    pub(crate) fn transport_error(&self, error: reqwest::Error) -> ApiError {
        if error.is_timeout() {
            return ApiError::Timeout;
        }
        let connect = error.is_connect();
        let chain = error_chain(&error.without_url());
        let detail = self.shared.token.scrub(&chain);
        let detail = if connect {
            format!("could not connect: {detail}")
        } else {
            detail
        };
        ApiError::Network { detail }
    }
}

/// `error: source: source…`, deduplicating repeated messages.
fn error_chain(error: &reqwest::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(current) = source {
        let text = current.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = current.source();
    }
    parts.join(": ")
}

/// `Retry-After` (seconds or an HTTP date), else `X-RateLimit-Reset` (unix epoch seconds).
fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let Some(value) = headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
    else {
        let reset: i64 = headers
            .get("x-ratelimit-reset")?
            .to_str()
            .ok()?
            .trim()
            .parse()
            .ok()?;
        let secs = (reset - chrono::Utc::now().timestamp()).clamp(0, 3600);
        return Some(Duration::from_secs(secs as u64));
    };
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let secs = (when.timestamp() - chrono::Utc::now().timestamp()).max(0);
    Some(Duration::from_secs(secs as u64))
}

/// Laravel's error body (`{message, errors}`); anything else parses as empty.
#[derive(Default, serde::Deserialize)]
struct ErrorBody {
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    message: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::map_or_empty")]
    errors: std::collections::BTreeMap<String, Vec<String>>,
}

/// How one attempt failed, as far as the transport can tell.
pub(crate) enum SendError {
    /// The request never left (connection refused, DNS failure, bad request).
    NotSent(ApiError),
    /// The request was not sent because the server asked for a pause longer than an
    /// interactive caller waits (`ApiError::RateLimited`); never retried.
    Deferred(ApiError),
    /// The server answered with an error status.
    Response(ApiError),
    /// Sent (at least partly), then the connection failed or timed out.
    Lost(ApiError),
}

impl SendError {
    fn into_api_error(self) -> ApiError {
        match self {
            Self::NotSent(e) | Self::Deferred(e) | Self::Response(e) | Self::Lost(e) => e,
        }
    }
}

impl From<ApiError> for SendError {
    fn from(error: ApiError) -> Self {
        Self::Lost(error)
    }
}

/// Outcome of a POST sent once.
pub(crate) enum PostResult {
    /// 2xx with its whole body.
    Answered(RawResponse),
    /// The server answered with an error status (the request was refused).
    Rejected(ApiError),
    /// Nothing reached the server.
    NotSent(ApiError),
    /// The request may have reached the server; the answer was lost.
    Lost(ApiError),
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn debug_hides_the_token() {
        assert!(!format!("{:?}", client()).contains("tok/+"));
    }

    #[test]
    fn status_mapping() {
        let c = client();
        let body =
            r#"{"message":"The given data was invalid.","errors":{"report_sku":["Unknown SKU."]}}"#;
        match c.status_error(StatusCode::UNPROCESSABLE_ENTITY, None, body) {
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
            c.status_error(StatusCode::UNAUTHORIZED, None, ""),
            ApiError::Unauthorized { .. }
        ));
        assert!(matches!(
            c.status_error(StatusCode::NOT_FOUND, None, "<html>"),
            ApiError::NotFound { .. }
        ));
        assert!(matches!(
            c.status_error(StatusCode::BAD_GATEWAY, None, ""),
            ApiError::Server { status: 502, .. }
        ));
        match c.status_error(
            StatusCode::METHOD_NOT_ALLOWED,
            None,
            "{\"message\":\"Nope tok/+\"}",
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
}

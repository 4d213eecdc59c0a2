//! The one HTTP client of ClearChecks Desktop: how every request is built, paced, sent,
//! redirected, retried and turned into a typed result. One file per concern:
//!
//! | file | owns |
//! |---|---|
//! | `builder.rs` | [`ClientBuilder`], [`RetryPolicy`]: headers, timeouts, TLS, the two reqwest clients |
//! | `send.rs` | one request: rate-limit slot, send, follow or refuse redirects, typed errors |
//! | `retry.rs` | bounded retries of idempotent GETs, with backoff |
//! | `status.rs` | **every non-2xx status → [`ApiError`](crate::ApiError)**, including where a 429 pauses the limiter |
//! | `redirect.rs` | the redirect policy (below) |
//! | `reason.rs` | the server's reason from any error body, sanitised |
//! | `post.rs` | a POST sent exactly once, with its outcome as the transport saw it |
//! | `files.rs` | the clean request for a file outside the API (the PDF's signed URL) |
//! | `body.rs` | reading a body into memory with a size cap |
//!
//! * `api_token` goes in the query string of every API call (the contract's only auth form);
//!   `Accept: application/json`; `Content-Type: application/json; charset=utf-8` with a body;
//!   `User-Agent: ClearChecksDesktop/<version>`; 10 s connect / 30 s total timeouts; gzip; the
//!   OS proxy; rustls (ring); **no `Referer`, ever**; no cookies.
//! * Every API request first takes a slot from the token's shared [`RateLimiter`].
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
//! # Redirects: one policy
//! reqwest follows nothing by itself; `send.rs` looks at every 3xx:
//! * **a POST follows no redirect** (a 307/308 would re-send the order, or the platform's
//!   private key, to wherever it points);
//! * a redirect to a **login page** (`/login`, `/signin`, … on any host), or an HTML answer to an
//!   API call after a redirect, is an authentication failure: `ApiError::Unauthorized`, exactly
//!   like a 401 (a Laravel app answers a bad `api_token` with a 302 to `/login`, contract §1.4b);
//! * a GET follows a redirect that stays on the API's origin and under its path prefix (the
//!   canonical form of the same API, e.g. a trailing slash), with our own token re-added and the
//!   token redacted from the log line; a trailing slash learned this way is used from then on,
//!   so a later POST needs no redirect;
//! * a download (the PDF's 302 to a signed file URL on another host, §2.9) leaves the API by a
//!   **separate, clean request** (`files.rs`): https only (http on loopback), no token, no
//!   cookie, no auth header, no referer;
//! * anything else — another origin, outside the path prefix, a drop to http — is refused with
//!   the address it pointed at.
//!
//! Endpoint modules (`accounts`, `reports`, `orders`, `invoices`, `platform`) add their methods
//! to [`ClearChecksClient`] in their own `impl` blocks.

mod body;
mod builder;
mod files;
mod post;
mod reason;
mod redirect;
mod retry;
mod send;
mod status;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use url::Url;

use crate::environment::Environment;
use crate::orders::SubmissionGuard;
use crate::rate_limit::{Priority, RateLimiter};
use crate::token::ApiToken;

pub use body::{MAX_ERROR_BODY, MAX_JSON_BODY};
pub use builder::{
    ensure_tls_provider, ClientBuilder, RetryPolicy, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
};
pub(crate) use post::PostResult;
pub use reason::MAX_REASON_CHARS;

/// A ClearChecks API client for one account (environment + token). Cheap to clone; clones share
/// the HTTP connection pool, the rate limiter and the duplicate-order guard.
#[derive(Clone)]
pub struct ClearChecksClient {
    shared: Arc<Shared>,
    priority: Priority,
}

struct Shared {
    /// API calls: no redirects followed by reqwest, no referer.
    http: reqwest::Client,
    /// Clean requests outside the API (signed file URLs): no token, no default headers but the
    /// User-Agent, no referer.
    files: reqwest::Client,
    environment: Environment,
    token: ApiToken,
    limiter: RateLimiter,
    guard: SubmissionGuard,
    retry: RetryPolicy,
    /// The API redirected a path to the same path with a trailing slash: build URLs that way.
    trailing_slash: AtomicBool,
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

impl ClearChecksClient {
    /// `app_version` ends up in the User-Agent (`ClearChecksDesktop/<app_version>`).
    pub fn builder(environment: Environment, token: ApiToken, app_version: &str) -> ClientBuilder {
        ClientBuilder::new(environment, token, app_version)
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

    /// `{api_base}/{segments…}[/]?{query…}&api_token=…`; segments are percent-encoded.
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
            if self.shared.trailing_slash.load(Ordering::Relaxed) {
                path.push("");
            }
        }
        {
            let mut pairs = url.query_pairs_mut();
            for (key, value) in query {
                pairs.append_pair(key, value);
            }
        }
        self.with_token(url)
    }

    /// `url` with any `api_token` it carries replaced by ours (appended last).
    fn with_token(&self, mut url: Url) -> Url {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !k.eq_ignore_ascii_case("api_token"))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        url.set_query(None);
        {
            let mut pairs = url.query_pairs_mut();
            for (key, value) in &kept {
                pairs.append_pair(key, value);
            }
            pairs.append_pair("api_token", self.shared.token.expose_secret());
        }
        url
    }

    /// The URL as it may appear in a log line or an error: every token redacted.
    fn redacted(&self, url: &Url) -> String {
        self.shared.token.scrub(url.as_str())
    }
}

#[cfg(test)]
mod tests;

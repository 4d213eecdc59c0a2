//! [`ClientBuilder`] and [`RetryPolicy`]: everything about a client that is decided once.

use std::error::Error as _;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, USER_AGENT};

use super::{ClearChecksClient, Shared};
use crate::environment::{is_loopback, Environment};
use crate::error::ApiError;
use crate::orders::SubmissionGuard;
use crate::rate_limit::{Priority, RateLimiter};
use crate::token::ApiToken;

pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Redirects the clean file request follows by itself (the file host's own, never the API's).
const MAX_FILE_REDIRECTS: usize = 3;

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
    pub(super) fn backoff(&self, failed_attempts: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1 << failed_attempts.saturating_sub(1).min(16));
        let capped = exp.min(self.max_delay);
        let factor = rand::thread_rng().gen_range(0.5..1.5);
        capped.mul_f64(factor)
    }
}

/// Installs rustls' ring provider as the process default unless one is installed (the updater
/// plugin does the same). Every [`ClientBuilder::build`] calls it; call it yourself before
/// building any other reqwest client in the same process (tests, tools).
pub fn ensure_tls_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Fails only if another thread installed one in between, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
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
    pub(super) fn new(environment: Environment, token: ApiToken, app_version: &str) -> Self {
        Self {
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
        ensure_tls_provider();
        // Only visible ASCII can go in a header; a version string never needs more.
        let version: String = self
            .app_version
            .chars()
            .filter(char::is_ascii_graphic)
            .collect();
        let user_agent = HeaderValue::from_str(&format!("ClearChecksDesktop/{version}"))
            .expect("visible ASCII is a valid header value");
        let builder_error = |e: reqwest::Error| ApiError::Network {
            detail: self.token.scrub(&error_chain(&e.without_url())),
        };
        let mut api_headers = HeaderMap::new();
        api_headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        api_headers.insert(USER_AGENT, user_agent.clone());
        let http = self
            .common()
            .default_headers(api_headers)
            // Every redirect is looked at by `send.rs` (see the module docs).
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(builder_error)?;
        let mut file_headers = HeaderMap::new();
        file_headers.insert(USER_AGENT, user_agent);
        let files = self
            .common()
            .default_headers(file_headers)
            .redirect(file_redirects())
            .build()
            .map_err(builder_error)?;
        Ok(ClearChecksClient {
            shared: Arc::new(Shared {
                http,
                files,
                environment: self.environment,
                token: self.token,
                limiter: self.limiter.unwrap_or_default(),
                guard: self.guard.unwrap_or_default(),
                retry: self.retry,
                trailing_slash: AtomicBool::new(false),
            }),
            priority: Priority::Interactive,
        })
    }

    /// What both clients share: timeouts, gzip, rustls, no referer, no automatic retries of
    /// any kind (a POST is sent once, and we retry GETs ourselves).
    fn common(&self) -> reqwest::ClientBuilder {
        reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .gzip(true)
            .referer(false)
            .retry(reqwest::retry::never())
            .tls_backend_rustls()
    }
}

/// The file host's own redirects: https only (http only on loopback), a few hops. The request
/// carries no secret, so following them can leak nothing.
fn file_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() >= MAX_FILE_REDIRECTS {
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

/// `error: source: source…`, deduplicating repeated messages.
pub(super) fn error_chain(error: &reqwest::Error) -> String {
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

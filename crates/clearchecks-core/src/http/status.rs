//! Every non-2xx status becomes one typed [`ApiError`] here, with the server's reason kept; a
//! **429** also pauses the token's limiter here (for `Retry-After`, else `X-RateLimit-Reset`, else
//! the rest of the window), which is what makes every later request for that token wait.
//! The rate headers of every answer are fed back to the limiter from here too.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;

use super::reason::ErrorBody;
use super::ClearChecksClient;
use crate::error::{ApiError, Diagnostics};

impl ClearChecksClient {
    /// Feeds `X-RateLimit-Limit` / `X-RateLimit-Remaining` to the limiter.
    pub(super) fn observe_rate_headers(&self, headers: &HeaderMap) {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u32>().ok();
        self.shared
            .limiter
            .observe(number("x-ratelimit-limit"), number("x-ratelimit-remaining"));
    }

    /// The error for a non-2xx answer. `retry_after` is read from a 429's headers.
    pub(super) fn status_error(
        &self,
        status: StatusCode,
        retry_after: Option<Duration>,
        body: &str,
        content_type: Option<&str>,
    ) -> ApiError {
        let token = &self.shared.token;
        let scrubbed = token.scrub(body);
        let parsed = ErrorBody::read(body, content_type, token);
        let diagnostics =
            Diagnostics::new(status.as_u16(), &scrubbed).with_reason(parsed.reason.clone());
        match status.as_u16() {
            401 => ApiError::Unauthorized { diagnostics },
            404 => ApiError::NotFound { diagnostics },
            422 => ApiError::Validation {
                message: parsed
                    .reason
                    .unwrap_or_else(|| "The request was not valid.".into()),
                field_errors: parsed.field_errors,
                diagnostics: Some(diagnostics),
            },
            429 => ApiError::RateLimited {
                retry_after: self.shared.limiter.pause(retry_after),
            },
            500..=599 => ApiError::Server {
                status: status.as_u16(),
                diagnostics,
            },
            code => ApiError::Http {
                status: code,
                message: parsed.reason.unwrap_or_else(|| {
                    status
                        .canonical_reason()
                        .unwrap_or("unexpected answer")
                        .to_string()
                }),
                diagnostics,
            },
        }
    }
}

/// `Retry-After` (seconds or an HTTP date), else `X-RateLimit-Reset` (unix epoch seconds).
pub(super) fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
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

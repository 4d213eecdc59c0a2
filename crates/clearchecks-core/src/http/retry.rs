//! Bounded retries of idempotent requests, and how one attempt failed.

use super::ClearChecksClient;
use crate::error::ApiError;

/// How one attempt failed, as far as the transport can tell.
pub(crate) enum SendError {
    /// The request never left (connection refused, DNS failure, bad request).
    NotSent(ApiError),
    /// The request was not sent because the server asked for a pause longer than an
    /// interactive caller waits (`ApiError::RateLimited`); never retried.
    Deferred(ApiError),
    /// The server answered with an error status (or sent the request to its sign-in page).
    Response(ApiError),
    /// The server answered with a redirect the policy does not follow.
    Redirected(ApiError),
    /// Sent (at least partly), then the connection failed or timed out.
    Lost(ApiError),
}

impl SendError {
    pub(super) fn into_api_error(self) -> ApiError {
        match self {
            Self::NotSent(e)
            | Self::Deferred(e)
            | Self::Response(e)
            | Self::Redirected(e)
            | Self::Lost(e) => e,
        }
    }
}

impl From<ApiError> for SendError {
    fn from(error: ApiError) -> Self {
        Self::Lost(error)
    }
}

impl ClearChecksClient {
    /// Runs `attempt` until it succeeds, fails for good, or the policy's attempts are used up.
    pub(super) async fn with_retries<T, F, Fut>(
        &self,
        endpoint: &str,
        mut attempt: F,
    ) -> Result<T, ApiError>
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
}

//! The one hop that leaves the API: a file the API redirected to (the PDF's signed, S3-style
//! URL, contract §2.9), fetched by a **separate, clean request** on the files client: no
//! `api_token`, no cookie, no auth header, no referer, only the User-Agent and `Accept`. It
//! takes no rate-limit slot (the file host is not ClearChecks' API) and is retried like any
//! idempotent GET.

use reqwest::header::ACCEPT;
use reqwest::StatusCode;
use url::Url;

use super::body::{read_capped, MAX_ERROR_BODY};
use super::reason::ErrorBody;
use super::redirect::shown;
use super::retry::SendError;
use super::send::content_type;
use super::ClearChecksClient;
use crate::error::{ApiError, Diagnostics};

impl ClearChecksClient {
    pub(super) async fn fetch_file(
        &self,
        endpoint: &str,
        url: Url,
        accept: &'static str,
    ) -> Result<reqwest::Response, ApiError> {
        let url = self.clean_file_url(url)?;
        tracing::info!(to = %shown(&url), "fetching a file outside the API with a clean request");
        self.with_retries(endpoint, || async {
            let response = self
                .shared
                .files
                .get(url.clone())
                .header(ACCEPT, accept)
                .send()
                .await
                .map_err(|e| self.send_failure(e))?;
            if response.status().is_success() {
                return Ok(response);
            }
            Err(SendError::Response(self.file_error(&url, response).await))
        })
        .await
    }

    /// The file address without any `api_token`; refused outright if it still carries our
    /// token in any encoding (a signed URL never needs it).
    fn clean_file_url(&self, mut url: Url) -> Result<Url, ApiError> {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !k.eq_ignore_ascii_case("api_token"))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(&kept);
        }
        if self.shared.token.scrub(url.as_str()) != url.as_str() {
            return Err(ApiError::Http {
                status: 302,
                message: "ClearChecks redirected the download to an address that contains the API token; it was not followed.".into(),
                diagnostics: Diagnostics::new(302, &format!("redirected to {}", shown(&url))),
            });
        }
        Ok(url)
    }

    /// The file host's own error: not the API's (a 429 there must not pause the API's limiter).
    async fn file_error(&self, url: &Url, response: reqwest::Response) -> ApiError {
        let status = response.status();
        let content_type = content_type(response.headers());
        let text = read_capped(response, MAX_ERROR_BODY)
            .await
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let token = &self.shared.token;
        let reason = ErrorBody::read(&text, content_type.as_deref(), token).reason;
        let diagnostics =
            Diagnostics::new(status.as_u16(), &token.scrub(&text)).with_reason(reason);
        match status {
            StatusCode::NOT_FOUND => ApiError::NotFound { diagnostics },
            s if s.is_server_error() => ApiError::Server {
                status: s.as_u16(),
                diagnostics,
            },
            s => ApiError::Http {
                status: s.as_u16(),
                message: format!(
                    "the file host {} refused the download (the link may have expired; try again)",
                    url.host_str().unwrap_or("?")
                ),
                diagnostics,
            },
        }
    }
}

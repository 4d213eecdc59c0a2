//! One request to the API: a rate-limit slot, the send, the redirect policy applied hop by hop,
//! and the answer (or a typed error). Reading and decoding GET answers lives here too.

use bytes::Bytes;
use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, LOCATION};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use super::body::{read_capped, BodyError, MAX_ERROR_BODY, MAX_JSON_BODY};
use super::builder::error_chain;
use super::redirect::{self, Decision, Purpose};
use super::retry::SendError;
use super::status::parse_retry_after;
use super::ClearChecksClient;
use crate::error::{ApiError, Diagnostics};

const JSON_BODY: &str = "application/json; charset=utf-8";
/// Redirects followed within the API for one request.
const MAX_REDIRECTS: usize = 5;
/// Characters of a serde_json message kept in a `Decode` error (see `decode_error`).
const MAX_DECODE_DETAIL: usize = 300;

/// What a successful call returned before decoding.
pub(crate) struct RawResponse {
    pub status: StatusCode,
    pub body: Bytes,
}

/// How the API answered one request.
pub(super) enum Answer {
    /// A 2xx from the API itself; `redirected` when it came after following a redirect.
    Api {
        response: reqwest::Response,
        redirected: bool,
    },
    /// (Downloads) the API handed off to a file outside it: fetch it with a clean request.
    File(Url),
}

impl ClearChecksClient {
    /// GET and decode JSON, with retries. A single object wrapped in `{"data": {…}}` is read
    /// as the object.
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
            let answer = self
                .send(Method::GET, segments, query, None, None, Purpose::Api)
                .await?;
            let Answer::Api {
                response,
                redirected,
            } = answer
            else {
                unreachable!("an API call never leaves the API");
            };
            let status = response.status();
            let body = read_capped(response, MAX_JSON_BODY)
                .await
                .map_err(|e| self.body_error(endpoint, e))?;
            // The body decides, not the content type: PHP often labels JSON `text/html`.
            if redirected && starts_like_html(&body) {
                return Err(SendError::Response(html_after_redirect(status)));
            }
            Ok(RawResponse { status, body })
        })
        .await
    }

    /// GET returning the successful response unread, for streaming downloads: from the API, or
    /// from the file host the API redirected to (a clean request, see `files.rs`). Retries cover
    /// getting a 2xx answer; a body that fails later is the caller's to report.
    pub(crate) async fn get_streaming(
        &self,
        endpoint: &str,
        segments: &[&str],
        accept: &'static str,
    ) -> Result<reqwest::Response, ApiError> {
        let answer = self
            .with_retries(endpoint, || {
                self.send(
                    Method::GET,
                    segments,
                    &[],
                    None,
                    Some(accept),
                    Purpose::Download,
                )
            })
            .await?;
        match answer {
            Answer::Api {
                response,
                redirected,
            } => {
                if redirected && is_html(response.headers()) {
                    return Err(html_after_redirect(response.status()));
                }
                Ok(response)
            }
            Answer::File(url) => self.fetch_file(endpoint, url, accept).await,
        }
    }

    /// Decodes a JSON body (after a UTF-8 byte-order mark, if any; a `{"data": {…}}` wrapper
    /// around a single object is taken off).
    pub(crate) fn decode<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        body: &[u8],
    ) -> Result<T, ApiError> {
        crate::lenient::from_slice_unwrapped(body).map_err(|e| self.decode_error(endpoint, &e))
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

    /// One request: for each hop, take a rate-limit slot, send, learn from the rate headers,
    /// apply the redirect policy; then turn a non-2xx status into its error.
    pub(super) async fn send(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
        accept: Option<&'static str>,
        purpose: Purpose,
    ) -> Result<Answer, SendError> {
        let api_base = self.shared.environment.api_base();
        let mut url = self.url(segments, query);
        let mut body = body;
        let mut redirected = false;
        for hop in 0..=MAX_REDIRECTS {
            let mut request = self.shared.http.request(method.clone(), url.clone());
            if let Some(accept) = accept {
                request = request.header(ACCEPT, accept);
            }
            // Only a GET is ever sent again (to a redirect's target), and it has no body.
            if let Some(body) = body.take() {
                request = request.header(CONTENT_TYPE, JSON_BODY).body(body);
            }
            let response = self.send_one(request).await?;
            let status = response.status();
            if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
                if status.is_success() {
                    return Ok(Answer::Api {
                        response,
                        redirected,
                    });
                }
                return Err(SendError::Response(self.error_answer(response).await));
            }
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            match redirect::decide(&api_base, &url, location.as_deref(), &method, purpose) {
                Decision::FollowApi(next) if hop < MAX_REDIRECTS => {
                    tracing::info!(
                        status = status.as_u16(),
                        from = %self.redacted(&url),
                        to = %self.redacted(&next),
                        "following a redirect within the ClearChecks API"
                    );
                    if redirect::adds_trailing_slash(&url, &next) {
                        self.shared
                            .trailing_slash
                            .store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                    url = self.with_token(next);
                    redirected = true;
                }
                Decision::FollowApi(_) => {
                    return Err(SendError::Redirected(
                        self.refused(status, "it kept redirecting (more than 5 times)".into()),
                    ))
                }
                Decision::FetchFile(target) => return Ok(Answer::File(target)),
                Decision::Login(target) => {
                    tracing::warn!(
                        status = status.as_u16(),
                        to = %redirect::shown(&target),
                        "ClearChecks sent the request to its sign-in page: the token was not accepted"
                    );
                    let note = format!(
                        "redirected (HTTP {}) to the sign-in page {}",
                        status.as_u16(),
                        redirect::shown(&target)
                    );
                    return Err(SendError::Response(ApiError::Unauthorized {
                        diagnostics: Diagnostics::new(
                            status.as_u16(),
                            &self.shared.token.scrub(&note),
                        ),
                    }));
                }
                Decision::Refuse(reason) => {
                    return Err(SendError::Redirected(self.refused(status, reason)))
                }
            }
        }
        unreachable!("the last hop either answers or is refused")
    }

    /// Sends one hop with a rate-limit slot held until its answer's headers arrive.
    async fn send_one(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, SendError> {
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
        let response = response.map_err(|e| self.send_failure(e))?;
        self.observe_rate_headers(response.headers());
        Ok(response)
    }

    /// A request that failed in the transport: never sent, or sent and then lost.
    pub(super) fn send_failure(&self, error: reqwest::Error) -> SendError {
        let sent = !error.is_connect() && !error.is_builder();
        let error = self.transport_error(error);
        if sent {
            SendError::Lost(error)
        } else {
            SendError::NotSent(error)
        }
    }

    /// The error of a non-2xx, non-redirect answer. The status alone decides the kind; an
    /// unreadable or oversized body only loses the server's reason.
    async fn error_answer(&self, response: reqwest::Response) -> ApiError {
        let status = response.status();
        let retry_after = if status == StatusCode::TOO_MANY_REQUESTS {
            parse_retry_after(response.headers())
        } else {
            None
        };
        let content_type = content_type(response.headers());
        let text = read_capped(response, MAX_ERROR_BODY)
            .await
            .map(|body| String::from_utf8_lossy(&body).into_owned())
            .unwrap_or_default();
        self.status_error(status, retry_after, &text, content_type.as_deref())
    }

    fn refused(&self, status: StatusCode, reason: String) -> ApiError {
        let message = self.shared.token.scrub(&format!(
            "ClearChecks redirected the request, and it was not followed: {reason}."
        ));
        ApiError::Http {
            status: status.as_u16(),
            diagnostics: Diagnostics::new(status.as_u16(), &message),
            message,
        }
    }

    /// A body that could not be read: too large is a final `Decode` error (retrying would fetch
    /// the same oversized answer), a broken connection is a transport error like any other.
    pub(super) fn body_error(&self, endpoint: &str, error: BodyError) -> SendError {
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

pub(super) fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn is_html(headers: &HeaderMap) -> bool {
    content_type(headers).is_some_and(|t| t.to_ascii_lowercase().contains("text/html"))
}

/// A body that is an HTML page whatever its content type says.
fn starts_like_html(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|i| body[i] == b'<')
}

/// An API call answered with a web page after a redirect: the sign-in page, served under
/// another address. The token was not accepted.
fn html_after_redirect(status: StatusCode) -> ApiError {
    ApiError::Unauthorized {
        diagnostics: Diagnostics::new(
            status.as_u16(),
            "an HTML page instead of JSON after a redirect (a sign-in page)",
        ),
    }
}

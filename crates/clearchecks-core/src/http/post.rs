//! A POST sent exactly once, with the outcome as the transport saw it. What an outcome means
//! for an order (placed, not placed, unknown) is decided by `orders`, not here.

use reqwest::Method;
use serde::Serialize;

use super::body::{read_capped, MAX_JSON_BODY};
use super::redirect::Purpose;
use super::retry::SendError;
use super::send::{Answer, RawResponse};
use super::ClearChecksClient;
use crate::error::ApiError;

/// Outcome of a POST sent once.
pub(crate) enum PostResult {
    /// 2xx with its whole body.
    Answered(RawResponse),
    /// The server answered with an error status (4xx or 5xx), or sent the request to its
    /// sign-in page (`ApiError::Unauthorized`).
    Rejected(ApiError),
    /// The server answered with a redirect elsewhere, which a POST never follows.
    Redirected(ApiError),
    /// Nothing reached the server.
    NotSent(ApiError),
    /// The request may have reached the server; the answer was lost or unreadable.
    Lost(ApiError),
}

impl ClearChecksClient {
    /// POST a JSON body exactly once. Never retried: the caller decides what a failure means.
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
        let answer = self
            .send(Method::POST, segments, &[], Some(bytes), None, Purpose::Api)
            .await;
        match answer {
            Err(SendError::NotSent(e) | SendError::Deferred(e)) => PostResult::NotSent(e),
            Err(SendError::Response(e)) => PostResult::Rejected(e),
            Err(SendError::Redirected(e)) => PostResult::Redirected(e),
            Err(SendError::Lost(e)) => PostResult::Lost(e),
            Ok(Answer::File(_)) => unreachable!("an API call never leaves the API"),
            Ok(Answer::Api { response, .. }) => {
                let status = response.status();
                // An answer we cannot read leaves the outcome unknown, like a lost one.
                match read_capped(response, MAX_JSON_BODY).await {
                    Ok(body) => PostResult::Answered(RawResponse { status, body }),
                    Err(e) => PostResult::Lost(self.body_error("POST answer", e).into_api_error()),
                }
            }
        }
    }
}

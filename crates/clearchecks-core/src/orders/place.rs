//! `POST /orders/new`, sent exactly once, with the outcome classified for the guard: only an
//! answer the server gave *before acting* (a 4xx: 401, 403, 422, 429…, or the request sent to
//! its sign-in page) proves that nothing was placed. A 5xx, a redirect elsewhere, a timeout, a
//! lost connection or an unreadable 2xx leave the outcome unknown.

use serde::{Deserialize, Serialize};

use super::request::{Attestation, OrderRequest};
use crate::error::ApiError;
use crate::http::{ClearChecksClient, PostResult};

const ENDPOINT: &str = "POST /orders/new";

/// One applicant of a placed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PlacedApplicant {
    pub email: String,
    pub report_key: String,
    pub invite_url: Option<String>,
}

/// The applicants of a placed order, in request order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PlaceOrderResult {
    pub applicants: Vec<PlacedApplicant>,
}

#[derive(Deserialize)]
struct ResponseWire {
    #[serde(default, deserialize_with = "crate::lenient::vec_or_empty")]
    applicants: Vec<ApplicantWire>,
    /// A resource collection of the placed applicants (`{"data": [...]}`).
    #[serde(default, deserialize_with = "crate::lenient::vec_or_empty")]
    data: Vec<ApplicantWire>,
}

#[derive(Deserialize)]
struct ApplicantWire {
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    report_key: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    applicant_invite_url: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    applicant_email: Option<String>,
}

/// Reads a 2xx body (also wrapped in `{"data": {…}}`, or the applicants as `data`). `None`
/// when it does not prove the order: not JSON, or no report key.
fn parse_placed(request: &OrderRequest, body: &[u8]) -> Option<PlaceOrderResult> {
    let wire: ResponseWire = crate::lenient::from_slice_unwrapped(body).ok()?;
    let listed = if wire.applicants.is_empty() {
        wire.data
    } else {
        wire.applicants
    };
    let applicants: Vec<PlacedApplicant> = listed
        .into_iter()
        .enumerate()
        .filter_map(|(index, a)| {
            Some(PlacedApplicant {
                email: a
                    .applicant_email
                    .or_else(|| request.emails.get(index).cloned())
                    .unwrap_or_default(),
                report_key: a.report_key?,
                invite_url: a.applicant_invite_url,
            })
        })
        .collect();
    (!applicants.is_empty()).then_some(PlaceOrderResult { applicants })
}

fn uncertain(message: impl Into<String>) -> ApiError {
    ApiError::OutcomeUncertain {
        message: message.into(),
    }
}

impl ClearChecksClient {
    /// Places an order. Sent once, never retried. See the `orders` module docs for
    /// `DuplicateSubmission` and `OutcomeUncertain`.
    pub async fn place_order(
        &self,
        request: &OrderRequest,
        attestation: &Attestation,
    ) -> Result<PlaceOrderResult, ApiError> {
        let guard = self.submission_guard();
        let attempt = guard.begin(request)?;
        let outcome = self
            .post_once(&["orders", "new"], &request.body(attestation))
            .await;
        match outcome {
            PostResult::Answered(raw) => match parse_placed(request, &raw.body) {
                Some(placed) => {
                    guard.remember_keys(placed.applicants.iter().map(|a| a.report_key.as_str()));
                    attempt.settle_definite();
                    Ok(placed)
                }
                None => {
                    tracing::warn!(
                        endpoint = ENDPOINT,
                        status = raw.status.as_u16(),
                        "unreadable answer to an order"
                    );
                    attempt.settle_uncertain();
                    Err(uncertain(
                        "ClearChecks accepted the request but its answer was unreadable",
                    ))
                }
            },
            // Any 5xx can come after the order was committed: the invitation mail failing, a
            // listener throwing, a gateway timing out while the server carries on.
            PostResult::Rejected(ApiError::Server {
                status,
                diagnostics,
            }) => {
                attempt.settle_uncertain();
                let reason = diagnostics
                    .reason
                    .map(|r| format!(": “{r}”"))
                    .unwrap_or_default();
                Err(uncertain(format!(
                    "ClearChecks answered with an error after receiving the order (HTTP {status}{reason})"
                )))
            }
            // A 4xx (or the sign-in page) comes before the server acts: nothing was placed.
            PostResult::Rejected(error) | PostResult::NotSent(error) => {
                attempt.settle_definite();
                Err(error)
            }
            PostResult::Redirected(error) => {
                attempt.settle_uncertain();
                Err(uncertain(error.to_string()))
            }
            PostResult::Lost(error) => {
                attempt.settle_uncertain();
                Err(uncertain(match error {
                    ApiError::Timeout => "ClearChecks did not answer in time".to_string(),
                    ApiError::Network { detail } => format!("the connection was lost: {detail}"),
                    other => other.to_string(),
                }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders::AddOns;

    fn request() -> OrderRequest {
        OrderRequest::new(
            "HIRE1",
            &["a@x.io".into(), "b@x.io".into()],
            AddOns::default(),
        )
        .unwrap()
    }

    #[test]
    fn reads_applicants_and_fills_missing_emails() {
        let body = br#"{"order_id": 9, "applicants": [
            {"report_key": "k1", "applicant_invite_url": "https://x/invite/k1", "applicant_email": "a@x.io"},
            {"report_key": "k2"}]}"#;
        let placed = parse_placed(&request(), body).unwrap();
        assert_eq!(placed.applicants[1].email, "b@x.io");
        assert_eq!(
            placed.applicants[0].invite_url.as_deref(),
            Some("https://x/invite/k1")
        );
    }

    #[test]
    fn wrapped_answers_still_prove_the_order() {
        let wrapped = br#"{"data": {"applicants": [{"report_key": "k1"}]}}"#;
        assert_eq!(
            parse_placed(&request(), wrapped).unwrap().applicants[0].report_key,
            "k1"
        );
        let collection =
            br#"{"data": [{"report_key": 101, "applicant_email": "a@x.io"}], "meta": {}}"#;
        assert_eq!(
            parse_placed(&request(), collection).unwrap().applicants[0].report_key,
            "101"
        );
        let bom = b"\xEF\xBB\xBF{\"applicants\": [{\"report_key\": \"k\"}]}";
        assert!(parse_placed(&request(), bom).is_some());
    }

    #[test]
    fn answers_without_keys_prove_nothing() {
        assert!(parse_placed(&request(), br#"{"applicants": []}"#).is_none());
        assert!(parse_placed(
            &request(),
            br#"{"applicants": [{"applicant_email": "a@x.io"}]}"#
        )
        .is_none());
        assert!(parse_placed(&request(), br#"{"applicants": [{"report_key": "k"#).is_none());
        assert!(parse_placed(&request(), b"<html>").is_none());
    }

    #[test]
    fn ipc_spelling() {
        let json = serde_json::to_value(PlacedApplicant {
            email: "a".into(),
            report_key: "k".into(),
            invite_url: None,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"email": "a", "reportKey": "k", "inviteUrl": null})
        );
    }
}

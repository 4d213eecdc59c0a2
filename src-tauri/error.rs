//! The one error type that crosses the IPC boundary.
//!
//! Every command returns `Result<T, AppError>`. The UI switches on `kind` (see `docs/IPC.md`) and
//! turns it into an actionable message; the shape is pinned by a unit test below. Nothing in here
//! may carry an api_token: core errors are already redacted, and we only copy their safe parts.
//! Where ClearChecks answered, `reason` is the server's own reason (already sanitised, capped and
//! token-free by the core), which the UI quotes next to our advice.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, thiserror::Error)]
#[serde(tag = "kind", content = "data", rename_all = "camelCase")]
pub enum AppError {
    #[error("ClearChecks did not accept this account's API token")]
    Unauthorized { reason: Option<String> },
    #[error("{what} was not found")]
    NotFound {
        what: String,
        reason: Option<String>,
    },
    #[error("{message}")]
    #[serde(rename_all = "camelCase")]
    Validation {
        message: String,
        field_errors: BTreeMap<String, Vec<String>>,
    },
    #[error("rate limited; retry in {retry_after_secs} s")]
    #[serde(rename_all = "camelCase")]
    RateLimited { retry_after_secs: u32 },
    #[error("ClearChecks answered with HTTP {status}")]
    Server { status: u16, reason: Option<String> },
    #[error("cannot reach ClearChecks: {detail}")]
    Network { detail: String },
    #[error("ClearChecks took too long to answer")]
    Timeout,
    #[error("unexpected answer from {endpoint}: {detail}")]
    Decode { endpoint: String, detail: String },
    #[error("the system keyring is unavailable: {detail}")]
    KeyringUnavailable { detail: String },
    #[error("no account is active")]
    NoActiveAccount,
    #[error("this exact order is already being sent")]
    DuplicateSubmission,
    #[error("{message}")]
    OutcomeUncertain { message: String },
    #[error("{field}: {message}")]
    InvalidInput { field: String, message: String },
    #[error("file error: {detail}")]
    Io { detail: String },
    #[error("internal error: {detail}")]
    Internal { detail: String },
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn invalid_input(field: &str, message: impl Into<String>) -> Self {
        AppError::InvalidInput {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        AppError::Internal {
            detail: detail.to_string(),
        }
    }
}

impl From<std::io::Error> for AppError {
    fn from(err: std::io::Error) -> Self {
        AppError::Io {
            detail: err.to_string(),
        }
    }
}

impl From<tauri::Error> for AppError {
    fn from(err: tauri::Error) -> Self {
        AppError::internal(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_shape_is_tagged_by_kind() {
        assert_eq!(
            serde_json::to_value(AppError::Unauthorized { reason: None }).unwrap(),
            json!({"kind": "unauthorized", "data": {"reason": null}})
        );
        assert_eq!(
            serde_json::to_value(AppError::Server {
                status: 503,
                reason: Some("Down for maintenance".into())
            })
            .unwrap(),
            json!({"kind": "server", "data": {"status": 503, "reason": "Down for maintenance"}})
        );
        assert_eq!(
            serde_json::to_value(AppError::RateLimited {
                retry_after_secs: 7
            })
            .unwrap(),
            json!({"kind": "rateLimited", "data": {"retryAfterSecs": 7}})
        );
        let mut field_errors = BTreeMap::new();
        field_errors.insert(
            "applicant_emails.1".to_owned(),
            vec!["must be an email".to_owned()],
        );
        assert_eq!(
            serde_json::to_value(AppError::Validation {
                message: "The given data was invalid.".into(),
                field_errors
            })
            .unwrap(),
            json!({"kind": "validation", "data": {"message": "The given data was invalid.",
                   "fieldErrors": {"applicant_emails.1": ["must be an email"]}}})
        );
        assert_eq!(
            serde_json::to_value(AppError::KeyringUnavailable {
                detail: "locked".into()
            })
            .unwrap(),
            json!({"kind": "keyringUnavailable", "data": {"detail": "locked"}})
        );
    }
}

#[cfg(test)]
mod reason_tests {
    use super::*;
    use clearchecks_core::error::{ApiError, Diagnostics};

    fn said(status: u16, reason: &str) -> Diagnostics {
        Diagnostics::new(status, "{}").with_reason(Some(reason.to_owned()))
    }

    /// Wherever ClearChecks answered, its reason reaches the UI next to our advice.
    #[test]
    fn the_server_reason_is_kept_for_every_kind_that_had_an_answer() {
        let unauthorized = AppError::from(ApiError::Unauthorized {
            diagnostics: said(401, "Token expired"),
        });
        assert_eq!(
            unauthorized,
            AppError::Unauthorized {
                reason: Some("Token expired".into())
            }
        );
        let missing = AppError::from(ApiError::NotFound {
            diagnostics: said(404, "No report with that key"),
        });
        assert!(
            matches!(missing, AppError::NotFound { reason: Some(r), .. } if r == "No report with that key")
        );
        let server = AppError::from(ApiError::Server {
            status: 503,
            diagnostics: said(503, "Down for maintenance until 14:00"),
        });
        assert_eq!(
            server,
            AppError::Server {
                status: 503,
                reason: Some("Down for maintenance until 14:00".into())
            }
        );
        let quiet = AppError::from(ApiError::Server {
            status: 502,
            diagnostics: Diagnostics::new(502, ""),
        });
        assert_eq!(
            quiet,
            AppError::Server {
                status: 502,
                reason: None
            }
        );
    }
}

mod from_core {
    //! How core failures become IPC errors. Core errors are already redacted; we keep only the
    //! parts the UI needs (never diagnostics bodies, which stay in the log).
    use clearchecks_core::error::ApiError;
    use clearchecks_core::profiles::ProfileError;
    use clearchecks_core::secrets::SecretError;
    use clearchecks_core::token::TokenError;

    use super::AppError;

    impl From<ApiError> for AppError {
        fn from(err: ApiError) -> Self {
            let reason = err.server_reason().map(str::to_owned);
            match err {
                ApiError::Unauthorized { .. } => AppError::Unauthorized { reason },
                ApiError::NotFound { .. } => AppError::NotFound {
                    what: "That order or item".to_owned(),
                    reason,
                },
                ApiError::Validation {
                    message,
                    field_errors,
                    ..
                } => AppError::Validation {
                    message,
                    field_errors,
                },
                ApiError::RateLimited { retry_after } => AppError::RateLimited {
                    retry_after_secs: u32::try_from(retry_after.as_secs().max(1))
                        .unwrap_or(u32::MAX),
                },
                ApiError::Server { status, .. } => AppError::Server { status, reason },
                ApiError::Network { detail } => AppError::Network { detail },
                ApiError::Timeout => AppError::Timeout,
                ApiError::Decode { endpoint, detail } => AppError::Decode { endpoint, detail },
                ApiError::OutcomeUncertain { message } => AppError::OutcomeUncertain { message },
                ApiError::DuplicateSubmission => AppError::DuplicateSubmission,
                ApiError::Io { detail } => AppError::Io { detail },
                ApiError::InvalidEnvironment { reason } => AppError::InvalidInput {
                    field: "baseUrl".to_owned(),
                    message: reason,
                },
                ApiError::Http { status, .. } => AppError::Server { status, reason },
            }
        }
    }

    impl From<SecretError> for AppError {
        fn from(err: SecretError) -> Self {
            match err {
                SecretError::KeyringUnavailable { .. } => AppError::KeyringUnavailable {
                    detail: err.to_string(),
                },
                SecretError::EmptySecret => {
                    AppError::invalid_input("token", "Paste the API token first.")
                }
                other => AppError::internal(other),
            }
        }
    }

    impl From<ProfileError> for AppError {
        fn from(err: ProfileError) -> Self {
            match err {
                ProfileError::DuplicateLabel { .. } | ProfileError::InvalidLabel { .. } => {
                    AppError::InvalidInput {
                        field: "label".to_owned(),
                        message: err.to_string(),
                    }
                }
                ProfileError::InvalidEnvironment { .. } => AppError::InvalidInput {
                    field: "baseUrl".to_owned(),
                    message: err.to_string(),
                },
                ProfileError::NotFound { .. } => AppError::NotFound {
                    what: "That account".to_owned(),
                    reason: None,
                },
                other => AppError::Io {
                    detail: other.to_string(),
                },
            }
        }
    }

    impl From<TokenError> for AppError {
        fn from(err: TokenError) -> Self {
            AppError::invalid_input("token", err.to_string())
        }
    }
}

//! Every way a command can fail, as one type with a one-line message and a distinct exit code
//! per class (documented in `clearchecks --help`). Messages say what to do next and never
//! contain the API token: the core's errors are already scrubbed, and the CLI's own messages
//! never quote a token.

use std::fmt;

use clearchecks_core::error::ApiError;
use clearchecks_core::pagination::Completeness;
use clearchecks_core::profiles::ProfileError;
use clearchecks_core::secrets::SecretError;

/// Exit codes, one per class of failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Unexpected = 1,
    Usage = 2,
    Auth = 3,
    NotFound = 4,
    Rejected = 5,
    RateLimited = 6,
    Unreachable = 7,
    Keyring = 8,
    OutcomeUnknown = 9,
    LocalFile = 10,
    /// A list was printed, but it could not be proved complete.
    Incomplete = 11,
}

/// A failed command: what to tell the user, and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: ExitCode,
    pub message: String,
}

impl Failure {
    pub fn new(code: ExitCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ExitCode::Usage, message)
    }

    pub fn auth(message: impl Into<String>) -> Self {
        Self::new(ExitCode::Auth, message)
    }

    /// After printing `shown` entries of a list that could not be proved complete.
    pub fn incomplete(what: &str, shown: usize, completeness: &Completeness) -> Self {
        Self::new(
            ExitCode::Incomplete,
            format!(
                "The {what} list is incomplete: {completeness}. Only the {shown} {what}s read are \
                 shown. Try again later; if it persists, tell ClearChecks support."
            ),
        )
    }

    /// The message on a single line (server texts may carry line breaks).
    pub fn one_line(&self) -> String {
        self.message
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.one_line())
    }
}

impl From<ApiError> for Failure {
    fn from(err: ApiError) -> Self {
        let code = match &err {
            ApiError::Unauthorized { .. } => ExitCode::Auth,
            ApiError::NotFound { .. } => ExitCode::NotFound,
            ApiError::Validation { .. } | ApiError::Http { .. } => ExitCode::Rejected,
            ApiError::RateLimited { .. } => ExitCode::RateLimited,
            ApiError::Server { .. } | ApiError::Network { .. } | ApiError::Timeout => {
                ExitCode::Unreachable
            }
            ApiError::InvalidEnvironment { .. } => ExitCode::Usage,
            ApiError::Io { .. } => ExitCode::LocalFile,
            ApiError::OutcomeUncertain { .. } => ExitCode::OutcomeUnknown,
            ApiError::Decode { .. } | ApiError::DuplicateSubmission => ExitCode::Unexpected,
        };
        // The server's own words, next to ours.
        let said = err
            .server_reason()
            .map(|reason| format!(" ClearChecks said: “{reason}”."))
            .unwrap_or_default();
        let message = match &err {
            // The app's wording points at its Accounts screen; say what to do from here. A 401
            // and a redirect to the sign-in page are the same failure, in the same words.
            ApiError::Unauthorized { .. } => format!(
                "ClearChecks did not accept this API token. Check that it belongs to this \
                 environment, or replace it with `clearchecks accounts add`.{said}"
            ),
            ApiError::Validation {
                message,
                field_errors,
                ..
            } => {
                let fields: Vec<String> = field_errors
                    .iter()
                    .map(|(field, problems)| format!("{field}: {}", problems.join(" ")))
                    .collect();
                if fields.is_empty() {
                    format!("ClearChecks rejected the request: {message}")
                } else {
                    format!(
                        "ClearChecks rejected the request: {message} ({})",
                        fields.join("; ")
                    )
                }
            }
            ApiError::NotFound { .. } => format!(
                "ClearChecks found no such item on this account (HTTP 404). Check the report key \
                 or invoice id, and that you chose the right account and environment.{said}"
            ),
            // A rate-limit message speaks of retrying, which the CLI does not do for the user.
            ApiError::RateLimited { retry_after } => format!(
                "ClearChecks asked us to slow down (HTTP 429). Try again in {} s.",
                retry_after.as_secs().max(1)
            ),
            other => other.to_string(),
        };
        Self::new(code, message)
    }
}

impl From<SecretError> for Failure {
    fn from(err: SecretError) -> Self {
        let code = match err {
            SecretError::KeyringUnavailable { .. } | SecretError::Backend { .. } => {
                ExitCode::Keyring
            }
            SecretError::EmptySecret => ExitCode::Usage,
            SecretError::Corrupt { .. } => ExitCode::Auth,
        };
        Self::new(code, err.to_string())
    }
}

impl From<clearchecks_store::StoreError> for Failure {
    fn from(err: clearchecks_store::StoreError) -> Self {
        use clearchecks_store::StoreError;
        let code = match err {
            StoreError::KeyringUnavailable { .. } | StoreError::Keyring { .. } => ExitCode::Keyring,
            StoreError::KeyMissing
            | StoreError::WrongKey
            | StoreError::Corrupt { .. }
            | StoreError::TooNew { .. }
            | StoreError::Io { .. }
            | StoreError::Database { .. } => ExitCode::LocalFile,
        };
        // The store's messages already say what to do (and never quote a key).
        Self::new(code, err.to_string())
    }
}

impl From<ProfileError> for Failure {
    fn from(err: ProfileError) -> Self {
        let code = match err {
            ProfileError::NoDataDir
            | ProfileError::Io { .. }
            | ProfileError::Corrupt { .. }
            | ProfileError::NewerFormat { .. } => ExitCode::LocalFile,
            ProfileError::NotFound { .. } => ExitCode::NotFound,
            ProfileError::DuplicateLabel { .. }
            | ProfileError::DuplicateId { .. }
            | ProfileError::InvalidLabel { .. }
            | ProfileError::InvalidEnvironment { .. } => ExitCode::Usage,
        };
        Self::new(code, err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::time::Duration;

    use super::*;

    #[test]
    fn api_errors_map_to_distinct_codes() {
        let cases = [
            (ApiError::Timeout, ExitCode::Unreachable),
            (
                ApiError::RateLimited {
                    retry_after: Duration::from_secs(12),
                },
                ExitCode::RateLimited,
            ),
            (
                ApiError::OutcomeUncertain {
                    message: "lost".into(),
                },
                ExitCode::OutcomeUnknown,
            ),
            (
                ApiError::Io {
                    detail: "disk full".into(),
                },
                ExitCode::LocalFile,
            ),
        ];
        for (err, code) in cases {
            assert_eq!(Failure::from(err).code, code);
        }
    }

    #[test]
    fn validation_lists_the_fields_on_one_line() {
        let mut field_errors = BTreeMap::new();
        field_errors.insert(
            "applicant_emails".to_owned(),
            vec!["The email is\ninvalid.".to_owned()],
        );
        let failure = Failure::from(ApiError::Validation {
            message: "The given data was invalid.".into(),
            field_errors,
            diagnostics: None,
        });
        assert_eq!(failure.code, ExitCode::Rejected);
        assert_eq!(
            failure.to_string(),
            "ClearChecks rejected the request: The given data was invalid. (applicant_emails: The email is invalid.)"
        );
    }

    #[test]
    fn keyring_and_profile_errors_have_their_own_codes() {
        let keyring = Failure::from(SecretError::KeyringUnavailable {
            detail: "no dbus".into(),
        });
        assert_eq!(keyring.code, ExitCode::Keyring);
        let missing = Failure::from(ProfileError::NotFound { name: "x".into() });
        assert_eq!(missing.code, ExitCode::NotFound);
    }
}

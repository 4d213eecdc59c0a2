//! `ApiError`: every way a call to ClearChecks can fail, as data.
//!
//! Each variant has a stable machine-readable [`ErrorKind`] (the app maps it to its IPC error and
//! the UI switches on it) and a `Display` text that tells a coordinator what to do. Errors that
//! come from an HTTP response keep [`Diagnostics`]: the status and the first few KB of the body,
//! with the token scrubbed, so a support engineer can see what the server said, and the
//! server's own reason as one clean line ([`ApiError::server_reason`]), which the `Display`
//! text quotes next to our advice.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// How much of an error response body we keep for diagnostics.
pub const DIAGNOSTIC_BODY_LIMIT: usize = 4 * 1024;

/// Status and (truncated, redacted) body of a failed response.
#[derive(Clone, PartialEq, Eq)]
pub struct Diagnostics {
    pub status: u16,
    pub body: String,
    /// The server's reason, whatever the body's shape (`message`, `error`, `errors`, plain
    /// text, an HTML title): plain text, at most a few hundred characters, token-free.
    pub reason: Option<String>,
}

impl Diagnostics {
    /// Keeps at most [`DIAGNOSTIC_BODY_LIMIT`] bytes (cut on a char boundary). The caller passes
    /// a body that is already scrubbed of secrets.
    pub fn new(status: u16, scrubbed_body: &str) -> Self {
        let mut end = scrubbed_body.len().min(DIAGNOSTIC_BODY_LIMIT);
        while !scrubbed_body.is_char_boundary(end) {
            end -= 1;
        }
        let mut body = scrubbed_body[..end].to_string();
        if end < scrubbed_body.len() {
            body.push_str("…[truncated]");
        }
        Self {
            status,
            body,
            reason: None,
        }
    }

    /// With the server's reason (already sanitised and scrubbed).
    pub fn with_reason(mut self, reason: Option<String>) -> Self {
        self.reason = reason;
        self
    }
}

/// ` (ClearChecks said: “…”)`, or nothing.
fn said(diagnostics: &Diagnostics) -> String {
    diagnostics
        .reason
        .as_deref()
        .map(|r| format!(" (ClearChecks said: “{r}”)"))
        .unwrap_or_default()
}

/// `: “…”` after a status, or nothing.
fn colon_reason(diagnostics: &Diagnostics) -> String {
    diagnostics
        .reason
        .as_deref()
        .map(|r| format!(": “{r}”"))
        .unwrap_or_default()
}

impl fmt::Debug for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} reason={:?} body={:?}",
            self.status, self.reason, self.body
        )
    }
}

/// Every failure of the ClearChecks client. Strings inside never contain the API token.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// A 401, or the request sent to a sign-in page (a redirect to `/login`, or an HTML page
    /// after a redirect): the same failure, the same words.
    #[error("ClearChecks did not accept this account's API token{}. Replace the token in Accounts.", said(.diagnostics))]
    Unauthorized { diagnostics: Diagnostics },

    #[error("ClearChecks could not find that item on this account{}. Refresh the list; it may belong to another account or environment.", said(.diagnostics))]
    NotFound { diagnostics: Diagnostics },

    #[error(
        "ClearChecks rejected the request: {message} Correct the highlighted fields and try again."
    )]
    Validation {
        message: String,
        field_errors: BTreeMap<String, Vec<String>>,
        diagnostics: Option<Diagnostics>,
    },

    /// Nothing retries behind this error: the caller decides whether to wait `retry_after`.
    #[error("ClearChecks asked us to wait before sending more requests. Try again in {} s.", retry_after.as_secs().max(1))]
    RateLimited { retry_after: Duration },

    #[error("ClearChecks had a problem (HTTP {status}{}). Try again in a minute.", colon_reason(.diagnostics))]
    Server {
        status: u16,
        diagnostics: Diagnostics,
    },

    #[error("Can't reach ClearChecks ({detail}). Check your internet connection or proxy and try again.")]
    Network { detail: String },

    #[error("ClearChecks took too long to answer. Try again in a moment.")]
    Timeout,

    #[error("ClearChecks answered {endpoint} in a way this version doesn't understand ({detail}). Check for an update of ClearChecks Desktop.")]
    Decode { endpoint: String, detail: String },

    #[error("ClearChecks answered with HTTP {status}: {message}")]
    Http {
        status: u16,
        message: String,
        diagnostics: Diagnostics,
    },

    #[error("The ClearChecks address is not usable: {reason}")]
    InvalidEnvironment { reason: String },

    #[error("Could not read or write the file: {detail}")]
    Io { detail: String },

    #[error("We could not confirm whether ClearChecks placed the order ({message}). Check the order list before sending it again.")]
    OutcomeUncertain { message: String },

    #[error("This exact order is already being sent. Wait for it to finish.")]
    DuplicateSubmission,
}

/// Stable discriminant of an [`ApiError`]; serialized as camelCase (`"rateLimited"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    Unauthorized,
    NotFound,
    Validation,
    RateLimited,
    Server,
    Network,
    Timeout,
    Decode,
    Http,
    InvalidEnvironment,
    Io,
    OutcomeUncertain,
    DuplicateSubmission,
}

impl ErrorKind {
    /// The same string the serde form uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthorized => "unauthorized",
            Self::NotFound => "notFound",
            Self::Validation => "validation",
            Self::RateLimited => "rateLimited",
            Self::Server => "server",
            Self::Network => "network",
            Self::Timeout => "timeout",
            Self::Decode => "decode",
            Self::Http => "http",
            Self::InvalidEnvironment => "invalidEnvironment",
            Self::Io => "io",
            Self::OutcomeUncertain => "outcomeUncertain",
            Self::DuplicateSubmission => "duplicateSubmission",
        }
    }
}

impl ApiError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Unauthorized { .. } => ErrorKind::Unauthorized,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::Validation { .. } => ErrorKind::Validation,
            Self::RateLimited { .. } => ErrorKind::RateLimited,
            Self::Server { .. } => ErrorKind::Server,
            Self::Network { .. } => ErrorKind::Network,
            Self::Timeout => ErrorKind::Timeout,
            Self::Decode { .. } => ErrorKind::Decode,
            Self::Http { .. } => ErrorKind::Http,
            Self::InvalidEnvironment { .. } => ErrorKind::InvalidEnvironment,
            Self::Io { .. } => ErrorKind::Io,
            Self::OutcomeUncertain { .. } => ErrorKind::OutcomeUncertain,
            Self::DuplicateSubmission => ErrorKind::DuplicateSubmission,
        }
    }

    /// Status and body of the response behind this error, when there was one.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            Self::Unauthorized { diagnostics }
            | Self::NotFound { diagnostics }
            | Self::Server { diagnostics, .. }
            | Self::Http { diagnostics, .. } => Some(diagnostics),
            Self::Validation { diagnostics, .. } => diagnostics.as_ref(),
            _ => None,
        }
    }

    /// The server's own reason for this error (sanitised, capped, token-free), whatever the
    /// shape of its body, when it gave one.
    pub fn server_reason(&self) -> Option<&str> {
        self.diagnostics()?.reason.as_deref()
    }

    /// HTTP status of the response behind this error, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::RateLimited { .. } => Some(429),
            _ => self.diagnostics().map(|d| d.status),
        }
    }

    /// A validation error raised locally, before anything is sent.
    pub fn invalid_input(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut field_errors = BTreeMap::new();
        field_errors.insert(field.to_string(), vec![message.clone()]);
        Self::Validation {
            message,
            field_errors,
            diagnostics: None,
        }
    }

    /// Applies `f` to every free-text field (used to scrub extra secrets out of an error).
    pub fn map_text(self, f: impl Fn(&str) -> String) -> Self {
        let diag = |d: Diagnostics| Diagnostics {
            status: d.status,
            body: f(&d.body),
            reason: d.reason.as_deref().map(&f),
        };
        match self {
            Self::Unauthorized { diagnostics } => Self::Unauthorized {
                diagnostics: diag(diagnostics),
            },
            Self::NotFound { diagnostics } => Self::NotFound {
                diagnostics: diag(diagnostics),
            },
            Self::Validation {
                message,
                field_errors,
                diagnostics,
            } => Self::Validation {
                message: f(&message),
                field_errors: field_errors
                    .into_iter()
                    .map(|(k, v)| (k, v.iter().map(|m| f(m)).collect()))
                    .collect(),
                diagnostics: diagnostics.map(diag),
            },
            Self::Server {
                status,
                diagnostics,
            } => Self::Server {
                status,
                diagnostics: diag(diagnostics),
            },
            Self::Network { detail } => Self::Network { detail: f(&detail) },
            Self::Decode { endpoint, detail } => Self::Decode {
                endpoint,
                detail: f(&detail),
            },
            Self::Http {
                status,
                message,
                diagnostics,
            } => Self::Http {
                status,
                message: f(&message),
                diagnostics: diag(diagnostics),
            },
            Self::InvalidEnvironment { reason } => Self::InvalidEnvironment { reason: f(&reason) },
            Self::Io { detail } => Self::Io { detail: f(&detail) },
            Self::OutcomeUncertain { message } => Self::OutcomeUncertain {
                message: f(&message),
            },
            other @ (Self::RateLimited { .. } | Self::Timeout | Self::DuplicateSubmission) => other,
        }
    }

    /// Whether an idempotent request may be sent again after this error.
    pub(crate) fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Network { .. } | Self::Timeout | Self::Server { .. } | Self::RateLimited { .. }
        )
    }
}

impl From<std::io::Error> for ApiError {
    fn from(err: std::io::Error) -> Self {
        Self::Io {
            detail: err.to_string(),
        }
    }
}

#[cfg(test)]
mod tests;

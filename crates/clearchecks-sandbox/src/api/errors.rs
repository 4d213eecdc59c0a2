//! Laravel-shaped error responses: `{"message": ...}` plus `errors` for 422.
//! Always JSON, whatever the request's `Accept` says.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// A JSON `{"message": message}` response with `status`.
pub(crate) fn json_message(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "message": message }))).into_response()
}

/// Field -> messages, in field order (like Laravel's validator bag).
pub(crate) type FieldErrors = BTreeMap<String, Vec<String>>;

#[derive(Debug)]
pub(crate) enum ApiError {
    Unauthenticated,
    Forbidden(&'static str),
    NotFound(&'static str),
    Gone(&'static str),
    Conflict(&'static str),
    Validation(FieldErrors),
}

impl ApiError {
    /// A 422 with one message for one field.
    pub fn field(field: &str, message: impl Into<String>) -> ApiError {
        let mut errors = FieldErrors::new();
        errors.insert(field.to_owned(), vec![message.into()]);
        ApiError::Validation(errors)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Unauthenticated => json_message(StatusCode::UNAUTHORIZED, "Unauthenticated."),
            ApiError::Forbidden(m) => json_message(StatusCode::FORBIDDEN, m),
            ApiError::NotFound(m) => json_message(StatusCode::NOT_FOUND, m),
            ApiError::Gone(m) => json_message(StatusCode::GONE, m),
            ApiError::Conflict(m) => json_message(StatusCode::CONFLICT, m),
            ApiError::Validation(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({ "message": "The given data was invalid.", "errors": errors })),
            )
                .into_response(),
        }
    }
}

/// Collects field errors while validating a request body.
#[derive(Default)]
pub(crate) struct Validator {
    errors: FieldErrors,
}

impl Validator {
    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors
            .entry(field.to_owned())
            .or_default()
            .push(message.into());
    }

    /// Err(422) if anything failed.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.errors))
        }
    }
}

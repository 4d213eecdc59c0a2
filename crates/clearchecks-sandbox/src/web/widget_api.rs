//! JSON endpoints behind the widget scripts (CORS-enabled by the gateway):
//! `GET /_widget/report?token=` consumes a single-use report token,
//! `GET|POST /_widget/applicant/{key}` reads and submits the applicant form
//! (A -> P), and `POST /_widget/register` signs up a new account for a platform.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde_json::{json, Value};

use crate::api::errors::{ApiError, Validator};
use crate::api::json_body::{self, is_email};
use crate::model::{ApplicantDetails, Registration};
use crate::shared::{lock, Shared};
use crate::world::SubmitError;
use crate::{php, report_body, tokens};

pub(crate) async fn report(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let token = query.get("token").ok_or(ApiError::Unauthenticated)?;
    let (account_id, key) = {
        let mut live = lock(&shared.widget_tokens);
        let entry = live.get_mut(token).ok_or(ApiError::Unauthenticated)?;
        if entry.used {
            return Err(ApiError::Gone("This report token has already been used."));
        }
        if entry.expires_at < Utc::now() {
            return Err(ApiError::Gone("This report token has expired."));
        }
        entry.used = true;
        (entry.account_id, entry.report_key.clone())
    };
    shared.read(|w| {
        let order = w
            .order_of(account_id, &key)
            .ok_or(ApiError::NotFound("Report not found."))?;
        let company = w.account(account_id).map(|a| a.company_name.clone());
        Ok(Json(
            json!({ "company_name": company, "report": report_body::build(order) }),
        ))
    })
}

pub(crate) async fn applicant_info(
    State(shared): State<Arc<Shared>>,
    Path(key): Path<String>,
) -> Result<Json<Value>, ApiError> {
    shared.read(|w| {
        let order = w
            .order(&key)
            .ok_or(ApiError::NotFound("Application not found."))?;
        let company = w.account(order.account_id).map(|a| a.company_name.clone());
        Ok(Json(json!({
            "report_key": order.report_key,
            "applicant_email": order.applicant_email,
            "company_name": company,
            "status": order.status.letter(),
            "submitted": order.submitted_date.is_some(),
        })))
    })
}

/// Validates the applicant form (synthetic data only, but checked like a real form).
fn applicant_details(input: &serde_json::Map<String, Value>) -> Result<ApplicantDetails, ApiError> {
    let mut v = Validator::default();
    let mut required = |field: &str, label: &str| -> String {
        match json_body::string(input, field) {
            Some(s) if s.chars().count() <= 100 => s.trim().to_owned(),
            Some(_) => {
                v.fail(
                    field,
                    format!("The {label} may not be greater than 100 characters."),
                );
                String::new()
            }
            None => {
                v.fail(field, format!("The {label} field is required."));
                String::new()
            }
        }
    };
    let first_name = required("first_name", "first name");
    let last_name = required("last_name", "last name");
    let dob = required("dob", "date of birth");
    let ssn = required("ssn", "social security number");
    let street = required("street", "street address");
    let city = required("city", "city");
    let state = required("state", "state");
    let zipcode = required("zipcode", "zip code");
    let middle_name = json_body::string(input, "middle_name")
        .unwrap_or_default()
        .trim()
        .to_owned();
    if !dob.is_empty() && chrono::NaiveDate::parse_from_str(&dob, "%Y-%m-%d").is_err() {
        v.fail("dob", "The date of birth is not a valid date.");
    }
    let ssn_digits: String = ssn.chars().filter(char::is_ascii_digit).collect();
    if !ssn.is_empty() && ssn_digits.len() != 9 {
        v.fail("ssn", "The social security number must be 9 digits.");
    }
    if !state.is_empty() && (state.len() != 2 || !state.chars().all(|c| c.is_ascii_alphabetic())) {
        v.fail("state", "The state must be a two-letter code.");
    }
    if !zipcode.is_empty() && (zipcode.len() != 5 || !zipcode.chars().all(|c| c.is_ascii_digit())) {
        v.fail("zipcode", "The zip code must be 5 digits.");
    }
    v.finish()?;
    Ok(ApplicantDetails {
        first_name,
        middle_name,
        last_name,
        dob,
        ssn_last4: ssn_digits[5..].to_owned(),
        street,
        city,
        state: state.to_ascii_uppercase(),
        zipcode,
    })
}

pub(crate) async fn applicant_submit(
    State(shared): State<Arc<Shared>>,
    Path(key): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    if shared.read(|w| w.order(&key).is_none()) {
        return Err(ApiError::NotFound("Application not found."));
    }
    let details = applicant_details(&json_body::object(&body))?;
    let now = Utc::now();
    match shared.write(|w| w.submit(&key, Some(details), now)) {
        Ok(order) => Ok(Json(json!({
            "report_key": order.report_key,
            "application_complete": "1",
            "created_at": php::timestamp(now),
            "status": order.status.letter(),
        }))),
        Err(SubmitError::UnknownKey) => Err(ApiError::NotFound("Application not found.")),
        Err(SubmitError::AlreadySubmitted) => Err(ApiError::Conflict(
            "This application has already been submitted.",
        )),
    }
}

pub(crate) async fn register(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let input = json_body::object(&body);
    let source_token = json_body::string(&input, "source_token")
        .unwrap_or_default()
        .to_owned();
    if shared.platform_by_source(&source_token).is_none() {
        return Err(ApiError::Forbidden("Unknown or missing source token."));
    }
    let mut v = Validator::default();
    for (field, label) in [
        ("company_name", "company name"),
        ("first_name", "first name"),
        ("last_name", "last name"),
    ] {
        if json_body::string(&input, field).is_none() {
            v.fail(field, format!("The {label} field is required."));
        }
    }
    match json_body::string(&input, "email") {
        None => v.fail("email", "The email field is required."),
        Some(e) if !is_email(e.trim()) => {
            v.fail("email", "The email must be a valid email address.")
        }
        Some(_) => {}
    }
    v.finish()?;
    let text = |f: &str| {
        json_body::string(&input, f)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let opaque = tokens::registration_token();
    let seeded = shared.registration_seeded_orders;
    let token = tokens::api_token();
    shared.write(|w| {
        let id = w.create_account(&token, &text("company_name"), seeded, Utc::now());
        if let Some(account) = w.account_mut(id) {
            account.first_name = text("first_name");
            account.last_name = text("last_name");
            account.email = text("email");
        }
        w.add_registration(Registration {
            opaque_token: opaque.clone(),
            platform_source_token: source_token,
            account_id: id,
            redeemed: false,
        });
    });
    Ok((StatusCode::CREATED, Json(json!({ "token": opaque }))))
}

//! `GET /accounts`, `GET /accounts/teams` (Spark-style team objects) and
//! `PUT /accounts/billing` (billing contact fields only, never card data).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Map, Value};

use super::auth::Authed;
use super::errors::{ApiError, Validator};
use super::json_body::{self, is_email};
use crate::model::{Account, BillingContact};
use crate::php;
use crate::shared::Shared;

pub(crate) async fn show(
    State(shared): State<Arc<Shared>>,
    Authed(id): Authed,
) -> Result<Json<Value>, ApiError> {
    let string_ids = shared.quirks().contains(&crate::Quirk::StringIds);
    shared.read(|w| {
        let a = w.account(id).ok_or(ApiError::Unauthenticated)?;
        let (id, zip) = match (string_ids, a.zip.parse::<u64>()) {
            // A PHP app that cast the ZIP code to an integer (and lost its leading zero).
            (true, Ok(zip)) => (json!(a.id.to_string()), json!(zip)),
            _ => (json!(a.id), json!(a.zip)),
        };
        Ok(Json(json!({
            "id": id,
            "first_name": a.first_name,
            "last_name": a.last_name,
            "company_name": a.company_name,
            "email": a.email,
            "city": a.city,
            "state": a.state,
            "zip": zip,
        })))
    })
}

pub(crate) async fn teams(
    State(shared): State<Arc<Shared>>,
    Authed(id): Authed,
) -> Result<Json<Value>, ApiError> {
    let origin = shared.origin.clone();
    shared.read(|w| {
        let a = w.account(id).ok_or(ApiError::Unauthenticated)?;
        Ok(Json(json!([team_json(a, &origin)])))
    })
}

fn team_json(a: &Account, origin: &str) -> Value {
    let slug: String = a
        .company_name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let b = &a.billing;
    json!({
        "id": a.id,
        "owner_id": a.id,
        "name": a.company_name,
        "slug": slug,
        "photo_url": format!("{origin}/img/avatar.svg?u={}", a.id),
        "stripe_id": format!("cus_sbx{:08}", a.id),
        "current_billing_plan": "pay-as-you-go",
        "card_brand": "Visa",
        "card_last_four": "4242",
        "card_country": "US",
        "billing_address": b.billing_address,
        "billing_address_line_2": b.billing_address_line_2,
        "billing_city": b.billing_city,
        "billing_state": b.billing_state,
        "billing_zip": b.billing_zip,
        "billing_country": b.billing_country,
        "billing_email": b.billing_email,
        "extra_billing_information": b.extra_billing_information,
        "vat_id": null,
        "trial_ends_at": null,
        "created_at": php::timestamp(a.created_at),
        "updated_at": php::timestamp(a.created_at),
        "pivot": { "user_id": a.id, "team_id": a.id, "role": "owner" },
    })
}

const CARD_FIELDS: &[&str] = &[
    "card_number",
    "number",
    "cvc",
    "card_cvc",
    "exp_month",
    "exp_year",
    "stripe_token",
];

/// Validates a billing update: only known contact fields, as strings, in sane formats.
pub(crate) fn validate_billing(input: &Map<String, Value>) -> Result<BillingContact, ApiError> {
    let mut v = Validator::default();
    for field in CARD_FIELDS {
        if input.contains_key(*field) {
            v.fail(
                field,
                "Card details are not accepted by the API; use the console billing page.",
            );
        }
    }
    let mut contact = BillingContact::default();
    let mut any = false;
    let mut take = |field: &str, v: &mut Validator| -> Option<String> {
        match input.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.chars().count() <= 255 => {
                any = true;
                Some(s.trim().to_owned())
            }
            Some(Value::String(_)) => {
                v.fail(
                    field,
                    format!(
                        "The {} may not be greater than 255 characters.",
                        field.replace('_', " ")
                    ),
                );
                None
            }
            Some(_) => {
                v.fail(
                    field,
                    format!("The {} must be a string.", field.replace('_', " ")),
                );
                None
            }
        }
    };
    contact.billing_email = take("billing_email", &mut v);
    contact.billing_address = take("billing_address", &mut v);
    contact.billing_address_line_2 = take("billing_address_line_2", &mut v);
    contact.billing_city = take("billing_city", &mut v);
    contact.billing_state = take("billing_state", &mut v);
    contact.billing_zip = take("billing_zip", &mut v);
    contact.billing_country = take("billing_country", &mut v);
    contact.extra_billing_information = take("extra_billing_information", &mut v);
    if !any && input.keys().all(|k| !CARD_FIELDS.contains(&k.as_str())) {
        v.fail("billing", "At least one billing field is required.");
    }
    if contact
        .billing_email
        .as_deref()
        .is_some_and(|e| !is_email(e))
    {
        v.fail(
            "billing_email",
            "The billing email must be a valid email address.",
        );
    }
    if let Some(state) = contact.billing_state.as_deref() {
        if state.len() != 2 || !state.chars().all(|c| c.is_ascii_uppercase()) {
            v.fail(
                "billing_state",
                "The billing state must be a two-letter code.",
            );
        }
    }
    if let Some(zip) = contact.billing_zip.as_deref() {
        let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
        let ok = match zip.split_once('-') {
            Some((five, four)) => digits(five, 5) && digits(four, 4),
            None => digits(zip, 5),
        };
        if !ok {
            v.fail("billing_zip", "The billing zip format is invalid.");
        }
    }
    if let Some(country) = contact.billing_country.as_deref() {
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
            v.fail(
                "billing_country",
                "The billing country must be a two-letter code.",
            );
        }
    }
    v.finish()?;
    Ok(contact)
}

pub(crate) async fn update_billing(
    State(shared): State<Arc<Shared>>,
    Authed(id): Authed,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let update = validate_billing(&json_body::object(&body))?;
    shared.write(|w| {
        let account = w.account_mut(id).ok_or(ApiError::Unauthenticated)?;
        let b = &mut account.billing;
        // Only the fields sent change; the rest are kept.
        macro_rules! merge {
            ($($f:ident),*) => { $( if update.$f.is_some() { b.$f = update.$f.clone(); } )* };
        }
        merge!(
            billing_email,
            billing_address,
            billing_address_line_2,
            billing_city,
            billing_state,
            billing_zip,
            billing_country,
            extra_billing_information
        );
        Ok(Json(
            json!({ "message": "Billing information updated.", "billing": b }),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn billing_accepts_contact_fields_and_rejects_junk() {
        let ok = validate_billing(&input(json!({"billing_email": "ap@example.com", "billing_zip": "08012-1234", "billing_state": "NJ"}))).unwrap();
        assert_eq!(ok.billing_zip.as_deref(), Some("08012-1234"));
        for junk in [
            json!({}),
            json!({"billing_zip": "ABCDE"}),
            json!({"billing_email": "nope"}),
            json!({"billing_state": 12}),
            json!({"card_number": "4242424242424242"}),
        ] {
            assert!(
                matches!(
                    validate_billing(&input(junk.clone())),
                    Err(ApiError::Validation(_))
                ),
                "{junk}"
            );
        }
    }
}

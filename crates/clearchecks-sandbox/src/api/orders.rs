//! `POST /orders/new`: validates the order like the real API (Laravel 422s)
//! and places one order line per applicant email, all in status `A`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde_json::{json, Map, Value};

use super::auth::Authed;
use super::errors::{ApiError, Validator};
use super::json_body::{self, blank, is_email};
use crate::model::AddOns;
use crate::shared::Shared;

pub(crate) const REPORT_SKUS: &[&str] = &["HIRE1", "HIRE2", "HIRE3"];
pub(crate) const DRUG_SKUS: &[&str] = &["drug", "drug9", "drug10"];
const MAX_APPLICANTS: usize = 100;

/// A validated order.
#[derive(Debug, PartialEq)]
pub(crate) struct OrderRequest {
    pub report_sku: String,
    pub emails: Vec<String>,
    pub add_ons: AddOns,
}

fn yes_no(input: &Map<String, Value>, field: &str, v: &mut Validator) -> bool {
    match input.get(field) {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) if s == "Y" => true,
        Some(Value::String(s)) if s == "N" || s.is_empty() => false,
        Some(_) => {
            v.fail(
                field,
                format!("The selected {} is invalid.", field.replace('_', " ")),
            );
            false
        }
    }
}

pub(crate) fn validate(input: &Map<String, Value>) -> Result<OrderRequest, ApiError> {
    let mut v = Validator::default();
    let report_sku = json_body::string(input, "report_sku")
        .unwrap_or_default()
        .to_owned();
    if blank(input, "report_sku") {
        v.fail("report_sku", "The report sku field is required.");
    } else if !REPORT_SKUS.contains(&report_sku.as_str()) {
        v.fail("report_sku", "The selected report sku is invalid.");
    }

    let mut emails = Vec::new();
    match input.get("applicant_emails") {
        None | Some(Value::Null) => v.fail(
            "applicant_emails",
            "The applicant emails field is required.",
        ),
        Some(Value::Array(items)) if items.is_empty() => v.fail(
            "applicant_emails",
            "The applicant emails field is required.",
        ),
        Some(Value::Array(items)) if items.len() > MAX_APPLICANTS => v.fail(
            "applicant_emails",
            format!("The applicant emails may not have more than {MAX_APPLICANTS} items."),
        ),
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item.as_str().map(str::trim) {
                    Some(email) if is_email(email) => emails.push(email.to_owned()),
                    _ => v.fail(
                        &format!("applicant_emails.{i}"),
                        format!("The applicant_emails.{i} must be a valid email address."),
                    ),
                }
            }
        }
        Some(_) => v.fail("applicant_emails", "The applicant emails must be an array."),
    }

    match input.get("order_quantity") {
        None | Some(Value::Null) => {}
        Some(q) => {
            let quantity = q
                .as_u64()
                .or_else(|| q.as_str().and_then(|s| s.trim().parse().ok()));
            match quantity {
                None => v.fail("order_quantity", "The order quantity must be an integer."),
                Some(n)
                    if Some(n as usize)
                        != input
                            .get("applicant_emails")
                            .and_then(Value::as_array)
                            .map(Vec::len) =>
                {
                    v.fail(
                        "order_quantity",
                        "The order quantity must match the number of applicant emails.",
                    )
                }
                Some(_) => {}
            }
        }
    }

    match input.get("terms_agree") {
        None | Some(Value::Null) => v.fail("terms_agree", "The terms agree field is required."),
        Some(Value::String(s)) if s == "Y" => {}
        Some(_) => v.fail("terms_agree", "The terms agree must be Y."),
    }

    let drug_sku = match input.get("drug_sku") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) if DRUG_SKUS.contains(&s.as_str()) => Some(s.clone()),
        Some(_) => {
            v.fail("drug_sku", "The selected drug sku is invalid.");
            None
        }
    };
    let drug_test = yes_no(input, "drug_test", &mut v);
    let add_ons = AddOns {
        drug_test,
        // drug_sku is sent even when drug_test is N; it only matters with a test.
        drug_sku: if drug_test {
            drug_sku.or_else(|| Some("drug".to_owned()))
        } else {
            None
        },
        mvr: yes_no(input, "mvr", &mut v),
        employment: yes_no(input, "employment", &mut v),
        education: yes_no(input, "education", &mut v),
        blj: yes_no(input, "blj", &mut v),
        federal_criminal: yes_no(input, "federal_criminal", &mut v),
        bankruptcy: yes_no(input, "bankruptcy", &mut v),
        civil_judgment: yes_no(input, "civil_judgment", &mut v),
        tax_lien: yes_no(input, "tax_lien", &mut v),
        credit_report: yes_no(input, "credit_report", &mut v),
    };
    v.finish()?;
    Ok(OrderRequest {
        report_sku,
        emails,
        add_ons,
    })
}

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    Authed(id): Authed,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let order = validate(&json_body::object(&body))?;
    let placed = shared.write(|w| {
        w.place_orders(
            id,
            &order.report_sku,
            &order.emails,
            &order.add_ons,
            Utc::now(),
        )
    });
    let applicants: Vec<Value> = placed
        .iter()
        .map(|o| {
            json!({
                "report_key": o.report_key,
                "applicant_invite_url": shared.invite_url(&o.report_key),
                "applicant_email": o.applicant_email,
            })
        })
        .collect();
    Ok((
        StatusCode::CREATED,
        Json(json!({ "applicants": applicants })),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(v: Value) -> Result<OrderRequest, Vec<String>> {
        validate(v.as_object().unwrap()).map_err(|e| match e {
            ApiError::Validation(errors) => errors.into_keys().collect(),
            other => panic!("{other:?}"),
        })
    }

    #[test]
    fn accepts_a_full_order() {
        let ok = check(json!({
            "report_sku": "HIRE3", "applicant_emails": ["a@example.com", "b@example.com"],
            "order_quantity": 2, "terms_agree": "Y", "drug_test": "Y", "drug_sku": "drug9", "mvr": "Y", "blj": "N"
        }))
        .unwrap();
        assert_eq!(ok.emails.len(), 2);
        assert_eq!(ok.add_ons.drug_sku.as_deref(), Some("drug9"));
        assert!(ok.add_ons.mvr && !ok.add_ons.blj);
    }

    #[test]
    fn names_each_invalid_field() {
        assert_eq!(
            check(json!({})).unwrap_err(),
            ["applicant_emails", "report_sku", "terms_agree"]
        );
        let errors = check(json!({
            "report_sku": "HIRE9", "applicant_emails": ["ok@example.com", "nope"], "order_quantity": 3,
            "terms_agree": "N", "drug_sku": "drug5", "mvr": "maybe"
        }))
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "applicant_emails.1",
                "drug_sku",
                "mvr",
                "order_quantity",
                "report_sku",
                "terms_agree"
            ]
        );
        assert_eq!(check(json!({"report_sku": "HIRE1", "applicant_emails": "a@example.com", "terms_agree": "Y"})).unwrap_err(), ["applicant_emails"]);
    }

    #[test]
    fn drug_sku_without_a_test_is_ignored() {
        let ok = check(json!({"report_sku": "HIRE1", "applicant_emails": ["a@example.com"], "terms_agree": "Y", "drug_test": "N", "drug_sku": "drug10"})).unwrap();
        assert_eq!(ok.add_ons.drug_sku, None);
    }
}

//! What the coordinator orders, and the exact JSON body of `POST /orders/new` (contract §2.3).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// Optional components of an order. Serialized camelCase for the UI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AddOns {
    /// A drug panel (`drug`, `drug9`, `drug10`); `None` = no drug test.
    #[serde(default)]
    pub drug_sku: Option<String>,
    #[serde(default)]
    pub mvr: bool,
    #[serde(default)]
    pub employment: bool,
    #[serde(default)]
    pub education: bool,
    #[serde(default)]
    pub blj: bool,
    #[serde(default)]
    pub federal_criminal: bool,
}

/// One order: a package for one or more applicants (invited by email; no other PII is sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRequest {
    pub sku: String,
    pub emails: Vec<String>,
    pub add_ons: AddOns,
}

/// Proof that the user accepted the ordering terms (FCRA permissible purpose) for this order.
/// `terms_agree: "Y"` can only be sent with one, so no code path can agree on the user's behalf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attestation {
    statement: String,
}

impl Attestation {
    /// `statement` is the text the user accepted (kept for the audit journal).
    pub fn accepted(statement: impl Into<String>) -> Result<Self, ApiError> {
        let statement = statement.into().trim().to_string();
        if statement.is_empty() {
            return Err(ApiError::invalid_input(
                "attestation",
                "Confirm the ordering terms before placing the order.",
            ));
        }
        Ok(Self { statement })
    }

    pub fn statement(&self) -> &str {
        &self.statement
    }
}

/// `POST /orders/new` body.
#[derive(Debug, Serialize)]
pub(crate) struct OrderBody<'a> {
    report_sku: &'a str,
    applicant_emails: &'a [String],
    order_quantity: usize,
    terms_agree: &'static str,
    drug_test: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    drug_sku: Option<&'a str>,
    mvr: &'static str,
    employment: &'static str,
    education: &'static str,
    blj: &'static str,
    federal_criminal: &'static str,
}

fn yes_no(flag: bool) -> &'static str {
    if flag {
        "Y"
    } else {
        "N"
    }
}

impl OrderRequest {
    /// Trims the fields and checks what can be checked locally: a SKU, at least one email, each
    /// looking like an address, none twice.
    pub fn new(sku: &str, emails: &[String], add_ons: AddOns) -> Result<Self, ApiError> {
        let sku = sku.trim().to_string();
        if sku.is_empty() {
            return Err(ApiError::invalid_input("sku", "Choose a package."));
        }
        let emails: Vec<String> = emails
            .iter()
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty())
            .collect();
        if emails.is_empty() {
            return Err(ApiError::invalid_input(
                "emails",
                "Add at least one applicant email.",
            ));
        }
        let mut seen = BTreeSet::new();
        for email in &emails {
            let plausible = email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && domain.contains('.') && !email.chars().any(char::is_whitespace)
            });
            if !plausible {
                return Err(ApiError::invalid_input(
                    "emails",
                    format!("\"{email}\" is not an email address."),
                ));
            }
            if !seen.insert(email.to_lowercase()) {
                return Err(ApiError::invalid_input(
                    "emails",
                    format!("{email} is listed twice."),
                ));
            }
        }
        let drug_sku = add_ons
            .drug_sku
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        Ok(Self {
            sku,
            emails,
            add_ons: AddOns {
                drug_sku,
                ..add_ons
            },
        })
    }

    /// The body sent to ClearChecks. Requires the user's attestation (`terms_agree: "Y"`).
    pub(crate) fn body(&self, _attestation: &Attestation) -> OrderBody<'_> {
        OrderBody {
            report_sku: &self.sku,
            applicant_emails: &self.emails,
            order_quantity: self.emails.len(),
            terms_agree: "Y",
            drug_test: yes_no(self.add_ons.drug_sku.is_some()),
            drug_sku: self.add_ons.drug_sku.as_deref(),
            mvr: yes_no(self.add_ons.mvr),
            employment: yes_no(self.add_ons.employment),
            education: yes_no(self.add_ons.education),
            blj: yes_no(self.add_ons.blj),
            federal_criminal: yes_no(self.add_ons.federal_criminal),
        }
    }

    /// The body as JSON, for previews and the audit journal.
    pub fn body_json(&self, attestation: &Attestation) -> serde_json::Value {
        serde_json::to_value(self.body(attestation)).expect("the order body always serializes")
    }

    /// Emails compared case-insensitively, as a set.
    pub(crate) fn email_set(&self) -> BTreeSet<String> {
        self.emails.iter().map(|e| e.to_lowercase()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn emails(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn body_matches_the_contract() {
        let add_ons = AddOns {
            drug_sku: Some("drug9".into()),
            mvr: true,
            education: true,
            ..AddOns::default()
        };
        let req = OrderRequest::new(
            " HIRE2 ",
            &emails(&[" a@example.com", "b@example.org "]),
            add_ons,
        )
        .unwrap();
        let body =
            req.body_json(&Attestation::accepted("I certify a permissible purpose.").unwrap());
        assert_eq!(
            body,
            json!({
                "report_sku": "HIRE2",
                "applicant_emails": ["a@example.com", "b@example.org"],
                "order_quantity": 2,
                "terms_agree": "Y",
                "drug_test": "Y",
                "drug_sku": "drug9",
                "mvr": "Y",
                "employment": "N",
                "education": "Y",
                "blj": "N",
                "federal_criminal": "N"
            })
        );
    }

    #[test]
    fn no_drug_test_sends_no_drug_sku() {
        let add_ons = AddOns {
            drug_sku: Some("  ".into()),
            federal_criminal: true,
            ..AddOns::default()
        };
        let req = OrderRequest::new("HIRE1", &emails(&["a@example.com"]), add_ons).unwrap();
        let body = req.body_json(&Attestation::accepted("ok").unwrap());
        assert_eq!(body["drug_test"], "N");
        assert!(body.get("drug_sku").is_none());
        assert_eq!(body["federal_criminal"], "Y");
        assert_eq!(body["order_quantity"], 1);
    }

    #[test]
    fn local_validation() {
        let field = |r: Result<OrderRequest, ApiError>| match r.unwrap_err() {
            ApiError::Validation { field_errors, .. } => {
                field_errors.keys().next().unwrap().clone()
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(OrderRequest::new(
                "",
                &emails(&["a@b.co"]),
                AddOns::default()
            )),
            "sku"
        );
        assert_eq!(
            field(OrderRequest::new(
                "HIRE1",
                &emails(&[" "]),
                AddOns::default()
            )),
            "emails"
        );
        assert_eq!(
            field(OrderRequest::new(
                "HIRE1",
                &emails(&["nope"]),
                AddOns::default()
            )),
            "emails"
        );
        assert_eq!(
            field(OrderRequest::new(
                "HIRE1",
                &emails(&["a@b.co", "A@B.co"]),
                AddOns::default()
            )),
            "emails"
        );
        assert!(Attestation::accepted("   ").is_err());
    }

    #[test]
    fn add_ons_use_ipc_spelling() {
        let json = serde_json::to_value(AddOns {
            federal_criminal: true,
            ..AddOns::default()
        })
        .unwrap();
        assert_eq!(json["federalCriminal"], true);
        assert_eq!(json["drugSku"], serde_json::Value::Null);
    }
}

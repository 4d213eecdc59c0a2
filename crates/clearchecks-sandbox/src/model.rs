//! The simulated world's records: accounts, orders (one per report key) with
//! their add-ons and applicant details, and the status letters.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Overall (and per-component) report status letters, exactly as the API sends them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportStatus {
    /// Waiting for the applicant.
    A,
    /// Pending / in progress.
    P,
    /// Same meaning as `P`.
    R,
    /// Complete.
    C,
    /// Pre-adverse action notice sent.
    V,
    /// Final adverse action notice sent.
    X,
}

impl ReportStatus {
    /// The letter as sent on the wire.
    pub fn letter(self) -> &'static str {
        match self {
            ReportStatus::A => "A",
            ReportStatus::P => "P",
            ReportStatus::R => "R",
            ReportStatus::C => "C",
            ReportStatus::V => "V",
            ReportStatus::X => "X",
        }
    }

    /// True once the report data exists (C, V, X).
    pub fn is_completed(self) -> bool {
        matches!(self, ReportStatus::C | ReportStatus::V | ReportStatus::X)
    }
}

/// Which adverse-action notice to simulate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AdverseStage {
    /// C -> V (pre-adverse notice).
    Pre,
    /// V -> X (final notice).
    Final,
}

/// The optional components of an order, as `Y`/`N` flags on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddOns {
    pub drug_test: bool,
    pub drug_sku: Option<String>,
    pub mvr: bool,
    pub employment: bool,
    pub education: bool,
    pub blj: bool,
    pub federal_criminal: bool,
    pub bankruptcy: bool,
    pub civil_judgment: bool,
    pub tax_lien: bool,
    pub credit_report: bool,
}

/// Details the applicant supplies (synthetic; generated when nobody typed them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantDetails {
    pub first_name: String,
    pub middle_name: String,
    pub last_name: String,
    /// `YYYY-MM-DD`.
    pub dob: String,
    pub ssn_last4: String,
    pub street: String,
    pub city: String,
    pub state: String,
    pub zipcode: String,
}

/// One order line, identified by its report key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub report_key: String,
    pub account_id: u64,
    pub report_sku: String,
    pub applicant_email: String,
    pub add_ons: AddOns,
    pub status: ReportStatus,
    pub flagged_for_end_user_review: bool,
    pub order_date: DateTime<Utc>,
    pub submitted_date: Option<DateTime<Utc>>,
    pub completed_date: Option<DateTime<Utc>>,
    pub applicant: Option<ApplicantDetails>,
    /// When the simulated clock moves this order next (A->P or P->C); None when
    /// only the controls move it.
    pub next_transition_at: Option<DateTime<Utc>>,
}

impl Order {
    /// `+records` in the email's local part makes a report with findings.
    pub fn has_records(&self) -> bool {
        self.applicant_email
            .split('@')
            .next()
            .is_some_and(|local| local.contains("+records"))
    }
}

/// Billing contact fields (never card data).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingContact {
    pub billing_email: Option<String>,
    pub billing_address: Option<String>,
    pub billing_address_line_2: Option<String>,
    pub billing_city: Option<String>,
    pub billing_state: Option<String>,
    pub billing_zip: Option<String>,
    pub billing_country: Option<String>,
    pub extra_billing_information: Option<String>,
}

/// One customer account and its (single) team.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Account {
    pub id: u64,
    pub api_token: String,
    pub company_name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub created_at: DateTime<Utc>,
    pub billing: BillingContact,
}

/// The api token is a secret, even a simulated one: keep it out of Debug output.
impl fmt::Debug for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Account")
            .field("id", &self.id)
            .field("api_token", &"<redacted>")
            .field("company_name", &self.company_name)
            .finish_non_exhaustive()
    }
}

/// An account created through the registration widget, waiting for its
/// platform to decrypt the opaque token (once).
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Registration {
    pub opaque_token: String,
    pub platform_source_token: String,
    pub account_id: u64,
    pub redeemed: bool,
}

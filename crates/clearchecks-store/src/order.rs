//! What the store keeps about one order, what a sync hands it, and what changed.

use chrono::{DateTime, Utc};
use clearchecks_core::orders::OrderRow;
use clearchecks_core::status::{OrderState, StatusLetter};
use serde::{Deserialize, Serialize};

/// One order as stored: the list fields, the last status check, and when the row was last
/// confirmed by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredOrder {
    pub account_id: String,
    pub report_key: String,
    pub applicant_name: Option<String>,
    pub applicant_email: Option<String>,
    pub sku: Option<String>,
    pub add_ons: Vec<String>,
    /// The raw status letter (`""` when never known).
    pub letter: String,
    /// Flagged for end-user review.
    pub flagged: bool,
    /// Component key (`mvd_status`, …) → letter, in the order the status check listed them.
    pub components: Vec<(String, String)>,
    pub ordered_at: Option<DateTime<Utc>>,
    /// The order date as sent, when it could not be read (`ordered_at` is then `None`).
    pub ordered_at_raw: Option<String>,
    pub completed_at: Option<DateTime<Utc>>,
    pub completed_at_raw: Option<String>,
    /// When `/reports/{key}/status` last answered for this order.
    pub last_checked_at: Option<DateTime<Utc>>,
    /// When `/reports/all` last listed this order.
    pub last_listed_at: Option<DateTime<Utc>>,
    /// When a full walk found the order gone from the server (set only by
    /// [`crate::OrderStore::mark_removed`]; cleared when it is listed again).
    pub removed_at: Option<DateTime<Utc>>,
}

impl StoredOrder {
    /// A row with only its identity.
    pub fn new(account_id: impl Into<String>, report_key: impl Into<String>) -> Self {
        Self {
            account_id: account_id.into(),
            report_key: report_key.into(),
            applicant_name: None,
            applicant_email: None,
            sku: None,
            add_ons: Vec::new(),
            letter: String::new(),
            flagged: false,
            components: Vec::new(),
            ordered_at: None,
            ordered_at_raw: None,
            completed_at: None,
            completed_at_raw: None,
            last_checked_at: None,
            last_listed_at: None,
            removed_at: None,
        }
    }

    /// The row the orders list, the CLI and notifications show. A stored order has no invite
    /// URL (the store keeps none): the detail panel fetches it.
    pub fn to_row(&self) -> OrderRow {
        OrderRow {
            report_key: self.report_key.clone(),
            email: self.applicant_email.clone(),
            applicant_name: self.applicant_name.clone(),
            sku: self.sku.clone(),
            state: OrderState::from_letter(&StatusLetter::parse(&self.letter), self.flagged),
            letter: self.letter.clone(),
            flagged: self.flagged,
            ordered_at: self.ordered_at,
            ordered_at_unreadable: self.ordered_at_raw.clone(),
            completed_at: self.completed_at,
            completed_at_unreadable: self.completed_at_raw.clone(),
            last_checked_at: self.last_checked_at,
            invite_url: None,
        }
    }

    /// When ClearChecks last confirmed this row, by listing it or answering its status.
    pub fn confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.last_listed_at.max(self.last_checked_at)
    }

    /// Same content, ignoring the "last confirmed" stamps: what decides whether a row changed.
    pub fn same_content(&self, other: &StoredOrder) -> bool {
        let strip = |row: &StoredOrder| StoredOrder {
            last_checked_at: None,
            last_listed_at: None,
            ..row.clone()
        };
        strip(self) == strip(other)
    }

    /// Same status letter and review flag (what a change notification is about).
    pub fn same_status(&self, other: &StoredOrder) -> bool {
        self.letter == other.letter && self.flagged == other.flagged
    }

    /// Applies what a `/reports/all` item says, keeping what the list leaves out (the same rule
    /// as the core's `OrderRow::merge_list_item`: a missing field never erases a known one).
    pub(crate) fn merge_listed(&mut self, listed: &ListedOrder) {
        let keep = |fresh: &Option<String>, old: &mut Option<String>| {
            if fresh.is_some() {
                old.clone_from(fresh);
            }
        };
        keep(&listed.applicant_name, &mut self.applicant_name);
        keep(&listed.applicant_email, &mut self.applicant_email);
        keep(&listed.sku, &mut self.sku);
        if !listed.add_ons.is_empty() {
            self.add_ons.clone_from(&listed.add_ons);
        }
        if let Some(letter) = &listed.letter {
            self.letter.clone_from(letter);
            self.flagged = listed.flagged.unwrap_or(self.flagged);
        }
        if listed.ordered_at.is_some() || listed.ordered_at_raw.is_some() {
            self.ordered_at = listed.ordered_at;
            self.ordered_at_raw.clone_from(&listed.ordered_at_raw);
        }
        if listed.completed_at.is_some() || listed.completed_at_raw.is_some() {
            self.completed_at = listed.completed_at;
            self.completed_at_raw.clone_from(&listed.completed_at_raw);
        }
        self.removed_at = None;
    }
}

/// One `/reports/all` item, as the sync hands it to [`crate::OrderStore::upsert_listed`].
/// `None` means "the list did not say" (the stored value is kept).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListedOrder {
    pub report_key: String,
    pub applicant_name: Option<String>,
    pub applicant_email: Option<String>,
    pub sku: Option<String>,
    /// Empty when the list does not carry add-ons (the stored ones are kept).
    pub add_ons: Vec<String>,
    pub letter: Option<String>,
    pub flagged: Option<bool>,
    pub ordered_at: Option<DateTime<Utc>>,
    pub ordered_at_raw: Option<String>,
    pub completed_at: Option<DateTime<Utc>>,
    pub completed_at_raw: Option<String>,
}

impl ListedOrder {
    pub fn new(report_key: impl Into<String>) -> Self {
        Self {
            report_key: report_key.into(),
            ..Self::default()
        }
    }
}

/// One `/reports/{key}/status` answer, for [`crate::OrderStore::record_status`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCheck {
    pub report_key: String,
    pub letter: String,
    pub flagged: bool,
    pub components: Vec<(String, String)>,
}

impl StatusCheck {
    /// What `/reports/{key}/status` answered for `report_key`, as the store keeps it.
    pub fn from_status(report_key: &str, status: &clearchecks_core::reports::ReportStatus) -> Self {
        Self {
            report_key: report_key.to_owned(),
            letter: status.status.as_str().to_owned(),
            flagged: status.flagged_for_end_user_review,
            components: status
                .reports
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().to_owned()))
                .collect(),
        }
    }
}

/// A row whose content changed in one batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderChange {
    pub before: StoredOrder,
    pub after: StoredOrder,
}

impl OrderChange {
    /// Whether the status letter or review flag changed (a notification is due).
    pub fn status_changed(&self) -> bool {
        !self.before.same_status(&self.after)
    }
}

/// What one batch did: new rows, changed rows (before and after), and how many rows were
/// confirmed unchanged (their "last confirmed" stamp moved, nothing else).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeSet {
    pub added: Vec<StoredOrder>,
    pub changed: Vec<OrderChange>,
    pub unchanged: usize,
}

impl ChangeSet {
    /// No row was added or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty()
    }
}

/// The text search runs over: key, name and email, Unicode-lower-cased, one per line (so a
/// query never matches across two fields).
pub fn search_text(report_key: &str, name: Option<&str>, email: Option<&str>) -> String {
    format!(
        "{}\n{}\n{}",
        report_key.to_lowercase(),
        name.unwrap_or_default().to_lowercase(),
        email.unwrap_or_default().to_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_without_a_field_keeps_the_stored_one() {
        let mut row = StoredOrder::new("a", "k1");
        row.letter = "C".into();
        row.flagged = true;
        row.applicant_email = Some("zoë@example.com".into());
        row.add_ons = vec!["mvr".into()];
        row.removed_at = Some(Utc::now());
        row.merge_listed(&ListedOrder::new("k1"));
        assert_eq!(row.letter, "C");
        assert!(row.flagged);
        assert_eq!(row.applicant_email.as_deref(), Some("zoë@example.com"));
        assert_eq!(row.add_ons, vec!["mvr".to_owned()]);
        assert_eq!(row.removed_at, None, "listed again: no longer removed");

        row.merge_listed(&ListedOrder {
            letter: Some("V".into()),
            flagged: Some(false),
            ..ListedOrder::new("k1")
        });
        assert_eq!((row.letter.as_str(), row.flagged), ("V", false));
    }

    #[test]
    fn content_ignores_the_confirmation_stamps() {
        let a = StoredOrder::new("a", "k");
        let b = StoredOrder {
            last_listed_at: Some(Utc::now()),
            last_checked_at: Some(Utc::now()),
            ..a.clone()
        };
        assert!(a.same_content(&b));
        let c = StoredOrder {
            letter: "P".into(),
            ..a.clone()
        };
        assert!(!a.same_content(&c));
        assert!(OrderChange {
            before: a,
            after: c
        }
        .status_changed());
    }

    #[test]
    fn search_text_lowercases_unicode_per_field() {
        assert_eq!(
            search_text("RK-1", Some("ZOË Ångström"), Some("Zoe@X.com")),
            "rk-1\nzoë ångström\nzoe@x.com"
        );
    }
}

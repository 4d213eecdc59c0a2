//! `OrderRow`: one order line as the app and the CLI show it, built from a list item and
//! refreshed by status checks.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::reports::{ReportListItem, ReportStatus};
use crate::status::{OrderState, StatusLetter};

/// One order line (IPC `OrderRow`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OrderRow {
    pub report_key: String,
    pub email: Option<String>,
    pub applicant_name: Option<String>,
    pub sku: Option<String>,
    pub state: OrderState,
    /// The raw letter (`""` when the list did not say).
    pub letter: String,
    pub flagged: bool,
    pub ordered_at: Option<DateTime<Utc>>,
    /// The order date as ClearChecks sent it when it could not be read (`ordered_at` is then
    /// `None`): show "unknown date" with this text, never an empty "no date" cell.
    pub ordered_at_unreadable: Option<String>,
    pub completed_at: Option<DateTime<Utc>>,
    /// Like `ordered_at_unreadable`, for the completion date.
    pub completed_at_unreadable: Option<String>,
    /// When the status endpoint was last asked about this order.
    pub last_checked_at: Option<DateTime<Utc>>,
    pub invite_url: Option<String>,
}

/// A row that changed in one poll cycle. `previous_state` is `None` for a new row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OrderChange {
    pub order: OrderRow,
    pub previous_state: Option<OrderState>,
}

impl OrderRow {
    pub fn from_list_item(item: &ReportListItem) -> Self {
        let flagged = item.flagged_for_end_user_review.unwrap_or(false);
        let letter = item
            .status
            .clone()
            .unwrap_or(StatusLetter::Unknown(String::new()));
        Self {
            report_key: item.report_key.clone(),
            email: item.applicant_email.clone(),
            applicant_name: item.applicant_name.clone(),
            sku: item.report_sku.clone(),
            state: OrderState::from_letter(&letter, flagged),
            letter: letter.as_str().to_string(),
            flagged,
            ordered_at: item.ordered_at,
            ordered_at_unreadable: item.ordered_at_unreadable.clone(),
            completed_at: item.completed_at,
            completed_at_unreadable: item.completed_at_unreadable.clone(),
            last_checked_at: None,
            invite_url: item.invite_url.clone(),
        }
    }

    /// Refreshes descriptive fields from a newer list item, keeping what the list leaves out
    /// (and the status, when the list does not carry one).
    pub fn merge_list_item(&mut self, item: &ReportListItem) {
        let fresh = Self::from_list_item(item);
        self.email = fresh.email.or(self.email.take());
        self.applicant_name = fresh.applicant_name.or(self.applicant_name.take());
        self.sku = fresh.sku.or(self.sku.take());
        if fresh.ordered_at.is_some() || fresh.ordered_at_unreadable.is_some() {
            self.ordered_at = fresh.ordered_at;
            self.ordered_at_unreadable = fresh.ordered_at_unreadable;
        }
        if fresh.completed_at.is_some() || fresh.completed_at_unreadable.is_some() {
            self.completed_at = fresh.completed_at;
            self.completed_at_unreadable = fresh.completed_at_unreadable;
        }
        self.invite_url = fresh.invite_url.or(self.invite_url.take());
        if item.status.is_some() {
            self.letter = fresh.letter;
            self.flagged = item.flagged_for_end_user_review.unwrap_or(self.flagged);
            self.state = OrderState::from_letter(&StatusLetter::parse(&self.letter), self.flagged);
        }
    }

    /// Applies a status check made at `checked_at`.
    pub fn apply_status(&mut self, status: &ReportStatus, checked_at: DateTime<Utc>) {
        self.letter = status.status.as_str().to_string();
        self.flagged = status.flagged_for_end_user_review;
        self.state = status.state();
        self.last_checked_at = Some(checked_at);
    }

    /// Same status as `other` (what a change notification is about).
    pub fn same_status(&self, other: &OrderRow) -> bool {
        self.state == other.state && self.letter == other.letter && self.flagged == other.flagged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(status: Option<&str>) -> ReportListItem {
        ReportListItem {
            applicant_email: Some("zoë@example.com".into()),
            report_sku: Some("HIRE1".into()),
            status: status.map(StatusLetter::parse),
            ..ReportListItem::new("k")
        }
    }

    #[test]
    fn built_from_list_then_status() {
        let mut row = OrderRow::from_list_item(&item(None));
        assert_eq!((row.state, row.letter.as_str()), (OrderState::Unknown, ""));
        let status: ReportStatus =
            serde_json::from_str(r#"{"status":"C","flagged_for_end_user_review":true}"#).unwrap();
        let now = Utc::now();
        row.apply_status(&status, now);
        assert_eq!(
            (row.state, row.letter.as_str(), row.flagged),
            (OrderState::NeedsReview, "C", true)
        );
        assert_eq!(row.last_checked_at, Some(now));
        // A list without a status keeps what the status check said.
        row.merge_list_item(&item(None));
        assert_eq!(row.state, OrderState::NeedsReview);
        row.merge_list_item(&item(Some("V")));
        assert_eq!(row.state, OrderState::PreAdverseSent);
    }

    #[test]
    fn ipc_spelling() {
        let json = serde_json::to_value(OrderRow::from_list_item(&item(Some("A")))).unwrap();
        for key in [
            "reportKey",
            "email",
            "applicantName",
            "sku",
            "state",
            "letter",
            "flagged",
            "orderedAt",
            "orderedAtUnreadable",
            "completedAt",
            "completedAtUnreadable",
            "lastCheckedAt",
            "inviteUrl",
        ] {
            assert!(json.get(key).is_some(), "{key}");
        }
        assert_eq!(json["state"], "awaitingApplicant");
    }
}

//! The one owner of "how many orders need the coordinator": the number the tray icon shows.
//!
//! An order needs the coordinator when its report needs their review, when its pre-adverse
//! notice has stood the configured business days (the final decision is theirs to take), or when
//! the applicant has not started their form after `APPLICANT_REMINDER_DAYS` (a nudge is due).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use clearchecks_core::orders::OrderRow;
use clearchecks_core::status::OrderState;

/// Days after the order before an applicant who has not sent their details is worth a nudge.
pub const APPLICANT_REMINDER_DAYS: i64 = 3;

/// What the count needs to know about the world besides the rows.
pub struct AttentionRules<'a> {
    pub now: DateTime<Utc>,
    /// The user's calendar day (business days are counted on it).
    pub today: NaiveDate,
    /// Business days a pre-adverse notice stands before the final decision is due.
    pub pre_adverse_business_days: u32,
    /// Business days the pre-adverse notice of a report key has stood, if its clock runs.
    pub pre_adverse_days: &'a dyn Fn(&str, NaiveDate) -> Option<u32>,
}

/// Whether `row` needs the coordinator now.
pub fn needs_coordinator(row: &OrderRow, rules: &AttentionRules<'_>) -> bool {
    match row.state {
        OrderState::NeedsReview => true,
        OrderState::PreAdverseSent => (rules.pre_adverse_days)(&row.report_key, rules.today)
            .is_some_and(|days| days >= rules.pre_adverse_business_days),
        OrderState::AwaitingApplicant => row
            .ordered_at
            .is_some_and(|at| rules.now - at >= Duration::days(APPLICANT_REMINDER_DAYS)),
        _ => false,
    }
}

/// How many of `rows` need the coordinator.
pub fn count(rows: &[OrderRow], rules: &AttentionRules<'_>) -> usize {
    rows.iter().filter(|r| needs_coordinator(r, rules)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        key: &str,
        state: OrderState,
        ordered_days_ago: Option<i64>,
        now: DateTime<Utc>,
    ) -> OrderRow {
        OrderRow {
            report_key: key.into(),
            email: None,
            applicant_name: None,
            sku: None,
            state,
            letter: String::new(),
            flagged: state == OrderState::NeedsReview,
            ordered_at: ordered_days_ago.map(|d| now - Duration::days(d)),
            ordered_at_unreadable: None,
            completed_at: None,
            completed_at_unreadable: None,
            last_checked_at: None,
            invite_url: None,
        }
    }

    #[test]
    fn counts_review_due_pre_adverse_and_late_applicants_only() {
        let now = Utc::now();
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let clock = |key: &str, _today: NaiveDate| match key {
            "v-due" => Some(5),
            "v-young" => Some(4),
            _ => None,
        };
        let rules = AttentionRules {
            now,
            today,
            pre_adverse_business_days: 5,
            pre_adverse_days: &clock,
        };
        let rows = [
            row("review", OrderState::NeedsReview, Some(1), now),
            row("v-due", OrderState::PreAdverseSent, Some(30), now),
            row("v-young", OrderState::PreAdverseSent, Some(30), now),
            row("v-no-clock", OrderState::PreAdverseSent, Some(30), now),
            row(
                "a-late",
                OrderState::AwaitingApplicant,
                Some(APPLICANT_REMINDER_DAYS),
                now,
            ),
            row(
                "a-fresh",
                OrderState::AwaitingApplicant,
                Some(APPLICANT_REMINDER_DAYS - 1),
                now,
            ),
            row("a-undated", OrderState::AwaitingApplicant, None, now),
            row("progress", OrderState::InProgress, Some(10), now),
            row("complete", OrderState::Complete, Some(10), now),
            row("final", OrderState::AdverseFinal, Some(40), now),
        ];
        let needing: Vec<&str> = rows
            .iter()
            .filter(|r| needs_coordinator(r, &rules))
            .map(|r| r.report_key.as_str())
            .collect();
        assert_eq!(needing, ["review", "v-due", "a-late"]);
        assert_eq!(count(&rows, &rules), 3);
        assert_eq!(count(&[], &rules), 0);
    }

    #[test]
    fn the_pre_adverse_threshold_is_the_users() {
        let now = Utc::now();
        let clock = |_: &str, _: NaiveDate| Some(2);
        let rows = [row("v", OrderState::PreAdverseSent, Some(9), now)];
        let rules = |days| AttentionRules {
            now,
            today: now.date_naive(),
            pre_adverse_business_days: days,
            pre_adverse_days: &clock,
        };
        assert_eq!(count(&rows, &rules(2)), 1);
        assert_eq!(count(&rows, &rules(3)), 0);
    }
}

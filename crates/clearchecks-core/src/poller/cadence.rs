//! How often an order's status is checked, by state and age.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::orders::OrderRow;
use crate::status::OrderState;

/// Check intervals. The defaults follow the contract's advice (5–15 min, backing off) and keep
/// a few hundred open orders well inside 60 requests a minute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cadence {
    /// Orders placed less than this long ago count as recent.
    pub recent_age: Duration,
    /// Interval for recent, non-final orders (an applicant often submits soon after ordering).
    pub recent: Duration,
    /// Interval for orders being processed (P/R, or a letter we do not know).
    pub in_progress: Duration,
    /// Interval for orders waiting on the applicant or in the pre-adverse waiting period.
    pub waiting: Duration,
    /// Orders older than this are checked only every `stale`.
    pub stale_age: Duration,
    pub stale: Duration,
}

impl Default for Cadence {
    fn default() -> Self {
        Self {
            recent_age: Duration::from_secs(24 * 3600),
            recent: Duration::from_secs(2 * 60),
            in_progress: Duration::from_secs(5 * 60),
            waiting: Duration::from_secs(15 * 60),
            stale_age: Duration::from_secs(7 * 24 * 3600),
            stale: Duration::from_secs(2 * 3600),
        }
    }
}

impl Cadence {
    /// Time between status checks of `row`; `None` when it is final (never checked).
    pub fn interval(&self, row: &OrderRow, now: DateTime<Utc>) -> Option<Duration> {
        if row.state.is_final() {
            return None;
        }
        let age = row.ordered_at.and_then(|at| (now - at).to_std().ok());
        match age {
            Some(age) if age < self.recent_age => return Some(self.recent),
            Some(age) if age > self.stale_age => return Some(self.stale),
            _ => {}
        }
        Some(match row.state {
            OrderState::AwaitingApplicant | OrderState::PreAdverseSent => self.waiting,
            _ => self.in_progress,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration as ChronoDuration;

    fn row(state: OrderState, days_old: Option<i64>) -> OrderRow {
        OrderRow {
            report_key: "k".into(),
            email: None,
            applicant_name: None,
            sku: None,
            state,
            letter: String::new(),
            flagged: false,
            ordered_at: days_old
                .map(|d| Utc::now() - ChronoDuration::days(d) - ChronoDuration::minutes(1)),
            ordered_at_unreadable: None,
            completed_at: None,
            completed_at_unreadable: None,
            last_checked_at: None,
            invite_url: None,
        }
    }

    #[test]
    fn by_state_and_age() {
        let c = Cadence::default();
        let now = Utc::now();
        assert_eq!(c.interval(&row(OrderState::Complete, Some(0)), now), None);
        assert_eq!(c.interval(&row(OrderState::NeedsReview, None), now), None);
        assert_eq!(
            c.interval(&row(OrderState::AwaitingApplicant, Some(0)), now),
            Some(c.recent)
        );
        assert_eq!(
            c.interval(&row(OrderState::InProgress, Some(2)), now),
            Some(c.in_progress)
        );
        assert_eq!(
            c.interval(&row(OrderState::Unknown, None), now),
            Some(c.in_progress)
        );
        assert_eq!(
            c.interval(&row(OrderState::AwaitingApplicant, Some(3)), now),
            Some(c.waiting)
        );
        assert_eq!(
            c.interval(&row(OrderState::PreAdverseSent, Some(3)), now),
            Some(c.waiting)
        );
        assert_eq!(
            c.interval(&row(OrderState::InProgress, Some(30)), now),
            Some(c.stale)
        );
    }
}

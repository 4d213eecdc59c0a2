//! The status-check planner: with K open orders and the background share of the budget, the
//! period within which every open order is checked at least once, and the order to check them in.
//!
//! The list carries each order's status, but a head scan reads only the newest page, so an
//! older open order's status comes from `/reports/{key}/status`. Each check is one request.
//! With `B` background requests per minute and `H` of them spent on head scans, `B − H` checks
//! fit in a minute, so a round over `K` open orders takes `⌈K / (B − H)⌉` minutes: **every
//! open order is checked within the last N minutes**, N being that period (plus one head-scan
//! interval of slack, the time the planner waits for its turn).
//!
//! Within a round the most pressing go first: an order just placed (never checked), one that
//! just changed, one waiting on a clock (a pre-adverse notice running out), then the one
//! checked longest ago.

use std::time::Duration;

use chrono::{DateTime, Utc};
use clearchecks_core::{OrderState, StatusLetter};
use clearchecks_store::StoredOrder;

/// How pressing a check is; lower goes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Urgency {
    /// Never checked: placed moments ago (or new to the store).
    JustPlaced,
    /// Its status or list fields changed at the last look.
    JustChanged,
    /// Waiting on a clock the server runs (`V`: the FCRA waiting period ends in `X`).
    WaitingOnClock,
    /// Everything else, oldest check first.
    Routine,
}

/// An order the planner may check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenOrder {
    pub report_key: String,
    pub urgency: Urgency,
    pub last_checked_at: Option<DateTime<Utc>>,
}

impl OpenOrder {
    /// `None` when the order is final (complete, needs review, final adverse): never polled.
    pub fn from_stored(row: &StoredOrder, just_changed: bool) -> Option<Self> {
        let letter = StatusLetter::parse(&row.letter);
        if row.removed_at.is_some() || OrderState::from_letter(&letter, row.flagged).is_final() {
            return None;
        }
        let urgency = if row.last_checked_at.is_none() {
            Urgency::JustPlaced
        } else if just_changed {
            Urgency::JustChanged
        } else if letter == StatusLetter::V {
            Urgency::WaitingOnClock
        } else {
            Urgency::Routine
        };
        Some(Self {
            report_key: row.report_key.clone(),
            urgency,
            last_checked_at: row.last_checked_at,
        })
    }
}

/// A round of status checks.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckPlan {
    /// Every open order, most pressing first.
    pub order: Vec<String>,
    /// Status checks that fit in a minute after the head scans.
    pub checks_per_minute: f64,
    /// How long a round over every open order takes.
    pub period: Duration,
}

impl CheckPlan {
    /// The promise the app can show: "every open order checked within the last N min".
    pub fn guarantee_minutes(&self) -> u64 {
        self.period.as_secs().div_ceil(60)
    }

    pub fn guarantee(&self) -> String {
        match self.order.len() {
            0 => "No open orders to check.".to_owned(),
            _ => format!(
                "Every open order checked within the last {} min.",
                self.guarantee_minutes().max(1)
            ),
        }
    }
}

/// Plans a round over `open` with `background_per_minute` requests a minute for background
/// work, `head_scans_per_minute` of which go to head scans (at one page each when warm).
pub fn plan_checks(
    mut open: Vec<OpenOrder>,
    background_per_minute: f64,
    head_scans_per_minute: f64,
) -> CheckPlan {
    open.sort_by(|a, b| {
        (a.urgency, a.last_checked_at, &a.report_key).cmp(&(
            b.urgency,
            b.last_checked_at,
            &b.report_key,
        ))
    });
    let checks_per_minute = (background_per_minute - head_scans_per_minute).max(0.0);
    let period = if open.is_empty() {
        Duration::ZERO
    } else if checks_per_minute <= 0.0 {
        Duration::MAX
    } else {
        Duration::from_secs_f64(open.len() as f64 / checks_per_minute * 60.0)
    };
    CheckPlan {
        order: open.into_iter().map(|o| o.report_key).collect(),
        checks_per_minute,
        period,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn row(key: &str, letter: &str, checked_min: Option<i64>) -> StoredOrder {
        StoredOrder {
            letter: letter.into(),
            last_checked_at: checked_min.map(|m| Utc.timestamp_opt(m * 60, 0).unwrap()),
            ..StoredOrder::new("acct", key)
        }
    }

    #[test]
    fn final_and_removed_orders_are_not_planned() {
        assert!(OpenOrder::from_stored(&row("c", "C", Some(1)), false).is_none());
        assert!(OpenOrder::from_stored(&row("x", "X", Some(1)), false).is_none());
        let removed = StoredOrder {
            removed_at: Some(Utc::now()),
            ..row("p", "P", Some(1))
        };
        assert!(OpenOrder::from_stored(&removed, false).is_none());
        for letter in ["A", "P", "R", "V", "", "Q"] {
            assert!(
                OpenOrder::from_stored(&row("o", letter, Some(1)), false).is_some(),
                "{letter:?} is open"
            );
        }
    }

    #[test]
    fn most_pressing_first_then_oldest_checked() {
        let open: Vec<OpenOrder> = [
            (row("routine-new", "P", Some(50)), false),
            (row("routine-old", "P", Some(10)), false),
            (row("clock", "V", Some(5)), false),
            (row("changed", "P", Some(60)), true),
            (row("placed", "A", None), false),
        ]
        .iter()
        .filter_map(|(r, changed)| OpenOrder::from_stored(r, *changed))
        .collect();
        let plan = plan_checks(open, 30.0, 1.0);
        assert_eq!(
            plan.order,
            ["placed", "changed", "clock", "routine-old", "routine-new"]
        );
    }

    #[test]
    fn the_period_is_open_orders_over_the_checks_a_minute_leaves() {
        let open: Vec<OpenOrder> = (0..290)
            .map(|i| OpenOrder {
                report_key: format!("k{i}"),
                urgency: Urgency::Routine,
                last_checked_at: None,
            })
            .collect();
        // 30 background requests a minute, 1 head scan a minute: 29 checks a minute.
        let plan = plan_checks(open, 30.0, 1.0);
        assert_eq!(plan.checks_per_minute, 29.0);
        assert_eq!(plan.period, Duration::from_secs(600));
        assert_eq!(
            plan.guarantee(),
            "Every open order checked within the last 10 min."
        );
        let none = plan_checks(Vec::new(), 30.0, 1.0);
        assert_eq!(none.period, Duration::ZERO);
        assert_eq!(none.guarantee(), "No open orders to check.");
    }
}

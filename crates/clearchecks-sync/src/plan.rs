//! The status-check planner: with K open orders and the background share of the budget, the
//! period within which every open order is checked at least once, and the order to check them in.
//!
//! The list carries each order's status, but a head scan reads only the newest page, so an
//! older open order's status comes from `/reports/{key}/status`. Each check is one request.
//! With `B` background requests per minute and one head scan (one page when warm) every
//! interval `I`, `⌊B·I⌋ − 1` checks fit in each interval, so a round over `K` open orders takes
//! `⌈K / (⌊B·I⌋ − 1)⌉` intervals (the period). **Every open order was checked within the last
//! `period + 2·I`**: the round, the interval under way, and one interval of urgent checks going
//! ahead of the routine ones ([`CheckPlan::guarantee_window`]).
//!
//! Within a round the most pressing go first: an order just placed (never checked), one that
//! just changed, then the one checked longest ago, an order waiting on a clock (a pre-adverse
//! notice running out) winning a tie. Only the first two jump the queue: one check clears them,
//! so every order is still reached once a round.

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
    /// Status checks that fit in one head-scan interval after its head scan.
    pub checks_per_cycle: usize,
    /// Status checks a minute (for display).
    pub checks_per_minute: f64,
    /// The head-scan interval the plan was made for.
    pub interval: Duration,
    /// How long a round over every open order takes: ⌈K / checks_per_cycle⌉ intervals.
    pub period: Duration,
}

impl CheckPlan {
    /// The promise the app can show: every open order was checked within the last
    /// `period + 2 × interval` — the round, the interval under way, and one interval of
    /// urgent checks (just placed, just changed) going ahead of the routine ones.
    pub fn guarantee_window(&self) -> Duration {
        if self.order.is_empty() {
            return Duration::ZERO;
        }
        self.period.saturating_add(self.interval.saturating_mul(2))
    }

    /// [`guarantee_window`](Self::guarantee_window) in whole minutes, rounded up.
    pub fn guarantee_minutes(&self) -> u64 {
        self.guarantee_window().as_secs().div_ceil(60)
    }

    pub fn guarantee(&self) -> String {
        if self.order.is_empty() {
            return "No open orders to check.".to_owned();
        }
        if self.checks_per_cycle == 0 {
            return "Open orders are not being checked: the background share of the rate limit is used up by the order list.".to_owned();
        }
        format!(
            "Every open order checked within the last {} min.",
            self.guarantee_minutes().max(1)
        )
    }
}

/// Plans a round over `open` with `background_per_minute` requests a minute for background
/// work and one head scan (one page, when warm) every `interval`.
pub fn plan_checks(
    mut open: Vec<OpenOrder>,
    background_per_minute: f64,
    interval: Duration,
) -> CheckPlan {
    // Just placed and just changed go first: one check clears them. The rest go oldest check
    // first, a clock-bound order winning a tie. (Ranking the clock-bound ones above all routine
    // ones would re-check them every round and starve the rest.)
    let rank = |o: &OpenOrder| {
        let transient = matches!(o.urgency, Urgency::JustPlaced | Urgency::JustChanged);
        (
            if transient { o.urgency as u8 } else { 2 },
            o.last_checked_at,
            o.urgency,
        )
    };
    open.sort_by(|a, b| (rank(a), &a.report_key).cmp(&(rank(b), &b.report_key)));
    let interval = interval.max(Duration::from_secs(1));
    let per_interval = (background_per_minute * interval.as_secs_f64() / 60.0).floor();
    let checks_per_cycle = (per_interval - 1.0).max(0.0) as usize;
    let period = match (open.len(), checks_per_cycle) {
        (0, _) => Duration::ZERO,
        (_, 0) => Duration::MAX,
        (k, per_cycle) => interval.saturating_mul(k.div_ceil(per_cycle) as u32),
    };
    CheckPlan {
        order: open.into_iter().map(|o| o.report_key).collect(),
        checks_per_cycle,
        checks_per_minute: checks_per_cycle as f64 * 60.0 / interval.as_secs_f64(),
        interval,
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
            (row("clock-recent", "V", Some(55)), false),
            (row("routine-tie", "P", Some(5)), false),
            (row("clock", "V", Some(5)), false),
            (row("changed", "P", Some(60)), true),
            (row("placed", "A", None), false),
        ]
        .iter()
        .filter_map(|(r, changed)| OpenOrder::from_stored(r, *changed))
        .collect();
        let plan = plan_checks(open, 30.0, Duration::from_secs(60));
        assert_eq!(
            plan.order,
            [
                "placed",
                "changed",
                "clock",
                "routine-tie",
                "routine-old",
                "routine-new",
                "clock-recent"
            ],
            "a clock-bound order checked recently waits its turn (no starving the rest)"
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
        let plan = plan_checks(open.clone(), 30.0, Duration::from_secs(60));
        assert_eq!(plan.checks_per_cycle, 29);
        assert_eq!(plan.period, Duration::from_secs(600));
        assert_eq!(
            plan.guarantee(),
            "Every open order checked within the last 12 min."
        );
        // One more order needs one more interval.
        let mut more = open.clone();
        more.push(OpenOrder {
            report_key: "one-more".into(),
            urgency: Urgency::Routine,
            last_checked_at: None,
        });
        assert_eq!(
            plan_checks(more, 30.0, Duration::from_secs(60)).period,
            Duration::from_secs(660)
        );
        // Head scans every 30 s: 15 a window, 14 checks each.
        let half = plan_checks(open.clone(), 30.0, Duration::from_secs(30));
        assert_eq!(half.checks_per_cycle, 14);
        assert_eq!(half.period, Duration::from_secs(30 * 21));
        // No room left for checks: said plainly, no promise.
        let starved = plan_checks(open, 1.0, Duration::from_secs(60));
        assert_eq!(starved.checks_per_cycle, 0);
        assert!(starved
            .guarantee()
            .starts_with("Open orders are not being checked"));
        let none = plan_checks(Vec::new(), 30.0, Duration::from_secs(60));
        assert_eq!(none.period, Duration::ZERO);
        assert_eq!(none.guarantee(), "No open orders to check.");
    }
}

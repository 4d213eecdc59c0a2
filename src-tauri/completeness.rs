//! Whether a list the app shows is provably whole, and the one sentence that says it is not.
//!
//! The core marks a list incomplete when it cannot prove it read everything (a server that sends
//! the same page twice, a page cap, unreadable entries, a total not reached, a page that failed).
//! The app must then say so wherever the list is shown; this module owns those words, and the UI
//! shows them as they are.

use clearchecks_core::pagination::{Completeness, Gap};
use serde::{Deserialize, Serialize};
use specta::Type;

/// IPC `ListCompleteness`: carried with every list the UI shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ListCompleteness {
    pub complete: bool,
    /// What to show while the list is incomplete ("This list may be incomplete: …"); `None`
    /// when it is complete.
    pub notice: Option<String>,
}

impl ListCompleteness {
    pub fn complete() -> Self {
        Self {
            complete: true,
            notice: None,
        }
    }

    /// For a list of `what` (plural, e.g. "orders") of which `shown` are shown; `total` is the
    /// server's count when its list shape has one.
    pub fn of(completeness: &Completeness, what: &str, shown: usize, total: Option<u64>) -> Self {
        if completeness.is_complete() {
            return Self::complete();
        }
        let expected = completeness
            .gaps
            .iter()
            .find_map(|gap| match gap {
                Gap::ShortOfTotal { expected, .. } => Some(*expected),
                _ => None,
            })
            .or(total)
            .filter(|expected| *expected > shown as u64);
        let count = match expected {
            Some(expected) => format!(
                "{} of {} {what} shown",
                thousands(shown as u64),
                thousands(expected)
            ),
            None => format!("{} {what} shown", thousands(shown as u64)),
        };
        Self {
            complete: false,
            notice: Some(format!(
                "This list may be incomplete: {completeness} — {count}."
            )),
        }
    }
}

/// `1450` → `1,450`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(gaps: Vec<Gap>) -> Completeness {
        Completeness { gaps }
    }

    #[test]
    fn a_complete_list_has_no_notice() {
        let shown = ListCompleteness::of(&Completeness::complete(), "orders", 12, Some(12));
        assert_eq!(shown, ListCompleteness::complete());
        assert_eq!(
            serde_json::to_value(&shown).unwrap(),
            serde_json::json!({"complete": true, "notice": null})
        );
    }

    #[test]
    fn a_repeated_page_says_why_and_how_many_of_how_many() {
        let shown = ListCompleteness::of(
            &with(vec![Gap::RepeatedPage { page: 2 }]),
            "orders",
            1_200,
            Some(1_450),
        );
        assert!(!shown.complete);
        assert_eq!(
            shown.notice.as_deref(),
            Some(
                "This list may be incomplete: ClearChecks kept sending the same page (it answered \
                 page 2 with the page before it) — 1,200 of 1,450 orders shown."
            )
        );
    }

    #[test]
    fn without_a_total_it_says_how_many_are_shown() {
        let shown = ListCompleteness::of(
            &with(vec![Gap::UnreadableEntries { count: 3 }]),
            "invoices",
            40,
            None,
        );
        assert_eq!(
            shown.notice.as_deref(),
            Some("This list may be incomplete: 3 entries could not be read — 40 invoices shown.")
        );
    }

    #[test]
    fn the_server_total_behind_a_shortfall_is_the_count_to_reach() {
        let shown = ListCompleteness::of(
            &with(vec![Gap::ShortOfTotal {
                expected: 1_000_000,
                received: 999_990,
            }]),
            "orders",
            999_990,
            None,
        );
        assert!(shown
            .notice
            .unwrap()
            .ends_with("— 999,990 of 1,000,000 orders shown."));
        // Rows kept from earlier lists can make more shown than the server's total: no "of".
        let kept = ListCompleteness::of(
            &with(vec![Gap::PageLimit { pages: 200 }]),
            "orders",
            30,
            Some(20),
        );
        assert!(kept.notice.unwrap().ends_with("— 30 orders shown."));
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}

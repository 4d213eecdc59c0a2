//! The pre-adverse clock: when the app first saw each order in the pre-adverse state (`V`), and
//! whether the user was already reminded that the waiting period is over.
//!
//! ClearChecks gives no timestamp for the pre-adverse notice, so the first sighting (by the
//! background sync or by opening the order) starts the clock. It lives in `adverse-clock.json`
//! in the data directory so the business-day count and the reminder survive restarts. An order
//! that leaves `V` (final notice sent, or back to complete after a dispute) is forgotten, so a
//! later notice starts a new clock.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, Utc};
use clearchecks_core::business_days::business_days_between;
use clearchecks_core::status::OrderState;
use serde::{Deserialize, Serialize};

const FILE: &str = "adverse-clock.json";

/// Reads and writes of the file never interleave (the sync and the detail command both use it).
static FILE_LOCK: Mutex<()> = Mutex::new(());

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClockEntry {
    pub since: DateTime<Utc>,
    pub reminded_at: Option<DateTime<Utc>>,
}

/// Earlier versions stored only the date per report key; both forms are read.
#[derive(Deserialize)]
#[serde(untagged)]
enum Stored {
    Entry(ClockEntry),
    SinceOnly(DateTime<Utc>),
}

/// The clocks of every account, by report key (keys are unique per account).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AdverseClock {
    entries: HashMap<String, ClockEntry>,
}

impl AdverseClock {
    /// Business days the notice for `report_key` has stood on `today`, if its clock runs.
    pub fn business_days(&self, report_key: &str, today: NaiveDate) -> Option<u32> {
        self.entries
            .get(report_key)
            .map(|e| business_days_between(local_date(e.since), today))
    }

    pub fn since(&self, report_key: &str) -> Option<DateTime<Utc>> {
        self.entries.get(report_key).map(|e| e.since)
    }

    /// Starts the clock of an order seen in `V` (keeping an earlier start), and stops the clock
    /// of one seen in any other state. Returns whether anything changed.
    /// An order in a state this version does not know is left alone.
    pub fn observe(&mut self, report_key: &str, state: OrderState, now: DateTime<Utc>) -> bool {
        if state == OrderState::Unknown {
            return false;
        }
        if state == OrderState::PreAdverseSent {
            if self.entries.contains_key(report_key) {
                return false;
            }
            self.entries.insert(
                report_key.to_owned(),
                ClockEntry {
                    since: now,
                    reminded_at: None,
                },
            );
            true
        } else {
            self.entries.remove(report_key).is_some()
        }
    }

    /// The orders among `candidates` whose notice has stood `threshold` business days or more on
    /// `today` and that were not reminded yet, with the business days it has stood; marks them
    /// reminded at `now`.
    pub fn take_due<'a>(
        &mut self,
        candidates: impl IntoIterator<Item = &'a str>,
        today: NaiveDate,
        threshold: u32,
        now: DateTime<Utc>,
    ) -> Vec<(String, u32)> {
        let mut due = Vec::new();
        for key in candidates {
            let Some(entry) = self.entries.get_mut(key) else {
                continue;
            };
            if is_due(entry, today, threshold) {
                entry.reminded_at = Some(now);
                due.push((
                    key.to_owned(),
                    business_days_between(local_date(entry.since), today),
                ));
            }
        }
        due
    }

    fn from_json(bytes: &[u8]) -> Self {
        let stored: HashMap<String, Stored> = serde_json::from_slice(bytes).unwrap_or_else(|err| {
            log::warn!("the pre-adverse clock file could not be read; starting afresh: {err}");
            HashMap::new()
        });
        let entries = stored
            .into_iter()
            .map(|(key, value)| {
                let entry = match value {
                    Stored::Entry(entry) => entry,
                    Stored::SinceOnly(since) => ClockEntry {
                        since,
                        reminded_at: None,
                    },
                };
                (key, entry)
            })
            .collect();
        AdverseClock { entries }
    }
}

/// The reminder decision: the notice has stood long enough and nobody was reminded yet.
pub fn is_due(entry: &ClockEntry, today: NaiveDate, threshold: u32) -> bool {
    entry.reminded_at.is_none()
        && business_days_between(local_date(entry.since), today) >= threshold
}

/// Business days are counted on the user's calendar, not UTC's.
fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&chrono::Local).date_naive()
}

/// Reads the clock file under the lock, lets `change` update it, and writes it back when
/// `change` says something changed. A missing file is an empty clock.
pub fn update<T>(data_dir: &Path, change: impl FnOnce(&mut AdverseClock) -> (T, bool)) -> T {
    let _guard = FILE_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let path = data_dir.join(FILE);
    let mut clock = match std::fs::read(&path) {
        Ok(bytes) => AdverseClock::from_json(&bytes),
        Err(_) => AdverseClock::default(),
    };
    let (value, changed) = change(&mut clock);
    if changed {
        let json = serde_json::to_vec_pretty(&clock.entries).unwrap_or_default();
        if let Err(err) = clearchecks_core::private_files::create_dir_all(data_dir)
            .and_then(|()| clearchecks_core::private_files::write_blocking(&path, &json))
        {
            log::warn!("could not save the pre-adverse clock: {err}");
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 15, 0, 0).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_reminder_is_due_once_after_the_configured_business_days() {
        let mut clock = AdverseClock::default();
        // Seen in V on Monday 2 March 2026.
        assert!(clock.observe("k1", OrderState::PreAdverseSent, at(2026, 3, 2)));
        assert!(!clock.observe("k1", OrderState::PreAdverseSent, at(2026, 3, 3)));
        assert_eq!(clock.since("k1"), Some(at(2026, 3, 2)));
        // Friday is the 4th business day: not yet.
        assert!(clock
            .take_due(["k1"], day(2026, 3, 6), 5, at(2026, 3, 6))
            .is_empty());
        // The weekend does not count; Monday the 9th is the 5th business day.
        assert!(clock
            .take_due(["k1"], day(2026, 3, 8), 5, at(2026, 3, 8))
            .is_empty());
        assert_eq!(clock.business_days("k1", day(2026, 3, 9)), Some(5));
        assert_eq!(
            clock.take_due(["k1"], day(2026, 3, 9), 5, at(2026, 3, 9)),
            vec![("k1".to_owned(), 5)]
        );
        // Only once.
        assert!(clock
            .take_due(["k1"], day(2026, 3, 10), 5, at(2026, 3, 10))
            .is_empty());
    }

    #[test]
    fn holidays_do_not_count_and_the_threshold_is_the_users() {
        let entry = ClockEntry {
            // Friday 22 May 2026; Monday 25 May is Memorial Day.
            since: at(2026, 5, 22),
            reminded_at: None,
        };
        assert!(!is_due(&entry, day(2026, 5, 26), 2), "Tuesday is day 1");
        assert!(is_due(&entry, day(2026, 5, 27), 2));
        assert!(is_due(&entry, day(2026, 5, 26), 1));
        let reminded = ClockEntry {
            reminded_at: Some(at(2026, 6, 1)),
            ..entry
        };
        assert!(!is_due(&reminded, day(2026, 7, 1), 2));
    }

    #[test]
    fn only_candidates_still_in_v_are_reminded_and_leaving_v_stops_the_clock() {
        let mut clock = AdverseClock::default();
        clock.observe("other-account", OrderState::PreAdverseSent, at(2026, 1, 5));
        clock.observe("mine", OrderState::PreAdverseSent, at(2026, 1, 5));
        assert_eq!(
            clock.take_due(["mine"], day(2026, 2, 2), 5, at(2026, 2, 2)),
            vec![("mine".to_owned(), 19)],
            "another account's order is not this sync's to remind"
        );
        assert!(clock.observe("mine", OrderState::AdverseFinal, at(2026, 2, 3)));
        assert_eq!(clock.since("mine"), None);
        // A later notice starts a new clock (and a new reminder).
        clock.observe("mine", OrderState::PreAdverseSent, at(2026, 3, 2));
        assert_eq!(clock.since("mine"), Some(at(2026, 3, 2)));
        assert!(!clock.observe("never-seen", OrderState::Complete, at(2026, 3, 2)));
        assert!(!clock.observe("mine", OrderState::Unknown, at(2026, 3, 3)));
        assert_eq!(
            clock.since("mine"),
            Some(at(2026, 3, 2)),
            "an unknown letter keeps it"
        );
    }

    #[test]
    fn the_file_keeps_the_clock_and_reads_the_older_date_only_form() {
        let dir = std::env::temp_dir().join(format!("cc-adverse-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(FILE), r#"{"old":"2026-01-05T10:00:00Z"}"#).unwrap();
        let since = update(&dir, |clock| (clock.since("old"), false));
        assert_eq!(
            since,
            Some(Utc.with_ymd_and_hms(2026, 1, 5, 10, 0, 0).unwrap())
        );
        update(&dir, |clock| {
            let due = clock.take_due(["old"], day(2026, 2, 2), 5, at(2026, 2, 2));
            (due, true)
        });
        let again = update(&dir, |clock| {
            (
                clock.take_due(["old"], day(2026, 3, 2), 5, at(2026, 3, 2)),
                false,
            )
        });
        assert!(again.is_empty(), "the reminder was saved");
        std::fs::write(dir.join(FILE), b"not json").unwrap();
        assert_eq!(update(&dir, |clock| (clock.since("old"), false)), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

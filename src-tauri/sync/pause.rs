//! "Pause notifications" from the tray: for an hour, or until tomorrow morning. While paused,
//! order news is not shown (the sync goes on, and the list and the tray count stay current).
//! The pause lasts for this run of the app only: a restart is a fresh start.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Local, NaiveTime, TimeZone, Utc};

/// The hour "until tomorrow" ends: the start of a working day.
pub const TOMORROW_AT: u32 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseChoice {
    OneHour,
    UntilTomorrow,
}

/// When a pause chosen at `now` ends (`UntilTomorrow`: `TOMORROW_AT` o'clock on the next calendar
/// day of the user's clock `tz`).
pub fn pause_end<Tz: TimeZone>(choice: PauseChoice, now: DateTime<Utc>, tz: &Tz) -> DateTime<Utc> {
    match choice {
        PauseChoice::OneHour => now + Duration::hours(1),
        PauseChoice::UntilTomorrow => {
            let tomorrow = now.with_timezone(tz).date_naive() + Duration::days(1);
            let at = tomorrow.and_time(NaiveTime::from_hms_opt(TOMORROW_AT, 0, 0).expect("hour"));
            // A clock change at that hour: the earliest reading, else one hour later.
            tz.from_local_datetime(&at)
                .earliest()
                .or_else(|| {
                    tz.from_local_datetime(&(at + Duration::hours(1)))
                        .earliest()
                })
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or(now + Duration::hours(24))
        }
    }
}

/// The app's pause, managed state.
#[derive(Default)]
pub struct NotificationPause {
    until: Mutex<Option<DateTime<Utc>>>,
}

impl NotificationPause {
    pub fn pause(&self, choice: PauseChoice, now: DateTime<Utc>) -> DateTime<Utc> {
        let end = pause_end(choice, now, &Local);
        *self.until.lock().unwrap_or_else(|p| p.into_inner()) = Some(end);
        end
    }

    pub fn resume(&self) {
        *self.until.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// When the pause ends, if notifications are paused at `now`.
    pub fn paused_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let until = *self.until.lock().unwrap_or_else(|p| p.into_inner());
        until.filter(|end| *end > now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn one_hour_is_one_hour() {
        let now = at("2026-12-03T14:20:00Z");
        assert_eq!(
            pause_end(PauseChoice::OneHour, now, &Utc),
            at("2026-12-03T15:20:00Z")
        );
    }

    #[test]
    fn until_tomorrow_is_eight_in_the_morning_on_the_users_clock() {
        let new_york = FixedOffset::west_opt(5 * 3600).unwrap();
        // 17:30 in New York on the 3rd → 08:00 there on the 4th.
        let evening = at("2026-12-03T22:30:00Z");
        assert_eq!(
            pause_end(PauseChoice::UntilTomorrow, evening, &new_york),
            at("2026-12-04T13:00:00Z")
        );
        // 00:30 on the 4th (already "tomorrow" in UTC terms) → 08:00 on the 5th, their next day.
        let after_midnight = at("2026-12-04T05:30:00Z");
        assert_eq!(
            pause_end(PauseChoice::UntilTomorrow, after_midnight, &new_york),
            at("2026-12-05T13:00:00Z")
        );
    }

    #[test]
    fn a_pause_ends_by_itself_and_can_be_lifted() {
        let pause = NotificationPause::default();
        let now = Utc::now();
        assert_eq!(pause.paused_until(now), None);
        let end = pause.pause(PauseChoice::OneHour, now);
        assert_eq!(pause.paused_until(now), Some(end));
        assert_eq!(pause.paused_until(now + Duration::minutes(59)), Some(end));
        assert_eq!(pause.paused_until(end), None, "over at its end");
        pause.pause(PauseChoice::UntilTomorrow, now);
        assert!(pause.paused_until(now).is_some());
        pause.resume();
        assert_eq!(pause.paused_until(now), None);
    }
}

//! Business-day arithmetic on the US federal calendar.
//!
//! FCRA adverse-action practice counts *business* days between the pre-adverse notice and the
//! final notice, so the app needs to know which days count: Monday to Friday, minus the eleven
//! US federal holidays on the dates they are *observed* (a holiday on a Saturday is observed on
//! the Friday before, one on a Sunday on the Monday after — the OPM rule). New Year's Day on a
//! Saturday is therefore observed on 31 December of the previous year.
//!
//! The rules are today's: Juneteenth counts from 2021 and Martin Luther King Jr. Day from 1986;
//! the other holidays use their current (post-1971 Monday-holiday) definitions for every year.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// One US federal holiday in a given year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FederalHoliday {
    /// Its legal name, e.g. "Washington's Birthday".
    pub name: &'static str,
    /// The calendar date of the holiday itself.
    pub date: NaiveDate,
    /// The weekday on which federal offices close for it.
    pub observed: NaiveDate,
}

/// The federal holidays of `year`, in calendar order (10 before 2021, 11 from then on;
/// 9 before 1986).
pub fn federal_holidays(year: i32) -> Vec<FederalHoliday> {
    let mut holidays = Vec::with_capacity(11);
    let mut push = |name: &'static str, date: Option<NaiveDate>| {
        if let Some(date) = date {
            holidays.push(FederalHoliday {
                name,
                date,
                observed: observed_date(date),
            });
        }
    };
    push("New Year's Day", NaiveDate::from_ymd_opt(year, 1, 1));
    if year >= 1986 {
        push(
            "Birthday of Martin Luther King, Jr.",
            NaiveDate::from_weekday_of_month_opt(year, 1, Weekday::Mon, 3),
        );
    }
    push(
        "Washington's Birthday",
        NaiveDate::from_weekday_of_month_opt(year, 2, Weekday::Mon, 3),
    );
    push("Memorial Day", last_weekday_of_month(year, 5, Weekday::Mon));
    if year >= 2021 {
        push(
            "Juneteenth National Independence Day",
            NaiveDate::from_ymd_opt(year, 6, 19),
        );
    }
    push("Independence Day", NaiveDate::from_ymd_opt(year, 7, 4));
    push(
        "Labor Day",
        NaiveDate::from_weekday_of_month_opt(year, 9, Weekday::Mon, 1),
    );
    push(
        "Columbus Day",
        NaiveDate::from_weekday_of_month_opt(year, 10, Weekday::Mon, 2),
    );
    push("Veterans Day", NaiveDate::from_ymd_opt(year, 11, 11));
    push(
        "Thanksgiving Day",
        NaiveDate::from_weekday_of_month_opt(year, 11, Weekday::Thu, 4),
    );
    push("Christmas Day", NaiveDate::from_ymd_opt(year, 12, 25));
    holidays
}

/// Whether federal offices are closed on `date` for a holiday (weekends aside).
pub fn is_federal_holiday(date: NaiveDate) -> bool {
    observed_holidays_in_year(date.year()).contains(&date)
}

/// Whether `date` is a business day: a weekday that is not an observed federal holiday.
pub fn is_business_day(date: NaiveDate) -> bool {
    !is_weekend(date) && !is_federal_holiday(date)
}

/// The number of business days after `start`, up to and including `end`.
///
/// `start` itself never counts (it is the day the clock starts), so `start == end` gives 0,
/// as does an `end` before `start`.
pub fn business_days_between(start: NaiveDate, end: NaiveDate) -> u32 {
    if end <= start {
        return 0;
    }
    // Weekdays by arithmetic so that long ranges cost nothing, then subtract the observed
    // holidays inside the range (an observed holiday is always a weekday).
    let weekdays = weekdays_up_to(end) - weekdays_up_to(start);
    let holidays = (start.year()..=end.year())
        .flat_map(observed_holidays_in_year)
        .filter(|day| *day > start && *day <= end)
        .count() as i64;
    u32::try_from(weekdays - holidays).unwrap_or(u32::MAX)
}

/// The date `days` business days after `start` (`days == 0` gives `start` itself, even when
/// `start` is not a business day). `None` only past the end of the supported calendar.
pub fn add_business_days(start: NaiveDate, days: u32) -> Option<NaiveDate> {
    let mut date = start;
    let mut remaining = days;
    let mut year = start.year();
    let mut holidays = observed_holidays_in_year(year);
    while remaining > 0 {
        date = date.succ_opt()?;
        if date.year() != year {
            year = date.year();
            holidays = observed_holidays_in_year(year);
        }
        if !is_weekend(date) && !holidays.contains(&date) {
            remaining -= 1;
        }
    }
    Some(date)
}

/// The observed holiday dates that fall inside `year` — including 31 December when the next
/// New Year's Day is a Saturday, and excluding this year's New Year's Day when it moved back
/// into the previous year.
fn observed_holidays_in_year(year: i32) -> Vec<NaiveDate> {
    federal_holidays(year)
        .into_iter()
        .chain(federal_holidays(year + 1).into_iter().take(1))
        .map(|holiday| holiday.observed)
        .filter(|day| day.year() == year)
        .collect()
}

fn observed_date(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        // Checked so the first and last days chrono can represent stay total functions.
        Weekday::Sat => date.pred_opt().unwrap_or(date),
        Weekday::Sun => date.succ_opt().unwrap_or(date),
        _ => date,
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn last_weekday_of_month(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = first_of_next.pred_opt()?;
    let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    Some(last - Duration::days(i64::from(back)))
}

/// The number of weekdays from a fixed Monday epoch up to and including `date` (may be
/// negative before the epoch); only differences of this function are meaningful.
fn weekdays_up_to(date: NaiveDate) -> i64 {
    // 1 January 2001 was a Monday.
    let epoch = NaiveDate::from_ymd_opt(2001, 1, 1).expect("valid epoch date");
    let days = (date - epoch).num_days();
    let weeks = days.div_euclid(7);
    let day_in_week = days.rem_euclid(7); // 0 = Monday .. 6 = Sunday
    weeks * 5 + (day_in_week + 1).min(5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Slow, obviously-correct reference for the arithmetic in `business_days_between`.
    fn count_by_walking(start: NaiveDate, end: NaiveDate) -> u32 {
        let mut count = 0;
        let mut day = start;
        while day < end {
            day = day.succ_opt().unwrap();
            if is_business_day(day) {
                count += 1;
            }
        }
        count
    }

    #[test]
    fn lists_the_2023_observed_holidays() {
        let observed: Vec<NaiveDate> = federal_holidays(2023).iter().map(|h| h.observed).collect();
        assert_eq!(
            observed,
            vec![
                d(2023, 1, 2), // New Year's Day (Sunday) -> Monday
                d(2023, 1, 16),
                d(2023, 2, 20),
                d(2023, 5, 29),
                d(2023, 6, 19),
                d(2023, 7, 4),
                d(2023, 9, 4),
                d(2023, 10, 9),
                d(2023, 11, 10), // Veterans Day (Saturday) -> Friday
                d(2023, 11, 23),
                d(2023, 12, 25),
            ]
        );
    }

    #[test]
    fn lists_the_2024_holidays_by_name() {
        let holidays = federal_holidays(2024);
        let find = |name: &str| holidays.iter().find(|h| h.name == name).unwrap().observed;
        assert_eq!(find("Birthday of Martin Luther King, Jr."), d(2024, 1, 15));
        assert_eq!(find("Washington's Birthday"), d(2024, 2, 19));
        assert_eq!(find("Memorial Day"), d(2024, 5, 27));
        assert_eq!(find("Juneteenth National Independence Day"), d(2024, 6, 19));
        assert_eq!(find("Labor Day"), d(2024, 9, 2));
        assert_eq!(find("Columbus Day"), d(2024, 10, 14));
        assert_eq!(find("Veterans Day"), d(2024, 11, 11));
        assert_eq!(find("Thanksgiving Day"), d(2024, 11, 28));
        assert_eq!(find("Christmas Day"), d(2024, 12, 25));
    }

    #[test]
    fn every_holiday_is_not_a_business_day() {
        for year in [2021, 2022, 2023, 2024, 2025, 2026, 2027] {
            for holiday in federal_holidays(year) {
                assert!(
                    !is_business_day(holiday.observed),
                    "{} {year} observed {}",
                    holiday.name,
                    holiday.observed
                );
                assert!(
                    !matches!(holiday.observed.weekday(), Weekday::Sat | Weekday::Sun),
                    "observed dates are weekdays"
                );
            }
        }
    }

    #[test]
    fn saturday_holidays_move_to_friday_and_sunday_ones_to_monday() {
        // Independence Day 2026 is a Saturday, 2021 a Sunday.
        assert!(!is_business_day(d(2026, 7, 3)));
        assert!(is_business_day(d(2026, 7, 6)));
        assert!(!is_business_day(d(2021, 7, 5)));
        assert!(is_business_day(d(2021, 7, 2)));
        // Juneteenth 2022 is a Sunday; Christmas 2022 is a Sunday.
        assert!(!is_business_day(d(2022, 6, 20)));
        assert!(!is_business_day(d(2022, 12, 26)));
        // Christmas 2021 is a Saturday.
        assert!(!is_business_day(d(2021, 12, 24)));
    }

    #[test]
    fn saturday_new_year_is_observed_in_the_previous_year() {
        // 1 January 2022 and 2028 are Saturdays.
        assert!(!is_business_day(d(2021, 12, 31)));
        assert!(!is_business_day(d(2027, 12, 31)));
        assert!(is_federal_holiday(d(2027, 12, 31)));
        // ...and the Monday after is an ordinary business day.
        assert!(is_business_day(d(2022, 1, 3)));
        // A Friday 31 December without that rule is a business day.
        assert!(is_business_day(d(2020, 12, 31)));
    }

    #[test]
    fn juneteenth_only_from_2021() {
        assert!(is_business_day(d(2020, 6, 19)));
        assert!(!is_business_day(d(2021, 6, 18))); // Saturday in 2021 -> Friday
        assert_eq!(federal_holidays(2020).len(), 10);
        assert_eq!(federal_holidays(2021).len(), 11);
    }

    #[test]
    fn weekends_are_not_business_days() {
        assert!(!is_business_day(d(2024, 3, 9)));
        assert!(!is_business_day(d(2024, 3, 10)));
        assert!(is_business_day(d(2024, 3, 11)));
        assert!(is_business_day(d(2024, 3, 8)));
    }

    #[test]
    fn counts_after_start_up_to_and_including_end() {
        // Monday -> Friday of an ordinary week: Tue..Fri.
        assert_eq!(business_days_between(d(2024, 3, 4), d(2024, 3, 8)), 4);
        // Friday -> next Monday skips the weekend.
        assert_eq!(business_days_between(d(2024, 3, 8), d(2024, 3, 11)), 1);
        // Friday -> Sunday: nothing yet.
        assert_eq!(business_days_between(d(2024, 3, 8), d(2024, 3, 10)), 0);
        // Two full weeks.
        assert_eq!(business_days_between(d(2024, 3, 4), d(2024, 3, 18)), 10);
    }

    #[test]
    fn start_equal_to_or_after_end_is_zero() {
        assert_eq!(business_days_between(d(2024, 3, 4), d(2024, 3, 4)), 0);
        assert_eq!(business_days_between(d(2024, 3, 8), d(2024, 3, 4)), 0);
    }

    #[test]
    fn holidays_in_range_are_skipped() {
        // Thanksgiving week 2024: Mon 25 -> Mon 2 Dec, Thanksgiving Thu 28.
        assert_eq!(business_days_between(d(2024, 11, 25), d(2024, 12, 2)), 4);
        // Memorial Day 2024 (27 May): Fri 24 -> Tue 28 counts only Tuesday.
        assert_eq!(business_days_between(d(2024, 5, 24), d(2024, 5, 28)), 1);
    }

    #[test]
    fn counts_across_the_year_boundary() {
        // Fri 24 Dec 2021 (observed Christmas) -> Mon 3 Jan 2022:
        // Mon 27..Thu 30 Dec count, Fri 31 Dec is New Year observed, Mon 3 Jan counts.
        assert_eq!(business_days_between(d(2021, 12, 24), d(2022, 1, 3)), 5);
        // 2023 -> 2024: Fri 29 Dec -> Tue 2 Jan; Mon 1 Jan is a holiday.
        assert_eq!(business_days_between(d(2023, 12, 29), d(2024, 1, 2)), 1);
    }

    #[test]
    fn a_whole_year_has_the_expected_count() {
        // 2024: 262 weekdays, 11 observed holidays, all on weekdays.
        assert_eq!(business_days_between(d(2023, 12, 31), d(2024, 12, 31)), 251);
    }

    #[test]
    fn arithmetic_matches_walking_day_by_day() {
        let starts = [
            d(2019, 12, 28),
            d(2021, 6, 15),
            d(2022, 12, 30),
            d(2026, 7, 1),
        ];
        for start in starts {
            for span in [0, 1, 2, 3, 6, 7, 8, 13, 30, 45, 400] {
                let end = start + Duration::days(span);
                assert_eq!(
                    business_days_between(start, end),
                    count_by_walking(start, end),
                    "{start} -> {end}"
                );
            }
        }
    }

    #[test]
    fn add_business_days_skips_weekends_and_holidays() {
        assert_eq!(add_business_days(d(2024, 3, 4), 0), Some(d(2024, 3, 4)));
        assert_eq!(add_business_days(d(2024, 3, 8), 1), Some(d(2024, 3, 11)));
        // From Wed 27 Nov 2024, 5 business days: Fri 29, Mon 2, Tue 3, Wed 4, Thu 5 Dec.
        assert_eq!(add_business_days(d(2024, 11, 27), 5), Some(d(2024, 12, 5)));
        // Across New Year 2021/2022: Thu 30 Dec + 1 skips Fri 31 (observed) -> Mon 3 Jan.
        assert_eq!(add_business_days(d(2021, 12, 30), 1), Some(d(2022, 1, 3)));
    }

    #[test]
    fn add_and_between_agree() {
        let start = d(2025, 12, 19);
        for n in 0..40 {
            let end = add_business_days(start, n).unwrap();
            assert_eq!(business_days_between(start, end), n);
            assert!(n == 0 || is_business_day(end));
        }
    }

    #[test]
    fn add_business_days_reports_the_end_of_the_calendar() {
        assert_eq!(
            add_business_days(NaiveDate::MAX - Duration::days(3), 10),
            None
        );
    }
}

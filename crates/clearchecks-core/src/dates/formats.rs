//! The text formats and zones of the module docs.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// MySQL's zero date, PHP's rendering of it, or nothing at all.
pub(super) fn is_no_date(text: &str) -> bool {
    text.is_empty() || text.starts_with("0000-00-00") || text.starts_with("-0001-11-30")
}

/// Parses one timestamp string; `timezone` is a PHP zone (`UTC`, `+02:00`, `America/Denver`,
/// `EST`) applied to strings that carry no offset of their own. `None` for no date and for text
/// that is not a date we can read (see [`super::DateField`] to tell them apart).
pub fn parse(text: &str, timezone: Option<&str>) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if is_no_date(text) {
        return None;
    }
    if let Some(at) = with_offset(text) {
        return Some(at);
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return digits(text);
    }
    let (naive_text, zone) = match strip_zone_name(text) {
        Some(stripped) => (stripped, Some("UTC")),
        None => (text, timezone),
    };
    let naive = naive(naive_text)?;
    localize(naive, zone.unwrap_or("UTC"))
}

/// Whole seconds (or milliseconds, when too large to be seconds) since 1970.
pub(super) fn from_unix_int(value: i64) -> Option<DateTime<Utc>> {
    if value.unsigned_abs() >= 100_000_000_000 {
        DateTime::from_timestamp_millis(value)
    } else {
        DateTime::from_timestamp(value, 0)
    }
}

/// Seconds (or milliseconds, when too large to be seconds) since 1970, with a fraction.
pub(super) fn from_unix(value: f64) -> Option<DateTime<Utc>> {
    if !value.is_finite() {
        return None;
    }
    // 1e11 seconds is the year 5138: a number that large is milliseconds.
    let seconds = if value.abs() >= 1e11 {
        value / 1000.0
    } else {
        value
    };
    let whole = seconds.floor();
    let nanos = ((seconds - whole) * 1e9).round().clamp(0.0, 999_999_999.0) as u32;
    if whole.abs() > 1e13 {
        return None;
    }
    DateTime::from_timestamp(whole as i64, nanos)
}

/// `Ymd` (8 digits), or a unix timestamp as text (9–13 digits).
fn digits(text: &str) -> Option<DateTime<Utc>> {
    match text.len() {
        8 => NaiveDate::parse_from_str(text, "%Y%m%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|n| Utc.from_utc_datetime(&n)),
        9..=13 => from_unix_int(text.parse::<i64>().ok()?),
        _ => None,
    }
}

/// Formats that carry their own offset.
fn with_offset(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    const FORMATS: [&str; 6] = [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f %:z",
        "%Y-%m-%d %H:%M:%S%.f %z",
    ];
    if let Some(at) = FORMATS
        .iter()
        .find_map(|f| DateTime::parse_from_str(text, f).ok())
    {
        return Some(at.with_timezone(&Utc));
    }
    if let Ok(at) = DateTime::parse_from_rfc2822(text) {
        return Some(at.with_timezone(&Utc));
    }
    // Carbon's toString(): "Wed Jan 31 2024 12:00:00 GMT+0000".
    DateTime::parse_from_str(text, "%a %b %d %Y %H:%M:%S GMT%z")
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// `2024-01-31 12:00:00 UTC`, `…Z` without an offset form chrono takes: the text before it.
fn strip_zone_name(text: &str) -> Option<&str> {
    for suffix in [" UTC", " GMT", "UTC", "Z", "z"] {
        if let Some(rest) = text.strip_suffix(suffix) {
            if rest.len() >= 10 && rest.as_bytes()[0].is_ascii_digit() {
                return Some(rest.trim_end());
            }
        }
    }
    None
}

fn naive(text: &str) -> Option<NaiveDateTime> {
    const FORMATS: [&str; 4] = [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ];
    FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
}

fn localize(naive: NaiveDateTime, zone: &str) -> Option<DateTime<Utc>> {
    let zone = zone.trim();
    if zone.is_empty()
        || zone.eq_ignore_ascii_case("UTC")
        || zone.eq_ignore_ascii_case("Z")
        || zone.eq_ignore_ascii_case("GMT")
    {
        return Some(Utc.from_utc_datetime(&naive));
    }
    if let Some(offset) = parse_offset(zone).or_else(|| abbreviation_offset(zone)) {
        return offset
            .from_local_datetime(&naive)
            .single()
            .map(|d| d.with_timezone(&Utc));
    }
    let tz: chrono_tz::Tz = zone.parse().ok()?;
    // On a DST fold the earlier instant is as good as any; a gap yields None.
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|d| d.with_timezone(&Utc))
}

/// `+02:00`, `-0500` (PHP `timezone_type` 1).
fn parse_offset(zone: &str) -> Option<FixedOffset> {
    let (sign, rest) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// US abbreviations (PHP `timezone_type` 2). Ambiguous ones elsewhere are not guessed.
fn abbreviation_offset(zone: &str) -> Option<FixedOffset> {
    let hours = match zone.to_ascii_uppercase().as_str() {
        "EST" => -5,
        "EDT" => -4,
        "CST" => -6,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        _ => return None,
    };
    FixedOffset::east_opt(hours * 3600)
}

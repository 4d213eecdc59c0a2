//! Lenient timestamps from ClearChecks.
//!
//! The API mixes three shapes: PHP `DateTime` objects
//! (`{"date": "2024-01-31 12:00:00.000000", "timezone_type": 3, "timezone": "UTC"}`), Laravel
//! strings (`"2024-01-31 12:00:00"`, assumed UTC) and RFC 3339. [`lenient`] is a serde helper
//! that turns any of them into `Option<DateTime<Utc>>` and yields `None` for anything else
//! (null, `[]`, a garbled string), so one odd date never fails a whole list.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Use as `#[serde(default, deserialize_with = "crate::dates::lenient")]`.
pub fn lenient<'de, D>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(LenientVisitor)
}

/// Parses one timestamp string; `timezone` is a PHP zone (`UTC`, `+02:00`, `America/Denver`,
/// `EST`) applied to strings that carry no offset of their own.
pub fn parse(text: &str, timezone: Option<&str>) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() || text.starts_with("0000-00-00") {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(dt.with_timezone(&Utc));
    }
    if let Ok(dt) = DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%:z") {
        return Some(dt.with_timezone(&Utc));
    }
    let naive = ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|fmt| NaiveDateTime::parse_from_str(text, fmt).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    localize(naive, timezone.unwrap_or("UTC"))
}

fn localize(naive: NaiveDateTime, zone: &str) -> Option<DateTime<Utc>> {
    let zone = zone.trim();
    if zone.is_empty()
        || zone.eq_ignore_ascii_case("UTC")
        || zone.eq_ignore_ascii_case("Z")
        || zone == "GMT"
    {
        return Some(Utc.from_utc_datetime(&naive));
    }
    if let Some(offset) = parse_offset(zone) {
        return offset
            .from_local_datetime(&naive)
            .single()
            .map(|d| d.with_timezone(&Utc));
    }
    if let Some(offset) = abbreviation_offset(zone) {
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

struct LenientVisitor;

impl<'de> Visitor<'de> for LenientVisitor {
    type Value = Option<DateTime<Utc>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a timestamp string, a PHP DateTime object or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(parse(v, None))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(DateTime::from_timestamp(v, 0))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(v)
            .ok()
            .and_then(|v| DateTime::from_timestamp(v, 0)))
    }

    fn visit_f64<E: de::Error>(self, _v: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_bool<E: de::Error>(self, _v: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(LenientVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut date: Option<String> = None;
        let mut zone: Option<String> = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "date" => date = map.next_value::<crate::lenient::MaybeString>()?.0,
                "timezone" => zone = map.next_value::<crate::lenient::MaybeString>()?.0,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(date.and_then(|d| parse(&d, zone.as_deref())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "lenient")]
        at: Option<DateTime<Utc>>,
    }

    fn at(json: &str) -> Option<String> {
        serde_json::from_str::<Holder>(json)
            .unwrap()
            .at
            .map(|d| d.to_rfc3339())
    }

    #[test]
    fn php_datetime_objects() {
        assert_eq!(
            at(
                r#"{"at": {"date": "2024-01-31 12:00:00.000000", "timezone_type": 3, "timezone": "UTC"}}"#
            ),
            Some("2024-01-31T12:00:00+00:00".into())
        );
        assert_eq!(
            at(
                r#"{"at": {"date": "2024-07-04 08:30:00.000000", "timezone_type": 3, "timezone": "America/Denver"}}"#
            ),
            Some("2024-07-04T14:30:00+00:00".into())
        );
        assert_eq!(
            at(
                r#"{"at": {"timezone": "+02:00", "timezone_type": 1, "date": "2024-01-01 02:00:00.000000", "x": [1]}}"#
            ),
            Some("2024-01-01T00:00:00+00:00".into())
        );
        assert_eq!(
            at(r#"{"at": {"date": "2024-01-01 00:00:00", "timezone_type": 2, "timezone": "EST"}}"#),
            Some("2024-01-01T05:00:00+00:00".into())
        );
    }

    #[test]
    fn strings_and_numbers() {
        assert_eq!(
            at(r#"{"at": "2018-11-06 14:03:09"}"#),
            Some("2018-11-06T14:03:09+00:00".into())
        );
        assert_eq!(
            at(r#"{"at": "2018-11-06T14:03:09-05:00"}"#),
            Some("2018-11-06T19:03:09+00:00".into())
        );
        assert_eq!(
            at(r#"{"at": "2018-11-06T14:03:09.123Z"}"#),
            Some("2018-11-06T14:03:09.123+00:00".into())
        );
        assert_eq!(
            at(r#"{"at": "2018-11-06"}"#),
            Some("2018-11-06T00:00:00+00:00".into())
        );
        assert_eq!(at(r#"{"at": 0}"#), Some("1970-01-01T00:00:00+00:00".into()));
    }

    #[test]
    fn odd_values_become_none() {
        for json in [
            r#"{"at": null}"#,
            r#"{}"#,
            r#"{"at": []}"#,
            r#"{"at": "soon"}"#,
            r#"{"at": "0000-00-00 00:00:00"}"#,
            r#"{"at": {"date": null}}"#,
            r#"{"at": {"date": "2024-01-01 00:00:00", "timezone": "Mars/Olympus"}}"#,
            r#"{"at": true}"#,
            r#"{"at": 1.5}"#,
        ] {
            assert_eq!(at(json), None, "{json}");
        }
    }
}

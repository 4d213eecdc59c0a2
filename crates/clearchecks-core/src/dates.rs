//! Lenient timestamps from ClearChecks: every shape a Laravel/MySQL/Carbon backend emits, and a
//! clear "unknown date" (with the raw text kept) for one that cannot be read.
//!
//! Read as a date ([`DateField::At`]):
//! * PHP `DateTime` objects: `{"date": "2024-01-31 12:00:00.000000", "timezone_type": 3,
//!   "timezone": "UTC"}` (zone ids like `America/Denver`, offsets like `+02:00`, US
//!   abbreviations like `EST`);
//! * Laravel/MySQL strings `Y-m-d H:i:s` (with or without microseconds, or minutes only) and
//!   `Y-m-d`, assumed UTC (Laravel's default zone) unless an object names another;
//! * ISO-8601 / RFC 3339 as Carbon serializes it (`2024-01-31T12:00:00.000000Z`), with an offset
//!   with or without a colon (`+02:00`, `+0200`), with `T` or a space, or a trailing ` UTC`;
//! * RFC 2822 (`Wed, 31 Jan 2024 12:00:00 +0000`, PHP's `DATE_RFC2822`/`r`, and HTTP's `GMT`
//!   form), Carbon's `toString()` (`Wed Jan 31 2024 12:00:00 GMT+0000`), compact `Ymd`;
//! * unix timestamps (PHP `$dateFormat = 'U'`, `time()`, `microtime(true)`): seconds as a
//!   number or a digit string, milliseconds when the number is too large for seconds.
//!
//! "No date" ([`DateField::Absent`]): a missing key, `null`, `""`, `false`, `[]`, `{}`, MySQL's
//! zero date `0000-00-00 00:00:00` and PHP's rendering of it, `-0001-11-30 00:00:00`.
//!
//! Anything else is [`DateField::Unreadable`] with the raw text, never silently "no date": a
//! day/month order that cannot be told (`01/02/2024`), an unknown zone, a stray object. One odd
//! date never fails a whole list.

mod formats;

use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

pub use formats::parse;

/// A date field as ClearChecks sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum DateField {
    /// No date (see the module docs for what counts as none).
    #[default]
    Absent,
    At(DateTime<Utc>),
    /// Something was sent that is not a date we can read; the raw text, as sent.
    Unreadable(String),
}

impl DateField {
    pub fn at(&self) -> Option<DateTime<Utc>> {
        match self {
            Self::At(at) => Some(*at),
            _ => None,
        }
    }

    /// The raw text of a date that could not be read.
    pub fn unreadable(&self) -> Option<&str> {
        match self {
            Self::Unreadable(raw) => Some(raw),
            _ => None,
        }
    }

    /// `self`, or `other` when `self` is not a readable date and `other` is more useful: a
    /// canonical field wins over an alias unless only the alias could be read.
    pub fn or_better(self, other: DateField) -> DateField {
        match (&self, &other) {
            (Self::At(_), _) => self,
            (_, Self::At(_)) => other,
            (Self::Unreadable(_), _) => self,
            _ => other,
        }
    }

    /// Reads one timestamp string (see [`parse`]), keeping it when it cannot be read.
    pub fn from_text(text: &str, timezone: Option<&str>) -> Self {
        let trimmed = text.trim();
        if formats::is_no_date(trimmed) {
            return Self::Absent;
        }
        match parse(trimmed, timezone) {
            Some(at) => Self::At(at),
            None => Self::Unreadable(cap(trimmed)),
        }
    }
}

/// Raw texts are kept to a readable length.
const MAX_RAW: usize = 64;

fn cap(text: &str) -> String {
    if text.chars().count() <= MAX_RAW {
        return text.to_string();
    }
    let head: String = text.chars().take(MAX_RAW).collect();
    format!("{head}…")
}

/// Use as `#[serde(default, deserialize_with = "crate::dates::lenient")]`: the date, or `None`
/// for no date *and* for an unreadable one (use [`field`] where the difference is shown).
pub fn lenient<'de, D>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(field(deserializer)?.at())
}

/// Use as `#[serde(default, deserialize_with = "crate::dates::field")]`.
pub fn field<'de, D>(deserializer: D) -> Result<DateField, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(FieldVisitor)
}

/// A [`DateField`] as a serde value (for hand-written visitors).
pub(crate) struct LenientDate(pub DateField);

impl<'de> serde::Deserialize<'de> for LenientDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        field(d).map(LenientDate)
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = DateField;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a timestamp string, a PHP DateTime object or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(DateField::from_text(v, None))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(formats::from_unix_int(v)
            .map_or_else(|| DateField::Unreadable(v.to_string()), DateField::At))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(v)
            .ok()
            .and_then(formats::from_unix_int)
            .map_or_else(|| DateField::Unreadable(v.to_string()), DateField::At))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(formats::from_unix(v)
            .map_or_else(|| DateField::Unreadable(v.to_string()), DateField::At))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        // PHP's date functions answer `false` when there is no date.
        Ok(if v {
            DateField::Unreadable("true".into())
        } else {
            DateField::Absent
        })
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(DateField::Absent)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(DateField::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(FieldVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut count = 0;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            count += 1;
        }
        Ok(if count == 0 {
            DateField::Absent
        } else {
            DateField::Unreadable(format!("a list of {count} values"))
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut date: Option<String> = None;
        let mut zone: Option<String> = None;
        let mut other_keys = Vec::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "date" => date = map.next_value::<crate::lenient::MaybeString>()?.0,
                "timezone" => zone = map.next_value::<crate::lenient::MaybeString>()?.0,
                other => {
                    if other != "timezone_type" {
                        other_keys.push(other.to_string());
                    }
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(match date {
            Some(date) => match DateField::from_text(&date, zone.as_deref()) {
                DateField::Unreadable(raw) => match zone {
                    Some(zone) => DateField::Unreadable(cap(&format!("{raw} ({zone})"))),
                    None => DateField::Unreadable(raw),
                },
                read => read,
            },
            None if other_keys.is_empty() => DateField::Absent,
            None => {
                DateField::Unreadable(cap(&format!("an object with {}", other_keys.join(", "))))
            }
        })
    }
}

#[cfg(test)]
mod tests;

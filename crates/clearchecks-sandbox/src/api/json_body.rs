//! Lenient request bodies: like Laravel, a missing or unparsable JSON body is
//! treated as empty input, so the caller gets a 422 naming the fields.

use axum::body::Bytes;
use serde_json::{Map, Value};

pub(crate) fn object(body: &Bytes) -> Map<String, Value> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The string at `key`, if it is a non-empty string.
pub(crate) fn string<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// True if `key` is absent, null or an empty string (Laravel's "not present").
pub(crate) fn blank(map: &Map<String, Value>, key: &str) -> bool {
    match map.get(key) {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        _ => false,
    }
}

/// A plausible email: one `@`, a non-empty local part, a dotted domain, no spaces.
pub(crate) fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && s.len() <= 254
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_check_accepts_plausible_and_rejects_junk() {
        for ok in ["a@example.com", "ana+records@x.co.uk", "Zoë@example.org"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@",
            "@x.com",
            "a@b",
            "a b@x.com",
            "a@x.com.",
            "a@@x.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}

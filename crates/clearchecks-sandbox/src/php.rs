//! The two date shapes a Laravel backend emits: PHP `DateTime` objects (report
//! dates) and `"YYYY-MM-DD HH:MM:SS"` strings (model timestamps).

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

/// `{"date": "2024-01-31 12:00:00.000000", "timezone_type": 3, "timezone": "UTC"}`.
pub(crate) fn date_object(at: DateTime<Utc>) -> Value {
    json!({
        "date": at.format("%Y-%m-%d %H:%M:%S%.6f").to_string(),
        "timezone_type": 3,
        "timezone": "UTC",
    })
}

/// The object, or null.
pub(crate) fn optional_date_object(at: Option<DateTime<Utc>>) -> Value {
    at.map(date_object).unwrap_or(Value::Null)
}

/// `"YYYY-MM-DD HH:MM:SS"`.
pub(crate) fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats_match_laravel() {
        let at = Utc.with_ymd_and_hms(2024, 1, 31, 12, 0, 5).unwrap();
        assert_eq!(timestamp(at), "2024-01-31 12:00:05");
        assert_eq!(date_object(at)["date"], "2024-01-31 12:00:05.000000");
        assert_eq!(date_object(at)["timezone_type"], 3);
    }
}

use super::*;

#[derive(serde::Deserialize)]
struct Holder {
    #[serde(default, deserialize_with = "field")]
    at: DateField,
}

fn read(json: &str) -> DateField {
    serde_json::from_str::<Holder>(json).unwrap().at
}

fn at(json: &str) -> Option<String> {
    read(json).at().map(|d| d.to_rfc3339())
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

/// Every format of the module docs, as Laravel, MySQL, Carbon and plain PHP emit it.
#[test]
fn the_formats_a_php_backend_emits() {
    let cases = [
        (r#""2018-11-06 14:03:09""#, "2018-11-06T14:03:09+00:00"),
        (
            r#""2018-11-06 14:03:09.123456""#,
            "2018-11-06T14:03:09.123456+00:00",
        ),
        (r#""2018-11-06 14:03""#, "2018-11-06T14:03:00+00:00"),
        (
            r#""2018-11-06T14:03:09-05:00""#,
            "2018-11-06T19:03:09+00:00",
        ),
        (
            r#""2018-11-06T14:03:09.123Z""#,
            "2018-11-06T14:03:09.123+00:00",
        ),
        (
            r#""2018-11-06T14:03:09.000000Z""#,
            "2018-11-06T14:03:09+00:00",
        ),
        (r#""2018-11-06T14:03:09+0200""#, "2018-11-06T12:03:09+00:00"),
        (
            r#""2018-11-06 14:03:09+02:00""#,
            "2018-11-06T12:03:09+00:00",
        ),
        (
            r#""2018-11-06 14:03:09 +0200""#,
            "2018-11-06T12:03:09+00:00",
        ),
        (r#""2018-11-06T14:03:09""#, "2018-11-06T14:03:09+00:00"),
        (r#""2018-11-06 14:03:09 UTC""#, "2018-11-06T14:03:09+00:00"),
        (r#""2018-11-06""#, "2018-11-06T00:00:00+00:00"),
        (r#""20181106""#, "2018-11-06T00:00:00+00:00"),
        (
            r#""Tue, 06 Nov 2018 14:03:09 +0000""#,
            "2018-11-06T14:03:09+00:00",
        ),
        (
            r#""Tue, 06 Nov 2018 14:03:09 GMT""#,
            "2018-11-06T14:03:09+00:00",
        ),
        (
            r#""Tue Nov 06 2018 14:03:09 GMT+0100""#,
            "2018-11-06T13:03:09+00:00",
        ),
        ("1541513000", "2018-11-06T14:03:20+00:00"),
        (r#""1541513000""#, "2018-11-06T14:03:20+00:00"),
        ("1541513000123", "2018-11-06T14:03:20.123+00:00"),
        ("1541513000.5", "2018-11-06T14:03:20.500+00:00"),
        ("0", "1970-01-01T00:00:00+00:00"),
    ];
    for (value, expected) in cases {
        let json = format!(r#"{{"at": {value}}}"#);
        assert_eq!(at(&json).as_deref(), Some(expected), "{value}");
    }
}

#[test]
fn no_date_is_absent() {
    for json in [
        r#"{"at": null}"#,
        r#"{}"#,
        r#"{"at": []}"#,
        r#"{"at": {}}"#,
        r#"{"at": ""}"#,
        r#"{"at": "   "}"#,
        r#"{"at": false}"#,
        r#"{"at": "0000-00-00 00:00:00"}"#,
        r#"{"at": "0000-00-00"}"#,
        r#"{"at": "-0001-11-30 00:00:00"}"#,
        r#"{"at": {"date": null}}"#,
        r#"{"at": {"date": "0000-00-00 00:00:00.000000", "timezone_type": 3, "timezone": "UTC"}}"#,
    ] {
        assert_eq!(read(json), DateField::Absent, "{json}");
    }
}

/// What cannot be read is kept, never shown as "no date".
#[test]
fn unreadable_dates_keep_the_raw_value() {
    let cases = [
        (r#""soon""#, "soon"),
        (r#""01/02/2024""#, "01/02/2024"),
        (r#""31/01/2024 12:00""#, "31/01/2024 12:00"),
        (r#"true"#, "true"),
        (r#"[2024, 1, 31]"#, "a list of 3 values"),
        (r#"{"year": 2024}"#, "an object with year"),
        (
            r#"{"date": "2024-01-01 00:00:00", "timezone": "Mars/Olympus"}"#,
            "2024-01-01 00:00:00 (Mars/Olympus)",
        ),
        (r#""2024-13-45 99:00:00""#, "2024-13-45 99:00:00"),
    ];
    for (value, raw) in cases {
        let json = format!(r#"{{"at": {value}}}"#);
        assert_eq!(read(&json), DateField::Unreadable(raw.into()), "{value}");
    }
    let long = format!(r#"{{"at": "{}"}}"#, "x".repeat(500));
    let raw = read(&long).unreadable().unwrap().to_string();
    assert!(
        raw.chars().count() <= MAX_RAW + 1 && raw.ends_with('…'),
        "{raw}"
    );
}

#[test]
fn the_lenient_helper_keeps_its_option_form() {
    #[derive(serde::Deserialize)]
    struct Old {
        #[serde(default, deserialize_with = "lenient")]
        at: Option<DateTime<Utc>>,
    }
    let read = |json: &str| serde_json::from_str::<Old>(json).unwrap().at;
    assert!(read(r#"{"at": "2024-01-31 12:00:00"}"#).is_some());
    assert!(read(r#"{"at": "garbage"}"#).is_none());
    assert!(read(r#"{"at": null}"#).is_none());
}

#[test]
fn canonical_wins_unless_only_the_alias_reads() {
    let at = DateField::At(DateTime::from_timestamp(1, 0).unwrap());
    let other = DateField::At(DateTime::from_timestamp(2, 0).unwrap());
    let bad = DateField::Unreadable("x".into());
    assert_eq!(at.clone().or_better(other.clone()), at);
    assert_eq!(bad.clone().or_better(other.clone()), other);
    assert_eq!(bad.clone().or_better(DateField::Absent), bad);
    assert_eq!(DateField::Absent.or_better(bad.clone()), bad);
}

//! The narrow channel from a widget window back to Rust.
//!
//! A widget window has no IPC at all. Its host page (`widget_host/host.js`) reports what the
//! widget did by navigating to a reserved URL, `{host origin}/callback?seq=N&event=…&…`, which the
//! navigation handler hands to [`parse`] and then cancels. Everything in that URL comes from a
//! page that also runs third-party script, so it is validated strictly: a closed set of events,
//! a closed set of parameters per event, no duplicates, bounded lengths and charsets. Anything
//! else is refused as a whole, and a [`Rejection`] names the rule, never the offending value
//! (which might be a token).

use clearchecks_core::platform::registration_token_from_widget;
use clearchecks_core::secrets::SecretString;
use tauri::Url;

/// Path of the reserved callback URL on the host origin.
pub const CALLBACK_PATH: &str = "/callback";

/// Longest query string accepted (a registration token plus framing fits easily).
const MAX_QUERY_LEN: usize = 8 * 1024;
/// Longest JSON payload of a success callback.
const MAX_PAYLOAD_LEN: usize = 4 * 1024;
/// Longest registration token accepted from the Account widget.
const MAX_TOKEN_LEN: usize = 2048;
/// Longest error message shown to the user (the host page truncates to this).
pub const MAX_MESSAGE_CHARS: usize = 300;
/// Longest report key (ClearChecks keys are short opaque ids).
pub const MAX_REPORT_KEY_LEN: usize = 128;
/// Sequence numbers only count the callbacks of one window; anything larger is not ours.
const MAX_SEQ: u32 = 100_000;

/// One validated callback: its sequence number (for the acknowledgement) and what happened.
#[derive(Debug, PartialEq, Eq)]
pub struct Callback {
    pub seq: u32,
    pub event: WidgetEvent,
}

/// What a widget reported. The only things that can ever cross from a widget window to Rust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WidgetEvent {
    /// The Applicant Form was submitted. `report_key` is what the widget said it submitted, when
    /// it said (the host page forwards nothing else of the applicant's data).
    ApplicantSubmitted { report_key: Option<String> },
    /// The Account widget created an account; the encrypted token must be exchanged by Rust.
    RegistrationCompleted { token: SecretString },
    /// The widget (or the host page's own Close button) was closed.
    Closed,
    /// The widget script could not load, or the widget reported an error.
    Failed { message: String },
}

/// Why a callback URL was refused. Deliberately carries no part of the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    NotTheCallbackPath,
    HasFragment,
    QueryTooLong,
    UnknownParameter,
    DuplicateParameter,
    MissingParameter,
    UnexpectedParameter,
    BadSequence,
    UnknownEvent,
    PayloadTooLong,
    PayloadNotJson,
    PayloadShape,
    BadReportKey,
    BadToken,
    BadMessage,
}

impl Rejection {
    pub fn reason(self) -> &'static str {
        match self {
            Self::NotTheCallbackPath => "not the callback path",
            Self::HasFragment => "a fragment is not allowed",
            Self::QueryTooLong => "the query is too long",
            Self::UnknownParameter => "unknown parameter",
            Self::DuplicateParameter => "a parameter appears twice",
            Self::MissingParameter => "a required parameter is missing",
            Self::UnexpectedParameter => "a parameter does not belong to this event",
            Self::BadSequence => "the sequence number is invalid",
            Self::UnknownEvent => "unknown event",
            Self::PayloadTooLong => "the payload is too long",
            Self::PayloadNotJson => "the payload is not JSON",
            Self::PayloadShape => "the payload has an unexpected shape",
            Self::BadReportKey => "the report key is invalid",
            Self::BadToken => "the registration token is invalid",
            Self::BadMessage => "the error message is invalid",
        }
    }
}

/// The raw parameters, each at most once.
#[derive(Default)]
struct Params {
    seq: Option<String>,
    event: Option<String>,
    payload: Option<String>,
    message: Option<String>,
}

/// Validates a callback URL whose origin the caller has already matched to the host page's.
pub fn parse(url: &Url) -> Result<Callback, Rejection> {
    if url.path() != CALLBACK_PATH {
        return Err(Rejection::NotTheCallbackPath);
    }
    if url.fragment().is_some() {
        return Err(Rejection::HasFragment);
    }
    if url.query().map_or(0, str::len) > MAX_QUERY_LEN {
        return Err(Rejection::QueryTooLong);
    }
    let params = collect_params(url)?;
    let seq = parse_seq(params.seq.as_deref().ok_or(Rejection::MissingParameter)?)?;
    let event = match params.event.as_deref().ok_or(Rejection::MissingParameter)? {
        "applicantSubmitted" => {
            forbid(&params.message)?;
            applicant_submitted(
                params
                    .payload
                    .as_deref()
                    .ok_or(Rejection::MissingParameter)?,
            )?
        }
        "registrationCompleted" => {
            forbid(&params.message)?;
            registration_completed(
                params
                    .payload
                    .as_deref()
                    .ok_or(Rejection::MissingParameter)?,
            )?
        }
        "closed" => {
            forbid(&params.payload)?;
            forbid(&params.message)?;
            WidgetEvent::Closed
        }
        "failed" => {
            forbid(&params.payload)?;
            WidgetEvent::Failed {
                message: failure_message(
                    params
                        .message
                        .as_deref()
                        .ok_or(Rejection::MissingParameter)?,
                )?,
            }
        }
        _ => return Err(Rejection::UnknownEvent),
    };
    Ok(Callback { seq, event })
}

fn collect_params(url: &Url) -> Result<Params, Rejection> {
    let mut params = Params::default();
    for (key, value) in url.query_pairs() {
        let slot = match key.as_ref() {
            "seq" => &mut params.seq,
            "event" => &mut params.event,
            "payload" => &mut params.payload,
            "message" => &mut params.message,
            _ => return Err(Rejection::UnknownParameter),
        };
        if slot.replace(value.into_owned()).is_some() {
            return Err(Rejection::DuplicateParameter);
        }
    }
    Ok(params)
}

fn forbid(param: &Option<String>) -> Result<(), Rejection> {
    match param {
        Some(_) => Err(Rejection::UnexpectedParameter),
        None => Ok(()),
    }
}

fn parse_seq(text: &str) -> Result<u32, Rejection> {
    if text.is_empty() || text.len() > 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Rejection::BadSequence);
    }
    match text.parse::<u32>() {
        Ok(seq) if (1..=MAX_SEQ).contains(&seq) => Ok(seq),
        _ => Err(Rejection::BadSequence),
    }
}

fn payload_json(payload: &str) -> Result<serde_json::Value, Rejection> {
    if payload.len() > MAX_PAYLOAD_LEN {
        return Err(Rejection::PayloadTooLong);
    }
    serde_json::from_str(payload).map_err(|_| Rejection::PayloadNotJson)
}

/// The host page sends `{"report_key": <string|null>}` and nothing else.
fn applicant_submitted(payload: &str) -> Result<WidgetEvent, Rejection> {
    let serde_json::Value::Object(map) = payload_json(payload)? else {
        return Err(Rejection::PayloadShape);
    };
    if map.keys().any(|k| k != "report_key") {
        return Err(Rejection::PayloadShape);
    }
    let report_key = match map.get("report_key") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(key)) => Some(valid_report_key(key)?.to_owned()),
        Some(_) => return Err(Rejection::PayloadShape),
    };
    Ok(WidgetEvent::ApplicantSubmitted { report_key })
}

/// The Account widget's `onSuccess` argument, as JSON: the token string itself, or an object
/// with `token` / `encrypted_token` (contract §4.3; the core knows both shapes).
fn registration_completed(payload: &str) -> Result<WidgetEvent, Rejection> {
    let value = payload_json(payload)?;
    let token = registration_token_from_widget(&value).ok_or(Rejection::PayloadShape)?;
    let printable = token.bytes().all(|b| b.is_ascii_graphic());
    if token.len() > MAX_TOKEN_LEN || !printable {
        return Err(Rejection::BadToken);
    }
    Ok(WidgetEvent::RegistrationCompleted {
        token: SecretString::new(token),
    })
}

fn failure_message(message: &str) -> Result<String, Rejection> {
    let message = message.trim();
    let chars = message.chars().count();
    if chars == 0 || chars > MAX_MESSAGE_CHARS || message.chars().any(char::is_control) {
        return Err(Rejection::BadMessage);
    }
    Ok(message.to_owned())
}

/// A report key as ClearChecks issues them: ASCII letters, digits, `-` and `_`.
pub fn valid_report_key(key: &str) -> Result<&str, Rejection> {
    let ok = !key.is_empty()
        && key.len() <= MAX_REPORT_KEY_LEN
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(key)
    } else {
        Err(Rejection::BadReportKey)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cb(query: &str) -> Result<Callback, Rejection> {
        parse(&Url::parse(&format!("ccwidget://localhost/callback?{query}")).unwrap())
    }

    fn enc(text: &str) -> String {
        let mut url = Url::parse("x://y/").unwrap();
        url.query_pairs_mut().append_pair("v", text);
        url.query().unwrap()[2..].to_owned()
    }

    #[test]
    fn well_formed_callbacks_are_accepted() {
        assert_eq!(
            cb("seq=1&event=closed"),
            Ok(Callback {
                seq: 1,
                event: WidgetEvent::Closed
            })
        );
        assert_eq!(
            cb(&format!(
                "seq=2&event=applicantSubmitted&payload={}",
                enc(r#"{"report_key":"rk_12-ab"}"#)
            )),
            Ok(Callback {
                seq: 2,
                event: WidgetEvent::ApplicantSubmitted {
                    report_key: Some("rk_12-ab".into())
                }
            })
        );
        assert_eq!(
            cb(&format!(
                "seq=3&event=applicantSubmitted&payload={}",
                enc(r#"{"report_key":null}"#)
            ))
            .unwrap()
            .event,
            WidgetEvent::ApplicantSubmitted { report_key: None }
        );
        assert_eq!(
            cb(&format!(
                "seq=4&event=failed&message={}",
                enc("The report could not be opened.")
            ))
            .unwrap()
            .event,
            WidgetEvent::Failed {
                message: "The report could not be opened.".into()
            }
        );
    }

    #[test]
    fn the_registration_token_is_accepted_as_a_string_or_an_object() {
        for payload in [
            r#""enc.TOKEN-1/+=""#,
            r#"{"token":"enc.TOKEN-1/+="}"#,
            r#"{"encrypted_token":"enc.TOKEN-1/+="}"#,
        ] {
            let parsed = cb(&format!(
                "seq=1&event=registrationCompleted&payload={}",
                enc(payload)
            ))
            .unwrap();
            match parsed.event {
                WidgetEvent::RegistrationCompleted { token } => {
                    assert_eq!(token.expose_secret(), "enc.TOKEN-1/+=", "{payload}");
                    assert!(!format!("{token:?}").contains("TOKEN"));
                }
                other => panic!("{payload}: {other:?}"),
            }
        }
    }

    #[test]
    fn every_malformed_callback_is_refused() {
        use Rejection::*;
        let long_message = "x".repeat(MAX_MESSAGE_CHARS + 1);
        let long_token = format!("\"{}\"", "t".repeat(MAX_TOKEN_LEN + 1));
        let long_payload = format!("\"{}\"", "t".repeat(MAX_PAYLOAD_LEN));
        let cases: Vec<(String, Rejection)> = vec![
            ("event=closed".into(), MissingParameter),
            ("seq=1".into(), MissingParameter),
            ("seq=0&event=closed".into(), BadSequence),
            ("seq=-1&event=closed".into(), BadSequence),
            ("seq=+1&event=closed".into(), BadSequence),
            ("seq=1.5&event=closed".into(), BadSequence),
            ("seq=999999&event=closed".into(), BadSequence),
            ("seq=&event=closed".into(), BadSequence),
            ("seq=1&event=Closed".into(), UnknownEvent),
            ("seq=1&event=reportOpened".into(), UnknownEvent),
            ("seq=1&event=".into(), UnknownEvent),
            ("seq=1&event=closed&event=failed".into(), DuplicateParameter),
            ("seq=1&seq=2&event=closed".into(), DuplicateParameter),
            ("seq=1&event=closed&token=abc".into(), UnknownParameter),
            (
                "seq=1&event=closed&payload=%7B%7D".into(),
                UnexpectedParameter,
            ),
            ("seq=1&event=closed&message=hi".into(), UnexpectedParameter),
            ("seq=1&event=failed".into(), MissingParameter),
            ("seq=1&event=failed&message=".into(), BadMessage),
            ("seq=1&event=failed&message=%20%20".into(), BadMessage),
            ("seq=1&event=failed&message=a%0Ab".into(), BadMessage),
            ("seq=1&event=failed&message=a%00b".into(), BadMessage),
            (
                format!("seq=1&event=failed&message={long_message}"),
                BadMessage,
            ),
            (
                "seq=1&event=failed&message=x&payload=%7B%7D".into(),
                UnexpectedParameter,
            ),
            ("seq=1&event=applicantSubmitted".into(), MissingParameter),
            (
                "seq=1&event=applicantSubmitted&payload=not-json".into(),
                PayloadNotJson,
            ),
            (
                "seq=1&event=applicantSubmitted&payload=%22rk%22".into(),
                PayloadShape,
            ),
            (
                "seq=1&event=applicantSubmitted&payload=%5B%5D".into(),
                PayloadShape,
            ),
            (
                format!(
                    "seq=1&event=applicantSubmitted&payload={}",
                    enc(r#"{"report_key":"rk","ssn":"1"}"#)
                ),
                PayloadShape,
            ),
            (
                format!(
                    "seq=1&event=applicantSubmitted&payload={}",
                    enc(r#"{"report_key":7}"#)
                ),
                PayloadShape,
            ),
            (
                format!(
                    "seq=1&event=applicantSubmitted&payload={}",
                    enc(r#"{"report_key":""}"#)
                ),
                BadReportKey,
            ),
            (
                format!(
                    "seq=1&event=applicantSubmitted&payload={}",
                    enc(r#"{"report_key":"../x"}"#)
                ),
                BadReportKey,
            ),
            (
                format!(
                    "seq=1&event=applicantSubmitted&payload={}",
                    enc(r#"{"report_key":"a b"}"#)
                ),
                BadReportKey,
            ),
            (
                format!(
                    "seq=1&event=applicantSubmitted&payload={}&message=x",
                    enc(r#"{"report_key":"rk"}"#)
                ),
                UnexpectedParameter,
            ),
            ("seq=1&event=registrationCompleted".into(), MissingParameter),
            (
                format!(
                    "seq=1&event=registrationCompleted&payload={}",
                    enc(r#"{"other":"x"}"#)
                ),
                PayloadShape,
            ),
            (
                format!(
                    "seq=1&event=registrationCompleted&payload={}",
                    enc(r#"{"token":5}"#)
                ),
                PayloadShape,
            ),
            (
                format!(
                    "seq=1&event=registrationCompleted&payload={}",
                    enc(r#""  ""#)
                ),
                PayloadShape,
            ),
            (
                format!("seq=1&event=registrationCompleted&payload={}", enc(r#"12"#)),
                PayloadShape,
            ),
            (
                format!(
                    "seq=1&event=registrationCompleted&payload={}",
                    enc(r#""has space""#)
                ),
                BadToken,
            ),
            (
                format!(
                    "seq=1&event=registrationCompleted&payload={}",
                    enc("\"caf\u{e9}\"")
                ),
                BadToken,
            ),
            (
                format!(
                    "seq=1&event=registrationCompleted&payload={}",
                    enc(&long_token)
                ),
                BadToken,
            ),
            (
                format!(
                    "seq=1&event=registrationCompleted&payload={}",
                    enc(&long_payload)
                ),
                PayloadTooLong,
            ),
            (
                format!("seq=1&event=closed&x={}", "a".repeat(MAX_QUERY_LEN)),
                QueryTooLong,
            ),
        ];
        for (query, expected) in cases {
            assert_eq!(cb(&query).map(|c| c.event), Err(expected), "{query}");
        }
    }

    #[test]
    fn only_the_callback_path_without_a_fragment_is_parsed() {
        let url = |s: &str| Url::parse(s).unwrap();
        assert_eq!(
            parse(&url("ccwidget://localhost/host.html?seq=1&event=closed")),
            Err(Rejection::NotTheCallbackPath)
        );
        assert_eq!(
            parse(&url("ccwidget://localhost/callback/?seq=1&event=closed")),
            Err(Rejection::NotTheCallbackPath)
        );
        assert_eq!(
            parse(&url("ccwidget://localhost/callback?seq=1&event=closed#x")),
            Err(Rejection::HasFragment)
        );
        assert_eq!(
            parse(&url(
                "http://ccwidget.localhost/callback?seq=7&event=closed"
            ))
            .map(|c| c.seq),
            Ok(7)
        );
    }

    #[test]
    fn report_keys_are_checked_for_charset_and_length() {
        assert!(valid_report_key("abcDEF123_-").is_ok());
        assert!(valid_report_key(&"k".repeat(MAX_REPORT_KEY_LEN)).is_ok());
        for bad in ["", "a/b", "a?b", "a#b", "a%20b", "ключ", "a\nb"] {
            assert_eq!(
                valid_report_key(bad),
                Err(Rejection::BadReportKey),
                "{bad:?}"
            );
        }
        assert!(valid_report_key(&"k".repeat(MAX_REPORT_KEY_LEN + 1)).is_err());
    }
}

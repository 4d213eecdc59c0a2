//! The server's reason from an error body of any shape, sanitised for a coordinator to read.
//!
//! Laravel answers `{"message": …, "errors": {field: [..]}}`, but a PHP backend (or whatever is in
//! front of it) may also send `{"error": "…"}`, `{"error": {"message": …}}`, OAuth's
//! `error_description`, RFC 7807 `title`/`detail`, JSON:API `{"errors": [{"detail": …,
//! "source": {"pointer": …}}]}`, `errors` as an array or a string, `msg`, a bare JSON string,
//! plain text, or an HTML page (nginx, Laravel's error views, a login page). Debug-mode Laravel
//! adds `exception`, `file`, `line` and `trace`: only `message` is kept.
//!
//! The reason is plain text: markup removed, entities decoded, whitespace collapsed, at most
//! [`MAX_REASON_CHARS`] characters, and scrubbed of the token in every encoding (after decoding,
//! since a JSON `\u0074` or an HTML `&#116;` could spell it).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::token::ApiToken;

/// The longest server reason kept (characters).
pub const MAX_REASON_CHARS: usize = 300;

/// What an error body says.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct ErrorBody {
    /// The server's one-line reason, sanitised.
    pub reason: Option<String>,
    /// Per-field messages (Laravel's `errors` object, or JSON:API pointers).
    pub field_errors: BTreeMap<String, Vec<String>>,
}

impl ErrorBody {
    pub fn read(body: &str, content_type: Option<&str>, token: &ApiToken) -> Self {
        let body = body.trim_start_matches('\u{feff}').trim();
        if body.is_empty() {
            return Self::default();
        }
        let html = content_type.is_some_and(|t| t.to_ascii_lowercase().contains("html"))
            || body.starts_with('<');
        let (reason, field_errors) = match serde_json::from_str::<Value>(body) {
            Ok(json) => (from_json(&json), field_errors(&json)),
            Err(_) if html => (from_html(body), BTreeMap::new()),
            Err(_) => (Some(body.to_string()), BTreeMap::new()),
        };
        let clean = |text: &str| {
            let text = sanitise(text);
            (!text.is_empty()).then(|| cap(&token.scrub(&text)))
        };
        Self {
            reason: reason.as_deref().and_then(clean),
            field_errors: field_errors
                .into_iter()
                .map(|(field, messages)| {
                    let messages = messages.iter().filter_map(|m| clean(m)).collect();
                    (token.scrub(&field), messages)
                })
                .collect(),
        }
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The first reason a JSON body gives.
fn from_json(json: &Value) -> Option<String> {
    match json {
        Value::String(_) => text(json),
        Value::Array(items) => join(items.iter().filter_map(entry_text)),
        Value::Object(map) => {
            let field = |key: &str| map.get(key);
            if let Some(message) = field("message").and_then(|m| text(m).or_else(|| nested(m))) {
                return Some(message);
            }
            if let Some(error) = field("error") {
                if let Some(error) = text(error).or_else(|| nested(error)) {
                    let description = field("error_description").and_then(text);
                    return Some(match description {
                        Some(d) if d != error => format!("{error}: {d}"),
                        _ => error,
                    });
                }
            }
            if let Some(detail) = field("detail").and_then(text) {
                return Some(match field("title").and_then(text) {
                    Some(title) if title != detail => format!("{title}: {detail}"),
                    _ => detail,
                });
            }
            [
                "error_description",
                "title",
                "msg",
                "error_message",
                "status_message",
            ]
            .into_iter()
            .find_map(|key| field(key).and_then(text))
            .or_else(|| field("errors").and_then(errors_text))
        }
        _ => None,
    }
}

/// `{"message": …}` / `{"detail": …}` one level down (`{"error": {"message": …}}`).
fn nested(value: &Value) -> Option<String> {
    let map = value.as_object()?;
    ["message", "detail", "description", "title"]
        .into_iter()
        .find_map(|key| map.get(key).and_then(text))
}

/// An `errors` value as one sentence: messages joined with `; `.
fn errors_text(errors: &Value) -> Option<String> {
    match errors {
        Value::String(_) => text(errors),
        Value::Array(items) => join(items.iter().filter_map(entry_text)),
        Value::Object(map) => join(map.values().filter_map(|v| match v {
            Value::Array(items) => join(items.iter().filter_map(entry_text)),
            other => entry_text(other),
        })),
        _ => None,
    }
}

/// One error entry: a string, or an object with a message.
fn entry_text(entry: &Value) -> Option<String> {
    text(entry).or_else(|| {
        let map = entry.as_object()?;
        let detail = ["detail", "message", "msg", "title"]
            .into_iter()
            .find_map(|key| map.get(key).and_then(text))?;
        Some(detail)
    })
}

fn join(parts: impl Iterator<Item = String>) -> Option<String> {
    let parts: Vec<String> = parts.collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Per-field messages: Laravel's `errors` object (values as lists or strings), or JSON:API
/// entries with `source.pointer` / `source.parameter` / `field`.
fn field_errors(json: &Value) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    match json.get("errors") {
        Some(Value::Object(map)) => {
            for (field, value) in map {
                let messages: Vec<String> = match value {
                    Value::Array(items) => items.iter().filter_map(entry_text).collect(),
                    other => entry_text(other).into_iter().collect(),
                };
                if !messages.is_empty() {
                    out.entry(field.clone()).or_default().extend(messages);
                }
            }
        }
        Some(Value::Array(items)) => {
            for item in items {
                let (Some(field), Some(message)) = (pointer_field(item), entry_text(item)) else {
                    continue;
                };
                out.entry(field).or_default().push(message);
            }
        }
        _ => {}
    }
    out
}

/// `{"source": {"pointer": "/data/attributes/applicant_emails/0"}}` → `applicant_emails.0`.
fn pointer_field(item: &Value) -> Option<String> {
    let source = item.get("source");
    let raw = source
        .and_then(|s| s.get("pointer").or_else(|| s.get("parameter")))
        .or_else(|| item.get("field"))
        .and_then(Value::as_str)?;
    let parts: Vec<&str> = raw
        .trim_start_matches('/')
        .split(['/', '.'])
        .filter(|p| !p.is_empty())
        .skip_while(|p| matches!(*p, "data" | "attributes"))
        .collect();
    (!parts.is_empty()).then(|| parts.join("."))
}

/// An HTML page's `<title>`, else its first `<h1>`, else its text.
fn from_html(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let inside = |tag: &str| {
        let open = lower.find(&format!("<{tag}"))?;
        let start = open + lower[open..].find('>')? + 1;
        let end = start + lower[start..].find(&format!("</{tag}"))?;
        Some(html[start..end].to_string()).filter(|t| !sanitise(t).is_empty())
    };
    inside("title")
        .or_else(|| inside("h1"))
        .or_else(|| Some(strip_blocks(html)))
}

/// Removes `<script>`/`<style>` blocks (their text is not a reason).
fn strip_blocks(html: &str) -> String {
    let mut out = html.to_string();
    for tag in ["script", "style"] {
        loop {
            let lower = out.to_ascii_lowercase();
            let Some(start) = lower.find(&format!("<{tag}")) else {
                break;
            };
            let close = format!("</{tag}>");
            let end = lower[start..]
                .find(&close)
                .map_or(out.len(), |e| start + e + close.len());
            out.replace_range(start..end, " ");
        }
    }
    out
}

/// Plain text: tags removed, entities decoded, control characters and runs of whitespace
/// turned into single spaces.
pub(super) fn sanitise(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            _ if in_tag => {}
            _ => plain.push(c),
        }
    }
    let decoded = decode_entities(&plain);
    decoded
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let Some(semi) = tail[..tail.len().min(12)].find(';') else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let name = &tail[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            "laquo" => Some('«'),
            "raquo" => Some('»'),
            "mdash" => Some('—'),
            "ndash" => Some('–'),
            "hellip" => Some('…'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// At most [`MAX_REASON_CHARS`] characters, cut with `…`.
fn cap(text: &str) -> String {
    if text.chars().count() <= MAX_REASON_CHARS {
        return text.to_string();
    }
    let head: String = text.chars().take(MAX_REASON_CHARS - 1).collect();
    format!("{}…", head.trim_end())
}

#[cfg(test)]
mod tests;

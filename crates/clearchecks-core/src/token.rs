//! The `api_token` secret: a newtype that cannot leak by accident, plus the scrubber that removes
//! it from any text we keep (error details, response bodies).
//!
//! `ApiToken` has no `Serialize` impl and prints `<redacted>` through `Debug` and `Display`. The raw
//! value is reachable only through [`ApiToken::expose_secret`], which the HTTP layer calls when it
//! builds a request URL and the secret store calls when it persists the token.

mod scrub;

use std::fmt;

/// Printed instead of any secret.
pub const REDACTED: &str = "<redacted>";

/// Why a token string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error(
        "The API token is empty. Paste the token from the ClearChecks console (Settings → API)."
    )]
    Empty,
    #[error("The API token contains spaces or control characters. Copy it again from the ClearChecks console.")]
    InvalidCharacters,
}

/// A ClearChecks `api_token`. Cheap to clone; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiToken(Box<str>);

impl ApiToken {
    /// Accepts a token after trimming surrounding whitespace (tokens are often pasted with a
    /// trailing newline). Refuses empty tokens and tokens with inner whitespace or control
    /// characters, which no real token contains and which would corrupt the query string.
    pub fn new(raw: impl AsRef<str>) -> Result<Self, TokenError> {
        let trimmed = raw.as_ref().trim();
        if trimmed.is_empty() {
            return Err(TokenError::Empty);
        }
        if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(TokenError::InvalidCharacters);
        }
        Ok(Self(trimmed.into()))
    }

    /// The raw token. Call this only where the request URL is built or the secret is stored.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Removes this token from `text` in every form it can take there — raw, percent-encoded
    /// (either hex case, once or twice), JSON-escaped (`\/`, `\u0041`), as HTML character
    /// references, or any mix of those — and the value of any `api_token=…` query parameter.
    pub fn scrub(&self, text: &str) -> String {
        scrub::redact(&scrub_query_param(text), &self.0)
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Replaces the value of every `api_token=` (and `private_key=`) occurrence with `<redacted>`,
/// whatever token it holds. This catches URLs echoed back by servers or proxies even when they
/// carry a token other than ours.
pub fn scrub_query_param(text: &str) -> String {
    let mut out = text.to_string();
    for key in ["api_token=", "private_key="] {
        out = scrub_key(&out, key);
    }
    out
}

fn scrub_key(text: &str, key: &str) -> String {
    let lower = text.to_ascii_lowercase();
    if !lower.contains(key) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    let mut search_from = 0;
    while let Some(found) = lower[search_from..].find(key) {
        let value_start = search_from + found + key.len();
        out.push_str(&text[rest..value_start]);
        out.push_str(REDACTED);
        let value_len = text[value_start..]
            .find(|c: char| {
                matches!(c, '&' | '#' | '"' | '\'' | '<' | '>' | ')') || c.is_whitespace()
            })
            .unwrap_or(text.len() - value_start);
        rest = value_start + value_len;
        search_from = rest;
    }
    out.push_str(&text[rest..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_empty_and_whitespace() {
        assert_eq!(ApiToken::new(""), Err(TokenError::Empty));
        assert_eq!(ApiToken::new("  \n\t"), Err(TokenError::Empty));
        assert_eq!(ApiToken::new("ab cd"), Err(TokenError::InvalidCharacters));
    }

    #[test]
    fn trims_and_exposes() {
        let token = ApiToken::new("  tok_123\n").unwrap();
        assert_eq!(token.expose_secret(), "tok_123");
    }

    #[test]
    fn never_prints_the_value() {
        let token = ApiToken::new("s3cr3t-value").unwrap();
        assert_eq!(format!("{token}"), REDACTED);
        assert_eq!(format!("{token:?}"), REDACTED);
        assert!(!format!("{:?}", Some(token)).contains("s3cr3t"));
    }

    #[test]
    fn scrubs_raw_encoded_and_query_forms() {
        let token = ApiToken::new("a+b/c=").unwrap();
        let text = "raw a+b/c= enc a%2Bb%2Fc%3D url http://h/api/x?page=2&api_token=zzz&y=1 \
                    other https://h/?API_TOKEN=qqq";
        let scrubbed = token.scrub(text);
        assert!(!scrubbed.contains("a+b/c="), "{scrubbed}");
        assert!(!scrubbed.contains("a%2Bb%2Fc%3D"), "{scrubbed}");
        assert!(!scrubbed.contains("zzz"), "{scrubbed}");
        assert!(!scrubbed.contains("qqq"), "{scrubbed}");
        assert!(
            scrubbed.contains("page=2&api_token=<redacted>&y=1"),
            "{scrubbed}"
        );
    }

    /// Issue 14 L8: the forms a server echoes that the first scrubber missed.
    #[test]
    fn scrubs_json_escaped_and_lower_case_encoded_forms() {
        let token = ApiToken::new("a+b/c=").unwrap();
        for form in [
            r"a+b\/c=",               // PHP json_encode
            r"a\u002bb\u002Fc\u003d", // JSON \u escapes, either case
            "a%2bb%2fc%3d",           // lower-case percent-encoding
            "a%2Bb%2fc=",             // mixed
            "a%252Bb%252Fc%253D",     // encoded twice
            "a+b&#47;c&#x3D;",        // HTML character references
        ] {
            let scrubbed = token.scrub(&format!("echo [{form}] end"));
            assert_eq!(scrubbed, "echo [<redacted>] end", "{form}");
        }
        // Unicode tokens, escaped as UTF-16 surrogates or as UTF-8 bytes.
        let token = ApiToken::new("tök😀n").unwrap();
        assert_eq!(token.scrub(r"x t\u00f6k\ud83d\ude00n y"), "x <redacted> y");
        assert_eq!(token.scrub("x t%C3%B6k%F0%9F%98%80n y"), "x <redacted> y");
    }

    #[test]
    fn scrub_leaves_unrelated_text_alone() {
        let token = ApiToken::new("tok").unwrap();
        assert_eq!(token.scrub("nothing to see"), "nothing to see");
    }
}

//! Issue 14 L8, as a property: whatever mix of encodings a token went through (percent-encoding
//! in either hex case, once or twice, form encoding, JSON `\u` escapes in either case, PHP's
//! `\/`, HTML character references), character by character, `ApiToken::scrub` replaces exactly
//! the token and leaves the text around it alone.

use clearchecks_core::ApiToken;
use proptest::prelude::*;

#[derive(Debug, Clone, Copy)]
enum Encoding {
    Raw,
    PercentUpper,
    PercentLower,
    PercentTwice,
    JsonUpper,
    JsonLower,
    JsonSlash,
    HtmlDecimal,
    HtmlHex,
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop_oneof![
        Just(Encoding::Raw),
        Just(Encoding::PercentUpper),
        Just(Encoding::PercentLower),
        Just(Encoding::PercentTwice),
        Just(Encoding::JsonUpper),
        Just(Encoding::JsonLower),
        Just(Encoding::JsonSlash),
        Just(Encoding::HtmlDecimal),
        Just(Encoding::HtmlHex),
    ]
}

fn encode(c: char, encoding: Encoding) -> String {
    let bytes = c.to_string().into_bytes();
    let utf16: Vec<u16> = c.encode_utf16(&mut [0; 2]).to_vec();
    match encoding {
        Encoding::Raw => c.to_string(),
        Encoding::PercentUpper => bytes.iter().map(|b| format!("%{b:02X}")).collect(),
        Encoding::PercentLower => bytes.iter().map(|b| format!("%{b:02x}")).collect(),
        Encoding::PercentTwice => bytes.iter().map(|b| format!("%25{b:02X}")).collect(),
        Encoding::JsonUpper => utf16.iter().map(|u| format!("\\u{u:04X}")).collect(),
        Encoding::JsonLower => utf16.iter().map(|u| format!("\\u{u:04x}")).collect(),
        Encoding::JsonSlash if c == '/' => "\\/".into(),
        Encoding::JsonSlash => c.to_string(),
        Encoding::HtmlDecimal => format!("&#{};", c as u32),
        Encoding::HtmlHex => format!("&#x{:x};", c as u32),
    }
}

/// Characters a token may have (no whitespace or control characters, by `ApiToken::new`).
const TOKEN_CHARS: &str = "[A-Za-z0-9/+=_.~$*éü-]{1,40}";
/// Text around it: none of the token's characters, none that starts an escape.
const FILLER: &str = "[ :|#\\[\\](){}<>,;?^@!]{0,20}";

fn token_with_encodings() -> impl Strategy<Value = (String, Vec<Encoding>)> {
    TOKEN_CHARS.prop_flat_map(|token| {
        let n = token.chars().count();
        (Just(token), proptest::collection::vec(encoding(), n))
    })
}

fn encoded(token: &str, encodings: &[Encoding]) -> String {
    token
        .chars()
        .zip(encodings)
        .map(|(c, e)| encode(c, *e))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_mix_of_encodings_is_scrubbed(
        (token, encodings) in token_with_encodings(),
        prefix in FILLER,
        suffix in FILLER,
    ) {
        let api_token = ApiToken::new(&token).unwrap();
        let text = format!("{prefix}{}{suffix}", encoded(&token, &encodings));
        prop_assert_eq!(api_token.scrub(&text), format!("{prefix}<redacted>{suffix}"));
    }

    #[test]
    fn every_occurrence_is_scrubbed(
        (token, first) in token_with_encodings(),
        second in proptest::collection::vec(encoding(), 40),
        middle in FILLER,
    ) {
        let api_token = ApiToken::new(&token).unwrap();
        let form_encoded: String = url::form_urlencoded::byte_serialize(token.as_bytes()).collect();
        let text = format!(
            "[{}]{middle}[{}]{middle}[{form_encoded}]",
            encoded(&token, &first),
            encoded(&token, &second),
        );
        prop_assert_eq!(
            api_token.scrub(&text),
            format!("[<redacted>]{middle}[<redacted>]{middle}[<redacted>]")
        );
    }
}

//! Finding a secret in text whatever encoding it went through on the way: a server or a proxy
//! may echo the request URL percent-encoded (upper- or lower-case hex, once or twice, `+` kept
//! as is), JSON-escape it (`\/`, `\u0041`, PHP's `json_encode` default), or put it in an HTML
//! page as character references (`&#47;`, `&#x2F;`), and any mix of those character by
//! character. The text is decoded one unit at a time (a unit is one raw character or one escape),
//! the secret is searched in the decoded bytes, and every match is replaced in the *original*
//! text, escapes included, by `<redacted>`.

use super::REDACTED;

/// One unit of the text: the bytes it decodes to (one character: at most four), and where it
/// is in the original.
struct Unit {
    start: usize,
    end: usize,
    bytes: [u8; 4],
    len: u8,
}

impl Unit {
    fn new(start: usize, end: usize, decoded: &[u8]) -> Self {
        let mut bytes = [0; 4];
        bytes[..decoded.len()].copy_from_slice(decoded);
        Self {
            start,
            end,
            bytes,
            len: decoded.len() as u8,
        }
    }

    fn decoded(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }
}

fn hex(text: &[u8], at: usize, len: usize) -> Option<u32> {
    let digits = text.get(at..at + len)?;
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

fn utf8(c: char) -> Vec<u8> {
    let mut buf = [0; 4];
    c.encode_utf8(&mut buf).as_bytes().to_vec()
}

/// The escape at `at`, if one starts there: (length in the original, decoded bytes).
fn escape(text: &[u8], at: usize) -> Option<(usize, Vec<u8>)> {
    match text[at] {
        b'%' => {
            // `%25XX` is `%XX` encoded once more: the byte XX.
            if text.get(at + 1..at + 3).is_some_and(|d| d == b"25") {
                if let Some(byte) = hex(text, at + 3, 2) {
                    return Some((5, vec![byte as u8]));
                }
            }
            hex(text, at + 1, 2).map(|byte| (3, vec![byte as u8]))
        }
        b'\\' => match text.get(at + 1)? {
            b'u' => {
                let high = hex(text, at + 2, 4)?;
                if (0xD800..0xDC00).contains(&high) && text.get(at + 6..at + 8) == Some(b"\\u") {
                    let low = hex(text, at + 8, 4)?;
                    let c = char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?;
                    return Some((12, utf8(c)));
                }
                char::from_u32(high).map(|c| (6, utf8(c)))
            }
            c @ (b'/' | b'\\' | b'"' | b'\'') => Some((2, vec![*c])),
            _ => None,
        },
        b'&' => {
            let semi = at
                + text
                    .get(at..(at + 12).min(text.len()))?
                    .iter()
                    .position(|b| *b == b';')?;
            let name = std::str::from_utf8(&text[at + 1..semi]).ok()?;
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let code = name
                        .strip_prefix("#x")
                        .or_else(|| name.strip_prefix("#X"))
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))?;
                    char::from_u32(code)?
                }
            };
            Some((semi + 1 - at, utf8(c)))
        }
        _ => None,
    }
}

fn units(text: &str) -> Vec<Unit> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    while at < bytes.len() {
        if let Some((len, decoded)) = escape(bytes, at) {
            out.push(Unit::new(at, at + len, &decoded));
            at += len;
            continue;
        }
        let c = text[at..].chars().next().expect("at is a char boundary");
        let mut buf = [0; 4];
        out.push(Unit::new(
            at,
            at + c.len_utf8(),
            c.encode_utf8(&mut buf).as_bytes(),
        ));
        at += c.len_utf8();
    }
    out
}

/// Whether `text` could hold an escaped form at all (most texts have none of these).
fn has_escapes(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b'%' | b'\\' | b'&'))
}

/// `text` with every occurrence of `secret`, in any encoding of the module docs, replaced.
pub(super) fn redact(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        return text.to_string();
    }
    if !has_escapes(text) {
        return text.replace(secret, REDACTED);
    }
    let units = units(text);
    // The decoded bytes, with the unit each one came from.
    let mut decoded = Vec::with_capacity(text.len());
    let mut owner = Vec::with_capacity(text.len());
    for (index, unit) in units.iter().enumerate() {
        decoded.extend_from_slice(unit.decoded());
        owner.extend(std::iter::repeat_n(index, unit.decoded().len()));
    }
    let needle = secret.as_bytes();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    while from + needle.len() <= decoded.len() {
        if decoded[from..from + needle.len()] == *needle {
            let first = &units[owner[from]];
            let last = &units[owner[from + needle.len() - 1]];
            spans.push((first.start, last.end));
            // Continue after the last unit of the match (`owner` never decreases).
            let next_unit = owner[from + needle.len() - 1] + 1;
            from = owner.partition_point(|u| *u < next_unit);
        } else {
            from += 1;
        }
    }
    if spans.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    for (start, end) in spans {
        out.push_str(&text[rest..start]);
        out.push_str(REDACTED);
        rest = end;
    }
    out.push_str(&text[rest..]);
    out
}

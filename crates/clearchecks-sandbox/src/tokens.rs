//! Random identifiers the simulator hands out (report keys, api tokens,
//! widget JWTs, registration tokens) and the keyed hash that signs file URLs.

use rand::distributions::Alphanumeric;
use rand::Rng;

const URL_SAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A URL-safe random string of `len` characters (`[A-Za-z0-9_-]`).
pub(crate) fn url_safe<R: Rng + ?Sized>(rng: &mut R, len: usize) -> String {
    (0..len)
        .map(|_| URL_SAFE[rng.gen_range(0..URL_SAFE.len())] as char)
        .collect()
}

/// A report key: 20 URL-safe characters.
pub(crate) fn report_key<R: Rng + ?Sized>(rng: &mut R) -> String {
    url_safe(rng, 20)
}

/// A fresh api token for an account created through the registration widget.
pub(crate) fn api_token() -> String {
    let body: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(40)
        .map(char::from)
        .collect();
    format!("sbx_{body}")
}

/// Unpadded base64url, enough to make JWT-looking tokens.
pub(crate) fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let idx = (n >> (18 - 6 * i)) & 63;
            out.push(URL_SAFE[idx as usize] as char);
        }
    }
    out
}

/// Decodes unpadded base64url (padding, if any, is ignored); `None` for anything else.
pub(crate) fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u32> = text
        .trim_end_matches('=')
        .bytes()
        .map(|c| URL_SAFE.iter().position(|u| *u == c).map(|i| i as u32))
        .collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | (d << (18 - 6 * i)));
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// A JWT-shaped single-use token. The payload names the report but carries
/// nothing secret; the server looks the token up, it never verifies it.
pub(crate) fn widget_jwt(report_key: &str, expires_epoch: i64) -> String {
    let mut rng = rand::thread_rng();
    let header = base64url(br#"{"alg":"HS256","typ":"JWT"}"#);
    let jti = url_safe(&mut rng, 16);
    let payload = serde_json::json!({
        "sub": report_key,
        "jti": jti,
        "exp": expires_epoch,
        "iss": "clearchecks-sandbox",
    });
    let payload = base64url(payload.to_string().as_bytes());
    let signature: Vec<u8> = (0..32).map(|_| rng.gen()).collect();
    format!("{header}.{payload}.{}", base64url(&signature))
}

/// An opaque "encrypted" registration token (only the simulator can redeem it).
pub(crate) fn registration_token() -> String {
    let bytes: Vec<u8> = (0..48).map(|_| rand::thread_rng().gen()).collect();
    format!("ccreg.{}", base64url(&bytes))
}

/// FNV-1a 64: a stable keyed hash for signing file URLs with a per-run secret.
/// Not cryptographic; the simulator only needs tamper-evidence in tests.
pub(crate) fn keyed_hash(secret: u64, message: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ secret;
    for byte in message.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// A stable 64-bit seed derived from a string (for per-account data).
pub(crate) fn seed_of(base: u64, text: &str) -> u64 {
    u64::from_str_radix(&keyed_hash(base, text), 16).unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_decodes_what_it_encodes() {
        for text in [
            "",
            "f",
            "fo",
            "foo",
            "foob",
            "fooba",
            "foobar",
            "{\"offset\":100}",
        ] {
            assert_eq!(
                base64url_decode(&base64url(text.as_bytes())).unwrap(),
                text.as_bytes()
            );
        }
        assert_eq!(base64url_decode("not base64!"), None);
    }

    #[test]
    fn base64url_matches_known_vectors() {
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(b"foob"), "Zm9vYg");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn widget_jwt_has_three_url_safe_parts() {
        let token = widget_jwt("abc", 1);
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert!(token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)));
    }

    #[test]
    fn keyed_hash_depends_on_secret_and_message() {
        assert_ne!(keyed_hash(1, "a"), keyed_hash(2, "a"));
        assert_ne!(keyed_hash(1, "a"), keyed_hash(1, "b"));
        assert_eq!(keyed_hash(7, "x"), keyed_hash(7, "x"));
    }
}

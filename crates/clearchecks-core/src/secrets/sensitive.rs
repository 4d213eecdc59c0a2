//! `Sensitive<T>`: a value that must not leak through logs, errors or IPC.

use std::fmt;

use crate::token::REDACTED;

/// Wraps a secret value. `Debug` and `Display` print `<redacted>`; there is deliberately no
/// `Serialize` impl, so a secret cannot end up in a JSON file or an IPC payload by accident.
/// The value is reachable only through [`Sensitive::expose_secret`].
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Sensitive<T>(T);

/// A secret string, e.g. a platform private key.
pub type SecretString = Sensitive<String>;

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The secret. Call it only where the value is used (a request, the keyring).
    pub fn expose_secret(&self) -> &T {
        &self.0
    }

    /// Unwraps the secret.
    pub fn into_secret(self) -> T {
        self.0
    }
}

impl<T> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_the_value() {
        let secret = SecretString::new("-----BEGIN PRIVATE KEY-----abc".to_owned());
        assert_eq!(format!("{secret}"), REDACTED);
        assert_eq!(format!("{secret:?}"), REDACTED);
        assert!(!format!("{:?}", Some(secret.clone())).contains("PRIVATE"));
        assert_eq!(secret.expose_secret(), "-----BEGIN PRIVATE KEY-----abc");
        assert_eq!(secret.into_secret(), "-----BEGIN PRIVATE KEY-----abc");
    }
}

//! Where secrets live: the OS keyring, behind the [`SecretStore`] trait.
//!
//! Each connected account's `api_token` is one keyring entry (service = the build's keyring
//! service name, user = the account id); other secrets (the platform private key) use their own
//! key under the same service. There is **no plaintext fallback**: when no keyring can be
//! reached the store answers [`SecretError::KeyringUnavailable`] and the UI explains how to get
//! one. Implementations:
//! - [`KeyringStore`] — the real OS keyring (Secret Service, macOS Keychain, Windows
//!   Credential Manager); every call runs on a blocking thread;
//! - [`CachedSecretStore`] — wraps a store so each secret is read once per session (one OS
//!   prompt at most), with concurrent readers sharing that single read;
//! - [`MemoryStore`] — in memory, for tests.

mod cache;
mod keyring_store;
mod memory;
mod sensitive;

use std::future::Future;
use std::pin::Pin;

pub use cache::CachedSecretStore;
pub use keyring_store::{backend_is_persistent, backend_name, KeyringStore};
pub use memory::MemoryStore;
pub use sensitive::{SecretString, Sensitive};

use crate::token::ApiToken;

/// The future every [`SecretStore`] method returns (boxed so the trait stays object-safe:
/// the app keeps an `Arc<dyn SecretStore>`).
pub type SecretFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, SecretError>> + Send + 'a>>;

/// Why a secret could not be read, written or deleted. Never contains the secret itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// No usable OS keyring: no Secret Service on the D-Bus session, a locked collection, a
    /// refused keychain prompt, or a build without a keyring backend.
    #[error(
        "The system keyring is not available ({detail}). {}",
        unavailable_hint()
    )]
    KeyringUnavailable { detail: String },
    /// Empty secrets are never stored (an empty entry would read back as a broken token).
    #[error("Refusing to store an empty secret.")]
    EmptySecret,
    /// The entry exists but cannot be used (not text, not a valid token, or several entries
    /// match). The message never quotes the stored value.
    #[error("The keyring entry for this account cannot be used ({detail}). Remove the account and add it again.")]
    Corrupt { detail: String },
    /// Any other refusal by the keyring.
    #[error("The system keyring refused the request ({detail}).")]
    Backend { detail: String },
}

/// What to do about a missing keyring, in the words of the platform's own tools.
pub fn unavailable_hint() -> &'static str {
    if cfg!(target_os = "macos") {
        "Unlock your login keychain and allow ClearChecks Desktop to use it, then try again."
    } else if cfg!(target_os = "windows") {
        "Make sure Windows Credential Manager is available for your user, then try again."
    } else {
        "Install or unlock a Secret Service such as GNOME Keyring or KWallet, then try again."
    }
}

// The app, the CLI and the local store hold the keyring as `Arc<dyn SecretStore>`: should the trait
// stop being dyn-compatible, this line fails the build (a run-time test of it could never fail).
const _: Option<&dyn SecretStore> = None;

/// A place to keep secrets. Methods are async (keyring calls are blocking D-Bus or Keychain
/// round trips that may show an OS prompt) and never put the secret in an error.
///
/// The token methods (`get`, `set`, `delete`) keep one entry per account id. The generic
/// `*_secret` methods keep any other secret under a caller-chosen key; such keys must not look
/// like account ids (use a dotted name such as `platform.private-key`).
pub trait SecretStore: Send + Sync {
    /// Reads a secret; a missing entry is `Ok(None)`.
    fn get_secret<'a>(&'a self, key: &'a str) -> SecretFuture<'a, Option<SecretString>>;

    /// Creates or replaces a secret. Empty secrets are refused.
    fn set_secret<'a>(&'a self, key: &'a str, secret: &'a SecretString) -> SecretFuture<'a, ()>;

    /// Deletes a secret; deleting a missing entry succeeds.
    fn delete_secret<'a>(&'a self, key: &'a str) -> SecretFuture<'a, ()>;

    /// Reads the API token of an account; `Ok(None)` when none is stored.
    fn get<'a>(&'a self, account_id: &'a str) -> SecretFuture<'a, Option<ApiToken>> {
        Box::pin(async move {
            match self.get_secret(account_id).await? {
                None => Ok(None),
                Some(secret) => ApiToken::new(secret.expose_secret())
                    .map(Some)
                    .map_err(|_| SecretError::Corrupt {
                        detail: "the stored value is not a valid API token".to_owned(),
                    }),
            }
        })
    }

    /// Stores (or replaces) the API token of an account.
    fn set<'a>(&'a self, account_id: &'a str, token: &'a ApiToken) -> SecretFuture<'a, ()> {
        Box::pin(async move {
            let secret = SecretString::new(token.expose_secret().to_owned());
            self.set_secret(account_id, &secret).await
        })
    }

    /// Deletes the API token of an account; succeeds when there is none.
    fn delete<'a>(&'a self, account_id: &'a str) -> SecretFuture<'a, ()> {
        self.delete_secret(account_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unavailable_message_says_what_to_do_and_is_stable() {
        let err = SecretError::KeyringUnavailable {
            detail: "org.freedesktop.secrets was not provided by any .service files".into(),
        };
        let text = err.to_string();
        assert!(text.starts_with("The system keyring is not available (org.freedesktop"));
        if cfg!(target_os = "linux") {
            assert!(text.contains("GNOME Keyring or KWallet"), "{text}");
        }
    }

    #[tokio::test]
    async fn token_methods_round_trip_through_the_generic_ones() {
        let store = MemoryStore::new();
        let token = ApiToken::new("tok-round-trip").unwrap();
        store.set("acct-1", &token).await.unwrap();
        assert_eq!(store.get("acct-1").await.unwrap(), Some(token));
        assert_eq!(
            store
                .get_secret("acct-1")
                .await
                .unwrap()
                .map(|s| s.expose_secret().clone()),
            Some("tok-round-trip".to_owned())
        );
        store.delete("acct-1").await.unwrap();
        assert_eq!(store.get("acct-1").await.unwrap(), None);
    }

    #[tokio::test]
    async fn a_stored_value_that_is_not_a_token_is_corrupt_without_quoting_it() {
        let store = MemoryStore::new();
        let junk = SecretString::new("has spaces inside".to_owned());
        store.set_secret("acct-2", &junk).await.unwrap();
        let err = store.get("acct-2").await.unwrap_err();
        assert!(matches!(err, SecretError::Corrupt { .. }));
        assert!(!err.to_string().contains("spaces inside"));
    }
}

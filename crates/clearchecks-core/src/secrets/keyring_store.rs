//! The OS keyring through the `keyring` crate.
//!
//! The crate's backend is chosen by Cargo features per OS (see this crate's `Cargo.toml`):
//! Secret Service over D-Bus on Linux, the Keychain on macOS, Credential Manager on Windows.
//! Built without one it silently falls back to an in-memory mock that forgets everything, so
//! [`KeyringStore::new`] refuses to start on the mock and [`backend_name`] says which backend
//! is in use (the app and the CLI log it). Every keyring call is a blocking round trip (and may
//! show an OS prompt), so it runs on tokio's blocking pool.

use std::sync::Arc;

use keyring::credential::CredentialPersistence;

use super::{SecretError, SecretFuture, SecretStore, SecretString};
use crate::token::REDACTED;

/// The OS keyring, one entry per key under a fixed service name.
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: Arc<str>,
}

/// A human name for the keyring backend compiled into this build, e.g. for a startup log line.
pub fn backend_name() -> &'static str {
    let builder = keyring::default::default_credential_builder();
    let any = builder.as_any();
    if any.is::<keyring::mock::MockCredentialBuilder>() {
        return "in-memory mock (no OS keyring compiled in)";
    }
    #[cfg(target_os = "linux")]
    if any.is::<keyring::secret_service::SsCredentialBuilder>() {
        return "Secret Service (D-Bus)";
    }
    #[cfg(target_os = "macos")]
    if any.is::<keyring::macos::MacCredentialBuilder>() {
        return "macOS Keychain";
    }
    #[cfg(target_os = "windows")]
    if any.is::<keyring::windows::WinCredentialBuilder>() {
        return "Windows Credential Manager";
    }
    "unknown keyring backend"
}

/// Whether the compiled-in backend keeps secrets until they are deleted (false for the mock,
/// which forgets them with the entry).
pub fn backend_is_persistent() -> bool {
    matches!(
        keyring::default::default_credential_builder().persistence(),
        CredentialPersistence::UntilDelete
    )
}

impl KeyringStore {
    /// A store for `service` (the build's keyring service name, e.g.
    /// `com.clearchecks.desktop`). Fails when this build has no persistent keyring backend, so
    /// a misbuilt binary cannot pretend to save tokens.
    pub fn new(service: impl Into<String>) -> Result<Self, SecretError> {
        if !backend_is_persistent() {
            return Err(SecretError::KeyringUnavailable {
                detail: format!("this build uses the {}", backend_name()),
            });
        }
        let service: String = service.into();
        if service.trim().is_empty() {
            return Err(SecretError::Backend {
                detail: "the keyring service name is empty".to_owned(),
            });
        }
        Ok(Self {
            service: service.into(),
        })
    }

    /// The service name entries are stored under.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Runs one keyring operation on the blocking pool.
    async fn blocking<T, F>(&self, key: &str, operation: F) -> Result<T, SecretError>
    where
        T: Send + 'static,
        F: FnOnce(keyring::Entry) -> Result<T, SecretError> + Send + 'static,
    {
        let service = Arc::clone(&self.service);
        let key = key.to_owned();
        tokio::task::spawn_blocking(move || {
            let entry = keyring::Entry::new(&service, &key).map_err(map_error)?;
            operation(entry)
        })
        .await
        .map_err(|join| SecretError::Backend {
            detail: format!("the keyring task stopped unexpectedly ({join})"),
        })?
    }
}

impl SecretStore for KeyringStore {
    fn get_secret<'a>(&'a self, key: &'a str) -> SecretFuture<'a, Option<SecretString>> {
        Box::pin(self.blocking(key, |entry| match entry.get_password() {
            Ok(password) => Ok(Some(SecretString::new(password))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(map_error(err)),
        }))
    }

    fn set_secret<'a>(&'a self, key: &'a str, secret: &'a SecretString) -> SecretFuture<'a, ()> {
        let secret = secret.clone();
        Box::pin(async move {
            if secret.expose_secret().is_empty() {
                return Err(SecretError::EmptySecret);
            }
            self.blocking(key, move |entry| {
                entry
                    .set_password(secret.expose_secret())
                    // Platform messages never echo the secret, but be certain.
                    .map_err(|err| redact(map_error(err), secret.expose_secret()))
            })
            .await
        })
    }

    fn delete_secret<'a>(&'a self, key: &'a str) -> SecretFuture<'a, ()> {
        Box::pin(self.blocking(key, |entry| match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            // The same service/user in several collections: remove every copy.
            Err(keyring::Error::Ambiguous(credentials)) => {
                for credential in credentials {
                    match credential.delete_credential() {
                        Ok(()) | Err(keyring::Error::NoEntry) => {}
                        Err(err) => return Err(map_error(err)),
                    }
                }
                Ok(())
            }
            Err(err) => Err(map_error(err)),
        }))
    }
}

/// Maps a keyring error to ours without ever carrying secret bytes along.
fn map_error(err: keyring::Error) -> SecretError {
    match err {
        // Every D-Bus / Keychain / Credential Manager failure means "no usable keyring": no
        // session bus, no Secret Service daemon, a locked collection, a dismissed prompt.
        keyring::Error::PlatformFailure(inner) | keyring::Error::NoStorageAccess(inner) => {
            SecretError::KeyringUnavailable {
                detail: inner.to_string(),
            }
        }
        // The bytes in BadEncoding are the secret: drop them.
        keyring::Error::BadEncoding(_) => SecretError::Corrupt {
            detail: "the stored value is not text".to_owned(),
        },
        keyring::Error::Ambiguous(credentials) => SecretError::Corrupt {
            detail: format!("{} keyring entries match this account", credentials.len()),
        },
        keyring::Error::NoEntry => SecretError::Backend {
            detail: "the keyring entry disappeared".to_owned(),
        },
        other => SecretError::Backend {
            detail: other.to_string(),
        },
    }
}

fn redact(err: SecretError, secret: &str) -> SecretError {
    let clean = |detail: String| detail.replace(secret, REDACTED);
    match err {
        SecretError::KeyringUnavailable { detail } => SecretError::KeyringUnavailable {
            detail: clean(detail),
        },
        SecretError::Corrupt { detail } => SecretError::Corrupt {
            detail: clean(detail),
        },
        SecretError::Backend { detail } => SecretError::Backend {
            detail: clean(detail),
        },
        SecretError::EmptySecret => SecretError::EmptySecret,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_keyring_backend_is_compiled_in() {
        // A keyring built without backend features silently uses its mock; this build must not.
        let builder = keyring::default::default_credential_builder();
        assert!(
            !builder
                .as_any()
                .is::<keyring::mock::MockCredentialBuilder>(),
            "the keyring crate fell back to its in-memory mock: check its per-OS features"
        );
        assert!(backend_is_persistent());
        assert!(!backend_name().contains("mock"));
        assert_ne!(backend_name(), "unknown keyring backend");
        #[cfg(target_os = "linux")]
        assert_eq!(backend_name(), "Secret Service (D-Bus)");
    }

    #[test]
    fn constructing_does_not_touch_the_keyring() {
        let store = KeyringStore::new("com.clearchecks.desktop.test").unwrap();
        assert_eq!(store.service(), "com.clearchecks.desktop.test");
        assert!(KeyringStore::new("  ").is_err());
    }

    #[test]
    fn platform_failures_are_keyring_unavailable() {
        let err = map_error(keyring::Error::PlatformFailure(
            "org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files".into(),
        ));
        assert!(matches!(err, SecretError::KeyringUnavailable { .. }));
        let locked = map_error(keyring::Error::NoStorageAccess(
            "Cannot create an item in a locked collection".into(),
        ));
        assert!(matches!(locked, SecretError::KeyringUnavailable { .. }));
    }

    #[test]
    fn bad_encoding_never_carries_the_bytes() {
        let err = map_error(keyring::Error::BadEncoding(b"secret\xff".to_vec()));
        assert!(!format!("{err} {err:?}").contains("secret"));
    }

    #[test]
    fn redaction_removes_the_secret_from_details() {
        let err = redact(
            SecretError::Backend {
                detail: "echoed tok-123 back".to_owned(),
            },
            "tok-123",
        );
        assert_eq!(
            err,
            SecretError::Backend {
                detail: format!("echoed {REDACTED} back")
            }
        );
    }

    #[tokio::test]
    async fn empty_secrets_are_refused_before_the_keyring_is_asked() {
        let store = KeyringStore::new("com.clearchecks.desktop.test").unwrap();
        let err = store
            .set_secret("k", &SecretString::new(String::new()))
            .await
            .unwrap_err();
        assert_eq!(err, SecretError::EmptySecret);
    }
}

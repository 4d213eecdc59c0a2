//! The store's encryption key: 32 random bytes, kept in the OS keyring next to the tokens and
//! never in a file. SQLCipher gets it as a raw key (`PRAGMA key = "x'…'"`), so no passphrase
//! derivation runs on open.

use std::fmt;

use clearchecks_core::secrets::{SecretStore, SecretString};
use rand::RngCore;

use crate::error::{StoreError, StoreResult};

/// The keyring entry that holds the key (a dotted name, so it never looks like an account id).
pub const KEY_ENTRY: &str = "store.database-key";

const KEY_BYTES: usize = 32;

/// A store key. `Debug` prints `<redacted>`; the bytes leave this type only as the SQL that
/// keys a connection.
#[derive(Clone, PartialEq, Eq)]
pub struct StoreKey([u8; KEY_BYTES]);

impl StoreKey {
    /// A fresh random key from the OS generator.
    pub fn generate() -> Self {
        let mut bytes = [0u8; KEY_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// The key as it is kept in the keyring: 64 lowercase hex digits.
    fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Parses 64 hex digits (how the keyring keeps the key; tests and tools that hold a key
    /// outside the keyring use it too). `None` for anything else.
    pub fn from_hex(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.len() != KEY_BYTES * 2 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut bytes = [0u8; KEY_BYTES];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).ok()?;
        }
        Some(Self(bytes))
    }

    /// The statement that keys a SQLCipher connection. Only hex digits are interpolated.
    pub(crate) fn pragma(&self) -> String {
        format!("PRAGMA key = \"x'{}'\";", self.to_hex())
    }
}

impl fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(clearchecks_core::token::REDACTED)
    }
}

/// Reads the key from the keyring. `Ok(None)` when there is none yet.
pub async fn read_key(secrets: &dyn SecretStore) -> StoreResult<Option<StoreKey>> {
    match secrets.get_secret(KEY_ENTRY).await? {
        None => Ok(None),
        Some(secret) => StoreKey::from_hex(secret.expose_secret())
            .map(Some)
            .ok_or_else(|| StoreError::Keyring {
                detail: "the stored value is not a 32-byte key".to_owned(),
            }),
    }
}

/// Generates a key, stores it, and reads it back (so a keyring that silently drops writes is
/// caught here, before a file is encrypted with a key nobody can find again).
pub async fn create_key(secrets: &dyn SecretStore) -> StoreResult<StoreKey> {
    let key = StoreKey::generate();
    secrets
        .set_secret(KEY_ENTRY, &SecretString::new(key.to_hex()))
        .await?;
    match read_key(secrets).await? {
        Some(stored) if stored == key => Ok(key),
        _ => Err(StoreError::Keyring {
            detail: "the key just written could not be read back".to_owned(),
        }),
    }
}

/// Forgets the key (after the database files are deleted).
pub async fn delete_key(secrets: &dyn SecretStore) -> StoreResult<()> {
    Ok(secrets.delete_secret(KEY_ENTRY).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clearchecks_core::secrets::MemoryStore;

    #[test]
    fn hex_round_trip_and_never_printed() {
        let key = StoreKey::generate();
        assert_eq!(StoreKey::from_hex(&key.to_hex()), Some(key.clone()));
        assert_ne!(key, StoreKey::generate());
        assert_eq!(format!("{key:?}"), "<redacted>");
        assert!(StoreKey::from_hex("abc").is_none());
        assert!(StoreKey::from_hex(&"zz".repeat(32)).is_none());
    }

    #[tokio::test]
    async fn created_once_then_read_back() {
        let secrets = MemoryStore::new();
        assert_eq!(read_key(&secrets).await.unwrap(), None);
        let key = create_key(&secrets).await.unwrap();
        assert_eq!(read_key(&secrets).await.unwrap(), Some(key));
        delete_key(&secrets).await.unwrap();
        assert_eq!(read_key(&secrets).await.unwrap(), None);
    }

    #[tokio::test]
    async fn a_value_that_is_not_a_key_is_a_typed_error() {
        let secrets = MemoryStore::new();
        secrets
            .set_secret(KEY_ENTRY, &SecretString::new("not-a-key".into()))
            .await
            .unwrap();
        assert!(matches!(
            read_key(&secrets).await,
            Err(StoreError::Keyring { .. })
        ));
    }
}

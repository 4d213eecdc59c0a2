//! Why the store could not be opened, read or written. Never carries the key or a row's data.

use clearchecks_core::secrets::{unavailable_hint, SecretError};

/// A store failure the app can act on. Each variant says what happened and what to do; the
/// detail is SQLite's or the OS's own reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// No usable OS keyring: the encrypted store is not created, nothing is written to disk.
    /// The app keeps orders in memory only ([`crate::OrderStore::in_memory`]).
    #[error("The system keyring is not available ({detail}), so saved orders cannot be encrypted. Orders are kept in memory only until the keyring is back. {}", unavailable_hint())]
    KeyringUnavailable { detail: String },
    /// The keyring answered, but refused or returned something that is not a store key.
    #[error("The store key in the system keyring cannot be used ({detail}). Delete the saved orders to start a new store; they are downloaded again.")]
    Keyring { detail: String },
    /// The database file exists but its key is not in the keyring (the keyring was reset or
    /// the file was copied from another computer). The rows are unreadable; nothing is lost on
    /// the server.
    #[error("The saved orders were encrypted with a key that is no longer in the system keyring. Delete the saved orders to start again; they are downloaded again from ClearChecks.")]
    KeyMissing,
    /// The key in the keyring does not open the database (or its first page is damaged:
    /// SQLCipher cannot tell the two apart).
    #[error("The saved orders cannot be opened with the key in the system keyring (wrong key or a damaged file). Delete the saved orders to start again; they are downloaded again from ClearChecks.")]
    WrongKey,
    /// The file opened but its content is damaged, or it is not an encrypted store at all.
    #[error("The saved orders are damaged ({detail}). Delete the saved orders to start again; they are downloaded again from ClearChecks.")]
    Corrupt { detail: String },
    /// The file was written by a newer version of ClearChecks Desktop.
    #[error("The saved orders were written by a newer version of ClearChecks Desktop (schema {found}, this version reads up to {supported}). Update the app, or delete the saved orders.")]
    TooNew { found: u32, supported: u32 },
    /// The disk refused: permissions, a full disk, a missing directory.
    #[error("The saved orders could not be read or written ({detail}). Check the disk has space and the data folder is writable.")]
    Io { detail: String },
    /// Any other SQLite failure.
    #[error("The local store failed ({detail}).")]
    Database { detail: String },
}

impl From<std::io::Error> for StoreError {
    fn from(err: std::io::Error) -> Self {
        Self::Io {
            detail: err.to_string(),
        }
    }
}

impl From<SecretError> for StoreError {
    fn from(err: SecretError) -> Self {
        match err {
            SecretError::KeyringUnavailable { detail } => Self::KeyringUnavailable { detail },
            SecretError::EmptySecret => Self::Keyring {
                detail: "an empty key".to_owned(),
            },
            SecretError::Corrupt { detail } | SecretError::Backend { detail } => {
                Self::Keyring { detail }
            }
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match &err {
            rusqlite::Error::SqliteFailure(code, message) => {
                let detail = message.clone().unwrap_or_else(|| code.to_string());
                match code.code {
                    ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => {
                        Self::Corrupt { detail }
                    }
                    ErrorCode::SystemIoFailure
                    | ErrorCode::CannotOpen
                    | ErrorCode::DiskFull
                    | ErrorCode::ReadOnly
                    | ErrorCode::PermissionDenied => Self::Io { detail },
                    _ => Self::Database { detail },
                }
            }
            _ => Self::Database {
                detail: err.to_string(),
            },
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyring_unavailable_says_orders_stay_in_memory() {
        let err: StoreError = SecretError::KeyringUnavailable {
            detail: "org.freedesktop.secrets was not provided".into(),
        }
        .into();
        assert!(matches!(err, StoreError::KeyringUnavailable { .. }));
        let text = err.to_string();
        assert!(text.contains("kept in memory only"), "{text}");
        assert!(text.contains("org.freedesktop.secrets"), "{text}");
    }

    #[test]
    fn sqlite_codes_map_to_kinds() {
        let corrupt = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            Some("database disk image is malformed".into()),
        );
        assert_eq!(
            StoreError::from(corrupt),
            StoreError::Corrupt {
                detail: "database disk image is malformed".into()
            }
        );
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        assert!(matches!(StoreError::from(full), StoreError::Io { .. }));
    }
}

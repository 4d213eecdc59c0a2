//! The local store of ClearChecks Desktop: one embedded SQLite database per installation,
//! encrypted at rest with SQLCipher, holding every connected account's orders so the orders
//! screen paints before any request and the sync only fetches what changed.
//!
//! - [`OrderStore::open`] — the encrypted file; its 32-byte random key is created on first use
//!   and kept in the OS keyring ([`key::KEY_ENTRY`]), never in a file. No keyring: a typed
//!   [`StoreError::KeyringUnavailable`], nothing written to disk;
//!   [`OrderStore::open_or_in_memory`] then hands back an [`OrderStore::in_memory`] store.
//! - [`OrderStore::open_demo`] — an unencrypted file for demo data only.
//! - What is kept: see [`schema`] (list fields, status, component letters, dates, stamps) —
//!   no report JSON, no PDFs, no invite URLs.
//! - Crash safety: WAL with `synchronous = FULL`; every write is one transaction.
//!
//! No Tauri here: the app, the CLI and the tests all drive the same code.

mod error;
mod files;
pub mod key;
mod open;
mod order;
mod rows;
pub mod schema;
mod store;
mod sync_state;

pub use error::{StoreError, StoreResult};
pub use files::{DB_FILE, DEMO_DB_FILE};
pub use key::StoreKey;
pub use open::Opened;
pub use order::{search_text, ChangeSet, ListedOrder, OrderChange, StatusCheck, StoredOrder};
pub use store::{OrderStore, Persistence, Scope};
pub use sync_state::{HeadMarker, SyncState};

/// Where an installation keeps its store: `store/` in the data directory that holds
/// `accounts.json`, so the app and the CLI open the same file.
pub fn store_dir(data_dir: &std::path::Path) -> std::path::PathBuf {
    data_dir.join("store")
}

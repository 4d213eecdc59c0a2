//! The local registry of connected accounts, shared by the desktop app and the `clearchecks` CLI.
//!
//! - [`Identity`] says which build this is (release or dev bundle identifier), where its data
//!   lives and which keyring service holds its tokens, so a dev build never touches the
//!   production accounts;
//! - [`AccountRegistry`] is the list of [`AccountProfile`]s plus the active one, with the rules
//!   (case-insensitive unique labels, lookup by id or label);
//! - [`ProfileStore`] keeps it in `accounts.json` in the data directory: atomic replace, and a
//!   lock file so the app and the CLI can both read-modify-write without losing each other's
//!   changes.
//!
//! **No secret is ever written here.** Tokens live in the keyring (see [`crate::secrets`]),
//! keyed by the profile id; `AccountProfile` has no field that could hold one.

mod identity;
mod registry;
mod store;

use std::path::PathBuf;

pub use identity::{Identity, ENV_OVERRIDES};
pub use registry::{AccountProfile, AccountRegistry, ProfileEnvironment, MAX_LABEL_CHARS};
pub use store::{ProfileStore, ACCOUNTS_FILE, FORMAT_VERSION};

/// Why the account registry could not be read, changed or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("Could not find your user data folder. Check that your home folder is set (HOME, or XDG_DATA_HOME on Linux).")]
    NoDataDir,
    #[error("Could not use {}: {detail}", path.display())]
    Io { path: PathBuf, detail: String },
    #[error("{} is damaged ({detail}). Move it aside and add your accounts again.", path.display())]
    Corrupt { path: PathBuf, detail: String },
    #[error("{} was written by a newer ClearChecks Desktop (format {version}). Update this program.", path.display())]
    NewerFormat { path: PathBuf, version: u32 },
    #[error("An account named \"{label}\" already exists. Choose another name.")]
    DuplicateLabel { label: String },
    #[error("An account with id {id} already exists.")]
    DuplicateId { id: String },
    #[error("That account name can't be used: {reason}")]
    InvalidLabel { reason: String },
    #[error("No account named \"{name}\". Run `clearchecks accounts list` or open Accounts to see the names.")]
    NotFound { name: String },
    #[error("The ClearChecks address is not usable: {reason}")]
    InvalidEnvironment { reason: String },
}

//! The list of connected accounts and the rules on it (pure data; no file access here).

use chrono::{DateTime, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::ProfileError;
use crate::environment::Environment;

/// Longest account label, in characters.
pub const MAX_LABEL_CHARS: usize = 64;

/// Which installation an account belongs to, as stored on disk.
///
/// Kept separate from [`Environment`] (the client's type) so the file format does not change
/// when the client's does. `Demo` accounts talk to the embedded simulator; they exist for one
/// session and are never written to disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ProfileEnvironment {
    Sandbox,
    Production,
    #[serde(rename_all = "camelCase")]
    Custom {
        base_url: String,
    },
    Demo,
}

impl ProfileEnvironment {
    /// The stored form of a client environment (a custom base URL is already validated).
    pub fn from_environment(environment: &Environment) -> Self {
        match environment {
            Environment::Sandbox => Self::Sandbox,
            Environment::Production => Self::Production,
            Environment::Custom { base_url } => Self::Custom {
                base_url: base_url.as_str().trim_end_matches('/').to_owned(),
            },
        }
    }

    /// The client environment; `None` for a demo account, whose simulator address is only
    /// known to the running app.
    pub fn to_environment(&self) -> Result<Option<Environment>, ProfileError> {
        match self {
            Self::Sandbox => Ok(Some(Environment::Sandbox)),
            Self::Production => Ok(Some(Environment::Production)),
            Self::Custom { base_url } => Environment::custom(base_url).map(Some).map_err(|err| {
                ProfileError::InvalidEnvironment {
                    reason: err.to_string(),
                }
            }),
            Self::Demo => Ok(None),
        }
    }

    /// `sandbox`, `production`, `custom` or `demo` (the IPC `EnvironmentKind`).
    pub fn kind_str(&self) -> &'static str {
        match self {
            Self::Sandbox => "sandbox",
            Self::Production => "production",
            Self::Custom { .. } => "custom",
            Self::Demo => "demo",
        }
    }

    /// The custom API base, when there is one.
    pub fn base_url(&self) -> Option<&str> {
        match self {
            Self::Custom { base_url } => Some(base_url),
            _ => None,
        }
    }

    pub fn is_demo(&self) -> bool {
        matches!(self, Self::Demo)
    }
}

/// One connected account. Its API token is in the keyring under `id`, never here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountProfile {
    /// Random, stable, UUID-formatted; the keyring entry's user name.
    pub id: String,
    /// The name the user gave it; unique, compared case-insensitively.
    pub label: String,
    pub environment: ProfileEnvironment,
    /// From `GET /accounts` when the account was connected, for display.
    #[serde(default)]
    pub company_name: Option<String>,
    pub added_at: DateTime<Utc>,
}

impl AccountProfile {
    /// A new profile with a fresh random id, added now. Nothing is checked or saved yet.
    pub fn new(label: &str, environment: ProfileEnvironment, company_name: Option<String>) -> Self {
        Self {
            id: new_account_id(),
            label: label.trim().to_owned(),
            environment,
            company_name: company_name.filter(|name| !name.trim().is_empty()),
            added_at: Utc::now(),
        }
    }
}

/// All connected accounts and which one is active.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountRegistry {
    accounts: Vec<AccountProfile>,
    active_id: Option<String>,
}

impl AccountRegistry {
    /// A registry from stored parts; an `active_id` that names no account is dropped.
    pub fn from_parts(accounts: Vec<AccountProfile>, active_id: Option<String>) -> Self {
        let active_id = active_id.filter(|id| accounts.iter().any(|a| &a.id == id));
        Self {
            accounts,
            active_id,
        }
    }

    /// Accounts in the order they were added.
    pub fn accounts(&self) -> &[AccountProfile] {
        &self.accounts
    }

    pub fn active_id(&self) -> Option<&str> {
        self.active_id.as_deref()
    }

    pub fn active(&self) -> Option<&AccountProfile> {
        self.active_id.as_deref().and_then(|id| self.by_id(id))
    }

    pub fn by_id(&self, id: &str) -> Option<&AccountProfile> {
        self.accounts.iter().find(|a| a.id == id)
    }

    /// Case-insensitive, ignoring surrounding spaces.
    pub fn by_label(&self, label: &str) -> Option<&AccountProfile> {
        let wanted = label_key(label);
        self.accounts.iter().find(|a| label_key(&a.label) == wanted)
    }

    /// By id first, then by label — what a user types after `--account`.
    pub fn find(&self, id_or_label: &str) -> Result<&AccountProfile, ProfileError> {
        self.by_id(id_or_label.trim())
            .or_else(|| self.by_label(id_or_label))
            .ok_or_else(|| ProfileError::NotFound {
                name: id_or_label.trim().to_owned(),
            })
    }

    /// Adds a new account with a fresh id (see [`AccountProfile::new`] and
    /// [`AccountRegistry::insert`]).
    pub fn add(
        &mut self,
        label: &str,
        environment: ProfileEnvironment,
        company_name: Option<String>,
    ) -> Result<AccountProfile, ProfileError> {
        self.insert(AccountProfile::new(label, environment, company_name))
    }

    /// Adds a profile built beforehand — e.g. so its token can be stored in the keyring under
    /// its id *before* the profile is saved, and no saved profile ever lacks its token. The
    /// label is trimmed and checked; the id must be new. The first account becomes active.
    pub fn insert(&mut self, mut profile: AccountProfile) -> Result<AccountProfile, ProfileError> {
        profile.label = self.check_label(&profile.label, None)?;
        if self.by_id(&profile.id).is_some() {
            return Err(ProfileError::DuplicateId {
                id: profile.id.clone(),
            });
        }
        self.accounts.push(profile.clone());
        if self.active_id.is_none() {
            self.active_id = Some(profile.id.clone());
        }
        Ok(profile)
    }

    pub fn rename(&mut self, id: &str, label: &str) -> Result<AccountProfile, ProfileError> {
        let label = self.check_label(label, Some(id))?;
        let profile = self.by_id_mut(id)?;
        profile.label = label;
        Ok(profile.clone())
    }

    pub fn set_company_name(
        &mut self,
        id: &str,
        company_name: Option<String>,
    ) -> Result<AccountProfile, ProfileError> {
        let profile = self.by_id_mut(id)?;
        profile.company_name = company_name.filter(|name| !name.trim().is_empty());
        Ok(profile.clone())
    }

    /// Removes an account. When it was active, the first remaining account becomes active.
    pub fn remove(&mut self, id: &str) -> Result<AccountProfile, ProfileError> {
        let index = self
            .accounts
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| not_found(id))?;
        let removed = self.accounts.remove(index);
        if self.active_id.as_deref() == Some(id) {
            self.active_id = self.accounts.first().map(|a| a.id.clone());
        }
        Ok(removed)
    }

    pub fn set_active(&mut self, id: &str) -> Result<(), ProfileError> {
        self.by_id(id).ok_or_else(|| not_found(id))?;
        self.active_id = Some(id.to_owned());
        Ok(())
    }

    /// The accounts that belong on disk (no demo accounts), and the active id if it is one of
    /// them.
    pub(super) fn persistent_parts(&self) -> (Vec<&AccountProfile>, Option<&str>) {
        let accounts: Vec<&AccountProfile> = self
            .accounts
            .iter()
            .filter(|a| !a.environment.is_demo())
            .collect();
        let active = self
            .active_id
            .as_deref()
            .filter(|id| accounts.iter().any(|a| a.id == *id));
        (accounts, active)
    }

    fn by_id_mut(&mut self, id: &str) -> Result<&mut AccountProfile, ProfileError> {
        self.accounts
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or_else(|| not_found(id))
    }

    /// A trimmed, valid label that no *other* account uses.
    fn check_label(&self, label: &str, own_id: Option<&str>) -> Result<String, ProfileError> {
        let label = label.trim();
        let invalid = |reason: &str| ProfileError::InvalidLabel {
            reason: reason.to_owned(),
        };
        if label.is_empty() {
            return Err(invalid("it is empty"));
        }
        if label.chars().count() > MAX_LABEL_CHARS {
            return Err(invalid("it is longer than 64 characters"));
        }
        if label.chars().any(char::is_control) {
            return Err(invalid("it contains control characters"));
        }
        match self.by_label(label) {
            Some(existing) if Some(existing.id.as_str()) != own_id => {
                Err(ProfileError::DuplicateLabel {
                    label: label.to_owned(),
                })
            }
            _ => Ok(label.to_owned()),
        }
    }
}

fn label_key(label: &str) -> String {
    label.trim().to_lowercase()
}

fn not_found(id: &str) -> ProfileError {
    ProfileError::NotFound {
        name: id.to_owned(),
    }
}

/// A random (version 4) UUID in its usual text form.
fn new_account_id() -> String {
    let mut bytes: [u8; 16] = rand::thread_rng().gen();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests;

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
mod tests {
    use super::*;

    fn registry_with(labels: &[&str]) -> AccountRegistry {
        let mut registry = AccountRegistry::default();
        for label in labels {
            registry
                .add(label, ProfileEnvironment::Sandbox, None)
                .unwrap();
        }
        registry
    }

    #[test]
    fn ids_are_random_v4_uuids() {
        let a = new_account_id();
        let b = new_account_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!("89ab".contains(&a[19..20]));
        assert!(a
            .chars()
            .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }

    #[test]
    fn labels_are_unique_case_insensitively() {
        let mut registry = registry_with(&["Acme HR"]);
        let err = registry
            .add("  acme hr ", ProfileEnvironment::Production, None)
            .unwrap_err();
        assert_eq!(
            err,
            ProfileError::DuplicateLabel {
                label: "acme hr".into()
            }
        );
    }

    #[test]
    fn refuses_bad_labels() {
        let mut registry = AccountRegistry::default();
        for bad in ["", "   ", "tab\there", &"x".repeat(65)] {
            assert!(
                matches!(
                    registry.add(bad, ProfileEnvironment::Sandbox, None),
                    Err(ProfileError::InvalidLabel { .. })
                ),
                "{bad:?}"
            );
        }
        assert!(registry
            .add(&"é".repeat(64), ProfileEnvironment::Sandbox, None)
            .is_ok());
    }

    #[test]
    fn finds_by_id_or_label() {
        let registry = registry_with(&["Acme HR", "Beta"]);
        let beta = registry.accounts()[1].clone();
        assert_eq!(registry.find(&beta.id).unwrap(), &beta);
        assert_eq!(registry.find(" BETA ").unwrap(), &beta);
        assert_eq!(
            registry.find("gamma"),
            Err(ProfileError::NotFound {
                name: "gamma".into()
            })
        );
    }

    #[test]
    fn the_first_account_becomes_active_and_removal_moves_it() {
        let mut registry = registry_with(&["One", "Two", "Three"]);
        let ids: Vec<String> = registry.accounts().iter().map(|a| a.id.clone()).collect();
        assert_eq!(registry.active_id(), Some(ids[0].as_str()));
        registry.set_active(&ids[2]).unwrap();
        registry.remove(&ids[1]).unwrap();
        assert_eq!(registry.active().unwrap().label, "Three");
        registry.remove(&ids[2]).unwrap();
        assert_eq!(registry.active().unwrap().label, "One");
        registry.remove(&ids[0]).unwrap();
        assert_eq!(registry.active(), None);
        assert!(registry.remove(&ids[0]).is_err());
        assert!(registry.set_active(&ids[0]).is_err());
    }

    #[test]
    fn rename_keeps_own_label_but_not_others() {
        let mut registry = registry_with(&["One", "Two"]);
        let one = registry.accounts()[0].id.clone();
        assert_eq!(registry.rename(&one, "ONE").unwrap().label, "ONE");
        assert!(matches!(
            registry.rename(&one, "two"),
            Err(ProfileError::DuplicateLabel { .. })
        ));
    }

    #[test]
    fn environments_convert_both_ways() {
        let custom = Environment::custom("http://127.0.0.1:9000/api/").unwrap();
        let stored = ProfileEnvironment::from_environment(&custom);
        assert_eq!(
            stored,
            ProfileEnvironment::Custom {
                base_url: "http://127.0.0.1:9000/api".into()
            }
        );
        assert_eq!(stored.to_environment().unwrap(), Some(custom));
        assert_eq!(stored.kind_str(), "custom");
        assert_eq!(
            ProfileEnvironment::Sandbox.to_environment().unwrap(),
            Some(Environment::Sandbox)
        );
        assert_eq!(ProfileEnvironment::Demo.to_environment().unwrap(), None);
        let broken = ProfileEnvironment::Custom {
            base_url: "http://example.com/api".into(),
        };
        assert!(matches!(
            broken.to_environment(),
            Err(ProfileError::InvalidEnvironment { .. })
        ));
    }

    #[test]
    fn demo_accounts_are_not_persistent() {
        let mut registry = registry_with(&["Real"]);
        let demo = registry
            .add("Demo", ProfileEnvironment::Demo, None)
            .unwrap();
        registry.set_active(&demo.id).unwrap();
        let (accounts, active) = registry.persistent_parts();
        assert_eq!(accounts.len(), 1);
        assert_eq!(accounts[0].label, "Real");
        assert_eq!(active, None);
    }

    #[test]
    fn insert_checks_label_and_id() {
        let mut registry = registry_with(&["One"]);
        let profile = AccountProfile::new(" Two ", ProfileEnvironment::Production, None);
        let inserted = registry.insert(profile.clone()).unwrap();
        assert_eq!(inserted.label, "Two");
        assert_eq!(registry.by_id(&profile.id).unwrap().label, "Two");
        assert!(registry.insert(profile).is_err(), "same id twice");
        let clash = AccountProfile::new("one", ProfileEnvironment::Sandbox, None);
        assert!(matches!(
            registry.insert(clash),
            Err(ProfileError::DuplicateLabel { .. })
        ));
    }

    #[test]
    fn a_dangling_active_id_is_dropped() {
        let registry = AccountRegistry::from_parts(Vec::new(), Some("gone".into()));
        assert_eq!(registry.active_id(), None);
    }
}

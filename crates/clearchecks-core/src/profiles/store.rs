//! `accounts.json`: loading, atomic saving and the cross-process lock around changes.
//!
//! Readers need no lock: the file is only ever replaced whole (written to a temporary file in
//! the same folder, flushed, then renamed over the old one), so a reader sees the old or the new
//! version, never half of one. Writers take an exclusive lock on `accounts.json.lock` for the
//! whole read-modify-write, so the app and the CLI never lose each other's changes. The lock
//! file is never deleted (deleting it would let two writers lock different files).
//!
//! These calls block on file I/O and on the lock; async callers run them on a blocking thread.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use rand::Rng;
use serde::{Deserialize, Serialize};

use super::registry::{AccountProfile, AccountRegistry};
use super::{Identity, ProfileError};

/// The registry's file name inside the data directory.
pub const ACCOUNTS_FILE: &str = "accounts.json";
/// The format this version writes; files with a higher version are refused, not overwritten.
pub const FORMAT_VERSION: u32 = 1;
const LOCK_FILE: &str = "accounts.json.lock";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StoredFile<'a> {
    version: u32,
    accounts: Vec<&'a AccountProfile>,
    active_id: Option<&'a str>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LoadedFile {
    version: u32,
    #[serde(default)]
    accounts: Vec<AccountProfile>,
    #[serde(default)]
    active_id: Option<String>,
}

/// The account registry on disk, in one data directory.
#[derive(Debug, Clone)]
pub struct ProfileStore {
    dir: PathBuf,
}

impl ProfileStore {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: data_dir.into(),
        }
    }

    pub fn for_identity(identity: &Identity) -> Self {
        Self::new(&identity.data_dir)
    }

    /// Where the registry is stored.
    pub fn path(&self) -> PathBuf {
        self.dir.join(ACCOUNTS_FILE)
    }

    /// Reads the registry; a missing file is an empty registry.
    pub fn load(&self) -> Result<AccountRegistry, ProfileError> {
        let path = self.path();
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == ErrorKind::NotFound => return Ok(AccountRegistry::default()),
            Err(err) => return Err(io_error(&path, &err)),
        };
        let loaded: LoadedFile =
            serde_json::from_str(&text).map_err(|err| ProfileError::Corrupt {
                path: path.clone(),
                detail: err.to_string(),
            })?;
        if loaded.version > FORMAT_VERSION {
            return Err(ProfileError::NewerFormat {
                path,
                version: loaded.version,
            });
        }
        Ok(AccountRegistry::from_parts(
            loaded.accounts,
            loaded.active_id,
        ))
    }

    /// Loads the registry under the cross-process lock, applies `change`, and saves the result
    /// when `change` succeeds. Nothing is written when it fails, or when the file on disk
    /// cannot be read (a damaged or newer file is never overwritten).
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut AccountRegistry) -> Result<T, ProfileError>,
    ) -> Result<T, ProfileError> {
        crate::private_files::create_dir_all(&self.dir).map_err(|err| io_error(&self.dir, &err))?;
        let lock_path = self.dir.join(LOCK_FILE);
        let lock_file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&lock_path)
            .map_err(|err| io_error(&lock_path, &err))?;
        let mut lock = fd_lock::RwLock::new(lock_file);
        let _guard = lock.write().map_err(|err| io_error(&lock_path, &err))?;
        let mut registry = self.load()?;
        let outcome = change(&mut registry)?;
        self.save(&registry)?;
        Ok(outcome)
    }

    /// Replaces the file atomically. Call only under the lock (see [`ProfileStore::update`]).
    fn save(&self, registry: &AccountRegistry) -> Result<(), ProfileError> {
        let path = self.path();
        let json = to_json(registry);
        let temp = self.dir.join(format!(
            ".{ACCOUNTS_FILE}.{}.{:08x}.tmp",
            std::process::id(),
            rand::thread_rng().gen::<u32>()
        ));
        let written =
            write_new_file(&temp, json.as_bytes()).and_then(|()| fs::rename(&temp, &path));
        if let Err(err) = written {
            let _ = fs::remove_file(&temp);
            return Err(io_error(&path, &err));
        }
        sync_dir(&self.dir);
        Ok(())
    }
}

/// The file's JSON text: no demo accounts, pretty-printed for people who open it.
pub(super) fn to_json(registry: &AccountRegistry) -> String {
    let (accounts, active_id) = registry.persistent_parts();
    let file = StoredFile {
        version: FORMAT_VERSION,
        accounts,
        active_id,
    };
    let mut json = serde_json::to_string_pretty(&file).expect("profiles serialize to JSON");
    json.push('\n');
    json
}

fn write_new_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    // The file holds no secret, but account names and companies are nobody else's business.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// Makes the rename durable on Unix; elsewhere (and on failure) there is nothing to do.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn io_error(path: &Path, err: &std::io::Error) -> ProfileError {
    ProfileError::Io {
        path: path.to_owned(),
        detail: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::Arc;

    use super::*;
    use crate::profiles::ProfileEnvironment;

    fn store() -> (tempfile::TempDir, ProfileStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::new(dir.path().join("data"));
        (dir, store)
    }

    fn keys(value: &serde_json::Value) -> BTreeSet<String> {
        value.as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn a_missing_file_is_an_empty_registry() {
        let (_dir, store) = store();
        assert_eq!(store.load().unwrap(), AccountRegistry::default());
    }

    #[test]
    fn changes_are_saved_and_reloaded() {
        let (_dir, store) = store();
        let added = store
            .update(|r| {
                r.add(
                    "Acme",
                    ProfileEnvironment::Production,
                    Some("Acme LLC".into()),
                )
            })
            .unwrap();
        let custom = ProfileEnvironment::Custom {
            base_url: "http://127.0.0.1:8123/api".into(),
        };
        store
            .update(|r| r.add("Local", custom.clone(), None))
            .unwrap();
        let loaded = store.load().unwrap();
        assert_eq!(loaded.accounts().len(), 2);
        assert_eq!(loaded.by_id(&added.id), Some(&added));
        assert_eq!(loaded.by_label("local").unwrap().environment, custom);
        assert_eq!(loaded.active_id(), Some(added.id.as_str()));
    }

    #[test]
    fn the_file_has_no_place_for_a_secret() {
        let mut registry = AccountRegistry::default();
        registry
            .add("Acme", ProfileEnvironment::Sandbox, Some("Acme LLC".into()))
            .unwrap();
        registry
            .add(
                "Twin",
                ProfileEnvironment::Custom {
                    base_url: "https://app.backgroundchecks.com/api".into(),
                },
                None,
            )
            .unwrap();
        let json: serde_json::Value = serde_json::from_str(&to_json(&registry)).unwrap();
        assert_eq!(
            keys(&json),
            ["accounts", "activeId", "version"].map(String::from).into()
        );
        for account in json["accounts"].as_array().unwrap() {
            assert_eq!(
                keys(account),
                ["addedAt", "companyName", "environment", "id", "label"]
                    .map(String::from)
                    .into()
            );
            let environment_keys = keys(&account["environment"]);
            assert!(environment_keys
                .iter()
                .all(|k| k == "kind" || k == "baseUrl"));
        }
        let text = to_json(&registry).to_lowercase();
        for word in ["token", "secret", "private", "password", "key\""] {
            assert!(!text.contains(word), "{word} in {text}");
        }
    }

    #[test]
    fn the_format_is_stable() {
        let json = r#"{
          "version": 1,
          "accounts": [{
            "id": "0b7c6a52-7a43-4d55-9a55-7c1d2b8f4e10",
            "label": "Acme",
            "environment": { "kind": "custom", "baseUrl": "http://127.0.0.1:1/api" },
            "companyName": null,
            "addedAt": "2026-01-02T03:04:05Z"
          }],
          "activeId": "0b7c6a52-7a43-4d55-9a55-7c1d2b8f4e10"
        }"#;
        let (_dir, store) = store();
        fs::create_dir_all(&store.dir).unwrap();
        fs::write(store.path(), json).unwrap();
        let loaded = store.load().unwrap();
        assert_eq!(loaded.active().unwrap().label, "Acme");
        assert_eq!(
            loaded.accounts()[0].environment.base_url(),
            Some("http://127.0.0.1:1/api")
        );
    }

    #[test]
    fn demo_accounts_are_never_written() {
        let (_dir, store) = store();
        store
            .update(|r| r.add("Demo", ProfileEnvironment::Demo, None))
            .unwrap();
        assert!(store.load().unwrap().accounts().is_empty());
        let text = fs::read_to_string(store.path()).unwrap();
        assert!(!text.contains("Demo"));
    }

    #[test]
    fn a_failed_change_writes_nothing() {
        let (_dir, store) = store();
        store
            .update(|r| r.add("One", ProfileEnvironment::Sandbox, None))
            .unwrap();
        let before = fs::read_to_string(store.path()).unwrap();
        let err = store
            .update(|r| {
                r.add("Two", ProfileEnvironment::Sandbox, None)?;
                r.add("one", ProfileEnvironment::Sandbox, None)
            })
            .unwrap_err();
        assert!(matches!(err, ProfileError::DuplicateLabel { .. }));
        assert_eq!(fs::read_to_string(store.path()).unwrap(), before);
    }

    #[test]
    fn damaged_and_newer_files_are_refused_and_kept() {
        let (_dir, store) = store();
        fs::create_dir_all(&store.dir).unwrap();
        for (contents, newer) in [
            ("{ not json", false),
            (r#"{"version": 2, "accounts": []}"#, true),
        ] {
            fs::write(store.path(), contents).unwrap();
            let err = store
                .update(|r| r.add("X", ProfileEnvironment::Sandbox, None))
                .unwrap_err();
            if newer {
                assert!(matches!(err, ProfileError::NewerFormat { version: 2, .. }));
            } else {
                assert!(matches!(err, ProfileError::Corrupt { .. }));
            }
            assert_eq!(fs::read_to_string(store.path()).unwrap(), contents);
        }
    }

    #[test]
    fn concurrent_writers_do_not_lose_changes() {
        let (_dir, store) = store();
        let store = Arc::new(store);
        let writers: Vec<_> = (0..8)
            .map(|i| {
                // A separate store value per thread, as a separate process would have.
                let store = ProfileStore::new(store.dir.clone());
                std::thread::spawn(move || {
                    for j in 0..5 {
                        store
                            .update(|r| {
                                r.add(&format!("acct-{i}-{j}"), ProfileEnvironment::Sandbox, None)
                            })
                            .unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        assert_eq!(store.load().unwrap().accounts().len(), 40);
        // No temporary files are left behind.
        let leftovers: Vec<_> = fs::read_dir(&store.dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_to_the_user() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, store) = store();
        store
            .update(|r| r.add("One", ProfileEnvironment::Sandbox, None))
            .unwrap();
        let mode = fs::metadata(store.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

//! Which build is running, and therefore where its data and secrets live.

use std::path::{Path, PathBuf};

use super::ProfileError;

/// Overrides the data directory (tests only: see [`ENV_OVERRIDES`]).
pub const DATA_DIR_ENV: &str = "CLEARCHECKS_DATA_DIR";
/// Overrides the keyring service name (tests use a throw-away one; see [`ENV_OVERRIDES`]).
pub const KEYRING_SERVICE_ENV: &str = "CLEARCHECKS_KEYRING_SERVICE";

/// Whether this build obeys [`DATA_DIR_ENV`] and [`KEYRING_SERVICE_ENV`]: debug builds (the
/// CLI's and the app's tests) and builds with the `test-hooks` feature. A release build reads
/// neither, so nobody can point a shipped CLI at another data directory or keychain entry
/// through its environment (the same rule as the desktop app's `test_hooks`).
pub const ENV_OVERRIDES: bool = cfg!(any(debug_assertions, feature = "test-hooks"));

/// The identity of a build: its bundle identifier, its keyring service and its data directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The bundle identifier, e.g. `com.clearchecks.desktop`.
    pub identifier: String,
    /// The keyring service name tokens are stored under (the identifier unless overridden).
    pub keyring_service: String,
    /// Where `accounts.json` and the app's other files live.
    pub data_dir: PathBuf,
}

impl Identity {
    pub const RELEASE_IDENTIFIER: &'static str = "com.clearchecks.desktop";
    pub const DEV_IDENTIFIER: &'static str = "com.clearchecks.desktop.dev";

    /// The release build's identity (with environment overrides applied).
    pub fn release() -> Result<Self, ProfileError> {
        Self::for_identifier(Self::RELEASE_IDENTIFIER)
    }

    /// The dev build's identity (with environment overrides applied).
    pub fn dev() -> Result<Self, ProfileError> {
        Self::for_identifier(Self::DEV_IDENTIFIER)
    }

    /// `dev()` in debug builds, `release()` in release builds — the same choice the desktop
    /// app's bundle identifier makes, so a debug CLI sees the debug app's accounts.
    pub fn for_build() -> Result<Self, ProfileError> {
        if cfg!(debug_assertions) {
            Self::dev()
        } else {
            Self::release()
        }
    }

    /// The identity for `identifier`: the data directory is the platform data directory joined
    /// with the identifier (what Tauri's `app_data_dir` gives: `$XDG_DATA_HOME/<id>` or
    /// `~/.local/share/<id>` on Linux, `~/Library/Application Support/<id>` on macOS,
    /// `%APPDATA%\<id>` on Windows). In builds that obey test overrides ([`ENV_OVERRIDES`]),
    /// `CLEARCHECKS_DATA_DIR` and `CLEARCHECKS_KEYRING_SERVICE` override the directory and the
    /// service name.
    pub fn for_identifier(identifier: &str) -> Result<Self, ProfileError> {
        Self::resolve(
            identifier,
            override_env(ENV_OVERRIDES, DATA_DIR_ENV).map(PathBuf::from),
            override_env(ENV_OVERRIDES, KEYRING_SERVICE_ENV),
            dirs::data_dir(),
        )
    }

    /// The rules of [`Identity::for_identifier`], without reading the process environment.
    fn resolve(
        identifier: &str,
        data_dir_override: Option<PathBuf>,
        service_override: Option<String>,
        platform_data_dir: Option<PathBuf>,
    ) -> Result<Self, ProfileError> {
        let data_dir = match data_dir_override {
            Some(dir) => dir,
            None => platform_data_dir
                .ok_or(ProfileError::NoDataDir)?
                .join(identifier),
        };
        Ok(Self {
            identifier: identifier.to_owned(),
            keyring_service: service_override.unwrap_or_else(|| identifier.to_owned()),
            data_dir,
        })
    }

    /// An explicit identity, ignoring the environment (for tests and embedding).
    pub fn from_parts(identifier: &str, keyring_service: &str, data_dir: &Path) -> Self {
        Self {
            identifier: identifier.to_owned(),
            keyring_service: keyring_service.to_owned(),
            data_dir: data_dir.to_owned(),
        }
    }

    /// Whether this is the dev build's identity.
    pub fn is_dev(&self) -> bool {
        self.identifier == Self::DEV_IDENTIFIER
    }
}

/// The variable's value when `enabled` (this build obeys test overrides) and it is set and not
/// blank.
fn override_env(enabled: bool, name: &str) -> Option<String> {
    if !enabled {
        return None;
    }
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_and_release_never_share_a_keyring_service_or_folder() {
        // Built from parts so the test does not depend on the environment it runs in.
        let base = Path::new("/data");
        let release = Identity::from_parts(
            Identity::RELEASE_IDENTIFIER,
            Identity::RELEASE_IDENTIFIER,
            &base.join(Identity::RELEASE_IDENTIFIER),
        );
        let dev = Identity::from_parts(
            Identity::DEV_IDENTIFIER,
            Identity::DEV_IDENTIFIER,
            &base.join(Identity::DEV_IDENTIFIER),
        );
        assert_ne!(release.keyring_service, dev.keyring_service);
        assert_ne!(release.data_dir, dev.data_dir);
        assert!(dev.is_dev());
        assert!(!release.is_dev());
    }

    #[test]
    fn defaults_to_the_platform_data_dir_and_the_identifier_as_service() {
        let identity = Identity::resolve(
            Identity::RELEASE_IDENTIFIER,
            None,
            None,
            Some(PathBuf::from("/home/u/.local/share")),
        )
        .unwrap();
        assert_eq!(
            identity.data_dir,
            Path::new("/home/u/.local/share/com.clearchecks.desktop")
        );
        assert_eq!(identity.keyring_service, "com.clearchecks.desktop");
    }

    #[test]
    fn environment_overrides_win() {
        let identity = Identity::resolve(
            Identity::DEV_IDENTIFIER,
            Some(PathBuf::from("/tmp/test-data")),
            Some("clearchecks-test-123".to_owned()),
            None,
        )
        .unwrap();
        assert_eq!(identity.data_dir, Path::new("/tmp/test-data"));
        assert_eq!(identity.keyring_service, "clearchecks-test-123");
        assert_eq!(identity.identifier, Identity::DEV_IDENTIFIER);
    }

    #[test]
    fn a_build_without_test_overrides_reads_no_override() {
        // PATH is always set: an enabled override sees it, a disabled one must not.
        assert!(override_env(true, "PATH").is_some());
        assert_eq!(override_env(false, "PATH"), None);
        assert_eq!(
            override_env(true, "CLEARCHECKS_SURELY_UNSET_VARIABLE"),
            None
        );
    }

    #[test]
    fn overrides_are_obeyed_exactly_in_debug_and_test_hook_builds() {
        assert_eq!(
            ENV_OVERRIDES,
            cfg!(debug_assertions) || cfg!(feature = "test-hooks")
        );
    }

    #[test]
    fn no_data_dir_is_an_error_that_says_what_to_check() {
        let err = Identity::resolve(Identity::DEV_IDENTIFIER, None, None, None).unwrap_err();
        assert_eq!(err, ProfileError::NoDataDir);
        // A shipped build obeys no CLEARCHECKS_DATA_DIR, so the message must not suggest it.
        assert!(!err.to_string().contains("CLEARCHECKS_DATA_DIR"));
        assert!(err.to_string().contains("home folder"));
    }

    #[test]
    fn for_build_picks_dev_in_debug_builds() {
        let identity = Identity::for_build().expect("a data dir or CLEARCHECKS_DATA_DIR");
        let expected = if cfg!(debug_assertions) {
            Identity::DEV_IDENTIFIER
        } else {
            Identity::RELEASE_IDENTIFIER
        };
        assert_eq!(identity.identifier, expected);
        if !ENV_OVERRIDES || std::env::var_os(DATA_DIR_ENV).is_none() {
            assert!(identity.data_dir.ends_with(expected));
        }
        if !ENV_OVERRIDES || std::env::var_os(KEYRING_SERVICE_ENV).is_none() {
            assert_eq!(identity.keyring_service, expected);
        }
    }
}

//! Environment overrides for the tests: a data directory (`CLEARCHECKS_DATA_DIR`), a keyring
//! service (`CLEARCHECKS_KEYRING_SERVICE`), the e2e save folder (`CLEARCHECKS_E2E_SAVE_DIR`) and
//! WebDriver automation of widget windows (`TAURI_WEBVIEW_AUTOMATION`). They are obeyed only in
//! debug builds and in builds with the `test-hooks` feature, which `build.rs` refuses for a
//! release profile unless the build says it is a test (`CLEARCHECKS_TEST_BUILD=1`). A shipped
//! build reads none of them: nobody can point it at another data directory or keychain entry, or
//! merge widget storage into the main window's, through its environment.

use std::ffi::OsString;

/// Whether this build obeys the overrides.
pub const ENABLED: bool = cfg!(any(debug_assertions, feature = "test-hooks"));

/// The variable's value when this build obeys test overrides and it is set and not blank.
pub fn var_os(name: &str) -> Option<OsString> {
    read(ENABLED, name)
}

fn read(enabled: bool, name: &str) -> Option<OsString> {
    if !enabled {
        return None;
    }
    std::env::var_os(name).filter(|v| !v.to_string_lossy().trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    include!("build_guard.rs");

    const TEST_KEY: &str = "dGVzdCBrZXk=";

    #[test]
    fn a_build_without_hooks_reads_no_override() {
        // PATH is always set: the hook would see it, a build without hooks must not.
        assert!(read(true, "PATH").is_some());
        assert_eq!(read(false, "PATH"), None);
        assert_eq!(read(true, "CLEARCHECKS_SURELY_UNSET_VARIABLE"), None);
    }

    #[test]
    fn hooks_are_on_exactly_in_debug_and_test_hook_builds() {
        assert_eq!(
            ENABLED,
            cfg!(debug_assertions) || cfg!(feature = "test-hooks")
        );
    }

    #[test]
    fn release_builds_refuse_test_hooks_and_the_test_updater_key() {
        let real = Some("cmVhbCBrZXk=");
        assert!(check_build("release", false, real, TEST_KEY, false).is_ok());
        let hooks = check_build("release", true, real, TEST_KEY, false).unwrap_err();
        assert!(hooks.contains("test-hooks") && hooks.contains(TEST_BUILD_ENV));
        let key = check_build("release", false, Some(TEST_KEY), TEST_KEY, false).unwrap_err();
        assert!(key.contains("TEST key"));
        assert!(check_build("release", false, Some("dGVzdCBrZXk=\n"), TEST_KEY, false).is_err());
        // A test pipeline says so; debug builds are tests by nature.
        assert!(check_build("release", true, Some(TEST_KEY), TEST_KEY, true).is_ok());
        assert!(check_build("debug", true, Some(TEST_KEY), TEST_KEY, false).is_ok());
        assert!(check_build("release", false, None, TEST_KEY, false).is_ok());
    }

    #[test]
    fn the_committed_config_trusts_the_test_key_so_release_builds_need_the_flag() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        let pubkey = config["plugins"]["updater"]["pubkey"].as_str();
        let test_key = include_str!("../keys/test/updater.key.pub");
        assert!(check_build("release", false, pubkey, test_key, false).is_err());
    }
}

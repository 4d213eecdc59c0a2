// Shared by `build.rs` and the app's unit tests (`build_guard_tests`): what a release build refuses.
//
// A release build is what users install, so it must not trust the committed TEST updater key (its
// secret and password are in the repository) and must not carry the test-only environment hooks
// (`test-hooks` feature). Test pipelines that build release binaries on purpose (`./x bundle`,
// `./x bench`) say so with `CLEARCHECKS_TEST_BUILD=1`.

/// The variable a test pipeline sets to build a release binary with test keys or hooks.
pub const TEST_BUILD_ENV: &str = "CLEARCHECKS_TEST_BUILD";

/// `Err` with the reason when a build with these properties must not be made.
pub fn check_build(
    profile: &str,
    test_hooks: bool,
    updater_pubkey: Option<&str>,
    test_pubkey: &str,
    test_build: bool,
) -> Result<(), String> {
    if profile != "release" || test_build {
        return Ok(());
    }
    if test_hooks {
        return Err(format!(
            "the `test-hooks` feature is for test builds only: a release build with it obeys \
             test-only environment overrides. Set {TEST_BUILD_ENV}=1 if this build is a test."
        ));
    }
    if updater_pubkey.map(str::trim) == Some(test_pubkey.trim()) {
        return Err(format!(
            "plugins.updater.pubkey is the committed TEST key (keys/test/updater.key.pub), whose \
             secret is public: pass the real key (release workflow) or set {TEST_BUILD_ENV}=1 if \
             this build is a test."
        ));
    }
    Ok(())
}

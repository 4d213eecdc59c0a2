//! Puts every app command under Tauri's ACL: a window can call a command only when one of its
//! capabilities grants `allow-<command>`. The list must match `ipc::COMMANDS`; a unit test checks it.
//! Also refuses release builds that trust the test updater key or carry test hooks (`build_guard.rs`).

include!("command_names.rs");
include!("build_guard.rs");

fn main() {
    guard_release_build();
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(APP_COMMANDS));
    tauri_build::try_build(attributes).expect("tauri build script failed");
}

fn guard_release_build() {
    println!("cargo:rerun-if-env-changed={TEST_BUILD_ENV}");
    println!("cargo:rerun-if-env-changed=TAURI_CONFIG");
    println!("cargo:rerun-if-changed=keys/test/updater.key.pub");
    let profile = std::env::var("PROFILE").unwrap_or_default();
    let test_hooks = std::env::var_os("CARGO_FEATURE_TEST_HOOKS").is_some();
    let test_build = std::env::var(TEST_BUILD_ENV).as_deref() == Ok("1");
    let test_pubkey = std::fs::read_to_string("keys/test/updater.key.pub").unwrap_or_default();
    if let Err(reason) = check_build(
        &profile,
        test_hooks,
        updater_pubkey().as_deref(),
        &test_pubkey,
        test_build,
    ) {
        panic!("refusing this release build: {reason}");
    }
}

/// `plugins.updater.pubkey` as the build will see it: `tauri.conf.json`, overridden by the
/// configuration the Tauri CLI passes in `TAURI_CONFIG` (`tauri build --config …`).
fn updater_pubkey() -> Option<String> {
    let pubkey_of = |json: &str| -> Option<String> {
        let value: serde_json::Value = serde_json::from_str(json).ok()?;
        value["plugins"]["updater"]["pubkey"]
            .as_str()
            .map(str::to_owned)
    };
    let overridden = std::env::var("TAURI_CONFIG")
        .ok()
        .and_then(|json| pubkey_of(&json));
    overridden.or_else(|| pubkey_of(&std::fs::read_to_string("tauri.conf.json").ok()?))
}

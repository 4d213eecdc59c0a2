//! Puts every app command under Tauri's ACL: a window can call a command only when one of its
//! capabilities grants `allow-<command>`. The list must match `ipc::COMMANDS`; a unit test checks it.

include!("command_names.rs");

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(APP_COMMANDS));
    tauri_build::try_build(attributes).expect("tauri build script failed");
}

//! In-app updates: decides whether this installation can update itself and, only then, registers
//! Tauri's updater plugin (public key and endpoints come from `plugins.updater` in
//! `tauri.conf.json`; see `docs/RELEASING.md`).
//!
//! Why not everywhere: on Linux the updater can only replace an AppImage (it rewrites the file named
//! by `APPIMAGE`). A `.deb` or `.rpm` install belongs to the system package manager — the binary is
//! root-owned under `/usr/bin` and the package database must stay truthful — so those installs get
//! their updates from the package manager and never see an update offer they could not apply.
//!
//! `service` runs the updates (check, download, install on restart), `schedule` says when the app
//! checks by itself, and `status` is what the UI is told.

mod schedule;
mod service;
mod status;

pub use service::{InstallRefused, UpdateService, FINISH_ORDER_FIRST};
pub use status::{UpdateFailure, UpdateOffer, UpdateStatus};

use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Runtime};

/// Whether an app running on `os` (a `std::env::consts::OS` value) can install its own updates.
/// `running_as_appimage` is true when the process was started from an AppImage (`APPIMAGE` set).
pub fn updates_offered(os: &str, running_as_appimage: bool) -> bool {
    match os {
        "macos" | "windows" => true,
        "linux" => running_as_appimage,
        // BSDs and mobile have no bundle the updater can replace.
        _ => false,
    }
}

/// Registers the updater plugin when this installation can use it (without it, the update
/// service says "not offered" and never contacts the update server). Returns whether updates are
/// offered.
pub fn register<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<bool> {
    let running_as_appimage = running_as_appimage(app);
    let offered = updates_offered(std::env::consts::OS, running_as_appimage);
    if offered {
        app.plugin(plugin())?;
        log::info!("in-app updates enabled");
    } else {
        log::info!("in-app updates disabled: this installation is updated by its package manager");
    }
    Ok(offered)
}

/// The updater plugin exactly as the app registers it: its public key, endpoints and
/// `requireSignedVersion` all come from `plugins.updater` in `tauri.conf.json`.
pub fn plugin<R: Runtime>() -> TauriPlugin<R, tauri_plugin_updater::Config> {
    tauri_plugin_updater::Builder::new().build()
}

#[cfg(target_os = "linux")]
fn running_as_appimage<R: Runtime>(app: &AppHandle<R>) -> bool {
    use tauri::Manager;
    // Tauri reads `APPIMAGE` once at start-up (and warns when it is set outside an AppImage mount).
    app.env().appimage.is_some_and(|path| !path.is_empty())
}

#[cfg(not(target_os = "linux"))]
fn running_as_appimage<R: Runtime>(_app: &AppHandle<R>) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::updates_offered;

    #[test]
    fn macos_and_windows_installs_update_themselves() {
        assert!(updates_offered("macos", false));
        assert!(updates_offered("windows", false));
    }

    #[test]
    fn linux_offers_updates_only_inside_an_appimage() {
        assert!(updates_offered("linux", true));
        // A .deb or .rpm install: the package manager owns the binary.
        assert!(!updates_offered("linux", false));
    }

    #[test]
    fn other_systems_never_offer_updates() {
        for os in ["freebsd", "openbsd", "android", "ios", ""] {
            assert!(!updates_offered(os, true), "{os} must not offer updates");
        }
    }
}

//! The app as a desktop citizen: launch at login, and quitting (the window's close button only
//! hides it while the app runs in the tray).

use tauri::AppHandle;
use tauri_plugin_autostart::ManagerExt;

use crate::error::{AppError, AppResult};

/// Whether the app is registered to start at login (read from the system, not from a setting).
#[tauri::command]
#[specta::specta]
pub async fn get_launch_at_login(app: AppHandle) -> AppResult<bool> {
    app.autolaunch()
        .is_enabled()
        .map_err(|err| AppError::internal(format!("could not read the login items: {err}")))
}

/// Registers (or removes) the app as started at login, hidden in the tray; returns the new state.
#[tauri::command]
#[specta::specta]
pub async fn set_launch_at_login(app: AppHandle, enabled: bool) -> AppResult<bool> {
    let manager = app.autolaunch();
    let changed = if enabled {
        manager.enable()
    } else {
        manager.disable()
    };
    changed
        .map_err(|err| AppError::internal(format!("could not change the login items: {err}")))?;
    log::info!(
        "launch at login is now {}",
        if enabled { "on" } else { "off" }
    );
    manager
        .is_enabled()
        .map_err(|err| AppError::internal(format!("could not read the login items: {err}")))
}

/// Quits the app (Ctrl+Q / Cmd+Q, and the tray's Quit).
#[tauri::command]
#[specta::specta]
pub async fn quit_app(app: AppHandle) -> AppResult<()> {
    log::info!("quit requested");
    app.exit(0);
    Ok(())
}

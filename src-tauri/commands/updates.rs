//! In-app updates: the updater's status, "Check for updates" and "Restart to install".

use tauri::State;

use crate::error::AppResult;
use crate::updates::{InstallRefused, UpdateService, UpdateStatus};

#[tauri::command]
#[specta::specta]
pub async fn update_status(
    updates: State<'_, UpdateService<tauri::Wry>>,
) -> AppResult<UpdateStatus> {
    Ok(updates.status())
}

/// Checks now (and downloads what it finds); resolves with the status the check ended in.
#[tauri::command]
#[specta::specta]
pub async fn check_for_updates(
    updates: State<'_, UpdateService<tauri::Wry>>,
) -> AppResult<UpdateStatus> {
    Ok(updates.check_now().await)
}

/// Installs the downloaded update and restarts; resolves only when it did not (with why).
#[tauri::command]
#[specta::specta]
pub async fn install_update(
    updates: State<'_, UpdateService<tauri::Wry>>,
) -> AppResult<InstallRefused> {
    Ok(updates.install())
}

//! Platform mode settings (see `platform_settings` for what is kept where).

use tauri::{AppHandle, State};

use crate::commands::accounts::EnvironmentKind;
use crate::error::AppResult;
use crate::platform_settings::{self, PlatformSettings};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn get_platform_settings(
    app: AppHandle,
    state: State<'_, AppState>,
) -> AppResult<PlatformSettings> {
    platform_settings::current(&app, &state).await
}

/// Saves the source token and environment; a `private_key` goes to the keyring only, and `null`
/// keeps the stored one.
#[tauri::command]
#[specta::specta]
pub async fn save_platform_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    source_token: Option<String>,
    private_key: Option<String>,
    environment: EnvironmentKind,
) -> AppResult<PlatformSettings> {
    platform_settings::save(&app, &state, source_token, private_key, environment).await
}

//! Preferences and the audit journal.

use clearchecks_core::journal::JournalEntry;
use tauri::{AppHandle, State};

use crate::error::{AppError, AppResult};
use crate::settings::{self, Settings};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn get_settings(app: AppHandle) -> AppResult<Settings> {
    settings::load(&app)
}

#[tauri::command]
#[specta::specta]
pub async fn save_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    settings: Settings,
) -> AppResult<Settings> {
    settings::save(&app, &settings)?;
    // A new poll interval takes effect now, not at the next account switch.
    state.sync().apply_settings(&app).await;
    Ok(settings)
}

/// Every journal entry, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_journal(state: State<'_, AppState>) -> AppResult<Vec<JournalEntry>> {
    let mut entries = state.journal().read_all().map_err(|err| AppError::Io {
        detail: err.to_string(),
    })?;
    entries.reverse();
    Ok(entries)
}

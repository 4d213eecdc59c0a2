//! Saving files the user asked for: a native save dialog, or — when the e2e tests set
//! `CLEARCHECKS_E2E_SAVE_DIR` — that directory, since WebDriver cannot drive a native dialog.

use std::path::PathBuf;

use clearchecks_core::journal::JournalAction;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Asks where to save; `None` when the user cancels.
pub async fn choose_save_path<R: Runtime>(
    app: &AppHandle<R>,
    suggested: &str,
    filter_name: &str,
    extension: &str,
) -> AppResult<Option<PathBuf>> {
    if let Some(dir) = AppState::e2e_save_dir() {
        return Ok(Some(dir.join(suggested)));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_file_name(suggested)
        .add_filter(filter_name, &[extension])
        .save_file(move |path| {
            let _ = tx.send(path);
        });
    let chosen = rx.await.map_err(AppError::internal)?;
    match chosen {
        None => Ok(None),
        Some(path) => path.into_path().map(Some).map_err(|err| AppError::Io {
            detail: err.to_string(),
        }),
    }
}

/// Saves CSV text the UI built from what it shows (orders, invoices, the journal).
#[tauri::command]
#[specta::specta]
pub async fn export_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    suggested_name: String,
    csv: String,
) -> AppResult<Option<String>> {
    let name: String = suggested_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .take(80)
        .collect();
    let name = if name.ends_with(".csv") {
        name
    } else {
        format!("{name}.csv")
    };
    let Some(path) = choose_save_path(&app, &name, "CSV spreadsheet", "csv").await? else {
        return Ok(None);
    };
    clearchecks_core::private_files::write(&path, csv.as_bytes()).await?;
    let entry = clearchecks_core::journal::NewEntry {
        summary: format!("Exported {name}"),
        path: Some(path.display().to_string()),
        ..Default::default()
    };
    state.record(JournalAction::ExportSaved, entry);
    Ok(Some(path.display().to_string()))
}

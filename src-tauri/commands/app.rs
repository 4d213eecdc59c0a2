//! Facts about the running app the UI shows (version, identity, demo mode).

use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Manager};

use crate::error::AppResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub identifier: String,
    pub demo: bool,
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(app: AppHandle) -> AppResult<AppInfo> {
    let state = app.state::<AppState>();
    Ok(AppInfo {
        version: app.package_info().version.to_string(),
        identifier: app.config().identifier.clone(),
        demo: state.launched_in_demo(),
    })
}

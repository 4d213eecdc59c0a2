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

/// Opens a web link (the ClearChecks console, say) in the system browser; anything but an
/// http(s) URL is refused. The UI calls this from a click on a link.
#[tauri::command]
#[specta::specta]
pub async fn open_external(app: AppHandle, url: String) -> AppResult<()> {
    let url = crate::windows::external::parse(&url)?;
    crate::windows::external::open(&app, &url)
}

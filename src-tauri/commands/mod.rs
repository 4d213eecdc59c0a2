//! Thin `#[tauri::command]` wrappers, one file per feature. Each fetches managed state and calls
//! into `clearchecks-core`; logic that grows here belongs in the core instead.

pub mod app;

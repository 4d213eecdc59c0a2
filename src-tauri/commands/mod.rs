//! Thin `#[tauri::command]` wrappers, one file per feature. Each fetches managed state and calls
//! into `clearchecks-core`; logic that grows here belongs in the core instead.

pub mod accounts;
pub mod app;
pub mod desktop;
pub mod files;
pub mod invoices;
pub mod orders;
pub mod platform;
pub mod settings;
pub mod updates;
pub mod widgets;

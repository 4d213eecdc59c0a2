//! The open widget windows, by label: what each may load, its CSP, where its events go, the last
//! callback it sent and where its web data lives. Managed state, created on first use.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

use tauri::{AppHandle, Manager, Runtime};
use tokio::sync::mpsc::UnboundedSender;

use super::callback::WidgetEvent;
use super::storage::Plan;
use super::WidgetKind;

pub struct Entry {
    pub kind: WidgetKind,
    /// Windows showing the same thing share this key (see `WidgetKind::reuse`).
    pub reuse_key: String,
    pub csp: String,
    pub events: UnboundedSender<WidgetEvent>,
    /// Highest callback sequence number handled (a resent callback is acknowledged, not redone).
    pub last_seq: u32,
    /// Whether `Closed` was already delivered (it is delivered exactly once).
    pub closed_sent: bool,
    pub storage: Plan,
    /// Whose web data this window holds (an account id, or `platform`).
    pub partition: String,
}

#[derive(Default)]
pub struct WidgetWindows {
    entries: Mutex<HashMap<String, Entry>>,
    /// Linux partitions whose directory was already reset in this run.
    prepared_partitions: Mutex<HashSet<std::path::PathBuf>>,
    /// Windows with an "Open in browser?" question on screen.
    confirming: Mutex<HashSet<String>>,
}

impl WidgetWindows {
    pub fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// True the first time a partition directory is used in this run.
    pub fn first_use_of(&self, dir: &std::path::Path) -> bool {
        self.prepared_partitions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(dir.to_path_buf())
    }
}

impl WidgetWindows {
    /// True when `label` had no question open (it now has).
    pub fn start_confirmation(&self, label: &str) -> bool {
        self.confirming
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(label.to_owned())
    }

    pub fn end_confirmation(&self, label: &str) {
        self.confirming
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(label);
    }
}

/// The registry, managed on first use (so `lib.rs` needs no setup step for it).
pub fn of<R: Runtime>(app: &AppHandle<R>) -> tauri::State<'_, WidgetWindows> {
    if app.try_state::<WidgetWindows>().is_none() {
        // A concurrent first call may have managed it already; `manage` then keeps the first.
        app.manage(WidgetWindows::default());
    }
    app.state::<WidgetWindows>()
}

/// The CSP of an open widget window; `None` for any other label.
pub fn csp_of<R: Runtime>(app: &AppHandle<R>, label: &str) -> Option<String> {
    of(app).lock().get(label).map(|entry| entry.csp.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_question_per_window_at_a_time() {
        let windows = WidgetWindows::default();
        assert!(windows.start_confirmation("widget-report-1"));
        assert!(!windows.start_confirmation("widget-report-1"));
        assert!(windows.start_confirmation("widget-report-2"));
        windows.end_confirmation("widget-report-1");
        assert!(windows.start_confirmation("widget-report-1"));
    }
}

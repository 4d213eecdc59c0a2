//! Where a widget window keeps its web data (cookies, local storage, cache), apart from the main
//! window's, and how that data is thrown away.
//!
//! What each platform allows decides the shape (sources read: tauri 2.12.5,
//! tauri-runtime-wry 2.12.3, wry 0.57.1):
//! - **Windows** (WebView2): the window is InPrivate (`incognito`: wry sets
//!   `SetIsInPrivateModeEnabled`, runtime 101.0.1210.39 or later; older runtimes ignore it), so
//!   cookies, storage and cache stay in memory. WebView2 still needs a user data folder for its
//!   browser process: a directory for the window alone under `widget-data/<label>`, deleted once
//!   the window is gone (WebView2 lets go of its files a moment after the window closes, so
//!   deletion retries; leftovers from a crash are swept at the next open and at start-up).
//! - **macOS** (WKWebView): `incognito` gives the window WebKit's non-persistent data store
//!   (`WKWebsiteDataStore.nonPersistentDataStore`, a new one per window, nothing on disk). wry
//!   ignores a data store identifier when incognito is on, so none is set.
//! - **Linux** (WebKitGTK): no incognito. wry's incognito builds a fresh ephemeral web context
//!   for the webview and ignores the context Tauri passes, but tauri-runtime-wry registers the
//!   custom schemes (`ccwidget`, `ipc`) once per Tauri context key (the data directory): the
//!   first incognito window of a key gets them, every later one would get none and could not
//!   load its host page. A key per window would keep a web context per opened report alive until
//!   the app exits (Tauri never drops a context on Linux, tauri#14626). Instead each account gets
//!   one quarantined directory (`widget-data/<partition>`), separate from the main window and
//!   from other accounts; its website data is cleared when its last widget window closes, and
//!   the directory is deleted before its first use in each run and at start-up.
//! - **WebDriver automation on Linux** (`TAURI_WEBVIEW_AUTOMATION=true`, set by tauri-driver, test
//!   builds only): WebKitGTK lets exactly one web context be automated, so a window in any other
//!   context (an incognito one included) is invisible to the tests. There the widget window
//!   shares the automated context; every other quarantine measure (no capability, CSP,
//!   navigation allow-list) is unchanged.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Folder under the app's data directory that holds every widget window's web data.
pub const ROOT_DIR: &str = "widget-data";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Linux,
    Windows,
    MacOs,
}

impl Platform {
    pub fn current() -> Self {
        if cfg!(target_os = "windows") {
            Platform::Windows
        } else if cfg!(target_os = "macos") {
            Platform::MacOs
        } else {
            Platform::Linux
        }
    }
}

/// The storage of one widget window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Linux: the account's quarantined directory, shared by that account's widget windows.
    Partition { dir: PathBuf },
    /// Windows: a directory for this window only.
    PerWindow { dir: PathBuf },
    /// macOS: WebKit's non-persistent data store, new for this window (nothing on disk).
    Ephemeral,
    /// WebDriver automation on Linux: the automated web context.
    Automation,
}

/// True when tauri-driver runs a test build (the variable Tauri's runtime itself checks). A
/// shipped build ignores it (`test_hooks`): there widget storage never merges into the main
/// window's, whatever the environment says.
pub fn automation_enabled() -> bool {
    crate::test_hooks::var_os("TAURI_WEBVIEW_AUTOMATION").is_some_and(|v| v == "true")
}

pub fn plan(
    root: &Path,
    label: &str,
    partition: &str,
    platform: Platform,
    automation: bool,
) -> Plan {
    match platform {
        Platform::Linux if automation => Plan::Automation,
        Platform::Linux => Plan::Partition {
            dir: partition_dir(root, partition),
        },
        Platform::Windows => Plan::PerWindow {
            dir: root.join(label),
        },
        Platform::MacOs => Plan::Ephemeral,
    }
}

/// How a widget window's webview is built for its plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebviewData {
    /// The webview's data directory (`None`: the engine's default for the plan).
    pub data_directory: Option<PathBuf>,
    /// Non-persistent (incognito / InPrivate) web data.
    pub incognito: bool,
}

impl Plan {
    /// What the widget window's builder is given (see the module docs for each platform).
    pub fn webview_data(&self) -> WebviewData {
        match self {
            Plan::Partition { dir } => WebviewData {
                data_directory: Some(dir.clone()),
                incognito: false,
            },
            Plan::PerWindow { dir } => WebviewData {
                data_directory: Some(dir.clone()),
                incognito: true,
            },
            Plan::Ephemeral => WebviewData {
                data_directory: None,
                incognito: true,
            },
            Plan::Automation => WebviewData {
                data_directory: None,
                incognito: false,
            },
        }
    }
}

/// A directory name for a partition (an account id, or `platform`): the safe characters, and a
/// hash of the whole when anything had to be dropped, so two ids never share a directory.
pub fn partition_dir_name(partition: &str) -> String {
    let safe: String = partition
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(64)
        .collect();
    if !safe.is_empty() && safe == partition {
        format!("p-{safe}")
    } else {
        format!("p-{safe}-{:016x}", fnv1a(partition))
    }
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Deletes a directory, retrying while the web engine still holds its files.
pub async fn remove_dir_eventually(dir: PathBuf) {
    for attempt in 0..6u32 {
        match tokio::fs::remove_dir_all(&dir).await {
            Ok(()) => return,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return,
            Err(err) if attempt == 5 => {
                log::warn!("could not delete a widget window's data directory: {err}");
                return;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(250 * 2u64.pow(attempt))).await,
        }
    }
}

/// Start-up: no widget window is open yet, so every widget's web data left by an earlier run
/// (a crash, a kill, a logout that never reached a window's close) is deleted.
pub fn sweep_all(root: &Path) {
    if let Err(err) = std::fs::remove_dir_all(root) {
        if err.kind() != std::io::ErrorKind::NotFound {
            log::warn!("could not delete the widget windows' web data: {err}");
        }
    }
}

/// The Linux partition directory of `partition` under `root` (where its web data lives).
pub fn partition_dir(root: &Path, partition: &str) -> PathBuf {
    root.join(partition_dir_name(partition))
}

/// Per-window directories under `root` that belong to no open window (left by a crash).
pub fn stale_window_dirs(root: &Path, open_labels: &[String]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with(super::LABEL_PREFIX) && !open_labels.iter().any(|l| *l == name)
        })
        .map(|entry| entry.path())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_platform_gets_its_own_kind_of_quarantine() {
        let root = Path::new("/data/widget-data");
        assert_eq!(
            plan(
                root,
                "widget-report-ab12",
                "acc-1",
                Platform::Windows,
                false
            ),
            Plan::PerWindow {
                dir: root.join("widget-report-ab12")
            }
        );
        assert_eq!(
            plan(root, "widget-report-ab12", "acc-1", Platform::Linux, false),
            Plan::Partition {
                dir: root.join("p-acc-1")
            }
        );
        assert_eq!(
            plan(root, "widget-report-ab12", "acc-1", Platform::Linux, true),
            Plan::Automation
        );
        assert_eq!(
            plan(root, "widget-x", "acc-1", Platform::MacOs, false),
            Plan::Ephemeral
        );
    }

    #[test]
    fn windows_and_macos_widget_windows_ask_for_incognito_web_data() {
        let root = Path::new("/data/widget-data");
        let windows = plan(
            root,
            "widget-report-ab12",
            "acc-1",
            Platform::Windows,
            false,
        );
        assert_eq!(
            windows.webview_data(),
            WebviewData {
                data_directory: Some(root.join("widget-report-ab12")),
                incognito: true,
            }
        );
        let macos = plan(root, "widget-report-ab12", "acc-1", Platform::MacOs, false);
        assert_eq!(
            macos.webview_data(),
            WebviewData {
                data_directory: None,
                incognito: true,
            }
        );
        // Linux: incognito would lose the custom schemes from the second window of a context on
        // (module docs); the account's directory is used and cleared instead.
        let linux = plan(root, "widget-report-ab12", "acc-1", Platform::Linux, false);
        assert_eq!(
            linux.webview_data(),
            WebviewData {
                data_directory: Some(root.join("p-acc-1")),
                incognito: false,
            }
        );
        let automated = plan(root, "widget-report-ab12", "acc-1", Platform::Linux, true);
        assert_eq!(
            automated.webview_data(),
            WebviewData {
                data_directory: None,
                incognito: false,
            }
        );
    }

    #[test]
    fn partition_names_are_safe_and_distinct() {
        assert_eq!(partition_dir_name("acc-1_x"), "p-acc-1_x");
        let odd = partition_dir_name("../../etc");
        assert!(odd.starts_with("p-etc-") && !odd.contains('/'), "{odd}");
        assert_ne!(partition_dir_name("a/b"), partition_dir_name("a:b"));
        assert_ne!(partition_dir_name("ab"), partition_dir_name("a/b"));
        assert!(partition_dir_name("").starts_with("p--"));
    }

    #[test]
    fn stale_dirs_are_the_widget_dirs_of_closed_windows() {
        let root = std::env::temp_dir().join(format!("cc-widget-stale-{}", rand::random::<u32>()));
        for name in ["widget-report-1", "widget-report-2", "p-acc-1", "other"] {
            std::fs::create_dir_all(root.join(name)).unwrap();
        }
        let mut stale = stale_window_dirs(&root, &["widget-report-2".to_owned()]);
        stale.sort();
        assert_eq!(stale, vec![root.join("widget-report-1")]);
        std::fs::remove_dir_all(&root).unwrap();
        assert!(stale_window_dirs(&root, &[]).is_empty());
    }

    #[test]
    fn the_start_up_sweep_deletes_every_widgets_data() {
        let root = std::env::temp_dir().join(format!("cc-widget-sweep-{}", rand::random::<u32>()));
        for name in [
            "p-acc-1/WebKitCache",
            "widget-report-1",
            "p-platform/storage",
        ] {
            std::fs::create_dir_all(root.join(name)).unwrap();
        }
        std::fs::write(root.join("p-acc-1/cookies.sqlite"), "applicant").unwrap();
        sweep_all(&root);
        assert!(!root.exists());
        sweep_all(&root);
        assert_eq!(partition_dir(&root, "acc-1"), root.join("p-acc-1"));
    }

    #[tokio::test]
    async fn removal_succeeds_for_present_and_missing_directories() {
        let dir = std::env::temp_dir().join(format!("cc-widget-rm-{}", rand::random::<u32>()));
        std::fs::create_dir_all(dir.join("nested")).unwrap();
        std::fs::write(dir.join("nested/cookies"), "x").unwrap();
        remove_dir_eventually(dir.clone()).await;
        assert!(!dir.exists());
        remove_dir_eventually(dir).await;
    }
}

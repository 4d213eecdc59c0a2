//! The main window: created hidden (shown once the UI has painted) and kept on the app's own
//! origin by a navigation guard. Links to anything else open in the system browser.

use tauri::{AppHandle, Manager, Url, WebviewUrl, WebviewWindow, WebviewWindowBuilder};
use tauri_plugin_opener::OpenerExt;

pub const LABEL: &str = "main";

pub fn create(app: &AppHandle) -> tauri::Result<WebviewWindow> {
    let opener = app.clone();
    WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("index.html".into()))
        .title("ClearChecks Desktop")
        .inner_size(1280.0, 820.0)
        .min_inner_size(960.0, 640.0)
        .visible(false)
        .disable_drag_drop_handler()
        .on_navigation(move |url| {
            if is_app_origin(url) {
                return true;
            }
            if matches!(url.scheme(), "https" | "mailto") {
                let _ = opener.opener().open_url(url.as_str(), None::<&str>);
            }
            log::warn!(
                "blocked navigation of the main window to {}://{}",
                url.scheme(),
                url.host_str().unwrap_or("")
            );
            false
        })
        .build()
}

/// The origins the main window may show: the embedded UI, and the Vite dev server in debug builds.
pub fn is_app_origin(url: &Url) -> bool {
    match (url.scheme(), url.host_str()) {
        ("tauri", Some("localhost")) => true,
        ("http" | "https", Some("tauri.localhost")) => true,
        ("http", Some("localhost")) if cfg!(debug_assertions) => url.port() == Some(5173),
        _ => false,
    }
}

/// Shows and focuses the main window (single-instance relaunch, notification click).
pub fn reveal(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(LABEL) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_app_origin_is_allowed() {
        assert!(is_app_origin(
            &Url::parse("tauri://localhost/index.html").unwrap()
        ));
        assert!(is_app_origin(
            &Url::parse("http://tauri.localhost/").unwrap()
        ));
        assert!(!is_app_origin(
            &Url::parse("https://evil.example/").unwrap()
        ));
        assert!(!is_app_origin(
            &Url::parse("https://app.clearchecks.com/").unwrap()
        ));
        assert!(!is_app_origin(
            &Url::parse("http://localhost:8080/").unwrap()
        ));
        assert!(!is_app_origin(&Url::parse("file:///etc/passwd").unwrap()));
    }
}

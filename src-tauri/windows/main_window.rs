//! The main window: created hidden (shown once the UI has painted) and kept on the app's own
//! origin by a navigation guard. An https link followed anyway opens in the system browser
//! (through `external`, the one owner of that); the UI's links call `open_external` on a click.

use tauri::{AppHandle, Manager, Runtime, Url, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

use super::external;

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
            if url.scheme() == "https" {
                let _ = external::open(&opener, url);
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

/// The origins the main window may show: the embedded UI (`tauri://localhost` on Linux and macOS,
/// `http(s)://tauri.localhost` on Windows), and the Vite dev server in debug builds. The check is
/// exact: scheme, host and port all match (a `tauri.localhost:8080` is somebody else's server).
pub fn is_app_origin(url: &Url) -> bool {
    let origin = (url.scheme(), url.host_str(), url.port_or_known_default());
    APP_ORIGINS.contains(&origin) || (cfg!(debug_assertions) && origin == DEV_ORIGIN)
}

/// (scheme, host, port) of the embedded UI on each platform; `tauri:` has no default port.
const APP_ORIGINS: [(&str, Option<&str>, Option<u16>); 3] = [
    ("tauri", Some("localhost"), None),
    ("http", Some("tauri.localhost"), Some(80)),
    ("https", Some("tauri.localhost"), Some(443)),
];

/// `build.devUrl` in `tauri.conf.json` (a unit test keeps the two in step).
const DEV_ORIGIN: (&str, Option<&str>, Option<u16>) = ("http", Some("localhost"), Some(5173));

/// Shows and focuses the main window (single-instance relaunch, notification click, the tray).
pub fn reveal<R: Runtime>(app: &AppHandle<R>) {
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
        for allowed in [
            "tauri://localhost/index.html",
            "http://tauri.localhost/",
            "http://tauri.localhost:80/x",
            "https://tauri.localhost/#/orders",
        ] {
            assert!(is_app_origin(&Url::parse(allowed).unwrap()), "{allowed}");
        }
        for refused in [
            "https://evil.example/",
            "https://app.clearchecks.com/",
            "http://localhost:8080/",
            "file:///etc/passwd",
            "http://tauri.localhost:8080/",
            "https://tauri.localhost:8443/",
            "http://tauri.localhost:443/",
            "tauri://localhost:1234/index.html",
            "tauri://evil/index.html",
            "ftp://tauri.localhost/",
            "http://localhost:51730/",
            "http://localhost/",
            "https://localhost:5173/",
            "http://127.0.0.1:5173/",
        ] {
            assert!(!is_app_origin(&Url::parse(refused).unwrap()), "{refused}");
        }
    }

    #[test]
    fn the_dev_server_only_in_debug_builds() {
        let dev = Url::parse("http://localhost:5173/src/main.tsx").unwrap();
        assert_eq!(is_app_origin(&dev), cfg!(debug_assertions));
    }

    #[test]
    fn the_dev_origin_is_the_configured_dev_url() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).expect("tauri.conf.json");
        let dev_url = Url::parse(config["build"]["devUrl"].as_str().unwrap()).unwrap();
        assert_eq!(
            (
                dev_url.scheme(),
                dev_url.host_str(),
                dev_url.port_or_known_default()
            ),
            DEV_ORIGIN
        );
    }
}

//! OS notifications about orders: what to say, and showing them so that a click opens the order.
//!
//! Platform limits (why two paths): tauri-plugin-notification cannot report a click on desktop.
//! On Linux the notification is sent with `notify-rust` over D-Bus with a `default` action; when
//! the notification server reports it (`ActionInvoked`, i.e. the user clicked the notification),
//! the main window is revealed and `openOrderRequested` is sent to the UI. This needs a server
//! that supports actions (GNOME Shell, KDE Plasma, dunst, xfce4-notifyd do; some minimal ones do
//! not, and then the click does nothing). On macOS and Windows the plugin shows the notification
//! and a click only brings the app forward.

use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime};

use crate::events::OpenOrderRequested;

/// One message for the user; `open` is the order a click should show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
    pub open: Option<OpenTarget>,
}

/// The order a notification is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenTarget {
    pub account_id: String,
    pub report_key: String,
}

/// One order's news, before bursts are combined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderNews {
    pub report_key: String,
    pub title: &'static str,
    pub body: String,
}

/// One notice for a batch: a single item as is (a click opens its order), several as a summary
/// (a burst, e.g. the first sync after a weekend, must not become a flood; a click shows the app).
pub fn combine(account_id: &str, news: Vec<OrderNews>, summary_title: &str) -> Option<Notice> {
    match news.len() {
        0 => None,
        1 => news.into_iter().next().map(|n| Notice {
            title: n.title.to_owned(),
            body: n.body,
            open: Some(OpenTarget {
                account_id: account_id.to_owned(),
                report_key: n.report_key,
            }),
        }),
        many => Some(Notice {
            title: summary_title.to_owned(),
            body: format!("{many} orders need a look. Open ClearChecks Desktop to see them."),
            open: None,
        }),
    }
}

/// How long a shown notification keeps listening for its click (servers keep notifications in
/// their history; after this a click on an old one no longer opens the order).
#[cfg(target_os = "linux")]
const CLICK_WINDOW: Duration = Duration::from_secs(12 * 3600);

/// Shows `notice` unless notifications are paused (from the tray); failures (no notification
/// server, for example) are logged, never raised.
pub fn show<R: Runtime>(app: &AppHandle<R>, notice: Notice) {
    if let Some(until) = app
        .try_state::<super::pause::NotificationPause>()
        .and_then(|p| p.paused_until(chrono::Utc::now()))
    {
        log::info!("notifications are paused until {until}: not shown");
        return;
    }
    #[cfg(target_os = "linux")]
    {
        let app = app.clone();
        tauri::async_runtime::spawn(async move { show_linux(app, notice).await });
    }
    #[cfg(not(target_os = "linux"))]
    {
        use tauri_plugin_notification::NotificationExt;
        if let Err(err) = app
            .notification()
            .builder()
            .title(notice.title)
            .body(notice.body)
            .show()
        {
            log::warn!("could not show a notification: {err}");
        }
    }
}

#[cfg(target_os = "linux")]
async fn show_linux<R: Runtime>(app: AppHandle<R>, notice: Notice) {
    use notify_rust::{Notification, NotificationResponse};

    let handle = match Notification::new()
        .appname("ClearChecks Desktop")
        .summary(&notice.title)
        .body(&notice.body)
        // "default" is the click on the notification itself, not an extra button.
        .action("default", "Open")
        .show_async()
        .await
    {
        Ok(handle) => handle,
        Err(err) => {
            log::warn!("could not show a notification: {err}");
            return;
        }
    };
    let clicked = std::sync::atomic::AtomicBool::new(false);
    let waited = tokio::time::timeout(
        CLICK_WINDOW,
        handle.wait_for_action_async(|response| {
            if matches!(response, NotificationResponse::Default) {
                clicked.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        }),
    )
    .await;
    if waited.is_ok() && clicked.load(std::sync::atomic::Ordering::SeqCst) {
        activate(&app, notice.open);
    }
}

/// A notification was clicked: show the main window, then the order it was about.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn activate<R: Runtime>(app: &AppHandle<R>, open: Option<OpenTarget>) {
    use tauri_specta::Event;
    if let Some(window) = app.get_webview_window(crate::windows::main_window::LABEL) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    if let Some(OpenTarget {
        account_id,
        report_key,
    }) = open
    {
        let request = OpenOrderRequested {
            account_id,
            report_key,
        };
        if let Err(err) = request.emit(app) {
            log::warn!("could not ask the UI to open an order: {err}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn news(key: &str) -> OrderNews {
        OrderNews {
            report_key: key.into(),
            title: "Report complete",
            body: format!("The background report for {key} is complete."),
        }
    }

    #[test]
    fn one_change_opens_its_order_and_a_burst_is_one_summary() {
        assert_eq!(combine("acc", vec![], "Orders updated"), None);
        let single = combine("acc", vec![news("k1")], "Orders updated").unwrap();
        assert_eq!(single.title, "Report complete");
        assert_eq!(
            single.open,
            Some(OpenTarget {
                account_id: "acc".into(),
                report_key: "k1".into()
            })
        );
        let burst = combine("acc", vec![news("k1"), news("k2")], "Orders updated").unwrap();
        assert_eq!(burst.title, "Orders updated");
        assert!(burst.body.starts_with("2 orders"));
        assert_eq!(burst.open, None, "a summary has no single order to open");
    }
}

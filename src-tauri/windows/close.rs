//! What closing the main window does: the app keeps running in the tray (syncing and notifying)
//! unless the user chose otherwise or there is no tray icon to come back through. The first time,
//! a native dialog says so and offers "Quit instead", which turns the setting off.

use tauri::{AppHandle, Manager, Runtime, Window};

use crate::settings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseDecision {
    /// End the app.
    Quit,
    /// Hide the window; `tell` the first time.
    Hide { tell: bool },
}

/// `keep_running`: the "Keep running in the tray" setting; `tray_shown`: a tray icon exists;
/// `told`: the first-close notice was already shown.
pub fn decide(keep_running: bool, tray_shown: bool, told: bool) -> CloseDecision {
    if keep_running && tray_shown {
        CloseDecision::Hide { tell: !told }
    } else {
        CloseDecision::Quit
    }
}

/// Handles a close request of the main window (before it closes).
pub fn on_close_requested<R: Runtime>(window: &Window<R>, api: &tauri::CloseRequestApi) {
    let app = window.app_handle();
    let keep_running = settings::load(app)
        .map(|s| s.keep_running_in_tray)
        .unwrap_or(true);
    match decide(
        keep_running,
        crate::tray::is_shown(app),
        settings::tray_notice_shown(app),
    ) {
        CloseDecision::Quit => {
            log::info!("the main window was closed: quitting");
            app.exit(0);
        }
        CloseDecision::Hide { tell } => {
            api.prevent_close();
            let _ = window.hide();
            log::info!("the main window was closed: running on in the tray");
            if tell {
                settings::remember_tray_notice(app);
                tell_once(app);
            }
        }
    }
}

const KEEP_RUNNING: &str = "Keep running";
const QUIT_INSTEAD: &str = "Quit instead";

/// Only the "Quit instead" button quits: closing the dialog (Esc, its close button) keeps the
/// app running, as the window's close did.
pub fn quits(answer: &tauri_plugin_dialog::MessageDialogResult) -> bool {
    matches!(answer, tauri_plugin_dialog::MessageDialogResult::Custom(label) if label == QUIT_INSTEAD)
}

fn tell_once<R: Runtime>(app: &AppHandle<R>) {
    use tauri_plugin_dialog::{DialogExt, MessageDialogButtons};
    let app = app.clone();
    app.dialog()
        .message(
            "ClearChecks Desktop keeps running in the tray, so it can keep checking your orders \
             and tell you when one needs you. Open it again from the tray icon or by starting \
             ClearChecks again; quit it from the tray's menu or with Ctrl+Q.\n\nYou can change this in Settings: \"Keep running in the tray when \
             the window is closed\".",
        )
        .title("ClearChecks is still running")
        // "Keep running" holds the cancel role: closing the dialog answers with it (GTK).
        .buttons(MessageDialogButtons::OkCancelCustom(
            QUIT_INSTEAD.into(),
            KEEP_RUNNING.into(),
        ))
        .show_with_result(move |answer| {
            if !quits(&answer) {
                return;
            }
            let turned_off = settings::load(&app).and_then(|s| {
                settings::save(
                    &app,
                    &settings::Settings {
                        keep_running_in_tray: false,
                        ..s
                    },
                )
            });
            if let Err(err) = turned_off {
                log::warn!("could not save \"keep running in the tray\": {err}");
            }
            log::info!("the user chose to quit instead of running in the tray");
            app.exit(0);
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_hides_the_window_and_says_so_once() {
        assert_eq!(
            decide(true, true, false),
            CloseDecision::Hide { tell: true }
        );
        assert_eq!(
            decide(true, true, true),
            CloseDecision::Hide { tell: false }
        );
    }

    #[test]
    fn closing_quits_when_asked_or_without_a_tray_to_come_back_through() {
        assert_eq!(decide(false, true, false), CloseDecision::Quit);
        assert_eq!(decide(false, true, true), CloseDecision::Quit);
        assert_eq!(decide(true, false, false), CloseDecision::Quit);
        assert_eq!(decide(false, false, true), CloseDecision::Quit);
    }

    #[test]
    fn only_the_quit_button_of_the_notice_quits() {
        use tauri_plugin_dialog::MessageDialogResult;
        assert!(quits(&MessageDialogResult::Custom(QUIT_INSTEAD.into())));
        for kept in [
            MessageDialogResult::Custom(KEEP_RUNNING.into()),
            MessageDialogResult::Cancel,
            MessageDialogResult::Ok,
            MessageDialogResult::No,
        ] {
            assert!(!quits(&kept), "{kept:?}");
        }
    }
}

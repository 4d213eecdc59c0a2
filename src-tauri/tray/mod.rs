//! The tray icon: the app's presence while its window is closed. It shows how many orders need
//! the coordinator (`sync::attention` counts them) and offers Open, New order, Sync now, Pause
//! notifications and Quit.
//!
//! Linux shows it through libayatana-appindicator (StatusNotifierItem): a click on the icon
//! opens the menu, the tooltip is not shown, the title (the count) is shown next to the icon.

pub mod menu;

use chrono::{Local, Utc};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use crate::events::NewOrderRequested;
use crate::state::AppState;
use crate::sync::pause::{NotificationPause, PauseChoice};
use menu::{Entry, TrayAction};

const ID: &str = "main";

/// Whether the tray icon was created (without one, closing the window quits the app).
pub fn is_shown<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.tray_by_id(ID).is_some()
}

/// Creates the tray icon. Called once in `setup`; a failure is logged, and the app then quits
/// when its window is closed.
pub fn create<R: Runtime>(app: &AppHandle<R>) {
    let built = native_menu(app).and_then(|menu| {
        let mut builder = TrayIconBuilder::with_id(ID)
            .menu(&menu)
            .tooltip(menu::tooltip(0))
            .show_menu_on_left_click(true)
            .on_menu_event(|app, event| {
                if let Some(action) = TrayAction::from_id(event.id().as_ref()) {
                    act(app, action);
                }
            });
        if let Some(icon) = app.default_window_icon() {
            builder = builder.icon(icon.clone());
        }
        builder.build(app)
    });
    match built {
        Ok(_) => log::info!("tray icon shown"),
        Err(err) => log::warn!("no tray icon ({err}); closing the window will quit the app"),
    }
}

fn native_menu<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let now = Utc::now();
    let paused = app
        .try_state::<NotificationPause>()
        .and_then(|p| p.paused_until(now))
        .map(|t| t.with_timezone(&Local));
    let menu = Menu::new(app)?;
    for entry in menu::entries(paused, now.with_timezone(&Local)) {
        match entry {
            Entry::Item { action, label } => menu.append(&MenuItem::with_id(
                app,
                action.id(),
                label,
                true,
                None::<&str>,
            )?)?,
            Entry::Note(text) => menu.append(&MenuItem::new(app, text, false, None::<&str>)?)?,
            Entry::Separator => menu.append(&PredefinedMenuItem::separator(app)?)?,
        }
    }
    Ok(menu)
}

fn tray<R: Runtime>(app: &AppHandle<R>) -> Option<TrayIcon<R>> {
    app.tray_by_id(ID)
}

/// Shows the number of orders that need the coordinator.
pub fn show_attention<R: Runtime>(app: &AppHandle<R>, needing: usize) {
    let Some(tray) = tray(app) else { return };
    let _ = tray.set_tooltip(Some(menu::tooltip(needing)));
    let _ = tray.set_title(menu::title(needing));
}

/// Rebuilds the menu (after a pause starts or ends).
fn refresh_menu<R: Runtime>(app: &AppHandle<R>) {
    if let (Some(tray), Ok(menu)) = (tray(app), native_menu(app)) {
        let _ = tray.set_menu(Some(menu));
    }
}

fn act<R: Runtime>(app: &AppHandle<R>, action: TrayAction) {
    log::info!("tray: {action:?}");
    match action {
        TrayAction::Open => crate::windows::main_window::reveal(app),
        TrayAction::NewOrder => {
            crate::windows::main_window::reveal(app);
            if let Err(err) = (NewOrderRequested {}).emit(app) {
                log::warn!("could not ask the UI for a new order: {err}");
            }
        }
        TrayAction::SyncNow => {
            if let Some(state) = app.try_state::<AppState>() {
                let state = state.inner().clone();
                tauri::async_runtime::spawn(async move { state.sync().refresh_active().await });
            }
        }
        TrayAction::PauseOneHour | TrayAction::PauseUntilTomorrow => {
            let choice = if action == TrayAction::PauseOneHour {
                PauseChoice::OneHour
            } else {
                PauseChoice::UntilTomorrow
            };
            if let Some(pause) = app.try_state::<NotificationPause>() {
                let until = pause.pause(choice, Utc::now());
                log::info!("notifications paused until {until}");
                // The menu stops saying "paused" when the pause is over.
                let wait = (until - Utc::now()).to_std().unwrap_or_default();
                let app = app.clone();
                tauri::async_runtime::spawn(async move {
                    tokio::time::sleep(wait).await;
                    refresh_menu(&app);
                });
            }
            refresh_menu(app);
        }
        TrayAction::Resume => {
            if let Some(pause) = app.try_state::<NotificationPause>() {
                pause.resume();
            }
            refresh_menu(app);
        }
        TrayAction::Quit => app.exit(0),
    }
}

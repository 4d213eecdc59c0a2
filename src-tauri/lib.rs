//! ClearChecks Desktop: the Tauri shell around `clearchecks-core`.
//!
//! This crate only wires things together: plugins, managed state, windows and the thin command
//! wrappers in `commands/`. The API client, rate limiter, poller and secret store live in the
//! Tauri-free `crates/clearchecks-core`; see `docs/ARCHITECTURE.md`.

mod commands;
mod completeness;
mod error;
mod events;
pub mod ipc;
pub mod order_activity;
mod platform_settings;
mod private_data;
mod rate_wait;
mod saved_orders;
mod settings;
mod state;
mod sync;
mod test_hooks;
mod test_timing;
mod tray;
pub mod updates;
mod windows;

use tauri::webview::PageLoadEvent;
use tauri::Manager;

use crate::state::AppState;

/// Where this build keeps its data and which keyring service holds its tokens: Tauri's data
/// directory for the (channel-specific) identifier, unless a test build's tests override either
/// (`test_hooks`).
fn app_identity(
    app: &tauri::AppHandle,
) -> Result<clearchecks_core::profiles::Identity, Box<dyn std::error::Error>> {
    let identifier = app.config().identifier.clone();
    let data_dir = match test_hooks::var_os("CLEARCHECKS_DATA_DIR") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => app.path().app_data_dir()?,
    };
    let service = test_hooks::var_os("CLEARCHECKS_KEYRING_SERVICE")
        .map(|v| v.to_string_lossy().into_owned())
        .unwrap_or_else(|| identifier.clone());
    log::info!(
        "keyring backend: {}",
        clearchecks_core::secrets::backend_name()
    );
    Ok(clearchecks_core::profiles::Identity::from_parts(
        &identifier,
        &service,
        &data_dir,
    ))
}

/// Command-line options the app understands (the OS may pass others; they are ignored).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LaunchOptions {
    /// `--demo`: open straight into demo mode on the embedded simulator.
    pub demo: bool,
    /// `--autostart` (what launch at login passes) or `--hidden`: start in the tray, window hidden.
    pub hidden: bool,
}

/// The argument launch at login starts the app with.
pub const AUTOSTART_ARG: &str = "--autostart";

impl LaunchOptions {
    pub fn from_args<I: IntoIterator<Item = String>>(args: I) -> Self {
        let args: Vec<String> = args.into_iter().skip(1).collect();
        let has = |flag: &str| args.iter().any(|a| a == flag);
        LaunchOptions {
            demo: has("--demo"),
            hidden: has(AUTOSTART_ARG) || has("--hidden"),
        }
    }
}

pub fn run() {
    // Before any thread starts: everything the app and its web engine create is the user's alone.
    clearchecks_core::private_files::restrict_umask();
    if !test_hooks::ENABLED {
        // Tauri's runtime reads this too (WebDriver automation): a shipped build is never driven.
        std::env::remove_var("TAURI_WEBVIEW_AUTOMATION");
    }
    let options = LaunchOptions::from_args(std::env::args());
    let start_hidden = options.hidden;
    let specta = ipc::builder();

    let mut context = tauri::generate_context!("tauri.conf.json");
    if cfg!(debug_assertions) {
        // Dev builds get their own identity, so they never read or overwrite a release build's data
        // directory, window state or keychain entries.
        let identifier = format!("{}.dev", context.config().identifier);
        context.config_mut().identifier = identifier;
    }

    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            windows::main_window::reveal(app)
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                .targets([
                    tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::LogDir {
                        file_name: None,
                    }),
                    tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::Stderr),
                ])
                .level(log::LevelFilter::Info)
                // Transport crates log request URLs at debug level; keep them quiet regardless.
                .level_for("reqwest", log::LevelFilter::Warn)
                .level_for("hyper", log::LevelFilter::Warn)
                .level_for("hyper_util", log::LevelFilter::Warn)
                .build(),
        )
        // Widget windows get random labels and are never restored: their state is not saved.
        // Visibility is not restored: the app shows the main window itself once the UI has painted,
        // and not at all when started at login (the plugin would show it on creation).
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(
                    tauri_plugin_window_state::StateFlags::all()
                        - tauri_plugin_window_state::StateFlags::VISIBLE,
                )
                .with_filter(|label| !windows::widget_window::is_widget_label(label))
                .build(),
        )
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        // Started at login: hidden in the tray. Named by the (channel-specific) identifier, so a
        // dev build never replaces the release build's login item.
        .plugin(
            tauri_plugin_autostart::Builder::new()
                .args([AUTOSTART_ARG])
                .app_name(context.config().identifier.clone())
                .build(),
        )
        .invoke_handler(specta.invoke_handler())
        // The widget host page, served with each widget window's own CSP.
        .register_asynchronous_uri_scheme_protocol(
            windows::widget_window::SCHEME,
            windows::widget_window::host_scheme::handle,
        )
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if window.label() == windows::main_window::LABEL {
                    windows::close::on_close_requested(window, api);
                }
            }
        })
        .on_page_load(move |webview, payload| {
            if webview.label() == windows::main_window::LABEL
                && payload.event() == PageLoadEvent::Finished
            {
                let app = webview.app_handle();
                // Started hidden (at login): stay in the tray — unless there is no tray icon to
                // open the window from.
                if !start_hidden || !tray::is_shown(app) {
                    windows::main_window::reveal(app);
                }
            }
        })
        .setup(move |app| {
            specta.mount_events(app);
            let identity = app_identity(app.handle())?;
            let state = AppState::new(
                identity,
                app.package_info().version.to_string(),
                options.demo,
            )?;
            app.manage(state.clone());
            // Shared by the order commands (which hold it) and the update service (which waits).
            let order_activity = order_activity::OrderActivity::default();
            app.manage(order_activity.clone());
            app.manage(sync::pause::NotificationPause::default());
            // Off the start-up path: new files are private already (umask), this mends old ones.
            let tidy_state = state.clone();
            tauri::async_runtime::spawn_blocking(move || {
                private_data::tidy(
                    tidy_state.data_dir(),
                    &tidy_state.journal().read_all().unwrap_or_default(),
                    AppState::e2e_save_dir(),
                )
            });
            if options.demo {
                let handle = app.handle().clone();
                tauri::async_runtime::spawn(async move {
                    match state.start_demo().await {
                        Ok(account) => {
                            // The window may have listed the (still empty) accounts already.
                            state.notify_accounts_changed(&handle).await;
                            commands::orders::activate(&handle, &state, &account.id).await
                        }
                        Err(err) => log::error!("demo mode could not start: {err}"),
                    }
                });
            }
            windows::widget_window::sweep_web_data(app.handle())?;
            let offered = updates::register(app.handle())?;
            let events_to = app.handle().clone();
            let update_service = updates::UpdateService::new(
                app.handle().clone(),
                offered,
                order_activity,
                move |status| {
                    let event = events::UpdateStatusChanged {
                        status: status.clone(),
                    };
                    if let Err(err) = tauri_specta::Event::emit(&event, &events_to) {
                        log::warn!("update status not sent to the window: {err}");
                    }
                },
            );
            app.manage(update_service.clone());
            // The first check waits a few seconds, off the way to the first paint.
            update_service.start();
            windows::main_window::create(app.handle())?;
            tray::create(app.handle());
            log::info!("ClearChecks Desktop {} started", app.package_info().version);
            Ok(())
        })
        .run(context)
        .expect("error while running ClearChecks Desktop");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_flag_is_read_from_arguments_after_the_program_name() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(LaunchOptions::from_args(args(&["app", "--demo"])).demo);
        assert!(!LaunchOptions::from_args(args(&["app"])).demo);
        assert!(!LaunchOptions::from_args(args(&["--demo"])).demo);
    }

    #[test]
    fn started_at_login_or_with_hidden_the_window_stays_in_the_tray() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let at_login = LaunchOptions::from_args(args(&["app", AUTOSTART_ARG]));
        assert!(at_login.hidden && !at_login.demo);
        assert!(LaunchOptions::from_args(args(&["app", "--hidden", "--demo"])).hidden);
        assert!(!LaunchOptions::from_args(args(&["app", "--demo"])).hidden);
        assert!(
            !LaunchOptions::from_args(args(&["--autostart"])).hidden,
            "the program name is not an option"
        );
        assert_eq!(AUTOSTART_ARG, "--autostart");
    }
}

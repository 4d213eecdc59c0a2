//! Quarantined windows for the three ClearChecks Connect widgets: the Report viewer, the
//! Applicant Form and the Account-creation (registration) widget.
//!
//! They run third-party script from the ClearChecks console, so they get none of the app's
//! privileges (`docs/SECURITY.md`, STYLE §14):
//! - the label `widget-<kind>-<random>` matches no capability, so every `invoke` from the window
//!   is refused (there is no capability and no `remote` grant for it, on purpose);
//! - the host page is served by Rust under its own scheme with a strict CSP for the account
//!   environment's console (`host_scheme`, `csp`);
//! - navigation is limited to the host page and that console, everything else is blocked; only a
//!   pop-up to that console can reach the system browser, after the user confirms it (`navigation`);
//! - its web data lives apart from the main window's, is non-persistent (incognito) where the
//!   platform allows it, and is thrown away (`storage`);
//! - the only way back to Rust is a reserved callback URL that is validated and cancelled
//!   (`callback`); validated events reach the caller of [`open`] on a channel, in order, and the
//!   channel ends with exactly one [`WidgetEvent::Closed`] when the window goes away.
//!
//! Parameters (a single-use report token, a source token) travel in the URL fragment, which is
//! never sent to a server and never logged: only the scheme and host of a URL are ever logged.

mod callback;
mod csp;
pub mod host_scheme;
mod navigation;
mod registry;
mod storage;

use clearchecks_core::environment::{Environment, Widget};
use clearchecks_core::reports::ReportWidgetToken;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::webview::NewWindowResponse;
use tauri::{AppHandle, Manager, Runtime, Url, WebviewUrl, WebviewWindowBuilder, WindowEvent};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

pub use callback::{valid_report_key, WidgetEvent};

use crate::error::{AppError, AppResult};
use navigation::{AllowList, Decision, PopupDecision, HOST_PAGE_PATH};
use registry::Entry;
use storage::Plan;

/// The URI scheme of the host page.
pub const SCHEME: &str = "ccwidget";
/// Every widget window's label starts with this; no capability matches it.
pub const LABEL_PREFIX: &str = "widget-";

/// What the page shows when Rust refused one of its callbacks.
const REFUSED_MESSAGE: &str =
    "The widget window sent a message ClearChecks Desktop could not accept.";

pub fn is_widget_label(label: &str) -> bool {
    label.starts_with(LABEL_PREFIX)
}

/// The three Connect widgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum WidgetKind {
    Report,
    ApplicantForm,
    Registration,
}

/// What opening a widget that is already open does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reuse {
    /// Close the old window and open a new one (a report token is single-use, so a second
    /// "Open report" means a fresh token and a fresh view).
    Replace,
    /// Bring the open window forward (it may hold what the user has typed so far).
    Focus,
}

impl WidgetKind {
    fn slug(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::ApplicantForm => "applicant-form",
            Self::Registration => "registration",
        }
    }

    /// The `kind` the host page understands.
    fn page_kind(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::ApplicantForm => "applicantForm",
            Self::Registration => "registration",
        }
    }

    fn script(self) -> Widget {
        match self {
            Self::Report => Widget::Report,
            Self::ApplicantForm => Widget::ApplicantForm,
            Self::Registration => Widget::Registration,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::Report => "Background report — ClearChecks",
            Self::ApplicantForm => "Applicant form — ClearChecks",
            Self::Registration => "Create a customer account — ClearChecks",
        }
    }

    fn size(self) -> (f64, f64) {
        match self {
            Self::Report => (920.0, 820.0),
            Self::ApplicantForm => (640.0, 860.0),
            Self::Registration => (560.0, 720.0),
        }
    }

    fn reuse(self) -> Reuse {
        match self {
            Self::Report => Reuse::Replace,
            Self::ApplicantForm | Self::Registration => Reuse::Focus,
        }
    }
}

/// What the host page needs to start a widget. `Debug` never shows the tokens.
pub enum WidgetParams {
    Report { token: ReportWidgetToken },
    ApplicantForm { report_key: String },
    Registration { source_token: String },
}

impl std::fmt::Debug for WidgetParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Report { .. } => "Report { token: <redacted> }",
            Self::ApplicantForm { .. } => "ApplicantForm { report_key: <redacted> }",
            Self::Registration { .. } => "Registration { source_token: <redacted> }",
        })
    }
}

impl WidgetParams {
    pub fn kind(&self) -> WidgetKind {
        match self {
            Self::Report { .. } => WidgetKind::Report,
            Self::ApplicantForm { .. } => WidgetKind::ApplicantForm,
            Self::Registration { .. } => WidgetKind::Registration,
        }
    }

    fn fragment_pairs(&self) -> (&'static str, &str) {
        match self {
            Self::Report { token } => ("token", token.expose_secret()),
            Self::ApplicantForm { report_key } => ("reportKey", report_key),
            Self::Registration { source_token } => ("sourceToken", source_token),
        }
    }
}

/// A widget to open.
#[derive(Debug)]
pub struct WidgetLaunch {
    /// The installation whose console serves the widget.
    pub environment: Environment,
    pub params: WidgetParams,
    /// Whose web data this is (an account id, or `platform`); see `storage`.
    pub partition: String,
    /// What the window shows (e.g. account and report key): two launches with the same kind and
    /// subject are the same window.
    pub subject: String,
}

/// The result of [`open`].
pub enum Opened {
    /// A new window; its events arrive on `events` until it is gone.
    New {
        label: String,
        events: UnboundedReceiver<WidgetEvent>,
    },
    /// The same widget was already open and was brought forward.
    Focused,
}

/// Opens (or focuses) a quarantined widget window.
pub fn open<R: Runtime>(app: &AppHandle<R>, launch: WidgetLaunch) -> AppResult<Opened> {
    let kind = launch.params.kind();
    let reuse_key = format!("{}:{}", kind.slug(), launch.subject);
    let windows = registry::of(app);
    let existing = windows
        .lock()
        .iter()
        .find(|(_, entry)| entry.reuse_key == reuse_key)
        .map(|(label, _)| label.clone());
    if let Some(label) = existing {
        match kind.reuse() {
            Reuse::Focus => {
                if let Some(window) = app.get_webview_window(&label) {
                    let _ = window.unminimize();
                    let _ = window.show();
                    let _ = window.set_focus();
                    return Ok(Opened::Focused);
                }
            }
            Reuse::Replace => close(app, &label),
        }
    }

    let label = format!(
        "{LABEL_PREFIX}{}-{:08x}",
        kind.slug(),
        rand::random::<u32>()
    );
    let allow = AllowList {
        host_origin: host_origin().to_owned(),
        console_origin: launch.environment.console_origin(),
    };
    let script = launch.environment.widget_script_url(kind.script());
    let csp = csp::host_page_policy(&allow.host_origin, &allow.console_origin, &script)
        .map_err(|reason| AppError::internal(format!("widget window policy: {reason}")))?;
    let url = host_page_url(kind, &script, &launch.params)?;
    let widget_root = app.path().app_data_dir()?.join(storage::ROOT_DIR);
    let plan = storage::plan(
        &widget_root,
        &label,
        &launch.partition,
        storage::Platform::current(),
        storage::automation_enabled(),
    );
    prepare_storage(&windows, &widget_root, &plan);

    let (sender, events) = unbounded_channel();
    windows.lock().insert(
        label.clone(),
        Entry {
            kind,
            reuse_key,
            csp,
            events: sender,
            last_seq: 0,
            closed_sent: false,
            storage: plan.clone(),
            partition: launch.partition.clone(),
        },
    );
    match build_window(app, &label, kind, url, allow, &plan) {
        Ok(()) => Ok(Opened::New { label, events }),
        Err(err) => {
            windows.lock().remove(&label);
            Err(err)
        }
    }
}

fn build_window<R: Runtime>(
    app: &AppHandle<R>,
    label: &str,
    kind: WidgetKind,
    url: Url,
    allow: AllowList,
    plan: &Plan,
) -> AppResult<()> {
    let (width, height) = kind.size();
    let nav_app = app.clone();
    let nav_label = label.to_owned();
    let popup_app = app.clone();
    let popup_label = label.to_owned();
    let popup_allow = allow.clone();
    let mut builder = WebviewWindowBuilder::new(app, label, WebviewUrl::CustomProtocol(url))
        .title(kind.title())
        .inner_size(width, height)
        .min_inner_size(420.0, 480.0)
        .center()
        .disable_drag_drop_handler()
        .on_download(|_, event| allow_download(&event))
        .on_navigation(move |url| navigate(&nav_app, &nav_label, &allow, url))
        .on_new_window(move |url, _features| {
            // Pop-ups never become app windows; only the console may reach the browser.
            match popup_allow.decide_popup(&url) {
                PopupDecision::Confirm => confirm_external(&popup_app, &popup_label, url),
                PopupDecision::Refuse => log::warn!(
                    "refused a pop-up of widget window {popup_label} to {}://{}",
                    url.scheme(),
                    url.host_str().unwrap_or("")
                ),
            }
            NewWindowResponse::Deny
        });
    let data = plan.webview_data();
    if let Some(dir) = data.data_directory {
        builder = builder.data_directory(dir);
    }
    builder = builder.incognito(data.incognito);
    let window = builder.build()?;
    let events_app = app.clone();
    let events_label = label.to_owned();
    window.on_window_event(move |event| match event {
        WindowEvent::CloseRequested { .. } => clear_partition_if_last(&events_app, &events_label),
        WindowEvent::Destroyed => forget(&events_app, &events_label),
        _ => {}
    });
    Ok(())
}

/// Widget windows download nothing: a report's PDF is saved through the main window (save dialog
/// and journal), and nothing may land silently in `~/Downloads`.
fn allow_download(event: &tauri::webview::DownloadEvent<'_>) -> bool {
    if let tauri::webview::DownloadEvent::Requested { url, .. } = event {
        log::warn!(
            "refused a download in a widget window from {}://{}",
            url.scheme(),
            url.host_str().unwrap_or("")
        );
    }
    false
}

/// Start-up: deletes every widget's web data left by an earlier run (no widget window is open yet).
pub fn sweep_web_data<R: Runtime>(app: &AppHandle<R>) -> AppResult<()> {
    let root = app.path().app_data_dir()?.join(storage::ROOT_DIR);
    tauri::async_runtime::spawn_blocking(move || storage::sweep_all(&root));
    Ok(())
}

/// An account was removed: its widget windows close and its web data is deleted.
pub fn discard_web_data<R: Runtime>(app: &AppHandle<R>, partition: &str) -> AppResult<()> {
    let root = app.path().app_data_dir()?.join(storage::ROOT_DIR);
    let dir = storage::partition_dir(&root, partition);
    let labels: Vec<String> = registry::of(app)
        .lock()
        .iter()
        .filter(|(_, entry)| entry.partition == partition)
        .map(|(label, _)| label.clone())
        .collect();
    for label in &labels {
        close(app, label);
    }
    // After the windows are gone (the web engine lets go of its files a moment later).
    tauri::async_runtime::spawn(storage::remove_dir_eventually(dir));
    Ok(())
}

/// `ccwidget://localhost`, which Tauri serves as `http://ccwidget.localhost` on Windows.
fn host_origin() -> &'static str {
    if cfg!(windows) {
        "http://ccwidget.localhost"
    } else {
        "ccwidget://localhost"
    }
}

/// The host page URL, its parameters form-encoded in the fragment.
fn host_page_url(kind: WidgetKind, script: &str, params: &WidgetParams) -> AppResult<Url> {
    let mut url =
        Url::parse(&format!("{}{HOST_PAGE_PATH}", host_origin())).map_err(AppError::internal)?;
    // A scratch URL is the dependency-free way to form-encode: its query becomes our fragment.
    let mut scratch = Url::parse("ccwidget://localhost/").map_err(AppError::internal)?;
    let (name, value) = params.fragment_pairs();
    scratch
        .query_pairs_mut()
        .append_pair("kind", kind.page_kind())
        .append_pair("script", script)
        .append_pair(name, value);
    url.set_fragment(scratch.query());
    Ok(url)
}

fn navigate<R: Runtime>(app: &AppHandle<R>, label: &str, allow: &AllowList, url: &Url) -> bool {
    match allow.decide(url) {
        Decision::AllowHostPage | Decision::AllowConsole => true,
        Decision::Callback => {
            receive_callback(app, label, url);
            false
        }
        Decision::Block => {
            log::warn!(
                "blocked navigation of widget window {label} to {}://{}",
                url.scheme(),
                url.host_str().unwrap_or("")
            );
            false
        }
    }
}

/// Asks the user before a console page leaves the widget window for the browser: the click on
/// the native dialog is the user gesture the page cannot fake. One question per window at a
/// time; pop-ups asked for meanwhile are dropped.
fn confirm_external<R: Runtime>(app: &AppHandle<R>, label: &str, url: Url) {
    use tauri_plugin_dialog::{DialogExt, MessageDialogButtons};
    let Some(window) = app.get_webview_window(label) else {
        return;
    };
    if !registry::of(app).start_confirmation(label) {
        log::warn!("dropped a pop-up of widget window {label}: a question is already open");
        return;
    }
    let host = url.host_str().unwrap_or("").to_owned();
    let app = app.clone();
    let label = label.to_owned();
    app.dialog()
        .message(format!(
            "Open this ClearChecks page in your browser?\n\n{host}"
        ))
        .title("Open in browser")
        .buttons(MessageDialogButtons::OkCancelCustom(
            "Open in browser".into(),
            "Cancel".into(),
        ))
        .parent(&window)
        .show(move |confirmed| {
            registry::of(&app).end_confirmation(&label);
            if confirmed {
                open_in_browser(&app, &url);
            } else {
                log::info!("the user did not open {host} from widget window {label}");
            }
        });
}

fn open_in_browser<R: Runtime>(app: &AppHandle<R>, url: &Url) {
    // Logged (host only) by the owner; a refusal or a missing browser is not the page's business.
    let _ = super::external::open(app, url);
}

/// Validates a callback, hands a new event to the window's listener, and acknowledges it.
fn receive_callback<R: Runtime>(app: &AppHandle<R>, label: &str, url: &Url) {
    let windows = registry::of(app);
    let mut entries = windows.lock();
    let Some(entry) = entries.get_mut(label) else {
        return;
    };
    let script = match callback::parse(url) {
        Err(rejection) => {
            log::warn!(
                "refused a callback from widget window {label}: {}",
                rejection.reason()
            );
            let _ = entry.events.send(WidgetEvent::Failed {
                message: REFUSED_MESSAGE.to_owned(),
            });
            "window.ccWidgetHost && window.ccWidgetHost.refused()".to_owned()
        }
        Ok(callback::Callback { seq, event }) => {
            let closing = event == WidgetEvent::Closed;
            if seq > entry.last_seq {
                entry.last_seq = seq;
                let repeat_close = closing && entry.closed_sent;
                entry.closed_sent |= closing;
                if !repeat_close {
                    let _ = entry.events.send(event);
                }
            }
            if closing {
                drop(entries);
                close(app, label);
                return;
            }
            format!("window.ccWidgetHost && window.ccWidgetHost.ack({seq})")
        }
    };
    drop(entries);
    run_in_page(app, label, script);
}

/// Messages Rust may show in a widget window after acting on its callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The registration succeeded at ClearChecks but the account could not be stored here.
    LinkFailed,
}

pub fn notify<R: Runtime>(app: &AppHandle<R>, label: &str, notice: Notice) {
    let code = match notice {
        Notice::LinkFailed => "linkFailed",
    };
    run_in_page(
        app,
        label,
        format!("window.ccWidgetHost && window.ccWidgetHost.notice('{code}')"),
    );
}

/// Runs one of our fixed snippets in the window, off the navigation callback's stack (the web
/// engine is in the middle of a policy decision there).
fn run_in_page<R: Runtime>(app: &AppHandle<R>, label: &str, script: String) {
    let app = app.clone();
    let label = label.to_owned();
    tauri::async_runtime::spawn(async move {
        if let Some(window) = app.get_webview_window(&label) {
            if let Err(err) = window.eval(&script) {
                log::warn!("could not reach widget window {label}: {err}");
            }
        }
    });
}

/// Closes a widget window (its listener then receives `Closed`, once).
pub fn close<R: Runtime>(app: &AppHandle<R>, label: &str) {
    let app = app.clone();
    let label = label.to_owned();
    tauri::async_runtime::spawn(async move {
        if let Some(window) = app.get_webview_window(&label) {
            if let Err(err) = window.close() {
                log::warn!("could not close widget window {label}: {err}");
            }
        }
    });
}

/// Resets a Linux partition before its first use in this run, and sweeps per-window directories
/// a crash left behind.
fn prepare_storage(windows: &registry::WidgetWindows, widget_root: &std::path::Path, plan: &Plan) {
    match plan {
        Plan::Partition { dir } if windows.first_use_of(dir) => {
            if let Err(err) = std::fs::remove_dir_all(dir) {
                if err.kind() != std::io::ErrorKind::NotFound {
                    log::warn!("could not reset a widget data directory: {err}");
                }
            }
        }
        Plan::PerWindow { .. } => {
            let open: Vec<String> = windows.lock().keys().cloned().collect();
            for dir in storage::stale_window_dirs(widget_root, &open) {
                tauri::async_runtime::spawn(storage::remove_dir_eventually(dir));
            }
        }
        _ => {}
    }
}

/// Linux: the last window of an account's partition takes that partition's web data with it.
fn clear_partition_if_last<R: Runtime>(app: &AppHandle<R>, label: &str) {
    let windows = registry::of(app);
    let entries = windows.lock();
    let Some(Plan::Partition { dir }) = entries.get(label).map(|e| &e.storage) else {
        return;
    };
    let others = entries
        .iter()
        .any(|(l, e)| l != label && matches!(&e.storage, Plan::Partition { dir: d } if d == dir));
    drop(entries);
    if !others {
        if let Some(window) = app.get_webview_window(label) {
            if let Err(err) = window.clear_all_browsing_data() {
                log::warn!("could not clear a widget window's web data: {err}");
            }
        }
    }
}

/// The window is gone: deliver `Closed` if the widget never did, end its event channel, and
/// delete its own web data.
fn forget<R: Runtime>(app: &AppHandle<R>, label: &str) {
    let Some(entry) = registry::of(app).lock().remove(label) else {
        return;
    };
    if !entry.closed_sent {
        let _ = entry.events.send(WidgetEvent::Closed);
    }
    if let Plan::PerWindow { dir } = entry.storage {
        tauri::async_runtime::spawn(storage::remove_dir_eventually(dir));
    }
    log::info!("closed {:?} widget window {label}", entry.kind);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_page_url_carries_parameters_only_in_the_fragment() {
        let url = host_page_url(
            WidgetKind::ApplicantForm,
            "https://sandbox.clearchecks.com/js/widgets/applicant-form-widget.js",
            &WidgetParams::ApplicantForm {
                report_key: "rk_1".into(),
            },
        )
        .unwrap();
        assert_eq!(url.path(), HOST_PAGE_PATH);
        assert_eq!(url.query(), None);
        let fragment = url.fragment().unwrap();
        let pairs: Vec<(String, String)> = Url::parse(&format!("x://y/?{fragment}"))
            .unwrap()
            .query_pairs()
            .into_owned()
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("kind".into(), "applicantForm".into()),
                (
                    "script".into(),
                    "https://sandbox.clearchecks.com/js/widgets/applicant-form-widget.js".into()
                ),
                ("reportKey".into(), "rk_1".into()),
            ]
        );
        let allow = AllowList {
            host_origin: host_origin().into(),
            console_origin: "https://sandbox.clearchecks.com".into(),
        };
        assert_eq!(allow.decide(&url), Decision::AllowHostPage);
    }

    #[test]
    fn source_tokens_with_reserved_characters_survive_the_fragment() {
        let url = host_page_url(
            WidgetKind::Registration,
            "https://app.clearchecks.com/js/widgets/registration-widget.js",
            &WidgetParams::Registration {
                source_token: "a+b&c=d#e f".into(),
            },
        )
        .unwrap();
        let fragment = url.fragment().unwrap();
        assert!(!fragment.contains('#') && !fragment.contains(' '));
        let token = Url::parse(&format!("x://y/?{fragment}"))
            .unwrap()
            .query_pairs()
            .find(|(k, _)| k == "sourceToken")
            .map(|(_, v)| v.into_owned());
        assert_eq!(token.as_deref(), Some("a+b&c=d#e f"));
    }

    #[test]
    fn widget_windows_refuse_every_download() {
        let mut destination = std::path::PathBuf::from("/home/u/Downloads/report.pdf");
        let event = tauri::webview::DownloadEvent::Requested {
            url: Url::parse("https://app.clearchecks.com/report.pdf").unwrap(),
            destination: &mut destination,
        };
        assert!(!allow_download(&event));
    }

    #[test]
    fn labels_and_kinds() {
        assert!(is_widget_label("widget-report-0a1b2c3d"));
        assert!(!is_widget_label("main"));
        assert_eq!(
            serde_json::to_value(WidgetKind::ApplicantForm).unwrap(),
            "applicantForm"
        );
        assert_eq!(WidgetKind::Report.reuse(), Reuse::Replace);
        assert_eq!(WidgetKind::Registration.reuse(), Reuse::Focus);
        assert_eq!(
            format!(
                "{:?}",
                WidgetParams::Registration {
                    source_token: "src-secret".into()
                }
            ),
            "Registration { source_token: <redacted> }"
        );
    }
}

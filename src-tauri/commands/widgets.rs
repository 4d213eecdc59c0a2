//! Opening the ClearChecks Connect widgets in quarantined windows (`windows::widget_window`), and
//! acting on what they report: a submitted applicant form refreshes the orders, a completed
//! registration is exchanged for the new customer's API token and connected.

use clearchecks_core::journal::{JournalAction, NewEntry};
use clearchecks_core::platform::RegistrationTokenDecryptor;
use clearchecks_core::token::ApiToken;
use tauri::{AppHandle, Runtime, State};
use tauri_specta::Event;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::commands::accounts::AccountSummary;
use crate::error::{AppError, AppResult};
use crate::events::{WidgetActivity, WidgetOutcome};
use crate::platform_settings::{self, PlatformAccess};
use crate::state::AppState;
use crate::windows::widget_window::{
    self, Notice, Opened, WidgetEvent, WidgetKind, WidgetLaunch, WidgetParams,
};

/// Opens the formatted report in the Report widget, with a fresh single-use token.
#[tauri::command]
#[specta::specta]
pub async fn open_report(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
    report_key: String,
) -> AppResult<()> {
    let report_key = checked_report_key(&report_key)?;
    let session = state.session(&account_id).await?;
    // Minted for this opening only: never cached, never logged (Debug is redacted).
    let token = session
        .client
        .report_widget_token(&report_key)
        .await
        .map_err(|err| match AppError::from(err) {
            AppError::NotFound { reason, .. } => AppError::NotFound {
                what: "This report".to_owned(),
                reason,
            },
            other => other,
        })?;
    let opened = widget_window::open(
        &app,
        WidgetLaunch {
            environment: session.environment.clone(),
            params: WidgetParams::Report { token },
            partition: account_id.clone(),
            subject: format!("{account_id}:{report_key}"),
        },
    )?;
    state.record(
        JournalAction::ReportOpened,
        NewEntry {
            report_keys: vec![report_key.clone()],
            ..session.journal_entry("Opened the report in the ClearChecks report viewer")
        },
    );
    listen(
        &app,
        opened,
        WidgetKind::Report,
        Some(account_id),
        Some(report_key),
    );
    Ok(())
}

/// Opens the Applicant Form for an order still waiting for the applicant's details.
#[tauri::command]
#[specta::specta]
pub async fn open_applicant_form(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
    report_key: String,
) -> AppResult<()> {
    let report_key = checked_report_key(&report_key)?;
    let session = state.session(&account_id).await?;
    let opened = widget_window::open(
        &app,
        WidgetLaunch {
            environment: session.environment.clone(),
            params: WidgetParams::ApplicantForm {
                report_key: report_key.clone(),
            },
            partition: account_id.clone(),
            subject: format!("{account_id}:{report_key}"),
        },
    )?;
    if matches!(opened, Opened::New { .. }) {
        state.record(
            JournalAction::ApplicantFormOpened,
            NewEntry {
                report_keys: vec![report_key.clone()],
                ..session.journal_entry("Opened the applicant form")
            },
        );
    }
    listen(
        &app,
        opened,
        WidgetKind::ApplicantForm,
        Some(account_id),
        Some(report_key),
    );
    Ok(())
}

/// Platform mode: opens the Account widget; the account it creates is connected here.
#[tauri::command]
#[specta::specta]
pub async fn create_customer_account(app: AppHandle, state: State<'_, AppState>) -> AppResult<()> {
    let access = platform_settings::access(&app, &state).await?;
    let opened = widget_window::open(
        &app,
        WidgetLaunch {
            environment: access.environment.clone(),
            params: WidgetParams::Registration {
                source_token: access.source_token.clone(),
            },
            partition: "platform".to_owned(),
            subject: "platform".to_owned(),
        },
    )?;
    if let Opened::New { label, events } = opened {
        let app = app.clone();
        let state = state.inner().clone();
        tauri::async_runtime::spawn(async move {
            registration_events(app, state, access, label, events).await;
        });
    }
    Ok(())
}

fn checked_report_key(report_key: &str) -> AppResult<String> {
    widget_window::valid_report_key(report_key.trim())
        .map(str::to_owned)
        .map_err(|_| AppError::invalid_input("reportKey", "This is not a ClearChecks report key."))
}

/// Forwards a Report or Applicant Form window's events to the main window.
fn listen<R: Runtime>(
    app: &AppHandle<R>,
    opened: Opened,
    widget: WidgetKind,
    account_id: Option<String>,
    report_key: Option<String>,
) {
    let Opened::New { mut events, .. } = opened else {
        return;
    };
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = tauri::Manager::state::<AppState>(&app).inner().clone();
        while let Some(event) = events.recv().await {
            let outcome = match event {
                WidgetEvent::ApplicantSubmitted {
                    report_key: submitted,
                } => {
                    if submitted.is_some() && submitted != report_key {
                        log::warn!("the applicant form reported a different report key; ignored");
                        continue;
                    }
                    if let Some(account_id) = &account_id {
                        state.sync().refresh_now(account_id).await;
                    }
                    WidgetOutcome::ApplicantSubmitted
                }
                WidgetEvent::Closed => WidgetOutcome::Closed,
                WidgetEvent::Failed { message } => WidgetOutcome::Failed {
                    message,
                    error: None,
                },
                WidgetEvent::RegistrationCompleted { .. } => {
                    log::warn!("a {widget:?} widget reported a registration; ignored");
                    continue;
                }
            };
            emit(
                &app,
                widget,
                account_id.clone(),
                report_key.clone(),
                outcome,
            );
        }
    });
}

/// The Account widget's events: a completed registration is linked, at most once per window.
async fn registration_events<R: Runtime>(
    app: AppHandle<R>,
    state: AppState,
    access: PlatformAccess,
    label: String,
    mut events: UnboundedReceiver<WidgetEvent>,
) {
    let platform_id = access.platform_account_id.clone();
    let mut linked = false;
    while let Some(event) = events.recv().await {
        let outcome = match event {
            WidgetEvent::RegistrationCompleted { token } if !linked => {
                linked = true;
                match link_customer(&app, &state, &access, token.expose_secret()).await {
                    Ok(account) => {
                        widget_window::close(&app, &label);
                        WidgetOutcome::CustomerAccountCreated { account }
                    }
                    Err(error) => {
                        widget_window::notify(&app, &label, Notice::LinkFailed);
                        WidgetOutcome::Failed {
                            message: "The customer account was created at ClearChecks, but it could not be added here.".to_owned(),
                            error: Some(error),
                        }
                    }
                }
            }
            WidgetEvent::RegistrationCompleted { .. } => {
                log::warn!("the Account widget reported a second registration; ignored");
                continue;
            }
            WidgetEvent::Closed => WidgetOutcome::Closed,
            WidgetEvent::Failed { message } => WidgetOutcome::Failed {
                message,
                error: None,
            },
            WidgetEvent::ApplicantSubmitted { .. } => continue,
        };
        emit(
            &app,
            WidgetKind::Registration,
            platform_id.clone(),
            None,
            outcome,
        );
    }
}

/// Exchanges the registration token (once: it is single-use) and connects the new account.
async fn link_customer<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    access: &PlatformAccess,
    registration_token: &str,
) -> AppResult<AccountSummary> {
    let linked = access
        .client
        .decrypt_registration_token(registration_token, &access.private_key)
        .await?;
    let company = company_name(state, access, &linked.api_token).await;
    let account = state
        .add_linked_account(
            app,
            String::new(),
            access.environment.clone(),
            linked.api_token,
            company,
        )
        .await?;
    state.record(
        JournalAction::CustomerAccountCreated,
        NewEntry {
            account_id: account.id.clone(),
            account_label: account.label.clone(),
            environment: access.environment.kind_str().to_owned(),
            summary: format!(
                "Created the customer account {} with the Account widget",
                account.label
            ),
            ..NewEntry::default()
        },
    );
    Ok(account)
}

/// The new account's company name, for its label. The token is already issued, so a failure
/// here must not lose it: the account is connected without a name instead.
async fn company_name(
    state: &AppState,
    access: &PlatformAccess,
    token: &ApiToken,
) -> Option<String> {
    let client = state
        .build_client(access.environment.clone(), token.clone())
        .ok()?;
    match client.account().await {
        Ok(account) => account.company_name,
        Err(err) => {
            log::warn!("the new customer account's details could not be read: {err}");
            None
        }
    }
}

fn emit<R: Runtime>(
    app: &AppHandle<R>,
    widget: WidgetKind,
    account_id: Option<String>,
    report_key: Option<String>,
    outcome: WidgetOutcome,
) {
    let activity = WidgetActivity {
        widget,
        account_id,
        report_key,
        outcome,
    };
    if let Err(err) = activity.emit(app) {
        log::warn!("could not tell the main window about a widget: {err}");
    }
}

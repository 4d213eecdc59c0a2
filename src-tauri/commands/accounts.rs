//! Connecting, switching, renaming and removing ClearChecks accounts, and demo mode.

use clearchecks_core::accounts::AccountDetails;
use clearchecks_core::environment::Environment;
use clearchecks_core::profiles::AccountProfile;
use clearchecks_core::token::ApiToken;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, State};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum EnvironmentKind {
    Sandbox,
    Production,
    Custom,
    Demo,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountSummary {
    pub id: String,
    pub label: String,
    pub environment: EnvironmentKind,
    pub base_url: Option<String>,
    pub company_name: Option<String>,
    pub added_at: String,
}

impl From<&AccountProfile> for AccountSummary {
    fn from(profile: &AccountProfile) -> Self {
        let environment = match profile.environment.kind_str() {
            "sandbox" => EnvironmentKind::Sandbox,
            "production" => EnvironmentKind::Production,
            "demo" => EnvironmentKind::Demo,
            _ => EnvironmentKind::Custom,
        };
        AccountSummary {
            id: profile.id.clone(),
            label: profile.label.clone(),
            environment,
            base_url: profile.environment.base_url().map(str::to_owned),
            company_name: profile.company_name.clone(),
            added_at: profile.added_at.to_rfc3339(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountsOverview {
    pub accounts: Vec<AccountSummary>,
    pub active_id: Option<String>,
}

/// What the connect form sends. The token goes to the keyring and is never sent back.
#[derive(Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectAccountInput {
    pub label: String,
    pub environment: EnvironmentKind,
    pub base_url: Option<String>,
    pub token: String,
}

fn environment_from(kind: EnvironmentKind, base_url: Option<&str>) -> AppResult<Environment> {
    match kind {
        EnvironmentKind::Sandbox => Ok(Environment::Sandbox),
        EnvironmentKind::Production => Ok(Environment::Production),
        EnvironmentKind::Custom => {
            let url = base_url.map(str::trim).filter(|u| !u.is_empty());
            let url = url.ok_or_else(|| {
                AppError::invalid_input(
                    "baseUrl",
                    "Enter the API address, e.g. https://example.com/api",
                )
            })?;
            Environment::custom(url)
                .map_err(|err| AppError::invalid_input("baseUrl", err.to_string()))
        }
        EnvironmentKind::Demo => Err(AppError::invalid_input(
            "environment",
            "Use \"Try the demo\" for the demo account.",
        )),
    }
}

#[tauri::command]
#[specta::specta]
pub async fn list_accounts(state: State<'_, AppState>) -> AppResult<AccountsOverview> {
    state.overview().await
}

#[tauri::command]
#[specta::specta]
pub async fn connect_account(
    app: AppHandle,
    state: State<'_, AppState>,
    input: ConnectAccountInput,
) -> AppResult<AccountSummary> {
    let environment = environment_from(input.environment, input.base_url.as_deref())?;
    let token = ApiToken::new(&input.token)?;
    let summary = state.connect(&input.label, environment, token).await?;
    crate::commands::orders::activate(&app, &state, &summary.id).await;
    Ok(summary)
}

#[tauri::command]
#[specta::specta]
pub async fn start_demo(app: AppHandle, state: State<'_, AppState>) -> AppResult<AccountSummary> {
    let summary = state.start_demo().await?;
    crate::commands::orders::activate(&app, &state, &summary.id).await;
    Ok(summary)
}

#[tauri::command]
#[specta::specta]
pub async fn set_active_account(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
) -> AppResult<AccountsOverview> {
    state.set_active(&account_id).await?;
    crate::commands::orders::activate(&app, &state, &account_id).await;
    state.overview().await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_account(
    state: State<'_, AppState>,
    account_id: String,
    label: String,
) -> AppResult<AccountSummary> {
    state.rename(&account_id, &label).await
}

#[tauri::command]
#[specta::specta]
pub async fn replace_token(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
    token: String,
) -> AppResult<AccountSummary> {
    let token = ApiToken::new(&token)?;
    let summary = state.replace_token(&account_id, token).await?;
    // A running poller still holds the client with the old token (perhaps revoked): restart it
    // with the new session, or sync would keep failing until the next launch.
    if state.sync().is_syncing(&account_id).await {
        state.sync().stop(&account_id).await;
        crate::commands::orders::activate(&app, &state, &account_id).await;
    }
    Ok(summary)
}

#[tauri::command]
#[specta::specta]
pub async fn remove_account(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
) -> AppResult<AccountsOverview> {
    state.sync().stop(&account_id).await;
    state.remove(&account_id).await?;
    // The account's report viewer data (cookies, storage, cache) goes with it.
    if let Err(err) = crate::windows::widget_window::discard_web_data(&app, &account_id) {
        log::warn!("could not delete a removed account's widget data: {err}");
    }
    let overview = state.overview().await?;
    if let Some(next) = overview.active_id.clone() {
        crate::commands::orders::activate(&app, &state, &next).await;
    }
    Ok(overview)
}

#[tauri::command]
#[specta::specta]
pub async fn account_details(
    state: State<'_, AppState>,
    account_id: String,
) -> AppResult<AccountDetails> {
    Ok(state
        .session(&account_id)
        .await?
        .client
        .account_details()
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_environments_need_a_usable_address() {
        assert!(
            matches!(environment_from(EnvironmentKind::Custom, None), Err(AppError::InvalidInput { field, .. }) if field == "baseUrl")
        );
        assert!(matches!(
            environment_from(EnvironmentKind::Custom, Some("http://example.com/api")),
            Err(AppError::InvalidInput { field, .. }) if field == "baseUrl"
        ));
        assert!(
            environment_from(EnvironmentKind::Custom, Some("http://127.0.0.1:8787/api")).is_ok()
        );
        assert!(environment_from(EnvironmentKind::Demo, None).is_err());
        assert_eq!(
            environment_from(EnvironmentKind::Sandbox, None).unwrap(),
            Environment::Sandbox
        );
    }
}

//! Platform mode: the settings a ClearChecks platform partner needs to open customer accounts
//! with the Account widget, and the credentials that come from them.
//!
//! - The `source_token` (not secret: it is handed to the widget in the page), the environment
//!   and the id of the platform's own account are kept with tauri-plugin-store in
//!   `settings.json` under `platform`.
//! - The platform `private_key` is kept **only** in the system keyring
//!   (`platform.private-key`); the stored type has no field that could hold it.
//! - The platform's API token (for `POST /token/decrypt`) is the token of one of the connected
//!   accounts: the platform's own ClearChecks account. It is chosen when the settings are saved
//!   for an environment: the account chosen before if it is still connected there, else the
//!   active account if it is in that environment, else the first one connected there.
//! - In the demo, everything comes from the demo world (`AppState::demo_platform`).

use clearchecks_core::environment::Environment;
use clearchecks_core::http::ClearChecksClient;
use clearchecks_core::platform::PlatformPrivateKey;
use clearchecks_core::secrets::SecretString;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

use crate::commands::accounts::{AccountsOverview, EnvironmentKind};
use crate::error::{AppError, AppResult};
use crate::settings::STORE_FILE;
use crate::state::AppState;

const STORE_KEY: &str = "platform";
/// The keyring entry of the platform private key (a dotted name, never an account id).
pub const PRIVATE_KEY_SECRET: &str = "platform.private-key";
const MAX_SOURCE_TOKEN_LEN: usize = 512;

/// What the Settings screen shows (IPC `PlatformSettings`). The private key is write-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlatformSettings {
    pub source_token: Option<String>,
    pub has_private_key: bool,
    pub environment: EnvironmentKind,
}

/// What is written to `settings.json`. No field can hold a secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct StoredPlatform {
    source_token: Option<String>,
    environment: Option<EnvironmentKind>,
    platform_account_id: Option<String>,
}

/// Everything needed to run the Account widget and link the account it creates.
pub struct PlatformAccess {
    pub environment: Environment,
    pub source_token: String,
    pub private_key: PlatformPrivateKey,
    /// A client with the platform's own API token.
    pub client: ClearChecksClient,
    /// The connected account the platform acts through (`None` in the demo).
    pub platform_account_id: Option<String>,
}

fn load_stored<R: Runtime>(app: &AppHandle<R>) -> AppResult<StoredPlatform> {
    let store = app.store(STORE_FILE).map_err(AppError::internal)?;
    Ok(match store.get(STORE_KEY) {
        Some(value) => serde_json::from_value(value).unwrap_or_else(|err| {
            log::warn!("platform settings could not be read ({err}); starting empty");
            StoredPlatform::default()
        }),
        None => StoredPlatform::default(),
    })
}

fn save_stored<R: Runtime>(app: &AppHandle<R>, stored: &StoredPlatform) -> AppResult<()> {
    let store = app.store(STORE_FILE).map_err(AppError::internal)?;
    store.set(
        STORE_KEY,
        serde_json::to_value(stored).map_err(AppError::internal)?,
    );
    store.save().map_err(AppError::internal)
}

/// The settings as the UI shows them.
pub async fn current<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
) -> AppResult<PlatformSettings> {
    let stored = load_stored(app)?;
    let demo = state.demo_platform().await;
    let environment = match stored.environment {
        Some(kind) => kind,
        None if demo.is_some() => EnvironmentKind::Demo,
        None => EnvironmentKind::Sandbox,
    };
    if environment == EnvironmentKind::Demo {
        return Ok(PlatformSettings {
            has_private_key: demo.is_some(),
            source_token: demo.map(|(_, source_token, _)| source_token),
            environment,
        });
    }
    let has_private_key = state
        .secrets()
        .get_secret(PRIVATE_KEY_SECRET)
        .await?
        .is_some();
    Ok(PlatformSettings {
        source_token: stored.source_token,
        has_private_key,
        environment,
    })
}

/// Saves the settings; `private_key: None` keeps the stored key.
pub async fn save<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    source_token: Option<String>,
    private_key: Option<String>,
    environment: EnvironmentKind,
) -> AppResult<PlatformSettings> {
    let private_key = private_key.filter(|k| !k.trim().is_empty());
    let stored = if environment == EnvironmentKind::Demo {
        if state.demo_platform().await.is_none() {
            return Err(AppError::invalid_input(
                "environment",
                "Start the demo first; its platform account is part of the demo world.",
            ));
        }
        if private_key.is_some() {
            return Err(AppError::invalid_input(
                "privateKey",
                "The demo uses its own platform key. Leave this field empty.",
            ));
        }
        StoredPlatform {
            source_token: None,
            environment: Some(environment),
            platform_account_id: None,
        }
    } else {
        let source_token = checked_source_token(source_token)?;
        let previous = load_stored(app)?.platform_account_id;
        let platform_account_id =
            choose_platform_account(&state.overview().await?, environment, previous.as_deref())
                .ok_or_else(|| no_platform_account(environment))?;
        StoredPlatform {
            source_token,
            environment: Some(environment),
            platform_account_id: Some(platform_account_id),
        }
    };
    if let Some(key) = private_key {
        let key = PlatformPrivateKey::new(key)?;
        let secret = SecretString::new(key.expose_secret().to_owned());
        state
            .secrets()
            .set_secret(PRIVATE_KEY_SECRET, &secret)
            .await?;
    }
    save_stored(app, &stored)?;
    current(app, state).await
}

/// The credentials for one run of the Account widget.
pub async fn access<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> AppResult<PlatformAccess> {
    let stored = load_stored(app)?;
    let demo = state.demo_platform().await;
    let environment_kind = stored.environment.unwrap_or(if demo.is_some() {
        EnvironmentKind::Demo
    } else {
        EnvironmentKind::Sandbox
    });
    if environment_kind == EnvironmentKind::Demo {
        let (api_token, source_token, private_key) = demo.ok_or_else(|| {
            AppError::invalid_input(
                "environment",
                "The demo is not running. Start it, or choose Sandbox or Production.",
            )
        })?;
        let overview = state.overview().await?;
        let demo_account = overview
            .accounts
            .iter()
            .find(|a| a.environment == EnvironmentKind::Demo)
            .ok_or(AppError::NoActiveAccount)?;
        let environment = state.session(&demo_account.id).await?.environment;
        let client = state.build_client(environment.clone(), api_token)?;
        return Ok(PlatformAccess {
            environment,
            source_token,
            private_key,
            client,
            platform_account_id: None,
        });
    }
    let source_token = stored.source_token.ok_or_else(|| {
        AppError::invalid_input(
            "sourceToken",
            "Enter the platform source token in Settings → Platform first.",
        )
    })?;
    let private_key = state
        .secrets()
        .get_secret(PRIVATE_KEY_SECRET)
        .await?
        .ok_or_else(|| {
            AppError::invalid_input(
                "privateKey",
                "Enter the platform private key in Settings → Platform first.",
            )
        })?;
    let private_key = PlatformPrivateKey::new(private_key.expose_secret())?;
    let account_id = stored
        .platform_account_id
        .ok_or_else(|| no_platform_account(environment_kind))?;
    let session = state.session(&account_id).await.map_err(|err| match err {
        AppError::NotFound { .. } => no_platform_account(environment_kind),
        other => other,
    })?;
    Ok(PlatformAccess {
        environment: session.environment.clone(),
        source_token,
        private_key,
        client: session.client.clone(),
        platform_account_id: Some(account_id),
    })
}

fn no_platform_account(environment: EnvironmentKind) -> AppError {
    let name = match environment {
        EnvironmentKind::Production => "production",
        EnvironmentKind::Custom => "custom",
        _ => "sandbox",
    };
    AppError::invalid_input(
        "environment",
        format!(
            "Connect your platform's own ClearChecks {name} account in Accounts first, then save \
             these settings again: new customer accounts are linked with its API token."
        ),
    )
}

/// A source token as the account manager issues it: printable ASCII, no spaces. Empty = none.
fn checked_source_token(token: Option<String>) -> AppResult<Option<String>> {
    let Some(token) = token.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if token.len() > MAX_SOURCE_TOKEN_LEN || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::invalid_input(
            "sourceToken",
            "This does not look like a source token: paste it exactly as ClearChecks sent it.",
        ));
    }
    Ok(Some(token))
}

/// The connected account the platform acts through in `environment` (see the module docs).
fn choose_platform_account(
    overview: &AccountsOverview,
    environment: EnvironmentKind,
    previous: Option<&str>,
) -> Option<String> {
    let in_environment = |id: &str| {
        overview
            .accounts
            .iter()
            .any(|a| a.id == id && a.environment == environment)
    };
    previous
        .filter(|id| in_environment(id))
        .or_else(|| {
            overview
                .active_id
                .as_deref()
                .filter(|id| in_environment(id))
        })
        .or_else(|| {
            overview
                .accounts
                .iter()
                .find(|a| a.environment == environment)
                .map(|a| a.id.as_str())
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::accounts::AccountSummary;

    fn account(id: &str, environment: EnvironmentKind) -> AccountSummary {
        AccountSummary {
            id: id.into(),
            label: id.into(),
            environment,
            base_url: None,
            company_name: None,
            added_at: "2026-11-01T00:00:00Z".into(),
        }
    }

    fn overview(active: Option<&str>) -> AccountsOverview {
        AccountsOverview {
            accounts: vec![
                account("prod-1", EnvironmentKind::Production),
                account("sbx-1", EnvironmentKind::Sandbox),
                account("sbx-2", EnvironmentKind::Sandbox),
            ],
            active_id: active.map(str::to_owned),
        }
    }

    #[test]
    fn the_platform_account_choice_is_stable_and_stays_in_its_environment() {
        use EnvironmentKind::*;
        let o = overview(Some("sbx-2"));
        assert_eq!(
            choose_platform_account(&o, Sandbox, None).as_deref(),
            Some("sbx-2")
        );
        assert_eq!(
            choose_platform_account(&o, Sandbox, Some("sbx-1")).as_deref(),
            Some("sbx-1"),
            "a customer account becoming active does not take over the platform role"
        );
        assert_eq!(
            choose_platform_account(&o, Production, Some("sbx-1")).as_deref(),
            Some("prod-1")
        );
        assert_eq!(
            choose_platform_account(&overview(Some("prod-1")), Sandbox, Some("gone")).as_deref(),
            Some("sbx-1")
        );
        assert_eq!(choose_platform_account(&o, Custom, None), None);
    }

    #[test]
    fn stored_settings_have_no_place_for_a_secret() {
        let stored = StoredPlatform {
            source_token: Some("src".into()),
            environment: Some(EnvironmentKind::Sandbox),
            platform_account_id: Some("sbx-1".into()),
        };
        let json = serde_json::to_value(&stored).unwrap();
        let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["environment", "platformAccountId", "sourceToken"]);
        let with_key: StoredPlatform =
            serde_json::from_str(r#"{"sourceToken":"s","privateKey":"pk-secret"}"#).unwrap();
        assert!(!serde_json::to_string(&with_key)
            .unwrap()
            .contains("pk-secret"));
    }

    #[test]
    fn source_tokens_are_trimmed_and_checked() {
        assert_eq!(checked_source_token(None).unwrap(), None);
        assert_eq!(checked_source_token(Some("  ".into())).unwrap(), None);
        assert_eq!(
            checked_source_token(Some(" src_123.ABC ".into()))
                .unwrap()
                .as_deref(),
            Some("src_123.ABC")
        );
        for bad in ["has space", "tab\there", "ünïcode"] {
            assert!(
                matches!(checked_source_token(Some(bad.into())), Err(AppError::InvalidInput { ref field, .. }) if field == "sourceToken"),
                "{bad}"
            );
        }
        assert!(checked_source_token(Some("x".repeat(MAX_SOURCE_TOKEN_LEN + 1))).is_err());
    }

    #[test]
    fn the_ipc_shape_is_camel_case() {
        let s = PlatformSettings {
            source_token: None,
            has_private_key: true,
            environment: EnvironmentKind::Demo,
        };
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            serde_json::json!({"sourceToken": null, "hasPrivateKey": true, "environment": "demo"})
        );
    }
}

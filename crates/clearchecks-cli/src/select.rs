//! Which account a command talks to, and the API client for it.
//!
//! In order: `--account NAME` (a connected account; its token comes from the system keyring),
//! then `CLEARCHECKS_API_TOKEN` with `CLEARCHECKS_ENV` or `CLEARCHECKS_BASE_URL` (scripts and
//! CI), then the account that is active in ClearChecks Desktop.

use clearchecks_core::environment::Environment;
use clearchecks_core::http::ClearChecksClient;
use clearchecks_core::profiles::{AccountProfile, Identity, ProfileStore};
use clearchecks_core::secrets::{KeyringStore, SecretStore};
use clearchecks_core::token::ApiToken;

use crate::failure::Failure;

pub const TOKEN_ENV: &str = "CLEARCHECKS_API_TOKEN";
pub const ENV_ENV: &str = "CLEARCHECKS_ENV";
pub const BASE_URL_ENV: &str = "CLEARCHECKS_BASE_URL";

/// Goes into the User-Agent after `ClearChecksDesktop/`.
pub const CLIENT_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " clearchecks-cli");

/// The account a command runs against.
pub struct Session {
    pub client: ClearChecksClient,
    /// The profile id, or `env` for a token from the environment.
    pub account_id: String,
    pub account_label: String,
    /// `sandbox`, `production` or `custom`.
    pub environment: &'static str,
}

/// Picks the account and builds its client.
pub async fn open_session(account: Option<&str>, identity: &Identity) -> Result<Session, Failure> {
    if let Some(name) = account {
        let profile = ProfileStore::for_identity(identity)
            .load()?
            .find(name)?
            .clone();
        return session_for_profile(&profile, identity).await;
    }
    if let Some(raw) = non_empty_var(TOKEN_ENV) {
        let token = ApiToken::new(raw)
            .map_err(|err| Failure::auth(format!("{TOKEN_ENV} is not usable: {err}")))?;
        let environment =
            environment_from_vars(non_empty_var(ENV_ENV), non_empty_var(BASE_URL_ENV))?;
        return build(environment, token, "env", TOKEN_ENV);
    }
    let registry = ProfileStore::for_identity(identity).load()?;
    match registry.active() {
        Some(profile) => session_for_profile(profile, identity).await,
        None => Err(Failure::auth(format!(
            "No account selected. Connect one with `clearchecks accounts add NAME --env sandbox` \
             (the token is read from standard input), pass --account NAME, or set {TOKEN_ENV} \
             and {ENV_ENV}."
        ))),
    }
}

/// The environment named by `CLEARCHECKS_ENV` / `CLEARCHECKS_BASE_URL` (exactly one of them).
pub fn environment_from_vars(
    env: Option<String>,
    base_url: Option<String>,
) -> Result<Environment, Failure> {
    match (env, base_url) {
        (Some(_), Some(_)) => Err(Failure::usage(format!(
            "Set either {ENV_ENV} or {BASE_URL_ENV}, not both."
        ))),
        (None, None) => Err(Failure::usage(format!(
            "{TOKEN_ENV} is set, so also set {ENV_ENV}=sandbox or {ENV_ENV}=production \
             (or {BASE_URL_ENV} for a custom address)."
        ))),
        (Some(name), None) => match name.trim().to_ascii_lowercase().as_str() {
            "sandbox" => Ok(Environment::Sandbox),
            "production" => Ok(Environment::Production),
            other => Err(Failure::usage(format!(
                "{ENV_ENV} must be sandbox or production, not \"{other}\"."
            ))),
        },
        (None, Some(url)) => Ok(Environment::custom(&url)?),
    }
}

async fn session_for_profile(
    profile: &AccountProfile,
    identity: &Identity,
) -> Result<Session, Failure> {
    let environment = profile.environment.to_environment()?.ok_or_else(|| {
        Failure::usage(format!(
            "\"{}\" is a demo account; demo accounts exist only inside ClearChecks Desktop.",
            profile.label
        ))
    })?;
    let store = KeyringStore::new(&identity.keyring_service)?;
    let token = store.get(&profile.id).await?.ok_or_else(|| {
        Failure::auth(format!(
            "No API token is stored for \"{}\" in the system keyring. Remove the account and \
             add it again with `clearchecks accounts add`.",
            profile.label
        ))
    })?;
    build(environment, token, &profile.id, &profile.label)
}

/// A client for an environment and token, as every command uses it.
pub fn client_for(environment: Environment, token: ApiToken) -> Result<ClearChecksClient, Failure> {
    Ok(ClearChecksClient::builder(environment, token, CLIENT_VERSION).build()?)
}

fn build(
    environment: Environment,
    token: ApiToken,
    account_id: &str,
    account_label: &str,
) -> Result<Session, Failure> {
    let kind = environment.kind_str();
    Ok(Session {
        client: client_for(environment, token)?,
        account_id: account_id.to_owned(),
        account_label: account_label.to_owned(),
        environment: kind,
    })
}

fn non_empty_var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::failure::ExitCode;

    #[test]
    fn environment_comes_from_exactly_one_variable() {
        assert_eq!(
            environment_from_vars(Some("Sandbox".into()), None).unwrap(),
            Environment::Sandbox
        );
        assert_eq!(
            environment_from_vars(Some("production".into()), None).unwrap(),
            Environment::Production
        );
        assert_eq!(
            environment_from_vars(None, Some("http://127.0.0.1:9/api".into())).unwrap(),
            Environment::custom("http://127.0.0.1:9/api").unwrap()
        );
        for (env, url) in [
            (None, None),
            (Some("staging".to_owned()), None),
            (
                Some("sandbox".to_owned()),
                Some("https://x.example/api".to_owned()),
            ),
            (None, Some("http://example.com/api".to_owned())),
        ] {
            let failure = environment_from_vars(env, url).unwrap_err();
            assert_eq!(failure.code, ExitCode::Usage, "{}", failure.message);
        }
    }
}

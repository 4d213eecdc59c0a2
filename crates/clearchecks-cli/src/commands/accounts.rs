//! `clearchecks accounts add|list|use|remove`: the connected accounts shared with
//! ClearChecks Desktop (same `accounts.json`, same keyring service for the same build).

use std::io::{IsTerminal, Read};

use clearchecks_core::environment::Environment;
use clearchecks_core::error::ApiError;

use clearchecks_core::profiles::{AccountProfile, Identity, ProfileEnvironment, ProfileStore};
use clearchecks_core::secrets::{backend_name, KeyringStore, SecretStore};
use clearchecks_core::token::ApiToken;
use serde::Serialize;

use super::journal::{self, JournalAction, NewEntry};
use crate::cli::{AddAccountArgs, EnvArg};
use crate::failure::{ExitCode, Failure};
use crate::output::{cell, print, print_json, time_cell, Table};
use crate::select::client_for;

pub async fn add(args: &AddAccountArgs, identity: &Identity, json: bool) -> Result<(), Failure> {
    let store = ProfileStore::for_identity(identity);
    let environment = match (&args.env, &args.base_url) {
        (Some(EnvArg::Sandbox), _) => Environment::Sandbox,
        (Some(EnvArg::Production), _) => Environment::Production,
        (None, Some(url)) => Environment::custom(url)?,
        (None, None) => {
            return Err(Failure::usage(
                "Say which environment the token belongs to: --env sandbox, --env production or --base-url URL.",
            ))
        }
    };
    // Check the name before asking for the token, so a clash costs nothing.
    let draft = AccountProfile::new(
        &args.name,
        ProfileEnvironment::from_environment(&environment),
        None,
    );
    let mut probe = store.load()?;
    probe.insert(draft.clone())?;
    let keyring = KeyringStore::new(&identity.keyring_service)?;

    let token = read_token(&args.name)?;
    let account = client_for(environment.clone(), token.clone())?
        .account()
        .await
        .map_err(|err| match err {
            ApiError::Unauthorized { .. } => Failure::auth(format!(
                "ClearChecks ({}) did not accept this token. Check that you copied all of it and \
                 that it belongs to this environment.",
                environment.kind_str()
            )),
            other => other.into(),
        })?;
    let profile = AccountProfile {
        company_name: account.company_name.filter(|name| !name.trim().is_empty()),
        ..draft
    };

    // The token goes in first so that no saved profile ever lacks its token.
    keyring.set(&profile.id, &token).await?;
    let saved = match store.update(|registry| registry.insert(profile.clone())) {
        Ok(saved) => saved,
        Err(err) => {
            let _ = keyring.delete(&profile.id).await;
            return Err(err.into());
        }
    };
    journal::record(
        identity,
        JournalAction::AccountConnected,
        journal_entry(&saved, "Account connected from the CLI"),
    );
    if json {
        return print_json(&saved);
    }
    print(&format!(
        "Connected \"{}\"{} on {}. Its token is in the system keyring ({}).\n",
        saved.label,
        saved
            .company_name
            .as_deref()
            .map(|name| format!(" ({name})"))
            .unwrap_or_default(),
        saved.environment.kind_str(),
        backend_name()
    ))
}

/// `accounts list --json`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AccountsJson<'a> {
    accounts: &'a [AccountProfile],
    active_id: Option<&'a str>,
}

pub fn list(identity: &Identity, json: bool) -> Result<(), Failure> {
    let registry = ProfileStore::for_identity(identity).load()?;
    if json {
        return print_json(&AccountsJson {
            accounts: registry.accounts(),
            active_id: registry.active_id(),
        });
    }
    if registry.accounts().is_empty() {
        return print(
            "No accounts connected. Add one with `clearchecks accounts add NAME --env sandbox` \
             and paste its API token.\n",
        );
    }
    let mut table = Table::new(&["", "NAME", "ENVIRONMENT", "COMPANY", "ADDED", "ID"]);
    for profile in registry.accounts() {
        let active = registry.active_id() == Some(profile.id.as_str());
        table.row(vec![
            if active { "*" } else { "" }.to_owned(),
            profile.label.clone(),
            environment_text(&profile.environment),
            cell(profile.company_name.as_deref()),
            time_cell(Some(profile.added_at)),
            profile.id.clone(),
        ]);
    }
    let mut text = table.render();
    text.push_str("* = active (used when no --account is given)\n");
    print(&text)
}

pub fn use_account(name: &str, identity: &Identity, json: bool) -> Result<(), Failure> {
    let profile = ProfileStore::for_identity(identity).update(|registry| {
        let profile = registry.find(name)?.clone();
        registry.set_active(&profile.id)?;
        Ok(profile)
    })?;
    if json {
        return print_json(&profile);
    }
    print(&format!("Now using \"{}\".\n", profile.label))
}

pub async fn remove(name: &str, identity: &Identity, json: bool) -> Result<(), Failure> {
    let store = ProfileStore::for_identity(identity);
    let profile = store.load()?.find(name)?.clone();
    // Token first: if the keyring is unavailable the account stays listed, so the user can
    // retry once it is unlocked instead of leaving an orphaned secret behind.
    KeyringStore::new(&identity.keyring_service)?
        .delete(&profile.id)
        .await?;
    store.update(|registry| {
        if registry.by_id(&profile.id).is_some() {
            registry.remove(&profile.id)?;
        }
        Ok(())
    })?;
    journal::record(
        identity,
        JournalAction::AccountRemoved,
        journal_entry(&profile, "Account removed from the CLI"),
    );
    if json {
        return print_json(&profile);
    }
    print(&format!(
        "Removed \"{}\" and deleted its token from the system keyring.\n",
        profile.label
    ))
}

/// Reads the token from standard input: hidden when typed at a terminal, otherwise the piped
/// text (trimmed). Never from the command line, where it would land in shell history and `ps`.
fn read_token(label: &str) -> Result<ApiToken, Failure> {
    let raw = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!(
            "Paste the API token for \"{}\" (input is hidden), then press Enter: ",
            label.trim()
        ))
    } else {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map(|_| text)
    }
    .map_err(|err| {
        Failure::new(
            ExitCode::LocalFile,
            format!("Could not read the token from standard input: {err}"),
        )
    })?;
    ApiToken::new(raw).map_err(|err| {
        Failure::usage(format!(
            "{err} Pipe it in, e.g. `clearchecks accounts add NAME --env sandbox < token.txt`."
        ))
    })
}

fn environment_text(environment: &ProfileEnvironment) -> String {
    match environment.base_url() {
        Some(url) => format!("custom ({url})"),
        None => environment.kind_str().to_owned(),
    }
}

fn journal_entry(profile: &AccountProfile, summary: &str) -> NewEntry {
    NewEntry {
        account_id: profile.id.clone(),
        account_label: profile.label.clone(),
        environment: profile.environment.kind_str().to_owned(),
        summary: summary.to_owned(),
        ..NewEntry::default()
    }
}

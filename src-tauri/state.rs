//! Managed state, registered once in `setup` and cheap to clone (`Arc` inside).
//!
//! It owns the connected accounts (the registry on disk, shared with the CLI), their tokens (the
//! OS keyring, read once per session), one API client per account (so one rate limiter per token,
//! shared by user actions and the poller), the demo world (the embedded simulator), the audit
//! journal, and the background sync of the active account.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clearchecks_core::environment::Environment;
use clearchecks_core::http::ClearChecksClient;
use clearchecks_core::journal::{Journal, JournalAction, NewEntry};
use clearchecks_core::platform::PlatformPrivateKey;
use clearchecks_core::profiles::{AccountProfile, Identity, ProfileEnvironment, ProfileStore};
use clearchecks_core::secrets::{CachedSecretStore, KeyringStore, SecretStore};
use clearchecks_core::token::ApiToken;
use clearchecks_sandbox::{Sandbox, SandboxConfig};
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;
use tokio::sync::Mutex;

use crate::commands::accounts::{AccountSummary, AccountsOverview};
use crate::error::{AppError, AppResult};
use crate::events::AccountsChanged;
use crate::saved_orders::SavedOrders;
use crate::sync::Sync;
use crate::test_timing::Timing;

/// One account the app can act for: its profile, its environment and its client.
#[derive(Clone)]
pub struct AccountSession {
    pub profile: AccountProfile,
    pub environment: Environment,
    pub client: ClearChecksClient,
}

impl AccountSession {
    /// A journal entry pre-filled with this account.
    pub fn journal_entry(&self, summary: impl Into<String>) -> NewEntry {
        NewEntry {
            account_id: self.profile.id.clone(),
            account_label: self.profile.label.clone(),
            environment: self.profile.environment.kind_str().to_owned(),
            summary: summary.into(),
            ..NewEntry::default()
        }
    }
}

/// The embedded simulator and the demo account that talks to it (never written to disk).
struct DemoWorld {
    sandbox: Sandbox,
    profile: AccountProfile,
}

#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    launched_in_demo: bool,
    app_version: String,
    identity: Identity,
    profiles: ProfileStore,
    secrets: Arc<dyn SecretStore>,
    journal: Journal,
    sessions: Mutex<HashMap<String, AccountSession>>,
    demo: Mutex<Option<DemoWorld>>,
    /// The active account when it is the (unsaved) demo account.
    demo_active: std::sync::Mutex<bool>,
    sync: Sync,
    /// The local store of every account's orders (opened on first use by a real account).
    saved: Arc<SavedOrders>,
}

impl AppState {
    pub fn new(identity: Identity, app_version: String, launched_in_demo: bool) -> AppResult<Self> {
        let keyring = KeyringStore::new(identity.keyring_service.clone())?;
        let secrets: Arc<dyn SecretStore> = Arc::new(CachedSecretStore::new(keyring));
        let saved = Arc::new(SavedOrders::new(&identity.data_dir, secrets.clone()));
        Ok(AppState {
            inner: Arc::new(Inner {
                launched_in_demo,
                app_version,
                profiles: ProfileStore::for_identity(&identity),
                journal: Journal::in_dir(&identity.data_dir),
                identity,
                secrets,
                saved,
                sessions: Mutex::new(HashMap::new()),
                demo: Mutex::new(None),
                demo_active: std::sync::Mutex::new(false),
                sync: Sync::default(),
            }),
        })
    }

    pub fn launched_in_demo(&self) -> bool {
        self.inner.launched_in_demo
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.identity.data_dir
    }

    pub fn journal(&self) -> &Journal {
        &self.inner.journal
    }

    pub fn secrets(&self) -> &Arc<dyn SecretStore> {
        &self.inner.secrets
    }

    pub fn sync(&self) -> &Sync {
        &self.inner.sync
    }

    /// The local store of every account's orders.
    pub fn saved(&self) -> Arc<SavedOrders> {
        self.inner.saved.clone()
    }

    /// Writes a journal entry; a journal failure is logged, never allowed to undo the action.
    pub fn record(&self, action: JournalAction, entry: NewEntry) {
        if let Err(err) = self.inner.journal.append(action, entry) {
            log::error!("{err}");
        }
    }

    pub fn build_client(
        &self,
        environment: Environment,
        token: ApiToken,
    ) -> AppResult<ClearChecksClient> {
        let builder = ClearChecksClient::builder(environment, token, &self.inner.app_version);
        Ok(Timing::current().client(builder).build()?)
    }

    // --- accounts -------------------------------------------------------------------------

    /// The saved accounts plus the demo account (when running), and which one is active.
    pub async fn overview(&self) -> AppResult<AccountsOverview> {
        let registry = self.inner.profiles.load()?;
        let mut accounts: Vec<AccountSummary> = registry
            .accounts()
            .iter()
            .map(AccountSummary::from)
            .collect();
        let demo_id = self
            .inner
            .demo
            .lock()
            .await
            .as_ref()
            .map(|d| d.profile.id.clone());
        if let Some(demo) = self.inner.demo.lock().await.as_ref() {
            accounts.push(AccountSummary::from(&demo.profile));
        }
        let demo_active = *self
            .inner
            .demo_active
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let active_id = match (demo_active, demo_id) {
            (true, Some(id)) => Some(id),
            _ => registry
                .active_id()
                .map(str::to_owned)
                .or_else(|| accounts.first().map(|a| a.id.clone())),
        };
        Ok(AccountsOverview {
            accounts,
            active_id,
        })
    }

    /// The account to act for; built on first use and cached for the session.
    pub async fn session(&self, account_id: &str) -> AppResult<AccountSession> {
        if let Some(session) = self.inner.sessions.lock().await.get(account_id) {
            return Ok(session.clone());
        }
        if let Some(demo) = self.inner.demo.lock().await.as_ref() {
            if demo.profile.id == account_id {
                return Err(AppError::internal("the demo session was not registered"));
            }
        }
        let registry = self.inner.profiles.load()?;
        let profile = registry
            .by_id(account_id)
            .cloned()
            .ok_or(AppError::NotFound {
                what: "That account".to_owned(),
                reason: None,
            })?;
        let environment = profile
            .environment
            .to_environment()?
            .ok_or_else(|| AppError::internal("a demo account cannot be saved"))?;
        let token = self
            .inner
            .secrets
            .get(&profile.id)
            .await?
            .ok_or(AppError::Unauthorized { reason: None })?;
        let session = AccountSession {
            client: self.build_client(environment.clone(), token)?,
            environment,
            profile,
        };
        self.inner
            .sessions
            .lock()
            .await
            .insert(account_id.to_owned(), session.clone());
        Ok(session)
    }

    /// Checks the token against `GET /accounts`, then stores it in the keyring and the profile in
    /// the registry (in that order: if the keyring refuses, nothing is written anywhere).
    pub async fn connect(
        &self,
        label: &str,
        environment: Environment,
        token: ApiToken,
    ) -> AppResult<AccountSummary> {
        let client = self.build_client(environment.clone(), token.clone())?;
        let account = client.account().await?;
        let label = choose_label(label, account.company_name.as_deref(), &environment);
        if self.inner.profiles.load()?.by_label(&label).is_some() {
            return Err(AppError::invalid_input(
                "label",
                format!("An account named \"{label}\" already exists. Choose another name."),
            ));
        }
        let profile = AccountProfile::new(
            &label,
            ProfileEnvironment::from_environment(&environment),
            account.company_name,
        );
        self.store_new_account(profile, environment, token, client)
            .await
    }

    /// Saves an account whose token is already known to be good (connect, platform linking).
    pub async fn store_new_account(
        &self,
        profile: AccountProfile,
        environment: Environment,
        token: ApiToken,
        client: ClearChecksClient,
    ) -> AppResult<AccountSummary> {
        self.inner.secrets.set(&profile.id, &token).await?;
        let saved = self.inner.profiles.update(|registry| {
            let saved = registry.insert(profile.clone())?;
            registry.set_active(&saved.id)?;
            Ok(saved)
        });
        let saved = match saved {
            Ok(saved) => saved,
            Err(err) => {
                let _ = self.inner.secrets.delete(&profile.id).await;
                return Err(err.into());
            }
        };
        *self
            .inner
            .demo_active
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = false;
        let session = AccountSession {
            profile: saved.clone(),
            environment,
            client,
        };
        self.inner
            .sessions
            .lock()
            .await
            .insert(saved.id.clone(), session.clone());
        self.record(
            JournalAction::AccountConnected,
            session.journal_entry(format!("Connected {}", saved.label)),
        );
        Ok(AccountSummary::from(&saved))
    }

    /// Links an account created through the platform Account widget and makes it active.
    pub async fn add_linked_account<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        label: String,
        environment: Environment,
        token: ApiToken,
        company: Option<String>,
    ) -> AppResult<AccountSummary> {
        let client = self.build_client(environment.clone(), token.clone())?;
        let registry = self.inner.profiles.load()?;
        let mut label = choose_label(&label, company.as_deref(), &environment);
        let base = label.clone();
        let mut n = 2;
        while registry.by_label(&label).is_some() {
            label = format!("{base} ({n})");
            n += 1;
        }
        let profile = AccountProfile::new(
            &label,
            ProfileEnvironment::from_environment(&environment),
            company,
        );
        let summary = self
            .store_new_account(profile, environment, token, client)
            .await?;
        self.notify_accounts_changed(app).await;
        Ok(summary)
    }

    pub async fn notify_accounts_changed<R: Runtime>(&self, app: &AppHandle<R>) {
        if let Ok(overview) = self.overview().await {
            let _ = AccountsChanged { overview }.emit(app);
        }
    }

    pub async fn set_active(&self, account_id: &str) -> AppResult<()> {
        let is_demo = self
            .inner
            .demo
            .lock()
            .await
            .as_ref()
            .is_some_and(|d| d.profile.id == account_id);
        if !is_demo {
            self.inner
                .profiles
                .update(|registry| registry.set_active(account_id))?;
        }
        *self
            .inner
            .demo_active
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = is_demo;
        Ok(())
    }

    pub async fn rename(&self, account_id: &str, label: &str) -> AppResult<AccountSummary> {
        let mut demo = self.inner.demo.lock().await;
        if let Some(world) = demo.as_mut().filter(|d| d.profile.id == account_id) {
            world.profile.label = label.trim().to_owned();
            self.refresh_cached_profile(&world.profile).await;
            return Ok(AccountSummary::from(&world.profile));
        }
        drop(demo);
        let renamed = self
            .inner
            .profiles
            .update(|registry| registry.rename(account_id, label))?;
        self.refresh_cached_profile(&renamed).await;
        Ok(AccountSummary::from(&renamed))
    }

    async fn refresh_cached_profile(&self, profile: &AccountProfile) {
        if let Some(session) = self.inner.sessions.lock().await.get_mut(&profile.id) {
            session.profile = profile.clone();
        }
    }

    /// Validates a new token for an existing account, then replaces the keyring entry.
    pub async fn replace_token(
        &self,
        account_id: &str,
        token: ApiToken,
    ) -> AppResult<AccountSummary> {
        let registry = self.inner.profiles.load()?;
        let profile = registry
            .by_id(account_id)
            .cloned()
            .ok_or(AppError::NotFound {
                what: "That account".to_owned(),
                reason: None,
            })?;
        let environment = profile.environment.to_environment()?.ok_or_else(|| {
            AppError::invalid_input("token", "The demo account has no token to replace.")
        })?;
        let client = self.build_client(environment.clone(), token.clone())?;
        let account = client.account().await?;
        self.inner.secrets.set(account_id, &token).await?;
        // The company shown for the account is the one the new token belongs to.
        let company = account.company_name.filter(|c| !c.trim().is_empty());
        let profile = if company.is_some() && company != profile.company_name {
            self.inner
                .profiles
                .update(|registry| registry.set_company_name(account_id, company))?
        } else {
            profile
        };
        let session = AccountSession {
            profile: profile.clone(),
            environment,
            client,
        };
        self.inner
            .sessions
            .lock()
            .await
            .insert(account_id.to_owned(), session.clone());
        self.record(
            JournalAction::TokenReplaced,
            session.journal_entry(format!("Replaced the API token of {}", profile.label)),
        );
        Ok(AccountSummary::from(&profile))
    }

    /// Deletes the keyring entry, then the profile; the cached token and client are dropped.
    pub async fn remove(&self, account_id: &str) -> AppResult<()> {
        let mut demo = self.inner.demo.lock().await;
        if demo.as_ref().is_some_and(|d| d.profile.id == account_id) {
            if let Some(world) = demo.take() {
                world.sandbox.shutdown().await;
            }
            *self
                .inner
                .demo_active
                .lock()
                .unwrap_or_else(|p| p.into_inner()) = false;
            self.inner.sessions.lock().await.remove(account_id);
            return Ok(());
        }
        drop(demo);
        let session = self.session(account_id).await.ok();
        self.inner.secrets.delete(account_id).await?;
        self.inner
            .profiles
            .update(|registry| registry.remove(account_id).map(|_| ()))?;
        self.inner.sessions.lock().await.remove(account_id);
        match self.saved().delete_account(account_id).await {
            Ok(rows) => log::info!("deleted {rows} saved orders of a removed account"),
            Err(err) => log::warn!("the saved orders of a removed account remain: {err}"),
        }
        if let Some(session) = session {
            self.record(
                JournalAction::AccountRemoved,
                session.journal_entry(format!("Removed {}", session.profile.label)),
            );
        }
        Ok(())
    }

    // --- demo -----------------------------------------------------------------------------

    /// Starts the embedded simulator (once) with the demo world and makes its account active.
    pub async fn start_demo(&self) -> AppResult<AccountSummary> {
        let mut demo = self.inner.demo.lock().await;
        if demo.is_none() {
            let sandbox = Sandbox::start(SandboxConfig::demo()).await?;
            let environment = Environment::custom(&sandbox.api_base())?;
            let token = ApiToken::new(clearchecks_sandbox::DEMO_TOKEN)?;
            let client = self.build_client(environment.clone(), token)?;
            // The simulator names its demo company; keep a sensible name if it cannot be asked.
            let company = client.account().await.ok().and_then(|a| a.company_name);
            let profile = AccountProfile::new(
                "Demo company",
                ProfileEnvironment::Demo,
                company.or_else(|| Some("Demo Staffing Co.".to_owned())),
            );
            let session = AccountSession {
                profile: profile.clone(),
                environment,
                client,
            };
            self.inner
                .sessions
                .lock()
                .await
                .insert(profile.id.clone(), session);
            self.saved().use_demo(&profile.id).await;
            *demo = Some(DemoWorld { sandbox, profile });
            log::info!("demo mode: embedded simulator listening on loopback");
        }
        *self
            .inner
            .demo_active
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = true;
        let profile = demo
            .as_ref()
            .map(|d| d.profile.clone())
            .expect("demo world was just created");
        Ok(AccountSummary::from(&profile))
    }

    /// The demo world's platform credentials (for the Account widget in demo mode).
    pub async fn demo_platform(&self) -> Option<(ApiToken, String, PlatformPrivateKey)> {
        let demo = self.inner.demo.lock().await;
        demo.as_ref()?;
        Some((
            ApiToken::new(clearchecks_sandbox::DEMO_PLATFORM_API_TOKEN).ok()?,
            clearchecks_sandbox::DEMO_SOURCE_TOKEN.to_owned(),
            PlatformPrivateKey::new(clearchecks_sandbox::DEMO_PRIVATE_KEY).ok()?,
        ))
    }

    /// Where files chosen by a test are written instead of asking with a dialog.
    pub fn e2e_save_dir() -> Option<PathBuf> {
        crate::test_hooks::var_os("CLEARCHECKS_E2E_SAVE_DIR")
            .map(PathBuf::from)
            .filter(|p| p.is_dir())
    }
}

/// The label the user typed, else the company name ClearChecks returned, else the environment.
fn choose_label(typed: &str, company: Option<&str>, environment: &Environment) -> String {
    let typed = typed.trim();
    if !typed.is_empty() {
        return typed.to_owned();
    }
    match company.map(str::trim).filter(|c| !c.is_empty()) {
        Some(company) => format!("{company} ({})", environment.kind_str()),
        None => format!("ClearChecks {}", environment.kind_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Removing an account deletes its saved orders (and only its own), through the app's state
    /// and the real Secret Service.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn removing_an_account_deletes_its_saved_orders() {
        if std::env::var("CLEARCHECKS_TEST_KEYRING").as_deref() != Ok("1") {
            eprintln!("skipped: run under scripts/with-keyring (sets CLEARCHECKS_TEST_KEYRING=1)");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let service = format!(
            "com.clearchecks.desktop.test.state-{}",
            rand::random::<u32>()
        );
        let identity = Identity::from_parts("com.clearchecks.desktop.test", &service, dir.path());
        let state = AppState::new(identity, "0.0.0-test".into(), false).unwrap();
        let environment = Environment::custom("http://127.0.0.1:9/api").unwrap();
        let token = ApiToken::new("state-test-token-NOT-A-SECRET-1b7e").unwrap();
        let mut ids = Vec::new();
        for label in ["Removed", "Kept"] {
            let client = state
                .build_client(environment.clone(), token.clone())
                .unwrap();
            let profile = AccountProfile::new(
                label,
                ProfileEnvironment::from_environment(&environment),
                None,
            );
            let saved = state
                .store_new_account(profile, environment.clone(), token.clone(), client)
                .await
                .unwrap();
            let item = clearchecks_core::ReportListItem::new(format!("RK-{label}"));
            state.saved().write_listed(&saved.id, &[item]).await;
            ids.push(saved.id);
        }
        assert!(state.saved().load(&ids[0]).await.is_some());
        state.remove(&ids[0]).await.unwrap();
        assert!(
            state.saved().load(&ids[0]).await.is_none(),
            "its rows are gone"
        );
        assert!(
            state.saved().load(&ids[1]).await.is_some(),
            "the other account's stay"
        );
        state.remove(&ids[1]).await.unwrap();
        let keyring = KeyringStore::new(service).unwrap();
        let _ = keyring
            .delete_secret(clearchecks_store::key::KEY_ENTRY)
            .await;
    }

    #[test]
    fn labels_fall_back_to_the_company_then_the_environment() {
        assert_eq!(
            choose_label("  Payroll  ", Some("Acme"), &Environment::Sandbox),
            "Payroll"
        );
        assert_eq!(
            choose_label("", Some("Acme"), &Environment::Sandbox),
            "Acme (sandbox)"
        );
        assert_eq!(
            choose_label(" ", None, &Environment::Production),
            "ClearChecks production"
        );
    }
}

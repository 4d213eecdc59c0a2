//! The local store (`clearchecks-store`) wired into the app: every order the app lists or
//! status-checks is written to it, and the orders screen paints from it before any request.
//!
//! - Real accounts share the installation's encrypted store (`<data dir>/store`, its key in the
//!   OS keyring). Without a usable keyring nothing is written to disk: rows are kept in memory
//!   and the orders screen says so ([`StorageNotice`]).
//! - The demo account (the embedded simulator's made-up orders) uses the separate, unencrypted
//!   demo file, emptied each time demo mode starts (the simulator's world is new each launch).
//!   A real account's rows never go there.
//! - The store is a cache of what ClearChecks holds: a write that fails is logged and never
//!   fails what the user did. Writes run on the blocking pool, one transaction per batch.
//! - Removal is only ever explicit: a list that cannot prove it is whole marks nothing removed
//!   (the same rule as [`crate::sync::merge_listed`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use clearchecks_core::orders::OrderRow;
use clearchecks_core::pagination::Listing;
use clearchecks_core::poller::OrderSource;
use clearchecks_core::reports::{ReportListItem, ReportStatus};
use clearchecks_core::secrets::SecretStore;
use clearchecks_core::{ApiError, ClearChecksClient};
use clearchecks_store::{
    ListedOrder, OrderStore, Persistence, Scope, StatusCheck, StoreError, StoreResult, StoredOrder,
};
use serde::Serialize;
use specta::Type;

/// What the orders screen says when its rows are not kept on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StorageNotice {
    /// "Orders are kept in memory only".
    pub title: String,
    /// Why, and what to do (the store's own words, with the keyring hint).
    pub detail: String,
}

/// The heading of [`StorageNotice`]: the one place the app says it.
pub const MEMORY_ONLY: &str = "Orders are kept in memory only";

impl StorageNotice {
    fn memory_only(problem: &StoreError) -> Self {
        Self {
            title: MEMORY_ONLY.to_owned(),
            detail: format!(
                "{problem} They are downloaded again from ClearChecks the next time the app starts."
            ),
        }
    }
}

/// The saved orders of one account, as the orders screen paints them before any request.
#[derive(Debug, Clone)]
pub struct SavedList {
    pub rows: Vec<OrderRow>,
    /// When the newest of these rows was last confirmed by ClearChecks (listed or checked).
    pub saved_at: Option<DateTime<Utc>>,
}

/// The installation's store, once opened, and why it keeps rows in memory only, when it does.
struct Main {
    store: Arc<OrderStore>,
    problem: Option<StoreError>,
}

/// The app's stores: the installation's (encrypted, or in memory) and the demo one.
pub struct SavedOrders {
    dir: PathBuf,
    secrets: Arc<dyn SecretStore>,
    /// Opened on first use by a real account (a demo-only session never touches the keyring).
    main: tokio::sync::OnceCell<Main>,
    /// The demo account's id and its (unencrypted) store, while demo mode runs.
    demo: std::sync::Mutex<Option<(String, Arc<OrderStore>)>>,
}

impl SavedOrders {
    /// Where the stores live under the app's data directory.
    pub fn dir_in(data_dir: &Path) -> PathBuf {
        clearchecks_store::store_dir(data_dir)
    }

    /// The stores under `data_dir`; nothing is opened yet.
    pub fn new(data_dir: &Path, secrets: Arc<dyn SecretStore>) -> Self {
        Self {
            dir: Self::dir_in(data_dir),
            secrets,
            main: tokio::sync::OnceCell::new(),
            demo: std::sync::Mutex::new(None),
        }
    }

    /// [`Self::new`], with the installation's store opened now.
    #[cfg(test)]
    pub async fn open(data_dir: &Path, secrets: Arc<dyn SecretStore>) -> Self {
        let saved = Self::new(data_dir, secrets);
        saved.main().await;
        saved
    }

    /// Opens the installation's encrypted store (its key from the keyring, created on first
    /// use), or keeps rows in memory with the reason when it cannot be used.
    async fn main(&self) -> &Main {
        self.main
            .get_or_init(|| async {
                let opened = OrderStore::open_or_in_memory(&self.dir, self.secrets.clone()).await;
                if let Some(problem) = &opened.problem {
                    log::warn!("saved orders are kept in memory only: {problem}");
                }
                Main {
                    store: Arc::new(opened.store),
                    problem: opened.problem,
                }
            })
            .await
    }

    /// From now on `account_id` (the demo account) uses the demo file, emptied first.
    pub async fn use_demo(&self, account_id: &str) {
        let dir = self.dir.clone();
        let store = blocking(move || {
            let store = OrderStore::open_demo(&dir)?;
            store.reset()?;
            Ok(store)
        })
        .await
        .unwrap_or_else(|err| {
            log::warn!("the demo orders are kept in memory only: {err}");
            OrderStore::in_memory()
        });
        *self.demo.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((account_id.to_owned(), Arc::new(store)));
    }

    fn demo_store(&self, account_id: &str) -> Option<Arc<OrderStore>> {
        let demo = self.demo.lock().unwrap_or_else(|p| p.into_inner());
        demo.as_ref()
            .filter(|(id, _)| id == account_id)
            .map(|(_, store)| store.clone())
    }

    async fn store_for(&self, account_id: &str) -> Arc<OrderStore> {
        match self.demo_store(account_id) {
            Some(store) => store,
            None => self.main().await.store.clone(),
        }
    }

    /// Where `account_id`'s rows are kept.
    pub async fn persistence(&self, account_id: &str) -> Persistence {
        self.store_for(account_id).await.persistence()
    }

    /// What to tell the user about where `account_id`'s rows are kept (`None`: on disk).
    pub async fn notice(&self, account_id: &str) -> Option<StorageNotice> {
        if self.persistence(account_id).await != Persistence::MemoryOnly {
            return None;
        }
        let problem = match self.demo_store(account_id) {
            Some(_) => None,
            None => self.main().await.problem.clone(),
        };
        let problem = problem.unwrap_or(StoreError::Database {
            detail: "the demo file could not be opened".to_owned(),
        });
        Some(StorageNotice::memory_only(&problem))
    }

    /// The saved rows of `account_id`, newest first (`None` when there are none).
    pub async fn load(&self, account_id: &str) -> Option<SavedList> {
        let store = self.store_for(account_id).await;
        let account = account_id.to_owned();
        let stored = blocking(move || store.list(Scope::Account(&account)))
            .await
            .unwrap_or_else(|err| {
                log::warn!("the saved orders could not be read: {err}");
                Vec::new()
            });
        if stored.is_empty() {
            return None;
        }
        let saved_at = stored.iter().filter_map(StoredOrder::confirmed_at).max();
        Some(SavedList {
            rows: stored.iter().map(StoredOrder::to_row).collect(),
            saved_at,
        })
    }

    /// Stores one batch of `/reports/all` items (a page) in one transaction.
    pub async fn write_listed(&self, account_id: &str, items: &[ReportListItem]) {
        if items.is_empty() {
            return;
        }
        let batch: Vec<ListedOrder> = items.iter().map(clearchecks_sync::listed_order).collect();
        let store = self.store_for(account_id).await;
        let account = account_id.to_owned();
        let now = Utc::now();
        if let Err(err) = blocking(move || store.upsert_listed(&account, &batch, now)).await {
            log::warn!("listed orders could not be saved: {err}");
        }
    }

    /// After a whole list read: only a list proved complete marks the saved orders it lacks as
    /// removed; an incomplete one removes nothing (its rows were stored page by page).
    pub async fn finish_listing(&self, account_id: &str, listing: &Listing<ReportListItem>) {
        if !listing.is_complete() {
            return;
        }
        let listed: HashSet<String> = listing.items.iter().map(|i| i.report_key.clone()).collect();
        let store = self.store_for(account_id).await;
        let account = account_id.to_owned();
        let now = Utc::now();
        let result = blocking(move || {
            let gone: Vec<String> = store
                .list(Scope::Account(&account))?
                .into_iter()
                .map(|o| o.report_key)
                .filter(|key| !listed.contains(key))
                .collect();
            if gone.is_empty() {
                return Ok(());
            }
            let gone: Vec<&str> = gone.iter().map(String::as_str).collect();
            store.mark_removed(&account, &gone, now).map(|_| ())
        })
        .await;
        if let Err(err) = result {
            log::warn!("removed orders could not be marked in the saved orders: {err}");
        }
    }

    /// A whole list read (the poller's): every item stored, then [`Self::finish_listing`].
    pub async fn write_listing(&self, account_id: &str, listing: &Listing<ReportListItem>) {
        for page in listing.items.chunks(100) {
            self.write_listed(account_id, page).await;
        }
        self.finish_listing(account_id, listing).await;
    }

    /// Stores one status answer (letter, flag, component letters, `last_checked_at`).
    pub async fn record_status(
        &self,
        account_id: &str,
        report_key: &str,
        status: &ReportStatus,
        checked_at: DateTime<Utc>,
    ) {
        let check = StatusCheck::from_status(report_key, status);
        let store = self.store_for(account_id).await;
        let account = account_id.to_owned();
        let at = checked_at;
        if let Err(err) = blocking(move || store.record_status(&account, &[check], at)).await {
            log::warn!("a status check could not be saved: {err}");
        }
    }

    /// Deletes every saved order of a removed account.
    pub async fn delete_account(&self, account_id: &str) -> StoreResult<usize> {
        let store = self.store_for(account_id).await;
        let account = account_id.to_owned();
        blocking(move || store.delete_account(&account)).await
    }
}

/// The poller's source: the account's client, with every answer written to the store.
pub struct StoringSource {
    pub client: ClearChecksClient,
    pub saved: Arc<SavedOrders>,
    pub account_id: String,
}

impl OrderSource for StoringSource {
    async fn list_orders(&self) -> Result<Listing<ReportListItem>, ApiError> {
        let listing = OrderSource::list_orders(&self.client).await?;
        self.saved.write_listing(&self.account_id, &listing).await;
        Ok(listing)
    }

    async fn order_status(&self, report_key: &str) -> Result<ReportStatus, ApiError> {
        let status = OrderSource::order_status(&self.client, report_key).await?;
        self.saved
            .record_status(&self.account_id, report_key, &status, Utc::now())
            .await;
        Ok(status)
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> StoreResult<T> + Send + 'static,
) -> StoreResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|join| StoreError::Database {
            detail: format!("the store task stopped unexpectedly ({join})"),
        })?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::orders::list_and_save;
    use crate::events::OrdersLoading;
    use clearchecks_core::secrets::MemoryStore;
    use clearchecks_core::{ApiToken, Environment};
    use clearchecks_sandbox::{Fault, Sandbox, SandboxConfig};
    use std::time::Duration;

    const TOKEN: &str = "saved-orders-test-token-3f7a";
    const ACCOUNT: &str = "acct-saved";

    async fn sandbox(orders: usize) -> Sandbox {
        Sandbox::start(
            SandboxConfig::empty()
                .account(TOKEN, "Saving Co", orders)
                .per_page(5)
                .rate_limit(10_000, Duration::from_secs(60)),
        )
        .await
        .expect("the simulator starts")
    }

    fn client(sandbox: &Sandbox) -> ClearChecksClient {
        let env = Environment::custom(&sandbox.api_base()).expect("loopback is allowed");
        ClearChecksClient::builder(env, ApiToken::new(TOKEN).unwrap(), "0.0.0-test")
            .timeout(Duration::from_secs(10))
            .build()
            .expect("the client builds")
    }

    async fn encrypted(dir: &Path) -> SavedOrders {
        let saved = SavedOrders::open(dir, Arc::new(MemoryStore::new())).await;
        assert_eq!(saved.persistence(ACCOUNT).await, Persistence::Encrypted);
        assert_eq!(
            saved.notice(ACCOUNT).await,
            None,
            "nothing to say when saved on disk"
        );
        saved
    }

    async fn list(
        client: &ClearChecksClient,
        saved: &SavedOrders,
        previous: Vec<OrderRow>,
    ) -> (Vec<OrderRow>, bool, Vec<OrdersLoading>) {
        let mut pages = Vec::new();
        let (rows, listing) = list_and_save(
            client,
            saved,
            ACCOUNT,
            previous,
            |_| {},
            |page| pages.push(page),
        )
        .await
        .expect("the list is read");
        (rows, listing.is_complete(), pages)
    }

    fn keys(rows: &[OrderRow]) -> Vec<String> {
        let mut keys: Vec<String> = rows.iter().map(|r| r.report_key.clone()).collect();
        keys.sort();
        keys
    }

    /// Over real HTTP: every page of a list read is handed on as it arrives (with the
    /// paginator's total) and saved to the encrypted store; the saved rows come back in a new
    /// session of the store, newest first, with when they were confirmed.
    #[tokio::test]
    async fn every_listed_page_is_shown_as_it_arrives_and_saved() {
        let sandbox = sandbox(23).await;
        let client = client(&sandbox);
        let dir = tempfile::tempdir().unwrap();
        let secrets: Arc<dyn SecretStore> = Arc::new(MemoryStore::new());
        let saved = SavedOrders::open(dir.path(), secrets.clone()).await;
        let before = Utc::now();
        let (rows, complete, pages) = list(&client, &saved, Vec::new()).await;
        assert!(complete);
        assert_eq!(rows.len(), 23);
        let loaded: Vec<u32> = pages.iter().map(|p| p.loaded).collect();
        assert_eq!(
            loaded,
            [5, 10, 15, 20, 23],
            "one event per page, as it arrives"
        );
        assert!(
            pages.iter().all(|p| p.total == Some(23)),
            "the paginator's total"
        );
        assert!(pages.iter().all(|p| p.account_id == ACCOUNT));
        assert_eq!(pages[0].rows.len(), 5);
        drop(saved);

        // The next launch: the same file, the same key, before any request.
        let requests = sandbox.control().requests().len();
        let reopened = SavedOrders::open(dir.path(), secrets).await;
        let list = reopened.load(ACCOUNT).await.expect("saved rows");
        assert_eq!(keys(&list.rows), keys(&rows));
        assert_eq!(
            list.rows
                .iter()
                .find(|r| r.report_key == rows[0].report_key),
            Some(&rows[0])
                .map(|r| OrderRow {
                    invite_url: None,
                    ordered_at: r
                        .ordered_at
                        .and_then(|t| DateTime::from_timestamp_millis(t.timestamp_millis())),
                    completed_at: r
                        .completed_at
                        .and_then(|t| DateTime::from_timestamp_millis(t.timestamp_millis())),
                    ..r.clone()
                })
                .as_ref(),
            "the row as shown, at the store's precision, without the invite link"
        );
        let dates: Vec<_> = list.rows.iter().map(|r| r.ordered_at).collect();
        let mut newest_first = dates.clone();
        newest_first.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, newest_first, "newest first");
        assert!(list
            .saved_at
            .is_some_and(|at| at >= before - chrono::Duration::seconds(1)));
        assert_eq!(
            sandbox.control().requests().len(),
            requests,
            "no request to read them"
        );
        assert!(reopened.load("another-account").await.is_none());
        sandbox.shutdown().await;
    }

    /// The incomplete-list rule holds in the store too: a list that fails part-way keeps every
    /// saved order (the pages it did read are saved), and only a complete list removes the
    /// orders ClearChecks no longer has.
    #[tokio::test]
    async fn an_incomplete_list_removes_nothing_from_the_store() {
        let sandbox = sandbox(15).await;
        let client = client(&sandbox);
        let dir = tempfile::tempdir().unwrap();
        let saved = encrypted(dir.path()).await;
        // An order saved earlier that the server no longer lists.
        saved
            .write_listed(ACCOUNT, &[ReportListItem::new("gone-order")])
            .await;
        let previous = saved.load(ACCOUNT).await.unwrap().rows;

        sandbox
            .control()
            .set_fault_after("reports.all", 1, Fault::Status { code: 503 }, u32::MAX);
        let (rows, complete, pages) = list(&client, &saved, previous.clone()).await;
        assert!(!complete, "page 2 failed");
        assert_eq!(pages.len(), 1);
        assert_eq!(rows.len(), 6, "page 1 and the order it lacks");
        let stored = saved.load(ACCOUNT).await.unwrap().rows;
        assert_eq!(keys(&stored), keys(&rows), "page 1 saved, nothing removed");
        assert!(stored.iter().any(|r| r.report_key == "gone-order"));

        sandbox.control().clear_faults();
        let (rows, complete, _) = list(&client, &saved, stored).await;
        assert!(complete);
        assert_eq!(rows.len(), 15);
        let stored = saved.load(ACCOUNT).await.unwrap().rows;
        assert_eq!(keys(&stored), keys(&rows), "the complete list removed it");
        assert!(!stored.iter().any(|r| r.report_key == "gone-order"));
        sandbox.shutdown().await;
    }

    /// The poller's source saves what it reads: its list reads and each status answer (the
    /// letter, the review flag, the component letters and when it was checked).
    #[tokio::test]
    async fn the_pollers_list_and_status_answers_are_saved() {
        let sandbox = sandbox(7).await;
        let dir = tempfile::tempdir().unwrap();
        let saved = Arc::new(encrypted(dir.path()).await);
        let source = StoringSource {
            client: client(&sandbox),
            saved: saved.clone(),
            account_id: ACCOUNT.to_owned(),
        };
        let listing = source.list_orders().await.unwrap();
        assert_eq!(saved.load(ACCOUNT).await.unwrap().rows.len(), 7);
        let key = listing.items[0].report_key.clone();
        let before = Utc::now();
        let status = source.order_status(&key).await.unwrap();
        let store = saved.store_for(ACCOUNT).await;
        let row = store.get(ACCOUNT, &key).unwrap().unwrap();
        assert_eq!(row.letter, status.status.as_str());
        assert_eq!(row.flagged, status.flagged_for_end_user_review);
        assert_eq!(row.components.len(), status.reports.len());
        // The store keeps milliseconds.
        let before = before - chrono::Duration::milliseconds(1);
        assert!(row.last_checked_at.is_some_and(|at| at >= before));
        let shown = saved.load(ACCOUNT).await.unwrap();
        let shown = shown.rows.iter().find(|r| r.report_key == key).unwrap();
        assert_eq!(
            shown.last_checked_at, row.last_checked_at,
            "shown as last checked"
        );
        assert_eq!(
            row.confirmed_at(),
            row.last_checked_at,
            "the latest confirmation"
        );
        sandbox.shutdown().await;
    }

    #[tokio::test]
    async fn removing_an_account_deletes_only_its_saved_orders() {
        let dir = tempfile::tempdir().unwrap();
        let saved = encrypted(dir.path()).await;
        saved
            .write_listed(
                ACCOUNT,
                &[ReportListItem::new("a"), ReportListItem::new("b")],
            )
            .await;
        saved
            .write_listed("other", &[ReportListItem::new("c")])
            .await;
        assert_eq!(saved.delete_account(ACCOUNT).await, Ok(2));
        assert!(saved.load(ACCOUNT).await.is_none());
        assert_eq!(saved.load("other").await.unwrap().rows.len(), 1);
    }

    /// No keyring: nothing is written to disk, the rows are kept in memory (the app still
    /// works), and the orders screen says so with the keyring hint.
    #[tokio::test]
    async fn without_a_keyring_rows_are_kept_in_memory_and_the_screen_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let keyring = MemoryStore::new();
        keyring.set_unavailable(Some("no secret service provider or dbus session found"));
        let saved = SavedOrders::open(dir.path(), Arc::new(keyring)).await;
        assert_eq!(saved.persistence(ACCOUNT).await, Persistence::MemoryOnly);
        assert!(!SavedOrders::dir_in(dir.path()).exists(), "nothing on disk");
        let notice = saved.notice(ACCOUNT).await.expect("the screen says so");
        assert_eq!(notice.title, "Orders are kept in memory only");
        assert!(
            notice
                .detail
                .contains(clearchecks_core::secrets::unavailable_hint()),
            "{}",
            notice.detail
        );
        saved
            .write_listed(ACCOUNT, &[ReportListItem::new("a")])
            .await;
        assert_eq!(saved.load(ACCOUNT).await.unwrap().rows.len(), 1);
        assert!(
            !SavedOrders::dir_in(dir.path()).exists(),
            "still nothing on disk"
        );
    }

    /// The demo account's made-up orders go to the separate demo file, emptied each time demo
    /// mode starts; a real account's rows never go there.
    #[tokio::test]
    async fn demo_orders_use_the_demo_file_and_real_ones_never_do() {
        let dir = tempfile::tempdir().unwrap();
        let keyring = Arc::new(MemoryStore::new());
        let saved = SavedOrders::new(dir.path(), keyring.clone());
        saved.use_demo("demo-1").await;
        assert_eq!(saved.persistence("demo-1").await, Persistence::Unencrypted);
        assert_eq!(saved.notice("demo-1").await, None);
        saved
            .write_listed("demo-1", &[ReportListItem::new("d")])
            .await;
        assert!(saved.load("demo-1").await.is_some());
        let key = || keyring.get_secret(clearchecks_store::key::KEY_ENTRY);
        assert!(
            key().await.unwrap().is_none(),
            "a demo-only session puts nothing in the keyring"
        );
        saved
            .write_listed(ACCOUNT, &[ReportListItem::new("r")])
            .await;
        assert!(
            key().await.unwrap().is_some(),
            "a real account's rows are encrypted"
        );
        assert_eq!(saved.persistence(ACCOUNT).await, Persistence::Encrypted);
        assert_eq!(
            saved
                .store_for("demo-1")
                .await
                .list(Scope::All)
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            saved
                .store_for(ACCOUNT)
                .await
                .list(Scope::All)
                .unwrap()
                .len(),
            1
        );
        saved.use_demo("demo-2").await;
        assert!(
            saved
                .store_for("demo-2")
                .await
                .list(Scope::All)
                .unwrap()
                .is_empty(),
            "a new demo world starts empty"
        );
        assert!(saved.load(ACCOUNT).await.is_some(), "the real rows stay");
    }
}

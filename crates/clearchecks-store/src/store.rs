//! The store's operations: what the sync engine, the orders screen, Settings and the CLI ask.
//!
//! Every method is blocking (a SQLite call); from async code run it on the blocking pool
//! (`tokio::task::spawn_blocking`). Each write is one transaction: it is all there after a
//! crash, or not at all.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Transaction};

use crate::error::{StoreError, StoreResult};
use crate::order::{ChangeSet, ListedOrder, OrderChange, StatusCheck, StoredOrder};
use crate::rows::{self, Stamp, ORDER_COLUMNS, SYNC_COLUMNS};
use crate::sync_state::SyncState;
use crate::{files, schema};

/// Where the rows are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    /// The SQLCipher file, keyed from the OS keyring.
    Encrypted,
    /// The demo file, unencrypted (made-up orders only).
    Unencrypted,
    /// Nothing on disk: lost when the app quits.
    MemoryOnly,
}

/// Which accounts a read covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    Account(&'a str),
    All,
}

/// The local store of every account's orders. Cheap to share behind an `Arc`.
pub struct OrderStore {
    conn: Mutex<Connection>,
    persistence: Persistence,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for OrderStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrderStore")
            .field("persistence", &self.persistence)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl OrderStore {
    pub(crate) fn from_connection(
        conn: Connection,
        persistence: Persistence,
        path: Option<PathBuf>,
    ) -> Self {
        Self {
            conn: Mutex::new(conn),
            persistence,
            path,
        }
    }

    pub fn persistence(&self) -> Persistence {
        self.persistence
    }

    /// The database file (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> StoreResult<u32> {
        schema::version(&self.lock())
    }

    /// Bytes on disk: the database and its WAL (Settings shows it). 0 in memory.
    pub fn size_on_disk(&self) -> u64 {
        self.path.as_deref().map_or(0, files::size_on_disk)
    }

    /// A poisoned lock only means a panic elsewhere; SQLite rolled the transaction back.
    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn write<T>(&self, work: impl FnOnce(&Transaction<'_>) -> StoreResult<T>) -> StoreResult<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = work(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Stores one `/reports/all` batch of `account_id` (a page, or several) in one
    /// transaction, stamping `last_listed_at`. Rows not in the batch are left alone: removal is
    /// only ever explicit ([`OrderStore::mark_removed`]).
    pub fn upsert_listed(
        &self,
        account_id: &str,
        batch: &[ListedOrder],
        listed_at: DateTime<Utc>,
    ) -> StoreResult<ChangeSet> {
        self.write(|tx| apply_listed(tx, account_id, batch, listed_at))
    }

    /// Stores status answers checked at `checked_at` (letter, flag, components,
    /// `last_checked_at`). An order the list has not shown yet (just placed) gets a row.
    pub fn record_status(
        &self,
        account_id: &str,
        checks: &[StatusCheck],
        checked_at: DateTime<Utc>,
    ) -> StoreResult<ChangeSet> {
        self.write(|tx| {
            let mut changes = ChangeSet::default();
            for check in checks {
                let before = rows::get_order(tx, account_id, &check.report_key)?;
                let mut after = before
                    .clone()
                    .unwrap_or_else(|| StoredOrder::new(account_id, &check.report_key));
                after.letter.clone_from(&check.letter);
                after.flagged = check.flagged;
                after.components.clone_from(&check.components);
                after.last_checked_at = Some(checked_at);
                save(tx, &before, &after, Stamp::Checked, checked_at)?;
                tally(&mut changes, before, after);
            }
            Ok(changes)
        })
    }

    /// Stamps `last_checked_at` on orders whose status was confirmed unchanged. Returns how
    /// many rows were stamped (unknown keys are skipped).
    pub fn mark_checked(
        &self,
        account_id: &str,
        report_keys: &[&str],
        checked_at: DateTime<Utc>,
    ) -> StoreResult<usize> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "UPDATE orders SET last_checked_at = ?3 WHERE account_id = ?1 AND report_key = ?2",
            )?;
            let mut stamped = 0;
            for key in report_keys {
                stamped += stmt.execute(params![account_id, key, checked_at.timestamp_millis()])?;
            }
            Ok(stamped)
        })
    }

    /// Marks orders a full walk no longer found as removed (kept, hidden from [`OrderStore::list`]).
    pub fn mark_removed(
        &self,
        account_id: &str,
        report_keys: &[&str],
        removed_at: DateTime<Utc>,
    ) -> StoreResult<ChangeSet> {
        self.write(|tx| {
            let mut changes = ChangeSet::default();
            for key in report_keys {
                let Some(before) = rows::get_order(tx, account_id, key)? else {
                    continue;
                };
                if before.removed_at.is_some() {
                    changes.unchanged += 1;
                    continue;
                }
                let after = StoredOrder {
                    removed_at: Some(removed_at),
                    ..before.clone()
                };
                rows::write_order(tx, &after)?;
                changes.changed.push(OrderChange { before, after });
            }
            Ok(changes)
        })
    }

    /// One order (removed or not).
    pub fn get(&self, account_id: &str, report_key: &str) -> StoreResult<Option<StoredOrder>> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        Ok(rows::get_order(&tx, account_id, report_key)?)
    }

    /// The orders of `scope`, newest order date first (unknown dates last), removed ones left
    /// out.
    pub fn list(&self, scope: Scope<'_>) -> StoreResult<Vec<StoredOrder>> {
        self.select(scope, None, false, None)
    }

    /// The newest `limit` orders of `scope` (what the first frame shows before the rest of a
    /// 50,000-row list is read).
    pub fn list_newest(&self, scope: Scope<'_>, limit: usize) -> StoreResult<Vec<StoredOrder>> {
        self.select(scope, None, false, Some(limit))
    }

    /// Like [`OrderStore::list`], with the removed orders too.
    pub fn list_with_removed(&self, scope: Scope<'_>) -> StoreResult<Vec<StoredOrder>> {
        self.select(scope, None, true, None)
    }

    /// Orders of `scope` whose key, applicant name or email contains `query` (any case),
    /// newest first, at most `limit`. An empty query matches everything.
    pub fn search(
        &self,
        scope: Scope<'_>,
        query: &str,
        limit: usize,
    ) -> StoreResult<Vec<StoredOrder>> {
        // Control characters (the field separator of `search_text`) cannot match.
        let needle: String = query
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        self.select(scope, Some(&needle), false, Some(limit))
    }

    fn select(
        &self,
        scope: Scope<'_>,
        needle: Option<&str>,
        include_removed: bool,
        limit: Option<usize>,
    ) -> StoreResult<Vec<StoredOrder>> {
        let mut sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE 1");
        let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
        if let Scope::Account(account) = scope {
            args.push(Box::new(account.to_owned()));
            sql.push_str(&format!(" AND account_id = ?{}", args.len()));
        }
        if !include_removed {
            sql.push_str(" AND removed_at IS NULL");
        }
        if let Some(needle) = needle.filter(|n| !n.is_empty()) {
            args.push(Box::new(needle.to_owned()));
            sql.push_str(&format!(" AND instr(search_text, ?{}) > 0", args.len()));
        }
        // Newest first is sorted here, not by SQLite: walking the date index costs one
        // primary-key lookup per row (~10× slower for a search that matches little), and
        // SQLite's sorter copies every row through a temporary b-tree; a scan that reads each
        // page once plus an in-memory sort of the decoded rows is the fastest of the three.
        match (limit, needle.is_some_and(|n| !n.is_empty())) {
            // The newest few: the date index yields them in order, and reading stops there.
            (Some(limit), false) => {
                sql.push_str(" ORDER BY ordered_at DESC, report_key DESC, account_id LIMIT ?");
                args.push(Box::new(limit.min(i64::MAX as usize) as i64));
                sql = sql.replacen(" LIMIT ?", &format!(" LIMIT ?{}", args.len()), 1);
                let conn = self.lock();
                let mut stmt = conn.prepare_cached(&sql)?;
                let rows = stmt
                    .query_map(rusqlite::params_from_iter(args.iter()), rows::read_order)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                return Ok(rows);
            }
            (Some(limit), true) => return self.select_top(&sql, &args, limit),
            (None, _) => {}
        }
        let mut rows = {
            let conn = self.lock();
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt
                .query_map(rusqlite::params_from_iter(args.iter()), rows::read_order)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        };
        rows.sort_unstable_by(newest_first);
        Ok(rows)
    }

    /// The newest `limit` rows `sql` selects: sorts just the identities and dates of every
    /// match, then reads the `limit` full rows (a search that matches 6,000 of 50,000 rows
    /// decodes 100 of them, not 6,000).
    fn select_top(
        &self,
        sql: &str,
        args: &[Box<dyn rusqlite::ToSql>],
        limit: usize,
    ) -> StoreResult<Vec<StoredOrder>> {
        let sql = sql.replacen(
            &format!("SELECT {ORDER_COLUMNS} FROM"),
            "SELECT account_id, report_key, ordered_at FROM",
            1,
        );
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let mut found = {
            let mut stmt = tx.prepare_cached(&sql)?;
            let found = stmt
                .query_map(rusqlite::params_from_iter(args.iter()), |row| {
                    let mut order =
                        StoredOrder::new(row.get::<_, String>(0)?, row.get::<_, String>(1)?);
                    order.ordered_at = row
                        .get::<_, Option<i64>>(2)?
                        .and_then(DateTime::from_timestamp_millis);
                    Ok(order)
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            found
        };
        found.sort_unstable_by(newest_first);
        found.truncate(limit);
        let mut rows = Vec::with_capacity(found.len());
        for hit in found {
            if let Some(row) = rows::get_order(&tx, &hit.account_id, &hit.report_key)? {
                rows.push(row);
            }
        }
        Ok(rows)
    }

    /// How many orders `scope` holds (removed ones left out).
    pub fn count(&self, scope: Scope<'_>) -> StoreResult<usize> {
        let conn = self.lock();
        let n: i64 = match scope {
            Scope::Account(account) => conn.query_row(
                "SELECT count(*) FROM orders WHERE account_id = ?1 AND removed_at IS NULL",
                [account],
                |r| r.get(0),
            )?,
            Scope::All => conn.query_row(
                "SELECT count(*) FROM orders WHERE removed_at IS NULL",
                [],
                |r| r.get(0),
            )?,
        };
        Ok(n.max(0) as usize)
    }

    /// The sync state of an account (`SyncState::new` when it never synced).
    pub fn sync_state(&self, account_id: &str) -> StoreResult<SyncState> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {SYNC_COLUMNS} FROM sync_state WHERE account_id = ?1"
        ))?;
        let mut found = stmt.query([account_id])?;
        match found.next()? {
            Some(row) => Ok(rows::read_sync_state(row)?),
            None => Ok(SyncState::new(account_id)),
        }
    }

    /// Replaces the sync state of `state.account_id`.
    pub fn set_sync_state(&self, state: &SyncState) -> StoreResult<()> {
        self.write(|tx| Ok(rows::write_sync_state(tx, state)?))
    }

    /// Stores a batch and the sync state that follows from it in one transaction (a crash
    /// never leaves a head marker ahead of the rows it describes).
    pub fn upsert_listed_with_state(
        &self,
        batch: &[ListedOrder],
        state: &SyncState,
        listed_at: DateTime<Utc>,
    ) -> StoreResult<ChangeSet> {
        let account_id = state.account_id.as_str();
        self.write(|tx| {
            let changes = apply_listed(tx, account_id, batch, listed_at)?;
            rows::write_sync_state(tx, state)?;
            Ok(changes)
        })
    }

    /// Deletes an account's rows and sync state ("Delete saved orders", account removal).
    /// Returns how many orders were deleted.
    pub fn delete_account(&self, account_id: &str) -> StoreResult<usize> {
        self.write(|tx| {
            let deleted = tx.execute("DELETE FROM orders WHERE account_id = ?1", [account_id])?;
            tx.execute("DELETE FROM sync_state WHERE account_id = ?1", [account_id])?;
            Ok(deleted)
        })
    }

    /// Deletes orders of `scope` placed before `cutoff` (the optional automatic purge; orders
    /// with an unknown date are kept). Returns how many were deleted.
    pub fn purge_ordered_before(
        &self,
        scope: Scope<'_>,
        cutoff: DateTime<Utc>,
    ) -> StoreResult<usize> {
        self.write(|tx| {
            let cutoff = cutoff.timestamp_millis();
            Ok(match scope {
                Scope::Account(account) => tx.execute(
                    "DELETE FROM orders WHERE account_id = ?1 AND ordered_at < ?2",
                    params![account, cutoff],
                )?,
                Scope::All => tx.execute("DELETE FROM orders WHERE ordered_at < ?1", [cutoff])?,
            })
        })
    }

    /// Empties the store (every account's rows and sync state); the file and key stay.
    pub fn reset(&self) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute_batch("DELETE FROM orders; DELETE FROM sync_state;")?;
            Ok(())
        })?;
        // Give the space back and leave no old pages in the file.
        self.lock().execute_batch("VACUUM;")?;
        Ok(())
    }

    /// SQLite's full integrity check (and, for the encrypted store, every page's HMAC).
    pub fn integrity_check(&self) -> StoreResult<()> {
        let conn = self.lock();
        let mut problems: Vec<String> = conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        problems.retain(|p| p != "ok");
        if self.persistence == Persistence::Encrypted {
            problems.extend(
                conn.prepare("PRAGMA cipher_integrity_check")?
                    .query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?,
            );
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Corrupt {
                detail: problems.join("; "),
            })
        }
    }
}

/// Writes `after`; a row whose content did not change only gets its stamp (one column, no
/// index rewrite: a full walk over an unchanged history stays cheap).
fn save(
    tx: &Transaction<'_>,
    before: &Option<StoredOrder>,
    after: &StoredOrder,
    stamp: Stamp,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    match before {
        Some(before) if before.same_content(after) => {
            rows::stamp(tx, stamp, &after.account_id, &after.report_key, at)?
        }
        _ => rows::write_order(tx, after)?,
    }
    Ok(())
}

/// Newest order date first, unknown dates last; then report key descending, then account (the
/// same order for every list, so rows never jump between two reads).
fn newest_first(a: &StoredOrder, b: &StoredOrder) -> std::cmp::Ordering {
    match (a.ordered_at, b.ordered_at) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then_with(|| b.report_key.cmp(&a.report_key))
    .then_with(|| a.account_id.cmp(&b.account_id))
}

fn tally(changes: &mut ChangeSet, before: Option<StoredOrder>, after: StoredOrder) {
    match before {
        None => changes.added.push(after),
        Some(before) if before.same_content(&after) => changes.unchanged += 1,
        Some(before) => changes.changed.push(OrderChange { before, after }),
    }
}

fn apply_listed(
    tx: &Transaction<'_>,
    account_id: &str,
    batch: &[ListedOrder],
    listed_at: DateTime<Utc>,
) -> StoreResult<ChangeSet> {
    let mut changes = ChangeSet::default();
    for listed in batch {
        let before = rows::get_order(tx, account_id, &listed.report_key)?;
        let mut after = before
            .clone()
            .unwrap_or_else(|| StoredOrder::new(account_id, &listed.report_key));
        after.merge_listed(listed);
        after.last_listed_at = Some(listed_at);
        save(tx, &before, &after, Stamp::Listed, listed_at)?;
        tally(&mut changes, before, after);
    }
    Ok(changes)
}

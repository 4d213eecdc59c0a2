//! The schema and its migrations, versioned by SQLite's `user_version`.
//!
//! `MIGRATIONS[i]` takes a database from version `i` to `i + 1`. A migration is only ever
//! appended, never edited: a user's file may be at any earlier version, and the migration test
//! (`tests/migrations.rs`) builds every earlier version with data and migrates it to the newest.
//!
//! What is kept is what the list, search, detail header, chips and notifications need, and
//! nothing more (FCRA data minimisation): no report JSON, no PDFs, no invite URLs. Times are
//! Unix milliseconds (UTC).

use rusqlite::{Connection, Transaction};

use crate::error::{StoreError, StoreResult};
use crate::order::search_text;

/// Version 1: orders with their list fields, and the per-account head marker.
const V1: &str = "
CREATE TABLE orders (
    account_id       TEXT    NOT NULL,
    report_key       TEXT    NOT NULL,
    applicant_name   TEXT,
    applicant_email  TEXT,
    sku              TEXT,
    add_ons          TEXT    NOT NULL DEFAULT '[]',   -- JSON array of add-on names
    letter           TEXT    NOT NULL DEFAULT '',     -- status letter, '' when never known
    flagged          INTEGER NOT NULL DEFAULT 0,      -- flagged for end-user review
    ordered_at       INTEGER,
    ordered_at_raw   TEXT,                            -- the text sent, when unreadable
    completed_at     INTEGER,
    completed_at_raw TEXT,
    last_checked_at  INTEGER,                         -- last /reports/{key}/status answer
    last_listed_at   INTEGER,                         -- last seen in /reports/all
    PRIMARY KEY (account_id, report_key)
) WITHOUT ROWID;
CREATE INDEX orders_newest ON orders (account_id, ordered_at DESC, report_key DESC);
CREATE TABLE sync_state (
    account_id        TEXT PRIMARY KEY NOT NULL,
    head_report_key   TEXT,
    head_ordered_at   INTEGER,
    last_head_sync_at INTEGER
) WITHOUT ROWID;
";

/// Version 2: component letters, an explicit removal mark and a search column on orders (the
/// search column is filled for existing rows by [`fill_search_text`]); the slow full walk's
/// progress and the paginator's total in the sync state.
const V2: &str = "
ALTER TABLE orders ADD COLUMN components TEXT NOT NULL DEFAULT '[]'; -- JSON [[key, letter], …]
ALTER TABLE orders ADD COLUMN removed_at INTEGER;
ALTER TABLE orders ADD COLUMN search_text TEXT NOT NULL DEFAULT ''; -- see crate::order::search_text
CREATE INDEX orders_all_newest ON orders (ordered_at DESC, report_key DESC);
ALTER TABLE sync_state ADD COLUMN full_walk_next_page INTEGER;
ALTER TABLE sync_state ADD COLUMN full_walk_started_at INTEGER;
ALTER TABLE sync_state ADD COLUMN last_full_walk_at INTEGER;
ALTER TABLE sync_state ADD COLUMN list_total INTEGER;
";

/// One step: SQL, then optionally Rust over the same transaction (for data SQL cannot compute,
/// such as Unicode lower-casing).
pub struct Migration {
    pub sql: &'static str,
    pub fill: Option<fn(&Transaction<'_>) -> rusqlite::Result<()>>,
}

/// Every migration, in order. The newest schema version is `MIGRATIONS.len()`.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: V1,
        fill: None,
    },
    Migration {
        sql: V2,
        fill: Some(fill_search_text),
    },
];

/// Computes `search_text` for rows written before version 2.
fn fill_search_text(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let mut read =
        tx.prepare("SELECT account_id, report_key, applicant_name, applicant_email FROM orders")?;
    let rows = read
        .query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut write =
        tx.prepare("UPDATE orders SET search_text = ?3 WHERE account_id = ?1 AND report_key = ?2")?;
    for (account, key, name, email) in rows {
        let text = search_text(&key, name.as_deref(), email.as_deref());
        write.execute(rusqlite::params![account, key, text])?;
    }
    Ok(())
}

/// The schema version this build writes.
pub fn latest_version() -> u32 {
    MIGRATIONS.len() as u32
}

/// The file's schema version.
pub fn version(conn: &Connection) -> StoreResult<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

/// Brings the schema to `target` (each step in its own transaction, with its version bump, so a
/// crash mid-migration leaves the previous version intact).
pub fn migrate_to(conn: &mut Connection, target: u32) -> StoreResult<()> {
    let found = version(conn)?;
    if found > latest_version() {
        return Err(StoreError::TooNew {
            found,
            supported: latest_version(),
        });
    }
    for step in found..target.min(latest_version()) {
        let tx = conn.transaction()?;
        let migration = &MIGRATIONS[step as usize];
        tx.execute_batch(migration.sql)?;
        if let Some(fill) = migration.fill {
            fill(&tx)?;
        }
        tx.pragma_update(None, "user_version", step + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Brings the schema to the newest version.
pub fn migrate(conn: &mut Connection) -> StoreResult<()> {
    migrate_to(conn, latest_version())
}

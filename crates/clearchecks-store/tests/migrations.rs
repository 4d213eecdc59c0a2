//! Every earlier schema version, with data, migrates to the newest without losing a row.
//!
//! When a version is added, `fixture` must learn to fill the previous newest version (the test
//! panics until it does), so each version a user's file can be at stays covered.

use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use clearchecks_core::secrets::{MemoryStore, SecretStore, SecretString};
use clearchecks_store::key::KEY_ENTRY;
use clearchecks_store::schema::{latest_version, migrate_to};
use clearchecks_store::{OrderStore, Scope, SyncState, DB_FILE, DEMO_DB_FILE};
use rusqlite::Connection;

const HEX_KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0";

/// Fills a database that is at schema `version` with rows as that version's code wrote them.
fn fixture(conn: &Connection, version: u32) {
    match version {
        1 => conn
            .execute_batch(
                "INSERT INTO orders (account_id, report_key, applicant_name, applicant_email, sku, \
                 add_ons, letter, flagged, ordered_at, ordered_at_raw, completed_at, \
                 completed_at_raw, last_checked_at, last_listed_at) VALUES \
                 ('acct-1', 'RK-1', 'Zoë Ångström', 'zoe@example.com', 'HIRE1', '[\"mvr\"]', 'C', 1, \
                  1764000000000, NULL, 1764500000000, NULL, 1764600000000, 1764700000000), \
                 ('acct-1', 'RK-2', 'Bo Chen', NULL, NULL, '[]', '', 0, NULL, '-0001-11-30 00:00:00', \
                  NULL, NULL, NULL, 1764700000000), \
                 ('acct-2', 'RK-1', 'Other Account', 'x@b.example', 'EMPLOY', '[]', 'P', 0, \
                  1763000000000, NULL, NULL, NULL, NULL, 1764700000000); \
                 INSERT INTO sync_state (account_id, head_report_key, head_ordered_at, last_head_sync_at) \
                 VALUES ('acct-1', 'RK-1', 1764000000000, 1764700000000);",
            )
            .unwrap(),
        v => panic!("add a fixture for schema version {v} to tests/migrations.rs"),
    }
}

/// What every fixture's data must look like after migrating to the newest version.
fn assert_migrated(store: &OrderStore) {
    assert_eq!(store.schema_version().unwrap(), latest_version());
    let acct1 = store.list(Scope::Account("acct-1")).unwrap();
    assert_eq!(acct1.len(), 2);
    let rk1 = &acct1[0];
    assert_eq!(rk1.report_key, "RK-1");
    assert_eq!(rk1.applicant_name.as_deref(), Some("Zoë Ångström"));
    assert_eq!(rk1.add_ons, vec!["mvr".to_owned()]);
    assert_eq!((rk1.letter.as_str(), rk1.flagged), ("C", true));
    assert_eq!(
        rk1.ordered_at,
        Utc.timestamp_millis_opt(1764000000000).single()
    );
    assert_eq!(
        rk1.last_checked_at,
        Utc.timestamp_millis_opt(1764600000000).single()
    );
    assert!(
        rk1.components.is_empty(),
        "version 1 had no component letters"
    );
    assert_eq!(rk1.removed_at, None);
    assert_eq!(
        acct1[1].ordered_at_raw.as_deref(),
        Some("-0001-11-30 00:00:00")
    );
    assert_eq!(store.count(Scope::All).unwrap(), 3);
    // The search column was filled for old rows, Unicode-lower-cased.
    let found = store.search(Scope::All, "ÅNGSTRÖM", 10).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(store.search(Scope::All, "rk-1", 10).unwrap().len(), 2);
    let state = store.sync_state("acct-1").unwrap();
    assert_eq!(
        state.head.as_ref().map(|h| h.report_key.as_str()),
        Some("RK-1")
    );
    assert_eq!(
        state.last_head_sync_at,
        Utc.timestamp_millis_opt(1764700000000).single()
    );
    assert_eq!(state.full_walk_next_page, None);
    assert_eq!(state.list_total, None);
    assert_eq!(
        store.sync_state("acct-2").unwrap(),
        SyncState::new("acct-2")
    );
    store.integrity_check().unwrap();
}

fn columns(conn: &Connection) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare(
            "SELECT m.name, p.name || ' ' || p.type || ' ' || p.\"notnull\" || ' ' || \
             ifnull(p.dflt_value, '') FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' ORDER BY m.name, p.name",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn indexes(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn build(path: &Path, version: u32, hex_key: Option<&str>) {
    let mut conn = Connection::open(path).unwrap();
    if let Some(hex) = hex_key {
        conn.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
            .unwrap();
    }
    migrate_to(&mut conn, version).unwrap();
    assert_eq!(
        conn.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))
            .unwrap(),
        version
    );
    fixture(&conn, version);
}

#[test]
fn there_are_earlier_versions_to_migrate_from() {
    assert!(latest_version() >= 2);
}

#[test]
fn every_earlier_version_migrates_to_the_newest() {
    for version in 1..latest_version() {
        let dir = tempfile::tempdir().unwrap();
        build(&dir.path().join(DEMO_DB_FILE), version, None);
        let store = OrderStore::open_demo(dir.path()).unwrap();
        assert_migrated(&store);
        // Opening again is a no-op.
        drop(store);
        assert_migrated(&OrderStore::open_demo(dir.path()).unwrap());
    }
}

#[tokio::test]
async fn an_encrypted_file_of_every_earlier_version_migrates_through_open() {
    for version in 1..latest_version() {
        let dir = tempfile::tempdir().unwrap();
        build(&dir.path().join(DB_FILE), version, Some(HEX_KEY));
        let keyring = Arc::new(MemoryStore::new());
        keyring
            .set_secret(KEY_ENTRY, &SecretString::new(HEX_KEY.into()))
            .await
            .unwrap();
        let store = OrderStore::open(dir.path(), keyring).await.unwrap();
        assert_migrated(&store);
    }
}

#[test]
fn a_migrated_schema_is_the_fresh_schema() {
    let fresh_dir = tempfile::tempdir().unwrap();
    drop(OrderStore::open_demo(fresh_dir.path()).unwrap());
    let fresh = Connection::open(fresh_dir.path().join(DEMO_DB_FILE)).unwrap();
    for version in 1..latest_version() {
        let dir = tempfile::tempdir().unwrap();
        build(&dir.path().join(DEMO_DB_FILE), version, None);
        drop(OrderStore::open_demo(dir.path()).unwrap());
        let migrated = Connection::open(dir.path().join(DEMO_DB_FILE)).unwrap();
        assert_eq!(
            columns(&migrated),
            columns(&fresh),
            "from version {version}"
        );
        assert_eq!(
            indexes(&migrated),
            indexes(&fresh),
            "from version {version}"
        );
    }
}

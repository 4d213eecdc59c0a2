//! The store's key in the real Secret Service (Linux).
//!
//! - `round_trips_its_key_through_the_secret_service` needs a running, unlocked Secret Service
//!   and runs when `CLEARCHECKS_TEST_KEYRING=1` (`scripts/with-keyring` sets it; `./x test` runs
//!   the Rust tests under it): `scripts/with-keyring cargo test -p clearchecks-store --test keyring_linux`.
//! - `without_a_secret_service_nothing_is_written` always runs: it re-runs itself in a child
//!   whose session bus address points nowhere.
#![cfg(target_os = "linux")]

use std::process::Command;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::Utc;
use clearchecks_core::secrets::{KeyringStore, SecretStore};
use clearchecks_store::key::KEY_ENTRY;
use clearchecks_store::{ListedOrder, OrderStore, Persistence, Scope, StoreError};

const CHILD_ENV: &str = "CLEARCHECKS_STORE_NO_KEYRING_CHILD";

/// A service name no real build uses, unique to this run.
fn test_service() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "com.clearchecks.desktop.test.store.{}.{nanos}",
        std::process::id()
    )
}

fn secret_tool_lookup(service: &str, user: &str) -> Option<String> {
    let output = Command::new("secret-tool")
        .args(["lookup", "service", service, "username", user])
        .output()
        .expect("secret-tool (libsecret-tools) is installed by ./x setup");
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trips_its_key_through_the_secret_service() {
    if std::env::var("CLEARCHECKS_TEST_KEYRING").as_deref() != Ok("1") {
        eprintln!("skipped: run under scripts/with-keyring (sets CLEARCHECKS_TEST_KEYRING=1)");
        return;
    }
    let service = test_service();
    let dir = tempfile::tempdir().unwrap();
    let keyring: Arc<dyn SecretStore> = Arc::new(KeyringStore::new(&service).unwrap());
    let store = OrderStore::open(dir.path(), keyring.clone()).await.unwrap();
    assert_eq!(store.persistence(), Persistence::Encrypted);
    store
        .upsert_listed(
            "acct",
            &[ListedOrder {
                applicant_email: Some("zoe@example.com".into()),
                ..ListedOrder::new("RK-1")
            }],
            Utc::now(),
        )
        .unwrap();
    drop(store);

    // libsecret's own tool sees the key the store created: 64 hex digits.
    let stored = secret_tool_lookup(&service, KEY_ENTRY).expect("key in the Secret Service");
    assert_eq!(stored.trim().len(), 64);
    assert!(stored.trim().bytes().all(|b| b.is_ascii_hexdigit()));

    // A fresh keyring client (a new launch) opens the same rows.
    let relaunch: Arc<dyn SecretStore> = Arc::new(KeyringStore::new(&service).unwrap());
    let again = OrderStore::open(dir.path(), relaunch.clone())
        .await
        .unwrap();
    assert_eq!(again.count(Scope::All).unwrap(), 1);
    drop(again);

    OrderStore::delete_files(dir.path(), relaunch.as_ref())
        .await
        .unwrap();
    assert_eq!(secret_tool_lookup(&service, KEY_ENTRY), None);
    assert!(!OrderStore::path_in(dir.path()).exists());
}

#[test]
fn without_a_secret_service_nothing_is_written() {
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "no_keyring_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/clearchecks-test/bus",
        )
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs only as the child of `without_a_secret_service_nothing_is_written`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_keyring_child() {
    if std::env::var(CHILD_ENV).as_deref() != Ok("1") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let keyring: Arc<dyn SecretStore> = Arc::new(KeyringStore::new(test_service()).unwrap());
    let err = OrderStore::open(&store_dir, keyring.clone())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::KeyringUnavailable { .. }),
        "{err:?}"
    );
    eprintln!("as expected: {err}");
    assert!(!store_dir.exists(), "nothing on disk without a keyring");
    let opened = OrderStore::open_or_in_memory(&store_dir, keyring).await;
    assert_eq!(opened.store.persistence(), Persistence::MemoryOnly);
    assert!(!store_dir.exists());
}

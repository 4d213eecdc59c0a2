//! The real Secret Service, end to end (Linux only; opt-in because it needs a D-Bus session).
//!
//! - `CLEARCHECKS_TEST_KEYRING=1`: store, read, replace and delete through a running Secret
//!   Service. Run inside a throw-away D-Bus session with an unlocked keyring, e.g.
//!   `dbus-run-session -- sh -c 'out=$(echo -n pw | gnome-keyring-daemon --unlock
//!   --components=secrets); export $(echo "$out" | grep GNOME_KEYRING_CONTROL);
//!   CLEARCHECKS_TEST_KEYRING=1 cargo test -p clearchecks-core --test keyring_linux'`
//!   with a fresh `XDG_DATA_HOME` and `HOME`.
//! - `CLEARCHECKS_TEST_NO_KEYRING=1`: with no reachable session bus, writing a token fails with
//!   `KeyringUnavailable` (never a silent fallback). The test re-runs itself in a child process
//!   whose session bus address points nowhere, so it works inside or outside a D-Bus session.
//!
//! Without either variable these tests return at once and say so.
#![cfg(target_os = "linux")]

use std::process::Command;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use clearchecks_core::secrets::{
    backend_name, CachedSecretStore, KeyringStore, SecretError, SecretStore, SecretString,
};
use clearchecks_core::token::ApiToken;

const CHILD_ENV: &str = "CLEARCHECKS_TEST_NO_KEYRING_CHILD";

fn enabled(variable: &str) -> bool {
    let on = std::env::var(variable).is_ok_and(|v| v == "1");
    if !on {
        eprintln!("skipped: set {variable}=1 to run this test");
    }
    on
}

/// A service name no real build uses, unique to this run.
fn test_service() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "com.clearchecks.desktop.test.{}.{nanos}",
        std::process::id()
    )
}

/// What `secret-tool` (libsecret) finds for the entry, when the tool is installed.
fn secret_tool_lookup(service: &str, user: &str) -> Option<Option<String>> {
    let output = Command::new("secret-tool")
        .args(["lookup", "service", service, "username", user])
        .output()
        .ok()?;
    Some(
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned()),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trips_through_the_secret_service() {
    if !enabled("CLEARCHECKS_TEST_KEYRING") {
        return;
    }
    assert_eq!(backend_name(), "Secret Service (D-Bus)");
    let service = test_service();
    let store = KeyringStore::new(&service).unwrap();
    let account = "0b7c6a52-7a43-4d55-9a55-7c1d2b8f4e10";
    let first = ApiToken::new("cc-test-token-first-7f3a").unwrap();
    let second = ApiToken::new("cc-test-token-second-9b1c").unwrap();

    assert_eq!(store.get(account).await.unwrap(), None);
    store.set(account, &first).await.unwrap();

    // Really persisted: a fresh store and libsecret's own tool both see it.
    let fresh = KeyringStore::new(&service).unwrap();
    assert_eq!(fresh.get(account).await.unwrap(), Some(first.clone()));
    if let Some(found) = secret_tool_lookup(&service, account) {
        assert_eq!(found.as_deref(), Some(first.expose_secret()));
    }

    store.set(account, &second).await.unwrap();
    assert_eq!(fresh.get(account).await.unwrap(), Some(second.clone()));

    store.delete(account).await.unwrap();
    assert_eq!(fresh.get(account).await.unwrap(), None);
    if let Some(found) = secret_tool_lookup(&service, account) {
        assert_eq!(found, None);
    }
    // Deleting a missing entry is success.
    store.delete(account).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keeps_other_secrets_and_serves_a_cached_store() {
    if !enabled("CLEARCHECKS_TEST_KEYRING") {
        return;
    }
    let service = test_service();
    let cached = Arc::new(CachedSecretStore::new(KeyringStore::new(&service).unwrap()));
    let key = "platform.private-key";
    let private_key = SecretString::new("-----BEGIN PRIVATE KEY-----\nMIIB\n".to_owned());

    cached.set_secret(key, &private_key).await.unwrap();
    assert_eq!(
        KeyringStore::new(&service)
            .unwrap()
            .get_secret(key)
            .await
            .unwrap(),
        Some(private_key.clone())
    );
    // Many concurrent readers of a cold cache all get the value.
    cached.clear();
    let readers: Vec<_> = (0..8)
        .map(|_| {
            let cached = Arc::clone(&cached);
            tokio::spawn(async move { cached.get_secret(key).await })
        })
        .collect();
    for reader in readers {
        assert_eq!(reader.await.unwrap().unwrap(), Some(private_key.clone()));
    }

    cached.delete_secret(key).await.unwrap();
    assert_eq!(cached.get_secret(key).await.unwrap(), None);
    assert_eq!(
        cached
            .set_secret(key, &SecretString::new(String::new()))
            .await,
        Err(SecretError::EmptySecret)
    );
}

#[test]
fn without_a_secret_service_writes_fail_loudly() {
    if !enabled("CLEARCHECKS_TEST_NO_KEYRING") {
        return;
    }
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

/// Runs only as the child of `without_a_secret_service_writes_fail_loudly`.
#[tokio::test]
async fn no_keyring_child() {
    if std::env::var(CHILD_ENV).as_deref() != Ok("1") {
        return;
    }
    let store = KeyringStore::new(test_service()).unwrap();
    let token = ApiToken::new("cc-test-token-never-stored-4d2e").unwrap();
    let err = store.set("acct", &token).await.unwrap_err();
    let SecretError::KeyringUnavailable { detail } = &err else {
        panic!("expected KeyringUnavailable, got {err:?}");
    };
    eprintln!("keyring unavailable as expected: {detail}");
    let message = err.to_string();
    assert!(message.contains("GNOME Keyring or KWallet"), "{message}");
    assert!(!message.contains(token.expose_secret()));
    assert!(matches!(
        store.get("acct").await,
        Err(SecretError::KeyringUnavailable { .. })
    ));
}

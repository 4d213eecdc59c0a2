//! Opening the store: the key in the keyring, encryption at rest, the typed failures, the
//! in-memory fallback, the demo file, file permissions.

use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use clearchecks_core::secrets::{MemoryStore, SecretStore, SecretString};
use clearchecks_store::key::KEY_ENTRY;
use clearchecks_store::{
    ListedOrder, OrderStore, Persistence, Scope, StoreError, StoreKey, DB_FILE, DEMO_DB_FILE,
};

const NAME: &str = "Zoë Quartermaine";
const EMAIL: &str = "zoe.quartermaine@example.com";

fn listed(key: &str) -> ListedOrder {
    ListedOrder {
        applicant_name: Some(NAME.into()),
        applicant_email: Some(EMAIL.into()),
        sku: Some("HIRE1".into()),
        letter: Some("P".into()),
        ordered_at: Some(Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap()),
        ..ListedOrder::new(key)
    }
}

fn secrets() -> Arc<MemoryStore> {
    Arc::new(MemoryStore::new())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every byte the store directory holds, file by file.
fn dir_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[tokio::test]
async fn first_open_creates_a_key_in_the_keyring_and_reopens_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().join("store");
    let keyring = secrets();
    let store = OrderStore::open(&dir, keyring.clone()).await.unwrap();
    assert_eq!(store.persistence(), Persistence::Encrypted);
    let key = keyring
        .get_secret(KEY_ENTRY)
        .await
        .unwrap()
        .expect("key stored");
    assert_eq!(key.expose_secret().len(), 64, "32 bytes, hex");
    store
        .upsert_listed("acct-1", &[listed("RK-1")], Utc::now())
        .unwrap();
    drop(store);

    let again = OrderStore::open(&dir, keyring.clone()).await.unwrap();
    assert_eq!(again.list(Scope::All).unwrap()[0].report_key, "RK-1");
    // Same key: reopening did not replace it.
    assert_eq!(keyring.get_secret(KEY_ENTRY).await.unwrap(), Some(key));
}

#[tokio::test]
async fn nothing_readable_on_disk_neither_the_rows_nor_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let keyring = secrets();
    let store = OrderStore::open(dir.path(), keyring.clone()).await.unwrap();
    let batch: Vec<_> = (0..200).map(|i| listed(&format!("RK-{i:04}"))).collect();
    store.upsert_listed("acct-1", &batch, Utc::now()).unwrap();
    let key = keyring.get_secret(KEY_ENTRY).await.unwrap().unwrap();
    let files = dir_bytes(dir.path());
    assert!(files.iter().any(|(p, _)| p.ends_with("-wal")), "{files:?}");
    for (path, bytes) in &files {
        for needle in [
            NAME,
            EMAIL,
            "RK-0001",
            "HIRE1",
            key.expose_secret().as_str(),
        ] {
            assert!(!contains(bytes, needle.as_bytes()), "{needle:?} in {path}");
        }
        assert!(!contains(bytes, b"SQLite format 3"), "{path} is plaintext");
    }
    // The test is able to see plaintext: the demo file of the same rows holds the email.
    let demo = OrderStore::open_demo(dir.path()).unwrap();
    demo.upsert_listed("demo", &batch, Utc::now()).unwrap();
    drop(demo);
    let demo_bytes: Vec<u8> = dir_bytes(dir.path())
        .into_iter()
        .filter(|(p, _)| p.contains(DEMO_DB_FILE))
        .flat_map(|(_, b)| b)
        .collect();
    assert!(contains(&demo_bytes, EMAIL.as_bytes()));
}

#[tokio::test]
async fn without_a_keyring_no_file_is_written_and_the_fallback_is_memory() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let keyring = secrets();
    keyring.set_unavailable(Some(
        "org.freedesktop.secrets was not provided by any .service files",
    ));
    let err = OrderStore::open(&store_dir, keyring.clone())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::KeyringUnavailable { detail } if detail.contains("org.freedesktop.secrets")),
        "{err:?}"
    );
    assert!(err.to_string().contains("kept in memory only"), "{err}");
    assert!(!store_dir.exists(), "nothing on disk without a keyring");

    let opened = OrderStore::open_or_in_memory(&store_dir, keyring).await;
    assert!(matches!(
        opened.problem,
        Some(StoreError::KeyringUnavailable { .. })
    ));
    assert_eq!(opened.store.persistence(), Persistence::MemoryOnly);
    assert_eq!(opened.store.path(), None);
    opened
        .store
        .upsert_listed("acct-1", &[listed("RK-1")], Utc::now())
        .unwrap();
    assert_eq!(opened.store.count(Scope::All).unwrap(), 1);
    assert!(!store_dir.exists());
}

#[tokio::test]
async fn a_lost_key_is_key_missing_and_never_replaced_by_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let keyring = secrets();
    let store = OrderStore::open(dir.path(), keyring.clone()).await.unwrap();
    store
        .upsert_listed("a", &[listed("RK-1")], Utc::now())
        .unwrap();
    drop(store);
    keyring.delete_secret(KEY_ENTRY).await.unwrap();

    let err = OrderStore::open(dir.path(), keyring.clone())
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::KeyMissing);
    assert_eq!(keyring.get_secret(KEY_ENTRY).await.unwrap(), None);

    // "Delete saved orders" is the way out: a fresh, empty store with a new key.
    OrderStore::delete_files(dir.path(), keyring.as_ref())
        .await
        .unwrap();
    let fresh = OrderStore::open(dir.path(), keyring.clone()).await.unwrap();
    assert_eq!(fresh.count(Scope::All).unwrap(), 0);
}

#[tokio::test]
async fn a_replaced_key_is_wrong_key() {
    let dir = tempfile::tempdir().unwrap();
    let keyring = secrets();
    drop(OrderStore::open(dir.path(), keyring.clone()).await.unwrap());
    let other = "ab".repeat(32);
    keyring
        .set_secret(KEY_ENTRY, &SecretString::new(other))
        .await
        .unwrap();
    let err = OrderStore::open(dir.path(), keyring).await.unwrap_err();
    assert_eq!(err, StoreError::WrongKey);
    assert!(err.to_string().contains("Delete the saved orders"), "{err}");
    assert!(!format!("{err:?}").contains("abab"));

    let direct = StoreKey::generate();
    assert_eq!(
        OrderStore::open_with_key(&dir.path().join(DB_FILE), &direct).unwrap_err(),
        StoreError::WrongKey
    );
}

#[tokio::test]
async fn an_unencrypted_file_in_its_place_is_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    // A plain SQLite file where the encrypted store belongs (the demo store, copied over).
    drop(OrderStore::open_demo(dir.path()).unwrap());
    std::fs::copy(dir.path().join(DEMO_DB_FILE), dir.path().join(DB_FILE)).unwrap();
    let err =
        OrderStore::open_with_key(&dir.path().join(DB_FILE), &StoreKey::generate()).unwrap_err();
    assert_eq!(
        err,
        StoreError::Corrupt {
            detail: "the file is not encrypted".into()
        }
    );
}

#[tokio::test]
async fn a_damaged_page_is_corrupt_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let key = StoreKey::generate();
    let store = OrderStore::open_with_key(&path, &key).unwrap();
    let batch: Vec<_> = (0..2_000).map(|i| listed(&format!("RK-{i:05}"))).collect();
    store.upsert_listed("a", &batch, Utc::now()).unwrap();
    store.integrity_check().unwrap();
    drop(store); // checkpoints the WAL into the file
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 16 * 4096, "{} bytes", bytes.len());
    for b in &mut bytes[8 * 4096 + 100..8 * 4096 + 300] {
        *b ^= 0x5a;
    }
    std::fs::write(&path, bytes).unwrap();

    let store = OrderStore::open_with_key(&path, &key).unwrap();
    let listed = store.list(Scope::All);
    let checked = store.integrity_check();
    assert!(
        matches!(listed, Err(StoreError::Corrupt { .. }))
            || matches!(checked, Err(StoreError::Corrupt { .. })),
        "list: {listed:?}, check: {checked:?}"
    );
    assert!(
        matches!(checked, Err(StoreError::Corrupt { .. })),
        "{checked:?}"
    );
}

#[tokio::test]
async fn a_file_from_a_newer_version_is_too_new() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DEMO_DB_FILE);
    drop(OrderStore::open_demo(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    assert_eq!(
        OrderStore::open_demo(dir.path()).unwrap_err(),
        StoreError::TooNew {
            found: 99,
            supported: clearchecks_store::schema::latest_version()
        }
    );
}

#[tokio::test]
async fn the_demo_store_is_a_separate_unencrypted_file() {
    let dir = tempfile::tempdir().unwrap();
    let demo = OrderStore::open_demo(dir.path()).unwrap();
    assert_eq!(demo.persistence(), Persistence::Unencrypted);
    assert_eq!(demo.path(), Some(dir.path().join(DEMO_DB_FILE).as_path()));
    demo.upsert_listed("demo", &[listed("RK-1")], Utc::now())
        .unwrap();
    assert!(!dir.path().join(DB_FILE).exists());
    let head = std::fs::read(dir.path().join(DEMO_DB_FILE)).unwrap();
    assert!(head.starts_with(b"SQLite format 3\0"));
}

#[cfg(unix)]
#[tokio::test]
async fn the_directory_and_every_file_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("store");
    // A wide directory left by someone else is narrowed, too.
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let store = OrderStore::open(&dir, secrets()).await.unwrap();
    store
        .upsert_listed("a", &[listed("RK-1")], Utc::now())
        .unwrap();
    assert_eq!(mode(&dir), 0o700);
    let db = dir.join(DB_FILE);
    let mut seen = 0;
    for suffix in ["", "-wal", "-shm"] {
        let path = Path::new(&format!("{}{suffix}", db.display())).to_path_buf();
        assert!(path.exists(), "{} missing", path.display());
        assert_eq!(mode(&path), 0o600, "{}", path.display());
        seen += 1;
    }
    assert_eq!(seen, 3);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
}

#[tokio::test]
async fn two_openers_at_once_share_one_key() {
    let dir = tempfile::tempdir().unwrap();
    let keyring = secrets();
    let (a, b) = tokio::join!(
        OrderStore::open(dir.path(), keyring.clone()),
        OrderStore::open(dir.path(), keyring.clone())
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    a.upsert_listed("x", &[listed("RK-1")], Utc::now()).unwrap();
    assert_eq!(b.count(Scope::All).unwrap(), 1);
}

#[tokio::test]
async fn a_directory_that_cannot_be_created_is_an_io_error() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("a-file");
    std::fs::write(&file, b"not a directory").unwrap();
    let err = OrderStore::open(&file.join("store"), secrets())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("Check the disk"), "{err}");
}

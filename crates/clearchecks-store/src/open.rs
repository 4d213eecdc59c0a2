//! Opening a store: encrypted with the keyring's key, the in-memory fallback, the demo file.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use clearchecks_core::secrets::SecretStore;
use rusqlite::{Connection, OpenFlags};

use crate::error::{StoreError, StoreResult};
use crate::files::{self, DB_FILE, DEMO_DB_FILE, LOCK_FILE};
use crate::key::{self, StoreKey};
use crate::schema;
use crate::store::{OrderStore, Persistence};

/// The first 16 bytes of every unencrypted SQLite file.
const PLAINTEXT_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// A store, and why it is not the encrypted file when it is not.
pub struct Opened {
    pub store: OrderStore,
    /// `Some` when the encrypted store could not be opened and `store` keeps orders in memory
    /// only: show it ("Orders are kept in memory only: …").
    pub problem: Option<StoreError>,
}

impl OrderStore {
    /// Opens (or creates) the installation's encrypted store in `dir`, with the key from
    /// `secrets` (created on first use). Without a keyring this fails with
    /// [`StoreError::KeyringUnavailable`] and writes nothing to disk.
    ///
    /// The app and the CLI may both call this at once: a lock file in `dir` serialises key
    /// creation and migrations.
    pub async fn open(dir: &Path, secrets: Arc<dyn SecretStore>) -> StoreResult<Self> {
        let dir = dir.to_path_buf();
        let runtime = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || open_encrypted(&dir, secrets.as_ref(), &runtime))
            .await
            .map_err(|join| StoreError::Database {
                detail: format!("the open task stopped unexpectedly ({join})"),
            })?
    }

    /// [`OrderStore::open`], falling back to [`OrderStore::in_memory`] with the reason when the
    /// encrypted store cannot be used. Never falls back to an unencrypted file.
    pub async fn open_or_in_memory(dir: &Path, secrets: Arc<dyn SecretStore>) -> Opened {
        match Self::open(dir, secrets).await {
            Ok(store) => Opened {
                store,
                problem: None,
            },
            Err(problem) => Opened {
                store: Self::in_memory(),
                problem: Some(problem),
            },
        }
    }

    /// Opens (or creates) an encrypted store at `path` with a key the caller already holds
    /// (benchmarks, the crash test's writer; the app uses [`OrderStore::open`]).
    pub fn open_with_key(path: &Path, key: &StoreKey) -> StoreResult<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            files::private_dir(dir)?;
        }
        let had_content = has_content(path);
        files::private_file(path)?;
        let mut conn = connect(path)?;
        // SQLCipher logs a wrong key to stderr itself; we report it as a typed error instead.
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        conn.execute_batch(&key.pragma())?;
        verify_key(&conn, path, had_content)?;
        prepare(&mut conn)?;
        for companion in files::companions(path) {
            files::restrict(&companion)?;
        }
        Ok(Self::from_connection(
            conn,
            Persistence::Encrypted,
            Some(path.to_path_buf()),
        ))
    }

    /// A store that lives in memory only and is lost on exit: what the app uses when no
    /// keyring is available ("orders are kept in memory only").
    pub fn in_memory() -> Self {
        let mut conn = Connection::open_in_memory().expect("SQLite opens an in-memory database");
        prepare(&mut conn).expect("the schema applies to an empty in-memory database");
        Self::from_connection(conn, Persistence::MemoryOnly, None)
    }

    /// The demo store: an **unencrypted** file (`demo-orders.sqlite3`) for the embedded
    /// simulator's made-up orders, so demo mode needs no keyring. Never use it for a real
    /// account; it is a separate file from the encrypted store.
    pub fn open_demo(dir: &Path) -> StoreResult<Self> {
        files::private_dir(dir)?;
        let path = dir.join(DEMO_DB_FILE);
        files::private_file(&path)?;
        let mut conn = connect(&path)?;
        prepare(&mut conn)?;
        Ok(Self::from_connection(
            conn,
            Persistence::Unencrypted,
            Some(path),
        ))
    }

    /// "Delete saved orders" for the whole installation: removes the encrypted database and
    /// its key (the way out of [`StoreError::KeyMissing`], [`StoreError::WrongKey`] and
    /// [`StoreError::Corrupt`]). The next [`OrderStore::open`] starts an empty store.
    pub async fn delete_files(dir: &Path, secrets: &dyn SecretStore) -> StoreResult<()> {
        files::remove_db(&dir.join(DB_FILE))?;
        key::delete_key(secrets).await
    }

    /// Where the encrypted store of `dir` lives.
    pub fn path_in(dir: &Path) -> PathBuf {
        dir.join(DB_FILE)
    }
}

fn open_encrypted(
    dir: &Path,
    secrets: &dyn SecretStore,
    runtime: &tokio::runtime::Handle,
) -> StoreResult<OrderStore> {
    // Ask the keyring first: without one, not even the directory is created.
    let existing_key = runtime.block_on(key::read_key(secrets))?;
    files::private_dir(dir)?;
    let lock_file = files::private_file(&dir.join(LOCK_FILE))?;
    let mut lock = fd_lock::RwLock::new(lock_file);
    let _held = lock.write()?;
    let path = dir.join(DB_FILE);
    let key = match existing_key {
        Some(key) => key,
        // Another process may have created it while we waited for the lock.
        None => match runtime.block_on(key::read_key(secrets))? {
            Some(key) => key,
            None if has_content(&path) => return Err(StoreError::KeyMissing),
            None => runtime.block_on(key::create_key(secrets))?,
        },
    };
    OrderStore::open_with_key(&path, &key)
}

fn has_content(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
}

fn connect(path: &Path) -> StoreResult<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)?;
    // Another process (the CLI next to the app) may hold the write lock for one batch.
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

/// Reads the first page: with a wrong key SQLCipher's page check fails here.
fn verify_key(conn: &Connection, path: &Path, had_content: bool) -> StoreResult<()> {
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(err) => match StoreError::from(err) {
            StoreError::Corrupt { .. } if had_content && starts_plaintext(path) => {
                Err(StoreError::Corrupt {
                    detail: "the file is not encrypted".to_owned(),
                })
            }
            StoreError::Corrupt { .. } if had_content => Err(StoreError::WrongKey),
            other => Err(other),
        },
    }
}

fn starts_plaintext(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok_and(|()| &header == PLAINTEXT_HEADER)
}

/// Crash safety and the schema. WAL: a committed transaction is in the log before `COMMIT`
/// returns; `synchronous = FULL`: the log is fsynced at every commit, so an acknowledged write
/// survives a `kill -9` and a power cut alike.
fn prepare(conn: &mut Connection) -> StoreResult<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        return Err(StoreError::Database {
            detail: format!("the journal mode is {mode}, not WAL"),
        });
    }
    // A page cache big enough for 50,000 orders (~14 MiB): SQLCipher decrypts and checks a
    // page each time it enters the cache, so with SQLite's default 2 MiB every list or search
    // would decrypt the whole file again.
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; \
         PRAGMA temp_store = MEMORY;",
    )?;
    schema::migrate(conn)
}

//! Where the store lives on disk and who may read it: a private directory (0700 on Unix) and
//! private files (0600: the database, its WAL and shared-memory files, the lock).

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::StoreResult;

/// The encrypted database of a real installation.
pub const DB_FILE: &str = "orders.sqlite3";
/// The unencrypted demo database (never holds a real account's rows).
pub const DEMO_DB_FILE: &str = "demo-orders.sqlite3";
/// Held while the key is created and the schema migrated.
pub const LOCK_FILE: &str = "orders.lock";

/// The files SQLite keeps next to a database in WAL mode.
pub fn companions(db: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [db.to_path_buf(), with("-wal"), with("-shm")]
}

/// Creates `dir` (and parents) and makes it private.
pub fn private_dir(dir: &Path) -> StoreResult<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Creates `path` if missing, private from its first byte (SQLite gives the -wal and -shm files
/// the database file's mode).
pub fn private_file(path: &Path) -> StoreResult<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    restrict(path)?;
    Ok(file)
}

/// Makes an existing file private (a file from an older build, or one a umask widened).
pub fn restrict(path: &Path) -> StoreResult<()> {
    #[cfg(unix)]
    if path.exists() {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Bytes on disk of the database and its companions.
pub fn size_on_disk(db: &Path) -> u64 {
    companions(db)
        .iter()
        .filter_map(|p| fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

/// Deletes the database and its companions; missing files are fine.
pub fn remove_db(db: &Path) -> StoreResult<()> {
    for path in companions(db) {
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(err.into()),
        }
    }
    Ok(())
}

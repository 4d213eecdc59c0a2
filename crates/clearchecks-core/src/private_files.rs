//! Files the app writes are the user's alone: the journal, drafts, settings, logs, the adverse
//! clock, `accounts.json`, saved report PDFs and CSV exports hold applicant PII or account
//! details, so no other local user may read them.
//!
//! On Unix: the process umask is 077 from start-up ([`restrict_umask`]), so everything the app,
//! its plugins and its web engine create is private; on top of that the files written here get
//! an explicit mode of 0600 and their folders 0700 (an existing file keeps its mode when it is
//! overwritten, so [`write`] sets it), and at start-up [`repair_tree`] takes group and other
//! access away from anything an older version left in the data directory. [`sweep_part_files`]
//! removes the temporary files of PDF downloads a crash or kill interrupted. Elsewhere these are
//! no-ops: Windows and macOS keep per-user profile folders private by their ACLs.

use std::io;
use std::path::Path;

/// Mode of every file the app writes.
pub const FILE_MODE: u32 = 0o600;
/// Mode of every folder the app creates.
pub const DIR_MODE: u32 = 0o700;

/// Makes every file and folder this process creates from now on private to the user. Call it
/// first thing in `main`, before any thread starts (the umask is process-wide).
pub fn restrict_umask() {
    #[cfg(unix)]
    // SAFETY: umask(2) cannot fail and touches no memory.
    unsafe {
        libc::umask(0o077);
    }
}

/// `OpenOptions` whose new files are created 0600.
pub fn open_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    options
}

/// The async twin of [`open_options`].
pub fn tokio_open_options() -> tokio::fs::OpenOptions {
    let mut options = tokio::fs::OpenOptions::new();
    #[cfg(unix)]
    options.mode(FILE_MODE);
    options
}

/// `create_dir_all` with 0700 folders.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(dir)
}

/// Writes `contents` to `path` (replacing it) as a 0600 file, also when it existed with a wider mode.
pub async fn write(path: &Path, contents: &[u8]) -> io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut file = tokio_open_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
        .await?;
    set_private(path, false)?;
    file.write_all(contents).await?;
    file.flush().await
}

/// The blocking twin of [`write`].
pub fn write_blocking(path: &Path, contents: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = open_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    set_private(path, false)?;
    file.write_all(contents)
}

/// What [`repair_tree`] changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Repaired {
    pub files: usize,
    pub dirs: usize,
}

/// Takes group and other access away from `root` and everything under it: folders become 0700,
/// files 0600. Symbolic links are neither followed nor changed. A missing `root` is fine.
pub fn repair_tree(root: &Path) -> io::Result<Repaired> {
    let mut repaired = Repaired::default();
    let meta = match std::fs::symlink_metadata(root) {
        Ok(meta) => meta,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(repaired),
        Err(err) => return Err(err),
    };
    repair_entry(root, &meta, &mut repaired)?;
    Ok(repaired)
}

fn repair_entry(path: &Path, meta: &std::fs::Metadata, repaired: &mut Repaired) -> io::Result<()> {
    if meta.file_type().is_symlink() {
        return Ok(());
    }
    if meta.is_dir() {
        if is_shared(meta) {
            set_private(path, true)?;
            repaired.dirs += 1;
        }
        for entry in std::fs::read_dir(path)? {
            let entry = entry?;
            let child = entry.path();
            match std::fs::symlink_metadata(&child) {
                Ok(meta) => repair_entry(&child, &meta, repaired)?,
                // Gone meanwhile (a log rotated, say): nothing to repair.
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(err),
            }
        }
    } else if meta.is_file() && is_shared(meta) {
        set_private(path, false)?;
        repaired.files += 1;
    }
    Ok(())
}

#[cfg(unix)]
fn is_shared(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o077 != 0
}

#[cfg(not(unix))]
fn is_shared(_meta: &std::fs::Metadata) -> bool {
    false
}

#[cfg(unix)]
fn set_private(path: &Path, dir: bool) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = if dir { DIR_MODE } else { FILE_MODE };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_private(_path: &Path, _dir: bool) -> io::Result<()> {
    Ok(())
}

/// True for the name of a PDF download's temporary file: `.<name>.<16 hex digits>.part` (see
/// `reports::pdf`). Other programs' `.part` files do not look like this.
pub fn is_download_part(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".part")) else {
        return false;
    };
    let Some((stem, suffix)) = rest.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty()
        && suffix.len() == 16
        && suffix
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Removes the download temporary files directly in `dir`; returns how many. A missing or
/// unreadable folder removes nothing.
pub fn sweep_part_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter(|entry| is_download_part(&entry.file_name().to_string_lossy()))
        .filter(|entry| std::fs::remove_file(entry.path()).is_ok())
        .count()
}

#[cfg(all(test, unix))]
mod tests;

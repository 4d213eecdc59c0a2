//! Saving and loading the world as a JSON state file. Writes go to a
//! temporary file first and are renamed, so a crash never leaves half a file.

use std::io;
use std::path::Path;

use crate::world::Snapshot;

/// The snapshot at `path`, or None when the file does not exist.
pub(crate) fn load(path: &Path) -> io::Result<Option<Snapshot>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    serde_json::from_str(&text).map(Some).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("state file {}: {e}", path.display()),
        )
    })
}

pub(crate) fn save(path: &Path, snapshot: &Snapshot) -> io::Result<()> {
    let json = serde_json::to_vec_pretty(snapshot).map_err(io::Error::other)?;
    let mut temp = path.as_os_str().to_owned();
    temp.push(".tmp");
    std::fs::write(&temp, json)?;
    std::fs::rename(&temp, path)
}

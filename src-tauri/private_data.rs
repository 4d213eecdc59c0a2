//! Start-up care of the files the app keeps (see `clearchecks_core::private_files`): group and
//! other access taken away from everything in the data directory (an older version wrote 0644
//! files in a 0755 folder), and the temporary files of PDF downloads a crash left behind swept
//! from the folders PDFs were saved to.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clearchecks_core::journal::{JournalAction, JournalEntry};
use clearchecks_core::private_files;

/// How many recent journal entries are searched for the folders PDFs went to.
const RECENT_ENTRIES: usize = 500;

pub fn tidy(data_dir: &Path, journal: &[JournalEntry], e2e_save_dir: Option<PathBuf>) {
    match private_files::repair_tree(data_dir) {
        Ok(repaired) if repaired != private_files::Repaired::default() => log::info!(
            "made {} files and {} folders in the data directory private",
            repaired.files,
            repaired.dirs
        ),
        Ok(_) => {}
        Err(err) => log::warn!("could not make the data directory private: {err}"),
    }
    let swept: usize = part_file_folders(data_dir, journal, e2e_save_dir)
        .iter()
        .map(|dir| private_files::sweep_part_files(dir))
        .sum();
    if swept > 0 {
        log::info!("removed {swept} unfinished PDF downloads");
    }
}

/// Where unfinished downloads can be: the data directory, the e2e save folder, and the folder of
/// every PDF saved recently (a `.part` file sits next to its destination).
fn part_file_folders(
    data_dir: &Path,
    journal: &[JournalEntry],
    e2e_save_dir: Option<PathBuf>,
) -> BTreeSet<PathBuf> {
    let mut folders = BTreeSet::from([data_dir.to_path_buf()]);
    folders.extend(e2e_save_dir);
    folders.extend(
        journal
            .iter()
            .rev()
            .take(RECENT_ENTRIES)
            .filter(|entry| entry.action == JournalAction::PdfSaved)
            .filter_map(|entry| {
                Path::new(entry.path.as_deref()?)
                    .parent()
                    .map(Path::to_path_buf)
            })
            .filter(|dir| !dir.as_os_str().is_empty()),
    );
    folders
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn start_up_repairs_modes_and_sweeps_leftovers_where_pdfs_went() {
        let root = std::env::temp_dir().join(format!("cc-tidy-{:08x}", rand::random::<u32>()));
        let data = root.join("data");
        let saved = root.join("Reports");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::create_dir_all(&saved).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(data.join("journal.jsonl"), "").unwrap();
        std::fs::set_permissions(
            data.join("journal.jsonl"),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        let leftover = saved.join(".report-rk_1.pdf.00112233445566ff.part");
        std::fs::write(&leftover, "%PDF-").unwrap();
        std::fs::write(saved.join("report-rk_1.pdf"), "%PDF-").unwrap();

        let journal: Vec<JournalEntry> = serde_json::from_value(serde_json::json!([{
            "id": 1, "at": "2026-12-01T10:00:00Z", "osUser": "u", "accountId": "a",
            "accountLabel": "A", "environment": "demo", "action": "pdfSaved", "summary": "Saved",
            "addOns": [], "emails": [], "reportKeys": [], "path": saved.join("report-rk_1.pdf").display().to_string()
        }]))
        .unwrap();
        tidy(&data, &journal, None);

        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join("journal.jsonl")), 0o600);
        assert!(!leftover.exists(), "the unfinished download was swept");
        assert!(
            saved.join("report-rk_1.pdf").exists(),
            "the finished one stays"
        );
        std::fs::remove_dir_all(root).unwrap();
    }
}

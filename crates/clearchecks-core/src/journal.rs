//! The local audit journal: an append-only record of what was done from this computer.
//!
//! One JSON object per line (`journal.jsonl` in the app's data directory). Lines are only ever
//! appended, never rewritten; a reader skips a torn last line (a crash mid-write) instead of failing.
//! The entry type has no field that could hold a secret or report content: only who, when, which
//! account, what was ordered or opened, and the report keys involved (minimal PII: the applicant
//! emails the coordinator typed, nothing ClearChecks returned about them).

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// What happened. Stable names: they are stored on disk and shown in filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum JournalAction {
    AccountConnected,
    AccountRemoved,
    TokenReplaced,
    OrderPlaced,
    /// The order's POST got no clear answer; `summary` says how reconciliation ended.
    OrderUncertain,
    PdfSaved,
    ReportOpened,
    ApplicantFormOpened,
    CustomerAccountCreated,
    ExportSaved,
}

impl JournalAction {
    pub fn label(self) -> &'static str {
        match self {
            JournalAction::AccountConnected => "Account connected",
            JournalAction::AccountRemoved => "Account removed",
            JournalAction::TokenReplaced => "API token replaced",
            JournalAction::OrderPlaced => "Order placed",
            JournalAction::OrderUncertain => "Order outcome checked",
            JournalAction::PdfSaved => "Report PDF saved",
            JournalAction::ReportOpened => "Report opened",
            JournalAction::ApplicantFormOpened => "Applicant form opened",
            JournalAction::CustomerAccountCreated => "Customer account created",
            JournalAction::ExportSaved => "Export saved",
        }
    }
}

/// One recorded action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// Position in the journal, 1-based; assigned when written.
    pub id: u32,
    pub at: String,
    pub os_user: String,
    pub account_id: String,
    pub account_label: String,
    /// `sandbox`, `production`, `custom` or `demo`.
    pub environment: String,
    pub action: JournalAction,
    pub summary: String,
    pub sku: Option<String>,
    pub add_ons: Vec<String>,
    pub emails: Vec<String>,
    pub report_keys: Vec<String>,
    /// The exact attestation text the coordinator checked before ordering.
    pub attestation: Option<String>,
    /// Where a file was saved, for PDF and export entries.
    pub path: Option<String>,
}

/// What a caller supplies; the journal adds the id, the time and the OS user.
#[derive(Debug, Clone, Default)]
pub struct NewEntry {
    pub account_id: String,
    pub account_label: String,
    pub environment: String,
    pub summary: String,
    pub sku: Option<String>,
    pub add_ons: Vec<String>,
    pub emails: Vec<String>,
    pub report_keys: Vec<String>,
    pub attestation: Option<String>,
    pub path: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("could not write the audit journal at {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not read the audit journal at {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The journal file. Appends are serialised in-process; each line is written with one `write_all`
/// on a file opened in append mode, so a concurrent CLI append cannot interleave inside a line.
pub struct Journal {
    path: PathBuf,
    write_lock: Mutex<()>,
}

impl Journal {
    pub const FILE_NAME: &'static str = "journal.jsonl";

    pub fn in_dir(data_dir: &Path) -> Self {
        Journal {
            path: data_dir.join(Self::FILE_NAME),
            write_lock: Mutex::new(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends an entry and returns it as stored.
    pub fn append(
        &self,
        action: JournalAction,
        entry: NewEntry,
    ) -> Result<JournalEntry, JournalError> {
        self.append_at(action, entry, Utc::now())
    }

    fn append_at(
        &self,
        action: JournalAction,
        entry: NewEntry,
        at: DateTime<Utc>,
    ) -> Result<JournalEntry, JournalError> {
        let _guard = self
            .write_lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let write_err = |source| JournalError::Write {
            path: self.path.clone(),
            source,
        };
        if let Some(parent) = self.path.parent() {
            crate::private_files::create_dir_all(parent).map_err(write_err)?;
        }
        let next_id = self
            .read_all()
            .map(|all| all.last().map_or(1, |e| e.id + 1))
            .unwrap_or(1);
        let stored = JournalEntry {
            id: next_id,
            at: at.to_rfc3339_opts(SecondsFormat::Secs, true),
            os_user: os_user(),
            account_id: entry.account_id,
            account_label: entry.account_label,
            environment: entry.environment,
            action,
            summary: entry.summary,
            sku: entry.sku,
            add_ons: entry.add_ons,
            emails: entry.emails,
            report_keys: entry.report_keys,
            attestation: entry.attestation,
            path: entry.path,
        };
        let mut line = serde_json::to_vec(&stored).expect("journal entries always serialise");
        line.push(b'\n');
        let mut file = crate::private_files::open_options()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(write_err)?;
        file.write_all(&line).map_err(write_err)?;
        file.sync_data().map_err(write_err)?;
        Ok(stored)
    }

    /// Every entry, oldest first. A missing file is an empty journal; unreadable lines are skipped.
    pub fn read_all(&self) -> Result<Vec<JournalEntry>, JournalError> {
        let file = match File::open(&self.path) {
            Ok(file) => file,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(JournalError::Read {
                    path: self.path.clone(),
                    source,
                })
            }
        };
        let mut entries = Vec::new();
        for line in BufReader::new(file).lines() {
            let line = line.map_err(|source| JournalError::Read {
                path: self.path.clone(),
                source,
            })?;
            if let Ok(entry) = serde_json::from_str::<JournalEntry>(&line) {
                entries.push(entry);
            }
        }
        Ok(entries)
    }
}

/// The OS account that acted, as the operating system names it.
fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|key| std::env::var(key).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::OpenOptions;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "cc-journal-{name}-{}-{}",
            std::process::id(),
            rand::random::<u32>()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn order_entry() -> NewEntry {
        NewEntry {
            account_id: "acc-1".into(),
            account_label: "Acme (sandbox)".into(),
            environment: "sandbox".into(),
            summary: "HIRE2 for 2 applicants".into(),
            sku: Some("HIRE2".into()),
            add_ons: vec!["mvr".into()],
            emails: vec!["a@example.com".into(), "b@example.com".into()],
            report_keys: vec!["k1".into(), "k2".into()],
            attestation: Some("I certify that Acme has a permissible purpose.".into()),
            path: None,
        }
    }

    #[test]
    fn appends_and_reads_back_in_order_with_increasing_ids() {
        let journal = Journal::in_dir(&temp_dir("order"));
        assert!(journal.read_all().unwrap().is_empty());
        let first = journal
            .append(JournalAction::OrderPlaced, order_entry())
            .unwrap();
        let second = journal
            .append(
                JournalAction::PdfSaved,
                NewEntry {
                    path: Some("/tmp/r.pdf".into()),
                    ..order_entry()
                },
            )
            .unwrap();
        assert_eq!((first.id, second.id), (1, 2));
        let all = journal.read_all().unwrap();
        assert_eq!(all, vec![first, second]);
        assert_eq!(all[0].action, JournalAction::OrderPlaced);
        assert!(!all[0].os_user.is_empty());
    }

    #[test]
    fn a_torn_last_line_is_skipped_and_appending_continues() {
        let dir = temp_dir("torn");
        let journal = Journal::in_dir(&dir);
        journal
            .append(JournalAction::OrderPlaced, order_entry())
            .unwrap();
        let mut file = OpenOptions::new()
            .append(true)
            .open(journal.path())
            .unwrap();
        file.write_all(b"{\"id\":2,\"at\":\"2026-").unwrap();
        drop(file);
        assert_eq!(journal.read_all().unwrap().len(), 1);
        // The torn fragment is left as it is (append-only); the next entry starts on its own line.
        let mut file = OpenOptions::new()
            .append(true)
            .open(journal.path())
            .unwrap();
        file.write_all(b"\n").unwrap();
        let next = journal
            .append(JournalAction::ReportOpened, order_entry())
            .unwrap();
        assert_eq!(next.id, 2);
        assert_eq!(journal.read_all().unwrap().len(), 2);
    }

    #[test]
    fn stored_lines_use_stable_camel_case_names() {
        let journal = Journal::in_dir(&temp_dir("shape"));
        journal
            .append(JournalAction::OrderPlaced, order_entry())
            .unwrap();
        let text = std::fs::read_to_string(journal.path()).unwrap();
        assert!(text.contains("\"action\":\"orderPlaced\""), "{text}");
        assert!(text.contains("\"reportKeys\":[\"k1\",\"k2\"]"), "{text}");
        assert!(text.ends_with('\n'));
    }
}

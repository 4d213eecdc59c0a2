//! `clearchecks report pdf`.

use std::path::Path;

use clearchecks_core::profiles::Identity;
use serde::Serialize;

use super::journal::{self, JournalAction, NewEntry};
use crate::failure::Failure;
use crate::output::{print, print_json};
use crate::select::Session;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SavedJson<'a> {
    report_key: &'a str,
    path: String,
    bytes: u64,
}

pub async fn pdf(
    session: &Session,
    report_key: &str,
    output: &Path,
    identity: &Identity,
    json: bool,
) -> Result<(), Failure> {
    let saved = session
        .client
        .download_report_pdf(report_key, output)
        .await?;
    let path = saved.path.display().to_string();
    journal::record(
        identity,
        JournalAction::PdfSaved,
        NewEntry {
            account_id: session.account_id.clone(),
            account_label: session.account_label.clone(),
            environment: session.environment.to_owned(),
            summary: "Report PDF saved from the CLI".into(),
            report_keys: vec![report_key.to_owned()],
            path: Some(path.clone()),
            ..NewEntry::default()
        },
    );
    if json {
        return print_json(&SavedJson {
            report_key,
            path,
            bytes: saved.bytes,
        });
    }
    print(&format!(
        "Saved the report to {path} ({}).\n",
        human_size(saved.bytes)
    ))
}

fn human_size(bytes: u64) -> String {
    match bytes {
        0..=1023 => format!("{bytes} bytes"),
        1024..=1_048_575 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(900), "900 bytes");
        assert_eq!(human_size(2048), "2.0 KB");
        assert_eq!(human_size(3 * 1_048_576), "3.0 MB");
    }
}

//! What the UI is told about in-app updates: one status, sent whole on every change, and the
//! plain words for why an update could not be found, fetched or installed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Where the in-app updater stands. The UI shows exactly one of these in Settings and, for
/// `readyToInstall`, a banner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", content = "data", rename_all = "camelCase")]
pub enum UpdateStatus {
    /// This installation is updated by its package manager (Linux `.deb`/`.rpm`).
    NotOffered,
    /// No check has finished yet since start-up.
    Idle,
    /// Asking the update server whether there is a newer version.
    Checking,
    /// The last check found nothing newer.
    #[serde(rename_all = "camelCase")]
    UpToDate { checked_at: DateTime<Utc> },
    /// A newer version was found; its download starts by itself.
    Available(UpdateOffer),
    /// Downloading the newer version, in bytes (`u32`: the UI's numbers are exact to far beyond
    /// any app bundle). `total` is unknown when the server does not send a size.
    Downloading {
        offer: UpdateOffer,
        received: u32,
        total: Option<u32>,
    },
    /// Downloaded and its signature verified: restarting installs it.
    ReadyToInstall(UpdateOffer),
    /// The last check, download or install did not succeed; nothing was installed.
    Failed(UpdateFailure),
}

/// A newer version the update server announced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateOffer {
    pub version: String,
    pub date: Option<DateTime<Utc>>,
    /// The release notes as published (plain text or Markdown), if any.
    pub notes: Option<String>,
}

/// Why updating stopped, for a coordinator (`message`) and for support (`reason`, the updater's
/// own words).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateFailure {
    pub message: String,
    pub reason: String,
    pub failed_at: DateTime<Utc>,
}

/// Which step failed: the words differ ("could not check" vs "could not download").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Check,
    Download,
    Install,
}

impl UpdateFailure {
    pub fn of(step: Step, error: &tauri_plugin_updater::Error, at: DateTime<Utc>) -> Self {
        use tauri_plugin_updater::Error;
        let message = match error {
            Error::Minisign(_) | Error::Base64(_) | Error::SignatureUtf8(_) => {
                "This update's signature did not match ours, so it was not installed.".to_owned()
            }
            Error::SignedVersionMismatch { .. } | Error::MissingSignedVersion => {
                "This update was not signed for the version it claims to be, so it was not installed."
                    .to_owned()
            }
            Error::Reqwest(_) | Error::Network(_) => match step {
                Step::Check => "Could not reach the update server. The app will try again later."
                    .to_owned(),
                _ => "The update could not be downloaded. The app will try again later.".to_owned(),
            },
            _ => match step {
                Step::Check => "Could not check for updates.".to_owned(),
                Step::Download => "The update could not be downloaded.".to_owned(),
                Step::Install => {
                    "The update could not be installed; this version keeps running.".to_owned()
                }
            },
        };
        UpdateFailure {
            message,
            reason: error.to_string(),
            failed_at: at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tauri_plugin_updater::Error;

    fn at() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    #[test]
    fn a_refused_signature_says_so_and_keeps_the_reason() {
        let error = Error::SignatureUtf8("bad".into());
        let failure = UpdateFailure::of(Step::Download, &error, at());
        assert_eq!(
            failure.message,
            "This update's signature did not match ours, so it was not installed."
        );
        assert_eq!(failure.reason, error.to_string());
    }

    #[test]
    fn a_version_mismatch_is_refused_in_plain_words() {
        let error = Error::SignedVersionMismatch {
            signed: "0.2.0".into(),
            announced: "0.3.0".into(),
        };
        let failure = UpdateFailure::of(Step::Download, &error, at());
        assert!(failure
            .message
            .contains("not signed for the version it claims"));
        assert!(failure.reason.contains("0.2.0") && failure.reason.contains("0.3.0"));
    }

    #[test]
    fn network_failures_name_the_step() {
        let error = Error::Network("status 503".into());
        assert!(UpdateFailure::of(Step::Check, &error, at())
            .message
            .starts_with("Could not reach the update server"));
        assert!(UpdateFailure::of(Step::Download, &error, at())
            .message
            .starts_with("The update could not be downloaded"));
    }

    /// The UI switches on `kind`; pin the JSON shape.
    #[test]
    fn status_serialises_with_a_kind_and_camel_case_fields() {
        let status = UpdateStatus::Downloading {
            offer: UpdateOffer {
                version: "0.2.0".into(),
                date: None,
                notes: Some("Faster".into()),
            },
            received: 10,
            total: Some(20),
        };
        assert_eq!(
            serde_json::to_value(&status).unwrap(),
            serde_json::json!({"kind": "downloading", "data": {
                "offer": {"version": "0.2.0", "date": null, "notes": "Faster"},
                "received": 10, "total": 20
            }})
        );
        assert_eq!(
            serde_json::to_value(UpdateStatus::UpToDate { checked_at: at() }).unwrap(),
            serde_json::json!({"kind": "upToDate", "data": {"checkedAt": "2027-01-15T08:00:00Z"}})
        );
    }
}

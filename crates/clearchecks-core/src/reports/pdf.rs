//! `GET /report/{key}/pdf`: follows the 302 to the signed file URL and streams the PDF to disk
//! through a temporary file in the destination's folder, renamed into place only when the
//! whole file arrived and starts with the PDF signature. A failed download never leaves a
//! partial file at the destination.

use std::path::{Path, PathBuf};

use rand::Rng;
use tokio::io::AsyncWriteExt;

use crate::error::ApiError;
use crate::http::ClearChecksClient;

const ENDPOINT: &str = "GET /report/{key}/pdf";
const PDF_MAGIC: &[u8] = b"%PDF-";

/// A finished download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfDownload {
    pub path: PathBuf,
    pub bytes: u64,
}

impl ClearChecksClient {
    /// Downloads the report PDF to `destination` (replacing it if present).
    pub async fn download_report_pdf(
        &self,
        report_key: &str,
        destination: &Path,
    ) -> Result<PdfDownload, ApiError> {
        let key = super::check_report_key(report_key)?;
        let file_name = destination.file_name().ok_or_else(|| ApiError::Io {
            detail: format!("{} is not a file path", destination.display()),
        })?;
        let dir = match destination.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut response = self
            .get_streaming(ENDPOINT, &["report", key, "pdf"], "application/pdf, */*")
            .await?;

        let suffix: u64 = rand::thread_rng().gen();
        let temp = dir.join(format!(
            ".{}.{suffix:016x}.part",
            file_name.to_string_lossy()
        ));
        let result = async {
            // 0600 from the start: the report is the user's alone (the rename keeps the mode).
            let mut file = crate::private_files::tokio_open_options()
                .write(true)
                .create_new(true)
                .open(&temp)
                .await
                .map_err(|e| io_error("create", &temp, e))?;
            let mut head = Vec::with_capacity(PDF_MAGIC.len());
            let mut written: u64 = 0;
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| self.transport_error(e))?
            {
                if head.len() < PDF_MAGIC.len() {
                    let take = (PDF_MAGIC.len() - head.len()).min(chunk.len());
                    head.extend_from_slice(&chunk[..take]);
                    if head.len() == PDF_MAGIC.len() && head != PDF_MAGIC {
                        return Err(not_a_pdf());
                    }
                }
                file.write_all(&chunk)
                    .await
                    .map_err(|e| io_error("write", &temp, e))?;
                written += chunk.len() as u64;
            }
            if head != PDF_MAGIC {
                return Err(not_a_pdf());
            }
            file.flush()
                .await
                .map_err(|e| io_error("write", &temp, e))?;
            file.sync_all()
                .await
                .map_err(|e| io_error("write", &temp, e))?;
            drop(file);
            tokio::fs::rename(&temp, destination)
                .await
                .map_err(|e| io_error("save", destination, e))?;
            Ok(written)
        }
        .await;
        match result {
            Ok(bytes) => Ok(PdfDownload {
                path: destination.to_path_buf(),
                bytes,
            }),
            Err(error) => {
                // Best effort: the temp file may not exist if creating it failed.
                let _ = tokio::fs::remove_file(&temp).await;
                Err(error)
            }
        }
    }
}

fn not_a_pdf() -> ApiError {
    ApiError::Decode {
        endpoint: ENDPOINT.into(),
        detail: "the download is not a PDF (the report may not be complete yet)".into(),
    }
}

fn io_error(action: &str, path: &Path, error: std::io::Error) -> ApiError {
    ApiError::Io {
        detail: format!("could not {action} {}: {error}", path.display()),
    }
}

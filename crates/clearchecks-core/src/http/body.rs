//! Reading a response body into memory with a size cap.
//!
//! A JSON answer is decoded from one buffer, so its size is what the client would allocate: a
//! misbehaving or hostile server (or a proxy in between) must not be able to make the app hold
//! hundreds of megabytes. The cap counts the bytes after gzip decoding, so a small compressed
//! body that inflates past the cap is refused the same way. The largest legitimate answer is a
//! `/reports/all` page (the contract does not bound `per_page`); 10,000 list items are about
//! 6 MB, so [`MAX_JSON_BODY`] leaves room for more than twice that.

use bytes::{Bytes, BytesMut};

/// The largest successful JSON body the client reads: 16 MiB.
pub const MAX_JSON_BODY: usize = 16 * 1024 * 1024;

/// The largest error body read for diagnostics and validation messages: 1 MiB (only the first
/// few KB are kept anyway, see [`crate::error::DIAGNOSTIC_BODY_LIMIT`]).
pub const MAX_ERROR_BODY: usize = 1024 * 1024;

/// Why a capped read stopped.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// The body is (or announced itself as) larger than the cap; nothing more is read.
    TooLarge { limit: usize },
    /// The connection failed while reading.
    Transport(reqwest::Error),
}

impl BodyError {
    /// The text of an [`ApiError::Decode`](crate::ApiError::Decode) detail for a refused body.
    pub(crate) fn too_large_detail(limit: usize) -> String {
        format!(
            "the answer is larger than {} MB, more than any ClearChecks answer should be; it was not read",
            limit / (1024 * 1024)
        )
    }
}

/// Reads the whole body, or stops as soon as it is known to exceed `limit` bytes: at once when
/// `Content-Length` says so, otherwise when the running total passes the limit. Memory use is
/// bounded by `limit` plus one chunk.
pub(crate) async fn read_capped(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Bytes, BodyError> {
    if let Some(announced) = response.content_length() {
        if announced > limit as u64 {
            return Err(BodyError::TooLarge { limit });
        }
    }
    let initial = response
        .content_length()
        .map_or(0, |len| len as usize)
        .min(limit);
    let mut body = BytesMut::with_capacity(initial);
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

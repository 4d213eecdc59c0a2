//! Response bodies and markers that make a client see a transport failure:
//! a body that stops half-way and errors (so hyper aborts the connection
//! with bytes still owed), and the marker that tells the connection service
//! to close the TCP connection without answering.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use tokio::time::Sleep;

/// Put in a response's extensions: the connection is closed, nothing is sent.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DropConnection;

/// The error hyper sees when a body is cut short on purpose.
#[derive(Debug, thiserror::Error)]
#[error("response body truncated on purpose by the sandbox")]
pub(crate) struct Truncated;

/// Sends the first part of a body, pauses so hyper flushes the head and those
/// bytes, then fails. Its size hint promises the full length, so the client
/// knows bytes are missing.
pub(crate) struct TruncatedBody {
    first: Option<Bytes>,
    full_len: u64,
    pause: Pin<Box<Sleep>>,
}

impl TruncatedBody {
    pub fn new(full: Bytes) -> TruncatedBody {
        let cut = (full.len() / 2).max(1).min(full.len());
        TruncatedBody {
            full_len: full.len() as u64 + u64::from(full.is_empty()),
            first: Some(full.slice(..cut)),
            pause: Box::pin(tokio::time::sleep(Duration::from_millis(30))),
        }
    }
}

impl http_body::Body for TruncatedBody {
    type Data = Bytes;
    type Error = Truncated;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Truncated>>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        match self.pause.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => Poll::Ready(Some(Err(Truncated))),
        }
    }

    fn is_end_stream(&self) -> bool {
        false
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.full_len)
    }
}

//! What can stop a sync step.

use clearchecks_core::ApiError;
use clearchecks_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// ClearChecks did not answer as needed (its reason is kept; the token never appears).
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The local store could not be read or written.
    #[error("the saved orders could not be updated: {0}")]
    Store(#[from] StoreError),
    /// A store call on the blocking pool did not finish (the runtime is shutting down).
    #[error("the saved orders could not be updated: the app is shutting down")]
    Stopped,
}

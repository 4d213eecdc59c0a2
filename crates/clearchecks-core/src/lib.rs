//! The Tauri-free core of ClearChecks Desktop.
//!
//! Everything that talks to ClearChecks, decides what a status means, limits the request rate,
//! polls for changes or keeps a secret lives here, so it can be tested, benchmarked and driven
//! from the `clearchecks` CLI without a window. The desktop app (`src-tauri/`) only wraps it.
//!
//! Start with [`ClearChecksClient::builder`]: one client per account (environment + token);
//! clones share the connection pool, the token's [`RateLimiter`] and the duplicate-order
//! [`SubmissionGuard`].
//!
//! The real ClearChecks API is a PHP/Laravel application, and the client is built to survive
//! it: lists in any paginator shape, read page by page ([`ClearChecksClient::report_pages`]) or
//! whole with their [`Completeness`] ([`pagination`]); PHP's loose values and dates
//! ([`dates`]); one redirect policy, with a bad token's redirect to the login page read as a
//! 401 ([`http`]); the server's reason kept from any error body
//! ([`ApiError::server_reason`]); and orders whose outcome is unknown reconciled only from a
//! list that proves it ([`orders`]).

pub mod accounts;
pub mod business_days;
pub mod dates;
pub mod emails;
pub mod environment;
pub mod error;
pub mod http;
pub mod invoices;
pub mod journal;
mod lenient;
pub mod orders;
pub mod pagination;
pub mod platform;
pub mod poller;
pub mod private_files;
pub mod profiles;
pub mod rate_limit;
pub mod reports;
pub mod secrets;
pub mod status;
pub mod token;

pub use accounts::{Account, AccountDetails, Team};
pub use environment::{Environment, Widget};
pub use error::{ApiError, Diagnostics, ErrorKind};
pub use http::{ClearChecksClient, ClientBuilder, RetryPolicy};
pub use invoices::{InvoiceDetail, InvoiceLine, InvoiceSummary};
pub use orders::{
    AddOns, Attestation, OrderChange, OrderRequest, OrderRow, PlaceOrderResult, PlacedApplicant,
    Reconciliation, SubmissionGuard, Undetermined,
};
pub use pagination::{Completeness, Gap, ListPage, Listing, PageRef, PageShape, Pages};
pub use poller::{OrderSource, PollerConfig, PollerEvent, PollerHandle};
pub use rate_limit::{
    Paused, Priority, RateLimitConfig, RateLimitSnapshot, RateLimiter, SendPermit,
};
pub use reports::{PdfDownload, Report, ReportListItem, ReportStatus, ReportWidgetToken};
pub use status::{ComponentStatus, OrderState, StatusGroup, StatusLetter};
pub use token::{ApiToken, TokenError};

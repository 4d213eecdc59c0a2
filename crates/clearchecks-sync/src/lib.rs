//! The incremental sync of ClearChecks Desktop, as a library over the local store
//! (`clearchecks-store`) and the core's client (no Tauri: the app, the CLI and the tests drive
//! the same code):
//!
//! - [`scan`]: a **head scan** reads `/reports/all` from page 1 and stops at the first page
//!   that holds only orders the store already has, unchanged; a cold store (or a list that is
//!   not newest-first) is walked whole, with progress after every page. Only a complete walk
//!   from page 1 marks orders removed.
//! - [`plan`]: the **status-check planner**: which open orders to check first and the period
//!   within which every open order is checked, from the background share of the budget.
//! - [`driver`]: the loop on tokio time that alternates head scans and status checks within
//!   that budget and sends every [`clearchecks_store::ChangeSet`] on an event stream.
//!
//! Every request is made at background priority, through the account's shared rate limiter,
//! so the user's own clicks always find their share of the limit free.

pub mod clock;
pub mod driver;
pub mod error;
pub mod plan;
pub mod scan;

pub use clock::SyncClock;
pub use driver::{spawn, DriverConfig, SyncEvent, SyncHandle};
pub use error::SyncError;
pub use plan::{plan_checks, CheckPlan, OpenOrder, Urgency};
pub use scan::{listed_order, HeadScanner, ScanKind, ScanProgress, ScanReport};

//! A local simulator of the ClearChecks API (see `README.md` beside this
//! crate): a real HTTP server with seeded accounts, orders and invoices, the
//! status clock, rate limiting, fault injection, the three widget scripts and
//! `/_sim/*` controls. Used by the core's integration tests, the desktop app's
//! demo mode, the end-to-end tests and the benchmarks.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use clearchecks_sandbox::{Sandbox, SandboxConfig, DEMO_TOKEN};
//! let sandbox = Sandbox::start(SandboxConfig::demo()).await?;
//! println!("{} (token {DEMO_TOKEN})", sandbox.api_base());
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```

mod api;
mod app;
mod broken_body;
mod config;
mod control;
mod faults;
mod gateway;
mod invoicing;
mod model;
mod pdf;
mod persist;
mod php;
mod quirks;
mod rate_limit;
mod report_body;
mod request_log;
mod routes;
mod seed;
mod server;
mod shared;
mod sim_routes;
mod tokens;
mod web;
mod world;

pub use config::{
    SandboxConfig, DEMO_PLATFORM_API_TOKEN, DEMO_PRIVATE_KEY, DEMO_SOURCE_TOKEN, DEMO_TOKEN,
    DEMO_TOKEN_SECONDARY,
};
pub use control::SandboxControl;
pub use faults::{Fault, FaultRule};
pub use model::{AddOns, AdverseStage, ApplicantDetails, Order, ReportStatus};
pub use quirks::{parse_quirks, Quirk};
pub use request_log::RecordedRequest;
pub use server::Sandbox;

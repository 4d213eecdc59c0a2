//! Placing orders (`POST /orders/new`) safely, and the order row the app and CLI display.
//!
//! # Never twice by accident
//! An order costs money and emails applicants, so `POST /orders/new` is **never retried
//! automatically**. The [`SubmissionGuard`] (one per account, shared by every clone of the
//! client) enforces two rules on an identical order — same account, SKU, add-ons and set of
//! emails:
//!
//! 1. while one is in flight, a second is refused with [`ApiError::DuplicateSubmission`];
//! 2. when the outcome is uncertain — a timeout or lost connection after the request was sent,
//!    a 502/504 from a gateway, or a 2xx whose body is cut off or garbled — the call returns
//!    [`ApiError::OutcomeUncertain`] and the same order stays **blocked** until
//!    [`ClearChecksClient::reconcile_order`] has looked at the order list: if reports for those
//!    emails were ordered since just before the attempt, the order was placed
//!    ([`Reconciliation::Placed`]); otherwise it was not ([`Reconciliation::NotPlaced`]) and
//!    sending it again is allowed.
//!
//! A connection that could not be opened, a 4xx and a 500 are definite failures: nothing was
//! placed (Laravel rolls back on an exception), so the guard is released.

mod guard;
mod place;
mod reconcile;
mod request;
mod row;

pub use guard::SubmissionGuard;
pub use place::{PlaceOrderResult, PlacedApplicant};
pub use reconcile::Reconciliation;
pub use request::{AddOns, Attestation, OrderRequest};
pub use row::{OrderChange, OrderRow};

//! Placing orders (`POST /orders/new`) safely, and the order row the app and CLI display.
//!
//! # Never twice by accident
//! An order costs money and emails applicants, so `POST /orders/new` is **never retried
//! automatically**. The [`SubmissionGuard`] (one per account, shared by every clone of the
//! client) enforces two rules on an identical order — same account, SKU, add-ons and set of
//! emails:
//!
//! 1. while one is in flight, a second is refused with [`ApiError::DuplicateSubmission`](crate::ApiError::DuplicateSubmission);
//! 2. when the outcome is uncertain — a timeout or lost connection after the request was sent,
//!    **any 5xx** (500 included: the order may be committed before the invitation mail or a
//!    listener fails), a redirect (which a POST never follows), or a 2xx whose body is cut off
//!    or garbled — the call returns [`ApiError::OutcomeUncertain`](crate::ApiError::OutcomeUncertain) and the same order stays
//!    **blocked** until [`ClearChecksClient::reconcile_order`](crate::ClearChecksClient::reconcile_order) has looked at the order list:
//!    if reports for those emails were ordered since just before the attempt, the order was
//!    placed ([`Reconciliation::Placed`]); if the list is provably complete for that period and
//!    has none, it was not ([`Reconciliation::NotPlaced`]) and sending it again is allowed;
//!    if the list cannot prove it either way (a server that repeats pages, unreadable entries,
//!    a page that failed), the answer is [`Reconciliation::Undetermined`], with what is known,
//!    and the order stays blocked.
//!
//! Only an answer the server gives *before acting* proves nothing was placed, and releases the
//! guard: a connection that could not be opened, and a 4xx (401, 403, 422, 429, …, or the
//! request sent to the sign-in page, which is how a Laravel app answers a bad token).

mod guard;
mod place;
mod reconcile;
mod request;
mod row;

pub use guard::SubmissionGuard;
pub use place::{PlaceOrderResult, PlacedApplicant};
pub use reconcile::{Reconciliation, Undetermined, RECONCILE_MAX_PAGES};
pub use request::{AddOns, Attestation, OrderRequest};
pub use row::{OrderChange, OrderRow};

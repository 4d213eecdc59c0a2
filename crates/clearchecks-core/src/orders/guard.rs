//! `SubmissionGuard`: remembers which orders are in flight or have an uncertain outcome, per
//! account, so an identical order is never sent twice by accident (see the `orders` docs).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Duration as ChronoDuration, Utc};

use super::request::{AddOns, OrderRequest};
use crate::error::ApiError;

/// Allowance for the server's clock being behind ours when matching order dates.
const CLOCK_SLACK_MINUTES: i64 = 5;

/// Identity of an order for duplicate detection: SKU, add-ons, and the emails as a set.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Fingerprint {
    sku: String,
    add_ons: AddOns,
    emails: BTreeSet<String>,
}

impl Fingerprint {
    pub(crate) fn of(request: &OrderRequest) -> Self {
        Self {
            sku: request.sku.to_uppercase(),
            add_ons: request.add_ons.clone(),
            emails: request.email_set(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    InFlight,
    /// Reconcile must run before this order may be sent again. `since` is the attempt time
    /// minus a clock allowance.
    Uncertain {
        since: DateTime<Utc>,
    },
}

/// Shared, per-account guard. Cheap to clone.
#[derive(Clone, Default)]
pub struct SubmissionGuard {
    inner: Arc<Mutex<GuardState>>,
}

#[derive(Default)]
struct GuardState {
    slots: HashMap<Fingerprint, Slot>,
    /// Report keys this app placed and knows about; reconcile never mistakes them for the
    /// uncertain attempt.
    known_keys: HashSet<String>,
}

impl std::fmt::Debug for SubmissionGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.lock();
        f.debug_struct("SubmissionGuard")
            .field("orders", &state.slots.len())
            .finish()
    }
}

impl SubmissionGuard {
    pub fn new() -> Self {
        Self::default()
    }

    /// True while this order is in flight or waiting for reconciliation.
    pub fn is_blocked(&self, request: &OrderRequest) -> bool {
        self.lock().slots.contains_key(&Fingerprint::of(request))
    }

    /// When the uncertain attempt of this order started (minus the clock allowance), if any.
    pub fn uncertain_since(&self, request: &OrderRequest) -> Option<DateTime<Utc>> {
        match self.lock().slots.get(&Fingerprint::of(request)) {
            Some(Slot::Uncertain { since }) => Some(*since),
            _ => None,
        }
    }

    /// Number of orders waiting for reconciliation.
    pub fn uncertain_count(&self) -> usize {
        self.lock()
            .slots
            .values()
            .filter(|s| matches!(s, Slot::Uncertain { .. }))
            .count()
    }

    /// Claims the order for sending, or explains why it may not be sent now.
    pub(crate) fn begin(&self, request: &OrderRequest) -> Result<Attempt, ApiError> {
        let fingerprint = Fingerprint::of(request);
        let mut state = self.lock();
        match state.slots.get(&fingerprint) {
            Some(Slot::InFlight) => return Err(ApiError::DuplicateSubmission),
            Some(Slot::Uncertain { .. }) => {
                return Err(ApiError::OutcomeUncertain {
                    message: "an earlier attempt of this exact order has not been confirmed; check the order list first"
                        .into(),
                })
            }
            None => {}
        }
        state.slots.insert(fingerprint.clone(), Slot::InFlight);
        let since = Utc::now() - ChronoDuration::minutes(CLOCK_SLACK_MINUTES);
        Ok(Attempt {
            guard: self.clone(),
            fingerprint,
            since,
            settled: false,
        })
    }

    pub(crate) fn known_keys(&self) -> HashSet<String> {
        self.lock().known_keys.clone()
    }

    pub(crate) fn remember_keys<'a>(&self, keys: impl IntoIterator<Item = &'a str>) {
        let mut state = self.lock();
        state
            .known_keys
            .extend(keys.into_iter().map(str::to_string));
    }

    /// Clears the block on an order after reconciliation answered.
    pub(crate) fn resolve(&self, request: &OrderRequest) {
        let fingerprint = Fingerprint::of(request);
        let mut state = self.lock();
        if matches!(state.slots.get(&fingerprint), Some(Slot::Uncertain { .. })) {
            state.slots.remove(&fingerprint);
        }
    }

    fn lock(&self) -> MutexGuard<'_, GuardState> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One claimed attempt. Must be settled; if it is dropped unsettled (the caller's future was
/// cancelled mid-request) the order counts as uncertain, because it may have been sent.
pub(crate) struct Attempt {
    guard: SubmissionGuard,
    fingerprint: Fingerprint,
    since: DateTime<Utc>,
    settled: bool,
}

impl Attempt {
    /// The order definitely was or was not placed: release it.
    pub(crate) fn settle_definite(mut self) {
        self.settled = true;
        self.guard.lock().slots.remove(&self.fingerprint);
    }

    /// Nobody knows whether it was placed: block it until reconciled.
    pub(crate) fn settle_uncertain(mut self) {
        self.settled = true;
        self.mark_uncertain();
    }

    fn mark_uncertain(&self) {
        self.guard.lock().slots.insert(
            self.fingerprint.clone(),
            Slot::Uncertain { since: self.since },
        );
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        if !self.settled {
            self.mark_uncertain();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(emails: &[&str], mvr: bool) -> OrderRequest {
        let emails: Vec<String> = emails.iter().map(|s| s.to_string()).collect();
        OrderRequest::new(
            "HIRE1",
            &emails,
            AddOns {
                mvr,
                ..AddOns::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn identical_order_is_refused_while_in_flight() {
        let guard = SubmissionGuard::new();
        let attempt = guard.begin(&request(&["a@x.io", "b@x.io"], false)).unwrap();
        // Same set of emails in another order and case: identical.
        let again = guard.begin(&request(&["B@x.io", "a@x.io"], false));
        assert_eq!(again.err(), Some(ApiError::DuplicateSubmission));
        // Different add-ons or emails: a different order.
        assert!(guard
            .begin(&request(&["a@x.io", "b@x.io"], true))
            .map(Attempt::settle_definite)
            .is_ok());
        assert!(guard
            .begin(&request(&["a@x.io"], false))
            .map(Attempt::settle_definite)
            .is_ok());
        attempt.settle_definite();
        assert!(!guard.is_blocked(&request(&["a@x.io", "b@x.io"], false)));
    }

    #[test]
    fn uncertain_blocks_until_resolved() {
        let guard = SubmissionGuard::new();
        let req = request(&["a@x.io"], false);
        guard.begin(&req).unwrap().settle_uncertain();
        assert!(matches!(
            guard.begin(&req),
            Err(ApiError::OutcomeUncertain { .. })
        ));
        assert!(guard.uncertain_since(&req).is_some_and(|t| t < Utc::now()));
        assert_eq!(guard.uncertain_count(), 1);
        guard.resolve(&req);
        assert!(guard.begin(&req).is_ok());
    }

    #[test]
    fn a_cancelled_attempt_counts_as_uncertain() {
        let guard = SubmissionGuard::new();
        let req = request(&["a@x.io"], false);
        drop(guard.begin(&req).unwrap());
        assert!(guard.uncertain_since(&req).is_some());
    }

    #[test]
    fn clones_share_state() {
        let guard = SubmissionGuard::new();
        let req = request(&["a@x.io"], false);
        let _attempt = guard.begin(&req).unwrap();
        assert!(guard.clone().is_blocked(&req));
    }
}

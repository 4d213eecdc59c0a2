//! `SandboxControl`: a cheap handle for tests and the demo mode to inspect
//! and steer the simulator (the in-process twin of the `/_sim/*` routes).

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use crate::faults::{Fault, FaultRule};
use crate::model::{AdverseStage, Order};
use crate::request_log::RecordedRequest;
use crate::shared::{lock, Shared};

/// Inspect and steer a running sandbox. Clone freely.
#[derive(Clone)]
pub struct SandboxControl {
    pub(crate) shared: Arc<Shared>,
}

impl std::fmt::Debug for SandboxControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxControl")
            .field("origin", &self.shared.origin)
            .finish()
    }
}

impl SandboxControl {
    /// Every request so far (oldest first), without query strings.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.log).entries()
    }

    /// How many `method` requests reached `route` (e.g. `count("POST", "orders.new")`).
    pub fn count(&self, method: &str, route: &str) -> usize {
        lock(&self.shared.log).count(method, route)
    }

    /// Forgets the request log and counts.
    pub fn reset_log(&self) {
        lock(&self.shared.log).clear();
    }

    /// Applies `fault` to every request to `route` (a route name, or `*` for all `/api` routes).
    pub fn set_fault(&self, route: &str, fault: Fault) {
        self.set_fault_rule(FaultRule {
            route: route.to_owned(),
            fault,
            times: None,
            skip: 0,
        });
    }

    /// Applies `fault` to the next `times` requests to `route`, then clears it.
    pub fn set_fault_times(&self, route: &str, fault: Fault, times: u32) {
        self.set_fault_rule(FaultRule {
            route: route.to_owned(),
            fault,
            times: Some(times),
            skip: 0,
        });
    }

    /// Lets `skip` requests to `route` through, then applies `fault` to the next `times`.
    pub fn set_fault_after(&self, route: &str, skip: u32, fault: Fault, times: u32) {
        self.set_fault_rule(FaultRule {
            route: route.to_owned(),
            fault,
            times: Some(times),
            skip,
        });
    }

    pub fn set_fault_rule(&self, rule: FaultRule) {
        lock(&self.shared.faults).set(rule);
    }

    pub fn faults(&self) -> Vec<FaultRule> {
        lock(&self.shared.faults).list()
    }

    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// Changes the limit; every caller starts a fresh window.
    pub fn set_rate_limit(&self, limit: u32, window: Duration) {
        lock(&self.shared.limiter).configure(limit, window);
    }

    /// A -> P as if the applicant had submitted. False unless the order is in `A`.
    pub fn submit_applicant(&self, report_key: &str) -> bool {
        self.shared
            .write(|w| w.submit(report_key, None, Utc::now()).is_ok())
    }

    /// P/R -> C. False unless the order is in `P` or `R`.
    pub fn advance(&self, report_key: &str) -> bool {
        self.shared.write(|w| w.advance(report_key, Utc::now()))
    }

    /// C -> V (`Pre`) or V -> X (`Final`). False for any other transition.
    pub fn adverse(&self, report_key: &str, stage: AdverseStage) -> bool {
        self.shared.write(|w| w.adverse(report_key, stage))
    }

    /// The orders of the account with `token`, oldest first (empty for an unknown token).
    pub fn orders_of(&self, token: &str) -> Vec<Order> {
        self.shared.read(|w| match w.account_by_token(token) {
            Some(account) => w.orders_of(account.id).to_vec(),
            None => Vec::new(),
        })
    }

    /// One order by key, whatever its account.
    pub fn order(&self, report_key: &str) -> Option<Order> {
        self.shared.read(|w| w.order(report_key).cloned())
    }

    /// Adds an account at run time; false if the token is already in use.
    pub fn add_account(&self, token: &str, company_name: &str, seeded_orders: usize) -> bool {
        self.shared.write(|w| {
            if w.account_by_token(token).is_some() {
                return false;
            }
            w.create_account(token, company_name, seeded_orders, Utc::now());
            true
        })
    }

    /// Revokes an account's API token: until [`restore_token`](Self::restore_token), every
    /// `/api` request with it is a 401 (rate-limited per client IP, like any unknown token).
    /// False if no account has this token.
    pub fn revoke_token(&self, token: &str) -> bool {
        crate::sim_routes::set_revoked(&self.shared, token, true)
    }

    /// Accepts a revoked token again. False if no account has this token.
    pub fn restore_token(&self, token: &str) -> bool {
        crate::sim_routes::set_revoked(&self.shared, token, false)
    }

    /// Replaces the quirk profiles in effect (an empty set: the contract's shapes).
    pub fn set_quirks(&self, quirks: impl IntoIterator<Item = crate::Quirk>) {
        *lock(&self.shared.quirks) = quirks.into_iter().collect();
    }

    /// The quirk profiles in effect.
    pub fn quirks(&self) -> Vec<crate::Quirk> {
        self.shared.quirks().into_iter().collect()
    }

    /// Writes the state file now (no-op without one).
    pub fn save_state(&self) -> std::io::Result<()> {
        crate::server::save_state(&self.shared)
    }
}

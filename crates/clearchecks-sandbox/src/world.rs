//! The simulated world: accounts, their orders (indexed by report key),
//! pending registrations, and the status transitions (applicant submit,
//! completion, adverse action) including the simulated clock.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::config::SandboxConfig;
use crate::model::{
    Account, AddOns, AdverseStage, ApplicantDetails, BillingContact, Order, Registration,
    ReportStatus,
};
use crate::{seed, tokens};

/// The persisted form of the world (see `persist`).
#[derive(Serialize, Deserialize)]
pub(crate) struct Snapshot {
    pub version: u32,
    pub accounts: Vec<Account>,
    pub orders: Vec<Order>,
    pub registrations: Vec<Registration>,
}

/// Why an applicant submission was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SubmitError {
    UnknownKey,
    AlreadySubmitted,
}

pub(crate) struct World {
    accounts: Vec<Account>,
    /// Orders per account, oldest first (append-only, so positions are stable).
    orders: HashMap<u64, Vec<Order>>,
    key_index: HashMap<String, (u64, usize)>,
    /// Orders the clock will move, by position.
    scheduled: BTreeSet<(u64, usize)>,
    registrations: Vec<Registration>,
    seed: u64,
    pub auto_submit_after: Option<Duration>,
    pub complete_after: Option<Duration>,
}

fn chrono_of(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

impl World {
    fn blank(config: &SandboxConfig) -> World {
        World {
            accounts: Vec::new(),
            orders: HashMap::new(),
            key_index: HashMap::new(),
            scheduled: BTreeSet::new(),
            registrations: Vec::new(),
            seed: config.seed,
            auto_submit_after: config.auto_submit_after,
            complete_after: config.complete_after,
        }
    }

    /// Builds the configured world (accounts with seeded orders, platform accounts).
    pub fn from_config(config: &SandboxConfig, now: DateTime<Utc>) -> World {
        let mut world = World::blank(config);
        world.add_configured_accounts(config, now);
        world
    }

    /// Restores a persisted world, then adds configured accounts whose tokens
    /// it does not know yet.
    pub fn from_snapshot(config: &SandboxConfig, snapshot: Snapshot, now: DateTime<Utc>) -> World {
        let mut world = World::blank(config);
        world.accounts = snapshot.accounts;
        world.registrations = snapshot.registrations;
        for order in snapshot.orders {
            world.insert_order(order);
        }
        world.add_configured_accounts(config, now);
        world
    }

    pub fn snapshot(&self) -> Snapshot {
        let mut orders: Vec<Order> = Vec::new();
        for account in &self.accounts {
            orders.extend(self.orders_of(account.id).iter().cloned());
        }
        Snapshot {
            version: 1,
            accounts: self.accounts.clone(),
            orders,
            registrations: self.registrations.clone(),
        }
    }

    fn add_configured_accounts(&mut self, config: &SandboxConfig, now: DateTime<Utc>) {
        for spec in &config.accounts {
            if self.account_by_token(&spec.token).is_none() {
                self.create_account(&spec.token, &spec.company_name, spec.seeded_orders, now);
            }
        }
        for platform in &config.platforms {
            if self.account_by_token(&platform.api_token).is_none() {
                self.create_account(&platform.api_token, "Demo Platform Partner", 0, now);
            }
        }
    }

    /// Creates an account with `seeded_orders` deterministic orders.
    pub fn create_account(
        &mut self,
        token: &str,
        company_name: &str,
        seeded_orders: usize,
        now: DateTime<Utc>,
    ) -> u64 {
        let id = self.accounts.iter().map(|a| a.id).max().unwrap_or(0) + 1;
        let account_seed = tokens::seed_of(self.seed, token);
        let owner = seed::owner(account_seed);
        self.accounts.push(Account {
            id,
            api_token: token.to_owned(),
            company_name: company_name.to_owned(),
            first_name: owner.first_name,
            last_name: owner.last_name,
            email: owner.email,
            city: owner.city,
            state: owner.state,
            zip: owner.zip,
            created_at: now - chrono::Duration::days(400),
            billing: BillingContact::default(),
        });
        for order in seed::orders(account_seed, id, seeded_orders, now) {
            self.insert_order(order);
        }
        id
    }

    fn insert_order(&mut self, order: Order) {
        let list = self.orders.entry(order.account_id).or_default();
        let position = (order.account_id, list.len());
        self.key_index.insert(order.report_key.clone(), position);
        if order.next_transition_at.is_some() {
            self.scheduled.insert(position);
        }
        list.push(order);
    }

    pub fn account_by_token(&self, token: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.api_token == token)
    }

    pub fn account(&self, id: u64) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == id)
    }

    pub fn account_mut(&mut self, id: u64) -> Option<&mut Account> {
        self.accounts.iter_mut().find(|a| a.id == id)
    }

    /// The account's orders, oldest first.
    pub fn orders_of(&self, account_id: u64) -> &[Order] {
        self.orders
            .get(&account_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// An order by key, only if it belongs to `account_id` (keys are scoped).
    pub fn order_of(&self, account_id: u64, key: &str) -> Option<&Order> {
        self.order(key).filter(|o| o.account_id == account_id)
    }

    /// An order by key, whatever its account (widgets and controls).
    pub fn order(&self, key: &str) -> Option<&Order> {
        let (account, index) = *self.key_index.get(key)?;
        self.orders.get(&account)?.get(index)
    }

    fn order_mut(&mut self, key: &str) -> Option<&mut Order> {
        let (account, index) = *self.key_index.get(key)?;
        self.orders.get_mut(&account)?.get_mut(index)
    }

    fn set_schedule(&mut self, key: &str, at: Option<DateTime<Utc>>) {
        let Some(&position) = self.key_index.get(key) else {
            return;
        };
        if let Some(order) = self.order_mut(key) {
            order.next_transition_at = at;
        }
        if at.is_some() {
            self.scheduled.insert(position);
        } else {
            self.scheduled.remove(&position);
        }
    }

    /// Places one order line per email, in order, all in status `A`.
    pub fn place_orders(
        &mut self,
        account_id: u64,
        report_sku: &str,
        emails: &[String],
        add_ons: &AddOns,
        now: DateTime<Utc>,
    ) -> Vec<Order> {
        let mut rng = StdRng::from_entropy();
        let next = self.auto_submit_after.map(|d| now + chrono_of(d));
        let mut placed = Vec::with_capacity(emails.len());
        for email in emails {
            let mut key = tokens::report_key(&mut rng);
            while self.key_index.contains_key(&key) {
                key = tokens::report_key(&mut rng);
            }
            let order = Order {
                report_key: key,
                account_id,
                report_sku: report_sku.to_owned(),
                applicant_email: email.clone(),
                add_ons: add_ons.clone(),
                status: ReportStatus::A,
                flagged_for_end_user_review: false,
                order_date: now,
                submitted_date: None,
                completed_date: None,
                applicant: None,
                next_transition_at: next,
            };
            placed.push(order.clone());
            self.insert_order(order);
        }
        placed
    }

    /// Applies every clock transition due at or before `now`.
    pub fn tick(&mut self, now: DateTime<Utc>) {
        let due: Vec<String> = self
            .scheduled
            .iter()
            .filter_map(|(account, index)| self.orders.get(account)?.get(*index))
            .filter(|o| o.next_transition_at.is_some_and(|at| at <= now))
            .map(|o| o.report_key.clone())
            .collect();
        for key in due {
            // Loop because one tick may cover both A->P and P->C.
            while let Some(at) = self.order(&key).and_then(|o| o.next_transition_at) {
                if at > now {
                    break;
                }
                let status = self.order(&key).map(|o| o.status);
                match status {
                    Some(ReportStatus::A) => {
                        let _ = self.submit(&key, None, at);
                    }
                    Some(ReportStatus::P | ReportStatus::R) => {
                        self.complete(&key, at);
                    }
                    _ => self.set_schedule(&key, None),
                }
            }
        }
    }

    /// A -> P. `details` are what the applicant typed; None generates them.
    pub fn submit(
        &mut self,
        key: &str,
        details: Option<ApplicantDetails>,
        at: DateTime<Utc>,
    ) -> Result<Order, SubmitError> {
        let order = self.order(key).ok_or(SubmitError::UnknownKey)?;
        if order.status != ReportStatus::A {
            return Err(SubmitError::AlreadySubmitted);
        }
        let details = details.unwrap_or_else(|| seed::applicant_for_key(key));
        let next = self.complete_after.map(|d| at + chrono_of(d));
        let order = self.order_mut(key).ok_or(SubmitError::UnknownKey)?;
        order.status = ReportStatus::P;
        order.submitted_date = Some(at);
        order.applicant = Some(details);
        self.set_schedule(key, next);
        self.order(key).cloned().ok_or(SubmitError::UnknownKey)
    }

    fn complete(&mut self, key: &str, at: DateTime<Utc>) {
        if let Some(order) = self.order_mut(key) {
            order.status = ReportStatus::C;
            order.completed_date = Some(at);
            order.flagged_for_end_user_review = order.has_records();
        }
        self.set_schedule(key, None);
    }

    /// P/R -> C now. False for an unknown key or another status.
    pub fn advance(&mut self, key: &str, now: DateTime<Utc>) -> bool {
        match self.order(key).map(|o| o.status) {
            Some(ReportStatus::P | ReportStatus::R) => {
                self.complete(key, now);
                true
            }
            _ => false,
        }
    }

    /// C -> V (pre) or V -> X (final).
    pub fn adverse(&mut self, key: &str, stage: AdverseStage) -> bool {
        let Some(order) = self.order_mut(key) else {
            return false;
        };
        match (order.status, stage) {
            (ReportStatus::C, AdverseStage::Pre) => order.status = ReportStatus::V,
            (ReportStatus::V, AdverseStage::Final) => order.status = ReportStatus::X,
            _ => return false,
        }
        true
    }

    pub fn add_registration(&mut self, registration: Registration) {
        self.registrations.push(registration);
    }

    /// Redeems a registration token once for the platform with `source_token`.
    pub fn redeem_registration(&mut self, opaque: &str, source_token: &str) -> Option<u64> {
        let registration = self.registrations.iter_mut().find(|r| {
            r.opaque_token == opaque && r.platform_source_token == source_token && !r.redeemed
        })?;
        registration.redeemed = true;
        Some(registration.account_id)
    }
}

#[cfg(test)]
mod tests;

//! `SandboxConfig`: what world the simulator starts with (accounts, seeded
//! data, platform credentials), how it paces status progression, its rate
//! limit and page size, and where it persists its state.

use std::collections::BTreeSet;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::quirks::Quirk;

/// The primary demo account's API token. A well-known test value, never a secret.
pub const DEMO_TOKEN: &str = "demo-token-NOT-A-SECRET-acme-staffing";
/// A second, smaller demo account (for account switching and scoping demos).
pub const DEMO_TOKEN_SECONDARY: &str = "demo-token-NOT-A-SECRET-northwind-logistics";
/// The demo platform's own API token (authorizes `POST /api/token/decrypt`).
pub const DEMO_PLATFORM_API_TOKEN: &str = "demo-platform-token-NOT-A-SECRET";
/// The demo platform's `source_token` for the registration widget.
pub const DEMO_SOURCE_TOKEN: &str = "demo-source-token-NOT-A-SECRET";
/// The demo platform's `private_key` for `POST /api/token/decrypt`.
pub const DEMO_PRIVATE_KEY: &str = "demo-private-key-NOT-A-SECRET";

/// One account to create at start-up.
#[derive(Clone)]
pub(crate) struct AccountSpec {
    pub token: String,
    pub company_name: String,
    pub seeded_orders: usize,
}

/// Reseller credentials used by the registration widget and token decryption.
#[derive(Clone)]
pub(crate) struct PlatformSpec {
    pub api_token: String,
    pub source_token: String,
    pub private_key: String,
}

/// How the simulator starts. Builder style: `SandboxConfig::empty().account(..).rate_limit(..)`.
#[derive(Clone)]
pub struct SandboxConfig {
    pub(crate) accounts: Vec<AccountSpec>,
    pub(crate) platforms: Vec<PlatformSpec>,
    pub(crate) rate_limit: u32,
    pub(crate) rate_window: Duration,
    pub(crate) auto_submit_after: Option<Duration>,
    pub(crate) complete_after: Option<Duration>,
    pub(crate) per_page: usize,
    pub(crate) state_file: Option<PathBuf>,
    pub(crate) seed: u64,
    pub(crate) registration_seeded_orders: usize,
    pub(crate) quirks: BTreeSet<Quirk>,
}

impl SandboxConfig {
    /// No accounts, manual progression only, 60 requests per 60 s, 100 items per page.
    pub fn empty() -> Self {
        SandboxConfig {
            accounts: Vec::new(),
            platforms: Vec::new(),
            rate_limit: 60,
            rate_window: Duration::from_secs(60),
            auto_submit_after: None,
            complete_after: None,
            per_page: 100,
            state_file: None,
            seed: 0x00C1_EA2C_4EC5,
            registration_seeded_orders: 12,
            quirks: BTreeSet::new(),
        }
    }

    /// The demo world: two accounts with well-known tokens (about 400 and 40
    /// seeded orders across every status, with invoices), the demo platform
    /// credentials, and a demo clock (the applicant "submits" about 20 s after
    /// an order is placed; the report completes about 30 s later).
    pub fn demo() -> Self {
        Self::empty()
            .account(DEMO_TOKEN, "Acme Staffing (Demo)", 400)
            .account(DEMO_TOKEN_SECONDARY, "Northwind Logistics (Demo)", 40)
            .platform(DEMO_PLATFORM_API_TOKEN, DEMO_SOURCE_TOKEN, DEMO_PRIVATE_KEY)
            .auto_submit_after(Some(Duration::from_secs(20)))
            .complete_after(Some(Duration::from_secs(30)))
    }

    /// Adds an account. Its seeded orders (and so its invoices) are derived
    /// deterministically from the configuration seed and the token.
    pub fn account(mut self, token: &str, company_name: &str, seeded_orders: usize) -> Self {
        self.accounts.push(AccountSpec {
            token: token.to_owned(),
            company_name: company_name.to_owned(),
            seeded_orders,
        });
        self
    }

    /// Per-token fixed-window rate limit. A zero window is treated as one second.
    pub fn rate_limit(mut self, limit: u32, window: Duration) -> Self {
        self.rate_limit = limit;
        self.rate_window = window.max(Duration::from_millis(1));
        self
    }

    /// Moves newly placed orders from `A` to `P` after `d` (None: only through
    /// the controls, the invite page or the applicant widget).
    pub fn auto_submit_after(mut self, d: Option<Duration>) -> Self {
        self.auto_submit_after = d;
        self
    }

    /// Moves submitted orders from `P` to `C` after `d` (None: only through the controls).
    pub fn complete_after(mut self, d: Option<Duration>) -> Self {
        self.complete_after = d;
        self
    }

    /// Page size of `/reports/all` and `/invoices` (default 100, at least 1).
    pub fn per_page(mut self, n: usize) -> Self {
        self.per_page = n.max(1);
        self
    }

    /// Persists the state as JSON at `path` and loads it at start if present.
    pub fn state_file(mut self, path: PathBuf) -> Self {
        self.state_file = Some(path);
        self
    }

    /// Adds reseller credentials. The platform's api token also becomes an
    /// account (with no orders) unless an account already uses it.
    pub fn platform(
        mut self,
        platform_api_token: &str,
        source_token: &str,
        private_key: &str,
    ) -> Self {
        self.platforms.push(PlatformSpec {
            api_token: platform_api_token.to_owned(),
            source_token: source_token.to_owned(),
            private_key: private_key.to_owned(),
        });
        self
    }

    /// Seed of all generated data (names, keys, dates). Same seed, same world.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Answers in these quirk profiles (see [`Quirk`]) instead of the contract's shapes. Can be
    /// changed at run time with [`SandboxControl::set_quirks`](crate::SandboxControl::set_quirks)
    /// or `PUT /_sim/quirks`.
    pub fn quirks(mut self, quirks: impl IntoIterator<Item = Quirk>) -> Self {
        self.quirks.extend(quirks);
        self
    }

    /// How many orders a sign-up through the registration widget seeds (default 12).
    pub fn registration_seeded_orders(mut self, n: usize) -> Self {
        self.registration_seeded_orders = n;
        self
    }
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self::empty()
    }
}

/// Tokens and keys are redacted: a config may be logged.
impl fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("accounts", &self.accounts.len())
            .field("platforms", &self.platforms.len())
            .field("rate_limit", &self.rate_limit)
            .field("rate_window", &self.rate_window)
            .field("auto_submit_after", &self.auto_submit_after)
            .field("complete_after", &self.complete_after)
            .field("per_page", &self.per_page)
            .field("state_file", &self.state_file)
            .field("seed", &self.seed)
            .field("quirks", &self.quirks)
            .finish()
    }
}

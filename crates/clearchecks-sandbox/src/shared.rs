//! The state every handler shares: the world, the rate limiter, the fault
//! table, the request log, live widget tokens and the fixed settings.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use rand::Rng;

use crate::config::{PlatformSpec, SandboxConfig};
use crate::faults::FaultTable;
use crate::quirks::QuirkSet;
use crate::rate_limit::RateLimiter;
use crate::request_log::RequestLog;
use crate::world::World;

/// A minted report-widget token (single use, short-lived).
pub(crate) struct WidgetToken {
    pub account_id: u64,
    pub report_key: String,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
}

pub(crate) struct Shared {
    pub origin: String,
    /// The second listener's origin: the "file host" signed PDF URLs point at.
    pub files_origin: String,
    pub per_page: usize,
    pub platforms: Vec<PlatformSpec>,
    pub registration_seeded_orders: usize,
    /// Per-run secret for signing `/_files` URLs.
    pub file_secret: u64,
    pub state_file: Option<PathBuf>,
    world: Mutex<World>,
    pub limiter: Mutex<RateLimiter>,
    pub faults: Mutex<FaultTable>,
    pub log: Mutex<RequestLog>,
    pub widget_tokens: Mutex<HashMap<String, WidgetToken>>,
    /// API tokens a test revoked (`/_sim/tokens/{token}/revoke`): they authenticate nobody
    /// until restored, as when a customer revokes a token in the console.
    pub revoked_tokens: Mutex<HashSet<String>>,
    /// The quirk profiles in effect (`/_sim/quirks` switches them at run time).
    pub quirks: Mutex<QuirkSet>,
    dirty: AtomicBool,
}

/// Locks a mutex, recovering from poisoning: a panicked handler must not take
/// the whole simulator down with it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    pub fn new(
        config: &SandboxConfig,
        origin: String,
        files_origin: String,
        world: World,
    ) -> Shared {
        Shared {
            origin,
            files_origin,
            per_page: config.per_page,
            platforms: config.platforms.clone(),
            registration_seeded_orders: config.registration_seeded_orders,
            file_secret: rand::thread_rng().gen(),
            state_file: config.state_file.clone(),
            world: Mutex::new(world),
            limiter: Mutex::new(RateLimiter::new(config.rate_limit, config.rate_window)),
            faults: Mutex::new(FaultTable::default()),
            log: Mutex::new(RequestLog::default()),
            widget_tokens: Mutex::new(HashMap::new()),
            revoked_tokens: Mutex::new(HashSet::new()),
            quirks: Mutex::new(config.quirks.clone()),
            dirty: AtomicBool::new(false),
        }
    }

    /// Reads the world after applying the clock's due transitions.
    pub fn read<T>(&self, f: impl FnOnce(&World) -> T) -> T {
        let mut world = lock(&self.world);
        world.tick(Utc::now());
        f(&world)
    }

    /// Changes the world (after the clock's due transitions) and marks the
    /// state for saving.
    pub fn write<T>(&self, f: impl FnOnce(&mut World) -> T) -> T {
        let mut world = lock(&self.world);
        world.tick(Utc::now());
        self.dirty.store(true, Ordering::Relaxed);
        f(&mut world)
    }

    /// True (once) if the world changed since the last call.
    pub fn take_dirty(&self) -> bool {
        self.dirty.swap(false, Ordering::Relaxed)
    }

    /// The platform owning `source_token`.
    pub fn platform_by_source(&self, source_token: &str) -> Option<&PlatformSpec> {
        self.platforms
            .iter()
            .find(|p| p.source_token == source_token)
    }

    /// The quirks in effect now.
    pub fn quirks(&self) -> QuirkSet {
        lock(&self.quirks).clone()
    }

    pub fn invite_url(&self, report_key: &str) -> String {
        format!("{}/invite/{report_key}", self.origin)
    }
}

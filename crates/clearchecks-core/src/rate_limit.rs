//! The per-token request budget, shared by everything that uses one account (user actions and
//! the poller), so together they never exceed ClearChecks' limit and the user is never stuck
//! behind background work.
//!
//! # Design
//! A **sliding log**: a request may go when fewer than `limit` requests were counted in the last
//! `window`. The server counts in fixed windows (Laravel throttle); a sliding log never exceeds
//! `limit` in *any* window of that length, so it stays under the server's count wherever its
//! window boundaries fall. A request is counted from the moment it is sent until its answer
//! arrives, and then logged at its *answer* time, so network latency can never make the server
//! see two requests closer together than we did. The log costs O(limit) memory, and the limit
//! can change at run time (`X-RateLimit-Limit`) — the reason we do not use GCRA via
//! `governor`, whose quota is fixed and which has no notion of priority.
//!
//! # Priorities
//! * [`Priority::Background`] work may use at most [`RateLimitConfig::background_share`] of
//!   any window (default half: 30 of 60). Requests the server counted that we did not send
//!   (`X-RateLimit-Remaining` lower than we expect) are charged to that share too.
//! * [`Priority::Interactive`] requests may use the whole limit, so the user always has at least
//!   `limit − background share` slots available immediately, and more when background is idle.
//!   They queue in their own line, and no background request starts while one waits.
//!
//! # 429
//! A 429 pauses the limiter until `Retry-After` (at least one second), or without it until the
//! window rolls over plus jitter. Nothing is sent for this token until then — retries and other
//! callers alike. Background callers wait the pause out. An interactive caller facing a pause
//! longer than [`RateLimitConfig::max_interactive_pause`] is refused at once with [`Paused`]
//! (the client turns it into `ApiError::RateLimited { retry_after }`), so the UI can say
//! "retrying in N s" instead of hanging.

mod budget;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use budget::{Decision, State};

/// ClearChecks' documented default: 60 requests per minute.
pub const DEFAULT_LIMIT: u32 = 60;
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(60);
/// Half of every window is kept for the user.
pub const DEFAULT_BACKGROUND_SHARE: f64 = 0.5;
/// Longest server-imposed pause a click waits out before it is answered "retry in N s".
pub const DEFAULT_MAX_INTERACTIVE_PAUSE: Duration = Duration::from_secs(20);

/// Who is waiting for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Priority {
    /// Something the user is waiting on; always served first.
    Interactive,
    /// Polling and other work nobody is staring at.
    Background,
}

/// Settings of a [`RateLimiter`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimitConfig {
    /// Requests per window until the server tells us otherwise.
    pub initial_limit: u32,
    /// Length of the window (60 s for ClearChecks; shorter in tests and benchmarks).
    pub window: Duration,
    /// Fraction (0.0–1.0) of each window background work may use, rounded down, at least one
    /// request. The rest is headroom for the user.
    pub background_share: f64,
    /// An interactive request that would wait longer than this for a server-imposed pause
    /// (429 `Retry-After`) fails at once with [`Paused`] instead of waiting.
    pub max_interactive_pause: Duration,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            initial_limit: DEFAULT_LIMIT,
            window: DEFAULT_WINDOW,
            background_share: DEFAULT_BACKGROUND_SHARE,
            max_interactive_pause: DEFAULT_MAX_INTERACTIVE_PAUSE,
        }
    }
}

/// A point-in-time view for the UI and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitSnapshot {
    pub limit: u32,
    pub window: Duration,
    /// Requests counted in the current sliding window: finished, in flight, and those the
    /// server counted on top of ours.
    pub used: u32,
    /// The part of `used` charged to background work (including the server's extra count).
    pub background_used: u32,
    /// Most requests background work may have counted at once.
    pub background_capacity: u32,
    /// Requests sent whose answer has not arrived.
    pub in_flight: u32,
    /// When sending resumes after a 429, if paused.
    pub paused_until: Option<Instant>,
    pub interactive_waiters: usize,
    pub background_waiters: usize,
}

impl RateLimitSnapshot {
    pub fn waiters(&self) -> usize {
        self.interactive_waiters + self.background_waiters
    }

    /// How long sending stays paused from now (for "retrying in N s").
    pub fn paused_for(&self) -> Option<Duration> {
        self.paused_until
            .map(|until| until.saturating_duration_since(Instant::now()))
    }
}

/// An interactive request was refused because the server asked us to pause for longer than
/// [`RateLimitConfig::max_interactive_pause`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("requests are paused by the server for another {} s", retry_after.as_secs().max(1))]
pub struct Paused {
    /// How long the pause still lasts.
    pub retry_after: Duration,
}

/// The right to send one request. The request counts against the limit from
/// [`RateLimiter::acquire`] until this is dropped, and for one window after that: drop it when
/// the answer's headers have arrived (or the attempt failed).
#[must_use = "the request counts as in flight until the permit is dropped"]
pub struct SendPermit {
    limiter: RateLimiter,
    priority: Priority,
}

impl std::fmt::Debug for SendPermit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SendPermit")
            .field("priority", &self.priority)
            .finish()
    }
}

impl Drop for SendPermit {
    fn drop(&mut self) {
        self.limiter.lock().finish(self.priority, Instant::now());
        self.limiter.inner.notify.notify_waiters();
    }
}

/// The shared limiter of one token. Cheap to clone.
#[derive(Clone)]
pub struct RateLimiter {
    inner: Arc<Inner>,
}

struct Inner {
    config: RateLimitConfig,
    state: Mutex<State>,
    /// Wakes every waiter to look again: a request finished, someone left a line, the limit
    /// or the pause changed.
    notify: Notify,
}

impl Default for RateLimiter {
    fn default() -> Self {
        Self::new(RateLimitConfig::default())
    }
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("RateLimiter")
            .field(&self.snapshot())
            .finish()
    }
}

impl RateLimiter {
    pub fn new(config: RateLimitConfig) -> Self {
        Self {
            inner: Arc::new(Inner {
                state: Mutex::new(State::new(config.initial_limit)),
                config,
                notify: Notify::new(),
            }),
        }
    }

    /// Shorthand for a limiter of `limit` requests per `window`, other settings default.
    pub fn with_limit(limit: u32, window: Duration) -> Self {
        Self::new(RateLimitConfig {
            initial_limit: limit,
            window,
            ..RateLimitConfig::default()
        })
    }

    pub fn config(&self) -> RateLimitConfig {
        self.inner.config
    }

    /// Waits for a slot and returns the permit to send one request. Dropping the future gives
    /// up the place in line without using a slot.
    ///
    /// Only an interactive caller can get `Err`: when the server's pause outlasts
    /// [`RateLimitConfig::max_interactive_pause`] (now, or while it waits in line).
    pub async fn acquire(&self, priority: Priority) -> Result<SendPermit, Paused> {
        let place = Place {
            limiter: self,
            id: self.lock().enqueue(priority),
            priority,
        };
        loop {
            // Registered before the state is checked, so a wake-up in between is not lost.
            let notified = self.inner.notify.notified();
            let decision = {
                let mut state = self.lock();
                let decision = state.decide(place.id, priority, Instant::now(), &self.inner.config);
                if decision == Decision::Go {
                    state.start(priority, place.id);
                }
                decision
            };
            match decision {
                Decision::Go => {
                    // `start` already took it out of the line; the permit does the rest.
                    std::mem::forget(place);
                    // The next in line may be able to go too.
                    self.inner.notify.notify_waiters();
                    return Ok(SendPermit {
                        limiter: self.clone(),
                        priority,
                    });
                }
                Decision::PausedTooLong(retry_after) => {
                    drop(place);
                    return Err(Paused { retry_after });
                }
                Decision::WaitTurn => notified.await,
                Decision::WaitUntil(at) => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(at) => {}
                        _ = notified => {}
                    }
                }
            }
        }
    }

    /// Feeds back `X-RateLimit-Limit` / `X-RateLimit-Remaining` from a response.
    pub fn observe(&self, limit: Option<u32>, remaining: Option<u32>) {
        let changed =
            self.lock()
                .observe(limit, remaining, Instant::now(), self.inner.config.window);
        if changed {
            self.inner.notify.notify_waiters();
        }
    }

    /// After a 429: send nothing until `retry_after` has passed (at least one second), or,
    /// without one, until the current window has rolled over (plus up to 10 % jitter so
    /// clients do not stampede). Returns how long sending is now paused.
    pub fn pause(&self, retry_after: Option<Duration>) -> Duration {
        let paused = self
            .lock()
            .pause(retry_after, Instant::now(), self.inner.config.window);
        // Waiters look again: a click may now have to be told "retry in N s".
        self.inner.notify.notify_waiters();
        paused
    }

    pub fn snapshot(&self) -> RateLimitSnapshot {
        let mut state = self.lock();
        let now = Instant::now();
        state.prune(now, self.inner.config.window);
        RateLimitSnapshot {
            limit: state.limit,
            window: self.inner.config.window,
            used: state.used(),
            background_used: state.background_used(),
            background_capacity: state.background_capacity(self.inner.config.background_share),
            in_flight: state.in_flight(),
            paused_until: state.paused_until.filter(|until| *until > now),
            interactive_waiters: state.interactive_line.len(),
            background_waiters: state.background_line.len(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent even if a holder panicked; keep going.
        self.inner
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A place in line; leaving it (a dropped or refused `acquire`) lets the next one look.
struct Place<'a> {
    limiter: &'a RateLimiter,
    id: u64,
    priority: Priority,
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        self.limiter.lock().leave(self.priority, self.id);
        self.limiter.inner.notify.notify_waiters();
    }
}

#[cfg(test)]
mod tests;

//! The per-token request budget, shared by everything that uses one account (user actions and
//! the poller), so together they never exceed ClearChecks' limit.
//!
//! # Design
//! A **sliding log** of send times: a request may go when fewer than `limit` requests were sent
//! in the last `window`. The server counts in fixed windows (Laravel throttle); a sliding log
//! never exceeds `limit` in *any* window of that length, so it stays under the server's count
//! wherever its window boundaries fall, while still allowing 100 % of the limit in steady
//! state. The log costs O(limit) memory, which is tiny (60–a few hundred entries), and the limit
//! can change at run time (`X-RateLimit-Limit`) without rebuilding anything — the reason we do
//! not use GCRA via `governor`, whose quota is fixed and which has no notion of priority.
//!
//! * `X-RateLimit-Limit` resets the capacity; `X-RateLimit-Remaining` adds placeholder entries
//!   when the server has counted more than we have (another app using the same token).
//! * A 429 pauses the limiter until `Retry-After` (or the next window boundary plus jitter):
//!   nothing is sent for this token until then; the server's window has rolled over by then, so
//!   the log restarts empty.
//! * Waiters queue in two FIFO lines; every [`Priority::Interactive`] waiter goes before any
//!   [`Priority::Background`] one, and background work leaves `background_reserve` slots of
//!   each window free so a click is answered at once even while the poller is busy.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rand::Rng;
use tokio::sync::Notify;
use tokio::time::Instant;

/// ClearChecks' documented default: 60 requests per minute.
pub const DEFAULT_LIMIT: u32 = 60;
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(60);

/// Who is waiting for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Priority {
    /// Something the user is waiting on; always served first.
    Interactive,
    /// Polling and other work nobody is staring at.
    Background,
}

/// Settings of a [`RateLimiter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitConfig {
    /// Requests per window until the server tells us otherwise.
    pub initial_limit: u32,
    /// Length of the window (60 s for ClearChecks; shorter in tests and benchmarks).
    pub window: Duration,
    /// Slots per window background work leaves free for interactive requests.
    pub background_reserve: u32,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            initial_limit: DEFAULT_LIMIT,
            window: DEFAULT_WINDOW,
            background_reserve: 1,
        }
    }
}

/// A point-in-time view for the UI and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitSnapshot {
    pub limit: u32,
    pub window: Duration,
    /// Requests counted in the current sliding window (including the server's extra count).
    pub used: u32,
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

/// The shared limiter of one token. Cheap to clone.
#[derive(Clone)]
pub struct RateLimiter {
    inner: Arc<Inner>,
}

struct Inner {
    config: RateLimitConfig,
    state: Mutex<State>,
    notify: Notify,
}

struct State {
    limit: u32,
    sent: VecDeque<Instant>,
    paused_until: Option<Instant>,
    next_ticket: u64,
    interactive: VecDeque<u64>,
    background: VecDeque<u64>,
}

enum Decision {
    Go,
    WaitTurn,
    WaitUntil(Instant),
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
        let state = State {
            limit: config.initial_limit.max(1),
            sent: VecDeque::new(),
            paused_until: None,
            next_ticket: 0,
            interactive: VecDeque::new(),
            background: VecDeque::new(),
        };
        Self {
            inner: Arc::new(Inner {
                config,
                state: Mutex::new(state),
                notify: Notify::new(),
            }),
        }
    }

    /// Shorthand for a limiter of `limit` requests per `window`.
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

    /// Waits for a slot and counts the request as sent. Dropping the future gives up the place
    /// in line without using a slot.
    pub async fn acquire(&self, priority: Priority) {
        let mut ticket = Ticket {
            limiter: self,
            id: 0,
            priority,
            done: false,
        };
        ticket.id = {
            let mut state = self.lock();
            let id = state.next_ticket;
            state.next_ticket += 1;
            state.queue(priority).push_back(id);
            id
        };
        loop {
            // Registered before the state is checked, so a wake-up in between is not lost.
            let notified = self.inner.notify.notified();
            let decision = {
                let mut state = self.lock();
                let now = Instant::now();
                let decision = state.decide(ticket.id, priority, now, &self.inner.config);
                if let Decision::Go = decision {
                    state.sent.push_back(now);
                    state.queue(priority).retain(|t| *t != ticket.id);
                }
                decision
            };
            match decision {
                Decision::Go => {
                    ticket.done = true;
                    // The next in line may be able to go too.
                    self.inner.notify.notify_waiters();
                    return;
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
        let mut changed = false;
        {
            let mut state = self.lock();
            let now = Instant::now();
            state.prune(now, self.inner.config.window);
            if let Some(limit) = limit.filter(|l| *l > 0) {
                if limit != state.limit {
                    tracing::debug!(old = state.limit, new = limit, "rate limit changed");
                    state.limit = limit;
                    changed = true;
                }
            }
            if let Some(remaining) = remaining {
                let server_used = state.limit.saturating_sub(remaining) as usize;
                let cap = state.limit as usize;
                while state.sent.len() < server_used.min(cap) {
                    state.sent.push_back(now);
                }
            }
        }
        if changed {
            self.inner.notify.notify_waiters();
        }
    }

    /// After a 429: send nothing until `retry_after` has passed, or, without one, until the
    /// current window has rolled over (plus up to 10 % jitter so clients do not stampede).
    pub fn pause(&self, retry_after: Option<Duration>) -> Duration {
        let window = self.inner.config.window;
        let mut state = self.lock();
        let now = Instant::now();
        state.prune(now, window);
        let wait = retry_after.unwrap_or_else(|| {
            let rollover = state
                .sent
                .front()
                .map(|first| (*first + window).saturating_duration_since(now));
            let base = rollover.filter(|d| !d.is_zero()).unwrap_or(window);
            let jitter_ms =
                rand::thread_rng().gen_range(0..=(window.as_millis() as u64 / 10).max(1));
            base + Duration::from_millis(jitter_ms)
        });
        let until = now + wait;
        if state.paused_until.is_none_or(|current| current < until) {
            state.paused_until = Some(until);
        }
        // The server's window ends when the pause does, so it counts afresh from then on; our
        // log restarts too (any entries, real or from `X-RateLimit-Remaining: 0`, are stale).
        state.sent.clear();
        wait
    }

    pub fn snapshot(&self) -> RateLimitSnapshot {
        let mut state = self.lock();
        let now = Instant::now();
        state.prune(now, self.inner.config.window);
        RateLimitSnapshot {
            limit: state.limit,
            window: self.inner.config.window,
            used: state.sent.len() as u32,
            paused_until: state.paused_until.filter(|until| *until > now),
            interactive_waiters: state.interactive.len(),
            background_waiters: state.background.len(),
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

impl State {
    fn queue(&mut self, priority: Priority) -> &mut VecDeque<u64> {
        match priority {
            Priority::Interactive => &mut self.interactive,
            Priority::Background => &mut self.background,
        }
    }

    fn prune(&mut self, now: Instant, window: Duration) {
        while self.sent.front().is_some_and(|sent| *sent + window <= now) {
            self.sent.pop_front();
        }
    }

    fn decide(
        &mut self,
        ticket: u64,
        priority: Priority,
        now: Instant,
        config: &RateLimitConfig,
    ) -> Decision {
        self.prune(now, config.window);
        if let Some(until) = self.paused_until {
            if until > now {
                return Decision::WaitUntil(until);
            }
            self.paused_until = None;
        }
        let my_turn = match priority {
            Priority::Interactive => self.interactive.front() == Some(&ticket),
            Priority::Background => {
                self.interactive.is_empty() && self.background.front() == Some(&ticket)
            }
        };
        if !my_turn {
            return Decision::WaitTurn;
        }
        let capacity = match priority {
            Priority::Interactive => self.limit,
            Priority::Background => self.limit.saturating_sub(config.background_reserve).max(1),
        } as usize;
        if self.sent.len() < capacity {
            Decision::Go
        } else {
            // Enough entries must expire to bring the count below capacity.
            let index = self.sent.len() - capacity;
            Decision::WaitUntil(self.sent[index] + config.window)
        }
    }
}

struct Ticket<'a> {
    limiter: &'a RateLimiter,
    id: u64,
    priority: Priority,
    done: bool,
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        if !self.done {
            let id = self.id;
            self.limiter
                .lock()
                .queue(self.priority)
                .retain(|t| *t != id);
            self.limiter.inner.notify.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex as StdMutex;

    fn limiter(limit: u32, window_s: u64, reserve: u32) -> RateLimiter {
        RateLimiter::new(RateLimitConfig {
            initial_limit: limit,
            window: Duration::from_secs(window_s),
            background_reserve: reserve,
        })
    }

    /// Spawns `n` acquirers of one priority and records (label, when) as each gets its slot.
    fn spawn_all(
        lim: &RateLimiter,
        n: usize,
        priority: Priority,
        label: &'static str,
        log: &Arc<StdMutex<Vec<(&'static str, Duration)>>>,
        start: Instant,
    ) -> Vec<tokio::task::JoinHandle<()>> {
        (0..n)
            .map(|_| {
                let lim = lim.clone();
                let log = log.clone();
                tokio::spawn(async move {
                    lim.acquire(priority).await;
                    log.lock().unwrap().push((label, start.elapsed()));
                })
            })
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn never_more_than_limit_per_sliding_window() {
        let lim = limiter(5, 10, 0);
        let start = Instant::now();
        let log = Arc::new(StdMutex::new(Vec::new()));
        for h in spawn_all(&lim, 17, Priority::Background, "b", &log, start) {
            h.await.unwrap();
        }
        let times: Vec<Duration> = log.lock().unwrap().iter().map(|(_, t)| *t).collect();
        assert_eq!(times.len(), 17);
        for (i, t) in times.iter().enumerate() {
            let in_window = times
                .iter()
                .filter(|u| **u >= *t && **u < *t + Duration::from_secs(10))
                .count();
            assert!(
                in_window <= 5,
                "request {i} at {t:?} starts a window with {in_window}"
            );
        }
        // Full utilisation: 17 requests at 5 per 10 s finish in the fourth window.
        assert_eq!(*times.last().unwrap(), Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn interactive_goes_before_background() {
        let lim = limiter(2, 10, 0);
        lim.acquire(Priority::Background).await;
        lim.acquire(Priority::Background).await;
        let start = Instant::now();
        let log = Arc::new(StdMutex::new(Vec::new()));
        let mut handles = spawn_all(&lim, 4, Priority::Background, "bg", &log, start);
        tokio::task::yield_now().await;
        handles.extend(spawn_all(&lim, 2, Priority::Interactive, "ui", &log, start));
        for h in handles {
            h.await.unwrap();
        }
        let order: Vec<&str> = log.lock().unwrap().iter().map(|(l, _)| *l).collect();
        assert_eq!(order, ["ui", "ui", "bg", "bg", "bg", "bg"]);
    }

    #[tokio::test(start_paused = true)]
    async fn background_leaves_reserve_for_interactive() {
        let lim = limiter(3, 10, 1);
        lim.acquire(Priority::Background).await;
        lim.acquire(Priority::Background).await;
        let blocked =
            tokio::time::timeout(Duration::from_secs(1), lim.acquire(Priority::Background)).await;
        assert!(blocked.is_err(), "the third slot is reserved");
        let before = Instant::now();
        lim.acquire(Priority::Interactive).await;
        assert_eq!(before.elapsed(), Duration::ZERO);
        assert_eq!(lim.snapshot().used, 3);
        assert_eq!(
            lim.snapshot().waiters(),
            0,
            "the timed-out waiter left the line"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn pause_blocks_everyone_until_retry_after() {
        let lim = limiter(100, 60, 0);
        lim.acquire(Priority::Interactive).await;
        let waited = lim.pause(Some(Duration::from_secs(7)));
        assert_eq!(waited, Duration::from_secs(7));
        assert!(lim.snapshot().paused_until.is_some());
        assert_eq!(lim.snapshot().paused_for(), Some(Duration::from_secs(7)));
        let start = Instant::now();
        lim.acquire(Priority::Interactive).await;
        assert_eq!(start.elapsed(), Duration::from_secs(7));
        assert!(lim.snapshot().paused_until.is_none());
    }

    #[tokio::test(start_paused = true)]
    async fn pause_without_retry_after_waits_for_window_rollover() {
        let lim = limiter(10, 60, 0);
        lim.acquire(Priority::Interactive).await;
        tokio::time::advance(Duration::from_secs(20)).await;
        let waited = lim.pause(None);
        assert!(
            waited >= Duration::from_secs(40) && waited <= Duration::from_secs(46),
            "{waited:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn headers_adjust_limit_and_usage() {
        let lim = limiter(60, 60, 0);
        lim.observe(Some(3), None);
        assert_eq!(lim.snapshot().limit, 3);
        // The server counted two requests we did not make (another client on this token).
        lim.observe(None, Some(1));
        assert_eq!(lim.snapshot().used, 2);
        lim.acquire(Priority::Interactive).await;
        let start = Instant::now();
        lim.acquire(Priority::Interactive).await;
        assert_eq!(start.elapsed(), Duration::from_secs(60));
        // A higher limit wakes waiters at once.
        let lim2 = limiter(1, 60, 0);
        lim2.acquire(Priority::Interactive).await;
        let waiter = {
            let lim2 = lim2.clone();
            tokio::spawn(async move {
                let start = Instant::now();
                lim2.acquire(Priority::Interactive).await;
                start.elapsed()
            })
        };
        tokio::task::yield_now().await;
        lim2.observe(Some(5), Some(4));
        assert_eq!(waiter.await.unwrap(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn snapshot_counts_waiters() {
        let lim = limiter(1, 60, 0);
        lim.acquire(Priority::Interactive).await;
        let log = Arc::new(StdMutex::new(Vec::new()));
        let handles = spawn_all(&lim, 2, Priority::Background, "bg", &log, Instant::now());
        tokio::task::yield_now().await;
        let snap = lim.snapshot();
        assert_eq!(
            (snap.used, snap.background_waiters, snap.interactive_waiters),
            (1, 2, 0)
        );
        for h in handles {
            h.abort();
        }
    }
}

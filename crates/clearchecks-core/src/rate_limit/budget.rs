//! The bookkeeping behind [`RateLimiter`](super::RateLimiter): the sliding log of counted
//! requests, the requests in flight, the 429 pause, the two waiting lines, and the rule that
//! decides who may send now. Pure data and arithmetic on `Instant`s; no waiting happens here.

use std::collections::VecDeque;
use std::time::Duration;

use rand::Rng;
use tokio::time::Instant;

use super::{Priority, RateLimitConfig};

/// Shortest pause after a 429. `Retry-After` has whole-second resolution, so `0` (or a date
/// already past) means "the window ends within the second"; retrying at once would only earn
/// another 429 in the same millisecond.
pub(super) const MIN_PAUSE: Duration = Duration::from_secs(1);

/// What one waiter should do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Decision {
    Go,
    /// Wait until someone finishes a request, leaves a line or changes the limit.
    WaitTurn,
    /// Nothing can change before this instant (a wake-up may still come earlier).
    WaitUntil(Instant),
    /// An interactive caller would have to sit out a server-imposed pause longer than
    /// `max_interactive_pause`; it is told how long instead.
    PausedTooLong(Duration),
}

/// Whose request an entry of the log stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Interactive,
    Background,
    /// Requests the server counted that we did not send (another app on the same token),
    /// learned from `X-RateLimit-Remaining`. They are charged to the background share so the
    /// user's headroom survives someone else's traffic.
    Elsewhere,
}

impl From<Priority> for Origin {
    fn from(priority: Priority) -> Self {
        match priority {
            Priority::Interactive => Self::Interactive,
            Priority::Background => Self::Background,
        }
    }
}

/// Per-origin counters.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    interactive: u32,
    background: u32,
    elsewhere: u32,
}

impl Counts {
    fn slot(&mut self, origin: Origin) -> &mut u32 {
        match origin {
            Origin::Interactive => &mut self.interactive,
            Origin::Background => &mut self.background,
            Origin::Elsewhere => &mut self.elsewhere,
        }
    }

    fn total(&self) -> u32 {
        self.interactive + self.background + self.elsewhere
    }
}

pub(super) struct State {
    pub limit: u32,
    /// Finished requests with the time they finished, oldest first. A request is logged when
    /// its answer arrives, not when it leaves: the server counted it somewhere in between, so
    /// the finish time is the latest moment its count can have started. Keeping the log
    /// relative to that moment keeps us under the server's count however long a request
    /// travelled.
    log: VecDeque<(Instant, Origin)>,
    logged: Counts,
    /// Requests sent whose answer has not arrived; they count in every window until then.
    in_flight: Counts,
    pub paused_until: Option<Instant>,
    next_ticket: u64,
    pub interactive_line: VecDeque<u64>,
    pub background_line: VecDeque<u64>,
}

impl State {
    pub fn new(limit: u32) -> Self {
        Self {
            limit: limit.max(1),
            log: VecDeque::new(),
            logged: Counts::default(),
            in_flight: Counts::default(),
            paused_until: None,
            next_ticket: 0,
            interactive_line: VecDeque::new(),
            background_line: VecDeque::new(),
        }
    }

    /// Joins the end of `priority`'s line; returns the place's id.
    pub fn enqueue(&mut self, priority: Priority) -> u64 {
        let id = self.next_ticket;
        self.next_ticket += 1;
        self.line(priority).push_back(id);
        id
    }

    pub fn leave(&mut self, priority: Priority, id: u64) {
        self.line(priority).retain(|t| *t != id);
    }

    fn line(&mut self, priority: Priority) -> &mut VecDeque<u64> {
        match priority {
            Priority::Interactive => &mut self.interactive_line,
            Priority::Background => &mut self.background_line,
        }
    }

    /// Requests counted against the limit right now (after [`prune`](Self::prune)).
    pub fn used(&self) -> u32 {
        self.logged.total() + self.in_flight.total()
    }

    /// Requests counted against the background share right now.
    pub fn background_used(&self) -> u32 {
        self.logged.background + self.logged.elsewhere + self.in_flight.background
    }

    pub fn in_flight(&self) -> u32 {
        self.in_flight.total()
    }

    /// Slots per window background work may use: `background_share` of the limit, rounded
    /// down, but at least one so polling always progresses (with a limit of 1 the user may
    /// then wait up to one window).
    pub fn background_capacity(&self, share: f64) -> u32 {
        let share = if share.is_finite() {
            share.clamp(0.0, 1.0)
        } else {
            0.0
        };
        ((f64::from(self.limit) * share).floor() as u32).clamp(1, self.limit)
    }

    pub fn prune(&mut self, now: Instant, window: Duration) {
        while let Some(&(finished, origin)) = self.log.front() {
            if finished + window > now {
                break;
            }
            self.log.pop_front();
            *self.logged.slot(origin) -= 1;
        }
    }

    /// Whether the waiter `ticket` of `priority` may send now, and if not, until when to wait.
    pub fn decide(
        &mut self,
        ticket: u64,
        priority: Priority,
        now: Instant,
        config: &RateLimitConfig,
    ) -> Decision {
        self.prune(now, config.window);
        if let Some(until) = self.paused_until {
            if until > now {
                let left = until - now;
                if priority == Priority::Interactive && left > config.max_interactive_pause {
                    return Decision::PausedTooLong(left);
                }
                return Decision::WaitUntil(until);
            }
            self.paused_until = None;
        }
        let my_turn = match priority {
            Priority::Interactive => self.interactive_line.front() == Some(&ticket),
            // Background never overtakes a waiting click.
            Priority::Background => {
                self.interactive_line.is_empty() && self.background_line.front() == Some(&ticket)
            }
        };
        if !my_turn {
            return Decision::WaitTurn;
        }
        let mut waits = vec![self.wait_for_room(self.used(), self.limit, config.window, |_| true)];
        if priority == Priority::Background {
            let capacity = self.background_capacity(config.background_share);
            waits.push(self.wait_for_room(
                self.background_used(),
                capacity,
                config.window,
                |origin| origin != Origin::Interactive,
            ));
        }
        if waits.iter().all(|w| matches!(w, Room::Now)) {
            return Decision::Go;
        }
        // Wait for the latest known expiry; requests still in flight wake us when they land.
        waits
            .iter()
            .filter_map(|w| match w {
                Room::At(at) => Some(*at),
                Room::Now | Room::AfterAnswers => None,
            })
            .max()
            .map_or(Decision::WaitTurn, Decision::WaitUntil)
    }

    /// When `used` (of the log entries `counts`) drops below `capacity`.
    fn wait_for_room(
        &self,
        used: u32,
        capacity: u32,
        window: Duration,
        counts: impl Fn(Origin) -> bool,
    ) -> Room {
        if used < capacity {
            return Room::Now;
        }
        // This many counted entries must leave the window first (oldest first).
        let must_expire = (used - capacity) as usize;
        self.log
            .iter()
            .filter(|(_, origin)| counts(*origin))
            .nth(must_expire)
            .map_or(Room::AfterAnswers, |(finished, _)| {
                Room::At(*finished + window)
            })
    }

    /// The waiter at the front of `priority`'s line sends: it leaves the line and is in flight.
    pub fn start(&mut self, priority: Priority, ticket: u64) {
        self.leave(priority, ticket);
        *self.in_flight.slot(priority.into()) += 1;
    }

    /// The answer to a request of `priority` arrived (or the attempt ended): log it as of now.
    pub fn finish(&mut self, priority: Priority, now: Instant) {
        let origin = Origin::from(priority);
        let flying = self.in_flight.slot(origin);
        *flying = flying.saturating_sub(1);
        self.log.push_back((now, origin));
        *self.logged.slot(origin) += 1;
    }

    /// Learns from `X-RateLimit-Limit` / `X-RateLimit-Remaining`. Returns whether the limit
    /// changed (waiters should look again).
    pub fn observe(
        &mut self,
        limit: Option<u32>,
        remaining: Option<u32>,
        now: Instant,
        window: Duration,
    ) -> bool {
        self.prune(now, window);
        let mut changed = false;
        if let Some(limit) = limit.filter(|l| *l > 0) {
            if limit != self.limit {
                tracing::debug!(old = self.limit, new = limit, "rate limit changed");
                self.limit = limit;
                changed = true;
            }
        }
        if let Some(remaining) = remaining {
            // The server has counted more than we know of: someone else uses this token.
            let server_used = self.limit.saturating_sub(remaining).min(self.limit);
            for _ in self.used()..server_used {
                self.log.push_back((now, Origin::Elsewhere));
                self.logged.elsewhere += 1;
            }
        }
        changed
    }

    /// After a 429: nothing is sent until `retry_after` (at least [`MIN_PAUSE`]) has passed, or,
    /// without one, until our oldest counted request leaves the window, plus up to 10 % of a
    /// window of jitter so clients sharing a token do not all come back at the same instant.
    pub fn pause(
        &mut self,
        retry_after: Option<Duration>,
        now: Instant,
        window: Duration,
    ) -> Duration {
        self.prune(now, window);
        let wait = match retry_after {
            Some(wait) => wait.max(MIN_PAUSE),
            None => {
                let rollover = self
                    .log
                    .front()
                    .map(|(first, _)| (*first + window).saturating_duration_since(now));
                let base = rollover.filter(|d| !d.is_zero()).unwrap_or(window);
                let jitter_ms =
                    rand::thread_rng().gen_range(0..=(window.as_millis() as u64 / 10).max(1));
                base.max(MIN_PAUSE) + Duration::from_millis(jitter_ms)
            }
        };
        let until = now + wait;
        if self.paused_until.is_none_or(|current| current < until) {
            self.paused_until = Some(until);
        }
        // The server's window has rolled over when the pause ends (that is what Retry-After
        // measures), so it counts afresh; our log restarts too. Requests in flight still count.
        self.log.clear();
        self.logged = Counts::default();
        self.paused_until.map_or(wait, |until| until - now)
    }
}

/// When there is room for one more request under some cap.
enum Room {
    Now,
    At(Instant),
    /// Only after requests in flight finish (their slots have no expiry yet).
    AfterAnswers,
}

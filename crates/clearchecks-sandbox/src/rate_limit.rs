//! Fixed-window rate limiting per caller (an account, or the client IP for
//! unauthenticated calls), like Laravel's throttle middleware.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// What the limiter decided for one request, with the numbers for the headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Decision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Whole seconds until the window ends (at least 1).
    pub retry_after_secs: u64,
    /// The window end as a unix epoch (seconds).
    pub reset_epoch: u64,
}

struct Window {
    started: Instant,
    count: u32,
}

pub(crate) struct RateLimiter {
    limit: u32,
    window: Duration,
    windows: HashMap<String, Window>,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> Self {
        RateLimiter {
            limit,
            window,
            windows: HashMap::new(),
        }
    }

    /// Changes the limit and starts every caller on a fresh window.
    pub fn configure(&mut self, limit: u32, window: Duration) {
        self.limit = limit;
        self.window = window.max(Duration::from_millis(1));
        self.windows.clear();
    }

    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// Counts one request for `key` at `now`.
    pub fn hit(&mut self, key: &str, now: Instant) -> Decision {
        let window = self.window;
        // Forget windows that ended long ago so the map stays small.
        if self.windows.len() > 10_000 {
            self.windows
                .retain(|_, w| now.duration_since(w.started) < window);
        }
        let entry = self.windows.entry(key.to_owned()).or_insert(Window {
            started: now,
            count: 0,
        });
        if now.duration_since(entry.started) >= window {
            *entry = Window {
                started: now,
                count: 0,
            };
        }
        let allowed = entry.count < self.limit;
        if allowed {
            entry.count += 1;
        }
        let left = window.saturating_sub(now.duration_since(entry.started));
        let retry_after_secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        let epoch_now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Decision {
            allowed,
            limit: self.limit,
            remaining: self.limit.saturating_sub(entry.count),
            retry_after_secs: retry_after_secs.max(1),
            reset_epoch: (epoch_now + left).as_secs() + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_then_refuses_then_resets_after_the_window() {
        let mut limiter = RateLimiter::new(2, Duration::from_secs(10));
        let t0 = Instant::now();
        assert_eq!(limiter.hit("a", t0).remaining, 1);
        assert_eq!(limiter.hit("a", t0).remaining, 0);
        let refused = limiter.hit("a", t0 + Duration::from_millis(2500));
        assert!(!refused.allowed);
        assert_eq!(refused.retry_after_secs, 8);
        assert!(limiter.hit("b", t0).allowed, "callers are independent");
        assert!(limiter.hit("a", t0 + Duration::from_secs(10)).allowed);
    }

    #[test]
    fn configure_starts_fresh_windows() {
        let mut limiter = RateLimiter::new(1, Duration::from_secs(60));
        let t0 = Instant::now();
        limiter.hit("a", t0);
        assert!(!limiter.hit("a", t0).allowed);
        limiter.configure(5, Duration::from_secs(1));
        let d = limiter.hit("a", t0);
        assert!(d.allowed);
        assert_eq!((d.limit, d.remaining, d.retry_after_secs), (5, 4, 1));
    }
}

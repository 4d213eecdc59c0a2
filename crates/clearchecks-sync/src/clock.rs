//! Time as the sync sees it: tokio's clock mapped onto UTC, so the stamps it writes
//! (`last_listed_at`, `last_checked_at`) follow a paused clock in tests and the wall clock in
//! the app.

use chrono::{DateTime, Utc};
use tokio::time::Instant;

/// UTC now, advancing with `tokio::time` from the moment it was made.
#[derive(Debug, Clone, Copy)]
pub struct SyncClock {
    origin: Instant,
    origin_utc: DateTime<Utc>,
}

impl Default for SyncClock {
    fn default() -> Self {
        Self::new()
    }
}

impl SyncClock {
    pub fn new() -> Self {
        Self::starting_at(Utc::now())
    }

    /// A clock that reads `at` now (tests).
    pub fn starting_at(at: DateTime<Utc>) -> Self {
        Self {
            origin: Instant::now(),
            origin_utc: at,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        let elapsed = Instant::now().saturating_duration_since(self.origin);
        self.origin_utc + chrono::Duration::from_std(elapsed).unwrap_or(chrono::Duration::zero())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn follows_tokio_time() {
        let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let clock = SyncClock::starting_at(start);
        tokio::time::sleep(Duration::from_secs(90)).await;
        assert_eq!(clock.now(), start + chrono::Duration::seconds(90));
    }
}

//! Test builds only: `CLEARCHECKS_TEST_TIME_SCALE` shortens the waits that exist for a slow real
//! server — the client's connect and total timeouts, its backoff between retries of a read, and
//! the background poller's pause after a failed cycle — by one factor, so the e2e fault matrix
//! runs every cell in minutes instead of waiting out real-world timeouts. The user's poll
//! interval, the server's `Retry-After` and the rate limiter are left alone: a test of them
//! would no longer test what a user gets.
//!
//! Debug builds read the variable (the e2e suite drives the debug binary); release builds never
//! read it, so an installed app always has its real timings.

use std::sync::OnceLock;
use std::time::Duration;

use clearchecks_core::http::{
    ClientBuilder, RetryPolicy, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
};
use clearchecks_core::poller::PollerConfig;

pub const TIME_SCALE_ENV: &str = "CLEARCHECKS_TEST_TIME_SCALE";

/// The smallest factor accepted: below it a loopback request would time out by itself.
const MIN_SCALE: f64 = 0.05;

/// How much shorter than real the app's waits are (1 = real).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    scale: f64,
}

impl Default for Timing {
    fn default() -> Self {
        Timing { scale: 1.0 }
    }
}

impl Timing {
    /// The timing of this process: the variable's factor in a debug build, else real.
    pub fn current() -> Timing {
        static CURRENT: OnceLock<Timing> = OnceLock::new();
        *CURRENT.get_or_init(|| {
            let timing = Timing::from_setting(
                std::env::var(TIME_SCALE_ENV).ok().as_deref(),
                cfg!(debug_assertions),
            );
            if timing.scale < 1.0 {
                log::warn!(
                    "{TIME_SCALE_ENV}: timeouts and retry waits are {}× their real length (test build)",
                    timing.scale
                );
            }
            timing
        })
    }

    /// `value` is the variable's text; `allowed` is false in release builds, which ignore it.
    /// Anything that is not a number in `0.05..=1` means real timings.
    pub fn from_setting(value: Option<&str>, allowed: bool) -> Timing {
        let scale = value
            .filter(|_| allowed)
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| (MIN_SCALE..=1.0).contains(s))
            .unwrap_or(1.0);
        Timing { scale }
    }

    fn scaled(&self, real: Duration) -> Duration {
        real.mul_f64(self.scale)
    }

    pub fn connect_timeout(&self) -> Duration {
        self.scaled(DEFAULT_CONNECT_TIMEOUT)
    }

    pub fn timeout(&self) -> Duration {
        self.scaled(DEFAULT_TIMEOUT)
    }

    pub fn retry_policy(&self) -> RetryPolicy {
        let real = RetryPolicy::default();
        RetryPolicy {
            base_delay: self.scaled(real.base_delay),
            max_delay: self.scaled(real.max_delay),
            ..real
        }
    }

    /// A client with these timings (the real defaults when the scale is 1).
    pub fn client(&self, builder: ClientBuilder) -> ClientBuilder {
        builder
            .connect_timeout(self.connect_timeout())
            .timeout(self.timeout())
            .retry_policy(self.retry_policy())
    }

    /// The poller's pause after a failed cycle, scaled; its list interval stays the user's.
    pub fn poller(&self, config: PollerConfig) -> PollerConfig {
        PollerConfig {
            error_backoff: self.scaled(config.error_backoff),
            ..config
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_build_scales_every_wait_by_the_factor() {
        let timing = Timing::from_setting(Some(" 0.1 "), true);
        assert_eq!(timing.timeout(), Duration::from_secs(3));
        assert_eq!(timing.connect_timeout(), Duration::from_secs(1));
        let retry = timing.retry_policy();
        assert_eq!(retry.base_delay, Duration::from_millis(50));
        assert_eq!(retry.max_delay, Duration::from_millis(800));
        assert_eq!(retry.max_attempts, RetryPolicy::default().max_attempts);
        let poller = timing.poller(PollerConfig {
            list_interval: Duration::from_secs(30),
            ..PollerConfig::default()
        });
        assert_eq!(poller.error_backoff, Duration::from_secs(1));
        assert_eq!(
            poller.list_interval,
            Duration::from_secs(30),
            "the poll interval is the user's"
        );
    }

    #[test]
    fn release_builds_and_odd_values_keep_the_real_timings() {
        let real = Timing::default();
        assert_eq!(Timing::from_setting(Some("0.1"), false), real);
        for odd in [
            None,
            Some(""),
            Some("fast"),
            Some("0"),
            Some("0.01"),
            Some("2"),
            Some("-1"),
        ] {
            assert_eq!(Timing::from_setting(odd, true), real, "{odd:?}");
        }
        assert_eq!(real.timeout(), DEFAULT_TIMEOUT);
        assert_eq!(real.connect_timeout(), DEFAULT_CONNECT_TIMEOUT);
        assert_eq!(real.retry_policy(), RetryPolicy::default());
        let poller = real.poller(PollerConfig::default());
        assert_eq!(poller.error_backoff, PollerConfig::default().error_backoff);
    }
}

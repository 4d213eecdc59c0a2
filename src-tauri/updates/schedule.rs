//! When the app looks for updates by itself: once shortly after start-up (never on the way to the
//! first paint) and then once a day for as long as it runs.

use std::future::Future;
use std::time::Duration;

use tokio::time::{interval_at, Instant, MissedTickBehavior};

/// The first check waits this long after start-up.
pub const FIRST_CHECK_AFTER: Duration = Duration::from_secs(10);
/// Then the app checks again this often.
pub const CHECK_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Runs `check` after `first` and then every `every`, forever. A check that overruns delays the
/// next one instead of bunching checks up (e.g. after the computer slept through several days).
pub async fn run<F, Fut>(first: Duration, every: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    let mut ticks = interval_at(Instant::now() + first, every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        check().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    async fn checks_after(elapsed: Duration) -> usize {
        let count = Arc::new(AtomicUsize::new(0));
        let counted = count.clone();
        let task = tokio::spawn(run(FIRST_CHECK_AFTER, CHECK_EVERY, move || {
            counted.fetch_add(1, Ordering::SeqCst);
            async {}
        }));
        tokio::time::sleep(elapsed).await;
        // Let the task run what is due at exactly this instant.
        tokio::task::yield_now().await;
        task.abort();
        count.load(Ordering::SeqCst)
    }

    #[tokio::test(start_paused = true)]
    async fn nothing_is_checked_during_start_up() {
        assert_eq!(
            checks_after(FIRST_CHECK_AFTER - Duration::from_millis(1)).await,
            0
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_first_check_follows_start_up_after_a_short_delay() {
        assert_eq!(checks_after(FIRST_CHECK_AFTER).await, 1);
        assert!(FIRST_CHECK_AFTER <= Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn then_the_app_checks_once_a_day() {
        let just_before_day_two = FIRST_CHECK_AFTER + CHECK_EVERY - Duration::from_secs(1);
        assert_eq!(checks_after(just_before_day_two).await, 1);
        assert_eq!(checks_after(FIRST_CHECK_AFTER + CHECK_EVERY).await, 2);
        assert_eq!(checks_after(FIRST_CHECK_AFTER + 3 * CHECK_EVERY).await, 4);
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_check_delays_the_next_instead_of_bunching_them() {
        let count = Arc::new(AtomicUsize::new(0));
        let counted = count.clone();
        let task = tokio::spawn(run(FIRST_CHECK_AFTER, CHECK_EVERY, move || {
            counted.fetch_add(1, Ordering::SeqCst);
            // The first check hangs for three days (a suspended laptop, a stuck network).
            let slow = counted.load(Ordering::SeqCst) == 1;
            async move {
                if slow {
                    tokio::time::sleep(3 * CHECK_EVERY).await;
                }
            }
        }));
        tokio::time::sleep(FIRST_CHECK_AFTER + 3 * CHECK_EVERY + Duration::from_secs(1)).await;
        tokio::task::yield_now().await;
        // One check right after the slow one, not three to catch up.
        assert_eq!(count.load(Ordering::SeqCst), 2);
        task.abort();
    }
}

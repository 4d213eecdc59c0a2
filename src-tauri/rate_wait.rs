//! Reading a whole list while ClearChecks' rate limit pauses us, instead of failing half-way.
//!
//! The core fails an interactive request at once when the server asks for a pause longer than
//! the limiter's interactive threshold (20 s: a click should not hang), and waits shorter pauses
//! out silently. A list load is worth waiting for, and the user should see why it is slow: both
//! kinds of pause are reported through `on_wait` (`Some(how long)` when a wait starts, `None`
//! when reading resumes), and a long pause is waited out here, up to [`MAX_LIST_WAIT`] in total
//! per list. While an account syncs, [`watch_limiter`] reports the pauses its background requests
//! wait out too. Nothing here is used for the order POST, which is never resent.

use std::time::Duration;

use clearchecks_core::pagination::{Collector, ListEntry, Listing, Pages};
use clearchecks_core::{ApiError, RateLimiter};

/// The longest one list load waits for ClearChecks' rate limit, in total. A longer pause fails
/// the first page (`RateLimited`, "try again in N s"), or ends the list as incomplete with what
/// was read.
pub const MAX_LIST_WAIT: Duration = Duration::from_secs(15 * 60);

/// How often a running request looks whether the limiter was paused meanwhile.
const WATCH_EVERY: Duration = Duration::from_millis(250);
/// Shorter pauses are not worth telling anyone about.
const SHOW_PAUSES_FROM: Duration = Duration::from_secs(2);

/// Every page of `pages`, waiting out rate limits within `budget`. An error on the first page
/// is returned; a later one ends the list as incomplete with the entries read before it.
pub async fn read_all<T: ListEntry>(
    pages: Pages<T>,
    limiter: &RateLimiter,
    budget: Duration,
    on_wait: impl FnMut(Option<Duration>) + Send,
) -> Result<Listing<T>, ApiError> {
    read_all_pages(pages, limiter, budget, on_wait, |_, _| {}).await
}

/// [`read_all`], handing each page to `on_page` as it arrives, with the paginator's latest
/// `total` (the orders screen shows the rows page by page, with "3,400 of 10,000").
pub async fn read_all_pages<T: ListEntry>(
    mut pages: Pages<T>,
    limiter: &RateLimiter,
    mut budget: Duration,
    mut on_wait: impl FnMut(Option<Duration>) + Send,
    mut on_page: impl FnMut(&[T], Option<u64>) + Send,
) -> Result<Listing<T>, ApiError> {
    let mut collector = Collector::new();
    loop {
        let (result, shown) = watch_pauses(pages.next_page(), limiter, &mut on_wait).await;
        match result {
            Ok(Some(page)) => {
                on_page(&page.items, pages.total());
                collector.add(page)
            }
            Ok(None) => break,
            Err(ApiError::RateLimited { retry_after }) if whole_seconds(retry_after) <= budget => {
                let wait = whole_seconds(retry_after);
                budget -= wait;
                log::info!(
                    "ClearChecks asked us to wait {} s; the list resumes after it",
                    wait.as_secs()
                );
                on_wait(Some(wait));
                tokio::time::sleep(wait).await;
                on_wait(None);
                continue;
            }
            Err(error) if pages.pages_read() == 0 => {
                if shown {
                    on_wait(None);
                }
                return Err(error);
            }
            Err(error) => {
                pages.interrupt(&error);
                if shown {
                    on_wait(None);
                }
                break;
            }
        }
        if shown {
            on_wait(None);
        }
    }
    Ok(collector.finish(&pages))
}

/// Runs `request`, reporting a limiter pause that starts while it waits (the core waits short
/// pauses out inside the request). Returns its result and whether a wait was reported.
async fn watch_pauses<F: std::future::Future>(
    request: F,
    limiter: &RateLimiter,
    on_wait: &mut (impl FnMut(Option<Duration>) + Send),
) -> (F::Output, bool) {
    tokio::pin!(request);
    let mut shown = false;
    let mut tick = tokio::time::interval(WATCH_EVERY);
    loop {
        tokio::select! {
            result = &mut request => return (result, shown),
            _ = tick.tick(), if !shown => {
                if let Some(paused) = limiter.snapshot().paused_for() {
                    if paused >= SHOW_PAUSES_FROM {
                        on_wait(Some(paused));
                        shown = true;
                    }
                }
            }
        }
    }
}

/// Turns the limiter's pause, looked at now and then, into "a wait started" / "reading resumed"
/// (for the background sync, whose requests wait pauses out inside the core without a word).
#[derive(Debug, Default)]
pub struct PauseWatch {
    shown: bool,
}

impl PauseWatch {
    /// `paused_for`: the limiter's remaining pause now. Returns what to tell the UI, if anything:
    /// `Some(Some(wait))` when a pause worth showing began, `Some(None)` when it ended.
    pub fn observe(&mut self, paused_for: Option<Duration>) -> Option<Option<Duration>> {
        let pausing = paused_for.filter(|p| *p >= SHOW_PAUSES_FROM);
        match (self.shown, pausing) {
            (false, Some(wait)) => {
                self.shown = true;
                Some(Some(wait))
            }
            (true, None) if paused_for.is_none() => {
                self.shown = false;
                Some(None)
            }
            _ => None,
        }
    }
}

/// Reports every pause of `limiter` through `on_wait` until the task is aborted.
pub async fn watch_limiter(limiter: RateLimiter, mut on_wait: impl FnMut(Option<Duration>) + Send) {
    let mut watch = PauseWatch::default();
    let mut tick = tokio::time::interval(WATCH_EVERY);
    loop {
        tick.tick().await;
        if let Some(change) = watch.observe(limiter.snapshot().paused_for()) {
            on_wait(change);
        }
    }
}

/// Whole seconds, rounded up, at least one (as the UI counts them).
fn whole_seconds(wait: Duration) -> Duration {
    Duration::from_secs((wait.as_secs_f64().ceil() as u64).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clearchecks_core::pagination::Gap;
    use clearchecks_core::{ApiToken, ClearChecksClient, Environment, RateLimitConfig};
    use clearchecks_sandbox::{Fault, Sandbox, SandboxConfig};
    use std::sync::{Arc, Mutex};
    use std::time::Instant;

    const TOKEN: &str = "rate-wait-test-token-51d2";

    async fn sandbox() -> Sandbox {
        Sandbox::start(
            SandboxConfig::empty()
                .account(TOKEN, "Waiting Co", 7)
                .per_page(3),
        )
        .await
        .expect("the simulator starts")
    }

    /// A client whose clicks give up on pauses longer than `max_interactive_pause`.
    fn client(sandbox: &Sandbox, max_interactive_pause: Duration) -> ClearChecksClient {
        let env = Environment::custom(&sandbox.api_base()).expect("loopback is allowed");
        let limiter = RateLimiter::new(RateLimitConfig {
            max_interactive_pause,
            ..RateLimitConfig::default()
        });
        ClearChecksClient::builder(env, ApiToken::new(TOKEN).unwrap(), "0.0.0-test")
            .rate_limiter(limiter)
            .timeout(Duration::from_secs(10))
            .build()
            .expect("the client builds")
    }

    type Waits = Arc<Mutex<Vec<Option<u64>>>>;

    fn recorder() -> (Waits, impl FnMut(Option<Duration>) + Send) {
        let waits: Waits = Arc::default();
        let sink = waits.clone();
        (waits, move |wait: Option<Duration>| {
            sink.lock()
                .unwrap()
                .push(wait.map(|w| w.as_secs_f64().round() as u64));
        })
    }

    #[test]
    fn a_pause_is_shown_once_when_it_starts_and_cleared_when_it_ends() {
        let mut watch = PauseWatch::default();
        assert_eq!(watch.observe(None), None, "nothing to say");
        assert_eq!(
            watch.observe(Some(Duration::from_millis(500))),
            None,
            "too short to show"
        );
        assert_eq!(
            watch.observe(Some(Duration::from_secs(45))),
            Some(Some(Duration::from_secs(45)))
        );
        assert_eq!(watch.observe(Some(Duration::from_secs(44))), None, "once");
        assert_eq!(
            watch.observe(Some(Duration::from_millis(300))),
            None,
            "still paused, almost over"
        );
        assert_eq!(watch.observe(None), Some(None), "resumed");
        assert_eq!(watch.observe(None), None);
    }

    #[tokio::test]
    async fn a_background_request_waiting_out_a_pause_is_shown() {
        let sandbox = sandbox().await;
        sandbox.control().set_fault_times(
            "reports.all",
            Fault::RateLimitStorm {
                retry_after_secs: 3,
            },
            1,
        );
        let client = client(&sandbox, Duration::from_secs(20));
        let (waits, on_wait) = recorder();
        let watcher = tokio::spawn(watch_limiter(client.rate_limiter().clone(), on_wait));
        let listing = client.background().list_all_reports().await.expect("read");
        assert!(listing.is_complete());
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        watcher.abort();
        let waits = waits.lock().unwrap().clone();
        assert_eq!(waits.len(), 2, "{waits:?}");
        assert!(matches!(waits[0], Some(2..=3)), "{waits:?}");
        assert_eq!(waits[1], None);
        sandbox.shutdown().await;
    }

    #[tokio::test]
    async fn a_long_pause_on_page_two_is_waited_out_and_the_list_is_whole() {
        let sandbox = sandbox().await;
        sandbox.control().set_fault_after(
            "reports.all",
            1,
            Fault::RateLimitStorm {
                retry_after_secs: 2,
            },
            1,
        );
        let client = client(&sandbox, Duration::from_millis(500));
        let (waits, on_wait) = recorder();
        let started = Instant::now();
        let listing = read_all(
            client.report_pages(),
            client.rate_limiter(),
            MAX_LIST_WAIT,
            on_wait,
        )
        .await
        .expect("the list is read");
        assert!(listing.is_complete(), "{}", listing.completeness);
        assert_eq!(listing.items.len(), 7);
        assert!(started.elapsed() >= Duration::from_secs(2));
        assert_eq!(*waits.lock().unwrap(), [Some(2), None]);
        sandbox.shutdown().await;
    }

    #[tokio::test]
    async fn a_short_pause_the_core_waits_out_is_shown_too() {
        let sandbox = sandbox().await;
        sandbox.control().set_fault_after(
            "reports.all",
            1,
            Fault::RateLimitStorm {
                retry_after_secs: 3,
            },
            1,
        );
        let client = client(&sandbox, Duration::from_secs(20));
        let (waits, on_wait) = recorder();
        let listing = read_all(
            client.report_pages(),
            client.rate_limiter(),
            MAX_LIST_WAIT,
            on_wait,
        )
        .await
        .expect("the list is read");
        assert!(listing.is_complete());
        let waits = waits.lock().unwrap().clone();
        assert_eq!(waits.len(), 2, "{waits:?}");
        assert!(matches!(waits[0], Some(2..=3)), "{waits:?}");
        assert_eq!(waits[1], None);
        sandbox.shutdown().await;
    }

    #[tokio::test]
    async fn past_the_budget_the_list_ends_incomplete_or_the_first_page_fails() {
        let sandbox = sandbox().await;
        let control = sandbox.control();
        let storm = Fault::RateLimitStorm {
            retry_after_secs: 30,
        };
        control.set_fault_after("reports.all", 1, storm.clone(), 1);
        let client = client(&sandbox, Duration::from_millis(500));
        let (waits, on_wait) = recorder();
        let listing = read_all(
            client.report_pages(),
            client.rate_limiter(),
            Duration::from_secs(5),
            on_wait,
        )
        .await
        .expect("page 1 was read");
        assert_eq!(listing.items.len(), 3, "what was read is kept");
        assert!(matches!(
            listing.completeness.gaps[..],
            [Gap::Interrupted { page: 2, .. }]
        ));
        assert!(waits.lock().unwrap().is_empty(), "nothing was waited for");
        sandbox.shutdown().await;

        let sandbox = self::sandbox().await;
        sandbox.control().set_fault_times("reports.all", storm, 1);
        let client = self::client(&sandbox, Duration::from_millis(500));
        let error = read_all(
            client.report_pages(),
            client.rate_limiter(),
            Duration::from_secs(5),
            |_| {},
        )
        .await
        .expect_err("the first page is refused");
        assert!(matches!(error, ApiError::RateLimited { .. }), "{error:?}");
        sandbox.shutdown().await;
    }
}

//! Limiter tests in paused time: budget, priorities, the background share, pauses.

use std::sync::Mutex as StdMutex;

use super::*;

fn limiter(limit: u32, window_s: u64, background_share: f64) -> RateLimiter {
    RateLimiter::new(RateLimitConfig {
        initial_limit: limit,
        window: Duration::from_secs(window_s),
        background_share,
        ..RateLimitConfig::default()
    })
}

/// Takes a slot and answers at once (a request with no latency).
async fn send(lim: &RateLimiter, priority: Priority) {
    drop(lim.acquire(priority).await.expect("not refused"));
}

type Log = Arc<StdMutex<Vec<(&'static str, Duration)>>>;

/// Spawns `n` senders of one priority and records (label, when) as each gets its slot.
fn spawn_all(
    lim: &RateLimiter,
    n: usize,
    priority: Priority,
    label: &'static str,
    log: &Log,
    start: Instant,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..n)
        .map(|_| {
            let lim = lim.clone();
            let log = log.clone();
            tokio::spawn(async move {
                send(&lim, priority).await;
                log.lock().unwrap().push((label, start.elapsed()));
            })
        })
        .collect()
}

/// One request as seen from outside: sent at `start`, answered at `end`.
#[derive(Debug, Clone, Copy)]
struct Span {
    priority: Priority,
    start: Duration,
    end: Duration,
}

/// The most requests (of `priority`, or all) the server could count in one window of length
/// `window`, wherever its boundaries fall and wherever between send and answer each request
/// reached it: the most spans that all meet some `[t, t + window)`. The maximum is reached
/// with `t` at some span's end.
fn worst_window(spans: &[Span], window: Duration, only: Option<Priority>) -> usize {
    let chosen: Vec<&Span> = spans
        .iter()
        .filter(|s| only.is_none_or(|p| s.priority == p))
        .collect();
    chosen
        .iter()
        .map(|anchor| {
            let t = anchor.end;
            chosen
                .iter()
                .filter(|s| s.end >= t && s.start < t + window)
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test(start_paused = true)]
async fn never_more_than_limit_per_sliding_window() {
    let lim = limiter(5, 10, 1.0);
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
    let lim = limiter(2, 10, 1.0);
    send(&lim, Priority::Background).await;
    send(&lim, Priority::Background).await;
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
async fn interactive_is_granted_at_once_while_background_saturates_its_share() {
    let lim = limiter(60, 60, 0.5);
    let start = Instant::now();
    let log = Arc::new(StdMutex::new(Vec::new()));
    // A poller's worth of backlog: far more than one window can take.
    let background = spawn_all(&lim, 200, Priority::Background, "bg", &log, start);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let snap = lim.snapshot();
    assert_eq!(snap.background_capacity, 30);
    assert_eq!(snap.background_used, 30, "background filled its share");
    assert_eq!(snap.used, 30);
    assert_eq!(snap.background_waiters, 170);
    // Every one of the user's 30 slots is there at once, one click after another.
    for click in 0..30 {
        let before = Instant::now();
        send(&lim, Priority::Interactive).await;
        assert_eq!(before.elapsed(), Duration::ZERO, "click {click} waited");
    }
    assert_eq!(lim.snapshot().used, 60);
    // The 31st click in the same minute waits for the oldest request to leave the window.
    let before = Instant::now();
    send(&lim, Priority::Interactive).await;
    assert_eq!(before.elapsed(), Duration::from_secs(59));
    for h in background {
        h.abort();
    }
}

#[tokio::test(start_paused = true)]
async fn interactive_may_use_the_whole_window_when_background_is_idle() {
    let lim = limiter(60, 60, 0.5);
    let before = Instant::now();
    for _ in 0..60 {
        send(&lim, Priority::Interactive).await;
    }
    assert_eq!(before.elapsed(), Duration::ZERO);
    // Background now finds no room at all, although none of its share is used.
    let blocked =
        tokio::time::timeout(Duration::from_secs(30), lim.acquire(Priority::Background)).await;
    assert!(blocked.is_err(), "the limit is shared");
    assert_eq!(
        lim.snapshot().waiters(),
        0,
        "the timed-out waiter left the line"
    );
}

/// A mixed load with network latency over several windows: background never above its share,
/// everything together never above the limit, however the server places its windows.
#[tokio::test(start_paused = true)]
async fn share_and_limit_hold_in_every_window_under_latency() {
    let window = Duration::from_secs(10);
    let lim = limiter(12, 10, 0.5);
    let spans = Arc::new(StdMutex::new(Vec::new()));
    let origin = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..140u64 {
        let priority = if i % 3 == 0 {
            Priority::Interactive
        } else {
            Priority::Background
        };
        let lim = lim.clone();
        let spans = spans.clone();
        tasks.push(tokio::spawn(async move {
            // Arrivals spread over 35 s; latencies from 10 ms to 1.9 s.
            tokio::time::sleep(Duration::from_millis(i * 250)).await;
            let permit = lim.acquire(priority).await.unwrap();
            let start = origin.elapsed();
            tokio::time::sleep(Duration::from_millis(10 + (i * 137) % 1900)).await;
            drop(permit);
            let end = origin.elapsed();
            spans.lock().unwrap().push(Span {
                priority,
                start,
                end,
            });
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let spans = spans.lock().unwrap().clone();
    assert_eq!(spans.len(), 140);
    // Bounds hold, and are reached: the limiter does not leave the budget idle either.
    assert_eq!(worst_window(&spans, window, None), 12);
    assert_eq!(worst_window(&spans, window, Some(Priority::Background)), 6);
}

#[tokio::test(start_paused = true)]
async fn a_request_counts_until_answered_then_for_a_window() {
    let lim = limiter(1, 10, 1.0);
    let slow = lim.acquire(Priority::Interactive).await.unwrap();
    tokio::time::advance(Duration::from_secs(15)).await;
    assert_eq!(lim.snapshot().in_flight, 1);
    let next = {
        let lim = lim.clone();
        tokio::spawn(async move {
            let asked = Instant::now();
            send(&lim, Priority::Interactive).await;
            asked.elapsed()
        })
    };
    tokio::time::sleep(Duration::from_secs(5)).await;
    // Answered at 20 s: the server may have counted it as late as that.
    drop(slow);
    assert_eq!(next.await.unwrap(), Duration::from_secs(15));
}

#[tokio::test(start_paused = true)]
async fn requests_counted_elsewhere_are_charged_to_the_background_share() {
    let lim = limiter(10, 60, 0.5);
    // The server has counted 4 requests we did not send.
    lim.observe(None, Some(6));
    let snap = lim.snapshot();
    assert_eq!((snap.used, snap.background_used), (4, 4));
    send(&lim, Priority::Background).await;
    let blocked =
        tokio::time::timeout(Duration::from_secs(1), lim.acquire(Priority::Background)).await;
    assert!(blocked.is_err(), "4 elsewhere + 1 ours fill the share of 5");
    for _ in 0..5 {
        let before = Instant::now();
        send(&lim, Priority::Interactive).await;
        assert_eq!(before.elapsed(), Duration::ZERO);
    }
}

#[tokio::test(start_paused = true)]
async fn pause_blocks_everyone_until_retry_after() {
    let lim = limiter(100, 60, 0.5);
    send(&lim, Priority::Interactive).await;
    let waited = lim.pause(Some(Duration::from_secs(7)));
    assert_eq!(waited, Duration::from_secs(7));
    assert_eq!(lim.snapshot().paused_for(), Some(Duration::from_secs(7)));
    let start = Instant::now();
    let background = {
        let lim = lim.clone();
        tokio::spawn(async move {
            send(&lim, Priority::Background).await;
            start.elapsed()
        })
    };
    send(&lim, Priority::Interactive).await;
    assert_eq!(start.elapsed(), Duration::from_secs(7));
    assert_eq!(background.await.unwrap(), Duration::from_secs(7));
    assert!(lim.snapshot().paused_until.is_none());
}

#[tokio::test(start_paused = true)]
async fn retry_after_zero_still_pauses_a_second() {
    let lim = limiter(100, 60, 0.5);
    assert_eq!(lim.pause(Some(Duration::ZERO)), Duration::from_secs(1));
    let start = Instant::now();
    send(&lim, Priority::Background).await;
    assert_eq!(start.elapsed(), Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn a_shorter_pause_does_not_cut_a_longer_one() {
    let lim = limiter(100, 60, 0.5);
    lim.pause(Some(Duration::from_secs(10)));
    assert_eq!(
        lim.pause(Some(Duration::from_secs(2))),
        Duration::from_secs(10)
    );
}

#[tokio::test(start_paused = true)]
async fn pause_without_retry_after_waits_for_window_rollover() {
    let lim = limiter(10, 60, 0.5);
    send(&lim, Priority::Interactive).await;
    tokio::time::advance(Duration::from_secs(20)).await;
    let waited = lim.pause(None);
    assert!(
        waited >= Duration::from_secs(40) && waited <= Duration::from_secs(46),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn interactive_is_refused_a_long_pause_and_waits_a_short_one() {
    let lim = limiter(60, 60, 0.5);
    lim.pause(Some(Duration::from_secs(45)));
    match lim.acquire(Priority::Interactive).await {
        Err(Paused { retry_after }) => assert_eq!(retry_after, Duration::from_secs(45)),
        Ok(_) => panic!("a 45 s pause is longer than the 20 s bound"),
    }
    assert_eq!(
        lim.snapshot().waiters(),
        0,
        "the refused caller left the line"
    );
    // Background waits it out.
    let start = Instant::now();
    send(&lim, Priority::Background).await;
    assert_eq!(start.elapsed(), Duration::from_secs(45));
    // A pause within the bound is simply waited out.
    lim.pause(Some(Duration::from_secs(20)));
    let start = Instant::now();
    send(&lim, Priority::Interactive).await;
    assert_eq!(start.elapsed(), Duration::from_secs(20));
}

#[tokio::test(start_paused = true)]
async fn a_waiting_click_is_refused_when_a_long_pause_arrives() {
    let lim = limiter(1, 60, 0.5);
    send(&lim, Priority::Interactive).await;
    let waiter = {
        let lim = lim.clone();
        tokio::spawn(async move {
            let asked = Instant::now();
            let result = lim.acquire(Priority::Interactive).await.map(drop);
            (result, asked.elapsed())
        })
    };
    tokio::time::sleep(Duration::from_secs(3)).await;
    lim.pause(Some(Duration::from_secs(30)));
    let (result, waited) = waiter.await.unwrap();
    assert_eq!(
        result,
        Err(Paused {
            retry_after: Duration::from_secs(30)
        })
    );
    assert_eq!(waited, Duration::from_secs(3));
}

#[tokio::test(start_paused = true)]
async fn headers_adjust_limit_and_usage() {
    let lim = limiter(60, 60, 1.0);
    lim.observe(Some(3), None);
    assert_eq!(lim.snapshot().limit, 3);
    // The server counted two requests we did not make (another client on this token).
    lim.observe(None, Some(1));
    assert_eq!(lim.snapshot().used, 2);
    send(&lim, Priority::Interactive).await;
    let start = Instant::now();
    send(&lim, Priority::Interactive).await;
    assert_eq!(start.elapsed(), Duration::from_secs(60));
    // A higher limit wakes waiters at once.
    let lim2 = limiter(1, 60, 1.0);
    send(&lim2, Priority::Interactive).await;
    let waiter = {
        let lim2 = lim2.clone();
        tokio::spawn(async move {
            let start = Instant::now();
            send(&lim2, Priority::Interactive).await;
            start.elapsed()
        })
    };
    tokio::task::yield_now().await;
    lim2.observe(Some(5), Some(4));
    assert_eq!(waiter.await.unwrap(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn snapshot_counts_waiters() {
    let lim = limiter(1, 60, 1.0);
    send(&lim, Priority::Interactive).await;
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

#[test]
fn background_capacity_rounds_down_but_keeps_one_slot() {
    let cap = |limit: u32, share: f64| State::new(limit).background_capacity(share);
    assert_eq!(cap(60, 0.5), 30);
    assert_eq!(cap(61, 0.5), 30);
    assert_eq!(cap(60, 1.0), 60);
    assert_eq!(cap(60, 2.0), 60);
    assert_eq!(cap(60, 0.0), 1);
    assert_eq!(cap(1, 0.5), 1);
    assert_eq!(cap(60, f64::NAN), 1);
}

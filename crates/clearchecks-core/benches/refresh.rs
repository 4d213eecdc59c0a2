//! A full refresh (every page of `/reports/all`, then the status of every open order) of
//! N = 1,000 orders through the poller and the real client, against the in-process simulator
//! limited to 60 requests per 2 s. The poller works in cycles of at most
//! `max_status_checks_per_cycle` checks; the refresh is done when every open order has been
//! checked once.
//!
//! Besides the criterion timing, one instrumented run, with a simulated user clicking "Open
//! report" (an interactive `GET /report/{key}/widget-token`) every 0.5 s during the refresh,
//! prints from the simulator's request log: requests issued (goal ⌈N/page⌉ + K + clicks),
//! 429 responses (goal 0), the background share's utilisation while the backlog exists (goal
//! ≥ 95 %: mean, over every complete 2 s window from the first request to the last background
//! one, of background requests in the window divided by the share, 30), the same over the
//! whole limit, and the clicks' latency (goal: well under the 0.5 s between clicks, i.e. never
//! queued behind the backlog).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use clearchecks_core::poller::{self, PollerConfig, PollerEvent};
use clearchecks_core::{ApiToken, ClearChecksClient, Environment, RateLimitConfig, RateLimiter};
use clearchecks_sandbox::{RecordedRequest, Sandbox, SandboxConfig};
use criterion::{criterion_group, criterion_main, Criterion};

const TOKEN: &str = "bench-token-refresh";
const ORDERS: usize = 1_000;
const PER_PAGE: usize = 100;
const LIMIT: u32 = 60;
const WINDOW: Duration = Duration::from_secs(2);
const CLICK_EVERY: Duration = Duration::from_millis(500);

struct Run {
    elapsed: Duration,
    requests: Vec<RecordedRequest>,
    open: usize,
    background_capacity: u32,
    click_latencies: Vec<Duration>,
}

async fn refresh_once(with_clicks: bool) -> Run {
    let config = SandboxConfig::empty()
        .account(TOKEN, "Bench Co", ORDERS)
        .per_page(PER_PAGE)
        .rate_limit(LIMIT, WINDOW);
    let sandbox = Sandbox::start(config).await.unwrap();
    let control = sandbox.control();
    let orders = control.orders_of(TOKEN);
    let open = orders
        .iter()
        .filter(|o| !matches!(o.status.letter(), "C" | "X"))
        .count();
    let limiter = RateLimiter::new(RateLimitConfig {
        initial_limit: LIMIT,
        window: WINDOW,
        ..RateLimitConfig::default()
    });
    let background_capacity = limiter.snapshot().background_capacity;
    let env = Environment::custom(&sandbox.api_base()).unwrap();
    let client = ClearChecksClient::builder(env, ApiToken::new(TOKEN).unwrap(), "bench")
        .rate_limiter(limiter)
        .build()
        .unwrap();
    let started = Instant::now();
    let (handle, mut events) = poller::spawn(client.clone(), PollerConfig::default(), Vec::new());
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let clicks = with_clicks.then(|| {
        let latencies = latencies.clone();
        let key = orders[0].report_key.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(CLICK_EVERY);
            loop {
                tick.tick().await;
                let asked = Instant::now();
                client.report_widget_token(&key).await.unwrap();
                latencies.lock().unwrap().push(asked.elapsed());
            }
        })
    });
    // Done when every open order has been checked once.
    loop {
        if let PollerEvent::SyncFinished { error, .. } = events.recv().await.unwrap() {
            assert!(error.is_none(), "{error:?}");
            let rows = handle.rows();
            let checked = rows
                .iter()
                .filter(|r| !r.state.is_final())
                .all(|r| r.last_checked_at.is_some());
            if rows.len() == ORDERS && checked {
                break;
            }
        }
    }
    let elapsed = started.elapsed();
    if let Some(clicks) = clicks {
        clicks.abort();
    }
    handle.stop().await;
    let requests = control.requests();
    sandbox.shutdown().await;
    let click_latencies = latencies.lock().unwrap().clone();
    Run {
        elapsed,
        requests,
        open,
        background_capacity,
        click_latencies,
    }
}

fn is_background(request: &RecordedRequest) -> bool {
    matches!(request.route.as_str(), "reports.all" | "reports.status")
}

/// Mean fill of every complete window from the first request to the last background one (a
/// backlog exists throughout, since the whole refresh is due at once): `(background requests /
/// background capacity, all requests / limit, windows)`.
fn utilisation(requests: &[RecordedRequest], background_capacity: u32) -> (f64, f64, usize) {
    let first = requests.iter().map(|r| r.at).min();
    let last = requests
        .iter()
        .filter(|r| is_background(r))
        .map(|r| r.at)
        .max();
    let (Some(first), Some(last)) = (first, last) else {
        return (0.0, 0.0, 0);
    };
    let window = chrono::Duration::from_std(WINDOW).unwrap();
    let full_windows = ((last - first).num_milliseconds() / window.num_milliseconds()) as usize;
    if full_windows == 0 {
        return (1.0, 1.0, 0);
    }
    let in_window = |w: usize, background_only: bool| {
        let start: DateTime<Utc> = first + window * w as i32;
        let end = start + window;
        requests
            .iter()
            .filter(|r| r.at >= start && r.at < end && (!background_only || is_background(r)))
            .count() as f64
    };
    let mean =
        |f: &dyn Fn(usize) -> f64| (0..full_windows).map(f).sum::<f64>() / full_windows as f64;
    (
        mean(&|w| in_window(w, true) / f64::from(background_capacity)),
        mean(&|w| in_window(w, false) / f64::from(LIMIT)),
        full_windows,
    )
}

fn refresh(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let run = runtime.block_on(refresh_once(true));
    let pages = ORDERS.div_ceil(PER_PAGE);
    let rate_limited = run.requests.iter().filter(|r| r.status == 429).count();
    let (share_fill, limit_fill, windows) = utilisation(&run.requests, run.background_capacity);
    let mut clicks = run.click_latencies.clone();
    clicks.sort();
    let median = clicks.get(clicks.len() / 2).copied().unwrap_or_default();
    let max = clicks.last().copied().unwrap_or_default();
    println!(
        "refresh N={ORDERS} page={PER_PAGE} K={} limit={LIMIT}/{}s background share={}: \
         requests={} (goal {} + {} clicks), 429s={rate_limited}, \
         background utilisation={:.1}% of its share ({:.1}% of the limit overall) over {windows} full windows, \
         clicks={} median={:.1}ms max={:.1}ms, elapsed={:.2}s",
        run.open,
        WINDOW.as_secs(),
        run.background_capacity,
        run.requests.len(),
        pages + run.open,
        clicks.len(),
        share_fill * 100.0,
        limit_fill * 100.0,
        clicks.len(),
        median.as_secs_f64() * 1000.0,
        max.as_secs_f64() * 1000.0,
        run.elapsed.as_secs_f64()
    );
    let mut group = c.benchmark_group("full_refresh_1000");
    group.sample_size(10);
    group.bench_function("poller_until_every_open_order_checked", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                total += runtime.block_on(refresh_once(false)).elapsed;
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, refresh);
criterion_main!(benches);

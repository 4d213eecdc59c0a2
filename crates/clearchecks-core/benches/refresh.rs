//! A full refresh (every page of `/reports/all`, then the status of every open order) of
//! N = 1,000 orders through the poller and the real client, against the in-process simulator
//! limited to 60 requests per 2 s.
//!
//! Besides the criterion timing, one instrumented run prints: requests issued (goal
//! ⌈N/page⌉ + K), 429 responses (goal 0) and limit utilisation while a backlog exists (goal
//! ≥ 95 %): the mean, over every complete 2 s window from the first request, of requests in the
//! window divided by the limit, taken from the simulator's request log.

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

struct Run {
    elapsed: Duration,
    requests: Vec<RecordedRequest>,
    open: usize,
}

async fn refresh_once() -> Run {
    let config = SandboxConfig::empty()
        .account(TOKEN, "Bench Co", ORDERS)
        .per_page(PER_PAGE)
        .rate_limit(LIMIT, WINDOW);
    let sandbox = Sandbox::start(config).await.unwrap();
    let control = sandbox.control();
    let open = control
        .orders_of(TOKEN)
        .iter()
        .filter(|o| !matches!(o.status.letter(), "C" | "X"))
        .count();
    let limiter = RateLimiter::new(RateLimitConfig {
        initial_limit: LIMIT,
        window: WINDOW,
        background_reserve: 1,
    });
    let env = Environment::custom(&sandbox.api_base()).unwrap();
    let client = ClearChecksClient::builder(env, ApiToken::new(TOKEN).unwrap(), "bench")
        .rate_limiter(limiter)
        .build()
        .unwrap();
    let started = Instant::now();
    let (handle, mut events) = poller::spawn(client, PollerConfig::default(), Vec::new());
    loop {
        if let PollerEvent::SyncFinished { error, .. } = events.recv().await.unwrap() {
            assert!(error.is_none(), "{error:?}");
            break;
        }
    }
    let elapsed = started.elapsed();
    handle.stop().await;
    let requests = control.requests();
    sandbox.shutdown().await;
    Run {
        elapsed,
        requests,
        open,
    }
}

/// Mean fill of every complete window from the first request (a backlog exists throughout,
/// since the whole refresh is queued at once).
fn utilisation(requests: &[RecordedRequest]) -> (f64, usize) {
    let times: Vec<DateTime<Utc>> = requests.iter().map(|r| r.at).collect();
    let (Some(first), Some(last)) = (times.first().copied(), times.last().copied()) else {
        return (0.0, 0);
    };
    let window = chrono::Duration::from_std(WINDOW).unwrap();
    let full_windows = ((last - first).num_milliseconds() / window.num_milliseconds()) as usize;
    if full_windows == 0 {
        return (1.0, 0);
    }
    let fills: Vec<f64> = (0..full_windows)
        .map(|w| {
            let start = first + window * w as i32;
            let end = start + window;
            times.iter().filter(|t| **t >= start && **t < end).count() as f64 / LIMIT as f64
        })
        .collect();
    (fills.iter().sum::<f64>() / fills.len() as f64, full_windows)
}

fn refresh(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let run = runtime.block_on(refresh_once());
    let pages = ORDERS.div_ceil(PER_PAGE);
    let rate_limited = run.requests.iter().filter(|r| r.status == 429).count();
    let (fill, windows) = utilisation(&run.requests);
    println!(
        "refresh N={ORDERS} page={PER_PAGE} K={} limit={LIMIT}/{}s: requests={} (goal {}), 429s={rate_limited}, \
         utilisation={:.1}% over {windows} full windows, elapsed={:.2}s",
        run.open,
        WINDOW.as_secs(),
        run.requests.len(),
        pages + run.open,
        fill * 100.0,
        run.elapsed.as_secs_f64()
    );
    let mut group = c.benchmark_group("full_refresh_1000");
    group.sample_size(10);
    group.bench_function("poller_first_cycle", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                total += runtime.block_on(refresh_once()).elapsed;
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, refresh);
criterion_main!(benches);

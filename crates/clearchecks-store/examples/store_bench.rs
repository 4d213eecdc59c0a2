//! Timing harness for the local store at the scale of issue 13 (50,000 orders), on the real
//! encrypted file. Run it in release:
//!
//!   cargo run --release -p clearchecks-store --example store_bench [-- ROWS]
//!
//! It prints one line per measurement (median of several runs, with min and max); the numbers
//! go into docs/LOCAL-FIRST.md next to their goals.

use std::time::{Duration, Instant};

use chrono::{Duration as Days, TimeZone, Utc};
use clearchecks_store::{ListedOrder, OrderStore, Scope, StoreKey, DB_FILE};

const PAGE: usize = 100;
const RUNS: usize = 7;

fn order(i: usize) -> ListedOrder {
    let first = [
        "Ann", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ida", "Jo",
    ][i % 10];
    let last = [
        "Lee", "Chen", "Diaz", "Okafor", "Novak", "Ito", "Silva", "Khan",
    ][i % 8];
    ListedOrder {
        applicant_name: Some(format!("{first} {last} {i}")),
        applicant_email: Some(format!(
            "{}.{}{i}@example.com",
            first.to_lowercase(),
            last.to_lowercase()
        )),
        sku: Some(["HIRE1", "EMPLOY", "DRIVER"][i % 3].into()),
        letter: Some(["A", "P", "C", "V"][i % 4].into()),
        flagged: Some(i.is_multiple_of(17)),
        ordered_at: Some(
            Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap() + Days::minutes(i as i64 * 53),
        ),
        ..ListedOrder::new(format!("RK-{i:08x}"))
    }
}

/// Wall time and this thread's CPU time of each run (the machine is shared: CPU time is what
/// the store itself costs, wall time includes waiting for a core).
struct Stats(Vec<Duration>, Vec<Duration>);

/// CPU time of the calling thread (Linux: `/proc/thread-self/schedstat`, nanoseconds).
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        text.split_whitespace().next()?.parse().ok()?,
    ))
}

impl Stats {
    fn time(runs: usize, mut work: impl FnMut()) -> Self {
        let mut wall = Vec::new();
        let mut cpu = Vec::new();
        for _ in 0..runs {
            let (t, c) = (Instant::now(), thread_cpu());
            work();
            wall.push(t.elapsed());
            if let (Some(before), Some(after)) = (c, thread_cpu()) {
                cpu.push(after.saturating_sub(before));
            }
        }
        Self(wall, cpu)
    }
    fn line(mut self, what: &str, goal: &str) {
        self.0.sort();
        self.1.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let cpu = self
            .1
            .get(self.1.len() / 2)
            .map_or("n/a".to_owned(), |d| format!("{:.1} ms", ms(*d)));
        println!(
            "{what:<56} wall median {:>8.1} ms (min {:.1}, {} runs)   cpu median {cpu:>10}   {goal}",
            ms(self.0[self.0.len() / 2]),
            ms(self.0[0]),
            self.0.len()
        );
    }
}

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000);
    let batch: Vec<ListedOrder> = (0..rows).map(order).collect();
    let key = StoreKey::generate();
    let tmp = tempfile::tempdir().unwrap();
    println!(
        "clearchecks-store bench: {rows} orders, encrypted (SQLCipher), WAL + synchronous=FULL, {}",
        tmp.path().display()
    );

    // First sync of a cold store: one transaction per page of 100, as the sync writes them.
    Stats::time(3, || {
        let path = tmp
            .path()
            .join(format!("cold-{}.sqlite3", rand::random::<u32>()));
        let store = OrderStore::open_with_key(&path, &key).unwrap();
        let now = Utc::now();
        for page in batch.chunks(PAGE) {
            store.upsert_listed("acct", page, now).unwrap();
        }
    })
    .line(
        &format!("upsert {rows} new, one transaction per {PAGE}-row page"),
        "",
    );

    let path = tmp.path().join(DB_FILE);
    let store = OrderStore::open_with_key(&path, &key).unwrap();
    Stats::time(1, || {
        let changes = store.upsert_listed("acct", &batch, Utc::now()).unwrap();
        assert_eq!(changes.added.len(), rows);
    })
    .line(&format!("upsert {rows} new, one transaction"), "");
    Stats::time(3, || {
        let changes = store.upsert_listed("acct", &batch, Utc::now()).unwrap();
        assert_eq!(changes.unchanged, rows);
    })
    .line(
        &format!("re-upsert {rows} unchanged (a full walk), one transaction"),
        "",
    );
    Stats::time(RUNS, || {
        let changes = store
            .upsert_listed("acct", &batch[..PAGE], Utc::now())
            .unwrap();
        assert_eq!(changes.unchanged, PAGE);
    })
    .line("re-upsert one unchanged page of 100", "");
    drop(store);
    println!(
        "{:<48} {:>8.1} MiB",
        "file size (db + wal)",
        clearchecks_store_size(&path) as f64 / 1048576.0
    );

    Stats::time(RUNS, || {
        let store = OrderStore::open_with_key(&path, &key).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            clearchecks_store::schema::latest_version()
        );
    })
    .line("open (key check, pragmas, schema check)", "");
    Stats::time(RUNS, || {
        let store = OrderStore::open_with_key(&path, &key).unwrap();
        assert_eq!(store.list(Scope::Account("acct")).unwrap().len(), rows);
    })
    .line(
        &format!("open + list {rows} (one account)"),
        "goal < 200 ms",
    );
    {
        // The same rows unencrypted (the demo file), to show what encryption costs.
        let demo = OrderStore::open_demo(tmp.path()).unwrap();
        demo.upsert_listed("acct", &batch, Utc::now()).unwrap();
        drop(demo);
        Stats::time(RUNS, || {
            let store = OrderStore::open_demo(tmp.path()).unwrap();
            assert_eq!(store.list(Scope::Account("acct")).unwrap().len(), rows);
        })
        .line(
            &format!("open + list {rows}, unencrypted (demo file)"),
            "for comparison",
        );
    }
    Stats::time(RUNS, || {
        let store = OrderStore::open_with_key(&path, &key).unwrap();
        assert_eq!(
            store
                .list_newest(Scope::Account("acct"), 200)
                .unwrap()
                .len(),
            200
        );
    })
    .line("open + the newest 200 (a first frame)", "");
    let store = OrderStore::open_with_key(&path, &key).unwrap();
    Stats::time(RUNS, || {
        assert_eq!(store.list(Scope::All).unwrap().len(), rows)
    })
    .line(&format!("list {rows} (all accounts), warm"), "");
    Stats::time(RUNS, || assert_eq!(store.count(Scope::All).unwrap(), rows)).line("count", "");
    Stats::time(RUNS, || {
        assert!(!store.search(Scope::All, "okafor", 100).unwrap().is_empty())
    })
    .line("search \"okafor\" (name), first 100", "goal < 16 ms");
    Stats::time(RUNS, || {
        assert!(!store
            .search(Scope::All, "novak4", usize::MAX)
            .unwrap()
            .is_empty())
    })
    .line("search \"novak4\" (email), all matches", "goal < 16 ms");
    Stats::time(RUNS, || {
        assert!(store
            .search(Scope::All, "nobody-at-all", 100)
            .unwrap()
            .is_empty())
    })
    .line("search with no match (scans every row)", "goal < 16 ms");
    Stats::time(RUNS, || {
        assert_eq!(
            store
                .get("acct", "RK-00000400")
                .unwrap()
                .unwrap()
                .report_key,
            "RK-00000400"
        )
    })
    .line("get one order by key", "");
}

fn clearchecks_store_size(path: &std::path::Path) -> u64 {
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", path.display())).ok())
        .map(|m| m.len())
        .sum()
}

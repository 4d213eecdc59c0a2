//! Crash safety: a writer process killed with SIGKILL in the middle of its writes leaves an
//! encrypted store that opens, passes `PRAGMA integrity_check`, and holds every write the
//! writer acknowledged, each batch whole or not at all.
//!
//! The writer is this test binary run again (`crash_writer_child`), pointed at a file by
//! environment variables; it prints `ack N` after batch N is committed.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::Utc;
use clearchecks_store::{ListedOrder, OrderStore, Scope, StoreKey, SyncState, DB_FILE};

const PATH_ENV: &str = "CC_STORE_CRASH_PATH";
const KEY_ENV: &str = "CC_STORE_CRASH_KEY";
const FIRST_ENV: &str = "CC_STORE_CRASH_FIRST_BATCH";
const ROWS_PER_BATCH: usize = 20;
const ACCOUNT: &str = "acct-crash";

fn batch_keys(batch: u64) -> Vec<String> {
    (0..ROWS_PER_BATCH)
        .map(|j| format!("B{batch:06}-{j:02}"))
        .collect()
}

/// The writer. Does nothing unless run by `a_kill_9_mid_write_loses_no_acknowledged_write`.
#[test]
fn crash_writer_child() {
    let (Ok(path), Ok(hex)) = (std::env::var(PATH_ENV), std::env::var(KEY_ENV)) else {
        return;
    };
    let first: u64 = std::env::var(FIRST_ENV).unwrap().parse().unwrap();
    let key = StoreKey::from_hex(&hex).unwrap();
    let store = OrderStore::open_with_key(Path::new(&path), &key).unwrap();
    let mut out = std::io::stdout().lock();
    for batch in first.. {
        let rows: Vec<ListedOrder> = batch_keys(batch)
            .into_iter()
            .map(|k| ListedOrder {
                applicant_email: Some(format!("{k}@example.com")),
                letter: Some("P".into()),
                ..ListedOrder::new(k)
            })
            .collect();
        let state = SyncState {
            list_total: Some(batch),
            ..SyncState::new(ACCOUNT)
        };
        store
            .upsert_listed_with_state(&rows, &state, Utc::now())
            .unwrap();
        // Acknowledged only once committed.
        writeln!(out, "ack {batch}").unwrap();
        out.flush().unwrap();
    }
}

/// Runs the writer from `first`, kills it with SIGKILL after `acks` acknowledgements, and
/// returns the last batch it acknowledged (reading every ack it printed before it died).
fn run_and_kill(path: &Path, hex: &str, first: u64, acks: u64) -> u64 {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "crash_writer_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(PATH_ENV, path)
        .env(KEY_ENV, hex)
        .env(FIRST_ENV, first.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(n) = line.strip_prefix("ack ") {
                if tx.send(n.trim().parse::<u64>().unwrap()).is_err() {
                    break;
                }
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut last = None;
    let mut seen = 0;
    while seen < acks {
        let wait = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(wait) {
            Ok(n) => {
                last = Some(n);
                seen += 1;
            }
            Err(_) => {
                let _ = child.kill();
                panic!("the writer acknowledged only {seen} batches in 60 s");
            }
        }
    }
    child.kill().unwrap(); // SIGKILL: no destructor, no checkpoint, no flush
    let status = child.wait().unwrap();
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            status.signal(),
            Some(9),
            "killed mid-way, not finished: {status:?}"
        );
    }
    reader.join().unwrap();
    // Acks printed between our last read and the kill are acknowledged writes too.
    while let Ok(n) = rx.try_recv() {
        last = Some(n);
    }
    last.unwrap()
}

#[test]
fn a_kill_9_mid_write_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    // The test holds the key as text only to hand it to its own child process.
    let hex: String = rand::random::<[u8; 32]>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let key = StoreKey::from_hex(&hex).unwrap();
    // Create the file first, so every run below only appends.
    drop(OrderStore::open_with_key(&path, &key).unwrap());

    let mut next = 0;
    for (round, acks) in [37u64, 150, 5].into_iter().enumerate() {
        let last = run_and_kill(&path, &hex, next, acks);
        assert!(last + 1 >= next + acks, "round {round}: last ack {last}");

        let store = OrderStore::open_with_key(&path, &key).unwrap();
        store.integrity_check().unwrap();
        for batch in 0..=last {
            for key in batch_keys(batch) {
                assert!(
                    store.get(ACCOUNT, &key).unwrap().is_some(),
                    "round {round}: acknowledged row {key} is missing"
                );
            }
        }
        let count = store.count(Scope::Account(ACCOUNT)).unwrap();
        assert_eq!(
            count % ROWS_PER_BATCH,
            0,
            "a batch was half written: {count} rows"
        );
        assert!(count >= (last as usize + 1) * ROWS_PER_BATCH);
        // The sync state committed with its batch: never behind an acknowledged one.
        let total = store.sync_state(ACCOUNT).unwrap().list_total.unwrap();
        assert!(total >= last, "sync state {total} behind batch {last}");
        assert_eq!(count, (total as usize + 1) * ROWS_PER_BATCH);
        next = total + 1;
    }
}

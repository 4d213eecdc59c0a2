//! The request log: every request the simulator answered (or dropped), with
//! its route name, every header it carried and which listener took it, for
//! assertions in tests and the e2e leak scan. The `api_token` of an `/api`
//! request (its legitimate place) is redacted from the recorded query;
//! everything else is recorded as received, so a token that went where it must
//! not (a `Referer`, the file host's URL) shows up here.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Entries kept before the oldest are forgotten (counts are kept regardless).
const CAPACITY: usize = 100_000;

/// One request as the simulator saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordedRequest {
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query string as received; on `/api` routes the `api_token` value reads
    /// `<redacted>`.
    pub query: Option<String>,
    /// Every request header as received, in order (names lowercase).
    pub headers: Vec<(String, String)>,
    /// `api` (the API and console origin) or `files` (the file host of signed PDF URLs).
    pub listener: String,
    /// Route name such as `orders.new`, `widget.report-data`, or `unmatched`.
    pub route: String,
    /// Response status; 0 when the connection was dropped without a response.
    pub status: u16,
    pub at: DateTime<Utc>,
    /// The fault applied to this request, if any (its `kind`).
    pub fault: Option<String>,
}

#[derive(Default)]
pub(crate) struct RequestLog {
    entries: VecDeque<RecordedRequest>,
    counts: HashMap<(String, String), usize>,
}

impl RequestLog {
    pub fn record(&mut self, entry: RecordedRequest) {
        *self
            .counts
            .entry((entry.method.clone(), entry.route.clone()))
            .or_default() += 1;
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    pub fn entries(&self) -> Vec<RecordedRequest> {
        self.entries.iter().cloned().collect()
    }

    pub fn count(&self, method: &str, route: &str) -> usize {
        self.counts
            .get(&(method.to_ascii_uppercase(), route.to_owned()))
            .copied()
            .unwrap_or(0)
    }

    /// `"METHOD route" -> count`, sorted by key.
    pub fn counts(&self) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = self
            .counts
            .iter()
            .map(|((method, route), n)| (format!("{method} {route}"), *n))
            .collect();
        out.sort();
        out
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.counts.clear();
    }
}

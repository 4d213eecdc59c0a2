//! Fault injection: per route (or `*` for every `/api` route), optionally for
//! a limited number of requests, after which the rule clears itself, and
//! optionally only after letting a number of requests through unharmed (to hit
//! page 3 of a listing, say).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// A failure to simulate on a route.
///
/// `Status`, `RateLimitStorm` and `DropConnection { after_processing: false }`
/// answer before the request is processed (no side effects). `Latency` delays
/// and then processes normally. `MalformedJson`, `TruncatedBody` and
/// `DropConnection { after_processing: true }` process the request first (an
/// order IS created) and then damage or withhold the response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// Wait `ms` milliseconds, then answer normally.
    Latency { ms: u64 },
    /// Answer with this status and a Laravel-shaped body (e.g. 500, 503).
    Status { code: u16 },
    /// Answer 429 with `Retry-After: retry_after_secs`.
    RateLimitStorm { retry_after_secs: u64 },
    /// Answer 200 with a body that is not valid JSON.
    MalformedJson,
    /// Start the real JSON body, then end the connection early.
    TruncatedBody,
    /// Close the TCP connection without any response.
    DropConnection { after_processing: bool },
}

/// A fault with how many more requests it applies to (None: until cleared).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRule {
    pub route: String,
    #[serde(flatten)]
    pub fault: Fault,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// Requests to let through unharmed before the fault starts (default 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub skip: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Default)]
pub(crate) struct FaultTable {
    rules: HashMap<String, FaultRule>,
}

impl FaultTable {
    pub fn set(&mut self, rule: FaultRule) {
        if rule.times == Some(0) {
            self.rules.remove(&rule.route);
        } else {
            self.rules.insert(rule.route.clone(), rule);
        }
    }

    pub fn clear(&mut self) {
        self.rules.clear();
    }

    pub fn list(&self) -> Vec<FaultRule> {
        let mut rules: Vec<FaultRule> = self.rules.values().cloned().collect();
        rules.sort_by(|a, b| a.route.cmp(&b.route));
        rules
    }

    /// The fault for one request to `route`, consuming one use of a counted
    /// rule. A rule for the exact route wins over `*`, which only covers `/api`.
    pub fn take(&mut self, route: &str, is_api: bool) -> Option<Fault> {
        let name = if self.rules.contains_key(route) {
            route
        } else if is_api && self.rules.contains_key("*") {
            "*"
        } else {
            return None;
        };
        let rule = self.rules.get_mut(name)?;
        if rule.skip > 0 {
            rule.skip -= 1;
            return None;
        }
        let fault = rule.fault.clone();
        if let Some(times) = rule.times.as_mut() {
            *times -= 1;
            if *times == 0 {
                self.rules.remove(name);
            }
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_rules_clear_themselves_and_exact_routes_win() {
        let mut table = FaultTable::default();
        table.set(FaultRule {
            route: "*".into(),
            fault: Fault::MalformedJson,
            times: None,
            skip: 0,
        });
        table.set(FaultRule {
            route: "orders.new".into(),
            fault: Fault::Status { code: 503 },
            times: Some(2),
            skip: 1,
        });
        assert_eq!(
            table.take("orders.new", true),
            None,
            "the first one is let through"
        );
        assert_eq!(
            table.take("orders.new", true),
            Some(Fault::Status { code: 503 })
        );
        assert_eq!(
            table.take("orders.new", true),
            Some(Fault::Status { code: 503 })
        );
        assert_eq!(table.take("orders.new", true), Some(Fault::MalformedJson));
        assert_eq!(
            table.take("widget.script", false),
            None,
            "* covers /api only"
        );
        table.clear();
        assert_eq!(table.take("orders.new", true), None);
    }

    #[test]
    fn rule_json_is_flat_with_a_kind_tag() {
        let rule: FaultRule = serde_json::from_str(
            r#"{"route":"orders.new","kind":"drop_connection","after_processing":true,"times":1}"#,
        )
        .unwrap();
        assert_eq!(
            rule.fault,
            Fault::DropConnection {
                after_processing: true
            }
        );
        assert_eq!(rule.times, Some(1));
        let latency = serde_json::to_value(FaultRule {
            route: "*".into(),
            fault: Fault::Latency { ms: 5 },
            times: None,
            skip: 0,
        })
        .unwrap();
        assert_eq!(
            latency,
            serde_json::json!({"route": "*", "kind": "latency", "ms": 5})
        );
    }
}

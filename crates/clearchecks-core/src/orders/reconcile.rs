//! After an uncertain order: find out from the order list whether it was placed.
//!
//! The list's sort order is not documented, so the first page tells us: if it runs newest
//! first we read forward, otherwise we start from the last page and read backward. Either way we
//! stop at the first page that is entirely older than the attempt, or after
//! [`RECONCILE_MAX_PAGES`]. A report matches when its email is one of the order's emails, its
//! SKU (if listed) is the order's SKU, it was ordered since just before the attempt (or has no
//! date, which we cannot rule out), and it is not a report this app already knew it had placed.

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use serde::{Deserialize, Serialize};

use super::place::{PlaceOrderResult, PlacedApplicant};
use super::request::OrderRequest;
use crate::error::ApiError;
use crate::http::ClearChecksClient;
use crate::pagination::{ListPage, PageRef};
use crate::reports::ReportListItem;

/// Pages read at most while reconciling.
pub const RECONCILE_MAX_PAGES: u32 = 10;
/// How far back to look when no attempt time is known (e.g. after a restart).
const DEFAULT_LOOKBACK_HOURS: i64 = 24;

/// What reconciliation found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", content = "data", rename_all = "camelCase")]
pub enum Reconciliation {
    /// Reports for the order's emails exist: it was placed. Do not send it again.
    Placed(PlaceOrderResult),
    /// Nothing found: it was not placed; sending it again is allowed.
    NotPlaced,
}

impl ClearChecksClient {
    /// Checks the order list for an order whose outcome was uncertain, and releases the guard
    /// either way. Uses the time of the uncertain attempt, or the last 24 hours if unknown.
    pub async fn reconcile_order(
        &self,
        request: &OrderRequest,
    ) -> Result<Reconciliation, ApiError> {
        let since = self
            .submission_guard()
            .uncertain_since(request)
            .unwrap_or_else(|| Utc::now() - ChronoDuration::hours(DEFAULT_LOOKBACK_HOURS));
        self.reconcile_order_since(request, since).await
    }

    /// Like [`reconcile_order`](Self::reconcile_order) with an explicit attempt time (e.g. from
    /// the audit journal after a restart).
    pub async fn reconcile_order_since(
        &self,
        request: &OrderRequest,
        since: DateTime<Utc>,
    ) -> Result<Reconciliation, ApiError> {
        let guard = self.submission_guard();
        let known = guard.known_keys();
        let emails = request.email_set();
        let is_match = |item: &ReportListItem| {
            item.applicant_email
                .as_ref()
                .is_some_and(|e| emails.contains(&e.trim().to_lowercase()))
                && item
                    .report_sku
                    .as_ref()
                    .is_none_or(|sku| sku.eq_ignore_ascii_case(&request.sku))
                && item.ordered_at.is_none_or(|at| at >= since)
                && !known.contains(&item.report_key)
        };

        let mut found: Vec<ReportListItem> = Vec::new();
        let first = self.list_reports_page(1).await?;
        let last_page = first.last_page.unwrap_or(1);
        let backward = last_page > 1 && !newest_first(&first);
        let mut page = if backward {
            self.list_reports_page(last_page).await?
        } else {
            first
        };
        let mut read = 1;
        loop {
            found.extend(page.items.iter().filter(|i| is_match(i)).cloned());
            let next = if backward {
                page.current_page
                    .and_then(|p| p.checked_sub(1))
                    .filter(|p| *p >= 1)
                    .map(PageRef::Number)
            } else {
                page.next.clone()
            };
            read += 1;
            match next {
                Some(next) if !entirely_before(&page, since) && read <= RECONCILE_MAX_PAGES => {
                    page = self.list_reports_page(next).await?;
                }
                _ => break,
            }
        }

        let result = if found.is_empty() {
            Reconciliation::NotPlaced
        } else {
            // Newest first per email, in the order's email order.
            found.sort_by_key(|item| std::cmp::Reverse(item.ordered_at));
            let mut applicants = Vec::new();
            for email in &request.emails {
                let lower = email.to_lowercase();
                if let Some(item) = found.iter().find(|i| {
                    i.applicant_email
                        .as_deref()
                        .map(|e| e.trim().to_lowercase())
                        == Some(lower.clone())
                }) {
                    applicants.push(PlacedApplicant {
                        email: email.clone(),
                        report_key: item.report_key.clone(),
                        invite_url: item.invite_url.clone(),
                    });
                }
            }
            guard.remember_keys(applicants.iter().map(|a| a.report_key.as_str()));
            Reconciliation::Placed(PlaceOrderResult { applicants })
        };
        guard.resolve(request);
        Ok(result)
    }
}

/// Whether a page runs newest first, judged from its first and last dated items.
fn newest_first(page: &ListPage<ReportListItem>) -> bool {
    let mut dated = page.items.iter().filter_map(|i| i.ordered_at);
    match (dated.next(), dated.next_back()) {
        (Some(first), Some(last)) => first > last,
        _ => false,
    }
}

/// Every dated item is older than `since` (and there is at least one).
fn entirely_before(page: &ListPage<ReportListItem>, since: DateTime<Utc>) -> bool {
    let mut dated = page.items.iter().filter_map(|i| i.ordered_at).peekable();
    dated.peek().is_some() && dated.all(|at| at < since)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, minutes_ago: i64) -> ReportListItem {
        ReportListItem {
            ordered_at: Some(Utc::now() - ChronoDuration::minutes(minutes_ago)),
            ..ReportListItem::new(key)
        }
    }

    fn page(items: Vec<ReportListItem>) -> ListPage<ReportListItem> {
        ListPage {
            current_page: Some(1),
            last_page: Some(3),
            per_page: None,
            total: None,
            items,
            skipped: 0,
            next: Some(PageRef::Number(2)),
            shape: crate::pagination::PageShape::LengthAware,
        }
    }

    #[test]
    fn sort_direction_and_age() {
        assert!(newest_first(&page(vec![item("a", 1), item("b", 5)])));
        assert!(!newest_first(&page(vec![item("a", 5), item("b", 1)])));
        assert!(!newest_first(&page(vec![])));
        let since = Utc::now() - ChronoDuration::minutes(3);
        assert!(entirely_before(
            &page(vec![item("a", 10), item("b", 5)]),
            since
        ));
        assert!(!entirely_before(
            &page(vec![item("a", 10), item("b", 1)]),
            since
        ));
        assert!(!entirely_before(&page(vec![]), since));
    }

    #[test]
    fn ipc_shape() {
        assert_eq!(
            serde_json::to_value(Reconciliation::NotPlaced).unwrap(),
            serde_json::json!({"kind": "notPlaced"})
        );
        let placed = Reconciliation::Placed(PlaceOrderResult { applicants: vec![] });
        assert_eq!(
            serde_json::to_value(placed).unwrap(),
            serde_json::json!({"kind": "placed", "data": {"applicants": []}})
        );
    }
}

//! After an uncertain order: find out from the order list whether it was placed — and say so
//! only when the list proves it.
//!
//! A report **matches** when its email is one of the order's emails, its SKU (if listed) is the
//! order's SKU, it was ordered since just before the attempt, and it is not a report this app
//! already knew it had placed. A dated match proves the order was placed
//! ([`Reconciliation::Placed`]). "Not placed" ([`Reconciliation::NotPlaced`]) needs proof that
//! every order since the attempt was read and none matched:
//!
//! * the list was walked to its end and is [complete](crate::pagination::Completeness), or
//! * the list runs newest first (checked on every page, and across pages) and a page was reached
//!   whose orders are all dated before the attempt.
//!
//! Either way no entry on a page read may have been unreadable, and no match may lack a date.
//! When the list cannot prove it — a server that repeats pages, entries that cannot be read, a
//! page that failed, more than [`RECONCILE_MAX_PAGES`] pages without reaching the attempt's
//! time, a match without a date — the answer is [`Reconciliation::Undetermined`] with what is
//! known, and the order **stays blocked**: nobody may conclude "nothing was ordered" from it.
//!
//! A list that runs oldest first with page numbers is read from its last page backwards.

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use serde::{Deserialize, Serialize};

use super::place::{PlaceOrderResult, PlacedApplicant};
use super::request::OrderRequest;
use crate::error::ApiError;
use crate::http::ClearChecksClient;
use crate::pagination::{Gap, ListPage, PageShape};
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
    /// The list proves nothing was placed: sending it again is allowed.
    NotPlaced,
    /// The list could not prove either; the order stays blocked.
    Undetermined(Undetermined),
}

/// What is known when reconciliation cannot conclude.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Undetermined {
    /// Why the list does not prove it, for a coordinator to read.
    pub reason: String,
    /// Orders read (none of them this order, unless `reason` says otherwise).
    pub orders_checked: u64,
    pub pages_read: u32,
}

impl std::fmt::Display for Undetermined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the order list could not show whether the order was placed: {} ({} orders on {} pages were checked)",
            self.reason, self.orders_checked, self.pages_read
        )
    }
}

/// What the pages read so far showed.
struct Search<'a> {
    request: &'a OrderRequest,
    emails: std::collections::BTreeSet<String>,
    since: DateTime<Utc>,
    known: std::collections::HashSet<String>,
    found: Vec<ReportListItem>,
    undated_matches: u64,
    orders_checked: u64,
    pages_read: u32,
    unreadable: u64,
    /// Newest first so far, within and across pages.
    newest_first: bool,
    oldest_seen: Option<DateTime<Utc>>,
}

impl<'a> Search<'a> {
    fn matches(&self, item: &ReportListItem) -> bool {
        item.applicant_email
            .as_ref()
            .is_some_and(|e| self.emails.contains(&e.trim().to_lowercase()))
            && item
                .report_sku
                .as_ref()
                .is_none_or(|sku| sku.eq_ignore_ascii_case(&self.request.sku))
            && item.ordered_at.is_none_or(|at| at >= self.since)
            && !self.known.contains(&item.report_key)
    }

    /// Takes in a page; true when it proves every later page is older than the attempt.
    fn read(&mut self, page: &ListPage<ReportListItem>) -> bool {
        self.pages_read += 1;
        self.orders_checked += page.items.len() as u64;
        self.unreadable += page.skipped as u64;
        for item in &page.items {
            if self.matches(item) {
                match item.ordered_at {
                    Some(_) => self.found.push(item.clone()),
                    None => self.undated_matches += 1,
                }
            }
        }
        let dates: Vec<Option<DateTime<Utc>>> = page.items.iter().map(|i| i.ordered_at).collect();
        let all_dated = !dates.is_empty() && dates.iter().all(Option::is_some);
        let descending = dates
            .iter()
            .flatten()
            .zip(dates.iter().flatten().skip(1))
            .all(|(a, b)| a >= b);
        let follows = match (self.oldest_seen, dates.iter().flatten().next()) {
            (Some(before), Some(first)) => before >= *first,
            _ => true,
        };
        self.newest_first &= descending && follows;
        if let Some(last) = dates.iter().flatten().last() {
            self.oldest_seen = Some(*last);
        }
        self.newest_first && all_dated && dates.iter().flatten().all(|at| *at < self.since)
    }

    fn undetermined(&self, reason: impl Into<String>) -> Reconciliation {
        Reconciliation::Undetermined(Undetermined {
            reason: reason.into(),
            orders_checked: self.orders_checked,
            pages_read: self.pages_read,
        })
    }

    /// The answer, once the pages read are all there is to read (`proved`: they cover every
    /// order since the attempt), or the reason they do not.
    fn conclude(self, proved: Result<(), String>) -> Reconciliation {
        if !self.found.is_empty() {
            return Reconciliation::Placed(placed_from(self.request, self.found));
        }
        if let Err(reason) = proved {
            self.undetermined(reason)
        } else if self.undated_matches > 0 {
            self.undetermined(format!(
                "{} order(s) for these emails are listed without a readable date",
                self.undated_matches
            ))
        } else if self.unreadable > 0 {
            self.undetermined(format!(
                "{} entries of the list could not be read",
                self.unreadable
            ))
        } else {
            Reconciliation::NotPlaced
        }
    }
}

impl ClearChecksClient {
    /// Checks the order list for an order whose outcome was uncertain. Releases the guard when
    /// the answer is definite (placed or not placed); keeps the order blocked when it is
    /// [`Reconciliation::Undetermined`]. Uses the time of the uncertain attempt, or the last 24
    /// hours if unknown.
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
        let mut search = Search {
            request,
            emails: request.email_set(),
            since,
            known: guard.known_keys(),
            found: Vec::new(),
            undated_matches: 0,
            orders_checked: 0,
            pages_read: 0,
            unreadable: 0,
            newest_first: true,
            oldest_seen: None,
        };
        let mut pages = self.report_pages().max_pages(RECONCILE_MAX_PAGES);
        let first = pages
            .next_page()
            .await?
            .expect("a walk always reads its first page");
        let backward = matches!(first.shape, PageShape::LengthAware | PageShape::Resource)
            && first.last_page.is_some_and(|last| last > 1)
            && oldest_first(&first);
        let proved = if backward {
            self.search_backward(&mut search, first.last_page.unwrap_or(1))
                .await
        } else {
            let mut covered = search.read(&first);
            while !covered {
                match pages.next_page().await {
                    Ok(Some(page)) => covered = search.read(&page),
                    Ok(None) => break,
                    Err(error) => {
                        pages.interrupt(&error);
                        break;
                    }
                }
            }
            let gaps = &pages.completeness().gaps;
            if covered || gaps.is_empty() {
                Ok(())
            } else if gaps.iter().all(|g| matches!(g, Gap::PageLimit { .. })) {
                Err(format!(
                    "read {RECONCILE_MAX_PAGES} pages without reaching the time of the order"
                ))
            } else {
                Err(pages.completeness().to_string())
            }
        };
        let verdict = search.conclude(proved);
        match &verdict {
            Reconciliation::Placed(placed) => {
                guard.remember_keys(placed.applicants.iter().map(|a| a.report_key.as_str()));
                guard.resolve(request);
            }
            Reconciliation::NotPlaced => guard.resolve(request),
            Reconciliation::Undetermined(undetermined) => {
                tracing::warn!(%undetermined, "an uncertain order stays blocked");
            }
        }
        Ok(verdict)
    }

    /// An oldest-first list with page numbers: from the last page back to the attempt's time.
    async fn search_backward(&self, search: &mut Search<'_>, last: u32) -> Result<(), String> {
        let mut number = last;
        loop {
            let page = self
                .list_reports_page(number)
                .await
                .map_err(|e| format!("reading page {number} failed: {e}"))?;
            if page.current_page.is_some_and(|got| got != number) {
                return Err(format!(
                    "ClearChecks answered page {number} with another page"
                ));
            }
            let before = page
                .items
                .iter()
                .all(|i| i.ordered_at.is_some_and(|at| at < search.since));
            // Read backwards, the order across pages is the other way round: only the matches
            // and the unreadable entries count here.
            search.newest_first = true;
            search.oldest_seen = None;
            search.read(&page);
            if (before && !page.items.is_empty()) || number == 1 {
                return Ok(());
            }
            if search.pages_read >= RECONCILE_MAX_PAGES {
                return Err(format!(
                    "read {RECONCILE_MAX_PAGES} pages without reaching the time of the order"
                ));
            }
            number -= 1;
        }
    }
}

/// The first page runs oldest first (judged from its first and last dated items).
fn oldest_first(page: &ListPage<ReportListItem>) -> bool {
    let mut dated = page.items.iter().filter_map(|i| i.ordered_at);
    match (dated.next(), dated.next_back()) {
        (Some(first), Some(last)) => first < last,
        _ => false,
    }
}

/// The placed applicants, newest report per email, in the order's email order.
fn placed_from(request: &OrderRequest, mut found: Vec<ReportListItem>) -> PlaceOrderResult {
    found.sort_by_key(|item| std::cmp::Reverse(item.ordered_at));
    let applicants = request
        .emails
        .iter()
        .filter_map(|email| {
            let lower = email.to_lowercase();
            found
                .iter()
                .find(|i| {
                    i.applicant_email
                        .as_deref()
                        .is_some_and(|e| e.trim().to_lowercase() == lower)
                })
                .map(|item| PlacedApplicant {
                    email: email.clone(),
                    report_key: item.report_key.clone(),
                    invite_url: item.invite_url.clone(),
                })
        })
        .collect();
    PlaceOrderResult { applicants }
}

#[cfg(test)]
mod tests;

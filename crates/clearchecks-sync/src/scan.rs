//! The head scan: `/reports/all` from page 1 into the store, stopping as soon as a page brings
//! nothing new.
//!
//! `/reports/all` lists newest first (contract §2.4), so once a page holds only orders the
//! store already has with the same list fields, every later page is known too: a warm scan
//! costs **one page** when nothing changed, whatever the size of the history. That shortcut is
//! only taken when it is safe:
//!
//! - the first page must be newest-first (order dates never increase down the page, and the
//!   newest order the store knows, when it is on the page, keeps its date); otherwise the
//!   scan walks every page ([`ScanKind::Full`]);
//! - a store that never finished a full walk (cold, or a walk cut short) walks every page too,
//!   resuming where the last walk stopped (`SyncState::full_walk_next_page`), and reports
//!   progress after each page;
//! - orders are marked removed only by a full walk **from page 1** that the paginator proved
//!   complete; an incomplete walk removes nothing.
//!
//! Each page and the sync state that follows from it are stored in one transaction.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use clearchecks_core::pagination::Progress;
use clearchecks_core::{ClearChecksClient, Completeness, ListPage, PageRef, ReportListItem};
use clearchecks_store::{ChangeSet, HeadMarker, ListedOrder, OrderStore, Scope, SyncState};

use crate::clock::SyncClock;
use crate::error::SyncError;

/// What kind of walk a scan was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanKind {
    /// From page 1 until a page brought nothing new.
    Head,
    /// Every page (cold store, an unfinished walk, or a first page that was not newest-first).
    Full { from_page: u32 },
}

/// Progress of a scan, after each page ("3,400 of 10,000").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanProgress {
    pub pages: u32,
    /// Distinct orders read so far in this scan.
    pub loaded: u64,
    /// The paginator's `total`, when the page shape has one.
    pub total: Option<u64>,
}

/// What a scan did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanReport {
    pub kind: Option<ScanKind>,
    /// Requests made (pages read).
    pub pages: u32,
    pub loaded: u64,
    pub total: Option<u64>,
    /// Everything the pages added or changed, in page order (unchanged rows counted).
    pub changes: ChangeSet,
    /// Orders marked removed (only after a complete full walk from page 1).
    pub removed: ChangeSet,
    /// The first page was not newest-first, so the scan walked everything.
    pub not_newest_first: bool,
    /// For a full walk: whether the paginator proved the list complete.
    pub completeness: Option<Completeness>,
}

/// Head scans of one account into the store.
#[derive(Debug, Clone)]
pub struct HeadScanner {
    client: ClearChecksClient,
    store: Arc<OrderStore>,
    account_id: String,
    clock: SyncClock,
}

impl HeadScanner {
    /// `client` is switched to background priority: a scan never stands in front of a click.
    pub fn new(
        client: &ClearChecksClient,
        store: Arc<OrderStore>,
        account_id: impl Into<String>,
        clock: SyncClock,
    ) -> Self {
        Self {
            client: client.background(),
            store,
            account_id: account_id.into(),
            clock,
        }
    }

    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// One scan (see the module docs). `progress` is called after every stored page. An error
    /// stops the scan; the pages before it stay stored and a full walk resumes after them.
    pub async fn scan(
        &self,
        mut progress: impl FnMut(ScanProgress),
    ) -> Result<ScanReport, SyncError> {
        let mut state = self.state().await?;
        let mut report = ScanReport::default();
        let resume = state
            .full_walk_next_page
            .filter(|_| state.last_full_walk_at.is_none());
        let mut full = state.last_full_walk_at.is_none() || state.head.is_none();
        let from_page = resume.unwrap_or(1).max(1);
        if full && from_page == 1 && state.full_walk_started_at.is_none() {
            state.full_walk_started_at = Some(self.clock.now());
        }
        let mut walk = self.client.report_pages_from(PageRef::Number(from_page));
        let mut seen: HashSet<String> = HashSet::new();
        let mut page_number = from_page;
        loop {
            let Some(page) = walk.next_page().await? else {
                break;
            };
            report.pages += 1;
            let first_page = page_number == 1 && report.pages == 1;
            if first_page && !full && !newest_first(&page, state.head.as_ref()) {
                tracing::info!(
                    account = %self.account_id,
                    "the first page of the order list is not newest-first; reading every page"
                );
                report.not_newest_first = true;
                full = true;
                state.full_walk_started_at = Some(self.clock.now());
            }
            let batch: Vec<ListedOrder> = page.items.iter().map(listed_order).collect();
            seen.extend(batch.iter().map(|o| o.report_key.clone()));
            if page_number == 1 && report.pages == 1 {
                if let Some(first) = page.items.first() {
                    state.head = Some(HeadMarker {
                        report_key: first.report_key.clone(),
                        ordered_at: first.ordered_at,
                    });
                }
            }
            state.list_total = page.total.or(state.list_total);
            let finished = walk.is_finished();
            if full {
                state.full_walk_next_page = if finished {
                    None
                } else {
                    Some(page_number + 1)
                };
            }
            let now = self.clock.now();
            if finished || !full {
                state.last_head_sync_at = Some(now);
            }
            if full && finished {
                state.last_full_walk_at = Some(now);
            }
            let changes = self.store_page(batch, state.clone(), now).await?;
            let nothing_new = changes.is_empty() && !page.items.is_empty();
            merge(&mut report.changes, changes);
            let Progress {
                distinct_entries,
                total,
                ..
            } = walk.progress();
            report.loaded = distinct_entries;
            report.total = total;
            progress(ScanProgress {
                pages: report.pages,
                loaded: report.loaded,
                total: report.total,
            });
            if finished {
                break;
            }
            if !full && nothing_new {
                // Newest first: everything below this page is known too (the state stored
                // with this page already says the head scan finished now).
                break;
            }
            page_number += 1;
        }
        if full {
            report.kind = Some(ScanKind::Full { from_page });
            let completeness = walk.completeness().clone();
            if from_page == 1 && walk.is_finished() && completeness.is_complete() {
                report.removed = self.remove_unseen(seen).await?;
            }
            report.completeness = Some(completeness);
            state.full_walk_started_at = None;
            if walk.is_finished() {
                self.save_state(state).await?;
            }
        } else {
            report.kind = Some(ScanKind::Head);
        }
        Ok(report)
    }

    async fn state(&self) -> Result<SyncState, SyncError> {
        let (store, account) = (self.store.clone(), self.account_id.clone());
        blocking(move || store.sync_state(&account)).await
    }

    async fn save_state(&self, state: SyncState) -> Result<(), SyncError> {
        let store = self.store.clone();
        blocking(move || store.set_sync_state(&state)).await
    }

    async fn store_page(
        &self,
        batch: Vec<ListedOrder>,
        state: SyncState,
        now: DateTime<Utc>,
    ) -> Result<ChangeSet, SyncError> {
        let store = self.store.clone();
        blocking(move || store.upsert_listed_with_state(&batch, &state, now)).await
    }

    async fn remove_unseen(&self, seen: HashSet<String>) -> Result<ChangeSet, SyncError> {
        let (store, account, now) = (
            self.store.clone(),
            self.account_id.clone(),
            self.clock.now(),
        );
        blocking(move || {
            let gone: Vec<String> = store
                .list(Scope::Account(&account))?
                .into_iter()
                .filter(|row| !seen.contains(&row.report_key))
                .map(|row| row.report_key)
                .collect();
            let keys: Vec<&str> = gone.iter().map(String::as_str).collect();
            store.mark_removed(&account, &keys, now)
        })
        .await
    }
}

/// A store call on the blocking pool.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> clearchecks_store::StoreResult<T> + Send + 'static,
) -> Result<T, SyncError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| SyncError::Stopped)?
        .map_err(SyncError::from)
}

fn merge(into: &mut ChangeSet, more: ChangeSet) {
    into.added.extend(more.added);
    into.changed.extend(more.changed);
    into.unchanged += more.unchanged;
}

/// Whether a first page is newest-first: known order dates never increase down the page, no
/// key appears twice, and the newest order the store knows, if it is on the page, kept its date.
pub fn newest_first(page: &ListPage<ReportListItem>, head: Option<&HeadMarker>) -> bool {
    let mut keys = HashSet::new();
    if !page
        .items
        .iter()
        .all(|item| keys.insert(item.report_key.as_str()))
    {
        return false;
    }
    let dates: Vec<_> = page
        .items
        .iter()
        .filter_map(|item| item.ordered_at)
        .collect();
    if dates.windows(2).any(|pair| pair[1] > pair[0]) {
        return false;
    }
    if let Some(head) = head {
        if let Some(item) = page.items.iter().find(|i| i.report_key == head.report_key) {
            // The store keeps milliseconds; the list may send finer.
            let millis = |at: Option<DateTime<Utc>>| at.map(|t| t.timestamp_millis());
            if millis(item.ordered_at) != millis(head.ordered_at) {
                return false;
            }
        }
    }
    true
}

/// A date at the store's precision (milliseconds): a finer date from the list would read as a
/// change on every scan.
fn to_millis(at: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    at.and_then(|t| DateTime::from_timestamp_millis(t.timestamp_millis()))
}

/// A list item as the store takes it (`None`: the list did not say), dates at the store's
/// precision.
pub fn listed_order(item: &ReportListItem) -> ListedOrder {
    ListedOrder {
        report_key: item.report_key.clone(),
        applicant_name: item.applicant_name.clone(),
        applicant_email: item.applicant_email.clone(),
        sku: item.report_sku.clone(),
        add_ons: Vec::new(),
        letter: item.status.as_ref().map(|s| s.as_str().to_owned()),
        flagged: item.flagged_for_end_user_review,
        ordered_at: to_millis(item.ordered_at),
        ordered_at_raw: item.ordered_at_unreadable.clone(),
        completed_at: to_millis(item.completed_at),
        completed_at_raw: item.completed_at_unreadable.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use clearchecks_core::PageShape;

    fn page(items: &[(&str, i64)]) -> ListPage<ReportListItem> {
        ListPage {
            items: items
                .iter()
                .map(|(key, day)| ReportListItem {
                    ordered_at: Some(Utc.timestamp_opt(day * 86_400, 0).unwrap()),
                    ..ReportListItem::new(*key)
                })
                .collect(),
            skipped: 0,
            next: None,
            current_page: Some(1),
            last_page: Some(1),
            per_page: Some(100),
            total: None,
            shape: PageShape::LengthAware,
        }
    }

    #[test]
    fn newest_first_needs_falling_dates_distinct_keys_and_a_steady_head() {
        assert!(newest_first(&page(&[("c", 3), ("b", 2), ("a", 2)]), None));
        assert!(
            !newest_first(&page(&[("a", 1), ("b", 2)]), None),
            "oldest first"
        );
        assert!(
            !newest_first(&page(&[("a", 2), ("a", 2)]), None),
            "a key twice"
        );
        let head = HeadMarker {
            report_key: "b".into(),
            ordered_at: Some(Utc.timestamp_opt(2 * 86_400, 0).unwrap()),
        };
        assert!(newest_first(&page(&[("c", 3), ("b", 2)]), Some(&head)));
        let moved = HeadMarker {
            ordered_at: Some(Utc.timestamp_opt(5 * 86_400, 0).unwrap()),
            ..head.clone()
        };
        assert!(
            !newest_first(&page(&[("c", 3), ("b", 2)]), Some(&moved)),
            "the known head changed its date"
        );
        let stored = HeadMarker {
            ordered_at: Some(Utc.timestamp_opt(2 * 86_400, 0).unwrap()),
            ..head
        };
        let mut finer = page(&[("c", 3), ("b", 2)]);
        finer.items[1].ordered_at = Some(Utc.timestamp_opt(2 * 86_400, 123_456).unwrap());
        assert!(
            newest_first(&finer, Some(&stored)),
            "the store keeps milliseconds; finer digits on the list are the same date"
        );
    }

    #[test]
    fn list_dates_are_kept_at_the_stores_precision() {
        let item = ReportListItem {
            ordered_at: Some(Utc.timestamp_opt(86_400, 123_456_789).unwrap()),
            completed_at: Some(Utc.timestamp_opt(86_401, 999_999).unwrap()),
            ..ReportListItem::new("k")
        };
        let listed = listed_order(&item);
        assert_eq!(
            listed.ordered_at,
            Some(Utc.timestamp_opt(86_400, 123_000_000).unwrap())
        );
        assert_eq!(
            listed.completed_at,
            Some(Utc.timestamp_opt(86_401, 0).unwrap())
        );
    }
}

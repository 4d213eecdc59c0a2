//! [`Pages`]: walks a list page by page with the guards that make "complete" mean complete.

use std::collections::HashSet;

use super::{decode_page, Completeness, Gap, ListEntry, ListPage, Listing, PageRef, PageShape};
use crate::error::ApiError;
use crate::http::ClearChecksClient;

/// Pages one walk reads at most, as a guard against a server that never ends (at 100 per page,
/// a million entries).
pub const MAX_PAGES: u32 = 10_000;

/// A paginated endpoint: its name (for errors and logs) and its path under the API base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListEndpoint {
    pub name: &'static str,
    pub segments: &'static [&'static str],
}

/// A walk through a paginated list, one request per [`next_page`](Self::next_page).
///
/// The walk follows whatever the pages say (page numbers, cursors, next links; a bare array is
/// probed with the next page number) and ends when the server announces no further page. Its
/// [`completeness`](Self::completeness) is complete only when nothing below happened:
///
/// * a page repeats the one before it (same entries, or a `current_page` other than the one
///   asked for, or a next link pointing at itself): the server ignores `?page`, so the walk stops
///   with [`Gap::RepeatedPage`] (for a bare array this is the end of a whole list, not a gap);
/// * [`MAX_PAGES`] were read with more announced ([`Gap::PageLimit`]);
/// * entries could not be used ([`Gap::UnreadableEntries`]);
/// * fewer distinct entries arrived than the last `total` said, even after reading the first
///   page once more (entries placed during the walk push older ones onto later pages)
///   ([`Gap::ShortOfTotal`]);
/// * the caller gave up after an error ([`interrupt`](Self::interrupt), [`Gap::Interrupted`]).
///
/// An error leaves the walk unchanged: calling `next_page` again asks for the same page (after a
/// rate-limit wait, for instance).
pub struct Pages<T> {
    client: ClearChecksClient,
    endpoint: ListEndpoint,
    next: Option<PageRef>,
    max_pages: u32,
    pages_read: u32,
    seen: HashSet<String>,
    previous_keys: Option<Vec<String>>,
    skipped: u64,
    total: Option<u64>,
    last_page: Option<u32>,
    shape: Option<PageShape>,
    completeness: Completeness,
    /// The first page is being read again to catch entries that moved during the walk.
    topping_up: bool,
    topped_up: bool,
    finished: bool,
    _entries: std::marker::PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("endpoint", &self.endpoint.name)
            .field("next", &self.next)
            .field("pages_read", &self.pages_read)
            .field("completeness", &self.completeness)
            .finish_non_exhaustive()
    }
}

impl<T: ListEntry> Pages<T> {
    pub(crate) fn new(client: ClearChecksClient, endpoint: ListEndpoint, start: PageRef) -> Self {
        Self {
            client,
            endpoint,
            next: Some(start),
            max_pages: MAX_PAGES,
            pages_read: 0,
            seen: HashSet::new(),
            previous_keys: None,
            skipped: 0,
            total: None,
            last_page: None,
            shape: None,
            completeness: Completeness::complete(),
            topping_up: false,
            topped_up: false,
            finished: false,
            _entries: std::marker::PhantomData,
        }
    }

    /// Reads at most `pages` pages (at least 1; default [`MAX_PAGES`]).
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = pages.max(1);
        self
    }

    /// The next page, or `None` when the walk is over (see [`completeness`](Self::completeness)).
    /// On `Err` nothing changed: call again to ask for the same page, or [`interrupt`](Self::interrupt).
    pub async fn next_page(&mut self) -> Result<Option<ListPage<T>>, ApiError> {
        if self.finished {
            return Ok(None);
        }
        let Some(requested) = self.next.clone() else {
            self.finish();
            return Ok(None);
        };
        let page = self.fetch(&requested).await?;
        Ok(Some(self.take_in(&requested, page)))
    }

    /// Ends the walk after an error the caller will not retry: the walk is incomplete.
    pub fn interrupt(&mut self, error: &ApiError) {
        if self.finished {
            return;
        }
        self.completeness.add(Gap::Interrupted {
            page: self.pages_read + 1,
            message: error.to_string(),
        });
        self.add_unreadable();
        self.next = None;
        self.finished = true;
    }

    /// Complete unless a [`Gap`] was found; final once the walk is over.
    pub fn completeness(&self) -> &Completeness {
        &self.completeness
    }

    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Requests made so far.
    pub fn pages_read(&self) -> u32 {
        self.pages_read
    }

    /// The latest `total` a page gave.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// The shape of the first page read.
    pub fn shape(&self) -> Option<PageShape> {
        self.shape
    }

    /// What the next call asks for (`None` once the walk is over).
    pub fn next_ref(&self) -> Option<&PageRef> {
        self.next.as_ref().filter(|_| !self.finished)
    }

    /// Distinct entries seen so far.
    pub fn distinct_entries(&self) -> u64 {
        self.seen.len() as u64
    }

    /// Reads every page. An error on the first page is returned; an error on a later page ends
    /// the listing as [`Gap::Interrupted`] with what was read before it. (To wait out a rate
    /// limit instead, drive [`next_page`](Self::next_page) yourself and gather the pages with a
    /// [`Collector`].)
    pub async fn collect(mut self) -> Result<Listing<T>, ApiError> {
        let mut collector = Collector::new();
        loop {
            match self.next_page().await {
                Ok(Some(page)) => collector.add(page),
                Ok(None) => break,
                Err(error) if self.pages_read == 0 => return Err(error),
                Err(error) => {
                    tracing::warn!(
                        endpoint = self.endpoint.name,
                        kind = error.kind().as_str(),
                        pages_read = self.pages_read,
                        "a list stopped part-way"
                    );
                    self.interrupt(&error);
                    break;
                }
            }
        }
        Ok(collector.finish(&self))
    }

    async fn fetch(&self, requested: &PageRef) -> Result<ListPage<T>, ApiError> {
        let name = self.endpoint.name;
        let raw = self
            .client
            .get_bytes(name, self.endpoint.segments, &requested.query())
            .await?;
        decode_page(&raw.body, requested).map_err(|e| self.client.decode_error(name, &e))
    }

    /// Applies the guards to a page that arrived and decides what comes next.
    pub(super) fn take_in(&mut self, requested: &PageRef, page: ListPage<T>) -> ListPage<T> {
        self.pages_read += 1;
        let ordinal = self.pages_read;
        self.shape.get_or_insert(page.shape);
        self.total = page.total.or(self.total);
        self.last_page = page.last_page.or(self.last_page);
        let keys: Vec<String> = page
            .items
            .iter()
            .map(|item| item.entry_key().into_owned())
            .collect();
        tracing::debug!(
            endpoint = self.endpoint.name,
            page = %requested,
            shape = page.shape.as_str(),
            items = keys.len(),
            skipped = page.skipped,
            "list page"
        );
        if self.topping_up {
            self.seen.extend(keys);
            self.topping_up = false;
            self.next = None;
            self.finish();
            return page;
        }
        self.skipped += page.skipped as u64;
        let repeated = ordinal > 1 && self.repeats(requested, &page, &keys);
        self.seen.extend(keys.iter().cloned());
        self.previous_keys = Some(keys);
        if repeated {
            if !page.shape.is_probed() {
                self.completeness.add(Gap::RepeatedPage { page: ordinal });
            }
            self.next = None;
            self.finish();
            return page;
        }
        self.next = page.next.clone();
        if page.shape.is_probed() && page.entries() == 0 {
            self.next = None;
        }
        if self.next.is_some() && ordinal >= self.max_pages {
            self.completeness.add(Gap::PageLimit { pages: ordinal });
            self.next = None;
            self.finish();
        } else if self.next.is_none() {
            self.finish();
        }
        page
    }

    /// The server answered `requested` with the page before it again.
    fn repeats(&self, requested: &PageRef, page: &ListPage<T>, keys: &[String]) -> bool {
        let same_entries = !keys.is_empty() && self.previous_keys.as_deref() == Some(keys);
        let other_number = !page.shape.is_probed()
            && matches!((requested, page.current_page), (PageRef::Number(asked), Some(got)) if got != *asked);
        let points_at_itself = page.next.as_ref() == Some(requested);
        same_entries || other_number || points_at_itself
    }

    /// The position of the walk, for progress ("page 4 of 7").
    pub fn progress(&self) -> Progress {
        Progress {
            pages_read: self.pages_read,
            last_page: self.last_page,
            total: self.total,
            distinct_entries: self.distinct_entries(),
        }
    }

    /// The end of the walk: checks the `total` (reading the first page once more if entries
    /// seem to have moved), then records unreadable entries.
    fn finish(&mut self) {
        if self.finished {
            return;
        }
        let shape_has_total = matches!(
            self.shape,
            Some(PageShape::LengthAware | PageShape::Resource)
        );
        if let Some(expected) = self.total {
            let received = self.distinct_entries();
            if received < expected {
                if shape_has_total
                    && self.completeness.is_complete()
                    && !self.topped_up
                    && self.pages_read < self.max_pages
                {
                    self.topped_up = true;
                    self.topping_up = true;
                    self.next = Some(PageRef::first());
                    return;
                }
                // Next to another gap the shortfall says nothing new.
                if self.completeness.is_complete() {
                    self.completeness
                        .add(Gap::ShortOfTotal { expected, received });
                }
            }
        }
        self.add_unreadable();
        self.finished = true;
    }

    fn add_unreadable(&mut self) {
        if self.skipped > 0 {
            self.completeness.add(Gap::UnreadableEntries {
                count: self.skipped,
            });
        }
    }
}

// A sync engine walks lists in spawned tasks: the walk and its futures must be `Send` (this
// fails to compile otherwise).
const _: () = {
    fn send<T: Send>(_: &T) {}
    #[allow(dead_code)]
    fn walks_are_send(mut walk: Pages<crate::reports::ReportListItem>) {
        send(&walk);
        send(&walk.next_page());
        send(&walk.collect());
    }
};

/// Where a walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub pages_read: u32,
    /// The latest `last_page` a page gave, when its shape has one.
    pub last_page: Option<u32>,
    pub total: Option<u64>,
    pub distinct_entries: u64,
}

/// Gathers the pages of a walk into a [`Listing`]: each entry once (its first occurrence).
pub struct Collector<T> {
    keys: HashSet<String>,
    items: Vec<T>,
}

impl<T: ListEntry> Default for Collector<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: ListEntry> Collector<T> {
    pub fn new() -> Self {
        Self {
            keys: HashSet::new(),
            items: Vec::new(),
        }
    }

    pub fn add(&mut self, page: ListPage<T>) {
        for item in page.items {
            if self.keys.insert(item.entry_key().into_owned()) {
                self.items.push(item);
            }
        }
    }

    /// The listing, with the walk's completeness (final once the walk is over).
    pub fn finish(self, walk: &Pages<T>) -> Listing<T> {
        Listing {
            items: self.items,
            completeness: walk.completeness.clone(),
            pages_read: walk.pages_read,
            total: walk.total,
            shape: walk.shape,
        }
    }
}

//! Paginated lists, whatever shape the server gives them, and whether a list is provably whole.
//!
//! The contract (§2.4, U4) assumes Laravel's length-aware paginator, but a Laravel backend can
//! answer a list in several shapes, and the client must read all of them to the end:
//!
//! | [`PageShape`] | what the body looks like | how the next page is found |
//! |---|---|---|
//! | `LengthAware` | `paginate()`: `data`, `current_page`, `last_page`, `total`, `next_page_url` | `current_page < last_page`, or `next_page_url` |
//! | `Resource` | an API Resource collection: `data`, `meta{current_page, last_page, total…}`, `links{next…}` | `links.next`, or `meta` page numbers |
//! | `Simple` | `simplePaginate()`: `next_page_url` only, no total | `next_page_url` |
//! | `Cursor` | `cursorPaginate()`: `next_cursor` (top level or in `meta`), `next_page_url?cursor=…` | the cursor |
//! | `BareArray` | a JSON array, no envelope | probed: the next page is asked for, and an empty or identical answer ends the list |
//! | `Unpaginated` | `{"data": [...]}` and no pagination keys | probed, like a bare array |
//!
//! A page is asked for by a [`PageRef`] and answered as a [`ListPage`]: its items, the reference
//! to the next page (if any), `total`/`last_page` when the shape has them, the shape detected and
//! how many entries could not be used (`null` elements, entries without an id).
//!
//! [`Pages`] walks a list page by page and keeps the guards: a server that ignores `?page` (the
//! same page twice) is stopped and reported, so is a page cap, a `total` that was not reached,
//! entries that could not be read, and an error after the first page. A walk ends in a
//! [`Listing`]: the items plus [`Completeness`]. **A list is only ever called complete when the
//! walk proved it**; everything else carries the reasons ([`Gap`]) a coordinator can read.

mod decode;
mod entry;
mod signals;
mod walk;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use decode::decode_page;
pub(crate) use entry::buffered_entry;
pub use entry::ListEntry;
pub use walk::{Collector, ListEndpoint, Pages, Progress, MAX_PAGES};

/// Which page to ask for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum PageRef {
    /// `?page=N` (1-based).
    Number(u32),
    /// `?cursor=…`, exactly as the server gave it.
    Cursor(String),
    /// The query of the server's next-page link when it is neither a page number nor a cursor
    /// (any `api_token` removed; the client adds its own).
    Query(Vec<(String, String)>),
}

impl PageRef {
    /// Page 1: where every walk starts.
    pub fn first() -> Self {
        Self::Number(1)
    }

    /// The query pairs this reference adds to the list's URL.
    pub(crate) fn query(&self) -> Vec<(&str, String)> {
        match self {
            Self::Number(n) => vec![("page", (*n).max(1).to_string())],
            Self::Cursor(cursor) => vec![("cursor", cursor.clone())],
            Self::Query(pairs) => pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect(),
        }
    }
}

impl From<u32> for PageRef {
    fn from(page: u32) -> Self {
        Self::Number(page.max(1))
    }
}

impl fmt::Display for PageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "page {n}"),
            Self::Cursor(_) => f.write_str("the next cursor"),
            Self::Query(_) => f.write_str("the next page link"),
        }
    }
}

/// The shape a list page arrived in (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum PageShape {
    LengthAware,
    Resource,
    Simple,
    Cursor,
    BareArray,
    Unpaginated,
}

impl PageShape {
    /// The shape has no pagination of its own: the next page is only a probe.
    pub fn is_probed(self) -> bool {
        matches!(self, Self::BareArray | Self::Unpaginated)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::LengthAware => "length-aware paginator",
            Self::Resource => "API resource collection",
            Self::Simple => "simple paginator",
            Self::Cursor => "cursor paginator",
            Self::BareArray => "bare array",
            Self::Unpaginated => "unpaginated data",
        }
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage<T> {
    /// The usable entries, in the server's order.
    pub items: Vec<T>,
    /// Entries on this page that could not be used: `null` elements, entries of the wrong type,
    /// entries without an id. They are skipped, never fatal, and counted here.
    pub skipped: usize,
    /// The next page, as far as this page tells. For probed shapes
    /// ([`PageShape::is_probed`]) it is `Some` whenever this page had entries: only asking
    /// tells whether there are more.
    pub next: Option<PageRef>,
    /// `current_page`, when the shape has page numbers.
    pub current_page: Option<u32>,
    pub last_page: Option<u32>,
    pub per_page: Option<u32>,
    /// How many entries the whole list has, when the shape says (`total`).
    pub total: Option<u64>,
    pub shape: PageShape,
}

impl<T> ListPage<T> {
    /// Whether the page points at a next one.
    pub fn has_more(&self) -> bool {
        self.next.is_some()
    }

    /// Entries this page held, usable or not.
    pub fn entries(&self) -> usize {
        self.items.len() + self.skipped
    }
}

/// Why a list could not be proved complete. Several can apply to one list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Gap {
    /// The server answered the request for `page` with the page before it again (it ignores
    /// `?page`, or its next link points at itself); reading stopped there.
    RepeatedPage { page: u32 },
    /// Reading stopped after `pages` pages, the most one walk reads, with more announced.
    PageLimit { pages: u32 },
    /// `count` entries could not be read (`null` elements, entries without an id).
    UnreadableEntries { count: u64 },
    /// The server's `total` said `expected`, but only `received` distinct entries arrived
    /// (entries may have moved between pages while they were read).
    ShortOfTotal { expected: u64, received: u64 },
    /// Reading `page` failed after retries; the entries before it are kept.
    Interrupted { page: u32, message: String },
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RepeatedPage { page } => write!(
                f,
                "ClearChecks kept sending the same page (it answered page {page} with the page before it)"
            ),
            Self::PageLimit { pages } => write!(
                f,
                "stopped after {pages} pages, the most one listing reads, with more announced"
            ),
            Self::UnreadableEntries { count: 1 } => f.write_str("1 entry could not be read"),
            Self::UnreadableEntries { count } => write!(f, "{count} entries could not be read"),
            Self::ShortOfTotal { expected, received } => write!(
                f,
                "ClearChecks said there are {expected} entries but sent {received}"
            ),
            Self::Interrupted { page, message } => {
                write!(f, "reading stopped at page {page}: {message}")
            }
        }
    }
}

/// Whether a list is provably whole. `Default` is complete.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Completeness {
    /// Empty when the list is complete.
    pub gaps: Vec<Gap>,
}

impl Completeness {
    pub fn complete() -> Self {
        Self::default()
    }

    pub fn is_complete(&self) -> bool {
        self.gaps.is_empty()
    }

    pub(crate) fn add(&mut self, gap: Gap) {
        if !self.gaps.contains(&gap) {
            self.gaps.push(gap);
        }
    }
}

/// `complete`, or the reasons joined with `; `.
impl fmt::Display for Completeness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.gaps.is_empty() {
            return f.write_str("complete");
        }
        let reasons: Vec<String> = self.gaps.iter().map(Gap::to_string).collect();
        f.write_str(&reasons.join("; "))
    }
}

/// A whole list as read: the distinct entries (first occurrence kept) and whether that is all.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing<T> {
    pub items: Vec<T>,
    pub completeness: Completeness,
    /// Pages (requests) read.
    pub pages_read: u32,
    /// The server's latest `total`, when its shape has one.
    pub total: Option<u64>,
    /// The shape of the first page.
    pub shape: Option<PageShape>,
}

impl<T> Listing<T> {
    pub fn is_complete(&self) -> bool {
        self.completeness.is_complete()
    }
}

#[cfg(test)]
mod tests;

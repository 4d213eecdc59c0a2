//! `GET /reports/all`: the order list, one page at a time ([`ClearChecksClient::list_reports_page`],
//! [`ClearChecksClient::report_pages`]) or whole ([`ClearChecksClient::list_all_reports`]), in
//! any of the page shapes of [`crate::pagination`].
//!
//! An entry needs only a `report_key`; every other field is optional and read leniently. Each
//! field has a canonical name and the aliases a Laravel backend adds (Eloquent's `created_at`
//! next to `order_date`, `email` next to `applicant_email`, …): when both are present the
//! canonical one wins (an alias only fills in when the canonical field is missing or is not a
//! readable date), and the pair never fails the entry, let alone the list.

mod wire;

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::de::MapAccess;
use serde::Serialize;

use crate::error::ApiError;
use crate::http::ClearChecksClient;
use crate::pagination::{decode_page, ListEndpoint, ListEntry, ListPage, Listing, PageRef, Pages};
use crate::status::StatusLetter;

/// The order list endpoint.
pub const REPORTS_LIST: ListEndpoint = ListEndpoint {
    name: "GET /reports/all",
    segments: &["reports", "all"],
};

/// One order line from the list. Only `report_key` is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportListItem {
    pub report_key: String,
    pub applicant_email: Option<String>,
    pub applicant_name: Option<String>,
    pub report_sku: Option<String>,
    pub status: Option<StatusLetter>,
    pub flagged_for_end_user_review: Option<bool>,
    pub ordered_at: Option<DateTime<Utc>>,
    /// The order date as sent, when it was sent but could not be read (`ordered_at` is then
    /// `None`): shown as "unknown date", never as "no date".
    pub ordered_at_unreadable: Option<String>,
    pub completed_at: Option<DateTime<Utc>>,
    /// Like `ordered_at_unreadable`, for the completion date.
    pub completed_at_unreadable: Option<String>,
    pub invite_url: Option<String>,
}

impl ReportListItem {
    /// An item with only its key (tests and placeholders).
    pub fn new(report_key: impl Into<String>) -> Self {
        Self {
            report_key: report_key.into(),
            applicant_email: None,
            applicant_name: None,
            report_sku: None,
            status: None,
            flagged_for_end_user_review: None,
            ordered_at: None,
            ordered_at_unreadable: None,
            completed_at: None,
            completed_at_unreadable: None,
            invite_url: None,
        }
    }
}

impl ListEntry for ReportListItem {
    fn entry_key(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.report_key)
    }

    fn from_object<'de, A: MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
        wire::read_item(map)
    }
}

/// Decodes a `/reports/all` page body asked for as page 1 (the benchmark and the fuzz target
/// drive exactly the decoder the client runs).
pub fn decode_reports_page(body: &[u8]) -> Result<ListPage<ReportListItem>, serde_json::Error> {
    decode_page(body, &PageRef::first())
}

impl ClearChecksClient {
    /// One page of `GET /reports/all`: `1`, or the `next` of the page before. The page says
    /// which page comes next, the shape it arrived in, `total`/`last_page` when the shape has
    /// them, and how many entries it skipped. Prefer [`report_pages`](Self::report_pages) to walk
    /// the list: it keeps the guards against servers that repeat pages.
    pub async fn list_reports_page(
        &self,
        page: impl Into<PageRef>,
    ) -> Result<ListPage<ReportListItem>, ApiError> {
        let page = page.into();
        let raw = self
            .get_bytes(REPORTS_LIST.name, REPORTS_LIST.segments, &page.query())
            .await?;
        decode_page(&raw.body, &page).map_err(|e| self.decode_error(REPORTS_LIST.name, &e))
    }

    /// A walk through the order list from page 1 (see [`Pages`]).
    pub fn report_pages(&self) -> Pages<ReportListItem> {
        self.report_pages_from(PageRef::first())
    }

    /// A walk through the order list from `start` (a `next` kept from an earlier walk).
    pub fn report_pages_from(&self, start: PageRef) -> Pages<ReportListItem> {
        Pages::new(self.clone(), REPORTS_LIST, start)
    }

    /// Every order, each once (a key seen twice, as entries shift between pages, is kept once),
    /// with whether the list is provably complete. An error on the first page is an error; a
    /// later one ends the listing as incomplete with the orders read before it.
    pub async fn list_all_reports(&self) -> Result<Listing<ReportListItem>, ApiError> {
        self.report_pages().collect().await
    }
}

#[cfg(test)]
mod tests;

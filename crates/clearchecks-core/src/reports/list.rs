//! `GET /reports/all`: one page, or every page. Also the Laravel paginator shape shared with
//! the invoices list.

use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::http::ClearChecksClient;
use crate::status::StatusLetter;

use super::MAX_PAGES;

/// One page of a Laravel paginator (`data`, `current_page`, `last_page`, …). A bare JSON array
/// is read as a single page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub current_page: u32,
    pub last_page: u32,
    pub per_page: Option<u32>,
    pub total: Option<u64>,
    pub items: Vec<T>,
}

impl<T> Page<T> {
    pub fn has_more(&self) -> bool {
        self.current_page < self.last_page
    }

    pub(crate) fn map<U>(self, f: impl FnMut(T) -> Option<U>) -> Page<U> {
        Page {
            current_page: self.current_page,
            last_page: self.last_page,
            per_page: self.per_page,
            total: self.total,
            items: self.items.into_iter().filter_map(f).collect(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PageVisitor(PhantomData))
    }
}

struct PageVisitor<T>(PhantomData<T>);

/// The `data` array, read leniently (see `lenient::vec_or_empty`).
struct Items<T>(Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Items<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::lenient::vec_or_empty(d).map(Items)
    }
}

/// A number or numeric string.
struct Number(Option<u64>);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::lenient::opt_u64(d).map(Number)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for PageVisitor<T> {
    type Value = Page<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a paginated list or an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Page {
            current_page: 1,
            last_page: 1,
            per_page: None,
            total: Some(items.len() as u64),
            items,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items = None;
        let (mut current, mut last, mut per_page, mut total) = (None, None, None, None);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "data" => items = Some(map.next_value::<Items<T>>()?.0),
                "current_page" => current = map.next_value::<Number>()?.0,
                "last_page" => last = map.next_value::<Number>()?.0,
                "per_page" => per_page = map.next_value::<Number>()?.0,
                "total" => total = map.next_value::<Number>()?.0,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let items = items.ok_or_else(|| de::Error::missing_field("data"))?;
        let current_page = current.unwrap_or(1).clamp(1, u32::MAX as u64) as u32;
        let last_page = last
            .unwrap_or(current_page as u64)
            .clamp(1, u32::MAX as u64) as u32;
        Ok(Page {
            current_page,
            last_page: last_page.max(current_page),
            per_page: per_page.map(|p| p.min(u32::MAX as u64) as u32),
            total,
            items,
        })
    }
}

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
    pub completed_at: Option<DateTime<Utc>>,
    pub invite_url: Option<String>,
}

/// The item as sent, every field optional and with the spellings seen or likely.
#[derive(Deserialize)]
pub(crate) struct ReportListItemWire {
    #[serde(default, deserialize_with = "crate::lenient::opt_text", alias = "key")]
    report_key: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_text",
        alias = "email"
    )]
    applicant_email: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text", alias = "name")]
    applicant_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_text",
        alias = "applicant_first_name"
    )]
    first_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_text",
        alias = "applicant_last_name"
    )]
    last_name: Option<String>,
    #[serde(default)]
    applicant: Option<ApplicantWire>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text", alias = "sku")]
    report_sku: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    status: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_bool")]
    flagged_for_end_user_review: Option<bool>,
    #[serde(
        default,
        deserialize_with = "crate::dates::lenient",
        alias = "ordered_at",
        alias = "created_at"
    )]
    order_date: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "crate::dates::lenient",
        alias = "completed_at"
    )]
    completed_date: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_text",
        alias = "invite_url"
    )]
    applicant_invite_url: Option<String>,
}

/// A nested applicant object, if the list embeds one. Any other shape is ignored.
#[derive(Default)]
struct ApplicantWire {
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
}

impl<'de> Deserialize<'de> for ApplicantWire {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Fields {
            #[serde(default, deserialize_with = "crate::lenient::opt_text")]
            first_name: Option<String>,
            #[serde(default, deserialize_with = "crate::lenient::opt_text")]
            last_name: Option<String>,
            #[serde(default, deserialize_with = "crate::lenient::opt_text")]
            email: Option<String>,
        }
        let value = serde_json::Value::deserialize(d)?;
        Ok(serde_json::from_value::<Fields>(value)
            .map(|f| ApplicantWire {
                first_name: f.first_name,
                last_name: f.last_name,
                email: f.email,
            })
            .unwrap_or_default())
    }
}

fn join_name(first: Option<String>, last: Option<String>) -> Option<String> {
    let name = [first, last]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then_some(name)
}

impl ReportListItemWire {
    pub(crate) fn into_item(self) -> Option<ReportListItem> {
        let applicant = self.applicant.unwrap_or_default();
        let applicant_name = self
            .applicant_name
            .or_else(|| join_name(self.first_name, self.last_name))
            .or_else(|| join_name(applicant.first_name, applicant.last_name));
        Some(ReportListItem {
            report_key: self.report_key?,
            applicant_email: self.applicant_email.or(applicant.email),
            applicant_name,
            report_sku: self.report_sku,
            status: self.status.as_deref().map(StatusLetter::parse),
            flagged_for_end_user_review: self.flagged_for_end_user_review,
            ordered_at: self.order_date,
            completed_at: self.completed_date,
            invite_url: self.applicant_invite_url,
        })
    }
}

/// Decodes a `/reports/all` page body (also used by the benchmark).
pub fn decode_reports_page(body: &[u8]) -> Result<Page<ReportListItem>, serde_json::Error> {
    let page: Page<ReportListItemWire> = serde_json::from_slice(body)?;
    Ok(page.map(ReportListItemWire::into_item))
}

const LIST_ENDPOINT: &str = "GET /reports/all";

impl ClearChecksClient {
    /// One page of `GET /reports/all` (pages start at 1). Items without a `report_key` are
    /// dropped.
    pub async fn list_reports_page(&self, page: u32) -> Result<Page<ReportListItem>, ApiError> {
        let raw = self
            .get_bytes(
                LIST_ENDPOINT,
                &["reports", "all"],
                &[("page", page.max(1).to_string())],
            )
            .await?;
        decode_reports_page(&raw.body).map_err(|e| self.decode_error(LIST_ENDPOINT, &e))
    }

    /// Every page of `GET /reports/all`, following `last_page` (re-read on each page, so the
    /// list may grow while we read). A key seen twice (items shifting between pages) is kept
    /// once.
    pub async fn list_all_reports(&self) -> Result<Vec<ReportListItem>, ApiError> {
        let mut seen = HashSet::new();
        let mut all = Vec::new();
        let mut page_no = 1;
        loop {
            let page = self.list_reports_page(page_no).await?;
            let more = page.has_more();
            all.reserve(page.items.len());
            for item in page.items {
                if seen.insert(item.report_key.clone()) {
                    all.push(item);
                }
            }
            if !more || page_no >= MAX_PAGES {
                return Ok(all);
            }
            page_no = page.current_page.max(page_no) + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::OrderState;

    #[test]
    fn paginator_with_odd_items() {
        let body = r#"{
          "current_page": "2", "last_page": 5, "per_page": "100", "total": 450, "path": "x", "links": [],
          "data": [
            {"report_key": "k1", "applicant_email": "zoë@example.com", "applicant_name": "Zoë Ñúñez 李",
             "report_sku": "HIRE1", "status": "C", "flagged_for_end_user_review": 1,
             "order_date": {"date": "2024-01-31 12:00:00.000000", "timezone_type": 3, "timezone": "UTC"},
             "completed_date": "2024-02-02 09:00:00", "unknown": {"nested": [1]}},
            {"report_key": "k2", "email": null, "applicant_first_name": "Ada", "applicant_last_name": "Lovelace",
             "status": "Q", "order_date": [], "completed_date": null, "sku": 3},
            {"report_sku": "HIRE2"},
            {"report_key": "k3", "applicant": {"first_name": "Grace", "email": "g@example.com"}, "status": null}
          ]}"#;
        let page = decode_reports_page(body.as_bytes()).unwrap();
        assert_eq!(
            (page.current_page, page.last_page, page.per_page, page.total),
            (2, 5, Some(100), Some(450))
        );
        assert!(page.has_more());
        assert_eq!(page.items.len(), 3, "the item without a key is dropped");
        let k1 = &page.items[0];
        assert_eq!(k1.applicant_name.as_deref(), Some("Zoë Ñúñez 李"));
        assert_eq!(k1.flagged_for_end_user_review, Some(true));
        assert_eq!(
            k1.ordered_at.unwrap().to_rfc3339(),
            "2024-01-31T12:00:00+00:00"
        );
        assert_eq!(
            k1.completed_at.unwrap().to_rfc3339(),
            "2024-02-02T09:00:00+00:00"
        );
        let k2 = &page.items[1];
        assert_eq!(k2.applicant_name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(k2.status, Some(StatusLetter::Unknown("Q".into())));
        assert_eq!(
            OrderState::from_letter(k2.status.as_ref().unwrap(), false),
            OrderState::Unknown
        );
        assert_eq!((k2.ordered_at, k2.report_sku.as_deref()), (None, Some("3")));
        let k3 = &page.items[2];
        assert_eq!(
            (k3.applicant_name.as_deref(), k3.applicant_email.as_deref()),
            (Some("Grace"), Some("g@example.com"))
        );
        assert_eq!(k3.status, None);
    }

    #[test]
    fn bare_array_and_empty_data() {
        let page = decode_reports_page(br#"[{"report_key":"a"}]"#).unwrap();
        assert_eq!(
            (page.current_page, page.last_page, page.items.len()),
            (1, 1, 1)
        );
        let page =
            decode_reports_page(br#"{"data": {}, "current_page": 1, "last_page": 1}"#).unwrap();
        assert!(page.items.is_empty());
        assert!(decode_reports_page(br#"{"message": "no data"}"#).is_err());
    }
}

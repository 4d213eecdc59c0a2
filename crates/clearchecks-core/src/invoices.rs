//! Billing history: `GET /invoices` (paginated like `/reports/all`) and `GET /invoices/{id}`.
//!
//! ASSUMED CONTRACT (decision 2 of the API notes): the vendor's invoice reference could not be
//! read, so the paths and the Spark-style fields (`id`, `total`, `tax`, `created_at`, plus
//! `number`, `status`, `period`, `lines[]`) are our assumption, isolated here so a confirmed
//! contract is a one-module change. Money is `rust_decimal::Decimal`, never a float: amounts
//! arrive as decimal strings; a JSON number is converted through its shortest text form.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::dates::DateField;
use crate::error::ApiError;
use crate::http::ClearChecksClient;
use crate::pagination::{decode_page, ListEndpoint, ListEntry, ListPage, Listing, PageRef, Pages};

/// The invoice list endpoint (assumed, see the module docs).
pub const INVOICES_LIST: ListEndpoint = ListEndpoint {
    name: "GET /invoices",
    segments: &["invoices"],
};

/// One invoice in the list (IPC `InvoiceSummary`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct InvoiceSummary {
    pub id: u32,
    pub number: String,
    /// `paid`, `due`, or whatever the server says.
    pub status: String,
    pub period: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    /// The invoice date as sent, when it was sent but could not be read (`created_at` is then
    /// `None`): shown as "unknown date", never as "no date".
    pub created_at_unreadable: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub total: Decimal,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub tax: Decimal,
}

/// One line of an invoice (IPC `InvoiceLine`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct InvoiceLine {
    pub report_key: Option<String>,
    pub description: String,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub amount: Decimal,
}

/// An invoice with its lines (IPC `InvoiceDetail`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct InvoiceDetail {
    pub invoice: InvoiceSummary,
    pub lines: Vec<InvoiceLine>,
    /// Sum of the lines; `total - tax` when there are no lines.
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub subtotal: Decimal,
}

#[derive(Deserialize)]
struct InvoiceWire {
    #[serde(default, deserialize_with = "crate::lenient::opt_u64")]
    id: Option<u64>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    number: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    status: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    period: Option<String>,
    #[serde(default, deserialize_with = "crate::dates::field")]
    created_at: DateField,
    #[serde(default, deserialize_with = "money")]
    total: Option<Decimal>,
    #[serde(default, deserialize_with = "money")]
    tax: Option<Decimal>,
    #[serde(default, deserialize_with = "crate::lenient::vec_or_empty")]
    lines: Vec<LineWire>,
}

#[derive(Deserialize)]
struct LineWire {
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    report_key: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    description: Option<String>,
    #[serde(default, deserialize_with = "money")]
    amount: Option<Decimal>,
}

impl InvoiceWire {
    fn summary(&self) -> Option<InvoiceSummary> {
        let id = u32::try_from(self.id?).ok()?;
        Some(InvoiceSummary {
            id,
            number: self.number.clone().unwrap_or_else(|| id.to_string()),
            status: self.status.clone().unwrap_or_default(),
            period: self.period.clone(),
            created_at: self.created_at.at(),
            created_at_unreadable: self.created_at.unreadable().map(str::to_owned),
            total: self.total.unwrap_or_default(),
            tax: self.tax.unwrap_or_default(),
        })
    }

    /// `Ok(None)` without a usable id; an error when the amounts do not add up within
    /// `Decimal`'s range (about 7.9e28: no real invoice, but a server can send it, and an
    /// unchecked sum would panic — found by the `decode_invoices` fuzz target's invariant).
    fn detail(self) -> Result<Option<InvoiceDetail>, &'static str> {
        let Some(invoice) = self.summary() else {
            return Ok(None);
        };
        let lines: Vec<InvoiceLine> = self
            .lines
            .into_iter()
            .map(|l| InvoiceLine {
                report_key: l.report_key,
                description: l.description.unwrap_or_default(),
                amount: l.amount.unwrap_or_default(),
            })
            .collect();
        let subtotal = if lines.is_empty() {
            invoice.total.checked_sub(invoice.tax)
        } else {
            lines
                .iter()
                .try_fold(Decimal::ZERO, |sum, line| sum.checked_add(line.amount))
        }
        .ok_or("the invoice's amounts are too large to add up")?;
        Ok(Some(InvoiceDetail {
            invoice,
            lines,
            subtotal,
        }))
    }
}

impl ListEntry for InvoiceSummary {
    fn entry_key(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Owned(self.id.to_string())
    }

    fn from_object<'de, A: de::MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
        crate::pagination::buffered_entry(map, |wire: InvoiceWire| wire.summary())
    }
}

/// Decodes a `GET /invoices` page body asked for as page 1; invoices without an id are skipped.
/// Public so the fuzz target (`fuzz/`) drives exactly the code the client runs.
pub fn decode_invoices_page(body: &[u8]) -> Result<ListPage<InvoiceSummary>, serde_json::Error> {
    decode_page(body, &PageRef::first())
}

/// Decodes a `GET /invoices/{id}` body; `Ok(None)` when it has no usable id.
pub fn decode_invoice(body: &[u8]) -> Result<Option<InvoiceDetail>, serde_json::Error> {
    let wire: InvoiceWire = crate::lenient::from_slice_unwrapped(body)?;
    wire.detail().map_err(de::Error::custom)
}

/// An amount: `"12.50"`, `"$1,234.00"`, `12.5` or `12`. Anything else is absent.
fn money<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    d.deserialize_any(MoneyVisitor)
}

struct MoneyVisitor;

impl<'de> Visitor<'de> for MoneyVisitor {
    type Value = Option<Decimal>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal amount")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let cleaned: String = v
            .trim()
            .chars()
            .filter(|c| !matches!(c, '$' | ',' | ' '))
            .collect();
        Ok(Decimal::from_str(&cleaned).ok())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // `to_string` gives the shortest text that round-trips (12.1, not 12.0999…).
        Ok(Decimal::from_str(&v.to_string()).ok())
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E: de::Error>(self, _v: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(None)
    }
}

impl ClearChecksClient {
    /// One page of `GET /invoices`. Invoices without an id are skipped (and counted).
    pub async fn list_invoices_page(
        &self,
        page: impl Into<PageRef>,
    ) -> Result<ListPage<InvoiceSummary>, ApiError> {
        let page = page.into();
        let raw = self
            .get_bytes(INVOICES_LIST.name, INVOICES_LIST.segments, &page.query())
            .await?;
        decode_page(&raw.body, &page).map_err(|e| self.decode_error(INVOICES_LIST.name, &e))
    }

    /// A walk through the invoice list from page 1 (see [`Pages`]).
    pub fn invoice_pages(&self) -> Pages<InvoiceSummary> {
        Pages::new(self.clone(), INVOICES_LIST, PageRef::first())
    }

    /// Every invoice, with whether the list is provably complete (see [`Pages`]).
    pub async fn list_invoices(&self) -> Result<Listing<InvoiceSummary>, ApiError> {
        self.invoice_pages().collect().await
    }

    /// `GET /invoices/{id}`.
    pub async fn invoice(&self, id: u32) -> Result<InvoiceDetail, ApiError> {
        let endpoint = "GET /invoices/{id}";
        let raw = self
            .get_bytes(endpoint, &["invoices", &id.to_string()], &[])
            .await?;
        let detail = decode_invoice(&raw.body).map_err(|e| self.decode_error(endpoint, &e))?;
        detail.ok_or_else(|| ApiError::Decode {
            endpoint: endpoint.into(),
            detail: "the invoice has no id".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_decimals() {
        let body = r#"{"id": 3, "number": "INV-0003", "status": "paid", "period": "2026-10",
            "created_at": "2026-11-01 00:00:00", "total": "107.10", "tax": 7.1, "team_id": 1,
            "lines": [{"report_key": "k1", "description": "HIRE1 — Zoë", "amount": "$50.00"},
                      {"description": "HIRE2", "amount": 50}, {"report_key": null, "amount": null}]}"#;
        let detail = decode_invoice(body.as_bytes()).unwrap().unwrap();
        assert_eq!(detail.invoice.total, Decimal::from_str("107.10").unwrap());
        assert_eq!(detail.invoice.tax.to_string(), "7.1");
        assert_eq!(detail.subtotal, Decimal::from(100));
        assert_eq!(detail.lines[2].amount, Decimal::ZERO);
        let json = serde_json::to_value(&detail.invoice).unwrap();
        assert_eq!(
            json["total"], "107.10",
            "amounts cross the IPC boundary as strings"
        );
        assert_eq!(json["createdAt"], "2026-11-01T00:00:00Z");
    }

    #[test]
    fn subtotal_without_lines_and_missing_fields() {
        let detail =
            decode_invoice(br#"{"id": "9", "total": "10.00", "tax": "0.80", "lines": {}}"#)
                .unwrap()
                .unwrap();
        assert_eq!(detail.subtotal.to_string(), "9.20");
        assert_eq!(
            (
                detail.invoice.number.as_str(),
                detail.invoice.status.as_str()
            ),
            ("9", "")
        );
        assert!(decode_invoice(br#"{"total": "1"}"#).unwrap().is_none());
    }

    /// Regression for the `decode_invoices` fuzz target: amounts at the edge of `Decimal`'s range
    /// once made the subtotal panic ("Addition overflowed"), which aborts the release app.
    #[test]
    fn amounts_that_overflow_are_a_decode_error_not_a_panic() {
        const MAX: &str = "79228162514264337593543950335";
        let lines =
            format!(r#"{{"id": 1, "lines": [{{"amount": "{MAX}"}}, {{"amount": "{MAX}"}}]}}"#);
        let no_lines = format!(r#"{{"id": 1, "total": "-{MAX}", "tax": "{MAX}"}}"#);
        for body in [lines, no_lines] {
            let error = decode_invoice(body.as_bytes()).unwrap_err();
            assert!(error.to_string().contains("too large to add up"), "{error}");
        }
        // The largest amounts that do add up are kept exactly.
        let fits = format!(r#"{{"id": 1, "lines": [{{"amount": "{MAX}"}}, {{"amount": "-1"}}]}}"#);
        let detail = decode_invoice(fits.as_bytes()).unwrap().unwrap();
        assert_eq!(detail.subtotal, Decimal::MAX - Decimal::ONE);
    }

    /// A date that was sent but cannot be read is kept as sent (an "unknown date"), never
    /// confused with no date; no date, MySQL's zero date and a readable one are told apart.
    #[test]
    fn an_unreadable_invoice_date_keeps_its_raw_text() {
        let page = decode_invoices_page(
            br#"{"data":[{"id":1,"created_at":"01/12/2026 09:00"},{"id":2,"created_at":"0000-00-00 00:00:00"},
                {"id":3},{"id":4,"created_at":1764579600}],"current_page":1,"last_page":1}"#,
        )
        .unwrap();
        let dates: Vec<_> = page
            .items
            .iter()
            .map(|i| (i.created_at.is_some(), i.created_at_unreadable.as_deref()))
            .collect();
        assert_eq!(
            dates,
            [
                (false, Some("01/12/2026 09:00")),
                (false, None),
                (false, None),
                (true, None)
            ]
        );
        let detail = decode_invoice(br#"{"id": 5, "created_at": {"date": "soon"}}"#)
            .unwrap()
            .unwrap();
        assert_eq!(detail.invoice.created_at, None);
        assert!(detail.invoice.created_at_unreadable.is_some());
        let json = serde_json::to_value(&page.items[0]).unwrap();
        assert_eq!(json["createdAtUnreadable"], "01/12/2026 09:00");
        assert_eq!(json["createdAt"], serde_json::Value::Null);
    }

    #[test]
    fn list_page() {
        let page = decode_invoices_page(
            br#"{"data":[{"id":1,"total":"5"},{"total":"6"},{"id":"2","total":7.25}],"current_page":1,"last_page":2}"#,
        )
        .unwrap();
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.skipped, 1, "the invoice without an id");
        assert_eq!(page.items[1].id, 2, "an id as a string");
        assert_eq!(page.items[1].total.to_string(), "7.25");
        assert!(page.has_more());
    }
}

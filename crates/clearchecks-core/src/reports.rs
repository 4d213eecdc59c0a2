//! Reading orders back: the paginated list (`GET /reports/all`), one report's status
//! (`GET /reports/{key}/status`), the full report (`GET /report/{key}`), the report widget token
//! (`GET /report/{key}/widget-token`) and the PDF (`GET /report/{key}/pdf`).
//!
//! Note the contract's singular/plural split: `/reports/…` for status and listing, `/report/…`
//! for the report itself. List items tolerate several spellings of each field because the real
//! item shape is not documented (contract §2.4).

mod list;
mod pdf;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::http::ClearChecksClient;
use crate::status::{ComponentStatus, OrderState, StatusLetter};

pub use list::{decode_reports_page, ReportListItem, REPORTS_LIST};
pub use pdf::PdfDownload;

/// `GET /reports/{key}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportStatus {
    /// The overall letter.
    #[serde(default = "unknown_letter")]
    pub status: StatusLetter,
    #[serde(default, deserialize_with = "flag")]
    pub flagged_for_end_user_review: bool,
    /// Component key (`mvd_status`, …) → letter. Only ordered components appear; may be empty.
    #[serde(default, deserialize_with = "crate::lenient::map_or_empty")]
    pub reports: BTreeMap<String, StatusLetter>,
}

fn unknown_letter() -> StatusLetter {
    StatusLetter::Unknown(String::new())
}

fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(crate::lenient::opt_bool(d)?.unwrap_or(false))
}

impl ReportStatus {
    pub fn state(&self) -> OrderState {
        OrderState::from_letter(&self.status, self.flagged_for_end_user_review)
    }

    /// Components with labels, `background_report` first, the rest in key order.
    pub fn components(&self) -> Vec<ComponentStatus> {
        let mut out: Vec<ComponentStatus> = self
            .reports
            .iter()
            .map(|(key, letter)| ComponentStatus::new(key, letter))
            .collect();
        out.sort_by_key(|c| c.key != "background_report");
        out
    }
}

/// `GET /report/{key}`: the known parts typed, everything kept in `raw`.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub report_description: Option<String>,
    pub order_date: Option<DateTime<Utc>>,
    pub completed_date: Option<DateTime<Utc>>,
    pub subject: Option<ReportSubject>,
    pub criminal_records: Option<CriminalRecords>,
    pub county_records: Vec<CountyRecord>,
    /// The whole body as sent, for sections this version does not model.
    pub raw: serde_json::Value,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSubject {
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub last_name: Option<String>,
    /// Masked or last four digits, as the API sends it.
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub ssn: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriminalRecords {
    #[serde(default, deserialize_with = "crate::lenient::opt_u64")]
    pub count: Option<u64>,
    #[serde(default, deserialize_with = "crate::lenient::vec_or_empty")]
    pub records: Vec<CriminalRecord>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriminalRecord {
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub case_number: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub jurisdiction: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::vec_or_empty")]
    pub offenses: Vec<Offense>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offense {
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub offensedescription: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub offensedate: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub casetype: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub court: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountyRecord {
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub county: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub result: Option<String>,
}

impl Report {
    /// Builds the typed view of a report body. Never fails on the shape of a section: a
    /// section that does not fit is left `None`/empty and still available in `raw`.
    pub fn from_value(raw: serde_json::Value) -> Self {
        #[derive(Deserialize)]
        struct Dates {
            #[serde(default, deserialize_with = "crate::dates::lenient")]
            order_date: Option<DateTime<Utc>>,
            #[serde(default, deserialize_with = "crate::dates::lenient")]
            completed_date: Option<DateTime<Utc>>,
            #[serde(default, deserialize_with = "crate::lenient::opt_text")]
            report_description: Option<String>,
        }
        let section = |name: &str| raw.get(name).filter(|v| v.is_object()).cloned();
        let dates: Option<Dates> = serde_json::from_value(raw.clone()).ok();
        let county_records = raw
            .pointer("/county_criminal/county_records")
            .and_then(|v| serde_json::from_value::<Vec<CountyRecord>>(v.clone()).ok())
            .unwrap_or_default();
        Self {
            report_description: dates.as_ref().and_then(|d| d.report_description.clone()),
            order_date: dates.as_ref().and_then(|d| d.order_date),
            completed_date: dates.as_ref().and_then(|d| d.completed_date),
            subject: section("subject").and_then(|v| serde_json::from_value(v).ok()),
            criminal_records: section("criminal_records")
                .and_then(|v| serde_json::from_value(v).ok()),
            county_records,
            raw,
        }
    }
}

/// A single-use token that opens the report widget once. Debug output hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct ReportWidgetToken(String);

impl ReportWidgetToken {
    /// The JWT, to hand to `ClearChecksReportWidget.init({ token })` and nowhere else.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ReportWidgetToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReportWidgetToken(<redacted>)")
    }
}

pub(crate) fn check_report_key(report_key: &str) -> Result<&str, ApiError> {
    let key = report_key.trim();
    if key.is_empty() {
        return Err(ApiError::invalid_input(
            "report_key",
            "The report key is empty.",
        ));
    }
    Ok(key)
}

impl ClearChecksClient {
    /// `GET /reports/{key}/status`.
    pub async fn report_status(&self, report_key: &str) -> Result<ReportStatus, ApiError> {
        let key = check_report_key(report_key)?;
        self.get_json(
            "GET /reports/{key}/status",
            &["reports", key, "status"],
            &[],
        )
        .await
    }

    /// `GET /report/{key}`: the full report.
    pub async fn report(&self, report_key: &str) -> Result<Report, ApiError> {
        let key = check_report_key(report_key)?;
        let raw: serde_json::Value = self
            .get_json("GET /report/{key}", &["report", key], &[])
            .await?;
        if !raw.is_object() {
            return Err(ApiError::Decode {
                endpoint: "GET /report/{key}".into(),
                detail: "expected a JSON object".into(),
            });
        }
        Ok(Report::from_value(raw))
    }

    /// `GET /report/{key}/widget-token`: mint right before opening the widget (single use).
    pub async fn report_widget_token(
        &self,
        report_key: &str,
    ) -> Result<ReportWidgetToken, ApiError> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(default, deserialize_with = "crate::lenient::opt_text")]
            report_token: Option<String>,
        }
        let key = check_report_key(report_key)?;
        let endpoint = "GET /report/{key}/widget-token";
        let wire: Wire = self
            .get_json(endpoint, &["report", key, "widget-token"], &[])
            .await?;
        wire.report_token
            .map(ReportWidgetToken)
            .ok_or_else(|| ApiError::Decode {
                endpoint: endpoint.into(),
                detail: "the answer has no report_token".into(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_tolerates_php_shapes() {
        let s: ReportStatus = serde_json::from_str(
            r#"{"status":"P","flagged_for_end_user_review":"0","reports":[]}"#,
        )
        .unwrap();
        assert_eq!(s.state(), OrderState::InProgress);
        assert!(s.reports.is_empty());
        let s: ReportStatus = serde_json::from_str(
            r#"{"status":"C","flagged_for_end_user_review":true,"extra":{"a":1},
               "reports":{"mvd_status":"C","background_report":"C","new_thing_status":"Q","bad":null}}"#,
        )
        .unwrap();
        assert_eq!(s.state(), OrderState::NeedsReview);
        let components = s.components();
        assert_eq!(components[0].key, "background_report");
        assert_eq!(components.len(), 3);
        assert_eq!(
            components
                .iter()
                .find(|c| c.key == "new_thing_status")
                .unwrap()
                .state,
            OrderState::Unknown
        );
        let s: ReportStatus = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!(s.state(), OrderState::Unknown);
    }

    #[test]
    fn full_report_typed_where_known() {
        let raw = serde_json::json!({
            "report_description": "Standard",
            "order_date": {"date": "2024-01-31 12:00:00.000000", "timezone_type": 3, "timezone": "UTC"},
            "completed_date": null,
            "subject": {"ssn": "XXX-XX-1234", "first_name": "Zoë"},
            "criminal_records": {"count": "1", "records": [{"first_name": "Zoë", "offenses": [{"court": "Denver"}]}]},
            "county_criminal": {"county_records": [{"state": "CO", "county": "Denver", "result": "clear"}]},
            "mvr": {"whatever": [1, 2]}
        });
        let report = Report::from_value(raw);
        assert_eq!(report.report_description.as_deref(), Some("Standard"));
        assert_eq!(
            report.order_date.unwrap().to_rfc3339(),
            "2024-01-31T12:00:00+00:00"
        );
        assert_eq!(report.completed_date, None);
        assert_eq!(report.subject.unwrap().ssn.as_deref(), Some("XXX-XX-1234"));
        let records = report.criminal_records.unwrap();
        assert_eq!(records.count, Some(1));
        assert_eq!(
            records.records[0].offenses[0].court.as_deref(),
            Some("Denver")
        );
        assert_eq!(report.county_records.len(), 1);
        assert_eq!(report.raw["mvr"]["whatever"][1], 2);
    }

    #[test]
    fn report_with_odd_sections_still_parses() {
        let report = Report::from_value(
            serde_json::json!({"subject": [], "criminal_records": null, "order_date": "garbage"}),
        );
        assert_eq!(
            (report.subject, report.criminal_records, report.order_date),
            (None, None, None)
        );
    }

    #[test]
    fn widget_token_is_not_printed() {
        assert!(!format!("{:?}", ReportWidgetToken("jwt.secret".into())).contains("jwt"));
    }
}

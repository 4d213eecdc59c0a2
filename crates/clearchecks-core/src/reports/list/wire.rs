//! One `/reports/all` entry as sent: every spelling seen or likely, ranked, read in one pass.

use std::borrow::Cow;

use serde::de::{Deserializer, IgnoredAny, MapAccess};
use serde::Deserialize;

use super::ReportListItem;
use crate::dates::{DateField, LenientDate};
use crate::status::StatusLetter;

/// The best value seen for one field: the lowest rank wins (0 = the canonical name).
struct Ranked<T> {
    value: Option<(u8, T)>,
}

impl<T> Default for Ranked<T> {
    fn default() -> Self {
        Self { value: None }
    }
}

impl<T> Ranked<T> {
    fn offer(&mut self, rank: u8, value: Option<T>) {
        let Some(value) = value else { return };
        if self.value.as_ref().is_none_or(|(best, _)| rank < *best) {
            self.value = Some((rank, value));
        }
    }

    fn take(self) -> Option<T> {
        self.value.map(|(_, v)| v)
    }
}

/// Date candidates by rank; the canonical one wins unless only an alias is readable.
#[derive(Default)]
struct RankedDate {
    candidates: Vec<(u8, DateField)>,
}

impl RankedDate {
    fn offer(&mut self, rank: u8, value: DateField) {
        self.candidates.push((rank, value));
    }

    fn take(mut self) -> DateField {
        self.candidates.sort_by_key(|(rank, _)| *rank);
        self.candidates
            .into_iter()
            .map(|(_, date)| date)
            .reduce(DateField::or_better)
            .unwrap_or_default()
    }
}

struct Text(Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::lenient::opt_text(d).map(Text)
    }
}

struct Flag(Option<bool>);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::lenient::opt_bool(d).map(Flag)
    }
}

#[derive(Default)]
struct Fields {
    report_key: Ranked<String>,
    email: Ranked<String>,
    name: Ranked<String>,
    first_name: Ranked<String>,
    last_name: Ranked<String>,
    applicant: Option<Applicant>,
    sku: Ranked<String>,
    status: Ranked<String>,
    flagged: Ranked<bool>,
    ordered: RankedDate,
    completed: RankedDate,
    invite_url: Ranked<String>,
}

/// Reads one entry object; `None` without a report key.
pub(super) fn read_item<'de, A: MapAccess<'de>>(
    mut map: A,
) -> Result<Option<ReportListItem>, A::Error> {
    let mut f = Fields::default();
    while let Some(key) = map.next_key::<Cow<'de, str>>()? {
        let text = |map: &mut A| map.next_value::<Text>().map(|t| t.0);
        match key.as_ref() {
            "report_key" => f.report_key.offer(0, text(&mut map)?),
            "key" => f.report_key.offer(1, text(&mut map)?),
            "applicant_email" => f.email.offer(0, text(&mut map)?),
            "email" => f.email.offer(1, text(&mut map)?),
            "applicant_name" => f.name.offer(0, text(&mut map)?),
            "name" => f.name.offer(1, text(&mut map)?),
            "applicant_first_name" => f.first_name.offer(0, text(&mut map)?),
            "first_name" => f.first_name.offer(1, text(&mut map)?),
            "applicant_last_name" => f.last_name.offer(0, text(&mut map)?),
            "last_name" => f.last_name.offer(1, text(&mut map)?),
            "applicant" => f.applicant = Some(map.next_value::<Applicant>()?),
            "report_sku" => f.sku.offer(0, text(&mut map)?),
            "sku" => f.sku.offer(1, text(&mut map)?),
            "status" => f.status.offer(0, text(&mut map)?),
            "report_status" => f.status.offer(1, text(&mut map)?),
            "flagged_for_end_user_review" => f.flagged.offer(0, map.next_value::<Flag>()?.0),
            "flagged" => f.flagged.offer(1, map.next_value::<Flag>()?.0),
            "order_date" => f.ordered.offer(0, map.next_value::<LenientDate>()?.0),
            "ordered_at" => f.ordered.offer(1, map.next_value::<LenientDate>()?.0),
            "created_at" => f.ordered.offer(2, map.next_value::<LenientDate>()?.0),
            "completed_date" => f.completed.offer(0, map.next_value::<LenientDate>()?.0),
            "completed_at" => f.completed.offer(1, map.next_value::<LenientDate>()?.0),
            "applicant_invite_url" => f.invite_url.offer(0, text(&mut map)?),
            "invite_url" => f.invite_url.offer(1, text(&mut map)?),
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(f.into_item())
}

impl Fields {
    fn into_item(self) -> Option<ReportListItem> {
        let report_key = self.report_key.take()?;
        let applicant = self.applicant.unwrap_or_default();
        let applicant_name = self
            .name
            .take()
            .or_else(|| join_name(self.first_name.take(), self.last_name.take()))
            .or_else(|| join_name(applicant.first_name, applicant.last_name))
            .or(applicant.name);
        let ordered = self.ordered.take();
        let completed = self.completed.take();
        Some(ReportListItem {
            report_key,
            applicant_email: self.email.take().or(applicant.email),
            applicant_name,
            report_sku: self.sku.take(),
            status: self.status.take().as_deref().map(StatusLetter::parse),
            flagged_for_end_user_review: self.flagged.take(),
            ordered_at: ordered.at(),
            ordered_at_unreadable: ordered.unreadable().map(str::to_owned),
            completed_at: completed.at(),
            completed_at_unreadable: completed.unreadable().map(str::to_owned),
            invite_url: self.invite_url.take(),
        })
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

/// A nested applicant object, if the list embeds one. Any other shape is ignored.
#[derive(Default)]
struct Applicant {
    first_name: Option<String>,
    last_name: Option<String>,
    name: Option<String>,
    email: Option<String>,
}

impl<'de> Deserialize<'de> for Applicant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Fields {
            #[serde(default, deserialize_with = "crate::lenient::opt_text")]
            first_name: Option<String>,
            #[serde(default, deserialize_with = "crate::lenient::opt_text")]
            last_name: Option<String>,
            #[serde(default, deserialize_with = "crate::lenient::opt_text")]
            name: Option<String>,
            #[serde(default, deserialize_with = "crate::lenient::opt_text")]
            email: Option<String>,
        }
        let value = serde_json::Value::deserialize(d)?;
        Ok(serde_json::from_value::<Fields>(value)
            .map(|f| Applicant {
                first_name: f.first_name,
                last_name: f.last_name,
                name: f.name,
                email: f.email,
            })
            .unwrap_or_default())
    }
}

//! `clearchecks orders list` and `clearchecks orders status`.

use chrono::{DateTime, Utc};
use clearchecks_core::orders::OrderRow;
use clearchecks_core::status::{ComponentStatus, OrderState};
use serde::Serialize;

use crate::cli::StatusFilter;
use crate::failure::Failure;
use crate::output::{cell, key_values, print, print_json, time_cell, Table};
use crate::select::Session;

impl StatusFilter {
    fn matches(self, state: OrderState) -> bool {
        match self {
            Self::Awaiting => state == OrderState::AwaitingApplicant,
            // Unknown letters are still being processed as far as a coordinator can tell.
            Self::InProgress => matches!(state, OrderState::InProgress | OrderState::Unknown),
            Self::Complete => state == OrderState::Complete,
            Self::NeedsReview => state == OrderState::NeedsReview,
            Self::PreAdverse => state == OrderState::PreAdverseSent,
            Self::Adverse => state == OrderState::AdverseFinal,
        }
    }
}

/// Prints every order it could read; when the list cannot be proved complete, says why on
/// stderr and exits with [`ExitCode::Incomplete`](crate::failure::ExitCode::Incomplete).
pub async fn list(session: &Session, filters: &[StatusFilter], json: bool) -> Result<(), Failure> {
    let listing = session.client.list_all_reports().await?;
    let read = listing.items.len();
    print_rows(&listing.items, filters, json)?;
    if listing.is_complete() {
        Ok(())
    } else {
        Err(Failure::incomplete("order", read, &listing.completeness))
    }
}

fn print_rows(
    items: &[clearchecks_core::ReportListItem],
    filters: &[StatusFilter],
    json: bool,
) -> Result<(), Failure> {
    let rows: Vec<OrderRow> = items
        .iter()
        .map(OrderRow::from_list_item)
        .filter(|row| filters.is_empty() || filters.iter().any(|f| f.matches(row.state)))
        .collect();
    if json {
        return print_json(&rows);
    }
    if rows.is_empty() {
        return print(if filters.is_empty() {
            "No orders yet.\n"
        } else {
            "No orders in that status.\n"
        });
    }
    let mut table = Table::new(&["REPORT KEY", "EMAIL", "NAME", "SKU", "STATUS", "ORDERED"]);
    for row in &rows {
        table.row(vec![
            row.report_key.clone(),
            cell(row.email.as_deref()),
            cell(row.applicant_name.as_deref()),
            cell(row.sku.as_deref()),
            status_text(row.state, &row.letter),
            date_cell(row.ordered_at, row.ordered_at_unreadable.as_deref()),
        ]);
    }
    let mut text = table.render();
    text.push_str(&format!(
        "{} order{}\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    ));
    print(&text)
}

/// `orders status --json`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusJson<'a> {
    report_key: &'a str,
    state: OrderState,
    label: &'static str,
    letter: &'a str,
    flagged: bool,
    components: Vec<ComponentStatus>,
}

pub async fn status(session: &Session, report_key: &str, json: bool) -> Result<(), Failure> {
    let status = session.client.report_status(report_key).await?;
    let state = status.state();
    let components = status.components();
    if json {
        return print_json(&StatusJson {
            report_key,
            state,
            label: state.label(),
            letter: status.status.as_str(),
            flagged: status.flagged_for_end_user_review,
            components,
        });
    }
    let mut text = key_values(&[
        ("Report key", report_key.to_owned()),
        ("Status", status_text(state, status.status.as_str())),
    ]);
    if !components.is_empty() {
        let mut table = Table::new(&["CHECK", "STATUS"]);
        for component in &components {
            table.row(vec![
                component.label.clone(),
                status_text(component.state, &component.letter),
            ]);
        }
        text.push('\n');
        text.push_str(&table.render());
    }
    print(&text)
}

/// A date, or "unknown date (as sent)" when ClearChecks sent one that could not be read: never
/// the empty cell that means "no date".
fn date_cell(at: Option<DateTime<Utc>>, unreadable: Option<&str>) -> String {
    match (at, unreadable) {
        (None, Some(raw)) => format!("unknown date ({raw})"),
        _ => time_cell(at),
    }
}

/// "Complete (C)" — the plain-language state with the API's letter for reference.
fn status_text(state: OrderState, letter: &str) -> String {
    if letter.is_empty() {
        state.label().to_owned()
    } else {
        format!("{} ({letter})", state.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_map_to_states() {
        assert!(StatusFilter::Awaiting.matches(OrderState::AwaitingApplicant));
        assert!(StatusFilter::InProgress.matches(OrderState::Unknown));
        assert!(!StatusFilter::Complete.matches(OrderState::NeedsReview));
        assert!(StatusFilter::NeedsReview.matches(OrderState::NeedsReview));
        assert!(StatusFilter::PreAdverse.matches(OrderState::PreAdverseSent));
        assert!(StatusFilter::Adverse.matches(OrderState::AdverseFinal));
    }

    #[test]
    fn unreadable_dates_are_not_shown_as_no_date() {
        assert_eq!(
            date_cell(None, Some("31/01/2024")),
            "unknown date (31/01/2024)"
        );
        assert_eq!(date_cell(None, None), time_cell(None));
    }

    #[test]
    fn status_text_keeps_the_letter() {
        assert_eq!(status_text(OrderState::Complete, "C"), "Complete (C)");
        assert_eq!(status_text(OrderState::Unknown, ""), "Unknown status");
    }
}

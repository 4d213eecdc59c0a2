//! `clearchecks orders list` and `clearchecks orders status`.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use clearchecks_core::error::ApiError;
use clearchecks_core::orders::OrderRow;
use clearchecks_core::pagination::{Collector, Listing, Pages};
use clearchecks_core::profiles::{Identity, ProfileStore};
use clearchecks_core::secrets::{KeyringStore, SecretStore};
use clearchecks_core::status::{ComponentStatus, OrderState};
use clearchecks_core::ReportListItem;
use clearchecks_store::{OrderStore, Scope, DB_FILE};
use serde::Serialize;

use crate::cli::StatusFilter;
use crate::failure::{ExitCode, Failure};
use crate::output::{cell, date_cell, key_values, print, print_json, time_cell, Table};
use crate::rate_wait::Patience;
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
/// stderr and exits with [`ExitCode::Incomplete`](crate::failure::ExitCode::Incomplete). A rate
/// limit part-way is waited out (see [`rate_wait`](crate::rate_wait)) instead of giving up.
pub async fn list(session: &Session, filters: &[StatusFilter], json: bool) -> Result<(), Failure> {
    let (listing, stopped) = read_all(session, &mut Patience::on_stderr()).await?;
    let read = listing.items.len();
    let rows: Vec<OrderRow> = listing.items.iter().map(OrderRow::from_list_item).collect();
    print_rows(rows, filters, json)?;
    match stopped {
        // Rate limited for longer than the CLI waits: that is the failure to report.
        Some(error) => Err(error.into()),
        None if listing.is_complete() => Ok(()),
        None => Err(Failure::incomplete("order", read, &listing.completeness)),
    }
}

/// Every order, page by page, waiting out rate limits within `patience`. An error on the first
/// page fails the command; a later one ends the listing (returned with the error when it was a
/// rate limit longer than the CLI waits).
async fn read_all<W: std::io::Write>(
    session: &Session,
    patience: &mut Patience<W>,
) -> Result<(Listing<ReportListItem>, Option<ApiError>), Failure> {
    let mut pages = session.client.report_pages();
    let mut collector = Collector::new();
    let mut stopped = None;
    loop {
        match pages.next_page().await {
            Ok(Some(page)) => collector.add(page),
            Ok(None) => break,
            Err(ApiError::RateLimited { retry_after })
                if patience.wait(retry_after, &next_step(&pages)).await => {}
            Err(error) if pages.pages_read() == 0 => return Err(error.into()),
            Err(error) => {
                pages.interrupt(&error);
                if matches!(error, ApiError::RateLimited { .. }) {
                    stopped = Some(error);
                }
                break;
            }
        }
    }
    Ok((collector.finish(&pages), stopped))
}

/// "reading page 4 of 7 of the order list".
fn next_step(pages: &Pages<ReportListItem>) -> String {
    let progress = pages.progress();
    let page = progress.pages_read + 1;
    match progress.last_page {
        Some(last) => format!("reading page {page} of {last} of the order list"),
        None => format!("reading page {page} of the order list"),
    }
}

/// `orders list --saved`: the rows ClearChecks Desktop keeps in its encrypted store for the
/// account (`--account NAME`, else the active one), read without a token or a request. Stderr
/// says how old they are; when nothing is saved it fails rather than print an empty list that
/// would read as "no orders".
pub async fn list_saved(
    account: Option<&str>,
    identity: &Identity,
    filters: &[StatusFilter],
    json: bool,
) -> Result<(), Failure> {
    let registry = ProfileStore::for_identity(identity).load()?;
    let profile = match account {
        Some(name) => registry.find(name)?,
        None => registry.active().ok_or_else(|| {
            Failure::usage(
                "No account selected: pass --account NAME to read its saved orders (see \
                 `clearchecks accounts list`).",
            )
        })?,
    };
    let dir = clearchecks_store::store_dir(&identity.data_dir);
    let nothing_saved = || {
        Failure::new(
            ExitCode::NotFound,
            format!(
                "No orders of \"{}\" are saved on this computer yet: ClearChecks Desktop saves \
                 them when it syncs the account. Run without --saved for a live list.",
                profile.label
            ),
        )
    };
    // Opening would create an empty store (and its key): only read one the app made.
    if !dir.join(DB_FILE).exists() {
        return Err(nothing_saved());
    }
    let secrets: Arc<dyn SecretStore> = Arc::new(KeyringStore::new(&identity.keyring_service)?);
    let store = OrderStore::open(&dir, secrets).await?;
    let saved = store.list(Scope::Account(&profile.id))?;
    if saved.is_empty() {
        return Err(nothing_saved());
    }
    let confirmed = saved.iter().filter_map(|order| order.confirmed_at()).max();
    eprintln!("{}", saved_notice(&profile.label, saved.len(), confirmed));
    print_rows(
        saved.iter().map(|order| order.to_row()).collect(),
        filters,
        json,
    )
}

/// "3 saved orders of "Acme HR" on this computer, last confirmed by ClearChecks 2026-12-03 14:02 UTC. …".
fn saved_notice(label: &str, count: usize, confirmed: Option<DateTime<Utc>>) -> String {
    let when = match confirmed {
        Some(at) => format!("last confirmed by ClearChecks {}", time_cell(Some(at))),
        None => "never confirmed by ClearChecks".to_owned(),
    };
    format!(
        "{count} saved order{} of \"{label}\" on this computer, {when}. They may have changed \
         since; run without --saved for a live list.",
        if count == 1 { "" } else { "s" }
    )
}

fn print_rows(rows: Vec<OrderRow>, filters: &[StatusFilter], json: bool) -> Result<(), Failure> {
    let rows: Vec<OrderRow> = rows
        .into_iter()
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
    fn status_text_keeps_the_letter() {
        assert_eq!(status_text(OrderState::Complete, "C"), "Complete (C)");
        assert_eq!(status_text(OrderState::Unknown, ""), "Unknown status");
    }
}

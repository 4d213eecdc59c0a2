//! `clearchecks account` and `clearchecks teams`.

use clearchecks_core::environment::Environment;
use serde::Serialize;

use crate::failure::Failure;
use crate::output::{cell, key_values, print, print_json, time_cell, Table};
use crate::select::Session;

/// `account --json`: the `GET /accounts` fields, camelCase like every CLI JSON document.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AccountJson {
    first_name: Option<String>,
    last_name: Option<String>,
    company_name: Option<String>,
    city: Option<String>,
    state: Option<String>,
    zip: Option<String>,
}

pub async fn show(session: &Session, json: bool) -> Result<(), Failure> {
    let account = session.client.account().await?;
    if json {
        return print_json(&AccountJson {
            first_name: account.first_name,
            last_name: account.last_name,
            company_name: account.company_name,
            city: account.city,
            state: account.state,
            zip: account.zip,
        });
    }
    let owner = [account.first_name.as_deref(), account.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let place = [
        account.city.as_deref(),
        account.state.as_deref(),
        account.zip.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    print(&key_values(&[
        ("Company", cell(account.company_name.as_deref())),
        ("Owner", cell(Some(&owner))),
        ("Location", cell(Some(&place))),
        ("Environment", environment_text(session)),
    ]))
}

/// `sandbox`, `production`, or `custom (https://…/api)`.
fn environment_text(session: &Session) -> String {
    match session.client.environment() {
        custom @ Environment::Custom { .. } => format!("custom ({})", custom.api_base()),
        other => other.kind_str().to_owned(),
    }
}

pub async fn teams(session: &Session, json: bool) -> Result<(), Failure> {
    let teams = session.client.teams().await?;
    if json {
        return print_json(&teams);
    }
    if teams.is_empty() {
        return print("This account has no teams.\n");
    }
    let mut table = Table::new(&["ID", "NAME", "SLUG", "PLAN", "CREATED"]);
    for team in &teams {
        table.row(vec![
            team.id.to_string(),
            team.name.clone(),
            cell(team.slug.as_deref()),
            cell(team.current_billing_plan.as_deref()),
            time_cell(team.created_at),
        ]);
    }
    print(&table.render())
}

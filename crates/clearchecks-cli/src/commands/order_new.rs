//! `clearchecks orders new`: check everything locally, send `POST /orders/new` exactly once,
//! and when the outcome is uncertain find out from the order list what happened.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use clearchecks_core::emails::{parse_emails, EmailEntry};
use clearchecks_core::error::ApiError;

use clearchecks_core::orders::{
    AddOns, Attestation, OrderRequest, PlaceOrderResult, Reconciliation,
};
use clearchecks_core::profiles::Identity;
use serde::Serialize;

use super::journal::{self, JournalAction, NewEntry};
use crate::cli::NewOrderArgs;
use crate::failure::{ExitCode, Failure};
use crate::output::{cell, print, print_json, Table};
use crate::select::Session;

/// What `--agree-terms` confirms; recorded verbatim in the audit journal.
pub const ATTESTATION: &str = "Confirmed with --agree-terms in the clearchecks CLI: I have each \
applicant's written authorization and a permissible purpose under the FCRA, and I accept the \
ClearChecks ordering terms.";

/// How many problem entries the error line quotes before summarising the rest.
const QUOTED_PROBLEMS: usize = 5;

/// An order that passed every local check.
pub struct PreparedOrder {
    request: OrderRequest,
    attestation: Attestation,
}

/// Checks the arguments before any token is touched or any request is sent.
pub fn prepare(args: &NewOrderArgs) -> Result<PreparedOrder, Failure> {
    if !args.agree_terms {
        return Err(Failure::usage(
            "Ordering needs --agree-terms: confirm that you have each applicant's written \
             authorization and a permissible purpose under the FCRA, and that you accept the \
             ClearChecks ordering terms.",
        ));
    }
    let emails = collect_emails(args)?;
    let add_ons = AddOns {
        drug_sku: args.drug.clone(),
        mvr: args.mvr,
        employment: args.employment,
        education: args.education,
        blj: args.blj,
        federal_criminal: args.federal_criminal,
    };
    let request = OrderRequest::new(&args.sku, &emails, add_ons).map_err(local_validation)?;
    let attestation = Attestation::accepted(ATTESTATION).map_err(local_validation)?;
    Ok(PreparedOrder {
        request,
        attestation,
    })
}

/// `--json` output.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlacedJson<'a> {
    /// True when the POST's answer was lost and the order list showed it was placed.
    reconciled: bool,
    #[serde(flatten)]
    result: &'a PlaceOrderResult,
}

pub async fn place(
    session: &Session,
    order: PreparedOrder,
    identity: &Identity,
    json: bool,
) -> Result<(), Failure> {
    let PreparedOrder {
        request,
        attestation,
    } = order;
    let entry = |summary: String, report_keys: Vec<String>| NewEntry {
        account_id: session.account_id.clone(),
        account_label: session.account_label.clone(),
        environment: session.environment.to_owned(),
        summary,
        sku: Some(request.sku.clone()),
        add_ons: add_on_names(&request.add_ons),
        emails: request.emails.clone(),
        report_keys,
        attestation: Some(attestation.statement().to_owned()),
        path: None,
    };
    let (placed, reconciled) = match session.client.place_order(&request, &attestation).await {
        Ok(placed) => (placed, false),
        Err(ApiError::OutcomeUncertain { message }) => {
            eprintln!("Could not confirm the order ({message}); checking the order list…");
            // The client already retries this idempotent read with backoff; the POST is never resent.
            match session.client.reconcile_order(&request).await {
                Ok(Reconciliation::Placed(placed)) => (placed, true),
                Ok(Reconciliation::NotPlaced) => {
                    journal::record(
                        identity,
                        JournalAction::OrderUncertain,
                        entry(
                            "Not placed: the order list shows no new reports".into(),
                            vec![],
                        ),
                    );
                    return Err(Failure::new(
                        ExitCode::Unreachable,
                        format!(
                            "ClearChecks did not place the order ({message}; the order list \
                             shows no new reports for these emails). Nothing was ordered; it is \
                             safe to run the same command again."
                        ),
                    ));
                }
                Ok(Reconciliation::Undetermined(undetermined)) => {
                    journal::record(
                        identity,
                        JournalAction::OrderUncertain,
                        entry(format!("Outcome unknown: {}", undetermined.reason), vec![]),
                    );
                    return Err(Failure::new(
                        ExitCode::OutcomeUnknown,
                        format!(
                            "We could not confirm whether ClearChecks placed the order \
                             ({message}), and {undetermined}. Do not order again until you have \
                             checked for these emails in the ClearChecks console."
                        ),
                    ));
                }
                Err(err) => {
                    journal::record(
                        identity,
                        JournalAction::OrderUncertain,
                        entry(
                            "Outcome unknown: the order list could not be read".into(),
                            vec![],
                        ),
                    );
                    return Err(Failure::new(
                        ExitCode::OutcomeUnknown,
                        format!(
                            "We could not confirm whether ClearChecks placed the order \
                             ({message}), and reading the order list failed too ({err}). Run \
                             `clearchecks orders list` and look for these emails before \
                             ordering again."
                        ),
                    ));
                }
            }
        }
        Err(err) => return Err(err.into()),
    };
    let keys = placed
        .applicants
        .iter()
        .map(|a| a.report_key.clone())
        .collect();
    let summary = if reconciled {
        "Placed (confirmed from the order list after an uncertain answer)"
    } else {
        "Placed"
    };
    journal::record(
        identity,
        JournalAction::OrderPlaced,
        entry(summary.into(), keys),
    );
    if json {
        return print_json(&PlacedJson {
            reconciled,
            result: &placed,
        });
    }
    if reconciled {
        eprintln!("The order list shows the order was placed.");
    }
    let count = placed.applicants.len();
    let mut text = format!(
        "Ordered {} for {count} applicant{}. ClearChecks emails each one an invitation.\n\n",
        request.sku,
        if count == 1 { "" } else { "s" }
    );
    let mut table = Table::new(&["EMAIL", "REPORT KEY", "INVITATION"]);
    for applicant in &placed.applicants {
        table.row(vec![
            applicant.email.clone(),
            applicant.report_key.clone(),
            cell(applicant.invite_url.as_deref()),
        ]);
    }
    text.push_str(&table.render());
    print(&text)
}

/// Every applicant address from `--email` and `--emails-file`, refusing the whole order when
/// any entry is unusable (a typo'd address would still be charged and never reach anyone).
fn collect_emails(args: &NewOrderArgs) -> Result<Vec<String>, Failure> {
    let mut entries: Vec<EmailEntry> = parse_emails(&args.emails.join("\n"));
    if let Some(path) = &args.emails_file {
        entries.extend(parse_emails(&read_emails_file(path)?));
    }
    let mut seen = HashSet::new();
    let mut emails = Vec::new();
    let mut problems = Vec::new();
    for entry in &entries {
        match &entry.problem {
            Some(problem) => problems.push(format!("\"{}\" ({problem})", entry.input)),
            // Each source is de-duplicated by the parser; this catches one across sources.
            None if !seen.insert(entry.email.to_lowercase()) => problems.push(format!(
                "\"{}\" (this address is already in the list)",
                entry.input
            )),
            None => emails.push(entry.email.clone()),
        }
    }
    if !problems.is_empty() {
        let count = problems.len();
        let mut quoted: Vec<String> = problems.into_iter().take(QUOTED_PROBLEMS).collect();
        if count > QUOTED_PROBLEMS {
            quoted.push(format!("and {} more", count - QUOTED_PROBLEMS));
        }
        return Err(Failure::usage(format!(
            "{count} applicant email{} can't be used: {}. Fix {} and run the command again; nothing was ordered.",
            if count == 1 { "" } else { "s" },
            quoted.join("; "),
            if count == 1 { "it" } else { "them" },
        )));
    }
    if emails.is_empty() {
        return Err(Failure::usage(
            "Give at least one applicant with --email ADDRESS or --emails-file FILE.",
        ));
    }
    Ok(emails)
}

fn read_emails_file(path: &Path) -> Result<String, Failure> {
    let result = if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(path)
    };
    result.map_err(|err| {
        Failure::new(
            ExitCode::LocalFile,
            format!("Could not read the emails file {}: {err}", path.display()),
        )
    })
}

/// A local check failed: a usage error quoting the field's message.
fn local_validation(err: ApiError) -> Failure {
    match err {
        ApiError::Validation { message, .. } => Failure::usage(message),
        other => other.into(),
    }
}

fn add_on_names(add_ons: &AddOns) -> Vec<String> {
    let flags = [
        (add_ons.mvr, "mvr"),
        (add_ons.employment, "employment"),
        (add_ons.education, "education"),
        (add_ons.blj, "blj"),
        (add_ons.federal_criminal, "federal_criminal"),
    ];
    add_ons
        .drug_sku
        .iter()
        .map(|sku| format!("drug:{sku}"))
        .chain(
            flags
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, name)| (*name).to_owned()),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(emails: &[&str]) -> NewOrderArgs {
        NewOrderArgs {
            sku: "HIRE1".into(),
            emails: emails.iter().map(|e| e.to_string()).collect(),
            emails_file: None,
            drug: None,
            mvr: false,
            employment: false,
            education: false,
            blj: false,
            federal_criminal: false,
            agree_terms: true,
        }
    }

    #[test]
    fn refuses_without_agreeing_to_the_terms() {
        let mut no_terms = args(&["a@example.com"]);
        no_terms.agree_terms = false;
        let failure = prepare(&no_terms).err().unwrap();
        assert_eq!(failure.code, ExitCode::Usage);
        assert!(failure.message.contains("--agree-terms"));
    }

    #[test]
    fn lists_every_unusable_email_on_one_line() {
        let failure = prepare(&args(&["ok@example.com", "nope", "OK@example.com"]))
            .err()
            .unwrap();
        assert_eq!(failure.code, ExitCode::Usage);
        assert!(failure
            .message
            .starts_with("2 applicant emails can't be used"));
        assert!(failure.message.contains("\"nope\""));
        assert!(failure.message.contains("\"OK@example.com\""));
        assert!(!failure.to_string().contains('\n'));
    }

    #[test]
    fn quotes_at_most_five_problems() {
        let bad: Vec<String> = (0..8).map(|i| format!("bad{i}")).collect();
        let refs: Vec<&str> = bad.iter().map(String::as_str).collect();
        let failure = prepare(&args(&refs)).err().unwrap();
        assert!(
            failure.message.contains("and 3 more"),
            "{}",
            failure.message
        );
    }

    #[test]
    fn needs_at_least_one_email() {
        let failure = prepare(&args(&[])).err().unwrap();
        assert!(failure.message.contains("--email"));
    }

    #[test]
    fn accepts_display_forms_and_lists_add_ons() {
        let mut with_add_ons = args(&["Jane Doe <Jane@Example.COM>, bob@example.org"]);
        with_add_ons.drug = Some("drug9".into());
        with_add_ons.mvr = true;
        with_add_ons.federal_criminal = true;
        let order = prepare(&with_add_ons).ok().unwrap();
        assert_eq!(
            order.request.emails,
            ["Jane@example.com", "bob@example.org"]
        );
        assert_eq!(
            add_on_names(&order.request.add_ons),
            ["drug:drug9", "mvr", "federal_criminal"]
        );
    }
}

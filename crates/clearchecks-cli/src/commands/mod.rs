//! One module per command group; [`run`] dispatches the parsed command line.

mod account;
mod accounts;
mod invoices;
mod journal;
mod order_new;
mod orders;
mod report;

use clearchecks_core::profiles::Identity;

use crate::cli::{AccountsCommand, Cli, Command, InvoicesCommand, OrdersCommand, ReportCommand};
use crate::failure::Failure;
use crate::select::open_session;

/// Runs one parsed command line.
pub async fn run(cli: Cli, identity: &Identity) -> Result<(), Failure> {
    let json = cli.json;
    let account = cli.account.as_deref();
    // Account management needs no API session; every other command opens one first.
    let session = || open_session(account, identity);
    match cli.command {
        Command::Accounts(AccountsCommand::Add(args)) => accounts::add(&args, identity, json).await,
        Command::Accounts(AccountsCommand::List) => accounts::list(identity, json),
        Command::Accounts(AccountsCommand::Use { name }) => {
            accounts::use_account(&name, identity, json)
        }
        Command::Accounts(AccountsCommand::Remove { name }) => {
            accounts::remove(&name, identity, json).await
        }
        Command::Account => account::show(&session().await?, json).await,
        Command::Teams => account::teams(&session().await?, json).await,
        // Saved orders need no token and no network: only the account's name.
        Command::Orders(OrdersCommand::List {
            status,
            saved: true,
        }) => orders::list_saved(account, identity, &status, json).await,
        Command::Orders(OrdersCommand::List {
            status,
            saved: false,
        }) => orders::list(&session().await?, &status, json).await,
        Command::Orders(OrdersCommand::New(args)) => {
            // Refuse a bad order before any token is read or request sent.
            let order = order_new::prepare(&args)?;
            order_new::place(&session().await?, order, identity, json).await
        }
        Command::Orders(OrdersCommand::Status { report_key }) => {
            orders::status(&session().await?, &report_key, json).await
        }
        Command::Report(ReportCommand::Pdf { report_key, output }) => {
            report::pdf(&session().await?, &report_key, &output, identity, json).await
        }
        Command::Invoices(InvoicesCommand::List) => invoices::list(&session().await?, json).await,
        Command::Invoices(InvoicesCommand::Show { id }) => {
            invoices::show(&session().await?, id, json).await
        }
    }
}

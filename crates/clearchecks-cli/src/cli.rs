//! The command-line surface: every command, option and help text (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Choosing the account:
  --account NAME           a connected account (token from the system keyring)
  CLEARCHECKS_API_TOKEN    a token from the environment, with CLEARCHECKS_ENV=sandbox|production
                           or CLEARCHECKS_BASE_URL=https://…/api
  (neither)                the account that is active in ClearChecks Desktop

Exit codes:
   0  success
   1  unexpected error (or an answer this version does not understand)
   2  usage: bad arguments, unusable emails, missing --agree-terms
   3  authentication: no token, or ClearChecks rejected the token (HTTP 401)
   4  not found: unknown report, invoice or account name (HTTP 404)
   5  ClearChecks rejected the request (HTTP 422 or another 4xx)
   6  rate limited by ClearChecks (HTTP 429) for longer than the CLI waits (15 min in
      total per command; shorter pauses are waited out with a countdown on stderr)
   7  ClearChecks unreachable, too slow or failing (network, timeout, HTTP 5xx)
   8  the system keyring is unavailable
   9  an order's outcome is unknown: check `clearchecks orders list` before ordering again
  10  a local file or the accounts folder could not be used
  11  a list is incomplete: what was read is printed, the reason is on stderr";

/// Order and track ClearChecks background checks from the command line.
#[derive(Debug, Parser)]
#[command(name = "clearchecks", version, after_long_help = AFTER_HELP, after_help = "Run `clearchecks --help` for account selection and exit codes.")]
pub struct Cli {
    /// The connected account to use (its name or id); see `clearchecks accounts list`.
    #[arg(long, global = true, value_name = "NAME", env = "CLEARCHECKS_ACCOUNT")]
    pub account: Option<String>,

    /// Print machine-readable JSON on stdout instead of tables.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the account's owner and company (GET /accounts).
    Account,
    /// List the account's teams (GET /accounts/teams).
    Teams,
    /// List, place and check orders.
    #[command(subcommand)]
    Orders(OrdersCommand),
    /// Download report documents.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Show billing history.
    #[command(subcommand)]
    Invoices(InvoicesCommand),
    /// Connect, list and remove accounts (shared with ClearChecks Desktop).
    #[command(subcommand)]
    Accounts(AccountsCommand),
}

#[derive(Debug, Subcommand)]
pub enum OrdersCommand {
    /// List every order (all pages of GET /reports/all).
    List {
        /// Only orders in this state; repeat for several.
        #[arg(long, value_enum)]
        status: Vec<StatusFilter>,
        /// Print the orders ClearChecks Desktop saved on this computer instead: instant and
        /// offline, as of the app's last sync, without asking ClearChecks.
        #[arg(long)]
        saved: bool,
    },
    /// Place an order: ClearChecks emails each applicant an invitation.
    New(NewOrderArgs),
    /// Show the current status of one order, with its components.
    Status {
        /// The order's report key (see `clearchecks orders list`). Keys are URL-safe base64 and
        /// may begin with `-`: such a key is a value here, not an option.
        #[arg(allow_hyphen_values = true)]
        report_key: String,
    },
}

#[derive(Debug, Args)]
pub struct NewOrderArgs {
    /// The package to order, e.g. HIRE1, HIRE2 or HIRE3.
    #[arg(long, value_name = "SKU")]
    pub sku: String,
    /// An applicant's email address; repeat for several applicants.
    #[arg(long = "email", value_name = "EMAIL")]
    pub emails: Vec<String>,
    /// A file of applicant emails (one per line, comma-separated, or a CSV with an email column);
    /// `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub emails_file: Option<PathBuf>,
    /// Add a drug test with this panel (e.g. drug, drug9, drug10).
    #[arg(long, value_name = "SKU")]
    pub drug: Option<String>,
    /// Add a motor vehicle record check.
    #[arg(long)]
    pub mvr: bool,
    /// Add employment verification.
    #[arg(long)]
    pub employment: bool,
    /// Add education verification.
    #[arg(long)]
    pub education: bool,
    /// Add bankruptcies, liens and judgments.
    #[arg(long)]
    pub blj: bool,
    /// Add a federal criminal search.
    #[arg(long)]
    pub federal_criminal: bool,
    /// Confirm that you have each applicant's written authorization and a permissible purpose
    /// under the FCRA, and that you accept the ClearChecks ordering terms. Required.
    #[arg(long)]
    pub agree_terms: bool,
}

/// The `--status` filter values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    /// Waiting for the applicant to fill in the invitation.
    Awaiting,
    /// Being processed (including statuses this version does not recognise).
    InProgress,
    /// Complete, nothing flagged.
    Complete,
    /// Complete and flagged for your review.
    NeedsReview,
    /// Pre-adverse action notice sent.
    PreAdverse,
    /// Final adverse action notice sent.
    Adverse,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Save the report as a PDF.
    Pdf {
        /// The order's report key (may begin with `-`, like every URL-safe key).
        #[arg(allow_hyphen_values = true)]
        report_key: String,
        /// Where to save it (replaced if it exists).
        #[arg(long, short, value_name = "FILE")]
        output: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum InvoicesCommand {
    /// List every invoice.
    List,
    /// Show one invoice with its lines.
    Show {
        /// The invoice id (the first column of `clearchecks invoices list`).
        id: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// Connect an account: reads its API token from standard input, checks it with ClearChecks
    /// and stores it in the system keyring.
    Add(AddAccountArgs),
    /// List connected accounts.
    List,
    /// Make an account the active one (used when no --account is given).
    Use {
        /// The account's name or id.
        name: String,
    },
    /// Disconnect an account and delete its token from the system keyring.
    Remove {
        /// The account's name or id.
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct AddAccountArgs {
    /// A name for the account, e.g. "Acme HR (production)".
    pub name: String,
    /// The ClearChecks environment the token belongs to.
    #[arg(
        long,
        value_enum,
        required_unless_present = "base_url",
        conflicts_with = "base_url"
    )]
    pub env: Option<EnvArg>,
    /// A custom API base instead (https, or http on localhost), e.g. https://app.backgroundchecks.com/api.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EnvArg {
    Sandbox,
    Production,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("clearchecks").chain(args.iter().copied()))
            .unwrap_or_else(|err| panic!("{args:?} did not parse: {err}"))
    }

    /// Report keys are URL-safe base64: one in 64 begins with `-`, and must not read as an option.
    #[test]
    fn a_report_key_that_begins_with_a_hyphen_is_a_key() {
        let cli = parse(&["orders", "status", "-sK2x_9", "--json"]);
        assert!(cli.json);
        assert!(matches!(
            cli.command,
            Command::Orders(OrdersCommand::Status { ref report_key }) if report_key == "-sK2x_9"
        ));
        let cli = parse(&["report", "pdf", "--output", "r.pdf", "-Ab3"]);
        assert!(matches!(
            cli.command,
            Command::Report(ReportCommand::Pdf { ref report_key, .. }) if report_key == "-Ab3"
        ));
    }
}

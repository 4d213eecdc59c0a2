//! `clearchecks`: the ClearChecks Desktop core from the command line.
//!
//! Reads the same connected accounts as the desktop app (see `clearchecks_core::profiles`),
//! prints tables for people and `--json` for scripts, and exits with a distinct code per class
//! of failure (listed in `clearchecks --help`) after a one-line message on stderr.

mod cli;
mod commands;
mod failure;
mod output;
mod rate_wait;
mod select;

use clap::Parser;
use clearchecks_core::profiles::Identity;

use crate::cli::Cli;
use crate::failure::{ExitCode, Failure};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("clearchecks: {failure}");
            std::process::ExitCode::from(failure.code as u8)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let identity = Identity::for_build()?;
    // One command at a time: a current-thread runtime is enough, and keyring calls still get
    // tokio's blocking pool.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| {
            Failure::new(
                ExitCode::Unexpected,
                format!("Could not start the async runtime: {err}"),
            )
        })?;
    runtime.block_on(commands::run(cli, &identity))
}

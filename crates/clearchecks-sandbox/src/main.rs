//! `clearchecks-sandbox`: runs the ClearChecks API simulator as a process.
//! Starts with the demo world unless `--no-demo`; prints the origin, API base
//! and tokens; Ctrl-C stops it cleanly and saves the state file.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use clearchecks_sandbox::{
    parse_quirks, Quirk, Sandbox, SandboxConfig, DEMO_PLATFORM_API_TOKEN, DEMO_PRIVATE_KEY,
    DEMO_SOURCE_TOKEN, DEMO_TOKEN, DEMO_TOKEN_SECONDARY,
};

#[derive(Parser, Debug)]
#[command(
    name = "clearchecks-sandbox",
    version,
    about = "Local simulator of the ClearChecks API"
)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Add an account with this api token and seeded data (repeatable).
    #[arg(long = "token", value_name = "TOKEN")]
    tokens: Vec<String>,
    /// Seeded orders for each --token account.
    #[arg(long, default_value_t = 60)]
    seeded_orders: usize,
    /// Requests per window per token.
    #[arg(long)]
    limit: Option<u32>,
    /// Rate-limit window in seconds.
    #[arg(long)]
    window_secs: Option<u64>,
    /// Persist state to this JSON file (loaded at start if present).
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Start without the demo accounts (only --token accounts).
    #[arg(long)]
    no_demo: bool,
    /// Seconds until a new order's applicant submits by itself (0: never).
    #[arg(long)]
    auto_submit_secs: Option<u64>,
    /// Seconds from submit to complete (0: never).
    #[arg(long)]
    complete_secs: Option<u64>,
    /// Page size of /reports/all and /invoices.
    #[arg(long)]
    per_page: Option<usize>,
    /// Answer in these quirk profiles, comma-separated (see the README), e.g.
    /// `--quirks eloquent,resource-pagination,login-redirect`.
    #[arg(long, value_name = "NAMES", value_parser = parse_quirk_list)]
    quirks: Option<Vec<Quirk>>,
}

fn parse_quirk_list(list: &str) -> Result<Vec<Quirk>, String> {
    parse_quirks(list).map(|set| set.into_iter().collect())
}

fn seconds(value: u64) -> Option<Duration> {
    (value > 0).then(|| Duration::from_secs(value))
}

fn config_from(args: &Args) -> SandboxConfig {
    let mut config = if args.no_demo {
        SandboxConfig::empty()
    } else {
        SandboxConfig::demo()
    };
    for (i, token) in args.tokens.iter().enumerate() {
        config = config.account(
            token,
            &format!("Sandbox Company {}", i + 1),
            args.seeded_orders,
        );
    }
    if args.limit.is_some() || args.window_secs.is_some() {
        config = config.rate_limit(
            args.limit.unwrap_or(60),
            Duration::from_secs(args.window_secs.unwrap_or(60)),
        );
    }
    if let Some(secs) = args.auto_submit_secs {
        config = config.auto_submit_after(seconds(secs));
    }
    if let Some(secs) = args.complete_secs {
        config = config.complete_after(seconds(secs));
    }
    if let Some(n) = args.per_page {
        config = config.per_page(n);
    }
    if let Some(path) = &args.state {
        config = config.state_file(path.clone());
    }
    if let Some(quirks) = &args.quirks {
        config = config.quirks(quirks.iter().copied());
    }
    config
}

/// Ctrl-C everywhere; also SIGTERM on Unix (what process managers and test
/// harnesses send).
async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("clearchecks-sandbox: cannot wait for Ctrl-C: {e}");
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), args.port);
    let sandbox = match Sandbox::start_on(config_from(&args), addr).await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("clearchecks-sandbox: cannot start on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("ClearChecks sandbox running (synthetic data only)");
    println!("  origin (console host): {}", sandbox.origin());
    println!("  API base:              {}", sandbox.api_base());
    println!("  file host:             {}", sandbox.files_origin());
    if let Some(quirks) = args.quirks.as_ref().filter(|q| !q.is_empty()) {
        let names: Vec<&str> = quirks.iter().map(|q| q.name()).collect();
        println!("  quirks:                {}", names.join(", "));
    }
    if !args.no_demo {
        // These are published test values, not secrets.
        println!("  demo token:            {DEMO_TOKEN}");
        println!("  second demo token:     {DEMO_TOKEN_SECONDARY}");
        println!("  platform api token:    {DEMO_PLATFORM_API_TOKEN}");
        println!("  platform source token: {DEMO_SOURCE_TOKEN}");
        println!("  platform private key:  {DEMO_PRIVATE_KEY}");
    }
    if !args.tokens.is_empty() {
        println!("  plus {} account(s) from --token", args.tokens.len());
    }
    println!("Press Ctrl-C to stop.");
    wait_for_stop_signal().await;
    println!("Stopping...");
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}

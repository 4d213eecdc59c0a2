//! Runs the built `clearchecks` binary against an in-process simulator, with a throw-away data
//! folder and keyring service, and checks on every run that the token never appears in the
//! output.

#![allow(dead_code)] // each test file uses a different part of this module

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use clearchecks_sandbox::{Sandbox, SandboxConfig};

/// A distinctive token: if it shows up in any output, the test fails.
pub const TOKEN: &str = "cc-test-token-Q7x9Zr4Kp2LmW8v";
/// A second account's token, for keyring tests.
pub const OTHER_TOKEN: &str = "cc-test-token-other-N3b6Tj1Hs5";
pub const COMPANY: &str = "Harness Staffing LLC";
/// Seeded orders; with `PER_PAGE` they span several pages of `/reports/all`.
pub const SEEDED_ORDERS: usize = 23;
pub const PER_PAGE: usize = 5;

pub struct Harness {
    pub sandbox: Sandbox,
    pub data: tempfile::TempDir,
    pub keyring_service: String,
}

/// One finished run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn assert_success(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success: {self:#?}");
        self
    }

    /// A failure with this exit code and a one-line message on stderr.
    pub fn assert_failure(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "wrong exit code: {self:#?}");
        assert_eq!(
            self.stderr.lines().count(),
            1,
            "one line expected: {self:#?}"
        );
        assert!(self.stderr.starts_with("clearchecks: "), "{self:#?}");
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {self:#?}"))
    }
}

impl Harness {
    pub async fn start() -> Self {
        Self::start_with(|config| config).await
    }

    pub async fn start_with(configure: impl FnOnce(SandboxConfig) -> SandboxConfig) -> Self {
        // A release build ignores CLEARCHECKS_DATA_DIR and CLEARCHECKS_KEYRING_SERVICE: the binary
        // would use the real data folder and keychain. Refuse rather than touch them.
        if !clearchecks_core::profiles::ENV_OVERRIDES {
            panic!(
                "the CLI tests need a build that obeys CLEARCHECKS_DATA_DIR: run them as a debug \
                 build, or add --features test-hooks to a release build"
            );
        }
        let config = SandboxConfig::empty()
            .account(TOKEN, COMPANY, SEEDED_ORDERS)
            .account(OTHER_TOKEN, "Other Company Inc", 3)
            .per_page(PER_PAGE)
            .rate_limit(10_000, std::time::Duration::from_secs(60));
        let sandbox = Sandbox::start(configure(config))
            .await
            .expect("sandbox starts");
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        Self {
            sandbox,
            data: tempfile::tempdir().unwrap(),
            keyring_service: format!(
                "com.clearchecks.desktop.test.cli.{}.{nanos}",
                std::process::id()
            ),
        }
    }

    /// The binary with this harness's data folder and keyring service, and none of the
    /// caller's own ClearChecks settings.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_clearchecks"));
        command
            .args(args)
            .env_remove("CLEARCHECKS_API_TOKEN")
            .env_remove("CLEARCHECKS_ENV")
            .env_remove("CLEARCHECKS_BASE_URL")
            .env_remove("CLEARCHECKS_ACCOUNT")
            .env("CLEARCHECKS_DATA_DIR", self.data.path())
            .env("CLEARCHECKS_KEYRING_SERVICE", &self.keyring_service);
        command
    }

    /// The binary selecting the simulator account through the environment.
    pub fn with_token(&self, args: &[&str]) -> Command {
        let mut command = self.command(args);
        command
            .env("CLEARCHECKS_API_TOKEN", TOKEN)
            .env("CLEARCHECKS_BASE_URL", self.sandbox.api_base());
        command
    }

    /// Runs a command (feeding `stdin` if given) on a blocking thread, so the simulator keeps
    /// serving, and checks that no token leaked into its output.
    pub async fn run(&self, mut command: Command, stdin: Option<&str>) -> Run {
        let stdin = stdin.map(str::to_owned);
        let output = tokio::task::spawn_blocking(move || {
            command
                .stdin(if stdin.is_some() {
                    Stdio::piped()
                } else {
                    Stdio::null()
                })
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let mut child = command.spawn().expect("the binary runs");
            if let Some(text) = stdin {
                child
                    .stdin
                    .take()
                    .unwrap()
                    .write_all(text.as_bytes())
                    .unwrap();
            }
            child.wait_with_output().unwrap()
        })
        .await
        .unwrap();
        let run = Run {
            code: output.status.code().expect("exited normally"),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        };
        for secret in [TOKEN, OTHER_TOKEN] {
            assert!(!run.stdout.contains(secret), "token on stdout: {run:#?}");
            assert!(!run.stderr.contains(secret), "token on stderr: {run:#?}");
        }
        run
    }

    /// The data folder's files, concatenated (to check that no token was written there).
    pub fn data_files_text(&self) -> String {
        let mut text = String::new();
        for entry in std::fs::read_dir(self.data.path()).unwrap().flatten() {
            if entry.path().is_file() {
                text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
            }
        }
        text
    }
}

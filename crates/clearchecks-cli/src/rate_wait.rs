//! Waiting out ClearChecks' rate limit during a long listing, with a countdown on stderr,
//! instead of giving up halfway. The core fails an interactive request at once when the server
//! asks for a pause longer than 20 s (a click should not hang); a listing of many pages is
//! worth the wait, up to [`MAX_RATE_LIMIT_WAIT`] in total per command.

use std::io::{IsTerminal, Write};
use std::time::Duration;

/// The longest the CLI waits for ClearChecks' rate limit during one command, in total. A longer
/// pause ends the command with exit code 6 (rate limited); what was read is still printed.
pub const MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(15 * 60);

/// How often a countdown line is written when stderr is not a terminal (a log, a pipe).
const LOG_EVERY: u64 = 10;

/// The waiting budget of one command.
pub struct Patience<W: Write> {
    left: Duration,
    out: W,
    terminal: bool,
}

impl Patience<std::io::Stderr> {
    /// Waits on stderr, updating one line each second on a terminal.
    pub fn on_stderr() -> Self {
        let terminal = std::io::stderr().is_terminal();
        Self::new(MAX_RATE_LIMIT_WAIT, std::io::stderr(), terminal)
    }
}

impl<W: Write> Patience<W> {
    pub fn new(budget: Duration, out: W, terminal: bool) -> Self {
        Self {
            left: budget,
            out,
            terminal,
        }
    }

    /// Waits `retry_after` (whole seconds, at least one) with a countdown saying what is being
    /// done, and returns true; or returns false at once when the wait would pass the budget.
    pub async fn wait(&mut self, retry_after: Duration, doing: &str) -> bool {
        let secs = retry_after.as_secs_f64().ceil().max(1.0) as u64;
        let wait = Duration::from_secs(secs);
        if wait > self.left {
            return false;
        }
        self.left -= wait;
        let _ = writeln!(
            self.out,
            "clearchecks: ClearChecks asked us to wait {secs} s before sending more requests; \
             waiting, then {doing}."
        );
        for remaining in (1..=secs).rev() {
            if self.terminal {
                let _ = write!(self.out, "\rclearchecks: resuming in {remaining} s…   ");
                let _ = self.out.flush();
            } else if remaining != secs && remaining % LOG_EVERY == 0 {
                let _ = writeln!(self.out, "clearchecks: resuming in {remaining} s…");
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        if self.terminal {
            let _ = writeln!(self.out, "\rclearchecks: resuming now.            ");
        } else {
            let _ = writeln!(self.out, "clearchecks: resuming now.");
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn waits_with_a_countdown_within_the_budget() {
        let mut out = Vec::new();
        let start = tokio::time::Instant::now();
        let mut patience = Patience::new(Duration::from_secs(60), &mut out, false);
        assert!(
            patience
                .wait(Duration::from_millis(24_300), "reading page 3")
                .await
        );
        assert_eq!(
            start.elapsed(),
            Duration::from_secs(25),
            "whole seconds, rounded up"
        );
        assert!(
            !patience.wait(Duration::from_secs(36), "again").await,
            "past the budget"
        );
        assert_eq!(start.elapsed(), Duration::from_secs(25), "refused at once");
        assert!(
            patience.wait(Duration::from_secs(35), "again").await,
            "exactly the rest"
        );
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[..4],
            [
                "clearchecks: ClearChecks asked us to wait 25 s before sending more requests; waiting, then reading page 3.",
                "clearchecks: resuming in 20 s…",
                "clearchecks: resuming in 10 s…",
                "clearchecks: resuming now.",
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_terminal_gets_one_line_updated_each_second() {
        let mut out = Vec::new();
        let mut patience = Patience::new(Duration::from_secs(60), &mut out, true);
        assert!(patience.wait(Duration::from_secs(3), "reading").await);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\rclearchecks: resuming in 3 s…"));
        assert!(text.contains("\rclearchecks: resuming in 1 s…"));
        assert!(text.ends_with("resuming now.            \n"));
    }
}

//! How results are printed: aligned tables and key/value blocks for people, JSON for scripts.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::failure::{ExitCode, Failure};

/// Shown in a table cell that has no value.
pub const NONE: &str = "-";

/// A table with a header row; columns are padded to their widest cell.
pub struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&'static str]) -> Self {
        Self {
            headers: headers.to_vec(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.headers.len());
        self.rows.push(cells);
    }

    /// The table as text: two spaces between columns, no trailing spaces.
    pub fn render(&self) -> String {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let header: Vec<String> = self.headers.iter().map(|h| h.to_string()).collect();
        let mut out = String::new();
        for cells in std::iter::once(&header).chain(&self.rows) {
            let mut line = String::new();
            for (index, (cell, width)) in cells.iter().zip(&widths).enumerate() {
                if index > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                if index + 1 < cells.len() {
                    line.extend(std::iter::repeat_n(' ', width - cell.chars().count()));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Label/value lines with the values aligned.
pub fn key_values(pairs: &[(&str, String)]) -> String {
    let width = pairs
        .iter()
        .map(|(k, _)| k.chars().count() + 1)
        .max()
        .unwrap_or(0);
    pairs
        .iter()
        .map(|(key, value)| format!("{:<width$}  {value}\n", format!("{key}:")))
        .collect()
}

/// An optional text cell.
pub fn cell(value: Option<&str>) -> String {
    match value.map(str::trim) {
        Some(text) if !text.is_empty() => text.to_owned(),
        _ => NONE.to_owned(),
    }
}

/// A timestamp cell, in UTC to the minute.
pub fn time_cell(value: Option<DateTime<Utc>>) -> String {
    value.map_or_else(
        || NONE.to_owned(),
        |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
    )
}

/// A date cell: the timestamp, or "Unknown date (as sent)" when ClearChecks sent a date that
/// could not be read, never the empty cell that means "no date". The one wording for orders and
/// invoices, the same as the app's.
pub fn date_cell(at: Option<DateTime<Utc>>, unreadable: Option<&str>) -> String {
    match (at, unreadable) {
        (None, Some(raw)) => format!("Unknown date ({raw})"),
        _ => time_cell(at),
    }
}

/// Writes text to stdout (a closed pipe, e.g. `| head`, is not an error).
pub fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(Failure::new(
            ExitCode::LocalFile,
            format!("Could not write the output: {err}"),
        )),
    }
}

/// Writes pretty JSON and a newline to stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), Failure> {
    let mut text = serde_json::to_string_pretty(value).map_err(|err| {
        Failure::new(
            ExitCode::Unexpected,
            format!("Could not format the output as JSON: {err}"),
        )
    })?;
    text.push('\n');
    print(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_columns_and_trim_line_ends() {
        let mut table = Table::new(&["KEY", "EMAIL", "STATUS"]);
        table.row(vec![
            "abc".into(),
            "zoë@example.com".into(),
            "Complete".into(),
        ]);
        table.row(vec!["a-much-longer-key".into(), NONE.into(), "".into()]);
        assert_eq!(
            table.render(),
            "KEY                EMAIL            STATUS\n\
             abc                zoë@example.com  Complete\n\
             a-much-longer-key  -\n"
        );
    }

    #[test]
    fn key_values_align_after_the_colon() {
        assert_eq!(
            key_values(&[("Name", "Ada".into()), ("Company", "Engines".into())]),
            "Name:     Ada\nCompany:  Engines\n"
        );
    }

    #[test]
    fn empty_cells_show_a_dash() {
        assert_eq!(cell(None), "-");
        assert_eq!(cell(Some("  ")), "-");
        assert_eq!(cell(Some(" x ")), "x");
        assert_eq!(time_cell(None), "-");
    }

    #[test]
    fn unreadable_dates_are_not_shown_as_no_date() {
        assert_eq!(
            date_cell(None, Some("31/01/2024")),
            "Unknown date (31/01/2024)"
        );
        assert_eq!(date_cell(None, None), time_cell(None));
        let at = DateTime::parse_from_rfc3339("2024-01-31T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(date_cell(Some(at), None), "2024-01-31 09:00 UTC");
    }
}

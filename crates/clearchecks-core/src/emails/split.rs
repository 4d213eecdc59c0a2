//! Splitting a pasted block of text into one candidate address per entry.
//!
//! Two shapes are recognised. A *table* (CSV or spreadsheet paste) has a header row with an
//! email column; its rows are read with RFC 4180 quoting and only that column is kept. Anything
//! else is a *list*: entries separated by newlines, commas or semicolons, where a comma inside
//! double quotes or angle brackets (`"Doe, Jane" <jane@example.com>`) does not split. Newlines
//! always split a list, so one stray quote cannot swallow the rest of a 20,000-line paste. A
//! tab-separated line without a header (spreadsheet cells) keeps only its cells holding an `@`.

/// Header names (compared case-insensitively, trimmed) that mark the email column of a table.
const EMAIL_HEADERS: [&str; 8] = [
    "email",
    "e-mail",
    "email address",
    "e-mail address",
    "emails",
    "applicant email",
    "applicant_email",
    "email_address",
];

/// The raw entries of a paste, each trimmed, empty ones dropped, in input order.
pub(super) fn split_entries(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match detect_table(text) {
        Some(table) => table_entries(&text[table.body_start..], table.delimiter, table.column),
        None => list_entries(text),
    }
}

/// Where a table's rows start and how to read them.
struct Table {
    body_start: usize,
    delimiter: char,
    column: usize,
}

/// A table is recognised only by its first non-blank line naming an email column.
fn detect_table(text: &str) -> Option<Table> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        // Spreadsheet pastes are tab-separated; European CSV exports use semicolons.
        let delimiter = ['\t', ',', ';']
            .into_iter()
            .find(|d| trimmed.contains(*d))
            .unwrap_or(',');
        let (fields, consumed) = read_record(&text[start..], delimiter);
        let column = fields.iter().position(|field| {
            let name = field.trim().to_ascii_lowercase();
            EMAIL_HEADERS.contains(&name.as_str())
        })?;
        return Some(Table {
            body_start: start + consumed,
            delimiter,
            column,
        });
    }
    None
}

fn table_entries(body: &str, delimiter: char, column: usize) -> Vec<String> {
    let mut entries = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let (fields, consumed) = read_record(rest, delimiter);
        rest = &rest[consumed..];
        if let Some(field) = fields.into_iter().nth(column) {
            let field = field.trim();
            if !field.is_empty() {
                entries.push(field.to_owned());
            }
        }
    }
    entries
}

/// Reads one CSV record from the start of `input`: its unquoted fields and the number of
/// bytes consumed, including the line ending. Quoted fields may contain the delimiter, line
/// breaks and doubled quotes (`""`).
fn read_record(input: &str, delimiter: char) -> (Vec<String>, usize) {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut chars = input.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        if in_quotes {
            if c == '"' {
                if matches!(chars.peek(), Some((_, '"'))) {
                    field.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            // A quote opens a quoted section only at the start of a field; elsewhere it is text.
            '"' if field.trim().is_empty() => {
                field.clear();
                in_quotes = true;
            }
            '\n' => {
                fields.push(field);
                return (fields, index + 1);
            }
            '\r' => {}
            c if c == delimiter => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    (fields, input.len())
}

fn list_entries(text: &str) -> Vec<String> {
    let mut entries = Vec::new();
    for line in text.lines() {
        // A spreadsheet paste without a header row: keep the cells that hold an address and
        // drop the other columns (names, dates); with none, keep every cell so it is reported.
        if line.contains('\t') {
            let cells: Vec<&str> = line
                .split('\t')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            let with_at: Vec<&str> = cells.iter().copied().filter(|c| c.contains('@')).collect();
            let kept = if with_at.is_empty() { cells } else { with_at };
            for cell in kept {
                split_list_line(cell, &mut entries);
            }
        } else {
            split_list_line(line, &mut entries);
        }
    }
    entries
}

/// Splits one line of a list on commas and semicolons outside quotes and angle brackets.
fn split_list_line(line: &str, entries: &mut Vec<String>) {
    let mut in_quotes = false;
    let mut in_angle = false;
    let mut start = 0;
    for (index, c) in line.char_indices() {
        match c {
            '"' if !in_angle => in_quotes = !in_quotes,
            '<' if !in_quotes => in_angle = true,
            '>' if !in_quotes => in_angle = false,
            ',' | ';' if !in_quotes && !in_angle => {
                push_trimmed(entries, &line[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    push_trimmed(entries, &line[start..]);
}

fn push_trimmed(entries: &mut Vec<String>, raw: &str) {
    let trimmed = raw.trim();
    if !trimmed.is_empty() {
        entries.push(trimmed.to_owned());
    }
}

/// The address inside one entry: `Name <addr>` gives `addr`, a `mailto:` prefix and
/// surrounding quotes are dropped, and the result is trimmed.
pub(super) fn extract_address(entry: &str) -> &str {
    let mut address = entry.trim();
    if let (Some(open), true) = (address.rfind('<'), address.ends_with('>')) {
        address = address[open + 1..address.len() - 1].trim();
    }
    if address
        .get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
    {
        address = address[7..].trim();
    }
    for quote in ['"', '\''] {
        if address.len() >= 2 && address.starts_with(quote) && address.ends_with(quote) {
            address = address[1..address.len() - 1].trim();
        }
    }
    address
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_list_on_newlines_commas_and_semicolons() {
        let entries = split_entries("a@x.com\r\nb@x.com, c@x.com;d@x.com\n\n ;, \n e@x.com ");
        assert_eq!(
            entries,
            ["a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com"]
        );
    }

    #[test]
    fn keeps_commas_inside_quotes_and_angle_brackets() {
        let entries = split_entries("\"Doe, Jane\" <jane@x.com>; Bob <bob@x.com>");
        assert_eq!(entries, ["\"Doe, Jane\" <jane@x.com>", "Bob <bob@x.com>"]);
    }

    #[test]
    fn a_stray_quote_does_not_swallow_later_lines() {
        let entries = split_entries("\"oops@x.com\nnext@x.com");
        assert_eq!(entries, ["\"oops@x.com", "next@x.com"]);
    }

    #[test]
    fn reads_the_email_column_of_a_csv() {
        let csv = "Name,Email,Team\n\"Doe, Jane\",jane@x.com,Ops\nBob,\"bob@x.com\",\"Line\nbreak\"\n\n,,\n";
        assert_eq!(split_entries(csv), ["jane@x.com", "bob@x.com"]);
    }

    #[test]
    fn reads_a_tab_separated_spreadsheet_paste() {
        let tsv = "First\tLast\tE-mail Address\r\nJane\tDoe\tjane@x.com\r\nBob\tRoe\tbob@x.com";
        assert_eq!(split_entries(tsv), ["jane@x.com", "bob@x.com"]);
    }

    #[test]
    fn keeps_the_address_cells_of_a_headerless_spreadsheet_paste() {
        let tsv = "Jane Doe\tjane@x.com\t2024-01-02\nBob\tbob@x.com; rob@x.com\nno address\there";
        assert_eq!(
            split_entries(tsv),
            ["jane@x.com", "bob@x.com", "rob@x.com", "no address", "here"]
        );
    }

    #[test]
    fn reads_a_single_column_table_and_a_bom() {
        assert_eq!(
            split_entries("\u{feff}email\na@x.com\nb@x.com\n"),
            ["a@x.com", "b@x.com"]
        );
    }

    #[test]
    fn unescapes_doubled_quotes_in_csv_fields() {
        let csv = "email\n\"\"\"Jane\"\" <jane@x.com>\"\n";
        assert_eq!(split_entries(csv), ["\"Jane\" <jane@x.com>"]);
    }

    #[test]
    fn a_list_without_header_is_not_a_table() {
        assert_eq!(split_entries("a@x.com,b@x.com"), ["a@x.com", "b@x.com"]);
    }

    #[test]
    fn extracts_the_address_from_display_forms() {
        assert_eq!(extract_address("Jane Doe <jane@x.com>"), "jane@x.com");
        assert_eq!(
            extract_address("\"Doe, Jane\" < jane@x.com >"),
            "jane@x.com"
        );
        assert_eq!(extract_address("MAILTO:jane@x.com"), "jane@x.com");
        assert_eq!(extract_address("'jane@x.com'"), "jane@x.com");
        assert_eq!(extract_address("<jane@x.com>"), "jane@x.com");
        assert_eq!(extract_address("plain@x.com"), "plain@x.com");
        // Multi-byte text where the scheme would be must not split a character.
        assert_eq!(extract_address("ñañañañ@x.com"), "ñañañañ@x.com");
    }
}

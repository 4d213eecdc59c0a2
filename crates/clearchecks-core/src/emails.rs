//! Turning a pasted list of applicant emails into checked, normalised addresses.
//!
//! Coordinators paste from anywhere: one address per line, comma- or semicolon-separated lists,
//! `Name <address>` forms copied from a mail client, or a CSV / spreadsheet export with an
//! `Email` column. [`parse_emails`] returns one [`EmailEntry`] per entry found, in input order,
//! each either valid or carrying the [`EmailProblem`] that the UI shows next to it. The whole
//! pass is linear in the input, so a 20,000-line paste is checked as the user types.
//!
//! The syntax rules (what is accepted, and why) are documented in the `syntax` submodule:
//! practical rather than full RFC 5322; Unicode domains accepted, Unicode local parts and IP
//! literals refused.

mod split;
mod syntax;

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

/// One entry of a pasted list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct EmailEntry {
    /// The entry as it appeared in the paste (trimmed), e.g. `Jane Doe <Jane@Example.com>`.
    pub input: String,
    /// The address: trimmed, display name removed, domain lower-cased. For an entry with a
    /// problem this is the best-effort extraction, shown but never sent.
    pub email: String,
    /// Why the entry cannot be ordered; `None` when it can.
    pub problem: Option<EmailProblem>,
}

impl EmailEntry {
    /// Whether this entry can be sent to ClearChecks.
    pub fn is_valid(&self) -> bool {
        self.problem.is_none()
    }
}

/// Why an entry cannot be ordered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum EmailProblem {
    /// Not a usable address; `reason` says which rule it breaks.
    InvalidSyntax { reason: SyntaxIssue },
    /// The same address (compared case-insensitively) appears earlier in the paste, as the
    /// entry at index `first_index` of the result.
    #[serde(rename_all = "camelCase")]
    DuplicateInBatch { first_index: u32 },
    /// Longer than 254 octets, or a local part longer than 64.
    TooLong,
    /// Contains control characters or invisible formatting characters.
    ControlCharacters,
}

/// The syntax rule an invalid address breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum SyntaxIssue {
    MissingAt,
    MultipleAt,
    EmptyLocalPart,
    EmptyDomain,
    ContainsWhitespace,
    ConsecutiveDots,
    DotAtEdge,
    DomainWithoutDot,
    InvalidDomainLabel,
    IpLiteral,
    NonAsciiLocalPart,
    InvalidCharacter { character: char },
}

impl fmt::Display for EmailProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidSyntax { reason } => write!(f, "not a valid email address: {reason}"),
            Self::DuplicateInBatch { .. } => f.write_str("this address is already in the list"),
            Self::TooLong => f.write_str("too long to be an email address"),
            Self::ControlCharacters => {
                f.write_str("contains invisible or control characters; retype it")
            }
        }
    }
}

impl fmt::Display for SyntaxIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingAt => f.write_str("it has no @"),
            Self::MultipleAt => f.write_str("it has more than one @"),
            Self::EmptyLocalPart => f.write_str("nothing before the @"),
            Self::EmptyDomain => f.write_str("nothing after the @"),
            Self::ContainsWhitespace => f.write_str("it contains a space"),
            Self::ConsecutiveDots => f.write_str("it has two dots in a row"),
            Self::DotAtEdge => f.write_str("a part starts or ends with a dot"),
            Self::DomainWithoutDot => f.write_str("the domain has no dot (e.g. example.com)"),
            Self::InvalidDomainLabel => f.write_str("the domain is not a valid host name"),
            Self::IpLiteral => f.write_str("IP-address domains are not accepted"),
            Self::NonAsciiLocalPart => {
                f.write_str("accented or non-Latin letters before the @ are not accepted")
            }
            Self::InvalidCharacter { character } => {
                write!(f, "the character {character:?} is not allowed")
            }
        }
    }
}

/// Parses a pasted block of text into entries, in input order; blank entries are skipped.
pub fn parse_emails(text: &str) -> Vec<EmailEntry> {
    let raw_entries = split::split_entries(text);
    let mut entries = Vec::with_capacity(raw_entries.len());
    // Lower-cased address -> index of its first valid occurrence.
    let mut seen: HashMap<String, u32> = HashMap::with_capacity(raw_entries.len());
    for input in raw_entries {
        let extracted = split::extract_address(&input);
        let (email, problem) = match syntax::check_address(extracted) {
            Ok(email) => {
                let index = u32::try_from(entries.len()).unwrap_or(u32::MAX);
                match seen.get(&email.to_lowercase()) {
                    Some(&first_index) => {
                        (email, Some(EmailProblem::DuplicateInBatch { first_index }))
                    }
                    None => {
                        seen.insert(email.to_lowercase(), index);
                        (email, None)
                    }
                }
            }
            Err(problem) => (best_effort(extracted), Some(problem)),
        };
        entries.push(EmailEntry {
            input,
            email,
            problem,
        });
    }
    entries
}

/// Checks and normalises a single address (no list splitting, no display-name extraction
/// beyond trimming).
pub fn validate_email(address: &str) -> Result<String, EmailProblem> {
    syntax::check_address(address.trim())
}

/// The valid, de-duplicated addresses of a parse, in order — what an order is placed with.
pub fn valid_addresses(entries: &[EmailEntry]) -> Vec<String> {
    entries
        .iter()
        .filter(|entry| entry.is_valid())
        .map(|entry| entry.email.clone())
        .collect()
}

/// An invalid address as shown back to the user: domain lower-cased when there is one, and
/// control characters made visible so the user can see what to fix.
fn best_effort(address: &str) -> String {
    let shown: String = address
        .chars()
        .map(|c| {
            if syntax::is_control_or_invisible(c) {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect();
    match shown.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_lowercase()),
        None => shown,
    }
}

#[cfg(test)]
mod tests;

//! The practical syntax check for one applicant address.
//!
//! Not RFC 5322: it accepts what a mail provider hands out to a person and rejects what a
//! coordinator most likely pasted by mistake. Decisions, in the order they are checked:
//! - control and invisible format characters (zero-width spaces, bidi overrides, soft hyphens,
//!   byte-order marks) are refused outright — they survive copy-paste from web pages and make
//!   an address that looks right but bounces;
//! - at most 254 octets in all and 64 in the local part (RFC 5321 limits, counted in UTF-8);
//! - exactly one `@`; no whitespace anywhere; no quoted local parts;
//! - the local part is a dot-atom of ASCII `atext`: **non-ASCII local parts are refused**,
//!   because delivering to them needs SMTPUTF8 all the way to the applicant's mailbox and we
//!   cannot know that ClearChecks' invite mailer has it;
//! - the domain has at least two dot-separated labels of letters, digits and inner hyphens,
//!   each at most 63 octets; **IDN (Unicode) domains are accepted** (mail systems convert them);
//!   the top-level label is not all digits, and **IP literals (`[192.0.2.1]`) are refused** —
//!   no real applicant mailbox is addressed that way;
//! - no leading, trailing or consecutive dots in either part.

use super::{EmailProblem, SyntaxIssue};

/// RFC 5321 limits, in octets.
const MAX_ADDRESS_LEN: usize = 254;
const MAX_LOCAL_LEN: usize = 64;
const MAX_LABEL_LEN: usize = 63;

/// Checks one address (already extracted and trimmed) and returns it normalised — the domain
/// lower-cased, the local part as typed (it is case-sensitive in principle).
pub(super) fn check_address(address: &str) -> Result<String, EmailProblem> {
    if address.chars().any(is_control_or_invisible) {
        return Err(EmailProblem::ControlCharacters);
    }
    if address.len() > MAX_ADDRESS_LEN {
        return Err(EmailProblem::TooLong);
    }
    if address.chars().any(char::is_whitespace) {
        return Err(invalid(SyntaxIssue::ContainsWhitespace));
    }
    let (local, domain) = match address.split_once('@') {
        None => return Err(invalid(SyntaxIssue::MissingAt)),
        Some((_, domain)) if domain.contains('@') => return Err(invalid(SyntaxIssue::MultipleAt)),
        Some(parts) => parts,
    };
    if local.len() > MAX_LOCAL_LEN {
        return Err(EmailProblem::TooLong);
    }
    check_local(local)?;
    check_domain(domain)?;
    Ok(format!("{local}@{}", domain.to_lowercase()))
}

fn check_local(local: &str) -> Result<(), EmailProblem> {
    if local.is_empty() {
        return Err(invalid(SyntaxIssue::EmptyLocalPart));
    }
    if !local.is_ascii() {
        return Err(invalid(SyntaxIssue::NonAsciiLocalPart));
    }
    check_dots(local)?;
    match local.chars().find(|c| !is_atext(*c) && *c != '.') {
        Some(character) => Err(invalid(SyntaxIssue::InvalidCharacter { character })),
        None => Ok(()),
    }
}

fn check_domain(domain: &str) -> Result<(), EmailProblem> {
    if domain.is_empty() {
        return Err(invalid(SyntaxIssue::EmptyDomain));
    }
    if domain.starts_with('[') {
        return Err(invalid(SyntaxIssue::IpLiteral));
    }
    check_dots(domain)?;
    if !domain.contains('.') {
        return Err(invalid(SyntaxIssue::DomainWithoutDot));
    }
    for label in domain.split('.') {
        let well_formed = label.len() <= MAX_LABEL_LEN
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-');
        if !well_formed {
            return Err(invalid(SyntaxIssue::InvalidDomainLabel));
        }
    }
    let top_level = domain.rsplit('.').next().unwrap_or_default();
    if top_level.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid(SyntaxIssue::InvalidDomainLabel));
    }
    Ok(())
}

fn check_dots(part: &str) -> Result<(), EmailProblem> {
    if part.starts_with('.') || part.ends_with('.') {
        return Err(invalid(SyntaxIssue::DotAtEdge));
    }
    if part.contains("..") {
        return Err(invalid(SyntaxIssue::ConsecutiveDots));
    }
    Ok(())
}

fn invalid(reason: SyntaxIssue) -> EmailProblem {
    EmailProblem::InvalidSyntax { reason }
}

/// RFC 5322 `atext`: the characters allowed in a dot-atom besides the dot.
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
}

/// Control characters (Cc) and the invisible format characters that copy-paste smuggles in.
pub(super) fn is_control_or_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(address: &str) -> SyntaxIssue {
        match check_address(address) {
            Err(EmailProblem::InvalidSyntax { reason }) => reason,
            other => panic!("{address:?} gave {other:?}"),
        }
    }

    #[test]
    fn accepts_ordinary_addresses_and_lowercases_the_domain() {
        assert_eq!(
            check_address("Jane.Doe@Example.COM").unwrap(),
            "Jane.Doe@example.com"
        );
        assert_eq!(
            check_address("a+tag@sub.example.co.uk").unwrap(),
            "a+tag@sub.example.co.uk"
        );
        assert_eq!(check_address("o'brien@x-y.org").unwrap(), "o'brien@x-y.org");
        assert_eq!(
            check_address("x@xn--bcher-kva.de").unwrap(),
            "x@xn--bcher-kva.de"
        );
    }

    #[test]
    fn accepts_unicode_domains() {
        assert_eq!(check_address("anna@Bücher.DE").unwrap(), "anna@bücher.de");
    }

    #[test]
    fn refuses_unicode_local_parts() {
        assert_eq!(reason("jürgen@example.de"), SyntaxIssue::NonAsciiLocalPart);
    }

    #[test]
    fn names_each_syntax_problem() {
        assert_eq!(reason("jane.example.com"), SyntaxIssue::MissingAt);
        assert_eq!(reason("a@b@example.com"), SyntaxIssue::MultipleAt);
        assert_eq!(reason("@example.com"), SyntaxIssue::EmptyLocalPart);
        assert_eq!(reason("jane@"), SyntaxIssue::EmptyDomain);
        assert_eq!(
            reason("jane doe@example.com"),
            SyntaxIssue::ContainsWhitespace
        );
        assert_eq!(reason("jane@exa mple.com"), SyntaxIssue::ContainsWhitespace);
        assert_eq!(
            reason("jane\u{a0}@example.com"),
            SyntaxIssue::ContainsWhitespace
        );
        assert_eq!(
            reason("jane..doe@example.com"),
            SyntaxIssue::ConsecutiveDots
        );
        assert_eq!(reason("jane@example..com"), SyntaxIssue::ConsecutiveDots);
        assert_eq!(reason(".jane@example.com"), SyntaxIssue::DotAtEdge);
        assert_eq!(reason("jane.@example.com"), SyntaxIssue::DotAtEdge);
        assert_eq!(reason("jane@example.com."), SyntaxIssue::DotAtEdge);
        assert_eq!(reason("jane@localhost"), SyntaxIssue::DomainWithoutDot);
        assert_eq!(reason("jane@[192.0.2.1]"), SyntaxIssue::IpLiteral);
        assert_eq!(reason("jane@192.0.2.1"), SyntaxIssue::InvalidDomainLabel);
        assert_eq!(reason("jane@-example.com"), SyntaxIssue::InvalidDomainLabel);
        assert_eq!(reason("jane@example-.com"), SyntaxIssue::InvalidDomainLabel);
        assert_eq!(reason("jane@exam_ple.com"), SyntaxIssue::InvalidDomainLabel);
        assert_eq!(
            reason("ja(ne)@example.com"),
            SyntaxIssue::InvalidCharacter { character: '(' }
        );
        assert_eq!(
            reason("\"jane\"@example.com"),
            SyntaxIssue::InvalidCharacter { character: '"' }
        );
    }

    #[test]
    fn enforces_the_length_limits() {
        let local64 = "a".repeat(64);
        assert!(check_address(&format!("{local64}@example.com")).is_ok());
        let local65 = "a".repeat(65);
        assert_eq!(
            check_address(&format!("{local65}@example.com")),
            Err(EmailProblem::TooLong)
        );
        // 254 octets in all is the maximum: 64 + 1 + 189.
        let domain189 = format!(
            "{}.{}.{}.com",
            "b".repeat(60),
            "c".repeat(60),
            "d".repeat(63)
        );
        assert_eq!(domain189.len(), 189);
        assert!(check_address(&format!("{local64}@{domain189}")).is_ok());
        assert_eq!(
            check_address(&format!("{local64}@e{domain189}")),
            Err(EmailProblem::TooLong)
        );
        assert_eq!(
            reason(&format!("a@{}.com", "l".repeat(64))),
            SyntaxIssue::InvalidDomainLabel
        );
    }

    #[test]
    fn refuses_control_and_invisible_characters() {
        for bad in [
            "ja\u{0}ne@x.com",
            "jane@x.com\u{7}",
            "ja\u{200B}ne@x.com",
            "jane@x\u{202E}.com",
            "\u{feff}jane@x.com",
            "ja\tne@x.com",
        ] {
            assert_eq!(
                check_address(bad),
                Err(EmailProblem::ControlCharacters),
                "{bad:?}"
            );
        }
    }
}

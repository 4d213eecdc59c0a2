//! Tests of the whole parse: splitting, extraction, checking and de-duplication together.

use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::*;

fn problems(text: &str) -> Vec<Option<EmailProblem>> {
    parse_emails(text).into_iter().map(|e| e.problem).collect()
}

#[test]
fn parses_a_mixed_paste() {
    let entries = parse_emails(
        "Jane Doe <Jane.Doe@Example.com>, bob@example.org\n\"Roe, Rick\" <rick@EXAMPLE.net>; not-an-email\n",
    );
    let emails: Vec<&str> = entries.iter().map(|e| e.email.as_str()).collect();
    assert_eq!(
        emails,
        [
            "Jane.Doe@example.com",
            "bob@example.org",
            "rick@example.net",
            "not-an-email"
        ]
    );
    assert_eq!(entries[0].input, "Jane Doe <Jane.Doe@Example.com>");
    assert!(entries[..3].iter().all(EmailEntry::is_valid));
    assert_eq!(
        entries[3].problem,
        Some(EmailProblem::InvalidSyntax {
            reason: SyntaxIssue::MissingAt
        })
    );
    assert_eq!(
        valid_addresses(&entries),
        [
            "Jane.Doe@example.com",
            "bob@example.org",
            "rick@example.net"
        ]
    );
}

#[test]
fn flags_case_insensitive_duplicates_against_the_first_occurrence() {
    let text = "a@x.com\nbad\nB@x.com\nA@X.COM\nb@X.com\nbad";
    assert_eq!(
        problems(text),
        [
            None,
            Some(EmailProblem::InvalidSyntax {
                reason: SyntaxIssue::MissingAt
            }),
            None,
            Some(EmailProblem::DuplicateInBatch { first_index: 0 }),
            Some(EmailProblem::DuplicateInBatch { first_index: 2 }),
            // An invalid entry repeated stays "invalid": that is what the user must fix.
            Some(EmailProblem::InvalidSyntax {
                reason: SyntaxIssue::MissingAt
            }),
        ]
    );
    assert_eq!(valid_addresses(&parse_emails(text)), ["a@x.com", "B@x.com"]);
}

#[test]
fn reads_a_csv_export() {
    let csv = "\"Name\",\"Email\"\n\"Doe, Jane\",\"jane@x.com\"\n\"Roe, Rick\",rick@x.com\n";
    let entries = parse_emails(csv);
    assert_eq!(valid_addresses(&entries), ["jane@x.com", "rick@x.com"]);
}

#[test]
fn shows_control_characters_in_the_best_effort_address() {
    let entries = parse_emails("ja\u{200B}ne@Example.com");
    assert_eq!(entries[0].problem, Some(EmailProblem::ControlCharacters));
    assert_eq!(entries[0].email, "ja\u{FFFD}ne@example.com");
}

#[test]
fn empty_and_blank_input_gives_no_entries() {
    assert!(parse_emails("").is_empty());
    assert!(parse_emails(" \n\n ,;; \r\n").is_empty());
}

#[test]
fn validate_email_trims_and_normalises() {
    assert_eq!(
        validate_email("  Jo@EXAMPLE.com "),
        Ok("Jo@example.com".to_owned())
    );
    assert!(validate_email("jo@").is_err());
}

#[test]
fn serialises_for_the_ui() {
    let entries = parse_emails("a@x.com\nA@x.com\nnope");
    let json = serde_json::to_value(&entries).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            { "input": "a@x.com", "email": "a@x.com", "problem": null },
            { "input": "A@x.com", "email": "A@x.com",
              "problem": { "kind": "duplicateInBatch", "firstIndex": 0 } },
            { "input": "nope", "email": "nope",
              "problem": { "kind": "invalidSyntax", "reason": { "kind": "missingAt" } } },
        ])
    );
}

#[test]
fn messages_say_what_is_wrong() {
    let problem = EmailProblem::InvalidSyntax {
        reason: SyntaxIssue::DomainWithoutDot,
    };
    assert_eq!(
        problem.to_string(),
        "not a valid email address: the domain has no dot (e.g. example.com)"
    );
}

#[test]
fn handles_twenty_thousand_lines_quickly() {
    let text: String = (0..20_000)
        .map(|i| format!("Applicant {i} <applicant.{i}@Example{}.com>\n", i % 7))
        .collect();
    let started = Instant::now();
    let entries = parse_emails(&text);
    let elapsed = started.elapsed();
    assert_eq!(entries.len(), 20_000);
    assert!(entries.iter().all(EmailEntry::is_valid));
    assert_eq!(entries[19_999].email, "applicant.19999@example0.com");
    // Generous for a debug build on a shared 2-core machine; a quadratic pass takes minutes.
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
}

#[test]
fn handles_huge_entries_in_linear_time() {
    let long_local = format!("{}@example.com", "a".repeat(10_240));
    let no_separators = "x".repeat(2_000_000);
    let brackets = "<\"".repeat(500_000);
    let started = Instant::now();
    assert_eq!(problems(&long_local), [Some(EmailProblem::TooLong)]);
    assert_eq!(problems(&no_separators), [Some(EmailProblem::TooLong)]);
    assert_eq!(parse_emails(&brackets).len(), 1);
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
}

/// A random address built only from what the rules accept.
fn random_valid_address(rng: &mut StdRng) -> String {
    const LOCAL: &[u8] =
        b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~";
    const LABEL: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let atom = |rng: &mut StdRng, alphabet: &[u8], max: usize| -> String {
        let len = rng.gen_range(1..=max);
        (0..len)
            .map(|_| alphabet[rng.gen_range(0..alphabet.len())] as char)
            .collect()
    };
    let local_atoms = rng.gen_range(1..=3);
    let local: Vec<String> = (0..local_atoms).map(|_| atom(rng, LOCAL, 12)).collect();
    let labels = rng.gen_range(2..=4);
    let mut domain: Vec<String> = (0..labels).map(|_| atom(rng, LABEL, 15)).collect();
    if rng.gen_bool(0.3) {
        domain[0] = format!("{}-{}", domain[0], atom(rng, LABEL, 5));
    }
    // The top-level label must not be all digits.
    domain.last_mut().unwrap().push('z');
    format!("{}@{}", local.join("."), domain.join("."))
}

#[test]
fn random_valid_addresses_are_accepted_and_normalisation_is_stable() {
    let mut rng = StdRng::seed_from_u64(0x5eed);
    for _ in 0..5_000 {
        let address = random_valid_address(&mut rng);
        let normalised = validate_email(&address).unwrap_or_else(|p| panic!("{address}: {p}"));
        let (local, domain) = normalised.split_once('@').unwrap();
        assert_eq!(local, address.split_once('@').unwrap().0);
        assert_eq!(domain, domain.to_lowercase());
        assert_eq!(validate_email(&normalised), Ok(normalised.clone()));
        // Wrapped in a display name it parses to the same address.
        let entries = parse_emails(&format!("\"Some, Body\" <{address}>"));
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].email, normalised);
    }
}

#[test]
fn random_input_never_panics_and_accepted_addresses_obey_the_rules() {
    const ALPHABET: &[char] = &[
        'a', 'Z', '0', '.', '@', ' ', ',', ';', '\n', '"', '<', '>', '-', '+', '\u{0}', 'é', '[',
        ']', '\t', '\u{200B}', '\r',
    ];
    let mut rng = StdRng::seed_from_u64(42);
    for _ in 0..3_000 {
        let len = rng.gen_range(0..60);
        let text: String = (0..len)
            .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())])
            .collect();
        let entries = parse_emails(&text);
        let mut seen = std::collections::HashSet::new();
        for entry in entries.iter().filter(|e| e.is_valid()) {
            let email = &entry.email;
            assert_eq!(email.matches('@').count(), 1, "{text:?} -> {email:?}");
            assert!(email.len() <= 254);
            assert!(!email.chars().any(|c| c.is_whitespace() || c.is_control()));
            assert!(!email.contains(".."));
            assert_eq!(validate_email(email).as_ref(), Ok(email));
            assert!(seen.insert(email.to_lowercase()), "duplicate kept: {email}");
        }
    }
}

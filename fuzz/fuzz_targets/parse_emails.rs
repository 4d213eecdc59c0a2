//! The pasted-email parser: any text. Whatever it accepts must be a sendable address that
//! re-validates to itself, appear once, and every duplicate must point at an earlier valid entry.
#![no_main]

use std::collections::HashMap;

use clearchecks_core::emails::{parse_emails, valid_addresses, validate_email, EmailProblem};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let entries = parse_emails(text);
    let mut first_of: HashMap<String, usize> = HashMap::new();
    for (index, entry) in entries.iter().enumerate() {
        match &entry.problem {
            None => {
                let email = &entry.email;
                assert_eq!(email.matches('@').count(), 1, "{email:?}");
                assert!(email.len() <= 254, "{email:?}");
                assert!(!email.chars().any(|c| c.is_whitespace() || c.is_control()));
                assert!(!email.contains(".."), "{email:?}");
                assert_eq!(validate_email(email).as_ref(), Ok(email));
                let previous = first_of.insert(email.to_lowercase(), index);
                assert!(previous.is_none(), "{email:?} accepted twice");
            }
            Some(EmailProblem::DuplicateInBatch { first_index }) => {
                let first = *first_index as usize;
                assert!(first < index);
                assert!(entries[first].is_valid());
                assert_eq!(
                    entries[first].email.to_lowercase(),
                    entry.email.to_lowercase()
                );
            }
            Some(_) => {}
        }
    }
    assert_eq!(valid_addresses(&entries).len(), first_of.len());
});

use super::*;

#[test]
fn diagnostics_truncate_on_char_boundary() {
    let body = "é".repeat(DIAGNOSTIC_BODY_LIMIT);
    let diag = Diagnostics::new(500, &body);
    assert!(diag.body.len() <= DIAGNOSTIC_BODY_LIMIT + "…[truncated]".len());
    assert!(diag.body.ends_with("…[truncated]"));
    assert_eq!(Diagnostics::new(404, "short").body, "short");
}

#[test]
fn kinds_are_stable_strings() {
    let err = ApiError::RateLimited {
        retry_after: Duration::from_secs(7),
    };
    assert_eq!(err.kind().as_str(), "rateLimited");
    assert_eq!(
        serde_json::to_string(&err.kind()).unwrap(),
        "\"rateLimited\""
    );
    assert_eq!(err.status(), Some(429));
    assert!(err.to_string().contains("Try again in 7 s"));
    assert!(
        !err.to_string().contains("Retrying"),
        "nothing retries behind it"
    );
    assert_eq!(
        serde_json::to_string(&ErrorKind::OutcomeUncertain).unwrap(),
        "\"outcomeUncertain\""
    );
}

#[test]
fn the_servers_reason_is_shown_next_to_our_advice() {
    let diagnostics = Diagnostics::new(500, "{}").with_reason(Some("Mail server down".into()));
    let err = ApiError::Server {
        status: 500,
        diagnostics: diagnostics.clone(),
    };
    assert_eq!(err.server_reason(), Some("Mail server down"));
    assert_eq!(
        err.to_string(),
        "ClearChecks had a problem (HTTP 500: “Mail server down”). Try again in a minute."
    );
    let err = ApiError::Unauthorized { diagnostics };
    assert!(err.to_string().starts_with(
        "ClearChecks did not accept this account's API token (ClearChecks said: “Mail server down”)."
    ));
    let silent = ApiError::Unauthorized {
        diagnostics: Diagnostics::new(302, "redirected to /login"),
    };
    assert_eq!(silent.server_reason(), None);
    assert_eq!(
        silent.to_string(),
        "ClearChecks did not accept this account's API token. Replace the token in Accounts."
    );
    let scrubbed = ApiError::Server {
        status: 500,
        diagnostics: Diagnostics::new(500, "").with_reason(Some("secret".into())),
    }
    .map_text(|t| t.replace("secret", "<redacted>"));
    assert_eq!(scrubbed.server_reason(), Some("<redacted>"));
}

#[test]
fn local_validation_names_the_field() {
    let err = ApiError::invalid_input("emails", "Add at least one email.");
    match &err {
        ApiError::Validation { field_errors, .. } => {
            assert_eq!(
                field_errors["emails"],
                vec!["Add at least one email.".to_string()]
            )
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(err.status(), None);
}

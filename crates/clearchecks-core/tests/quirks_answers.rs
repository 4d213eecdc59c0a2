//! Every endpoint over real HTTP against the simulator's answer quirks: the login and canonical
//! redirects, the 500 after a committed order, `{"data": …}` wrappers, JSON labelled
//! `text/html` or preceded by a byte-order mark, error bodies that are not Laravel's, and the
//! PDF's second host, which must receive nothing of the token.

mod common;

use std::time::Duration;

use clearchecks_core::{
    AddOns, ApiError, Attestation, ClearChecksClient, ErrorKind, OrderRequest, Reconciliation,
};
use clearchecks_sandbox::{Fault, Quirk, Sandbox, SandboxConfig};
use common::*;

async fn quirky(quirks: &[Quirk]) -> Sandbox {
    sandbox_with(
        SandboxConfig::empty()
            .account(TOKEN, "Quirky Staffing", 12)
            .per_page(5)
            .rate_limit(10_000, Duration::from_secs(60))
            .quirks(quirks.iter().copied()),
    )
    .await
}

fn order(email: &str) -> OrderRequest {
    OrderRequest::new("HIRE1", &[email.into()], AddOns::default()).unwrap()
}

fn attestation() -> Attestation {
    Attestation::accepted("I certify a permissible purpose under the FCRA.").unwrap()
}

/// Every call the app makes works, whatever the quirks do to the answers' shape.
async fn every_endpoint_works(quirks: &[Quirk]) {
    let sandbox = quirky(quirks).await;
    let client = client(&sandbox);
    let account = client.account().await.unwrap();
    assert!(account.company_name.is_some(), "{quirks:?}");
    assert!(!client.teams().await.unwrap().is_empty(), "{quirks:?}");
    let listing = client.list_all_reports().await.unwrap();
    assert!(
        listing.is_complete(),
        "{quirks:?}: {}",
        listing.completeness
    );
    assert_eq!(listing.items.len(), 12, "{quirks:?}");
    let placed = client
        .place_order(&order("wrapped@example.com"), &attestation())
        .await
        .unwrap();
    let key = &placed.applicants[0].report_key;
    let status = client.report_status(key).await.unwrap();
    assert_eq!(status.status.as_str(), "A", "{quirks:?}");
    sandbox.control().submit_applicant(key);
    sandbox.control().advance(key);
    let report = client.report(key).await.unwrap();
    assert!(report.order_date.is_some(), "{quirks:?}");
    assert!(!client
        .report_widget_token(key)
        .await
        .unwrap()
        .expose_secret()
        .is_empty());
    let invoices = client.list_invoices().await.unwrap();
    assert!(invoices.is_complete(), "{quirks:?}");
    let detail = client.invoice(invoices.items[0].id).await.unwrap();
    assert_eq!(
        detail.invoice.total - detail.invoice.tax,
        detail.subtotal,
        "{quirks:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    client
        .download_report_pdf(key, &dir.path().join("r.pdf"))
        .await
        .unwrap();
    sandbox.shutdown().await;
}

#[tokio::test]
async fn wrappers_content_types_bom_and_string_numbers_change_nothing() {
    every_endpoint_works(&[Quirk::DataWrapper]).await;
    every_endpoint_works(&[Quirk::TextHtmlJson, Quirk::Utf8Bom]).await;
    every_endpoint_works(&[Quirk::StringIds]).await;
    every_endpoint_works(&[Quirk::Eloquent, Quirk::OddDates]).await;
    every_endpoint_works(&[Quirk::CanonicalRedirect]).await;
}

#[tokio::test]
async fn string_ids_keep_the_zip_as_the_number_says() {
    let sandbox = quirky(&[Quirk::StringIds]).await;
    let account = client(&sandbox).account().await.unwrap();
    let zip = account.zip.unwrap();
    assert!(zip.chars().all(|c| c.is_ascii_digit()), "{zip}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_bad_or_revoked_token_redirected_to_login_is_unauthorized() {
    let sandbox = quirky(&[Quirk::LoginRedirect]).await;
    let wrong = client_for(&sandbox, "itest-wrong-token-NOT-A-SECRET");
    for error in [
        wrong.account().await.unwrap_err(),
        wrong.list_reports_page(1).await.unwrap_err(),
    ] {
        assert!(matches!(error, ApiError::Unauthorized { .. }), "{error:?}");
        assert_redacted(&error, "itest-wrong-token-NOT-A-SECRET");
    }
    let error = wrong
        .place_order(&order("a@example.com"), &attestation())
        .await
        .unwrap_err();
    assert!(matches!(error, ApiError::Unauthorized { .. }), "{error:?}");
    assert!(
        !wrong.submission_guard().is_blocked(&order("a@example.com")),
        "nothing was placed"
    );
    let good = client(&sandbox);
    good.account().await.unwrap();
    sandbox.control().revoke_token(TOKEN);
    assert!(matches!(
        good.account().await,
        Err(ApiError::Unauthorized { .. })
    ));
    let log = sandbox.control().requests();
    assert!(
        log.iter().any(|r| r.status == 302),
        "the server did redirect"
    );
    assert!(
        log.iter().all(|r| r.route != "page.login"),
        "the login page is never fetched"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_order_refused_by_a_canonical_redirect_is_uncertain_then_reconciled() {
    let sandbox = quirky(&[Quirk::CanonicalRedirect]).await;
    // A fresh client's first call is the order: the 308 is never followed.
    let client = client(&sandbox);
    let first = order("canonical@example.com");
    let error = client
        .place_order(&first, &attestation())
        .await
        .unwrap_err();
    assert!(
        matches!(error, ApiError::OutcomeUncertain { .. }),
        "{error:?}"
    );
    assert_eq!(sandbox.control().count("POST", "orders.new"), 1);
    assert!(sandbox
        .control()
        .orders_of(TOKEN)
        .iter()
        .all(|o| o.applicant_email != "canonical@example.com"));
    // Reconciling follows the GET's 301, learns the canonical form and proves nothing was placed.
    assert_eq!(
        client.reconcile_order(&first).await.unwrap(),
        Reconciliation::NotPlaced
    );
    let placed = client.place_order(&first, &attestation()).await.unwrap();
    assert_eq!(placed.applicants[0].email, "canonical@example.com");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_500_after_the_order_was_committed_is_uncertain_and_reconciles_to_placed() {
    let sandbox = quirky(&[Quirk::ServerErrorAfterCommit]).await;
    let client = client(&sandbox);
    let committed = order("committed@example.com");
    let error = client
        .place_order(&committed, &attestation())
        .await
        .unwrap_err();
    match &error {
        ApiError::OutcomeUncertain { message } => {
            assert!(
                message.contains("HTTP 500") && message.contains("Server Error"),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        sandbox.control().count("POST", "orders.new"),
        1,
        "never retried"
    );
    let in_sim = sandbox
        .control()
        .orders_of(TOKEN)
        .into_iter()
        .find(|o| o.applicant_email == "committed@example.com")
        .expect("the simulator committed it");
    match client.reconcile_order(&committed).await.unwrap() {
        Reconciliation::Placed(placed) => {
            assert_eq!(placed.applicants[0].report_key, in_sim.report_key)
        }
        other => panic!("{other:?}"),
    }
    sandbox.shutdown().await;
}

/// The server's reason, whatever the error body's shape, next to our advice.
#[tokio::test]
async fn foreign_error_bodies_keep_the_servers_reason() {
    let sandbox = quirky(&[Quirk::NonLaravelErrors]).await;
    let client = client(&sandbox);
    let wrong = client_for(&sandbox, "itest-wrong-token-NOT-A-SECRET");
    let error = wrong.account().await.unwrap_err();
    assert_eq!(
        error.server_reason(),
        Some("invalid_token: The API token is invalid or has expired.")
    );
    assert!(error
        .to_string()
        .contains("The API token is invalid or has expired."));
    let error = client.report_status("no-such-key").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.server_reason(), Some("Not Found: Report not found."));
    let bad = OrderRequest::new("HIRE1", &["ok@example.com".into()], AddOns::default()).unwrap();
    sandbox
        .control()
        .set_fault_times("orders.new", Fault::Status { code: 422 }, 1);
    let error = client.place_order(&bad, &attestation()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation, "{error:?}");
    sandbox
        .control()
        .set_fault_times("accounts.show", Fault::Status { code: 503 }, 3);
    let error = client.account().await.unwrap_err();
    assert_eq!(error.server_reason(), Some("503 Service Unavailable"));
    assert!(
        error
            .to_string()
            .contains("HTTP 503: “503 Service Unavailable”"),
        "{error}"
    );
    sandbox
        .control()
        .set_fault_times("accounts.show", Fault::Status { code: 403 }, 1);
    let error = client.account().await.unwrap_err();
    assert_eq!(
        (error.status(), error.server_reason()),
        (Some(403), Some("Forbidden"))
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn json_api_validation_errors_name_their_fields() {
    let sandbox = quirky(&[Quirk::NonLaravelErrors]).await;
    // A raw order the core would never send, to get the server's own 422 with two fields.
    let response = raw_http()
        .post(format!("{}/orders/new?api_token={TOKEN}", sandbox.api_base()))
        .json(&serde_json::json!({"report_sku": "HIRE9", "applicant_emails": ["x"], "terms_agree": "Y"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("/data/attributes/report_sku"), "{body}");
    // And through the client, via its error mapping.
    let client = client(&sandbox);
    let env_error = client
        .place_order(
            &OrderRequest::new("HIRE9", &["a@example.com".into()], AddOns::default()).unwrap(),
            &attestation(),
        )
        .await
        .unwrap_err();
    match env_error {
        ApiError::Validation { field_errors, .. } => {
            assert!(field_errors.contains_key("report_sku"), "{field_errors:?}")
        }
        other => panic!("{other:?}"),
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_debug_mode_500_shows_the_message_not_the_stack() {
    let sandbox = quirky(&[Quirk::DebugErrors]).await;
    sandbox
        .control()
        .set_fault_times("accounts.show", Fault::Status { code: 500 }, 3);
    let error = client(&sandbox).account().await.unwrap_err();
    let reason = error.server_reason().unwrap();
    assert!(reason.starts_with("SQLSTATE[HY000]"), "{reason}");
    assert!(!error.to_string().contains("/var/www"), "{error}");
    sandbox.shutdown().await;
}

/// Issue 14 H1 against the simulator: its file host (a second listener) records every header
/// and the URL of the PDF request.
#[tokio::test]
async fn the_file_host_receives_no_token_referer_cookie_or_auth_header() {
    let sandbox = quirky(&[]).await;
    let client: ClearChecksClient = client(&sandbox);
    let placed = client
        .place_order(&order("pdf@example.com"), &attestation())
        .await
        .unwrap();
    let key = placed.applicants[0].report_key.clone();
    sandbox.control().submit_applicant(&key);
    sandbox.control().advance(&key);
    let dir = tempfile::tempdir().unwrap();
    client
        .download_report_pdf(&key, &dir.path().join("r.pdf"))
        .await
        .unwrap();
    let log = sandbox.control().requests();
    let file = log
        .iter()
        .find(|r| r.route == "files.pdf")
        .expect("the file host was asked");
    assert_eq!(file.listener, "files");
    assert_eq!(file.path, format!("/_files/{key}.pdf"));
    let query = file.query.as_deref().unwrap();
    assert!(
        query.starts_with("expires=") && query.contains("&sig="),
        "{query}"
    );
    for (name, value) in &file.headers {
        assert!(!value.contains(TOKEN), "{name}: {value}");
        assert!(
            !matches!(name.as_str(), "referer" | "cookie" | "authorization"),
            "{name}"
        );
    }
    let api = log.iter().find(|r| r.route == "report.pdf").unwrap();
    assert_eq!((api.listener.as_str(), api.status), ("api", 302));
    assert_eq!(api.query.as_deref(), Some("api_token=<redacted>"));
    sandbox.shutdown().await;
}

//! Every endpoint of the contract over real HTTP against the simulator.

mod common;

use std::collections::HashSet;

use clearchecks_core::platform::{
    registration_token_from_widget, PlatformPrivateKey, RegistrationTokenDecryptor,
};
use clearchecks_core::{
    ApiError, ClearChecksClient, Environment, OrderRow, OrderState, PageRef, PageShape, Widget,
};
use clearchecks_sandbox::{
    AdverseStage, SandboxConfig, DEMO_PLATFORM_API_TOKEN, DEMO_PRIVATE_KEY, DEMO_SOURCE_TOKEN,
};
use common::*;

#[tokio::test]
async fn account_teams_and_details() {
    let sandbox = sandbox(3).await;
    let client = client(&sandbox);
    let account = client.account().await.unwrap();
    assert_eq!(account.company_name.as_deref(), Some("Integration Co"));
    let teams = client.teams().await.unwrap();
    assert!(!teams.is_empty());
    assert!(teams.iter().all(|t| !t.name.is_empty()));
    let details = client.account_details().await.unwrap();
    assert_eq!(details.teams, teams);
    assert_eq!(sandbox.control().count("GET", "accounts.show"), 2);
    assert_eq!(sandbox.control().count("GET", "accounts.teams"), 2);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn every_page_of_more_than_a_thousand_orders() {
    let sandbox = sandbox(1_234).await;
    let client = client(&sandbox);
    let first = client.list_reports_page(1).await.unwrap();
    assert_eq!(
        (first.current_page, first.last_page, first.total),
        (Some(1), Some(13), Some(1_234))
    );
    assert_eq!(first.items.len(), 100);
    assert_eq!(first.next, Some(PageRef::Number(2)));
    let listing = client.list_all_reports().await.unwrap();
    assert!(listing.is_complete(), "{}", listing.completeness);
    assert_eq!(
        (listing.pages_read, listing.total, listing.shape),
        (13, Some(1_234), Some(PageShape::LengthAware))
    );
    let all = listing.items;
    assert_eq!(all.len(), 1_234);
    let keys: HashSet<&str> = all.iter().map(|i| i.report_key.as_str()).collect();
    assert_eq!(keys.len(), 1_234, "no duplicates");
    let expected: HashSet<String> = sandbox
        .control()
        .orders_of(TOKEN)
        .into_iter()
        .map(|o| o.report_key)
        .collect();
    assert_eq!(keys, expected.iter().map(String::as_str).collect());
    assert_eq!(sandbox.control().count("GET", "reports.all"), 1 + 13);
    // The seeded world has names, dates and every status letter; all parse.
    assert!(all
        .iter()
        .all(|i| i.ordered_at.is_some() && i.applicant_email.is_some()));
    let states: HashSet<OrderState> = all
        .iter()
        .map(|i| OrderRow::from_list_item(i).state)
        .collect();
    for state in [
        OrderState::AwaitingApplicant,
        OrderState::InProgress,
        OrderState::PreAdverseSent,
        OrderState::AdverseFinal,
    ] {
        assert!(states.contains(&state), "{state:?} missing");
    }
    assert!(!states.contains(&OrderState::Unknown));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn status_report_widget_token_and_pdf() {
    let sandbox = sandbox(0).await;
    let client = client(&sandbox);
    let control = sandbox.control();
    let request = clearchecks_core::OrderRequest::new(
        "HIRE2",
        &["zoë.ñ+records@example.com".to_string()],
        clearchecks_core::AddOns {
            mvr: true,
            drug_sku: Some("drug".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let attestation =
        clearchecks_core::Attestation::accepted("I have a permissible purpose.").unwrap();
    let placed = client.place_order(&request, &attestation).await.unwrap();
    let key = placed.applicants[0].report_key.clone();

    let status = client.report_status(&key).await.unwrap();
    assert_eq!(status.state(), OrderState::AwaitingApplicant);
    assert!(status.reports.is_empty(), "[] before the applicant submits");
    // No PDF before completion: a typed 404.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.pdf");
    assert!(matches!(
        client.download_report_pdf(&key, &target).await,
        Err(ApiError::NotFound { .. })
    ));
    assert!(!target.exists());

    assert!(control.submit_applicant(&key));
    assert!(control.advance(&key));
    let status = client.report_status(&key).await.unwrap();
    assert_eq!(
        status.state(),
        OrderState::NeedsReview,
        "+records completes flagged"
    );
    let components: Vec<String> = status.components().into_iter().map(|c| c.key).collect();
    assert!(
        components.contains(&"mvd_status".to_string())
            && components.contains(&"drug_status".to_string())
    );

    let report = client.report(&key).await.unwrap();
    assert!(report.order_date.is_some());
    assert!(report.completed_date.is_some());
    assert!(report
        .criminal_records
        .as_ref()
        .is_some_and(|c| !c.records.is_empty()));
    assert!(report.raw.is_object());

    let widget = client.report_widget_token(&key).await.unwrap();
    assert!(!widget.expose_secret().is_empty());

    let saved = client.download_report_pdf(&key, &target).await.unwrap();
    let bytes = std::fs::read(&target).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(saved.bytes, bytes.len() as u64);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temp files left: {leftovers:?}");
    assert_eq!(control.count("GET", "files.pdf"), 1, "the 302 was followed");

    assert!(control.adverse(&key, AdverseStage::Pre));
    assert_eq!(
        client.report_status(&key).await.unwrap().state(),
        OrderState::PreAdverseSent
    );
    assert!(control.adverse(&key, AdverseStage::Final));
    assert_eq!(
        client.report_status(&key).await.unwrap().state(),
        OrderState::AdverseFinal
    );

    // Unknown and foreign keys are 404s, typed.
    assert!(matches!(
        client.report_status("no-such-key").await,
        Err(ApiError::NotFound { .. })
    ));
    assert!(matches!(
        client.report("").await,
        Err(ApiError::Validation { .. })
    ));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn invoices_all_pages_and_detail() {
    let sandbox = sandbox_with(
        SandboxConfig::empty()
            .account(TOKEN, "Billing Co", 600)
            .per_page(5),
    )
    .await;
    let client = client(&sandbox);
    let listing = client.list_invoices().await.unwrap();
    assert!(listing.is_complete(), "{}", listing.completeness);
    let invoices = listing.items;
    assert!(!invoices.is_empty());
    let first_page = client.list_invoices_page(1).await.unwrap();
    assert_eq!(invoices.len() as u64, first_page.total.unwrap());
    let detail = client.invoice(invoices[0].id).await.unwrap();
    assert_eq!(detail.invoice.id, invoices[0].id);
    assert!(!detail.lines.is_empty());
    let sum: rust_decimal::Decimal = detail.lines.iter().map(|l| l.amount).sum();
    assert_eq!(detail.subtotal, sum);
    assert_eq!(
        detail.invoice.total - detail.invoice.tax,
        detail.subtotal,
        "total = lines + tax, exactly"
    );
    assert!(matches!(
        client.invoice(999_999).await,
        Err(ApiError::NotFound { .. })
    ));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn platform_token_decrypt() {
    let sandbox = sandbox_with(SandboxConfig::demo()).await;
    // The registration widget's backend call, as the widget would make it.
    let widget_answer: serde_json::Value = raw_http()
        .post(format!("{}/_widget/register", sandbox.origin()))
        .json(&serde_json::json!({"source_token": DEMO_SOURCE_TOKEN, "company_name": "Nuevo Ltd",
                                  "first_name": "Ana", "last_name": "Núñez", "email": "ana@example.com"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let registration = registration_token_from_widget(&widget_answer).expect("a token");
    let platform = client_for(&sandbox, DEMO_PLATFORM_API_TOKEN);
    let wrong_key = PlatformPrivateKey::new("not-the-key").unwrap();
    let err = platform
        .decrypt_registration_token(&registration, &wrong_key)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApiError::Validation { ref field_errors, .. } if field_errors.contains_key("private_key"))
    );
    assert!(!format!("{err:?}").contains("not-the-key"));

    let key = PlatformPrivateKey::new(DEMO_PRIVATE_KEY).unwrap();
    let linked = platform
        .decrypt_registration_token(&registration, &key)
        .await
        .unwrap();
    assert!(linked.account_id.is_some());
    let customer = client_for(&sandbox, linked.api_token.expose_secret());
    assert_eq!(
        customer.account().await.unwrap().company_name.as_deref(),
        Some("Nuevo Ltd")
    );
    // Single use.
    assert!(platform
        .decrypt_registration_token(&registration, &key)
        .await
        .is_err());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn console_urls_point_at_served_widgets() {
    let sandbox = sandbox(0).await;
    let env = Environment::custom(&sandbox.api_base()).unwrap();
    assert_eq!(env.console_origin(), sandbox.origin());
    assert_eq!(
        env.billing_url(),
        format!("{}/settings#/payment-method", sandbox.origin())
    );
    for widget in [Widget::Report, Widget::ApplicantForm, Widget::Registration] {
        let url = env.widget_script_url(widget);
        let response = raw_http().get(&url).send().await.unwrap();
        assert!(
            response.status().is_success(),
            "{url}: {}",
            response.status()
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn sends_the_documented_headers() {
    // A one-shot raw listener captures the request exactly as sent.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let capture = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 8192];
        let mut read = 0;
        loop {
            let n = socket.read(&mut buf[read..]).await.unwrap();
            read += n;
            let text = String::from_utf8_lossy(&buf[..read]).to_string();
            if let Some(head_end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if read >= head_end + 4 + length {
                    break;
                }
            }
        }
        let body =
            r#"{"applicants":[{"report_key":"k1","applicant_invite_url":"http://x/invite/k1"}]}"#;
        let response = format!("HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
        socket.write_all(response.as_bytes()).await.unwrap();
        String::from_utf8_lossy(&buf[..read]).to_string()
    });
    let env = Environment::custom(&format!("http://{addr}/api")).unwrap();
    let client = ClearChecksClient::builder(
        env,
        clearchecks_core::ApiToken::new(TOKEN).unwrap(),
        VERSION,
    )
    .build()
    .unwrap();
    let request = clearchecks_core::OrderRequest::new(
        "HIRE1",
        &["a@example.com".to_string()],
        Default::default(),
    )
    .unwrap();
    let placed = client
        .place_order(
            &request,
            &clearchecks_core::Attestation::accepted("yes").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(placed.applicants[0].email, "a@example.com");
    let raw = capture.await.unwrap();
    let lower = raw.to_ascii_lowercase();
    assert!(
        raw.starts_with(&format!("POST /api/orders/new?api_token={TOKEN} HTTP/1.1")),
        "{raw}"
    );
    assert!(lower.contains("\r\naccept: application/json\r\n"), "{raw}");
    assert!(
        lower.contains("\r\ncontent-type: application/json; charset=utf-8\r\n"),
        "{raw}"
    );
    assert!(
        raw.contains(&format!("ClearChecksDesktop/{VERSION}")),
        "{raw}"
    );
    assert!(lower.contains("accept-encoding: gzip"), "{raw}");
    assert!(
        raw.contains(r#""terms_agree":"Y""#) && raw.contains(r#""order_quantity":1"#),
        "{raw}"
    );
}

//! Placing orders over real HTTP: never twice by accident.

mod common;

use std::time::Duration;

use clearchecks_core::{AddOns, ApiError, Attestation, OrderRequest, OrderState, Reconciliation};
use clearchecks_sandbox::Fault;
use common::*;

const ROUTE: &str = "orders.new";

fn request(emails: &[&str]) -> OrderRequest {
    let emails: Vec<String> = emails.iter().map(|e| e.to_string()).collect();
    OrderRequest::new(
        "HIRE1",
        &emails,
        AddOns {
            education: true,
            ..AddOns::default()
        },
    )
    .unwrap()
}

fn attestation() -> Attestation {
    Attestation::accepted("I certify a permissible purpose under the FCRA.").unwrap()
}

#[tokio::test]
async fn places_an_order_for_every_email() {
    let sandbox = sandbox(2).await;
    let client = client(&sandbox);
    let placed = client
        .place_order(
            &request(&["ann@example.com", "bo@example.com"]),
            &attestation(),
        )
        .await
        .unwrap();
    assert_eq!(placed.applicants.len(), 2);
    assert_eq!(placed.applicants[0].email, "ann@example.com");
    assert!(placed.applicants.iter().all(|a| a.invite_url.is_some()));
    let order = sandbox
        .control()
        .order(&placed.applicants[1].report_key)
        .unwrap();
    assert_eq!(order.applicant_email, "bo@example.com");
    assert!(order.add_ons.education && !order.add_ons.mvr);
    assert_eq!(sandbox.control().count("POST", ROUTE), 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn server_validation_is_typed_per_field() {
    let sandbox = sandbox(0).await;
    let client = client(&sandbox);
    let bad =
        OrderRequest::new("HIRE9", &["a@example.com".to_string()], AddOns::default()).unwrap();
    match client.place_order(&bad, &attestation()).await {
        Err(ApiError::Validation {
            field_errors,
            diagnostics,
            ..
        }) => {
            assert!(field_errors.contains_key("report_sku"), "{field_errors:?}");
            assert_eq!(diagnostics.unwrap().status, 422);
        }
        other => panic!("{other:?}"),
    }
    // A rejected order is definitely not placed: the same order may be corrected and re-sent.
    assert!(!client.submission_guard().is_blocked(&bad));
    sandbox.shutdown().await;
}

/// Any 5xx leaves the outcome unknown (a 500 can come after the order was committed), is never
/// retried, and keeps the order blocked until the (complete) list shows it was not placed.
#[tokio::test]
async fn a_500_or_503_is_sent_exactly_once_and_uncertain() {
    let sandbox = sandbox(0).await;
    let client = client(&sandbox);
    for code in [500, 503] {
        let order = request(&[&format!("a{code}@example.com")]);
        sandbox.control().reset_log();
        sandbox.control().set_fault(ROUTE, Fault::Status { code });
        let err = client
            .place_order(&order, &attestation())
            .await
            .unwrap_err();
        match &err {
            ApiError::OutcomeUncertain { message } => {
                assert!(message.contains(&format!("HTTP {code}")), "{message}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            sandbox.control().count("POST", ROUTE),
            1,
            "never retried ({code})"
        );
        assert!(client.submission_guard().is_blocked(&order));
        assert_eq!(
            client.reconcile_order(&order).await.unwrap(),
            Reconciliation::NotPlaced
        );
        assert!(!client.submission_guard().is_blocked(&order));
    }
    sandbox.control().clear_faults();
    assert!(sandbox.control().orders_of(TOKEN).is_empty());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn dropped_connection_after_processing_reconciles_to_placed() {
    let sandbox = sandbox(30).await;
    let client = client(&sandbox);
    let order = request(&["carol@example.com", "dan@example.com"]);
    sandbox.control().set_fault_times(
        ROUTE,
        Fault::DropConnection {
            after_processing: true,
        },
        1,
    );
    let err = client
        .place_order(&order, &attestation())
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::OutcomeUncertain { .. }), "{err:?}");
    assert_eq!(sandbox.control().count("POST", ROUTE), 1, "never retried");

    // Blocked until reconciled: nothing is sent.
    let again = client
        .place_order(&order, &attestation())
        .await
        .unwrap_err();
    assert!(
        matches!(again, ApiError::OutcomeUncertain { .. }),
        "{again:?}"
    );
    assert_eq!(sandbox.control().count("POST", ROUTE), 1);

    let created: Vec<_> = sandbox
        .control()
        .orders_of(TOKEN)
        .into_iter()
        .filter(|o| {
            o.applicant_email == "carol@example.com" || o.applicant_email == "dan@example.com"
        })
        .collect();
    assert_eq!(created.len(), 2, "the simulator did place it");
    match client.reconcile_order(&order).await.unwrap() {
        Reconciliation::Placed(placed) => {
            let mut keys: Vec<_> = placed
                .applicants
                .iter()
                .map(|a| a.report_key.clone())
                .collect();
            let mut expected: Vec<_> = created.iter().map(|o| o.report_key.clone()).collect();
            keys.sort();
            expected.sort();
            assert_eq!(keys, expected);
            assert_eq!(placed.applicants[0].email, "carol@example.com");
        }
        other => panic!("expected Placed, got {other:?}"),
    }
    assert!(!client.submission_guard().is_blocked(&order));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn dropped_connection_before_processing_reconciles_to_not_placed() {
    let sandbox = sandbox(250).await; // the list spans three pages
    let client = client(&sandbox);
    let order = request(&["erin@example.com"]);
    sandbox.control().set_fault_times(
        ROUTE,
        Fault::DropConnection {
            after_processing: false,
        },
        1,
    );
    let err = client
        .place_order(&order, &attestation())
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::OutcomeUncertain { .. }), "{err:?}");
    assert_eq!(
        client.reconcile_order(&order).await.unwrap(),
        Reconciliation::NotPlaced
    );
    // Now it may be sent again, and it goes through.
    let placed = client.place_order(&order, &attestation()).await.unwrap();
    assert_eq!(placed.applicants.len(), 1);
    assert_eq!(sandbox.control().count("POST", ROUTE), 2);
    assert!(
        sandbox.control().count("GET", "reports.all") <= 3,
        "reconcile reads only recent pages"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn garbled_or_truncated_success_bodies_are_uncertain() {
    let sandbox = sandbox(0).await;
    let client = client(&sandbox);
    for (fault, email) in [
        (Fault::MalformedJson, "f@example.com"),
        (Fault::TruncatedBody, "g@example.com"),
    ] {
        let order = request(&[email]);
        sandbox.control().set_fault_times(ROUTE, fault.clone(), 1);
        let err = client
            .place_order(&order, &attestation())
            .await
            .unwrap_err();
        assert!(
            matches!(err, ApiError::OutcomeUncertain { .. }),
            "{fault:?}: {err:?}"
        );
        match client.reconcile_order(&order).await.unwrap() {
            Reconciliation::Placed(placed) => assert_eq!(placed.applicants[0].email, email),
            other => panic!("{fault:?}: {other:?}"),
        }
    }
    assert_eq!(sandbox.control().count("POST", ROUTE), 2);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_timeout_after_sending_is_uncertain() {
    let sandbox = sandbox(0).await;
    let env = clearchecks_core::Environment::custom(&sandbox.api_base()).unwrap();
    let client = clearchecks_core::ClearChecksClient::builder(
        env,
        clearchecks_core::ApiToken::new(TOKEN).unwrap(),
        VERSION,
    )
    .timeout(Duration::from_millis(300))
    .build()
    .unwrap();
    let order = request(&["slow@example.com"]);
    sandbox
        .control()
        .set_fault_times(ROUTE, Fault::Latency { ms: 1_000 }, 1);
    let err = client
        .place_order(&order, &attestation())
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::OutcomeUncertain { .. }), "{err:?}");
    // Let the server finish whatever it does with the abandoned request.
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert!(sandbox.control().count("POST", ROUTE) <= 1, "never retried");
    let placed = sandbox
        .control()
        .orders_of(TOKEN)
        .iter()
        .any(|o| o.applicant_email == "slow@example.com");
    // Reconcile reports what really happened, whichever way it went.
    match client.reconcile_order(&order).await.unwrap() {
        Reconciliation::Placed(_) => assert!(placed),
        Reconciliation::NotPlaced => assert!(!placed),
        Reconciliation::Undetermined(u) => panic!("a complete list proves it either way: {u}"),
    }
    assert!(!client.submission_guard().is_blocked(&order));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn identical_order_in_flight_is_refused() {
    let sandbox = sandbox(0).await;
    let client = client(&sandbox);
    sandbox
        .control()
        .set_fault_times(ROUTE, Fault::Latency { ms: 400 }, 1);
    let order = request(&["hal@example.com", "ida@example.com"]);
    let same_set = request(&["IDA@example.com", "hal@example.com"]);
    let other = request(&["jo@example.com"]);
    let first = {
        let client = client.clone();
        let order = order.clone();
        tokio::spawn(async move { client.place_order(&order, &attestation()).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        client
            .place_order(&same_set, &attestation())
            .await
            .unwrap_err(),
        ApiError::DuplicateSubmission
    );
    // A different order is not blocked.
    client.place_order(&other, &attestation()).await.unwrap();
    first.await.unwrap().unwrap();
    assert_eq!(sandbox.control().count("POST", ROUTE), 2);
    // Once the first finished, the same order may be placed again on purpose.
    client.place_order(&order, &attestation()).await.unwrap();
    let states: Vec<OrderState> = client
        .list_all_reports()
        .await
        .unwrap()
        .items
        .iter()
        .map(|i| clearchecks_core::OrderRow::from_list_item(i).state)
        .collect();
    assert_eq!(states.len(), 5);
    assert!(states.iter().all(|s| *s == OrderState::AwaitingApplicant));
    sandbox.shutdown().await;
}

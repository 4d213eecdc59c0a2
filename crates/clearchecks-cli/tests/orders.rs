//! `clearchecks orders …` and `clearchecks report pdf` against the simulator.

mod support;

use clearchecks_sandbox::Fault;
use support::{Harness, SEEDED_ORDERS};

const ORDER_ROW_KEYS: [&str; 13] = [
    "applicantName",
    "completedAt",
    "completedAtUnreadable",
    "email",
    "flagged",
    "inviteUrl",
    "lastCheckedAt",
    "letter",
    "orderedAt",
    "orderedAtUnreadable",
    "reportKey",
    "sku",
    "state",
];

fn keys(value: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_every_page_of_orders_as_json() {
    let h = Harness::start().await;
    let run = h
        .run(h.with_token(&["orders", "list", "--json"]), None)
        .await;
    run.assert_success();
    let rows = run.json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), SEEDED_ORDERS, "all pages were read");
    for row in rows {
        assert_eq!(keys(row), ORDER_ROW_KEYS);
    }
    let mut seen: Vec<&str> = rows
        .iter()
        .map(|r| r["reportKey"].as_str().unwrap())
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), SEEDED_ORDERS, "no duplicates across pages");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_by_status() {
    let h = Harness::start().await;
    let all = h
        .run(h.with_token(&["orders", "list", "--json"]), None)
        .await
        .json();
    let count = |state: &str| {
        all.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["state"] == state)
            .count()
    };
    let filtered = h
        .run(
            h.with_token(&[
                "orders", "list", "--status", "complete", "--status", "awaiting", "--json",
            ]),
            None,
        )
        .await;
    filtered.assert_success();
    let filtered = filtered.json();
    let filtered = filtered.as_array().unwrap();
    assert_eq!(
        filtered.len(),
        count("complete") + count("awaitingApplicant")
    );
    assert!(filtered
        .iter()
        .all(|r| r["state"] == "complete" || r["state"] == "awaitingApplicant"));
    assert!(
        filtered.len() < SEEDED_ORDERS,
        "the filter removed something"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prints_an_aligned_table_for_people() {
    let h = Harness::start().await;
    let run = h.run(h.with_token(&["orders", "list"]), None).await;
    run.assert_success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("REPORT KEY"));
    // Every data row starts its STATUS column where the header does.
    let status_at = lines[0].find("STATUS").unwrap();
    for line in &lines[1..=SEEDED_ORDERS] {
        let before: String = line
            .chars()
            .take(lines[0][..status_at].chars().count())
            .collect();
        assert!(before.ends_with("  "), "misaligned: {line:?}");
    }
    assert_eq!(lines.last().unwrap(), &format!("{SEEDED_ORDERS} orders"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn places_an_order_and_reads_its_status() {
    let h = Harness::start().await;
    let run = h
        .run(
            h.with_token(&[
                "orders",
                "new",
                "--sku",
                "HIRE2",
                "--email",
                "Jane Doe <Jane@Example.COM>",
                "--email",
                "bob@example.org",
                "--drug",
                "drug9",
                "--mvr",
                "--agree-terms",
                "--json",
            ]),
            None,
        )
        .await;
    run.assert_success();
    let placed = run.json();
    assert_eq!(placed["reconciled"], false);
    let applicants = placed["applicants"].as_array().unwrap();
    assert_eq!(applicants.len(), 2);
    assert_eq!(applicants[0]["email"], "Jane@example.com");
    assert_eq!(keys(&applicants[0]), ["email", "inviteUrl", "reportKey"]);
    let key = applicants[1]["reportKey"].as_str().unwrap().to_owned();

    // What the simulator received.
    let order = h.sandbox.control().order(&key).expect("the order exists");
    assert_eq!(order.report_sku, "HIRE2");
    assert_eq!(order.applicant_email, "bob@example.org");

    let status = h
        .run(h.with_token(&["orders", "status", &key, "--json"]), None)
        .await;
    status.assert_success();
    let status = status.json();
    assert_eq!(status["reportKey"], key.as_str());
    assert_eq!(status["state"], "awaitingApplicant");
    assert_eq!(status["letter"], "A");

    h.sandbox.control().submit_applicant(&key);
    h.sandbox.control().advance(&key);
    let human = h.run(h.with_token(&["orders", "status", &key]), None).await;
    human.assert_success();
    assert!(
        human.stdout.contains("Status:      Complete (C)"),
        "{human:#?}"
    );

    // The audit journal records the order, with the attestation and no token.
    let journal = std::fs::read_to_string(h.data.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"orderPlaced\""), "{journal}");
    assert!(journal.contains("--agree-terms"));
    assert!(journal.contains(&key));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_to_order_without_agreeing_to_the_terms() {
    let h = Harness::start().await;
    let run = h
        .run(
            h.with_token(&[
                "orders",
                "new",
                "--sku",
                "HIRE1",
                "--email",
                "a@example.com",
            ]),
            None,
        )
        .await;
    run.assert_failure(2);
    assert!(run.stderr.contains("--agree-terms"));
    assert_eq!(h.sandbox.control().count("POST", "orders.new"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_unusable_emails_before_sending_anything() {
    let h = Harness::start().await;
    let file = h.data.path().join("emails.csv");
    std::fs::write(
        &file,
        "Name,Email\n\"Doe, Jane\",jane@example.com\nBob,bob@localhost\n",
    )
    .unwrap();
    let run = h
        .run(
            h.with_token(&[
                "orders",
                "new",
                "--sku",
                "HIRE1",
                "--email",
                "JANE@example.com",
                "--email",
                "not an email",
                "--emails-file",
                file.to_str().unwrap(),
                "--agree-terms",
            ]),
            None,
        )
        .await;
    run.assert_failure(2);
    assert!(
        run.stderr.contains("3 applicant emails can't be used"),
        "{run:#?}"
    );
    assert!(run.stderr.contains("\"not an email\""));
    assert!(run.stderr.contains("\"bob@localhost\""));
    assert!(run.stderr.contains("already in the list"));
    assert_eq!(h.sandbox.control().count("POST", "orders.new"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_emails_from_standard_input() {
    let h = Harness::start().await;
    let run = h
        .run(
            h.with_token(&[
                "orders",
                "new",
                "--sku",
                "HIRE1",
                "--emails-file",
                "-",
                "--agree-terms",
            ]),
            Some("one@example.com; two@example.com\n"),
        )
        .await;
    run.assert_success();
    assert!(
        run.stdout.starts_with("Ordered HIRE1 for 2 applicants."),
        "{run:#?}"
    );
    assert_eq!(h.sandbox.control().count("POST", "orders.new"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_answer_is_reconciled_from_the_order_list() {
    let h = Harness::start().await;
    h.sandbox.control().set_fault_times(
        "orders.new",
        Fault::DropConnection {
            after_processing: true,
        },
        1,
    );
    let run = h
        .run(
            h.with_token(&[
                "orders",
                "new",
                "--sku",
                "HIRE1",
                "--email",
                "lost@example.com",
                "--agree-terms",
                "--json",
            ]),
            None,
        )
        .await;
    run.assert_success();
    let placed = run.json();
    assert_eq!(placed["reconciled"], true);
    assert_eq!(placed["applicants"][0]["email"], "lost@example.com");
    assert!(run.stderr.contains("checking the order list"));
    assert_eq!(
        h.sandbox.control().count("POST", "orders.new"),
        1,
        "never resent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_timeout_is_not_retried_and_reported_as_not_placed() {
    let h = Harness::start().await;
    h.sandbox
        .control()
        .set_fault_times("orders.new", Fault::Status { code: 504 }, 1);
    let run = h
        .run(
            h.with_token(&[
                "orders",
                "new",
                "--sku",
                "HIRE1",
                "--email",
                "gw@example.com",
                "--agree-terms",
            ]),
            None,
        )
        .await;
    assert_eq!(run.code, 7, "{run:#?}");
    let last = run.stderr.lines().last().unwrap();
    assert!(last.contains("did not place the order"), "{run:#?}");
    assert!(last.contains("safe to run the same command again"));
    assert_eq!(
        h.sandbox.control().count("POST", "orders.new"),
        1,
        "never resent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unconfirmable_order_exits_with_the_unknown_outcome_code() {
    let h = Harness::start().await;
    h.sandbox
        .control()
        .set_fault_times("orders.new", Fault::Status { code: 504 }, 1);
    h.sandbox
        .control()
        .set_fault("reports.all", Fault::Status { code: 503 });
    let run = h
        .run(
            h.with_token(&[
                "orders",
                "new",
                "--sku",
                "HIRE1",
                "--email",
                "q@example.com",
                "--agree-terms",
            ]),
            None,
        )
        .await;
    assert_eq!(run.code, 9, "{run:#?}");
    assert!(run
        .stderr
        .lines()
        .last()
        .unwrap()
        .contains("clearchecks orders list"));
    assert_eq!(h.sandbox.control().count("POST", "orders.new"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_orders_report_the_server_message() {
    let h = Harness::start().await;
    let run = h
        .run(
            h.with_token(&[
                "orders",
                "new",
                "--sku",
                "NOPE9",
                "--email",
                "x@example.com",
                "--agree-terms",
            ]),
            None,
        )
        .await;
    run.assert_failure(5);
    assert!(
        run.stderr.contains("ClearChecks rejected the request"),
        "{run:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_report_keys_are_not_found() {
    let h = Harness::start().await;
    let run = h
        .run(h.with_token(&["orders", "status", "NoSuchKey123"]), None)
        .await;
    run.assert_failure(4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saves_a_report_pdf() {
    let h = Harness::start().await;
    let rows = h
        .run(
            h.with_token(&["orders", "list", "--status", "complete", "--json"]),
            None,
        )
        .await
        .json();
    let key = rows[0]["reportKey"]
        .as_str()
        .expect("a complete seeded order")
        .to_owned();
    let output = h.data.path().join("report.pdf");
    let run = h
        .run(
            h.with_token(&[
                "report",
                "pdf",
                &key,
                "--output",
                output.to_str().unwrap(),
                "--json",
            ]),
            None,
        )
        .await;
    run.assert_success();
    let saved = run.json();
    assert_eq!(saved["reportKey"], key.as_str());
    let bytes = std::fs::read(&output).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(saved["bytes"], bytes.len() as u64);
}

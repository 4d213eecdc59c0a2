//! The CLI against the simulator's quirk profiles: every list shape read whole, an incomplete
//! list printed and said to be incomplete (exit 11), a login redirect worded and coded like a
//! 401, a 500 after a committed order reconciled, an order the list cannot account for left
//! "unknown" (exit 9), a long rate limit waited out with a countdown, and an unreadable order or
//! invoice date shown as an unknown date with the raw text.

mod support;

use clearchecks_sandbox::{Fault, Quirk};
use support::{Harness, PER_PAGE, SEEDED_ORDERS};

fn list_json<'a>() -> [&'a str; 3] {
    ["orders", "list", "--json"]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_list_shape_is_read_whole() {
    for quirks in [
        vec![Quirk::ResourcePagination, Quirk::Eloquent],
        vec![Quirk::SimplePagination, Quirk::StringIds],
        vec![Quirk::CursorPagination, Quirk::OddDates],
        vec![Quirk::BareArray, Quirk::DataWrapper],
        vec![
            Quirk::TextHtmlJson,
            Quirk::Utf8Bom,
            Quirk::CanonicalRedirect,
        ],
    ] {
        let h = Harness::start_with(|c| c.quirks(quirks.clone())).await;
        let run = h.run(h.with_token(&list_json()), None).await;
        run.assert_success();
        assert_eq!(
            run.json().as_array().unwrap().len(),
            SEEDED_ORDERS,
            "{quirks:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incomplete_list_is_printed_and_said_to_be_incomplete() {
    let h = Harness::start_with(|c| c.quirks([Quirk::IgnoresPage])).await;
    let run = h.run(h.with_token(&list_json()), None).await;
    run.assert_failure(11);
    assert_eq!(
        run.json().as_array().unwrap().len(),
        PER_PAGE,
        "what it has"
    );
    assert!(
        run.stderr.contains("The order list is incomplete"),
        "{run:#?}"
    );
    assert!(run.stderr.contains("the same page"), "{run:#?}");
    // The table for people, too.
    let table = h.run(h.with_token(&["orders", "list"]), None).await;
    table.assert_failure(11);
    assert!(table.stdout.contains(&format!("{PER_PAGE} orders")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_dates_are_shown_as_unknown_not_as_none() {
    let h = Harness::start_with(|c| c.quirks([Quirk::OddDates])).await;
    let run = h.run(h.with_token(&["orders", "list"]), None).await;
    run.assert_success();
    assert!(run.stdout.contains("Unknown date ("), "{}", run.stdout);
    let rows = h.run(h.with_token(&list_json()), None).await.json();
    let unknown = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["orderedAt"].is_null())
        .inspect(|r| assert!(r["orderedAtUnreadable"].is_string(), "{r}"))
        .count();
    assert_eq!(unknown, SEEDED_ORDERS / 13);
}

/// An invoice date ClearChecks sent but that cannot be read (odd-dates: `d/m/Y H:i` for a
/// quarter-end month) is printed as "Unknown date (as sent)" in the list and in the invoice,
/// never as the "-" that means no date; a readable one stays a date.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_invoice_dates_are_shown_as_unknown_not_as_none() {
    let h = Harness::start_with(|c| c.quirks([Quirk::OddDates])).await;
    let invoices = h
        .run(h.with_token(&["invoices", "list", "--json"]), None)
        .await
        .json();
    let invoices = invoices.as_array().unwrap();
    let unreadable: Vec<(String, String, String)> = invoices
        .iter()
        .filter(|i| i["createdAt"].is_null())
        .map(|i| {
            (
                i["id"].to_string(),
                i["number"].as_str().unwrap().to_owned(),
                i["createdAtUnreadable"]
                    .as_str()
                    .expect("kept as sent")
                    .to_owned(),
            )
        })
        .collect();
    assert!(!unreadable.is_empty(), "six months hold a quarter end");
    let readable = invoices
        .iter()
        .find(|i| i["createdAt"].is_string())
        .expect("not every month is a quarter end");

    let table = h.run(h.with_token(&["invoices", "list"]), None).await;
    table.assert_success();
    for (_, number, raw) in &unreadable {
        let line = table
            .stdout
            .lines()
            .find(|l| l.contains(number.as_str()))
            .unwrap_or_else(|| panic!("{number} listed: {}", table.stdout));
        assert!(
            line.trim_end().ends_with(&format!("Unknown date ({raw})")),
            "{line}"
        );
    }
    let number = readable["number"].as_str().unwrap();
    let line = table.stdout.lines().find(|l| l.contains(number)).unwrap();
    assert!(!line.contains("Unknown date"), "{line}");
    assert!(line.trim_end().ends_with(" UTC"), "{line}");

    let (id, number, raw) = &unreadable[0];
    let show = h.run(h.with_token(&["invoices", "show", id]), None).await;
    show.assert_success();
    let created = show
        .stdout
        .lines()
        .find(|l| l.starts_with("Created:"))
        .unwrap_or_else(|| panic!("{number}: {}", show.stdout));
    assert!(
        created.ends_with(&format!("  Unknown date ({raw})")),
        "{created}"
    );
    let show = h
        .run(
            h.with_token(&["invoices", "show", &readable["id"].to_string()]),
            None,
        )
        .await;
    show.assert_success();
    assert!(!show.stdout.contains("Unknown date"), "{}", show.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_redirect_reads_and_exits_like_a_401() {
    let h = Harness::start().await;
    let wrong = |h: &Harness| {
        let mut command = h.command(&["account"]);
        command
            .env("CLEARCHECKS_API_TOKEN", "cc-test-wrong-token-Zt5Yq8")
            .env("CLEARCHECKS_BASE_URL", h.sandbox.api_base());
        command
    };
    let as_401 = h.run(wrong(&h), None).await;
    as_401.assert_failure(3);
    h.sandbox.control().set_quirks([Quirk::LoginRedirect]);
    let as_redirect = h.run(wrong(&h), None).await;
    as_redirect.assert_failure(3);
    let advice =
        "clearchecks: ClearChecks did not accept this API token. Check that it belongs to \
                  this environment, or replace it with `clearchecks accounts add`.";
    assert!(as_401.stderr.starts_with(advice), "{as_401:#?}");
    assert_eq!(as_redirect.stderr.trim_end(), advice, "{as_redirect:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_500_after_the_order_was_committed_is_reconciled_as_placed() {
    let h = Harness::start_with(|c| c.quirks([Quirk::ServerErrorAfterCommit])).await;
    let run = h
        .run(
            h.with_token(&[
                "orders",
                "new",
                "--sku",
                "HIRE1",
                "--email",
                "committed@example.com",
                "--agree-terms",
                "--json",
            ]),
            None,
        )
        .await;
    run.assert_success();
    let placed = run.json();
    assert_eq!(placed["reconciled"], true);
    assert_eq!(placed["applicants"][0]["email"], "committed@example.com");
    assert!(run.stderr.contains("HTTP 500"), "{run:#?}");
    assert_eq!(
        h.sandbox.control().count("POST", "orders.new"),
        1,
        "never resent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_the_list_cannot_account_for_stays_unknown() {
    let h = Harness::start().await;
    // Enough recent orders that the first page is all newer than the lost one.
    for i in 0..PER_PAGE {
        let email = format!("recent{i}@example.com");
        h.run(
            h.with_token(&[
                "orders",
                "new",
                "--sku",
                "HIRE1",
                "--email",
                &email,
                "--agree-terms",
            ]),
            None,
        )
        .await
        .assert_success();
    }
    h.sandbox.control().set_quirks([Quirk::IgnoresPage]);
    h.sandbox.control().set_fault_times(
        "orders.new",
        Fault::DropConnection {
            after_processing: false,
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
            ]),
            None,
        )
        .await;
    assert_eq!(run.code, 9, "{run:#?}");
    let last = run.stderr.lines().last().unwrap();
    assert!(
        last.contains("could not show whether the order was placed"),
        "{run:#?}"
    );
    assert!(last.contains("same page"), "{run:#?}");
    assert!(!last.contains("safe to run the same command again"));
    let journal = std::fs::read_to_string(h.data.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains("Outcome unknown"), "{journal}");
}

/// Item 6: a `Retry-After` longer than the 20 s an interactive call waits is waited out, with a
/// countdown, and the listing goes on where it stopped (21 s of real time: the simulator is not
/// asked to pretend).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_rate_limit_halfway_through_a_listing_is_waited_out() {
    let h = Harness::start().await;
    h.sandbox.control().set_fault_after(
        "reports.all",
        2,
        Fault::RateLimitStorm {
            retry_after_secs: 21,
        },
        1,
    );
    let started = std::time::Instant::now();
    let run = h.run(h.with_token(&list_json()), None).await;
    run.assert_success();
    assert!(started.elapsed() >= std::time::Duration::from_secs(21));
    assert_eq!(
        run.json().as_array().unwrap().len(),
        SEEDED_ORDERS,
        "nothing lost"
    );
    assert!(
        run.stderr.contains("asked us to wait 21 s")
            && run.stderr.contains("reading page 3 of 5 of the order list"),
        "{run:#?}"
    );
    assert!(run.stderr.contains("resuming in 20 s") && run.stderr.contains("resuming now"));
    // The page that was refused was asked for once more, not skipped.
    assert_eq!(h.sandbox.control().count("GET", "reports.all"), 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_longer_than_the_cli_waits_prints_what_was_read_and_exits_6() {
    let h = Harness::start().await;
    h.sandbox.control().set_fault_after(
        "reports.all",
        1,
        Fault::RateLimitStorm {
            retry_after_secs: 3600,
        },
        1,
    );
    let run = h.run(h.with_token(&list_json()), None).await;
    assert_eq!(run.code, 6, "{run:#?}");
    assert_eq!(
        run.json().as_array().unwrap().len(),
        PER_PAGE,
        "page 1 is printed"
    );
    assert!(run.stderr.contains("Try again in"), "{run:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn null_entries_make_the_list_incomplete_but_keep_every_order() {
    // Pages of 10: a null after every 7th entry.
    let h = Harness::start_with(|c| c.per_page(10).quirks([Quirk::NullItems])).await;
    let run = h.run(h.with_token(&list_json()), None).await;
    run.assert_failure(11);
    assert_eq!(run.json().as_array().unwrap().len(), SEEDED_ORDERS);
    // Pages of 10, 10 and 3: one null on each full page.
    assert!(
        run.stderr
            .contains("incomplete: 2 entries could not be read. Only the 23 orders read"),
        "{run:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn foreign_and_debug_error_bodies_keep_the_servers_reason() {
    let h = Harness::start_with(|c| c.quirks([Quirk::NonLaravelErrors])).await;
    let mut command = h.command(&["account"]);
    command
        .env("CLEARCHECKS_API_TOKEN", "cc-test-wrong-token-Zt5Yq8")
        .env("CLEARCHECKS_BASE_URL", h.sandbox.api_base());
    let run = h.run(command, None).await;
    run.assert_failure(3);
    assert!(
        run.stderr.contains(
            "ClearChecks said: “invalid_token: The API token is invalid or has expired.”"
        ),
        "{run:#?}"
    );
    let missing = h
        .run(h.with_token(&["orders", "status", "no-such-key"]), None)
        .await;
    missing.assert_failure(4);
    assert!(
        missing.stderr.contains("“Not Found: Report not found.”"),
        "{missing:#?}"
    );
    h.sandbox.control().set_quirks([Quirk::DebugErrors]);
    h.sandbox
        .control()
        .set_fault("accounts.show", Fault::Status { code: 500 });
    let run = h.run(h.with_token(&["account"]), None).await;
    run.assert_failure(7);
    assert!(run.stderr.contains("SQLSTATE[HY000]"), "{run:#?}");
    assert!(
        !run.stderr.contains("/var/www"),
        "no file paths from a stack trace: {run:#?}"
    );
}

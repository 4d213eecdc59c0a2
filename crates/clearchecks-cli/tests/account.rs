//! Account, teams and invoices commands, account selection and error handling.

mod support;

use clearchecks_sandbox::Fault;
use support::{Harness, COMPANY, TOKEN};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shows_the_account() {
    let h = Harness::start().await;
    let run = h.run(h.with_token(&["account"]), None).await;
    run.assert_success();
    assert!(
        run.stdout.contains(&format!("Company:      {COMPANY}")),
        "{run:#?}"
    );
    assert!(run
        .stdout
        .contains("Environment:  custom (http://127.0.0.1:"));

    let json = h.run(h.with_token(&["account", "--json"]), None).await;
    json.assert_success();
    let account = json.json();
    assert_eq!(account["companyName"], COMPANY);
    let mut keys: Vec<&String> = account.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "city",
            "companyName",
            "firstName",
            "lastName",
            "state",
            "zip"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_teams() {
    let h = Harness::start().await;
    let json = h.run(h.with_token(&["teams", "--json"]), None).await;
    json.assert_success();
    let teams = json.json();
    let teams = teams.as_array().unwrap();
    assert!(!teams.is_empty());
    assert!(teams[0]["id"].is_u64());
    assert!(teams[0]["name"].is_string());
    let human = h.run(h.with_token(&["teams"]), None).await;
    assert!(human.stdout.starts_with("ID  NAME"), "{human:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_and_shows_invoices() {
    let h = Harness::start().await;
    let list = h
        .run(h.with_token(&["invoices", "list", "--json"]), None)
        .await;
    list.assert_success();
    let invoices = list.json();
    let first = &invoices.as_array().unwrap()[0];
    // Amounts are decimal strings, never floats.
    assert!(first["total"].is_string(), "{first}");
    let id = first["id"].as_u64().unwrap().to_string();

    let show = h
        .run(h.with_token(&["invoices", "show", &id, "--json"]), None)
        .await;
    show.assert_success();
    let detail = show.json();
    assert_eq!(detail["invoice"]["id"].as_u64().unwrap().to_string(), id);
    assert!(detail["lines"].is_array());
    assert!(detail["subtotal"].is_string());

    let human = h.run(h.with_token(&["invoices", "show", &id]), None).await;
    human.assert_success();
    assert!(human.stdout.contains("Total:"));
    assert!(human.stdout.contains('$'));

    let missing = h
        .run(h.with_token(&["invoices", "show", "999999"]), None)
        .await;
    missing.assert_failure(4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_says_so_without_printing_it() {
    let h = Harness::start().await;
    let mut command = h.command(&["account"]);
    command
        .env("CLEARCHECKS_API_TOKEN", "cc-test-wrong-token-Zt5Yq8")
        .env("CLEARCHECKS_BASE_URL", h.sandbox.api_base());
    let run = h.run(command, None).await;
    run.assert_failure(3);
    assert!(
        run.stderr.contains("did not accept this API token"),
        "{run:#?}"
    );
    assert!(
        run.stderr.contains("ClearChecks said: “Unauthenticated.”"),
        "the server's reason next to our advice: {run:#?}"
    );
    assert!(!run.stderr.contains("cc-test-wrong-token-Zt5Yq8"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_any_account_it_explains_how_to_choose_one() {
    let h = Harness::start().await;
    let run = h.run(h.command(&["orders", "list"]), None).await;
    run.assert_failure(3);
    assert!(run.stderr.contains("clearchecks accounts add"), "{run:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_environment_must_be_named_exactly_once() {
    let h = Harness::start().await;
    let mut neither = h.command(&["account"]);
    neither.env("CLEARCHECKS_API_TOKEN", TOKEN);
    h.run(neither, None).await.assert_failure(2);

    let mut both = h.with_token(&["account"]);
    both.env("CLEARCHECKS_ENV", "sandbox");
    h.run(both, None).await.assert_failure(2);

    let mut plain_http = h.command(&["account"]);
    plain_http
        .env("CLEARCHECKS_API_TOKEN", TOKEN)
        .env("CLEARCHECKS_BASE_URL", "http://example.com/api");
    let run = h.run(plain_http, None).await;
    run.assert_failure(2);
    assert!(run.stderr.contains("https"), "{run:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_account_name_is_not_found() {
    let h = Harness::start().await;
    let run = h
        .run(h.command(&["--account", "Nobody", "account"]), None)
        .await;
    run.assert_failure(4);
    assert!(run.stderr.contains("\"Nobody\""), "{run:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_documents_the_exit_codes() {
    let h = Harness::start().await;
    let run = h.run(h.command(&["--help"]), None).await;
    run.assert_success();
    for line in [
        "Exit codes:",
        "3  authentication",
        "8  the system keyring is unavailable",
        "CLEARCHECKS_API_TOKEN",
    ] {
        assert!(run.stdout.contains(line), "{line}: {}", run.stdout);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limiting_has_its_own_exit_code() {
    let h = Harness::start().await;
    // Every attempt (the client's bounded retries included) is refused with a short Retry-After.
    h.sandbox.control().set_fault(
        "accounts.teams",
        Fault::RateLimitStorm {
            retry_after_secs: 1,
        },
    );
    let run = h.run(h.with_token(&["teams"]), None).await;
    run.assert_failure(6);
    assert!(run.stderr.contains("HTTP 429"), "{run:#?}");
    assert!(
        h.sandbox.control().count("GET", "accounts.teams") >= 2,
        "GETs are retried"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_account_list_says_how_to_add_one() {
    let h = Harness::start().await;
    let run = h.run(h.command(&["accounts", "list"]), None).await;
    run.assert_success();
    assert!(run.stdout.contains("accounts add"));
    let json = h
        .run(h.command(&["accounts", "list", "--json"]), None)
        .await
        .json();
    assert_eq!(
        json,
        serde_json::json!({ "accounts": [], "activeId": null })
    );
}

/// With no reachable Secret Service, connecting an account fails loudly (exit 8) and saves
/// nothing: there is no plaintext fallback.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connecting_without_a_keyring_saves_nothing() {
    let h = Harness::start().await;
    let mut command = h.command(&[
        "accounts",
        "add",
        "Acme",
        "--base-url",
        &h.sandbox.api_base(),
    ]);
    command
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/clearchecks-test/bus",
        )
        .env_remove("DISPLAY");
    let run = h.run(command, Some(TOKEN)).await;
    run.assert_failure(8);
    assert!(run.stderr.contains("GNOME Keyring or KWallet"), "{run:#?}");
    assert!(!h.data.path().join("accounts.json").exists());
    assert!(!h.data_files_text().contains(TOKEN));
}

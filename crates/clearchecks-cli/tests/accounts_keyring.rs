//! `clearchecks accounts …` with the real system keyring (opt-in: `CLEARCHECKS_TEST_KEYRING=1`
//! inside a D-Bus session with an unlocked Secret Service; see the core's
//! `tests/keyring_linux.rs` for the recipe). Each test uses its own keyring service name and
//! data folder, and removes what it stored.

mod support;

use support::{Harness, COMPANY, OTHER_TOKEN, TOKEN};

fn enabled() -> bool {
    let on = std::env::var("CLEARCHECKS_TEST_KEYRING").is_ok_and(|v| v == "1");
    if !on {
        eprintln!("skipped: set CLEARCHECKS_TEST_KEYRING=1 to run this test");
    }
    on
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connects_uses_and_removes_accounts() {
    if !enabled() {
        return;
    }
    let h = Harness::start().await;
    let base = h.sandbox.api_base();

    // The token comes from standard input, with a trailing newline as a paste would have.
    let added = h
        .run(
            h.command(&["accounts", "add", "Acme HR", "--base-url", &base, "--json"]),
            Some(&format!("{TOKEN}\n")),
        )
        .await;
    added.assert_success();
    let profile = added.json();
    assert_eq!(profile["label"], "Acme HR");
    assert_eq!(profile["companyName"], COMPANY);
    assert_eq!(profile["environment"]["kind"], "custom");
    let acme_id = profile["id"].as_str().unwrap().to_owned();

    let second = h
        .run(
            h.command(&["accounts", "add", "Other", "--base-url", &base]),
            Some(OTHER_TOKEN),
        )
        .await;
    second.assert_success();
    assert!(
        second
            .stdout
            .starts_with("Connected \"Other\" (Other Company Inc)"),
        "{second:#?}"
    );

    // The first account became active; commands without --account use it.
    let account = h.run(h.command(&["account", "--json"]), None).await;
    account.assert_success();
    assert_eq!(account.json()["companyName"], COMPANY);
    // --account picks another (by name, any case).
    let other = h
        .run(
            h.command(&["--account", "other", "account", "--json"]),
            None,
        )
        .await;
    other.assert_success();
    assert_eq!(other.json()["companyName"], "Other Company Inc");

    let list = h.run(h.command(&["accounts", "list"]), None).await;
    list.assert_success();
    assert!(
        list.stdout
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("*  Acme HR"),
        "{list:#?}"
    );

    h.run(h.command(&["accounts", "use", "Other"]), None)
        .await
        .assert_success();
    let now = h
        .run(h.command(&["accounts", "list", "--json"]), None)
        .await
        .json();
    assert_eq!(now["accounts"].as_array().unwrap().len(), 2);
    assert_ne!(now["activeId"], acme_id.as_str());

    // Nothing secret on disk: accounts.json and the journal hold no token.
    let on_disk = h.data_files_text();
    assert!(on_disk.contains("Acme HR"));
    assert!(!on_disk.contains(TOKEN) && !on_disk.contains(OTHER_TOKEN));

    // A duplicate name is refused before the token is even read.
    let duplicate = h
        .run(
            h.command(&["accounts", "add", "ACME hr", "--env", "sandbox"]),
            Some(TOKEN),
        )
        .await;
    duplicate.assert_failure(2);

    for name in ["Acme HR", "Other"] {
        let removed = h.run(h.command(&["accounts", "remove", name]), None).await;
        removed.assert_success();
        assert!(removed.stdout.contains("deleted its token"), "{removed:#?}");
    }
    let empty = h
        .run(h.command(&["accounts", "list", "--json"]), None)
        .await
        .json();
    assert_eq!(empty["accounts"], serde_json::json!([]));
    // The keyring entry is really gone: selecting by id now fails as unknown.
    h.run(h.command(&["--account", &acme_id, "account"]), None)
        .await
        .assert_failure(4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_is_not_stored() {
    if !enabled() {
        return;
    }
    let h = Harness::start().await;
    let run = h
        .run(
            h.command(&[
                "accounts",
                "add",
                "Typo",
                "--base-url",
                &h.sandbox.api_base(),
            ]),
            Some("cc-test-wrong-token-Zt5Yq8"),
        )
        .await;
    run.assert_failure(3);
    assert!(!run.stderr.contains("cc-test-wrong-token-Zt5Yq8"));
    assert!(!h.data.path().join("accounts.json").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_whose_token_vanished_asks_to_add_it_again() {
    if !enabled() {
        return;
    }
    let h = Harness::start().await;
    h.run(
        h.command(&[
            "accounts",
            "add",
            "Gone",
            "--base-url",
            &h.sandbox.api_base(),
        ]),
        Some(TOKEN),
    )
    .await
    .assert_success();
    // Remove the token behind the CLI's back (as a user clearing their keyring would).
    let id = h
        .run(h.command(&["accounts", "list", "--json"]), None)
        .await
        .json()["accounts"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let cleared = std::process::Command::new("secret-tool")
        .args(["clear", "service", &h.keyring_service, "username", &id])
        .status();
    if !cleared.is_ok_and(|status| status.success()) {
        eprintln!("skipped the rest: secret-tool is not available");
        return;
    }
    let run = h.run(h.command(&["account"]), None).await;
    run.assert_failure(3);
    assert!(
        run.stderr.contains("No API token is stored for \"Gone\""),
        "{run:#?}"
    );
    h.run(h.command(&["accounts", "remove", "Gone"]), None)
        .await
        .assert_success();
}

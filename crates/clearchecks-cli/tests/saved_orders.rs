//! `clearchecks orders list --saved`: the orders ClearChecks Desktop keeps in its encrypted local
//! store, read with the real system keyring (opt-in like `accounts_keyring.rs`:
//! `CLEARCHECKS_TEST_KEYRING=1` inside a D-Bus session with an unlocked Secret Service, which
//! `./x test` provides). The store is written through `clearchecks-store` as the app writes it.

mod support;

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use clearchecks_core::secrets::{KeyringStore, SecretStore};
use clearchecks_store::{key::KEY_ENTRY, ListedOrder, OrderStore, StatusCheck, DB_FILE};
use support::{Harness, TOKEN};

fn enabled() -> bool {
    let on = std::env::var("CLEARCHECKS_TEST_KEYRING").is_ok_and(|v| v == "1");
    if !on {
        eprintln!("skipped: set CLEARCHECKS_TEST_KEYRING=1 to run this test");
    }
    on
}

fn listed(key: &str, name: &str, email: &str, letter: &str) -> ListedOrder {
    ListedOrder {
        applicant_name: Some(name.to_owned()),
        applicant_email: Some(email.to_owned()),
        sku: Some("HIRE1".to_owned()),
        letter: Some(letter.to_owned()),
        flagged: Some(false),
        ordered_at: Some(Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap()),
        ..ListedOrder::new(key)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_orders_are_listed_offline_and_an_empty_store_is_never_an_empty_list() {
    if !enabled() {
        return;
    }
    let h = Harness::start().await;
    let added = h
        .run(
            h.command(&[
                "accounts",
                "add",
                "Acme HR",
                "--base-url",
                &h.sandbox.api_base(),
                "--json",
            ]),
            Some(TOKEN),
        )
        .await;
    added.assert_success();
    let account_id = added.json()["id"].as_str().unwrap().to_owned();
    let store_dir = clearchecks_store::store_dir(h.data.path());

    // Nothing saved yet: a clear failure, not "No orders yet", and no store (or key) is made.
    let none = h.run(h.command(&["orders", "list", "--saved"]), None).await;
    none.assert_failure(4);
    assert!(
        none.stderr
            .contains("No orders of \"Acme HR\" are saved on this computer yet"),
        "{none:#?}"
    );
    assert!(!store_dir.join(DB_FILE).exists(), "--saved created a store");

    // The app's sync saved two orders, one of them status-checked since.
    let secrets: Arc<dyn SecretStore> = Arc::new(KeyringStore::new(&h.keyring_service).unwrap());
    {
        let store = OrderStore::open(&store_dir, secrets.clone()).await.unwrap();
        let listed_at = Utc.with_ymd_and_hms(2026, 12, 3, 14, 2, 0).unwrap();
        store
            .upsert_listed(
                &account_id,
                &[
                    listed("rk_saved_1", "Ada Lovelace", "ada@example.com", "P"),
                    listed("rk_saved_2", "Grace Hopper", "grace@example.com", "A"),
                ],
                listed_at,
            )
            .unwrap();
        store
            .record_status(
                &account_id,
                &[StatusCheck {
                    report_key: "rk_saved_1".to_owned(),
                    letter: "C".to_owned(),
                    flagged: false,
                    components: Vec::new(),
                }],
                Utc.with_ymd_and_hms(2026, 12, 3, 14, 9, 0).unwrap(),
            )
            .unwrap();
    }

    let before = h.sandbox.control().requests().len();
    let table = h.run(h.command(&["orders", "list", "--saved"]), None).await;
    table.assert_success();
    assert!(table.stdout.contains("rk_saved_1"), "{table:#?}");
    assert!(table.stdout.contains("Grace Hopper"), "{table:#?}");
    assert!(table.stdout.contains("Complete"), "{table:#?}");
    assert!(table.stdout.contains("2 orders"), "{table:#?}");
    assert!(
        table.stderr.contains(
            "2 saved orders of \"Acme HR\" on this computer, last confirmed by ClearChecks \
             2026-12-03 14:09 UTC"
        ),
        "{table:#?}"
    );

    // Filters and JSON work as on the live list; --account picks the account by name.
    let json = h
        .run(
            h.command(&[
                "--account",
                "acme hr",
                "--json",
                "orders",
                "list",
                "--saved",
                "--status",
                "awaiting",
            ]),
            None,
        )
        .await;
    json.assert_success();
    let rows = json.json();
    assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
    assert_eq!(rows[0]["reportKey"], "rk_saved_2");
    assert_eq!(rows[0]["email"], "grace@example.com");
    assert_eq!(
        h.sandbox.control().requests().len(),
        before,
        "--saved asked ClearChecks"
    );

    // Cleanup: the account's token and the store key leave the keyring.
    h.run(h.command(&["accounts", "remove", "Acme HR"]), None)
        .await
        .assert_success();
    secrets.delete_secret(KEY_ENTRY).await.unwrap();
}

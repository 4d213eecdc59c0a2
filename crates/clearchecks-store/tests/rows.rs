//! What the sync, the orders screen, Settings and the CLI ask of the store.

use chrono::{DateTime, TimeZone, Utc};
use clearchecks_store::{
    HeadMarker, ListedOrder, OrderStore, Scope, StatusCheck, StoredOrder, SyncState,
};

fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, 12, 0, 0).unwrap()
}

fn listed(key: &str, name: &str, email: &str, ordered: u32) -> ListedOrder {
    ListedOrder {
        applicant_name: Some(name.into()),
        applicant_email: Some(email.into()),
        sku: Some("HIRE1".into()),
        letter: Some("P".into()),
        flagged: Some(false),
        ordered_at: Some(day(ordered)),
        ..ListedOrder::new(key)
    }
}

fn keys(rows: &[StoredOrder]) -> Vec<&str> {
    rows.iter().map(|r| r.report_key.as_str()).collect()
}

#[test]
fn an_upsert_says_what_was_added_changed_and_confirmed() {
    let store = OrderStore::in_memory();
    let first = store
        .upsert_listed(
            "acct",
            &[
                listed("K1", "Ann Lee", "ann@example.com", 1),
                listed("K2", "Bo Chen", "bo@example.com", 2),
            ],
            day(3),
        )
        .unwrap();
    assert_eq!(first.added.len(), 2);
    assert!(first.changed.is_empty());
    assert_eq!(first.unchanged, 0);
    assert_eq!(first.added[0].last_listed_at, Some(day(3)));

    let mut moved = listed("K2", "Bo Chen", "bo@example.com", 2);
    moved.letter = Some("C".into());
    moved.flagged = Some(true);
    let second = store
        .upsert_listed(
            "acct",
            &[
                listed("K1", "Ann Lee", "ann@example.com", 1),
                moved,
                listed("K3", "Cy Diaz", "cy@example.com", 4),
            ],
            day(5),
        )
        .unwrap();
    assert_eq!(keys(&second.added), vec!["K3"]);
    assert_eq!(second.unchanged, 1);
    assert_eq!(second.changed.len(), 1);
    let change = &second.changed[0];
    assert_eq!(
        (change.before.letter.as_str(), change.before.flagged),
        ("P", false)
    );
    assert_eq!(
        (change.after.letter.as_str(), change.after.flagged),
        ("C", true)
    );
    assert!(change.status_changed());
    // The unchanged row was confirmed: its stamp moved.
    assert_eq!(
        store.get("acct", "K1").unwrap().unwrap().last_listed_at,
        Some(day(5))
    );
    assert!(!second.is_empty());
}

#[test]
fn the_list_leaving_a_field_out_does_not_erase_it() {
    let store = OrderStore::in_memory();
    let mut with_add_ons = listed("K1", "Ann Lee", "ann@example.com", 1);
    with_add_ons.add_ons = vec!["mvr".into(), "drug:DS5".into()];
    store
        .upsert_listed("acct", &[with_add_ons], day(2))
        .unwrap();
    let bare = store
        .upsert_listed("acct", &[ListedOrder::new("K1")], day(3))
        .unwrap();
    assert_eq!(bare.unchanged, 1, "{bare:?}");
    let row = store.get("acct", "K1").unwrap().unwrap();
    assert_eq!(row.add_ons, vec!["mvr".to_owned(), "drug:DS5".to_owned()]);
    assert_eq!(row.applicant_email.as_deref(), Some("ann@example.com"));
    assert_eq!(row.letter, "P");
}

#[test]
fn unreadable_dates_keep_their_text_and_sort_last() {
    let store = OrderStore::in_memory();
    let unreadable = ListedOrder {
        ordered_at_raw: Some("-0001-11-30 00:00:00".into()),
        completed_at_raw: Some("soon".into()),
        ..ListedOrder::new("K0")
    };
    store
        .upsert_listed(
            "acct",
            &[
                unreadable,
                listed("K1", "a", "a@x.com", 1),
                listed("K9", "b", "b@x.com", 9),
                listed("K5", "c", "c@x.com", 5),
            ],
            day(10),
        )
        .unwrap();
    let rows = store.list(Scope::Account("acct")).unwrap();
    assert_eq!(keys(&rows), vec!["K9", "K5", "K1", "K0"]);
    assert_eq!(rows[3].ordered_at, None);
    assert_eq!(
        rows[3].ordered_at_raw.as_deref(),
        Some("-0001-11-30 00:00:00")
    );
    assert_eq!(rows[3].completed_at_raw.as_deref(), Some("soon"));
}

#[test]
fn lists_one_account_or_all_newest_first() {
    let store = OrderStore::in_memory();
    store
        .upsert_listed(
            "a",
            &[
                listed("A1", "x", "x@a.com", 1),
                listed("A3", "x", "x@a.com", 3),
            ],
            day(9),
        )
        .unwrap();
    store
        .upsert_listed(
            "b",
            &[
                listed("B2", "y", "y@b.com", 2),
                listed("B4", "y", "y@b.com", 4),
            ],
            day(9),
        )
        .unwrap();
    assert_eq!(
        keys(&store.list(Scope::Account("a")).unwrap()),
        vec!["A3", "A1"]
    );
    assert_eq!(
        keys(&store.list(Scope::All).unwrap()),
        vec!["B4", "A3", "B2", "A1"]
    );
    assert_eq!(store.count(Scope::Account("b")).unwrap(), 2);
    assert_eq!(store.count(Scope::All).unwrap(), 4);
    // The same report key under two accounts is two orders.
    store
        .upsert_listed("b", &[listed("A1", "z", "z@b.com", 5)], day(9))
        .unwrap();
    assert_eq!(store.count(Scope::All).unwrap(), 5);
    assert_eq!(
        store
            .get("a", "A1")
            .unwrap()
            .unwrap()
            .applicant_name
            .as_deref(),
        Some("x")
    );
}

#[test]
fn search_matches_name_email_or_key_in_any_case() {
    let store = OrderStore::in_memory();
    store
        .upsert_listed(
            "a",
            &[
                listed("RK-ALPHA", "Zoë Ångström", "zoe@example.com", 1),
                listed("RK-BETA", "Bo Chen", "bo.chen@corp.example", 2),
            ],
            day(3),
        )
        .unwrap();
    store
        .upsert_listed(
            "b",
            &[listed("RK-GAMMA", "Cy Zoeller", "cy@b.example", 3)],
            day(3),
        )
        .unwrap();
    let search = |scope, q| keys(&store.search(scope, q, 100).unwrap()).join(",");
    assert_eq!(search(Scope::All, "ÅNGSTRÖM"), "RK-ALPHA");
    assert_eq!(search(Scope::All, "  corp.EXAMPLE "), "RK-BETA");
    assert_eq!(search(Scope::All, "rk-gam"), "RK-GAMMA");
    assert_eq!(search(Scope::All, "zoe"), "RK-GAMMA,RK-ALPHA");
    assert_eq!(search(Scope::Account("a"), "zoe"), "RK-ALPHA");
    assert_eq!(search(Scope::All, ""), "RK-GAMMA,RK-BETA,RK-ALPHA");
    assert_eq!(store.search(Scope::All, "", 1).unwrap().len(), 1);
    // No match across two fields (name "Bo Chen" + email "bo.chen…"), even when the query
    // holds the separator.
    assert_eq!(search(Scope::All, "chenbo"), "");
    assert_eq!(search(Scope::All, "chen\nbo"), "");
    assert_eq!(search(Scope::All, "nobody"), "");
}

#[test]
fn status_checks_and_check_stamps() {
    let store = OrderStore::in_memory();
    store
        .upsert_listed(
            "a",
            &[
                listed("K1", "Ann", "ann@x.com", 1),
                listed("K2", "Bo", "bo@x.com", 2),
            ],
            day(3),
        )
        .unwrap();
    let checks = [
        StatusCheck {
            report_key: "K1".into(),
            letter: "C".into(),
            flagged: true,
            components: vec![
                ("background_report".into(), "C".into()),
                ("mvd_status".into(), "P".into()),
            ],
        },
        StatusCheck {
            report_key: "K2".into(),
            letter: "P".into(),
            flagged: false,
            components: vec![],
        },
        // Placed a moment ago, not listed yet.
        StatusCheck {
            report_key: "K-NEW".into(),
            letter: "A".into(),
            flagged: false,
            components: vec![],
        },
    ];
    let changes = store.record_status("a", &checks, day(4)).unwrap();
    assert_eq!(keys(&changes.added), vec!["K-NEW"]);
    assert_eq!(changes.unchanged, 1, "K2 answered what the store had");
    assert_eq!(
        store.get("a", "K2").unwrap().unwrap().last_checked_at,
        Some(day(4)),
        "an unchanged answer still stamps the check"
    );
    assert_eq!(changes.changed.len(), 1);
    let k1 = &changes.changed[0].after;
    assert_eq!(k1.components[1], ("mvd_status".to_owned(), "P".to_owned()));
    assert_eq!(k1.last_checked_at, Some(day(4)));
    assert_eq!(store.get("a", "K1").unwrap().unwrap(), *k1);

    assert_eq!(
        store.mark_checked("a", &["K2", "missing"], day(6)).unwrap(),
        1
    );
    assert_eq!(
        store.get("a", "K2").unwrap().unwrap().last_checked_at,
        Some(day(6))
    );
    // A later list without a status keeps the checked letter.
    store
        .upsert_listed("a", &[ListedOrder::new("K1")], day(7))
        .unwrap();
    assert_eq!(store.get("a", "K1").unwrap().unwrap().letter, "C");
}

#[test]
fn removal_is_only_explicit_and_undone_by_a_new_listing() {
    let store = OrderStore::in_memory();
    store
        .upsert_listed(
            "a",
            &[
                listed("K1", "Ann", "ann@x.com", 1),
                listed("K2", "Bo", "bo@x.com", 2),
            ],
            day(3),
        )
        .unwrap();
    // A batch without K1 leaves it alone.
    store
        .upsert_listed("a", &[listed("K2", "Bo", "bo@x.com", 2)], day(4))
        .unwrap();
    assert_eq!(store.count(Scope::All).unwrap(), 2);

    let removed = store.mark_removed("a", &["K1", "unknown"], day(5)).unwrap();
    assert_eq!(removed.changed.len(), 1);
    assert_eq!(removed.changed[0].after.removed_at, Some(day(5)));
    assert_eq!(keys(&store.list(Scope::All).unwrap()), vec!["K2"]);
    assert_eq!(
        keys(&store.list_with_removed(Scope::All).unwrap()),
        vec!["K2", "K1"]
    );
    assert!(store.search(Scope::All, "ann", 10).unwrap().is_empty());
    assert_eq!(
        store.mark_removed("a", &["K1"], day(6)).unwrap().unchanged,
        1
    );

    let back = store
        .upsert_listed("a", &[listed("K1", "Ann", "ann@x.com", 1)], day(7))
        .unwrap();
    assert_eq!(back.changed.len(), 1, "reappearing is a change");
    assert_eq!(keys(&store.list(Scope::All).unwrap()), vec!["K2", "K1"]);
}

#[test]
fn sync_state_round_trips_and_commits_with_its_batch() {
    let store = OrderStore::in_memory();
    assert_eq!(store.sync_state("a").unwrap(), SyncState::new("a"));
    let state = SyncState {
        head: Some(HeadMarker {
            report_key: "K9".into(),
            ordered_at: Some(day(9)),
        }),
        last_head_sync_at: Some(day(10)),
        full_walk_next_page: Some(37),
        full_walk_started_at: Some(day(8)),
        last_full_walk_at: Some(day(1)),
        list_total: Some(50_000),
        ..SyncState::new("a")
    };
    let changes = store
        .upsert_listed_with_state(&[listed("K9", "N", "n@x.com", 9)], &state, day(10))
        .unwrap();
    assert_eq!(changes.added.len(), 1);
    assert_eq!(store.sync_state("a").unwrap(), state);
    assert_eq!(store.sync_state("b").unwrap(), SyncState::new("b"));
    let head_only = SyncState {
        head: Some(HeadMarker {
            report_key: "K1".into(),
            ordered_at: None,
        }),
        ..SyncState::new("a")
    };
    store.set_sync_state(&head_only).unwrap();
    assert_eq!(store.sync_state("a").unwrap(), head_only);
}

#[test]
fn deleting_an_account_purging_and_reset() {
    let store = OrderStore::in_memory();
    store
        .upsert_listed(
            "a",
            &[
                listed("A1", "x", "x@a.com", 1),
                listed("A5", "x", "x@a.com", 5),
            ],
            day(9),
        )
        .unwrap();
    store
        .upsert_listed(
            "b",
            &[
                listed("B2", "y", "y@b.com", 2),
                ListedOrder::new("B-nodate"),
            ],
            day(9),
        )
        .unwrap();
    store.set_sync_state(&SyncState::new("a")).unwrap();
    let mut b_state = SyncState::new("b");
    b_state.list_total = Some(2);
    store.set_sync_state(&b_state).unwrap();

    assert_eq!(
        store
            .purge_ordered_before(Scope::Account("a"), day(3))
            .unwrap(),
        1
    );
    assert_eq!(
        keys(&store.list(Scope::All).unwrap()),
        vec!["A5", "B2", "B-nodate"]
    );
    assert_eq!(store.purge_ordered_before(Scope::All, day(3)).unwrap(), 1);
    assert_eq!(
        keys(&store.list(Scope::All).unwrap()),
        vec!["A5", "B-nodate"],
        "unknown dates kept"
    );

    assert_eq!(store.delete_account("a").unwrap(), 1);
    assert_eq!(keys(&store.list(Scope::All).unwrap()), vec!["B-nodate"]);
    assert_eq!(store.sync_state("a").unwrap(), SyncState::new("a"));
    assert_eq!(store.sync_state("b").unwrap(), b_state);

    store.reset().unwrap();
    assert_eq!(store.count(Scope::All).unwrap(), 0);
    assert_eq!(store.sync_state("b").unwrap(), SyncState::new("b"));
}

#[test]
fn two_connections_share_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(clearchecks_store::DB_FILE);
    let key = clearchecks_store::StoreKey::generate();
    let store = OrderStore::open_with_key(&path, &key).unwrap();
    store
        .upsert_listed("a", &[listed("K1", "x", "x@a.com", 1)], day(2))
        .unwrap();
    // A second connection (the CLI next to the app) writes to the same file; both see all rows.
    let other = OrderStore::open_with_key(&path, &key).unwrap();
    let batch: Vec<_> = (0..50)
        .map(|i| listed(&format!("N{i}"), "n", "n@x.com", 3))
        .collect();
    let changes = other.upsert_listed("a", &batch, day(3)).unwrap();
    assert_eq!(changes.added.len(), 50);
    assert_eq!(store.count(Scope::All).unwrap(), 51);
}

#[test]
fn ties_have_one_stable_order_in_lists_and_searches() {
    let store = OrderStore::in_memory();
    for account in ["b", "a"] {
        store
            .upsert_listed(
                account,
                &[
                    listed("K1", "Same Day", "s@x.com", 4),
                    listed("K2", "Same Day", "s@x.com", 4),
                    ListedOrder {
                        applicant_name: Some("Same Day".into()),
                        ..ListedOrder::new("K3")
                    },
                ],
                day(9),
            )
            .unwrap();
    }
    let order = |rows: Vec<StoredOrder>| {
        rows.iter()
            .map(|r| format!("{}/{}", r.account_id, r.report_key))
            .collect::<Vec<_>>()
            .join(",")
    };
    let expected = "a/K2,b/K2,a/K1,b/K1,a/K3,b/K3";
    assert_eq!(order(store.list(Scope::All).unwrap()), expected);
    assert_eq!(
        order(store.search(Scope::All, "same day", 100).unwrap()),
        expected
    );
    assert_eq!(
        order(store.search(Scope::All, "same day", 3).unwrap()),
        "a/K2,b/K2,a/K1"
    );
}

//! The order list over real HTTP against the simulator's quirk profiles: every paginator shape
//! is read to the end (or said to be incomplete), PHP's loose items and dates are read, and
//! reconciliation refuses to conclude "not placed" from a list that cannot prove it.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use clearchecks_core::{
    AddOns, ApiError, Attestation, ClearChecksClient, Gap, OrderRequest, PageShape, Reconciliation,
};
use clearchecks_sandbox::{Fault, Quirk, Sandbox, SandboxConfig};
use common::*;

const ORDERS: usize = 47;
const PER_PAGE: usize = 10;

async fn quirky(quirks: &[Quirk]) -> Sandbox {
    sandbox_with(
        SandboxConfig::empty()
            .account(TOKEN, "Quirky Staffing", ORDERS)
            .per_page(PER_PAGE)
            .rate_limit(10_000, Duration::from_secs(60))
            .quirks(quirks.iter().copied()),
    )
    .await
}

fn keys_of(sandbox: &Sandbox) -> HashSet<String> {
    sandbox
        .control()
        .orders_of(TOKEN)
        .into_iter()
        .map(|o| o.report_key)
        .collect()
}

/// Lists every order of a profile and checks it is all there, with the shape and request count.
async fn reads_everything(quirks: &[Quirk], shape: PageShape, requests: usize) {
    let sandbox = quirky(quirks).await;
    let listing = client(&sandbox).list_all_reports().await.unwrap();
    assert!(
        listing.is_complete(),
        "{quirks:?}: {}",
        listing.completeness
    );
    assert_eq!(listing.shape, Some(shape), "{quirks:?}");
    let keys: HashSet<String> = listing.items.iter().map(|i| i.report_key.clone()).collect();
    assert_eq!(keys, keys_of(&sandbox), "{quirks:?}: every order, once");
    assert_eq!(listing.items.len(), ORDERS, "{quirks:?}");
    assert_eq!(
        sandbox.control().count("GET", "reports.all"),
        requests,
        "{quirks:?}: requests"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn every_paginator_shape_is_read_to_the_end() {
    let pages = ORDERS.div_ceil(PER_PAGE);
    reads_everything(&[], PageShape::LengthAware, pages).await;
    reads_everything(&[Quirk::ResourcePagination], PageShape::Resource, pages).await;
    reads_everything(&[Quirk::SimplePagination], PageShape::Simple, pages).await;
    reads_everything(&[Quirk::CursorPagination], PageShape::Cursor, pages).await;
    // One answer with everything, and one probe that proves there is no page 2.
    reads_everything(&[Quirk::BareArray], PageShape::BareArray, 2).await;
    reads_everything(
        &[
            Quirk::ResourcePagination,
            Quirk::DataWrapper,
            Quirk::StringIds,
        ],
        PageShape::Resource,
        pages,
    )
    .await;
}

#[tokio::test]
async fn a_server_that_ignores_page_gives_an_incomplete_list_not_a_short_one() {
    for quirks in [
        vec![Quirk::IgnoresPage],
        vec![Quirk::IgnoresPage, Quirk::ResourcePagination],
        vec![Quirk::IgnoresPage, Quirk::CursorPagination],
    ] {
        let sandbox = quirky(&quirks).await;
        let listing = client(&sandbox).list_all_reports().await.unwrap();
        assert_eq!(listing.items.len(), PER_PAGE, "{quirks:?}: what it has");
        assert_eq!(
            listing.completeness.gaps,
            [Gap::RepeatedPage { page: 2 }],
            "{quirks:?}"
        );
        assert!(listing.completeness.to_string().contains("same page"));
        assert_eq!(sandbox.control().count("GET", "reports.all"), 2);
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn null_entries_are_skipped_counted_and_make_the_list_incomplete() {
    let sandbox = quirky(&[Quirk::NullItems]).await;
    let listing = client(&sandbox).list_all_reports().await.unwrap();
    assert_eq!(listing.items.len(), ORDERS, "every real order is kept");
    // A null after every 7th entry of each page of 10.
    let nulls = (0..ORDERS.div_ceil(PER_PAGE))
        .map(|p| (ORDERS - p * PER_PAGE).min(PER_PAGE) / 7)
        .sum::<usize>() as u64;
    assert_eq!(
        listing.completeness.gaps,
        [Gap::UnreadableEntries { count: nulls }]
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn eloquent_columns_and_aliases_never_fail_the_list_and_the_canonical_date_wins() {
    let sandbox = quirky(&[Quirk::Eloquent, Quirk::StringIds]).await;
    let listing = client(&sandbox).list_all_reports().await.unwrap();
    assert!(listing.is_complete(), "{}", listing.completeness);
    let orders = sandbox.control().orders_of(TOKEN);
    for item in &listing.items {
        let order = orders
            .iter()
            .find(|o| o.report_key == item.report_key)
            .unwrap();
        // `order_date` (a PHP DateTime object, microseconds) wins over Eloquent's
        // `created_at` (2 s later).
        assert_eq!(
            item.ordered_at.map(|at| at.timestamp_micros()),
            Some(order.order_date.timestamp_micros()),
            "{}",
            item.report_key
        );
        assert_eq!(
            item.applicant_email.as_deref(),
            Some(order.applicant_email.as_str())
        );
        assert_eq!(
            item.flagged_for_end_user_review,
            Some(order.flagged_for_end_user_review),
            "\"1\"/\"0\" flags"
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn odd_dates_are_read_and_an_unreadable_one_is_kept_as_unknown() {
    let sandbox = quirky(&[Quirk::OddDates]).await;
    let listing = client(&sandbox).list_all_reports().await.unwrap();
    let orders = sandbox.control().orders_of(TOKEN);
    let mut unknown = 0;
    for item in &listing.items {
        let order = orders
            .iter()
            .find(|o| o.report_key == item.report_key)
            .unwrap();
        match (&item.ordered_at, &item.ordered_at_unreadable) {
            (Some(at), None) => assert_eq!(
                at.timestamp(),
                order.order_date.timestamp(),
                "{}",
                item.report_key
            ),
            (None, Some(raw)) => {
                unknown += 1;
                assert_eq!(raw, &order.order_date.format("%d/%m/%Y %H:%M").to_string());
            }
            other => panic!("{}: {other:?}", item.report_key),
        }
        match order.completed_date {
            Some(done) => assert_eq!(
                item.completed_at.map(|d| d.timestamp()),
                Some(done.timestamp())
            ),
            // `0000-00-00 00:00:00` is MySQL's "no date": not an unknown one.
            None => assert_eq!(
                (item.completed_at, item.completed_at_unreadable.as_deref()),
                (None, None)
            ),
        }
    }
    assert_eq!(unknown, ORDERS / 13, "one in 13 is d/m/Y");
    sandbox.shutdown().await;
}

/// Invoices too: with `odd-dates` each invoice date is read in whatever format it comes, and one
/// that cannot be read (a quarter-end month's `d/m/Y H:i`) is kept as sent, in the list and in the
/// invoice itself — never an invoice without a date.
#[tokio::test]
async fn odd_invoice_dates_are_read_and_an_unreadable_one_is_kept_as_unknown() {
    let sandbox = quirky(&[]).await;
    let client = client(&sandbox);
    let tidy = client.list_invoices().await.unwrap().items;
    assert!(
        tidy.len() >= 4,
        "about six months of orders: {}",
        tidy.len()
    );
    sandbox.control().set_quirks([Quirk::OddDates]);
    let odd = client.list_invoices().await.unwrap();
    assert!(odd.is_complete(), "{}", odd.completeness);
    assert_eq!(odd.items.len(), tidy.len());
    let mut unknown = 0;
    for (odd, tidy) in odd.items.iter().zip(&tidy) {
        assert_eq!(odd.id, tidy.id);
        let created = tidy
            .created_at
            .expect("the tidy profile's dates are readable");
        let quarter_end = odd.period.as_deref().unwrap()[5..7].parse::<u32>().unwrap() % 3 == 0;
        if quarter_end {
            unknown += 1;
            let raw = created.format("%d/%m/%Y %H:%M").to_string();
            assert_eq!(
                (odd.created_at, odd.created_at_unreadable.as_deref()),
                (None, Some(raw.as_str())),
                "{}",
                odd.number
            );
        } else {
            assert_eq!(
                (odd.created_at, odd.created_at_unreadable.as_deref()),
                (Some(created), None),
                "{}",
                odd.number
            );
        }
        let detail = client.invoice(odd.id).await.unwrap();
        assert_eq!(
            (
                detail.invoice.created_at,
                detail.invoice.created_at_unreadable.as_deref()
            ),
            (odd.created_at, odd.created_at_unreadable.as_deref()),
            "the invoice says what the list says: {}",
            odd.number
        );
    }
    assert!(unknown >= 1, "six months hold a quarter end");
    sandbox.shutdown().await;
}

fn order(email: &str) -> OrderRequest {
    OrderRequest::new("HIRE1", &[email.into()], AddOns::default()).unwrap()
}

fn attestation() -> Attestation {
    Attestation::accepted("I certify a permissible purpose under the FCRA.").unwrap()
}

/// Places `n` orders now, so the first pages of the list are newer than a following attempt.
async fn place_recent(client: &ClearChecksClient, n: usize) {
    for i in 0..n {
        client
            .place_order(&order(&format!("recent{i}@example.com")), &attestation())
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn reconciliation_never_says_not_placed_from_a_list_that_cannot_prove_it() {
    for quirk in [Quirk::IgnoresPage, Quirk::NullItems] {
        let sandbox = quirky(&[]).await;
        let client = client(&sandbox);
        place_recent(&client, 2 * PER_PAGE).await;
        // The order is lost before the server sees it: it was not placed, but only a list that
        // proves it may say so.
        let lost = order("lost@example.com");
        sandbox.control().set_fault_times(
            "orders.new",
            Fault::DropConnection {
                after_processing: false,
            },
            1,
        );
        let error = client.place_order(&lost, &attestation()).await.unwrap_err();
        assert!(
            matches!(error, ApiError::OutcomeUncertain { .. }),
            "{error:?}"
        );
        sandbox.control().set_quirks([quirk]);
        match client.reconcile_order(&lost).await.unwrap() {
            Reconciliation::Undetermined(u) => {
                assert!(u.orders_checked >= PER_PAGE as u64, "{quirk}: {u}");
                assert!(!u.reason.is_empty());
            }
            other => panic!("{quirk}: {other:?}"),
        }
        assert!(
            client.submission_guard().is_blocked(&lost),
            "{quirk}: still blocked"
        );
        assert!(client.place_order(&lost, &attestation()).await.is_err());
        // Once the server behaves, the same question gets a proved answer.
        sandbox.control().set_quirks([]);
        assert_eq!(
            client.reconcile_order(&lost).await.unwrap(),
            Reconciliation::NotPlaced,
            "{quirk}"
        );
        assert!(!client.submission_guard().is_blocked(&lost));
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn reconciliation_reads_every_paginator_shape() {
    for quirk in [
        Quirk::ResourcePagination,
        Quirk::SimplePagination,
        Quirk::CursorPagination,
        Quirk::BareArray,
    ] {
        let sandbox = quirky(&[quirk]).await;
        let client = client(&sandbox);
        place_recent(&client, PER_PAGE + 3).await;
        let lost = order("lost@example.com");
        sandbox.control().set_fault_times(
            "orders.new",
            Fault::DropConnection {
                after_processing: true,
            },
            1,
        );
        client.place_order(&lost, &attestation()).await.unwrap_err();
        match client.reconcile_order(&lost).await.unwrap() {
            Reconciliation::Placed(placed) => {
                assert_eq!(placed.applicants[0].email, "lost@example.com", "{quirk}")
            }
            other => panic!("{quirk}: {other:?}"),
        }
        let missing = order("never@example.com");
        sandbox.control().set_fault_times(
            "orders.new",
            Fault::DropConnection {
                after_processing: false,
            },
            1,
        );
        client
            .place_order(&missing, &attestation())
            .await
            .unwrap_err();
        assert_eq!(
            client.reconcile_order(&missing).await.unwrap(),
            Reconciliation::NotPlaced,
            "{quirk}"
        );
        sandbox.shutdown().await;
    }
}

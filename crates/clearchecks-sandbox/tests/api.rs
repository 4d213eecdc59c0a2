//! The `/api` surface over real HTTP: every endpoint, its errors, pagination,
//! account scoping and status progression.

mod common;

use clearchecks_sandbox::{AdverseStage, Sandbox, SandboxConfig};
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn accounts_and_teams_have_the_contract_fields() {
    let sandbox = start().await;
    let (status, account) = get_json(&sandbox, "/accounts", TOKEN).await;
    assert_eq!(status, 200);
    assert_eq!(account["company_name"], "Zoë's Staffing Co.");
    for field in ["first_name", "last_name", "city", "state", "zip"] {
        assert!(account[field].is_string(), "{field}");
    }
    // The documented form with a trailing slash works too.
    let (status, same) = get_json(&sandbox, "/accounts/", TOKEN).await;
    assert_eq!((status, &same), (200, &account));

    let (status, teams) = get_json(&sandbox, "/accounts/teams", TOKEN).await;
    assert_eq!(status, 200);
    let team = &teams.as_array().expect("bare array")[0];
    for field in [
        "id",
        "owner_id",
        "name",
        "slug",
        "photo_url",
        "stripe_id",
        "current_billing_plan",
        "vat_id",
        "trial_ends_at",
        "created_at",
        "updated_at",
    ] {
        assert!(team.get(field).is_some(), "{field}");
    }
    assert_eq!(team["created_at"].as_str().unwrap().len(), 19);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn auth_errors_are_laravel_shaped_and_tokens_never_logged() {
    let sandbox = start().await;
    for token in ["", "wrong-token"] {
        let (status, body) = get_json(&sandbox, "/accounts", token).await;
        assert_eq!(
            (status, body),
            (401, json!({"message": "Unauthenticated."}))
        );
    }
    // A Bearer header is accepted as well.
    let response = client()
        .get(format!("{}/accounts", sandbox.api_base()))
        .bearer_auth(TOKEN)
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "no CORS on /api"
    );

    let (status, body) = get_json(&sandbox, "/nothing/here", TOKEN).await;
    assert_eq!(status, 404);
    assert!(body["message"].is_string());
    let response = call(&sandbox, Method::POST, "/accounts", TOKEN, None).await;
    assert_eq!(response.status(), 405);
    let body: Value = response.json().await.unwrap();
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("Supported methods: GET"));

    let log = sandbox.control().requests();
    assert_eq!(log.len(), 5);
    assert!(log
        .iter()
        .all(|r| !r.path.contains("token") && !r.path.contains('?')));
    assert!(log
        .iter()
        .any(|r| r.route == "accounts.show" && r.status == 401));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn orders_are_created_one_per_email_in_order() {
    let sandbox = start().await;
    let emails = ["first@example.com", "second+records@example.org"];
    let response = call(
        &sandbox,
        Method::POST,
        "/orders/new",
        TOKEN,
        Some(order_body(&emails)),
    )
    .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    let applicants = body["applicants"].as_array().unwrap();
    assert_eq!(applicants.len(), 2);
    for (applicant, email) in applicants.iter().zip(emails) {
        assert_eq!(applicant["applicant_email"], email);
        let key = applicant["report_key"].as_str().unwrap();
        assert!(key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(
            applicant["applicant_invite_url"],
            format!("{}/invite/{key}", sandbox.origin())
        );
        let (status, report) = get_json(&sandbox, &format!("/reports/{key}/status"), TOKEN).await;
        assert_eq!(status, 200);
        assert_eq!(
            report,
            json!({"status": "A", "flagged_for_end_user_review": false, "reports": []})
        );
    }
    assert_eq!(sandbox.control().count("POST", "orders.new"), 1);
    assert_eq!(sandbox.control().orders_of(TOKEN).len(), 12);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn invalid_orders_get_422_with_field_errors() {
    let sandbox = start().await;
    let cases = [
        (
            json!({}),
            vec!["applicant_emails", "report_sku", "terms_agree"],
        ),
        (
            json!({"report_sku": "HIRE4", "applicant_emails": ["a@example.com"], "terms_agree": "Y"}),
            vec!["report_sku"],
        ),
        (
            json!({"report_sku": "HIRE1", "applicant_emails": ["not-an-email"], "terms_agree": "Y"}),
            vec!["applicant_emails.0"],
        ),
        (
            json!({"report_sku": "HIRE1", "applicant_emails": ["a@example.com"], "terms_agree": "N"}),
            vec!["terms_agree"],
        ),
        (
            json!({"report_sku": "HIRE1", "applicant_emails": ["a@example.com"], "terms_agree": "Y", "drug_sku": "drug4"}),
            vec!["drug_sku"],
        ),
        (
            json!({"report_sku": "HIRE1", "applicant_emails": ["a@example.com"], "terms_agree": "Y", "order_quantity": 2}),
            vec!["order_quantity"],
        ),
    ];
    for (body, fields) in cases {
        let response = call(
            &sandbox,
            Method::POST,
            "/orders/new",
            TOKEN,
            Some(body.clone()),
        )
        .await;
        assert_eq!(response.status(), 422, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["message"], "The given data was invalid.");
        let mut keys: Vec<&str> = error["errors"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(keys, fields, "{body}");
    }
    // Unparsable JSON is treated as empty input.
    let response = client()
        .post(format!(
            "{}/orders/new?api_token={TOKEN}",
            sandbox.api_base()
        ))
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(
        sandbox.control().orders_of(TOKEN).len(),
        10,
        "nothing was created"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn report_keys_are_scoped_to_their_account() {
    let sandbox = start().await;
    let key = place(&sandbox, TOKEN, &["scoped@example.com"])
        .await
        .remove(0);
    for path in [
        format!("/reports/{key}/status"),
        format!("/report/{key}"),
        format!("/report/{key}/widget-token"),
        format!("/report/{key}/pdf"),
    ] {
        let (status, body) = get_json(&sandbox, &path, OTHER_TOKEN).await;
        assert_eq!(status, 404, "{path}");
        assert!(body["message"].is_string());
    }
    let (_, other) = get_json(&sandbox, "/reports/all", OTHER_TOKEN).await;
    assert_eq!(other["total"], 3);
    assert!(other["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["report_key"] != key.as_str()));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn pagination_covers_more_than_a_thousand_orders_newest_first() {
    let sandbox = Sandbox::start(
        SandboxConfig::empty()
            .account(TOKEN, "Big Co", 1_050)
            .per_page(100),
    )
    .await
    .unwrap();
    let newest = place(&sandbox, TOKEN, &["newest@example.com"])
        .await
        .remove(0);
    let mut seen = std::collections::HashSet::new();
    let mut page = 1;
    let mut previous_date = String::from("9999");
    loop {
        let (status, body) = get_json(&sandbox, &format!("/reports/all?page={page}"), TOKEN).await;
        assert_eq!(status, 200);
        assert_eq!(
            (
                body["current_page"].as_u64(),
                body["per_page"].as_u64(),
                body["total"].as_u64()
            ),
            (Some(page), Some(100), Some(1_051))
        );
        assert_eq!(body["last_page"], 11);
        assert!(!body["path"].as_str().unwrap().contains("api_token"));
        let data = body["data"].as_array().unwrap();
        if page == 1 {
            assert_eq!(data[0]["report_key"], newest.as_str());
            assert!(body["prev_page_url"].is_null());
            assert_eq!(body["from"], 1);
        }
        for item in data {
            let date = item["order_date"]["date"].as_str().unwrap().to_owned();
            assert!(date <= previous_date, "newest first");
            previous_date = date;
            assert!(seen.insert(item["report_key"].as_str().unwrap().to_owned()));
            for field in [
                "status",
                "flagged_for_end_user_review",
                "applicant_email",
                "applicant_first_name",
                "report_sku",
                "completed_date",
                "applicant_invite_url",
                "drug_test",
                "mvr",
            ] {
                assert!(item.get(field).is_some(), "{field}");
            }
        }
        match body["next_page_url"].as_str() {
            Some(next) => {
                assert!(next.ends_with(&format!("?page={}", page + 1)));
                page += 1;
            }
            None => break,
        }
    }
    assert_eq!((page, seen.len()), (11, 1_051));
    let (_, beyond) = get_json(&sandbox, "/reports/all?page=99", TOKEN).await;
    assert_eq!(
        (
            beyond["data"].as_array().unwrap().len(),
            beyond["from"].clone()
        ),
        (0, Value::Null)
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn progression_runs_through_every_status_and_records_flag_the_report() {
    let sandbox = start().await;
    let control = sandbox.control();
    let keys = place(
        &sandbox,
        TOKEN,
        &["clear@example.com", "dirty+records@example.com"],
    )
    .await;
    assert!(
        !control.advance(&keys[0]),
        "cannot complete before the applicant submits"
    );
    for key in &keys {
        assert!(control.submit_applicant(key));
        let (_, status) = get_json(&sandbox, &format!("/reports/{key}/status"), TOKEN).await;
        assert_eq!(status["status"], "P");
        assert_eq!(
            status["reports"],
            json!({"background_report": "P", "mvd_status": "P", "drug_status": "P", "blj_status": "P"})
        );
        assert!(control.advance(key));
    }
    let (_, clear) = get_json(&sandbox, &format!("/reports/{}/status", keys[0]), TOKEN).await;
    let (_, dirty) = get_json(&sandbox, &format!("/reports/{}/status", keys[1]), TOKEN).await;
    assert_eq!(
        (
            clear["status"].clone(),
            clear["flagged_for_end_user_review"].clone()
        ),
        (json!("C"), json!(false))
    );
    assert_eq!(
        (
            dirty["status"].clone(),
            dirty["flagged_for_end_user_review"].clone()
        ),
        (json!("C"), json!(true))
    );

    let (status, report) = get_json(&sandbox, &format!("/report/{}", keys[1]), TOKEN).await;
    assert_eq!(status, 200);
    assert!(report["criminal_records"]["count"].as_u64().unwrap() >= 1);
    assert!(
        report["criminal_records"]["records"][0]["offenses"][0]["offensedescription"].is_string()
    );
    assert_eq!(report["order_date"]["timezone_type"], 3);
    assert!(report["completed_date"]["date"].is_string());
    assert!(!report["blj"]["liens"].as_array().unwrap().is_empty());
    assert!(!report["address_history"]["addresses"]
        .as_array()
        .unwrap()
        .is_empty());
    let (_, clean_report) = get_json(&sandbox, &format!("/report/{}", keys[0]), TOKEN).await;
    assert_eq!(clean_report["criminal_records"]["count"], 0);

    assert!(!control.adverse(&keys[1], AdverseStage::Final));
    assert!(control.adverse(&keys[1], AdverseStage::Pre));
    let (_, v) = get_json(&sandbox, &format!("/reports/{}/status", keys[1]), TOKEN).await;
    assert_eq!(v["reports"]["background_report"], "V");
    assert!(control.adverse(&keys[1], AdverseStage::Final));
    assert_eq!(control.order(&keys[1]).unwrap().status.letter(), "X");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_clock_moves_orders_without_anyone() {
    let config = common::config()
        .auto_submit_after(Some(std::time::Duration::from_millis(100)))
        .complete_after(Some(std::time::Duration::from_millis(100)));
    let sandbox = Sandbox::start(config).await.unwrap();
    let key = place(&sandbox, TOKEN, &["clock@example.com"])
        .await
        .remove(0);
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    let (_, status) = get_json(&sandbox, &format!("/reports/{key}/status"), TOKEN).await;
    assert_eq!(status["status"], "C");
    let (_, list) = get_json(&sandbox, "/reports/all", TOKEN).await;
    assert!(
        list["data"][0]["applicant_first_name"].is_string(),
        "the applicant's name is known after submit"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn pdf_redirects_to_a_signed_file_only_once_complete() {
    let sandbox = start().await;
    let key = place(&sandbox, TOKEN, &["pdf@example.com"]).await.remove(0);
    let (status, _) = get_json(&sandbox, &format!("/report/{key}/pdf"), TOKEN).await;
    assert_eq!(status, 404);
    sandbox.control().submit_applicant(&key);
    sandbox.control().advance(&key);
    let response = call(
        &sandbox,
        Method::GET,
        &format!("/report/{key}/pdf"),
        TOKEN,
        None,
    )
    .await;
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    // The file host is the second listener: another origin, like an S3 bucket.
    assert_ne!(sandbox.files_origin(), sandbox.origin());
    assert!(location.starts_with(&format!("{}/_files/{key}.pdf?", sandbox.files_origin())));
    assert!(!location.contains("api_token"));
    let on_the_api_origin = location.replace(&sandbox.files_origin(), &sandbox.origin());
    assert_eq!(
        client()
            .get(&on_the_api_origin)
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let file = client().get(&location).send().await.unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    let bytes = file.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-") && bytes.ends_with(b"%%EOF\n"));
    let tampered = client()
        .get(location.replace("sig=", "sig=0"))
        .send()
        .await
        .unwrap();
    assert_eq!(tampered.status(), 403);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn invoices_are_paginated_and_add_up() {
    let sandbox = Sandbox::start(
        SandboxConfig::empty()
            .account(TOKEN, "Invoiced", 120)
            .per_page(2),
    )
    .await
    .unwrap();
    let key = place(&sandbox, TOKEN, &["billable@example.com"])
        .await
        .remove(0);
    let (status, first) = get_json(&sandbox, "/invoices?page=1", TOKEN).await;
    assert_eq!(status, 200);
    assert!(first["total"].as_u64().unwrap() >= 5);
    assert_eq!(first["data"].as_array().unwrap().len(), 2);
    let current = &first["data"][0];
    assert_eq!(current["status"], "due");
    assert!(current["lines"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["report_key"] == key.as_str()));
    let total = current["total"].as_str().unwrap();
    let sum: rust_decimal::Decimal = current["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            l["amount"]
                .as_str()
                .unwrap()
                .parse::<rust_decimal::Decimal>()
                .unwrap()
        })
        .sum::<rust_decimal::Decimal>()
        + current["tax"]
            .as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap();
    assert_eq!(sum.to_string(), total);
    assert!(current["number"].as_str().unwrap().starts_with("INV-"));
    assert_eq!(current["period"].as_str().unwrap().len(), 7);
    assert_eq!(first["data"][1]["status"], "paid");

    let id = current["id"].as_u64().unwrap();
    let (status, one) = get_json(&sandbox, &format!("/invoices/{id}"), TOKEN).await;
    assert_eq!((status, &one), (200, current));
    for missing in ["/invoices/1", "/invoices/abc"] {
        let (status, _) = get_json(&sandbox, missing, TOKEN).await;
        assert_eq!(status, 404);
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn billing_contact_updates_show_on_the_team() {
    let sandbox = start().await;
    let update = json!({"billing_email": "ap@example.com", "billing_city": "Española", "billing_state": "NM", "billing_zip": "87532"});
    let response = call(
        &sandbox,
        Method::PUT,
        "/accounts/billing",
        TOKEN,
        Some(update),
    )
    .await;
    assert_eq!(response.status(), 200);
    let (_, teams) = get_json(&sandbox, "/accounts/teams", TOKEN).await;
    assert_eq!(teams[0]["billing_city"], "Española");
    assert_eq!(teams[0]["billing_email"], "ap@example.com");
    for junk in [
        json!({}),
        json!({"billing_zip": "12"}),
        json!({"card_number": "4242424242424242"}),
        json!(["x"]),
    ] {
        let response = call(
            &sandbox,
            Method::PUT,
            "/accounts/billing",
            TOKEN,
            Some(junk.clone()),
        )
        .await;
        assert_eq!(response.status(), 422, "{junk}");
    }
    sandbox.shutdown().await;
}

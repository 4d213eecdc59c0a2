//! Widget scripts and endpoints, the registration + decrypt flow, the demo
//! world, and state persistence across restarts.

mod common;

use clearchecks_sandbox::{
    Sandbox, SandboxConfig, DEMO_PLATFORM_API_TOKEN, DEMO_PRIVATE_KEY, DEMO_SOURCE_TOKEN,
    DEMO_TOKEN,
};
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn widget_scripts_are_served_with_cors_and_api_without() {
    let sandbox = start().await;
    for (file, global) in [
        ("report.js", "ClearChecksReportWidget"),
        ("applicant-form-widget.js", "ClearChecksApplicantWidget"),
        ("registration-widget.js", "ClearChecksWidget"),
    ] {
        let response = client()
            .get(format!("{}/js/widgets/{file}", sandbox.origin()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["access-control-allow-origin"], "*");
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript"));
        let text = response.text().await.unwrap();
        assert!(text.contains(&format!("window.{global} =")), "{file}");
        assert!(
            !text.contains("innerHTML"),
            "{file} must insert text safely"
        );
    }
    let missing = client()
        .get(format!("{}/js/widgets/nope.js", sandbox.origin()))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let preflight = client()
        .request(
            Method::OPTIONS,
            format!("{}/_widget/register", sandbox.origin()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    assert!(preflight.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn report_widget_tokens_are_single_use() {
    let sandbox = start().await;
    let key = place(&sandbox, TOKEN, &["viewer+records@example.com"])
        .await
        .remove(0);
    sandbox.control().submit_applicant(&key);
    sandbox.control().advance(&key);
    let (status, minted) = get_json(&sandbox, &format!("/report/{key}/widget-token"), TOKEN).await;
    assert_eq!(status, 200);
    let token = minted["report_token"].as_str().unwrap();
    assert_eq!(token.split('.').count(), 3, "JWT-looking");
    let open = |t: String| {
        let url = format!("{}/_widget/report", sandbox.origin());
        async move {
            client()
                .get(url)
                .query(&[("token", t)])
                .send()
                .await
                .unwrap()
        }
    };
    let first = open(token.to_owned()).await;
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["access-control-allow-origin"], "*");
    let body: Value = first.json().await.unwrap();
    assert_eq!(body["report"]["report_key"], key.as_str());
    assert!(
        body["report"]["criminal_records"]["count"]
            .as_u64()
            .unwrap()
            >= 1
    );
    assert_eq!(open(token.to_owned()).await.status(), 410, "reuse");
    assert_eq!(
        open("made.up.token".to_owned()).await.status(),
        401,
        "unknown"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn applicant_form_moves_a_to_p_once() {
    let sandbox = start().await;
    let key = place(&sandbox, TOKEN, &["form@example.com"])
        .await
        .remove(0);
    let url = format!("{}/_widget/applicant/{key}", sandbox.origin());
    let info: Value = client()
        .get(&url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (info["status"].as_str(), info["applicant_email"].as_str()),
        (Some("A"), Some("form@example.com"))
    );

    let invalid = client()
        .post(&url)
        .json(&json!({"first_name": "Zoë"}))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), 422);
    let form = json!({
        "first_name": "Zoë", "last_name": "Nguyễn", "dob": "1990-04-12", "ssn": "123-45-6789",
        "street": "12 Peña Blvd", "city": "Denver", "state": "co", "zipcode": "80202"
    });
    let ok = client().post(&url).json(&form).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    let body: Value = ok.json().await.unwrap();
    assert_eq!(
        (
            body["report_key"].as_str(),
            body["application_complete"].as_str()
        ),
        (Some(key.as_str()), Some("1"))
    );
    assert!(body["created_at"].is_string());
    assert_eq!(
        client()
            .post(&url)
            .json(&form)
            .send()
            .await
            .unwrap()
            .status(),
        409
    );

    let (_, list) = get_json(&sandbox, "/reports/all", TOKEN).await;
    assert_eq!(list["data"][0]["applicant_first_name"], "Zoë");
    assert_eq!(list["data"][0]["status"], "P");
    let (_, report) = get_json(&sandbox, &format!("/report/{key}"), TOKEN).await;
    assert_eq!(report["subject"]["ssn"], "XXX-XX-6789");

    let page = client()
        .get(format!("{}/invite/{key}", sandbox.origin()))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    let html = page.text().await.unwrap();
    assert!(
        html.contains("form@example.com") && html.contains("/js/widgets/applicant-form-widget.js")
    );
    assert!(!html.contains("<script>"), "no inline scripts");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn registration_then_decrypt_yields_a_working_key_once() {
    let sandbox = Sandbox::start(SandboxConfig::demo()).await.unwrap();
    let register = |source: &str| {
        let url = format!("{}/_widget/register", sandbox.origin());
        let body = json!({"source_token": source, "company_name": "Ærø Bikes", "first_name": "Søren", "last_name": "Østergaard", "email": "soren@example.com"});
        async move { client().post(url).json(&body).send().await.unwrap() }
    };
    assert_eq!(register("wrong-source").await.status(), 403);
    let response = register(DEMO_SOURCE_TOKEN).await;
    assert_eq!(response.status(), 201);
    let token = response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();

    let decrypt = |api_token: &'static str, private_key: &'static str| {
        let body = json!({"token": token, "private_key": private_key});
        let sandbox = &sandbox;
        async move {
            call(
                sandbox,
                Method::POST,
                "/token/decrypt",
                api_token,
                Some(body),
            )
            .await
        }
    };
    assert_eq!(
        decrypt(DEMO_TOKEN, DEMO_PRIVATE_KEY).await.status(),
        403,
        "not a platform"
    );
    assert_eq!(
        decrypt(DEMO_PLATFORM_API_TOKEN, "wrong-key").await.status(),
        422
    );
    let response = decrypt(DEMO_PLATFORM_API_TOKEN, DEMO_PRIVATE_KEY).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let api_key = body["api_key"].as_str().unwrap().to_owned();
    assert!(body["account_id"].as_u64().is_some());
    assert_eq!(
        decrypt(DEMO_PLATFORM_API_TOKEN, DEMO_PRIVATE_KEY)
            .await
            .status(),
        422,
        "once only"
    );

    let (status, account) = get_json(&sandbox, "/accounts", &api_key).await;
    assert_eq!(
        (status, account["company_name"].as_str()),
        (200, Some("Ærø Bikes"))
    );
    let (_, orders) = get_json(&sandbox, "/reports/all", &api_key).await;
    assert_eq!(orders["total"], 12, "a new account comes with seeded data");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_demo_world_covers_every_status() {
    let sandbox = Sandbox::start(SandboxConfig::demo()).await.unwrap();
    let orders = sandbox.control().orders_of(DEMO_TOKEN);
    assert_eq!(orders.len(), 400);
    for letter in ["A", "P", "R", "C", "V", "X"] {
        assert!(
            orders.iter().any(|o| o.status.letter() == letter),
            "{letter}"
        );
    }
    assert!(orders.iter().any(|o| o.flagged_for_end_user_review));
    assert!(orders.iter().any(|o| o
        .applicant
        .as_ref()
        .is_some_and(|a| !a.last_name.is_ascii())));
    let (status, _) = get_json(&sandbox, "/invoices", DEMO_TOKEN).await;
    assert_eq!(status, 200);
    let index = client()
        .get(format!("{}/", sandbox.origin()))
        .send()
        .await
        .unwrap();
    assert_eq!(index.status(), 200);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn state_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("cc-sandbox-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    let _ = std::fs::remove_file(&path);
    let config = || common::config().state_file(path.clone());

    let sandbox = Sandbox::start(config()).await.unwrap();
    let key = place(&sandbox, TOKEN, &["persist@example.com"])
        .await
        .remove(0);
    sandbox.control().submit_applicant(&key);
    let before = sandbox.control().orders_of(TOKEN);
    let update = json!({"billing_city": "Denver"});
    assert_eq!(
        call(
            &sandbox,
            Method::PUT,
            "/accounts/billing",
            TOKEN,
            Some(update)
        )
        .await
        .status(),
        200
    );
    sandbox.shutdown().await;
    assert!(path.exists());

    let restarted = Sandbox::start(config()).await.unwrap();
    assert_eq!(restarted.control().orders_of(TOKEN), before);
    let (status, body) = get_json(&restarted, &format!("/reports/{key}/status"), TOKEN).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("P")));
    let (_, teams) = get_json(&restarted, "/accounts/teams", TOKEN).await;
    assert_eq!(teams[0]["billing_city"], "Denver");
    restarted.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

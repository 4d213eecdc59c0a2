//! Helpers shared by the integration tests: start a sandbox, call it with reqwest.

#![allow(dead_code)]

use clearchecks_sandbox::{Sandbox, SandboxConfig};
use reqwest::{Client, Method, Response};
use serde_json::{json, Value};

pub const TOKEN: &str = "test-token-NOT-A-SECRET-one";
pub const OTHER_TOKEN: &str = "test-token-NOT-A-SECRET-two";

/// Two accounts (10 and 3 seeded orders), manual progression, generous limit.
pub fn config() -> SandboxConfig {
    SandboxConfig::empty()
        .account(TOKEN, "Zoë's Staffing Co.", 10)
        .account(OTHER_TOKEN, "Other Co", 3)
        .rate_limit(10_000, std::time::Duration::from_secs(60))
}

pub async fn start() -> Sandbox {
    Sandbox::start(config()).await.expect("sandbox starts")
}

pub fn client() -> Client {
    // reqwest's rustls needs a crypto provider (the ClearChecks client installs the same one).
    let _ = rustls::crypto::ring::default_provider().install_default();
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// `METHOD {api_base}{path}?api_token=TOKEN` with an optional JSON body.
pub async fn call(
    sandbox: &Sandbox,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Response {
    let url = format!("{}{path}", sandbox.api_base());
    let mut request = client()
        .request(method, url)
        .query(&[("api_token", token)])
        .header("Accept", "application/json");
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("request is answered")
}

pub async fn get_json(sandbox: &Sandbox, path: &str, token: &str) -> (u16, Value) {
    let response = call(sandbox, Method::GET, path, token, None).await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON body"))
}

pub fn order_body(emails: &[&str]) -> Value {
    json!({
        "report_sku": "HIRE2",
        "applicant_emails": emails,
        "order_quantity": emails.len(),
        "terms_agree": "Y",
        "drug_test": "Y",
        "drug_sku": "drug9",
        "mvr": "Y",
        "blj": "Y",
    })
}

/// Places an order and returns the new report keys.
pub async fn place(sandbox: &Sandbox, token: &str, emails: &[&str]) -> Vec<String> {
    let response = call(
        sandbox,
        Method::POST,
        "/orders/new",
        token,
        Some(order_body(emails)),
    )
    .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    body["applicants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["report_key"].as_str().unwrap().to_owned())
        .collect()
}

//! The quirk profiles, seen raw from outside (what each one really sends), their `/_sim`
//! control, and the request log's headers, query and listener.

mod common;

use clearchecks_sandbox::{Quirk, Sandbox};
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

async fn with(quirks: &[Quirk]) -> Sandbox {
    Sandbox::start(config().per_page(4).quirks(quirks.iter().copied()))
        .await
        .unwrap()
}

async fn raw(sandbox: &Sandbox, method: Method, path: &str, token: &str) -> reqwest::Response {
    call(sandbox, method, path, token, None).await
}

#[tokio::test]
async fn quirks_are_switched_at_run_time_through_sim() {
    let sandbox = with(&[]).await;
    let url = format!("{}/_sim/quirks", sandbox.origin());
    let set = client()
        .put(&url)
        .json(&json!({"quirks": ["bare-array", "utf8-bom"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    let now: Value = client()
        .get(&url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(now["quirks"], json!(["bare-array", "utf8-bom"]));
    assert!(now["available"].as_array().unwrap().len() >= 17);
    assert_eq!(
        sandbox.control().quirks(),
        [Quirk::BareArray, Quirk::Utf8Bom]
    );
    let unknown = client()
        .put(&url)
        .json(&json!({"quirks": ["nope"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 422);
    assert_eq!(sandbox.control().quirks().len(), 2, "nothing changed");
    sandbox.control().set_quirks([]);
    let (_, page) = get_json(&sandbox, "/reports/all", TOKEN).await;
    assert_eq!(page["current_page"], 1, "back to the contract's paginator");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn redirects_login_and_canonical() {
    let sandbox = with(&[Quirk::LoginRedirect]).await;
    let response = raw(&sandbox, Method::GET, "/accounts", "wrong-token").await;
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()["location"],
        format!("{}/login", sandbox.origin())
    );
    assert!(response.text().await.unwrap().contains("Redirecting to"));
    let login = client()
        .get(format!("{}/login", sandbox.origin()))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    assert_eq!(
        raw(&sandbox, Method::GET, "/accounts", TOKEN)
            .await
            .status(),
        200
    );
    sandbox.control().set_quirks([Quirk::CanonicalRedirect]);
    let get = raw(&sandbox, Method::GET, "/accounts", TOKEN).await;
    assert_eq!(get.status(), 301);
    let location = get.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/api/accounts/?api_token="),
        "{location}"
    );
    let post = raw(&sandbox, Method::POST, "/orders/new", TOKEN).await;
    assert_eq!(post.status(), 308);
    assert_eq!(
        raw(&sandbox, Method::GET, "/accounts/", TOKEN)
            .await
            .status(),
        200
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_500_after_commit_keeps_the_order() {
    let sandbox = with(&[Quirk::ServerErrorAfterCommit]).await;
    let before = sandbox.control().orders_of(TOKEN).len();
    let response = call(
        &sandbox,
        Method::POST,
        "/orders/new",
        TOKEN,
        Some(order_body(&["kept@example.com"])),
    )
    .await;
    assert_eq!(response.status(), 500);
    assert_eq!(sandbox.control().orders_of(TOKEN).len(), before + 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn bodies_wrapped_labelled_html_with_a_bom() {
    let sandbox = with(&[Quirk::DataWrapper, Quirk::TextHtmlJson, Quirk::Utf8Bom]).await;
    let response = raw(&sandbox, Method::GET, "/accounts", TOKEN).await;
    assert_eq!(
        response.headers()["content-type"],
        "text/html; charset=UTF-8"
    );
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF{\"data\":{"), "{bytes:?}");
    let list = raw(&sandbox, Method::GET, "/reports/all", TOKEN)
        .await
        .bytes()
        .await
        .unwrap();
    let list: Value = serde_json::from_slice(&list[3..]).unwrap();
    assert_eq!(list["status"], "success");
    assert_eq!(list["data"]["data"].as_array().unwrap().len(), 4);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn foreign_error_bodies() {
    let sandbox = with(&[Quirk::NonLaravelErrors]).await;
    let unauthorized = raw(&sandbox, Method::GET, "/accounts", "wrong").await;
    assert_eq!(unauthorized.status(), 401);
    let body: Value = unauthorized.json().await.unwrap();
    assert_eq!(body["error"], "invalid_token");
    let missing = raw(&sandbox, Method::GET, "/reports/nope/status", TOKEN).await;
    assert_eq!(missing.status(), 404);
    assert!(missing.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert_eq!(
        missing.text().await.unwrap(),
        "Not Found: Report not found."
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_log_records_headers_queries_and_listeners() {
    let sandbox = with(&[]).await;
    client()
        .get(format!(
            "{}/accounts?api_token={TOKEN}&x=1",
            sandbox.api_base()
        ))
        .header("Referer", "https://leak.example/?api_token=oops")
        .send()
        .await
        .unwrap();
    let url = format!("{}/_files/k.pdf?expires=1&sig=s", sandbox.files_origin());
    client().get(&url).send().await.unwrap();
    let log: Vec<Value> = client()
        .get(format!("{}/_sim/requests", sandbox.origin()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let api = &log[0];
    assert_eq!(api["query"], format!("api_token=<redacted>&x=1"));
    assert_eq!(api["listener"], "api");
    let headers = api["headers"].as_array().unwrap();
    assert!(
        headers.contains(&json!(["referer", "https://leak.example/?api_token=oops"])),
        "headers are kept as received, for the leak scan: {headers:?}"
    );
    let file = &log[1];
    assert_eq!(
        (file["route"].clone(), file["listener"].clone()),
        (json!("files.pdf"), json!("files"))
    );
    assert_eq!(
        file["query"], "expires=1&sig=s",
        "the file host's URL as received"
    );
    sandbox.shutdown().await;
}

//! The gateway in front of every route: names the route, resolves the caller
//! and applies the rate limit (API only), injects faults, applies the quirk
//! profiles to `/api` answers, adds CORS headers for widget paths, and records
//! the request (with every header) in the log.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use http_body_util::BodyExt;

use crate::api::auth::{token_from, Caller};
use crate::api::errors::json_message;
use crate::broken_body::{DropConnection, TruncatedBody};
use crate::faults::Fault;
use crate::quirks::{self, Quirk};
use crate::rate_limit::Decision;
use crate::request_log::RecordedRequest;
use crate::routes::{self, Area, RouteInfo};
use crate::server::{HadTrailingSlash, ListenerName};
use crate::shared::{lock, Shared};

pub(crate) async fn gateway(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    let route = routes::classify(&path);
    if route.area == Area::Control {
        return next.run(req).await;
    }
    let method = req.method().as_str().to_owned();
    let at = Utc::now();
    let listener = req
        .extensions()
        .get::<ListenerName>()
        .map_or("api", |l| l.0)
        .to_owned();
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let query = req.uri().query().map(|q| {
        if route.area == Area::Api {
            redact_api_token(q)
        } else {
            q.to_owned()
        }
    });
    let (response, fault) = match route.area {
        Area::Api => api_request(&shared, route, req, next).await,
        _ => web_request(&shared, route, req, next).await,
    };
    let status = if response.extensions().get::<DropConnection>().is_some() {
        0
    } else {
        response.status().as_u16()
    };
    lock(&shared.log).record(RecordedRequest {
        method,
        path,
        query,
        headers,
        listener,
        route: route.name.to_owned(),
        status,
        at,
        fault: fault.map(|f| fault_kind(&f).to_owned()),
    });
    response
}

/// `api_token=<redacted>` in an `/api` query (the one place the token belongs).
fn redact_api_token(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("api_token") => format!("{key}=<redacted>"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

async fn api_request(
    shared: &Arc<Shared>,
    route: RouteInfo,
    req: Request,
    next: Next,
) -> (Response, Option<Fault>) {
    let quirks = shared.quirks();
    if quirks.contains(&Quirk::CanonicalRedirect)
        && req.extensions().get::<HadTrailingSlash>().is_none()
    {
        // The web server's rewrite, before the app (and its rate limit) sees anything.
        let response =
            quirks::canonical_redirect(req.method(), req.uri().path(), req.uri().query());
        return (response, None);
    }
    let (response, fault) = api_call(shared, &quirks, route, req, next).await;
    let damaged = matches!(
        fault,
        Some(Fault::MalformedJson | Fault::TruncatedBody | Fault::DropConnection { .. })
    );
    let response = quirks::reshape_response(&quirks, route.name, response, damaged).await;
    (response, fault)
}

async fn api_call(
    shared: &Arc<Shared>,
    quirks: &quirks::QuirkSet,
    route: RouteInfo,
    mut req: Request,
    next: Next,
) -> (Response, Option<Fault>) {
    let token = token_from(&req).filter(|t| !lock(&shared.revoked_tokens).contains(t));
    let account_id = token.and_then(|t| shared.read(|w| w.account_by_token(&t).map(|a| a.id)));
    if account_id.is_none() && quirks.contains(&Quirk::LoginRedirect) {
        return (quirks::login_redirect(&shared.origin), None);
    }
    let limiter_key = match account_id {
        Some(id) => format!("account:{id}"),
        None => format!(
            "ip:{}",
            peer_of(&req)
                .map(|p| p.ip().to_string())
                .unwrap_or_default()
        ),
    };
    // tokio's clock: the same as the system's, except in a test on a paused clock
    // (`start_paused`), where the window follows the test's simulated time.
    let now = tokio::time::Instant::now().into_std();
    let decision = lock(&shared.limiter).hit(&limiter_key, now);
    if !decision.allowed {
        return (
            too_many_attempts(
                decision.limit,
                decision.retry_after_secs,
                decision.reset_epoch,
            ),
            None,
        );
    }
    req.extensions_mut().insert(Caller { account_id });
    let fault = lock(&shared.faults).take(route.name, true);
    let mut response = with_fault(fault.clone(), decision.limit, req, next).await;
    if route.name == "orders.new"
        && response.status().is_success()
        && quirks.contains(&Quirk::ServerErrorAfterCommit)
    {
        // The order is committed; then the invitation mail (or a listener) throws.
        response = status_fault(500);
    }
    if !matches!(fault, Some(Fault::RateLimitStorm { .. })) {
        add_rate_headers(response.headers_mut(), decision);
    }
    (response, fault)
}

async fn web_request(
    shared: &Arc<Shared>,
    route: RouteInfo,
    req: Request,
    next: Next,
) -> (Response, Option<Fault>) {
    let cors = route.name.starts_with("widget.");
    if cors && req.method() == Method::OPTIONS {
        let mut response = StatusCode::NO_CONTENT.into_response();
        add_cors(response.headers_mut(), true);
        return (response, None);
    }
    let fault = lock(&shared.faults).take(route.name, false);
    let limit = lock(&shared.limiter).limit();
    let mut response = with_fault(fault.clone(), limit, req, next).await;
    if cors {
        add_cors(response.headers_mut(), false);
    }
    (response, fault)
}

/// Runs the request through `next`, shaped by `fault`.
async fn with_fault(fault: Option<Fault>, limit: u32, req: Request, next: Next) -> Response {
    let Some(fault) = fault else {
        return next.run(req).await;
    };
    match fault {
        Fault::Latency { ms } => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(req).await
        }
        Fault::Status { code } => status_fault(code),
        Fault::RateLimitStorm { retry_after_secs } => {
            let reset = Utc::now().timestamp().max(0) as u64 + retry_after_secs;
            // A storm does not consume the caller's real budget.
            too_many_attempts(limit, retry_after_secs.max(1), reset)
        }
        Fault::DropConnection {
            after_processing: false,
        } => dropped(),
        Fault::DropConnection {
            after_processing: true,
        } => {
            let _ = next.run(req).await;
            dropped()
        }
        Fault::MalformedJson => {
            let _ = next.run(req).await;
            let mut response = (
                StatusCode::OK,
                "{\"data\": [{\"report_key\": \"abc\", \"status\": C,,}",
            )
                .into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Fault::TruncatedBody => {
            let response = next.run(req).await;
            let (parts, body) = response.into_parts();
            let full: Bytes = body
                .collect()
                .await
                .map(|c| c.to_bytes())
                .unwrap_or_default();
            let mut response = Response::from_parts(parts, Body::new(TruncatedBody::new(full)));
            // Let hyper take the length from the body's size hint (the full length).
            response.headers_mut().remove(header::CONTENT_LENGTH);
            response
        }
    }
}

fn dropped() -> Response {
    let mut response = Response::new(Body::empty());
    response.extensions_mut().insert(DropConnection);
    response
}

fn status_fault(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let message = match status.as_u16() {
        500 => "Server Error",
        503 => "Service Unavailable",
        _ => status.canonical_reason().unwrap_or("Server Error"),
    };
    json_message(status, message)
}

pub(crate) fn too_many_attempts(limit: u32, retry_after_secs: u64, reset_epoch: u64) -> Response {
    let mut response = json_message(StatusCode::TOO_MANY_REQUESTS, "Too Many Attempts.");
    let headers = response.headers_mut();
    set(headers, "x-ratelimit-limit", limit.to_string());
    set(headers, "x-ratelimit-remaining", "0".to_owned());
    set(headers, "retry-after", retry_after_secs.to_string());
    set(headers, "x-ratelimit-reset", reset_epoch.to_string());
    response
}

fn add_rate_headers(headers: &mut HeaderMap, decision: Decision) {
    set(headers, "x-ratelimit-limit", decision.limit.to_string());
    set(
        headers,
        "x-ratelimit-remaining",
        decision.remaining.to_string(),
    );
}

fn add_cors(headers: &mut HeaderMap, preflight: bool) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    if preflight {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("Content-Type"),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
    }
}

fn set(headers: &mut HeaderMap, name: &'static str, value: String) {
    if let Ok(value) = HeaderValue::from_str(&value) {
        headers.insert(HeaderName::from_static(name), value);
    }
}

pub(crate) fn peer_of(req: &Request) -> Option<SocketAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0)
}

fn fault_kind(fault: &Fault) -> &'static str {
    match fault {
        Fault::Latency { .. } => "latency",
        Fault::Status { .. } => "status",
        Fault::RateLimitStorm { .. } => "rate_limit_storm",
        Fault::MalformedJson => "malformed_json",
        Fault::TruncatedBody => "truncated_body",
        Fault::DropConnection { .. } => "drop_connection",
    }
}

//! `/_sim/*`: JSON controls mirroring `SandboxControl`, for out-of-process
//! users (e2e tests, the binary). No token needed; refused unless the caller
//! is on a loopback address.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use serde_json::{json, Value};

use crate::api::errors::{json_message, ApiError};
use crate::faults::FaultRule;
use crate::gateway::peer_of;
use crate::model::AdverseStage;
use crate::quirks::{Quirk, QuirkSet};
use crate::shared::{lock, Shared};

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_sim/requests", get(requests))
        .route("/_sim/counts", get(counts))
        .route("/_sim/reset-log", post(reset_log))
        .route("/_sim/reports/{key}/submit", post(submit))
        .route("/_sim/reports/{key}/advance", post(advance))
        .route("/_sim/reports/{key}/adverse", post(adverse))
        .route("/_sim/ratelimit", post(rate_limit))
        .route("/_sim/tokens/{token}/revoke", post(revoke_token))
        .route("/_sim/tokens/{token}/restore", post(restore_token))
        .route(
            "/_sim/faults",
            get(list_faults).put(set_fault).delete(clear_faults),
        )
        .route("/_sim/quirks", get(list_quirks).put(set_quirks))
        .route_layer(middleware::from_fn(loopback_only))
}

async fn loopback_only(req: Request, next: Next) -> Response {
    match peer_of(&req) {
        Some(peer) if peer.ip().is_loopback() => next.run(req).await,
        _ => json_message(
            StatusCode::FORBIDDEN,
            "Simulator controls are only available from this machine.",
        ),
    }
}

async fn requests(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!(lock(&shared.log).entries()))
}

async fn counts(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let counts: serde_json::Map<String, Value> = lock(&shared.log)
        .counts()
        .into_iter()
        .map(|(k, n)| (k, json!(n)))
        .collect();
    Json(Value::Object(counts))
}

async fn reset_log(State(shared): State<Arc<Shared>>) -> StatusCode {
    lock(&shared.log).clear();
    StatusCode::NO_CONTENT
}

fn transition_result(shared: &Shared, key: &str, moved: bool) -> Response {
    match shared.read(|w| w.order(key).map(|o| o.status.letter())) {
        None => ApiError::NotFound("Report not found.").into_response(),
        Some(status) if moved => Json(json!({ "report_key": key, "status": status })).into_response(),
        Some(status) => (
            StatusCode::CONFLICT,
            Json(json!({ "message": format!("The report is in status {status}; that transition does not apply."), "status": status })),
        )
            .into_response(),
    }
}

async fn submit(State(shared): State<Arc<Shared>>, Path(key): Path<String>) -> Response {
    let moved = shared.write(|w| w.submit(&key, None, Utc::now()).is_ok());
    transition_result(&shared, &key, moved)
}

async fn advance(State(shared): State<Arc<Shared>>, Path(key): Path<String>) -> Response {
    let moved = shared.write(|w| w.advance(&key, Utc::now()));
    transition_result(&shared, &key, moved)
}

async fn adverse(
    State(shared): State<Arc<Shared>>,
    Path(key): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let stage = match query.get("stage").map(String::as_str) {
        Some("pre") => AdverseStage::Pre,
        Some("final") => AdverseStage::Final,
        _ => return ApiError::field("stage", "The stage must be pre or final.").into_response(),
    };
    let moved = shared.write(|w| w.adverse(&key, stage));
    transition_result(&shared, &key, moved)
}

async fn rate_limit(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(limit) = query.get("limit").and_then(|l| l.parse::<u32>().ok()) else {
        return ApiError::field("limit", "The limit must be a whole number.").into_response();
    };
    let window_secs = match query.get("window_secs") {
        None => 60.0,
        Some(w) => match w.parse::<f64>() {
            Ok(secs) if secs > 0.0 && secs.is_finite() => secs,
            _ => {
                return ApiError::field(
                    "window_secs",
                    "The window must be a positive number of seconds.",
                )
                .into_response()
            }
        },
    };
    lock(&shared.limiter).configure(limit, Duration::from_secs_f64(window_secs));
    Json(json!({ "limit": limit, "window_secs": window_secs })).into_response()
}

/// `{"quirks": ["eloquent", …], "available": ["eloquent", …]}`.
async fn list_quirks(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let available: Vec<&str> = Quirk::ALL.iter().map(|q| q.name()).collect();
    Json(json!({ "quirks": shared.quirks(), "available": available }))
}

/// `{"quirks": [...]}` (names) replaces the profiles in effect; `[]` restores the contract's
/// shapes. 422 for an unknown name, nothing changed.
async fn set_quirks(State(shared): State<Arc<Shared>>, body: axum::body::Bytes) -> Response {
    #[derive(serde::Deserialize)]
    struct Body {
        quirks: Vec<String>,
    }
    let parsed = serde_json::from_slice::<Body>(&body)
        .map_err(|e| format!("expected {{\"quirks\": [names]}}: {e}"))
        .and_then(|b| {
            b.quirks
                .iter()
                .map(|n| n.parse::<Quirk>())
                .collect::<Result<QuirkSet, _>>()
        });
    match parsed {
        Ok(quirks) => {
            *lock(&shared.quirks) = quirks;
            list_quirks(State(shared)).await.into_response()
        }
        Err(e) => ApiError::field("quirks", e).into_response(),
    }
}

async fn list_faults(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!(lock(&shared.faults).list()))
}

async fn set_fault(State(shared): State<Arc<Shared>>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<FaultRule>(&body) {
        Ok(rule) => {
            lock(&shared.faults).set(rule.clone());
            Json(json!(rule)).into_response()
        }
        Err(e) => ApiError::field("fault", format!("Invalid fault: {e}")).into_response(),
    }
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> StatusCode {
    lock(&shared.faults).clear();
    StatusCode::NO_CONTENT
}

/// Marks `token` revoked (or accepted again). False when no account has it.
pub(crate) fn set_revoked(shared: &Shared, token: &str, revoked: bool) -> bool {
    if shared.read(|w| w.account_by_token(token).is_none()) {
        return false;
    }
    let mut set = lock(&shared.revoked_tokens);
    if revoked {
        set.insert(token.to_owned());
    } else {
        set.remove(token);
    }
    true
}

fn token_result(found: bool, revoked: bool) -> Response {
    if found {
        Json(json!({ "revoked": revoked })).into_response()
    } else {
        ApiError::NotFound("No account has this token.").into_response()
    }
}

async fn revoke_token(State(shared): State<Arc<Shared>>, Path(token): Path<String>) -> Response {
    token_result(set_revoked(&shared, &token, true), true)
}

async fn restore_token(State(shared): State<Arc<Shared>>, Path(token): Path<String>) -> Response {
    token_result(set_revoked(&shared, &token, false), false)
}

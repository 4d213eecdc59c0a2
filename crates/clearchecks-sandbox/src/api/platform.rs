//! `POST /token/decrypt`: a platform (authenticated with its own api token)
//! turns the registration widget's opaque token into the new account's api
//! key, once, by proving it holds the platform's private key.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use super::auth::Authed;
use super::errors::{ApiError, Validator};
use super::json_body;
use crate::shared::Shared;

pub(crate) async fn decrypt(
    State(shared): State<Arc<Shared>>,
    Authed(id): Authed,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let caller_token = shared
        .read(|w| w.account(id).map(|a| a.api_token.clone()))
        .ok_or(ApiError::Unauthenticated)?;
    let platform = shared
        .platforms
        .iter()
        .find(|p| p.api_token == caller_token)
        .ok_or(ApiError::Forbidden(
            "This account is not a platform partner.",
        ))?;
    let input = json_body::object(&body);
    let mut v = Validator::default();
    let token = json_body::string(&input, "token");
    let private_key = json_body::string(&input, "private_key");
    if token.is_none() {
        v.fail("token", "The token field is required.");
    }
    match private_key {
        None => v.fail("private_key", "The private key field is required."),
        Some(k) if k != platform.private_key => {
            v.fail("private_key", "The private key is invalid.")
        }
        Some(_) => {}
    }
    v.finish()?;
    let token = token.unwrap_or_default();
    let source = platform.source_token.clone();
    let result = shared.write(|w| {
        let account_id = w.redeem_registration(token, &source)?;
        w.account(account_id).map(|a| (a.api_token.clone(), a.id))
    });
    match result {
        Some((api_key, account_id)) => Ok(Json(
            json!({ "api_key": api_key, "account_id": account_id }),
        )),
        None => Err(ApiError::field(
            "token",
            "The token is invalid or has already been used.",
        )),
    }
}

//! Who is calling: the `api_token` query parameter (the documented way) or an
//! `Authorization: Bearer` header, resolved to an account by the gateway and
//! required by handlers through the `Authed` extractor.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Query, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::errors::ApiError;

/// Put in the request's extensions by the gateway.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Caller {
    pub account_id: Option<u64>,
}

/// The token presented by a request, if any.
pub(crate) fn token_from(req: &Request) -> Option<String> {
    let from_query = Query::<HashMap<String, String>>::try_from_uri(req.uri())
        .ok()
        .and_then(|Query(params)| params.get("api_token").cloned())
        .filter(|t| !t.is_empty());
    from_query.or_else(|| {
        let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))?;
        Some(token.trim().to_owned()).filter(|t| !t.is_empty())
    })
}

/// The authenticated account's id; rejects with 401 otherwise.
pub(crate) struct Authed(pub u64);

impl<S: Send + Sync> FromRequestParts<S> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .and_then(|c| c.account_id)
            .map(Authed)
            .ok_or(ApiError::Unauthenticated)
    }
}

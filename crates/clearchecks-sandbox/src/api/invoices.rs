//! `GET /invoices` (paginated, newest first) and `GET /invoices/{id}`: the
//! HTTP side of decision #2. The invoice model itself lives in `invoicing`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::Utc;
use serde_json::Value;

use super::auth::Authed;
use super::errors::ApiError;
use super::pagination;
use crate::shared::Shared;
use crate::{invoicing, quirks};

pub(crate) async fn index(
    State(shared): State<Arc<Shared>>,
    Authed(id): Authed,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = pagination::requested_page(query.get("page"));
    let per_page = shared.per_page;
    let path = format!("{}/api/invoices", shared.origin);
    let quirks = shared.quirks();
    shared.read(|w| {
        let account = w.account(id).ok_or(ApiError::Unauthenticated)?;
        let invoices = invoicing::invoices_for(account, w.orders_of(id), Utc::now());
        if !quirks.is_empty() {
            let all = invoices
                .iter()
                .map(|i| quirks::shape_money(&quirks, i.to_json(account)))
                .collect();
            return Ok(Json(quirks::list_response(
                &quirks, &query, &path, per_page, all,
            )));
        }
        let total = invoices.len();
        let range = pagination::bounds(page, per_page, total);
        let data = invoices[range].iter().map(|i| i.to_json(account)).collect();
        Ok(Json(pagination::envelope(
            &path, page, per_page, total, data,
        )))
    })
}

pub(crate) async fn show(
    State(shared): State<Arc<Shared>>,
    Authed(id): Authed,
    Path(invoice_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    const NOT_FOUND: ApiError = ApiError::NotFound("Invoice not found.");
    let invoice_id: u64 = invoice_id.parse().map_err(|_| NOT_FOUND)?;
    let quirks = shared.quirks();
    shared.read(|w| {
        let account = w.account(id).ok_or(ApiError::Unauthenticated)?;
        invoicing::invoices_for(account, w.orders_of(id), Utc::now())
            .into_iter()
            .find(|i| i.id == invoice_id)
            .map(|i| Json(quirks::shape_money(&quirks, i.to_json(account))))
            .ok_or(NOT_FOUND)
    })
}

//! The `/api` routes of the ClearChecks contract.

pub(crate) mod accounts;
pub(crate) mod auth;
pub(crate) mod errors;
mod invoices;
pub(crate) mod json_body;
mod orders;
pub(crate) mod pagination;
mod platform;
mod reports;

use std::sync::Arc;

use axum::routing::{get, post, put};
use axum::Router;

use crate::shared::Shared;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/accounts", get(accounts::show))
        .route("/api/accounts/teams", get(accounts::teams))
        .route("/api/accounts/billing", put(accounts::update_billing))
        .route("/api/orders/new", post(orders::create))
        .route("/api/reports/all", get(reports::index))
        .route("/api/reports/{key}/status", get(reports::status))
        .route("/api/report/{key}", get(reports::show))
        .route("/api/report/{key}/widget-token", get(reports::widget_token))
        .route("/api/report/{key}/pdf", get(reports::pdf))
        .route("/api/token/decrypt", post(platform::decrypt))
        .route("/api/invoices", get(invoices::index))
        .route("/api/invoices/{id}", get(invoices::show))
}

//! Assembles the full router: `/api`, pages and widgets, files, controls,
//! the Laravel-shaped 404/405 fallbacks, and the gateway around all of it.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::Response;
use axum::Router;

use crate::api::errors::json_message;
use crate::shared::Shared;
use crate::{api, gateway, routes, sim_routes, web};

/// The second listener: the "file host" that signed PDF URLs point at.
pub(crate) fn files_router(shared: Arc<Shared>) -> Router {
    web::files_router()
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            gateway::gateway,
        ))
        .with_state(shared)
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .merge(api::router())
        .merge(web::router())
        .merge(sim_routes::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            gateway::gateway,
        ))
        .with_state(shared)
}

async fn not_found(req: Request) -> Response {
    let path = req.uri().path().trim_start_matches('/');
    json_message(
        StatusCode::NOT_FOUND,
        &format!("The route {path} could not be found."),
    )
}

async fn method_not_allowed(req: Request) -> Response {
    let path = req.uri().path();
    let allowed = routes::classify(path).methods.join(", ");
    let message = format!(
        "The {} method is not supported for route {}. Supported methods: {allowed}.",
        req.method(),
        path.trim_start_matches('/')
    );
    json_message(StatusCode::METHOD_NOT_ALLOWED, &message)
}

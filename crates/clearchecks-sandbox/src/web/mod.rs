//! The console-host side of the simulator: the index and invite pages, the
//! three widget scripts and their JSON endpoints, static assets, and the
//! signed PDF files.

mod assets;
pub(crate) mod files;
mod pages;
mod widget_api;

use std::sync::Arc;

use axum::routing::get;
use axum::Router;

use crate::shared::Shared;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/", get(pages::index))
        .route("/invite/{key}", get(pages::invite))
        .route("/login", get(pages::login))
        .route("/js/widgets/{file}", get(assets::widget_script))
        .route("/js/{file}", get(assets::page_script))
        .route("/css/{file}", get(assets::stylesheet))
        .route("/img/{file}", get(assets::image))
        .route("/_widget/report", get(widget_api::report))
        .route(
            "/_widget/applicant/{key}",
            get(widget_api::applicant_info).post(widget_api::applicant_submit),
        )
        .route(
            "/_widget/register",
            axum::routing::post(widget_api::register),
        )
}

/// The file host: only the signed files.
pub(crate) fn files_router() -> Router<Arc<Shared>> {
    Router::new().route("/_files/{file}", get(files::download))
}

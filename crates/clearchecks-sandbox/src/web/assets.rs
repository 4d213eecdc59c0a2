//! Static files compiled into the binary: the three widget scripts (the
//! simulator's stand-ins for the vendor's), the invite page script, the page
//! stylesheet and the team avatar.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::api::errors::json_message;

const WIDGETS: &[(&str, &str)] = &[
    ("report.js", include_str!("assets/report.js")),
    (
        "applicant-form-widget.js",
        include_str!("assets/applicant-form-widget.js"),
    ),
    (
        "registration-widget.js",
        include_str!("assets/registration-widget.js"),
    ),
];
const PAGE_SCRIPTS: &[(&str, &str)] = &[("invite.js", include_str!("assets/invite.js"))];
const STYLESHEETS: &[(&str, &str)] = &[("sandbox.css", include_str!("assets/sandbox.css"))];
const IMAGES: &[(&str, &str)] = &[("avatar.svg", include_str!("assets/avatar.svg"))];

fn serve(table: &[(&str, &'static str)], name: &str, content_type: &'static str) -> Response {
    match table.iter().find(|(n, _)| *n == name) {
        Some((_, text)) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "no-cache"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            *text,
        )
            .into_response(),
        None => json_message(StatusCode::NOT_FOUND, "File not found."),
    }
}

pub(crate) async fn widget_script(Path(file): Path<String>) -> Response {
    serve(WIDGETS, &file, "text/javascript; charset=utf-8")
}

pub(crate) async fn page_script(Path(file): Path<String>) -> Response {
    serve(PAGE_SCRIPTS, &file, "text/javascript; charset=utf-8")
}

pub(crate) async fn stylesheet(Path(file): Path<String>) -> Response {
    serve(STYLESHEETS, &file, "text/css; charset=utf-8")
}

pub(crate) async fn image(Path(file): Path<String>) -> Response {
    serve(IMAGES, &file, "image/svg+xml")
}

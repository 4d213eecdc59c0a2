//! Whole `/api` answers as the quirks shape them: the redirects (`login-redirect`,
//! `canonical-redirect`), error bodies that are not Laravel's (`non-laravel-errors`,
//! `debug-errors`), `{"data": {…}}` around single objects (`data-wrapper`), JSON sent as
//! `text/html` (`text-html-json`) and a byte-order mark before it (`utf8-bom`).

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use serde_json::{json, Value};

use super::{Quirk, QuirkSet};

/// Routes that answer one object (wrapped by `data-wrapper`; lists are wrapped where they are
/// built, and the teams list stays the contract's bare array).
const SINGLE_OBJECT_ROUTES: [&str; 8] = [
    "accounts.show",
    "accounts.billing",
    "orders.new",
    "reports.status",
    "report.show",
    "report.widget-token",
    "token.decrypt",
    "invoices.show",
];

/// What a Laravel app answers an API call with a bad token when the route sits behind the web
/// `auth` middleware: a 302 to the login page, with Symfony's redirect page as the body.
pub(crate) fn login_redirect(origin: &str) -> Response {
    let location = format!("{origin}/login");
    let body = format!(
        "<!DOCTYPE html>\n<html>\n    <head>\n        <meta charset=\"UTF-8\" />\n        \
         <meta http-equiv=\"refresh\" content=\"0;url='{location}'\" />\n\n        \
         <title>Redirecting to {location}</title>\n    </head>\n    <body>\n        \
         Redirecting to <a href=\"{location}\">{location}</a>.\n    </body>\n</html>"
    );
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, location),
            (header::CONTENT_TYPE, "text/html; charset=UTF-8".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// The canonical address of an `/api` path: the same path with a trailing slash, query kept
/// (token included, as a rewrite rule keeps it). 301 for reads, 308 for everything else.
pub(crate) fn canonical_redirect(method: &Method, path: &str, query: Option<&str>) -> Response {
    let status = if matches!(*method, Method::GET | Method::HEAD) {
        StatusCode::MOVED_PERMANENTLY
    } else {
        StatusCode::PERMANENT_REDIRECT
    };
    let location = match query {
        Some(q) => format!("{path}/?{q}"),
        None => format!("{path}/"),
    };
    (status, [(header::LOCATION, location)]).into_response()
}

/// Applies the body quirks to a finished `/api` answer. Answers damaged on purpose by a fault
/// (`damaged`) are left as they are.
pub(crate) async fn reshape_response(
    quirks: &QuirkSet,
    route: &str,
    response: Response,
    damaged: bool,
) -> Response {
    let has = |q: Quirk| quirks.contains(&q);
    let wanted = [
        Quirk::NonLaravelErrors,
        Quirk::DebugErrors,
        Quirk::DataWrapper,
        Quirk::TextHtmlJson,
        Quirk::Utf8Bom,
    ];
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    if damaged || !json || !wanted.iter().any(|q| has(*q)) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes: Bytes = body
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let status = parts.status;
    if status.is_success() && has(Quirk::DataWrapper) && SINGLE_OBJECT_ROUTES.contains(&route) {
        value = json!({ "data": value });
    }
    if status.as_u16() == 500 && has(Quirk::DebugErrors) {
        value = debug_page(value);
    }
    let mut content_type = if has(Quirk::TextHtmlJson) {
        "text/html; charset=UTF-8"
    } else {
        "application/json"
    };
    let mut text = value.to_string();
    if (status.is_client_error() || status.is_server_error()) && has(Quirk::NonLaravelErrors) {
        let (body, kind) = foreign_error(status, &value);
        text = body;
        content_type = kind;
    }
    if has(Quirk::Utf8Bom) && content_type != "text/plain; charset=UTF-8" {
        text.insert(0, '\u{feff}');
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    Response::from_parts(parts, Body::from(text))
}

/// Laravel's 500 with `APP_DEBUG=true`.
fn debug_page(mut value: Value) -> Value {
    if let Some(map) = value.as_object_mut() {
        map.insert(
            "message".into(),
            json!("SQLSTATE[HY000] [2002] Connection refused (SQL: insert into `mail_queue` …)"),
        );
        map.insert(
            "exception".into(),
            json!("Illuminate\\Database\\QueryException"),
        );
        map.insert(
            "file".into(),
            json!("/var/www/clearchecks/vendor/laravel/framework/src/Illuminate/Database/Connection.php"),
        );
        map.insert("line".into(), json!(712));
        map.insert(
            "trace".into(),
            json!([{"file": "/var/www/clearchecks/app/Http/Controllers/OrderController.php", "line": 88, "function": "store"}]),
        );
    }
    value
}

/// An error body in a shape other than Laravel's, per status, keeping the meaning.
fn foreign_error(status: StatusCode, laravel: &Value) -> (String, &'static str) {
    const JSON: &str = "application/json";
    let message = laravel
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("Error")
        .to_owned();
    match status.as_u16() {
        401 => (
            json!({"error": "invalid_token", "error_description": "The API token is invalid or has expired."})
                .to_string(),
            JSON,
        ),
        403 => (json!({"success": false, "msg": message}).to_string(), JSON),
        404 => (
            format!("Not Found: {message}"),
            "text/plain; charset=UTF-8",
        ),
        422 => {
            let mut errors = Vec::new();
            if let Some(fields) = laravel.get("errors").and_then(Value::as_object) {
                for (field, messages) in fields {
                    for detail in messages.as_array().into_iter().flatten() {
                        errors.push(json!({
                            "status": "422",
                            "title": "Invalid attribute",
                            "detail": detail,
                            "source": {"pointer": format!("/data/attributes/{}", field.replace('.', "/"))},
                        }));
                    }
                }
            }
            (json!({ "errors": errors }).to_string(), JSON)
        }
        429 => (
            json!({"error": {"message": "Rate limit exceeded, slow down.", "code": 429}}).to_string(),
            JSON,
        ),
        code @ 500..=599 => (
            format!(
                "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n\
                 <center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n\
                 </body>\r\n</html>\r\n",
                reason = status.canonical_reason().unwrap_or("Error")
            ),
            "text/html",
        ),
        _ => (json!({ "errors": message }).to_string(), JSON),
    }
}

//! Serves the widget host page (`ccwidget://localhost/…`, `http://ccwidget.localhost/…` on
//! Windows) from three static files compiled into the app.
//!
//! Serving it from Rust rather than from the embedded UI is what lets every response carry the
//! window's own strict CSP (see `csp`), built for the console of that window's account. Only
//! open widget windows are answered: the main window, or anything else that asks, gets a 404.

use std::borrow::Cow;

use tauri::http::{header, Method, Request, Response, StatusCode};
use tauri::{Runtime, UriSchemeContext, UriSchemeResponder};

use super::csp::HOST_SCRIPT_PATH;
use super::navigation::HOST_PAGE_PATH;
use super::registry;

const HOST_HTML: &str = include_str!("../../widget_host/host.html");
const HOST_JS: &str = include_str!("../../widget_host/host.js");
const HOST_CSS: &str = include_str!("../../widget_host/host.css");

/// The handler given to `register_asynchronous_uri_scheme_protocol`.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let csp = registry::csp_of(ctx.app_handle(), ctx.webview_label());
    responder.respond(respond(
        csp.as_deref(),
        request.method(),
        request.uri().path(),
    ));
}

/// The response for a request from a window whose policy is `csp` (`None`: not a widget window).
pub fn respond(csp: Option<&str>, method: &Method, path: &str) -> Response<Cow<'static, [u8]>> {
    let Some(csp) = csp else {
        return status(StatusCode::NOT_FOUND);
    };
    if method != Method::GET {
        return status(StatusCode::METHOD_NOT_ALLOWED);
    }
    let (body, content_type) = match path {
        HOST_PAGE_PATH => (HOST_HTML, "text/html; charset=utf-8"),
        HOST_SCRIPT_PATH => (HOST_JS, "text/javascript; charset=utf-8"),
        "/host.css" => (HOST_CSS, "text/css; charset=utf-8"),
        _ => return status(StatusCode::NOT_FOUND),
    };
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_SECURITY_POLICY, csp)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::REFERRER_POLICY, "no-referrer")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Cow::Borrowed(body.as_bytes()))
        .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR))
}

fn status(code: StatusCode) -> Response<Cow<'static, [u8]>> {
    let mut response = Response::new(Cow::Borrowed(&b""[..]));
    *response.status_mut() = code;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSP: &str = "default-src 'none'";

    #[test]
    fn serves_the_three_files_with_the_windows_policy() {
        for (path, kind) in [
            ("/host.html", "text/html"),
            ("/host.js", "text/javascript"),
            ("/host.css", "text/css"),
        ] {
            let r = respond(Some(CSP), &Method::GET, path);
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            assert!(r.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with(kind));
            assert_eq!(r.headers()[header::CONTENT_SECURITY_POLICY], CSP);
            assert_eq!(r.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
            assert!(!r.body().is_empty());
        }
    }

    #[test]
    fn other_windows_paths_and_methods_get_nothing() {
        assert_eq!(
            respond(None, &Method::GET, "/host.html").status(),
            StatusCode::NOT_FOUND
        );
        for path in [
            "/",
            "/callback",
            "/index.html",
            "/host.html/",
            "/../host.js",
        ] {
            assert_eq!(
                respond(Some(CSP), &Method::GET, path).status(),
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        assert_eq!(
            respond(Some(CSP), &Method::POST, "/host.html").status(),
            StatusCode::METHOD_NOT_ALLOWED
        );
    }

    #[test]
    fn the_host_page_has_no_inline_script_or_handler() {
        let html = HOST_HTML.to_ascii_lowercase();
        assert_eq!(html.matches("<script").count(), 1);
        assert!(html.contains(r#"<script src="host.js""#));
        let inline_handler = html.split_whitespace().any(|word| {
            word.strip_prefix("on")
                .and_then(|rest| rest.split_once('='))
                .is_some_and(|(name, _)| {
                    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase())
                })
        });
        assert!(!inline_handler, "no inline event handlers");
        assert!(!html.contains("javascript:"));
        assert!(!HOST_JS.contains("eval("));
        assert!(
            !HOST_JS.contains("innerHTML"),
            "widget text is set as text, never parsed"
        );
    }
}

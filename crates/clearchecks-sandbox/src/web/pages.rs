//! HTML pages: `/` (what this simulator is) and `/invite/{key}` (the hosted
//! applicant form an invite email would link to). Served under a strict CSP:
//! all script and style come from files.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::shared::Shared;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&#39;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

fn page(status: StatusCode, title: &str, body: &str, scripts: &[&str]) -> Response {
    let scripts: String = scripts
        .iter()
        .map(|s| format!("<script src=\"{s}\" defer></script>\n"))
        .collect();
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"/css/sandbox.css\">\n{scripts}</head>\n\
         <body>\n<header class=\"cc-banner\">ClearChecks sandbox &middot; synthetic data only</header>\n\
         <main class=\"cc-main\">\n{body}\n</main>\n</body>\n</html>\n",
        escape(title)
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        html,
    )
        .into_response()
}

pub(crate) async fn index(State(shared): State<Arc<Shared>>) -> Response {
    let body = format!(
        "<h1>ClearChecks API simulator</h1>\n\
         <p>This local server plays the ClearChecks console and API for tests and demo mode. \
         Every name, address and record it shows is synthetic.</p>\n\
         <dl class=\"cc-facts\">\n<dt>API base</dt><dd><code>{origin}/api</code></dd>\n\
         <dt>Widget scripts</dt><dd><code>/js/widgets/report.js</code>, \
         <code>/js/widgets/applicant-form-widget.js</code>, <code>/js/widgets/registration-widget.js</code></dd>\n\
         <dt>Controls</dt><dd><code>/_sim/requests</code>, <code>/_sim/faults</code>, \
         <code>/_sim/reports/{{key}}/submit</code> and more (see the crate README)</dd>\n</dl>\n",
        origin = escape(&shared.origin)
    );
    page(StatusCode::OK, "ClearChecks sandbox", &body, &[])
}

/// The console's sign-in page, where `login-redirect` sends an API call with a bad token.
pub(crate) async fn login() -> Response {
    page(
        StatusCode::OK,
        "Login",
        "<h1>Sign in to ClearChecks</h1>\n<form class=\"cc-login\"><label>Email <input name=\"email\" type=\"email\"></label>\n\
         <label>Password <input name=\"password\" type=\"password\"></label>\n\
         <button class=\"cc-button\" type=\"submit\">Sign in</button></form>\n",
        &[],
    )
}

pub(crate) async fn invite(State(shared): State<Arc<Shared>>, Path(key): Path<String>) -> Response {
    let Some((email, company)) = shared.read(|w| {
        let order = w.order(&key)?;
        Some((
            order.applicant_email.clone(),
            w.account(order.account_id)?.company_name.clone(),
        ))
    }) else {
        return page(
            StatusCode::NOT_FOUND,
            "Invitation not found",
            "<h1>Invitation not found</h1><p>This link is not valid.</p>",
            &[],
        );
    };
    let body = format!(
        "<h1>Background check for {company}</h1>\n\
         <p>Invitation for <strong>{email}</strong>. Fill in the form to start your background check.</p>\n\
         <p id=\"cc-invite-status\" class=\"cc-status\" data-testid=\"cc-invite-status\"></p>\n\
         <button id=\"cc-invite-open\" class=\"cc-button\" data-report-key=\"{key}\" type=\"button\">Start the form</button>\n",
        company = escape(&company),
        email = escape(&email),
        key = escape(&key),
    );
    page(
        StatusCode::OK,
        "Your background check",
        &body,
        &["/js/widgets/applicant-form-widget.js", "/js/invite.js"],
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn escape_neutralizes_markup() {
        assert_eq!(
            super::escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}

//! Route names: every request path maps to a stable name (`orders.new`,
//! `widget.script`, ...) used by the request log and fault injection, and to
//! the area (API, web, controls) that decides which gateway rules apply.

/// Which part of the simulator a path belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Area {
    /// `/api/*`: token auth, rate limit, `*` faults.
    Api,
    /// Pages, widget scripts and widget endpoints, files.
    Web,
    /// `/_sim/*`: never logged, never faulted.
    Control,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RouteInfo {
    pub name: &'static str,
    pub area: Area,
    /// Methods the route answers (empty for unmatched paths).
    pub methods: &'static [&'static str],
}

const GET: &[&str] = &["GET", "HEAD"];
const POST: &[&str] = &["POST"];
const PUT: &[&str] = &["PUT"];

fn api(name: &'static str, methods: &'static [&'static str]) -> RouteInfo {
    RouteInfo {
        name,
        area: Area::Api,
        methods,
    }
}

fn web(name: &'static str, methods: &'static [&'static str]) -> RouteInfo {
    RouteInfo {
        name,
        area: Area::Web,
        methods,
    }
}

/// Classifies a (trailing-slash-normalized) path.
pub(crate) fn classify(path: &str) -> RouteInfo {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        ["api", rest @ ..] => classify_api(rest),
        ["_sim", ..] => RouteInfo {
            name: "sim",
            area: Area::Control,
            methods: &[],
        },
        [""] => web("page.index", GET),
        ["invite", _] => web("page.invite", GET),
        ["login"] => web("page.login", GET),
        ["js", "widgets", _] => web("widget.script", GET),
        ["js", _] | ["css", _] | ["img", _] => web("asset", GET),
        ["_widget", "report"] => web("widget.report-data", GET),
        ["_widget", "applicant", _] => web("widget.applicant", &["GET", "HEAD", "POST"]),
        ["_widget", "register"] => web("widget.register", POST),
        ["_files", _] => web("files.pdf", GET),
        _ => web("unmatched", &[]),
    }
}

fn classify_api(segments: &[&str]) -> RouteInfo {
    match segments {
        ["accounts"] => api("accounts.show", GET),
        ["accounts", "teams"] => api("accounts.teams", GET),
        ["accounts", "billing"] => api("accounts.billing", PUT),
        ["orders", "new"] => api("orders.new", POST),
        ["reports", "all"] => api("reports.all", GET),
        ["reports", _, "status"] => api("reports.status", GET),
        ["report", _] => api("report.show", GET),
        ["report", _, "widget-token"] => api("report.widget-token", GET),
        ["report", _, "pdf"] => api("report.pdf", GET),
        ["token", "decrypt"] => api("token.decrypt", POST),
        ["invoices"] => api("invoices.index", GET),
        ["invoices", _] => api("invoices.show", GET),
        _ => api("api.unmatched", &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_api_route() {
        let cases = [
            ("/api/accounts", "accounts.show"),
            ("/api/accounts/teams", "accounts.teams"),
            ("/api/accounts/billing", "accounts.billing"),
            ("/api/orders/new", "orders.new"),
            ("/api/reports/all", "reports.all"),
            ("/api/reports/k1/status", "reports.status"),
            ("/api/report/k1", "report.show"),
            ("/api/report/k1/widget-token", "report.widget-token"),
            ("/api/report/k1/pdf", "report.pdf"),
            ("/api/token/decrypt", "token.decrypt"),
            ("/api/invoices", "invoices.index"),
            ("/api/invoices/7", "invoices.show"),
            ("/api/nope", "api.unmatched"),
        ];
        for (path, name) in cases {
            let info = classify(path);
            assert_eq!((info.name, info.area), (name, Area::Api), "{path}");
        }
    }

    #[test]
    fn names_web_and_control_paths() {
        assert_eq!(classify("/").name, "page.index");
        assert_eq!(classify("/js/widgets/report.js").name, "widget.script");
        assert_eq!(classify("/_widget/register").name, "widget.register");
        assert_eq!(classify("/_files/abc.pdf").name, "files.pdf");
        assert_eq!(classify("/_sim/requests").area, Area::Control);
        assert_eq!(classify("/nothing/here").name, "unmatched");
    }
}

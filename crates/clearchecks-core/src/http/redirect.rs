//! The redirect policy of the module docs, as one pure decision per 3xx answer.

use reqwest::Method;
use url::Url;

use crate::environment::is_loopback;

/// What a request is for: it decides whether a redirect may leave the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// A JSON API call: the answer must come from the API itself.
    Api,
    /// A download the API hands off to a file host (the PDF's signed URL).
    Download,
}

/// What to do with one redirect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Decision {
    /// Follow it: still the same API (our own token is added again).
    FollowApi(Url),
    /// Fetch this file with a clean request (no token, cookie, auth header or referer).
    FetchFile(Url),
    /// A login page: the token was not accepted.
    Login(Url),
    /// Not followed, for this reason (a sentence fragment).
    Refuse(String),
}

/// Decides about a redirect from `from` (an API URL) to `location` (the `Location` header).
pub(super) fn decide(
    api_base: &Url,
    from: &Url,
    location: Option<&str>,
    method: &Method,
    purpose: Purpose,
) -> Decision {
    let Some(location) = location.map(str::trim).filter(|l| !l.is_empty()) else {
        return Decision::Refuse("it gave no address to go to".into());
    };
    let Ok(target) = from.join(location) else {
        return Decision::Refuse("its address could not be read".into());
    };
    if is_login_page(&target) {
        return Decision::Login(target);
    }
    if method != Method::GET {
        return Decision::Refuse(format!(
            "a {method} is never sent again to another address ({})",
            shown(&target)
        ));
    }
    if within_api(api_base, &target) {
        return Decision::FollowApi(target);
    }
    let secure = target.scheme() == "https" || (target.scheme() == "http" && is_loopback(&target));
    match purpose {
        Purpose::Download if !secure => Decision::Refuse(format!(
            "it pointed at a non-https address ({})",
            shown(&target)
        )),
        Purpose::Download if !target.username().is_empty() || target.password().is_some() => {
            Decision::Refuse("it pointed at an address with a user name in it".into())
        }
        Purpose::Download => Decision::FetchFile(target),
        Purpose::Api if target.scheme() == "http" && api_base.scheme() == "https" => {
            Decision::Refuse(format!("it dropped to plain http ({})", shown(&target)))
        }
        Purpose::Api => Decision::Refuse(format!(
            "it pointed away from the ClearChecks API, to {}",
            shown(&target)
        )),
    }
}

/// Same scheme, host and port as the API base, and under its path prefix.
pub(super) fn within_api(api_base: &Url, target: &Url) -> bool {
    if target.scheme() != api_base.scheme()
        || target.host_str() != api_base.host_str()
        || target.port_or_known_default() != api_base.port_or_known_default()
        || !target.username().is_empty()
        || target.password().is_some()
    {
        return false;
    }
    let prefix = api_base.path().trim_end_matches('/');
    let path = target.path();
    path == prefix || path.starts_with(&format!("{prefix}/"))
}

/// A sign-in page on any host: a path segment like `login`, `signin`, `sign-in`, `logon`
/// (`/login`, `/auth/login`, `/users/sign_in`, `/login.php`).
pub(super) fn is_login_page(url: &Url) -> bool {
    url.path_segments().is_some_and(|mut segments| {
        segments.any(|segment| {
            let stem = segment.split('.').next().unwrap_or_default();
            matches!(
                stem.to_ascii_lowercase().as_str(),
                "login" | "signin" | "sign-in" | "sign_in" | "logon" | "log-in"
            )
        })
    })
}

/// `host/path` of an address, without its query (which may carry a signature or a token).
pub(super) fn shown(url: &Url) -> String {
    let host = url.host_str().unwrap_or("?");
    match url.port() {
        Some(port) => format!("{host}:{port}{}", url.path()),
        None => format!("{host}{}", url.path()),
    }
}

/// The API moved a path to the same path with a trailing slash (its canonical form).
pub(super) fn adds_trailing_slash(from: &Url, to: &Url) -> bool {
    to.path().len() == from.path().len() + 1
        && to.path().ends_with('/')
        && to.path().starts_with(from.path())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    const BASE: &str = "https://app.clearchecks.com/api";

    fn get(location: &str, purpose: Purpose) -> Decision {
        let from = url("https://app.clearchecks.com/api/reports/all?page=2&api_token=t");
        decide(&url(BASE), &from, Some(location), &Method::GET, purpose)
    }

    #[test]
    fn gets_follow_only_within_the_api() {
        assert_eq!(
            get("/api/reports/all/?page=2", Purpose::Api),
            Decision::FollowApi(url("https://app.clearchecks.com/api/reports/all/?page=2"))
        );
        assert_eq!(
            get("https://APP.clearchecks.com:443/api/x", Purpose::Api),
            Decision::FollowApi(url("https://app.clearchecks.com/api/x"))
        );
        for away in [
            "https://evil.example/api/reports/all",
            "https://app.clearchecks.com/apiary/x",
            "https://app.clearchecks.com/storage/x.pdf",
            "https://app.clearchecks.com:8443/api/x",
            "https://user:pw@app.clearchecks.com/api/x",
        ] {
            assert!(
                matches!(get(away, Purpose::Api), Decision::Refuse(_)),
                "{away}"
            );
        }
        match get("http://app.clearchecks.com/api/x", Purpose::Api) {
            Decision::Refuse(reason) => assert!(reason.contains("plain http"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn login_pages_anywhere_are_an_auth_failure() {
        for login in [
            "/login",
            "https://app.clearchecks.com/login?redirect=%2Fapi",
            "https://auth.clearchecks.com/auth/Login",
            "/users/sign_in",
            "/login.php",
        ] {
            assert!(
                matches!(get(login, Purpose::Api), Decision::Login(_)),
                "{login}"
            );
        }
        assert!(!is_login_page(&url("https://h/api/logins-report")));
    }

    #[test]
    fn posts_follow_nothing() {
        let from = url("https://app.clearchecks.com/api/orders/new?api_token=t");
        for status_target in ["/api/orders/new/", "https://elsewhere.example/x"] {
            let d = decide(
                &url(BASE),
                &from,
                Some(status_target),
                &Method::POST,
                Purpose::Api,
            );
            assert!(matches!(d, Decision::Refuse(_)), "{status_target}: {d:?}");
        }
        let login = decide(
            &url(BASE),
            &from,
            Some("/login"),
            &Method::POST,
            Purpose::Api,
        );
        assert!(matches!(login, Decision::Login(_)));
    }

    #[test]
    fn downloads_leave_the_api_only_for_https_files() {
        assert_eq!(
            get("https://files.example/r/k.pdf?sig=1", Purpose::Download),
            Decision::FetchFile(url("https://files.example/r/k.pdf?sig=1"))
        );
        assert!(matches!(
            get("http://files.example/r/k.pdf", Purpose::Download),
            Decision::Refuse(_)
        ));
        assert!(matches!(
            get("https://u:p@files.example/k.pdf", Purpose::Download),
            Decision::Refuse(_)
        ));
        let loopback = decide(
            &url("http://127.0.0.1:9/api"),
            &url("http://127.0.0.1:9/api/report/k/pdf"),
            Some("http://127.0.0.1:10/_files/k.pdf"),
            &Method::GET,
            Purpose::Download,
        );
        assert!(matches!(loopback, Decision::FetchFile(_)));
        assert!(matches!(get("", Purpose::Download), Decision::Refuse(_)));
    }

    #[test]
    fn trailing_slash_and_shown_addresses() {
        let from = url("https://h/api/accounts?api_token=t");
        assert!(adds_trailing_slash(
            &from,
            &url("https://h/api/accounts/?api_token=t")
        ));
        assert!(!adds_trailing_slash(
            &from,
            &url("https://h/api/accounts/x")
        ));
        assert_eq!(shown(&url("https://h:8443/a/b?sig=secret")), "h:8443/a/b");
    }
}

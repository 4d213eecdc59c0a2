//! The Content-Security-Policy of a widget window's host page.
//!
//! The host page is served by Rust (see `host_scheme`) with this policy as a response header, so
//! it does not depend on the app's own CSP in `tauri.conf.json` (which only covers the embedded
//! UI). Scripts may come only from two exact URLs: the host page's own `host.js` and the one
//! widget script of the window's kind on the account environment's console (not the whole
//! console origin: a console page that serves user content could otherwise run script here). The
//! widget may talk to, frame and show images from that console and nothing else. There is no
//! `'unsafe-inline'` or `'unsafe-eval'` for scripts, no plugins, no forms posting anywhere, and
//! the page cannot be framed.
//!
//! Beyond the minimal set: `style-src` keeps `'unsafe-inline'` because the ClearChecks widgets
//! style their modal inline (styles cannot run code); `font-src` allows the console, whose widget
//! styles may use its web fonts; and `base-uri`, `form-action` and `frame-ancestors`, which do not
//! fall back to `default-src`, are closed explicitly.

/// Path of the host page's own script on the host origin.
pub const HOST_SCRIPT_PATH: &str = "/host.js";

/// Builds the policy for a host page at `host_origin` running the widget script at `script_url`,
/// which must be on `console_origin`.
///
/// Both origins are serialised origins (`scheme://host[:port]`, no path), as produced by
/// `Url::origin().ascii_serialization()`, and the script is a plain path on the console;
/// anything else would widen or break the policy, so it is refused.
pub fn host_page_policy(
    host_origin: &str,
    console_origin: &str,
    script_url: &str,
) -> Result<String, &'static str> {
    for origin in [host_origin, console_origin] {
        if !is_serialised_origin(origin) {
            return Err("not a serialised origin");
        }
    }
    if !is_script_on(script_url, console_origin) {
        return Err("the widget script is not a plain path on the console");
    }
    let directives = [
        ("default-src", "'none'".to_owned()),
        (
            "script-src",
            format!("{host_origin}{HOST_SCRIPT_PATH} {script_url}"),
        ),
        ("connect-src", console_origin.to_owned()),
        ("img-src", format!("data: {console_origin}")),
        (
            "style-src",
            format!("{host_origin} {console_origin} 'unsafe-inline'"),
        ),
        ("font-src", console_origin.to_owned()),
        ("frame-src", console_origin.to_owned()),
        ("base-uri", "'none'".to_owned()),
        ("form-action", "'none'".to_owned()),
        ("object-src", "'none'".to_owned()),
        ("frame-ancestors", "'none'".to_owned()),
    ];
    Ok(directives
        .iter()
        .map(|(name, value)| format!("{name} {value}"))
        .collect::<Vec<_>>()
        .join("; "))
}

/// `<console_origin>/<path>`, the path made of characters that cannot end a CSP source or widen
/// it (no spaces, quotes, semicolons, commas, wildcards, query or fragment) and not ending in `/`
/// (a source ending in `/` allows the whole folder).
fn is_script_on(script_url: &str, console_origin: &str) -> bool {
    let Some(path) = script_url.strip_prefix(console_origin) else {
        return false;
    };
    path.len() > 1
        && path.starts_with('/')
        && !path.ends_with('/')
        && !path.contains("//")
        && !path.contains("..")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b'_'))
}

/// `scheme://host[:port]`: a lowercase scheme, then a host of letters, digits, dots, dashes and
/// (for IPv6) brackets and colons. No path, spaces, quotes or semicolons can get through.
fn is_serialised_origin(origin: &str) -> bool {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return false;
    };
    let scheme_ok = !scheme.is_empty()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'+' || b == b'-');
    let rest_ok = !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    scheme_ok && rest_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directives(policy: &str) -> Vec<(String, Vec<String>)> {
        policy
            .split(';')
            .map(|d| {
                let mut words = d.split_whitespace().map(str::to_owned);
                (words.next().unwrap(), words.collect())
            })
            .collect()
    }

    fn directive(policy: &str, name: &str) -> Vec<String> {
        directives(policy)
            .into_iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} missing in {policy}"))
            .1
    }

    const REPORT_JS: &str = "https://app.clearchecks.com/js/widgets/report.js";

    #[test]
    fn policy_allows_only_the_host_and_the_console() {
        let p = host_page_policy(
            "ccwidget://localhost",
            "https://app.clearchecks.com",
            REPORT_JS,
        )
        .unwrap();
        assert_eq!(directive(&p, "default-src"), ["'none'"]);
        assert_eq!(
            directive(&p, "script-src"),
            ["ccwidget://localhost/host.js", REPORT_JS]
        );
        assert_eq!(
            directive(&p, "connect-src"),
            ["https://app.clearchecks.com"]
        );
        assert_eq!(
            directive(&p, "img-src"),
            ["data:", "https://app.clearchecks.com"]
        );
        assert_eq!(
            directive(&p, "style-src"),
            [
                "ccwidget://localhost",
                "https://app.clearchecks.com",
                "'unsafe-inline'"
            ]
        );
        assert_eq!(directive(&p, "frame-src"), ["https://app.clearchecks.com"]);
        assert_eq!(directive(&p, "frame-ancestors"), ["'none'"]);
        assert_eq!(directive(&p, "form-action"), ["'none'"]);
        assert_eq!(directive(&p, "object-src"), ["'none'"]);
        assert!(!p.contains("unsafe-eval"));
        assert!(!directive(&p, "script-src")
            .iter()
            .any(|s| s.contains("unsafe")));
        assert!(!p.contains('*'));
        let names: Vec<_> = directives(&p).into_iter().map(|(n, _)| n).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(names.len(), unique.len(), "a directive appears twice: {p}");
    }

    #[test]
    fn windows_host_origin_and_loopback_console_with_port() {
        let p = host_page_policy(
            "http://ccwidget.localhost",
            "http://127.0.0.1:43121",
            "http://127.0.0.1:43121/js/widgets/applicant-form-widget.js",
        )
        .unwrap();
        assert_eq!(
            directive(&p, "script-src"),
            [
                "http://ccwidget.localhost/host.js",
                "http://127.0.0.1:43121/js/widgets/applicant-form-widget.js"
            ]
        );
        let v6 = host_page_policy(
            "ccwidget://localhost",
            "http://[::1]:8080",
            "http://[::1]:8080/tenant/js/widgets/report.js",
        )
        .unwrap();
        assert_eq!(directive(&v6, "connect-src"), ["http://[::1]:8080"]);
    }

    #[test]
    fn anything_but_an_origin_is_refused() {
        for bad in [
            "",
            "https://",
            "app.clearchecks.com",
            "https://app.clearchecks.com/",
            "https://app.clearchecks.com/js",
            "https://a.com; script-src *",
            "https://a.com 'unsafe-eval'",
            "https://*.clearchecks.com",
            "HTTPS://app.clearchecks.com",
            "null",
        ] {
            assert!(
                host_page_policy("ccwidget://localhost", bad, REPORT_JS).is_err(),
                "{bad:?}"
            );
            assert!(
                host_page_policy(bad, "https://app.clearchecks.com", REPORT_JS).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_script_allow_list_is_the_one_widget_script_not_the_console() {
        let console = "https://app.clearchecks.com";
        for bad in [
            "https://app.clearchecks.com",
            "https://app.clearchecks.com/",
            "https://app.clearchecks.com/js/widgets/",
            "https://app.clearchecks.com/js/*",
            "https://app.clearchecks.com/js/report.js?x=1",
            "https://app.clearchecks.com/js/report.js#x",
            "https://app.clearchecks.com/js/report.js https://evil.example",
            "https://app.clearchecks.com/js/report.js;script-src *",
            "https://app.clearchecks.com/js/report.js,https://evil.example",
            "https://app.clearchecks.com/js/../uploads/x.js",
            "https://app.clearchecks.com//evil.example/x.js",
            "https://app.clearchecks.com.evil.example/js/report.js",
            "https://sandbox.clearchecks.com/js/widgets/report.js",
            "'unsafe-inline'",
        ] {
            assert!(
                host_page_policy("ccwidget://localhost", console, bad).is_err(),
                "{bad:?}"
            );
        }
        let p = host_page_policy("ccwidget://localhost", console, REPORT_JS).unwrap();
        let scripts = directive(&p, "script-src");
        assert!(
            !scripts.iter().any(|s| s == console || s.ends_with('/')),
            "no whole origin or folder may run script: {scripts:?}"
        );
        assert_eq!(scripts.len(), 2);
    }
}

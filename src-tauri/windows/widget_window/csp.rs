//! The Content-Security-Policy of a widget window's host page.
//!
//! The host page is served by Rust (see `host_scheme`) with this policy as a response header, so
//! it does not depend on the app's own CSP in `tauri.conf.json` (which only covers the embedded
//! UI). Scripts may come only from the host page itself and the account environment's console;
//! the widget may talk to, frame and show images from that console and nothing else. There is no
//! `'unsafe-inline'` or `'unsafe-eval'` for scripts, no plugins, no forms posting anywhere, and
//! the page cannot be framed.
//!
//! Beyond the minimal set: `style-src` keeps `'unsafe-inline'` because the ClearChecks widgets
//! style their modal inline (styles cannot run code); `font-src` allows the console, whose widget
//! styles may use its web fonts; and `base-uri`, `form-action` and `frame-ancestors`, which do not
//! fall back to `default-src`, are closed explicitly.

/// Builds the policy for a host page at `host_origin` embedding widgets from `console_origin`.
///
/// Both arguments are serialised origins (`scheme://host[:port]`, no path), as produced by
/// `Url::origin().ascii_serialization()`; anything else would widen or break the policy, so it
/// is refused.
pub fn host_page_policy(host_origin: &str, console_origin: &str) -> Result<String, &'static str> {
    for origin in [host_origin, console_origin] {
        if !is_serialised_origin(origin) {
            return Err("not a serialised origin");
        }
    }
    let directives = [
        ("default-src", "'none'".to_owned()),
        ("script-src", format!("{host_origin} {console_origin}")),
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

    #[test]
    fn policy_allows_only_the_host_and_the_console() {
        let p = host_page_policy("ccwidget://localhost", "https://app.clearchecks.com").unwrap();
        assert_eq!(directive(&p, "default-src"), ["'none'"]);
        assert_eq!(
            directive(&p, "script-src"),
            ["ccwidget://localhost", "https://app.clearchecks.com"]
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
        let p = host_page_policy("http://ccwidget.localhost", "http://127.0.0.1:43121").unwrap();
        assert_eq!(
            directive(&p, "script-src"),
            ["http://ccwidget.localhost", "http://127.0.0.1:43121"]
        );
        let v6 = host_page_policy("ccwidget://localhost", "http://[::1]:8080").unwrap();
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
                host_page_policy("ccwidget://localhost", bad).is_err(),
                "{bad:?}"
            );
            assert!(
                host_page_policy(bad, "https://app.clearchecks.com").is_err(),
                "{bad:?}"
            );
        }
    }
}

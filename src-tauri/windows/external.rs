//! The one owner of opening things outside the app: every link to the ClearChecks console or
//! elsewhere goes to the system browser through here (the `open_external` command, the main
//! window's navigation guard, widget exits, the billing page). Only `http(s)` URLs are opened,
//! and only the host is logged (a console URL may carry a report key or a session in its query).

use tauri::{AppHandle, Runtime, Url};
use tauri_plugin_opener::OpenerExt;

use crate::error::{AppError, AppResult};

/// The URL to hand to the browser, or why it is refused.
pub fn parse(url: &str) -> AppResult<Url> {
    let refused = || AppError::invalid_input("url", "Only web links (https://…) can be opened.");
    let parsed = Url::parse(url.trim()).map_err(|_| refused())?;
    match parsed.scheme() {
        "http" | "https" if parsed.host_str().is_some_and(|h| !h.is_empty()) => Ok(parsed),
        _ => Err(refused()),
    }
}

/// Opens `url` in the system browser (refused unless it is an http(s) link).
pub fn open<R: Runtime>(app: &AppHandle<R>, url: &Url) -> AppResult<()> {
    if let Err(refused) = parse(url.as_str()) {
        log::warn!("refused to open a {}: link in the browser", url.scheme());
        return Err(refused);
    }
    let host = url.host_str().unwrap_or("");
    match app.opener().open_url(url.as_str(), None::<&str>) {
        Ok(()) => {
            log::info!("opened a page of {host} in the browser");
            Ok(())
        }
        Err(err) => {
            // The opener's error may quote the whole URL: keep only the host.
            log::warn!(
                "could not open a page of {host} in the browser: {}",
                redact(&err.to_string(), url)
            );
            Err(AppError::internal(format!(
                "the browser could not be opened for {host}"
            )))
        }
    }
}

fn redact(message: &str, url: &Url) -> String {
    message.replace(url.as_str(), "<url>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_are_opened() {
        for allowed in [
            "https://app.clearchecks.com/reports/rk1",
            "http://127.0.0.1:8080/console",
            "  https://example.com/a?b=c  ",
        ] {
            assert!(parse(allowed).is_ok(), "{allowed}");
        }
        for refused in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "mailto:someone@example.com",
            "tauri://localhost/index.html",
            "ftp://example.com/",
            "data:text/html,hi",
            "/relative/path",
            "",
            "https://",
        ] {
            let err = parse(refused).expect_err(refused);
            assert!(
                matches!(&err, AppError::InvalidInput { field, .. } if field == "url"),
                "{refused}: {err:?}"
            );
        }
    }

    #[test]
    fn an_error_never_quotes_the_url() {
        let url = Url::parse("https://example.com/r?session=s3cr3t").unwrap();
        let redacted = redact(&format!("failed to open {url}: no browser"), &url);
        assert!(!redacted.contains("s3cr3t"), "{redacted}");
    }
}

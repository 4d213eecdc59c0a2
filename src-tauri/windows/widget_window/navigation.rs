//! The navigation allow-list of a widget window.
//!
//! A widget window may show its host page and pages of its account environment's console
//! (frames the widget opens, or a console page it navigates to). The reserved callback URL is the
//! channel back to Rust and is never loaded. Any other `https` address is opened in the user's
//! browser instead; everything else (other schemes, plain http elsewhere, other host paths) is
//! blocked.

use tauri::Url;

use super::callback::CALLBACK_PATH;

/// Path of the host page on the host origin.
pub const HOST_PAGE_PATH: &str = "/host.html";

/// What the navigation handler does with a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The host page itself.
    AllowHostPage,
    /// A page on the console origin of the window's environment.
    AllowConsole,
    /// The reserved callback URL: parse it, then cancel the navigation.
    Callback,
    /// Another https address: cancel, and open it in the system browser.
    OpenExternally,
    /// Cancel.
    Block,
}

/// The two origins a widget window knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowList {
    /// Serialised origin of the host page (`ccwidget://localhost`, `http://ccwidget.localhost`).
    pub host_origin: String,
    /// Serialised origin of the console (`https://app.clearchecks.com`).
    pub console_origin: String,
}

impl AllowList {
    pub fn decide(&self, url: &Url) -> Decision {
        if !url.username().is_empty() || url.password().is_some() {
            // `https://trusted@elsewhere/` is a disguise, not a link: never load or open it.
            return Decision::Block;
        }
        if origin_of(url).as_deref() == Some(self.host_origin.as_str()) {
            // Only the page itself (no query: its parameters travel in the fragment) and the
            // callback; the page's own script and style are subresources, not navigations.
            return match url.path() {
                HOST_PAGE_PATH if url.query().is_none() => Decision::AllowHostPage,
                CALLBACK_PATH => Decision::Callback,
                _ => Decision::Block,
            };
        }
        if origin_of(url).as_deref() == Some(self.console_origin.as_str()) {
            return Decision::AllowConsole;
        }
        if url.scheme() == "https" && url.host().is_some() {
            return Decision::OpenExternally;
        }
        Decision::Block
    }
}

/// `scheme://host[:port]` of a URL; `None` for URLs without a host.
fn origin_of(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{}://{host}:{port}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> AllowList {
        AllowList {
            host_origin: "ccwidget://localhost".into(),
            console_origin: "https://sandbox.clearchecks.com".into(),
        }
    }

    fn decide(url: &str) -> Decision {
        list().decide(&Url::parse(url).unwrap())
    }

    #[test]
    fn host_page_console_and_callback() {
        assert_eq!(
            decide("ccwidget://localhost/host.html#kind=report&token=t"),
            Decision::AllowHostPage
        );
        assert_eq!(
            decide("ccwidget://localhost/callback?seq=1&event=closed"),
            Decision::Callback
        );
        assert_eq!(
            decide("https://sandbox.clearchecks.com/widgets/report/frame?x=1"),
            Decision::AllowConsole
        );
        assert_eq!(
            decide("https://sandbox.clearchecks.com:443/js"),
            Decision::AllowConsole,
            "the default port is the same origin"
        );
    }

    #[test]
    fn everything_else_is_blocked_or_sent_to_the_browser() {
        for url in [
            "https://www.clearchecks.com/help",
            "https://app.clearchecks.com/",
            "https://sandbox.clearchecks.com.evil.example/",
            "https://evil.example/?next=https://sandbox.clearchecks.com",
        ] {
            assert_eq!(decide(url), Decision::OpenExternally, "{url}");
        }
        for url in [
            "http://sandbox.clearchecks.com/",
            "https://user:pw@sandbox.clearchecks.com/",
            "https://sandbox.clearchecks.com@evil.example/",
            "ccwidget://localhost/host.js",
            "ccwidget://localhost/host.html?kind=report",
            "ccwidget://localhost/callback/extra",
            "ccwidget://otherhost/host.html",
            "tauri://localhost/index.html",
            "http://tauri.localhost/",
            "ipc://localhost/app_info",
            "file:///etc/passwd",
            "data:text/html,hi",
            "javascript:alert(1)",
            "about:blank",
            "blob:https://sandbox.clearchecks.com/123",
            "http://127.0.0.1:8080/",
        ] {
            assert_eq!(decide(url), Decision::Block, "{url}");
        }
    }

    #[test]
    fn a_loopback_console_is_matched_by_port() {
        let local = AllowList {
            host_origin: "http://ccwidget.localhost".into(),
            console_origin: "http://127.0.0.1:43121".into(),
        };
        let d = |u: &str| local.decide(&Url::parse(u).unwrap());
        assert_eq!(d("http://127.0.0.1:43121/x"), Decision::AllowConsole);
        assert_eq!(d("http://127.0.0.1:43122/x"), Decision::Block);
        assert_eq!(
            d("http://ccwidget.localhost/host.html"),
            Decision::AllowHostPage
        );
        assert_eq!(
            d("http://ccwidget.localhost/callback?seq=1"),
            Decision::Callback
        );
    }
}

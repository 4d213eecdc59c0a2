//! The navigation allow-list of a widget window.
//!
//! A widget window may show its host page and pages of its account environment's console
//! (frames the widget opens, or a console page it navigates to). The reserved callback URL is the
//! channel back to Rust and is never loaded. Everything else is blocked: a navigation can be
//! scripted, so it never reaches the system browser (a compromised widget script could carry
//! report data out in the URL).
//!
//! New windows (`window.open`, `target=_blank` links) never become app windows. One to the
//! console of the window's own environment may be opened in the system browser, and only after
//! the user confirms it in a native dialog the page cannot script ([`PopupDecision::Confirm`]):
//! the web engine's user-gesture flag is not available through wry, so the click is asked for.
//! Every other pop-up is refused.

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
    /// Cancel.
    Block,
}

/// What the new-window handler does with a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PopupDecision {
    /// A page of the window's own console: ask the user, and open it in the browser on a click.
    Confirm,
    /// Refuse (and log the host).
    Refuse,
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
        Decision::Block
    }

    /// Only the console's own pages may leave for the browser, and never with credentials.
    pub fn decide_popup(&self, url: &Url) -> PopupDecision {
        let disguised = !url.username().is_empty() || url.password().is_some();
        let console = origin_of(url).as_deref() == Some(self.console_origin.as_str());
        let web = matches!(url.scheme(), "https" | "http");
        if console && web && !disguised {
            PopupDecision::Confirm
        } else {
            PopupDecision::Refuse
        }
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
    fn a_navigation_never_leaves_for_the_browser() {
        for url in [
            "https://www.clearchecks.com/help",
            "https://app.clearchecks.com/",
            "https://sandbox.clearchecks.com.evil.example/",
            "https://evil.example/?next=https://sandbox.clearchecks.com",
            "https://evil.example/collect?ssn=123-45-6789",
        ] {
            assert_eq!(decide(url), Decision::Block, "{url}");
        }
    }

    #[test]
    fn only_console_pop_ups_may_be_confirmed() {
        let popup = |u: &str| list().decide_popup(&Url::parse(u).unwrap());
        assert_eq!(
            popup("https://sandbox.clearchecks.com/orders/rk_1"),
            PopupDecision::Confirm
        );
        for url in [
            "https://app.clearchecks.com/",
            "https://www.clearchecks.com/help",
            "https://evil.example/collect?ssn=123-45-6789",
            "https://sandbox.clearchecks.com.evil.example/",
            "https://sandbox.clearchecks.com:8443/",
            "http://sandbox.clearchecks.com/",
            "https://user@sandbox.clearchecks.com/",
            "https://sandbox.clearchecks.com@evil.example/",
            "ccwidget://localhost/host.html",
            "mailto:someone@example.com",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "about:blank",
        ] {
            assert_eq!(popup(url), PopupDecision::Refuse, "{url}");
        }
    }

    #[test]
    fn everything_else_is_blocked() {
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

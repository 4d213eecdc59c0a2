//! Which ClearChecks installation an account talks to, and every URL derived from it: the API
//! base, the console (web UI) base, the billing page and the widget scripts.
//!
//! HTTPS is required, except for loopback hosts (the local simulator and tests), where plain
//! `http` is allowed. A custom base is the API base; its console is the base without a trailing
//! `/api`.

use std::net::IpAddr;

use url::{Host, Url};

use crate::error::ApiError;

const SANDBOX_API: &str = "https://sandbox.clearchecks.com/api";
const PRODUCTION_API: &str = "https://app.clearchecks.com/api";

/// A ClearChecks installation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    Sandbox,
    Production,
    /// Any other API base, e.g. the BackgroundChecks.com twin or the local simulator.
    /// Build it with [`Environment::custom`] so the URL rules are checked.
    Custom {
        base_url: Url,
    },
}

/// The embeddable JavaScript widgets served from the console host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Widget {
    /// Report viewer (`report.js`).
    Report,
    /// Applicant form (`applicant-form-widget.js`).
    ApplicantForm,
    /// Account creation for platforms (`registration-widget.js`).
    Registration,
}

impl Widget {
    pub fn script_name(self) -> &'static str {
        match self {
            Self::Report => "report.js",
            Self::ApplicantForm => "applicant-form-widget.js",
            Self::Registration => "registration-widget.js",
        }
    }
}

impl Environment {
    /// Validates a custom API base: `https`, or `http` on a loopback host; no credentials, query
    /// or fragment. A trailing slash is dropped.
    pub fn custom(base_url: &str) -> Result<Self, ApiError> {
        let invalid = |reason: &str| ApiError::InvalidEnvironment {
            reason: reason.to_string(),
        };
        let mut url = Url::parse(base_url.trim())
            .map_err(|e| invalid(&format!("\"{}\" is not a URL ({e})", base_url.trim())))?;
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&url) => {}
            "http" => return Err(invalid(
                "plain http is only allowed for this computer (localhost); use an https:// address",
            )),
            other => {
                return Err(invalid(&format!(
                    "the address must start with https:// (not {other}://)"
                )))
            }
        }
        if url.host().is_none() {
            return Err(invalid("the address has no host name"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid(
                "the address must not contain a user name or password",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid(
                "the address must not contain ?query or #fragment parts",
            ));
        }
        let trimmed = url.path().trim_end_matches('/').to_string();
        url.set_path(&trimmed);
        Ok(Self::Custom { base_url: url })
    }

    /// The API base, without a trailing slash (e.g. `https://app.clearchecks.com/api`).
    pub fn api_base(&self) -> Url {
        match self {
            Self::Sandbox => Url::parse(SANDBOX_API).expect("static URL"),
            Self::Production => Url::parse(PRODUCTION_API).expect("static URL"),
            Self::Custom { base_url } => base_url.clone(),
        }
    }

    /// The console (web UI) base: the API base without a trailing `/api`.
    pub fn console_base(&self) -> Url {
        let mut url = self.api_base();
        let path = url.path().trim_end_matches('/');
        let console_path = path.strip_suffix("/api").unwrap_or(path).to_string();
        url.set_path(&console_path);
        url
    }

    /// The account's billing page, where the user updates the payment method.
    pub fn billing_url(&self) -> String {
        format!("{}/settings#/payment-method", self.console_root())
    }

    /// URL of a widget script on the console host.
    pub fn widget_script_url(&self, widget: Widget) -> String {
        format!(
            "{}/js/widgets/{}",
            self.console_root(),
            widget.script_name()
        )
    }

    /// Origin (scheme://host[:port]) of the console, for navigation allow-lists.
    pub fn console_origin(&self) -> String {
        self.console_base().origin().ascii_serialization()
    }

    /// Stable lowercase name: `sandbox`, `production`, `custom`.
    pub fn kind_str(&self) -> &'static str {
        match self {
            Self::Sandbox => "sandbox",
            Self::Production => "production",
            Self::Custom { .. } => "custom",
        }
    }

    fn console_root(&self) -> String {
        self.console_base()
            .as_str()
            .trim_end_matches('/')
            .to_string()
    }
}

/// 127.0.0.0/8, `::1` or `localhost`: the only hosts plain `http` is allowed for.
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_environments() {
        assert_eq!(
            Environment::Sandbox.api_base().as_str(),
            "https://sandbox.clearchecks.com/api"
        );
        assert_eq!(
            Environment::Production.console_origin(),
            "https://app.clearchecks.com"
        );
        assert_eq!(
            Environment::Production.billing_url(),
            "https://app.clearchecks.com/settings#/payment-method"
        );
        assert_eq!(
            Environment::Sandbox.widget_script_url(Widget::ApplicantForm),
            "https://sandbox.clearchecks.com/js/widgets/applicant-form-widget.js"
        );
        assert_eq!(
            Environment::Production.widget_script_url(Widget::Report),
            "https://app.clearchecks.com/js/widgets/report.js"
        );
        assert_eq!(
            Environment::Production.widget_script_url(Widget::Registration),
            "https://app.clearchecks.com/js/widgets/registration-widget.js"
        );
    }

    #[test]
    fn custom_base_and_console() {
        let env = Environment::custom("http://127.0.0.1:8123/api/").unwrap();
        assert_eq!(env.api_base().as_str(), "http://127.0.0.1:8123/api");
        assert_eq!(env.console_base().as_str(), "http://127.0.0.1:8123/");
        assert_eq!(
            env.billing_url(),
            "http://127.0.0.1:8123/settings#/payment-method"
        );
        let twin = Environment::custom("https://app.backgroundchecks.com/api").unwrap();
        assert_eq!(twin.console_origin(), "https://app.backgroundchecks.com");
        let nested = Environment::custom("https://example.com/tenant/api").unwrap();
        assert_eq!(
            nested.widget_script_url(Widget::Report),
            "https://example.com/tenant/js/widgets/report.js"
        );
        let no_api = Environment::custom("https://example.com/").unwrap();
        assert_eq!(no_api.console_base().as_str(), "https://example.com/");
    }

    #[test]
    fn http_only_for_loopback() {
        for ok in [
            "http://localhost:1/api",
            "http://127.9.0.1/api",
            "http://[::1]:80/api",
            "https://x.example/api",
        ] {
            assert!(Environment::custom(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://example.com/api",
            "http://10.0.0.1/api",
            "http://localhost.evil.com/api",
            "ftp://localhost/api",
            "https://user:pw@example.com/api",
            "https://example.com/api?x=1",
            "not a url",
        ] {
            let err = Environment::custom(bad).unwrap_err();
            assert_eq!(
                err.kind(),
                crate::error::ErrorKind::InvalidEnvironment,
                "{bad}"
            );
        }
    }
}

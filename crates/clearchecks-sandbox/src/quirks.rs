//! Quirk profiles: the shapes a real PHP/Laravel backend may answer in, where the contract
//! assumed tidy ones. Each is a named switch (`--quirks eloquent,resource-pagination`,
//! [`SandboxConfig::quirks`](crate::SandboxConfig::quirks), `PUT /_sim/quirks`); the default
//! profile (none) is the contract's shapes, which every existing suite runs against.
//!
//! The list shapes are exclusive; when several are on, the first of `bare-array`,
//! `cursor-pagination`, `simple-pagination`, `resource-pagination` wins. Everything else
//! combines.

mod items;
mod lists;
mod responses;

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub(crate) use items::{shape_item, shape_money};
pub(crate) use lists::list_response;
pub(crate) use responses::{canonical_redirect, login_redirect, reshape_response};

/// One way the simulator can deviate from the contract's shapes (see the README's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Quirk {
    /// List items carry Eloquent's `id`, `created_at`, `updated_at`, `deleted_at` and aliases
    /// (`email`, `completed_at`) next to the contract's fields.
    #[serde(rename = "eloquent")]
    Eloquent,
    /// Lists are API Resource collections: `data`, `links{first,last,prev,next}`, `meta{…}`.
    #[serde(rename = "resource-pagination")]
    ResourcePagination,
    /// Lists are `simplePaginate()`: `next_page_url`, no `last_page`, no `total`.
    #[serde(rename = "simple-pagination")]
    SimplePagination,
    /// Lists are `cursorPaginate()`: `?cursor=`, `next_cursor`, no page numbers.
    #[serde(rename = "cursor-pagination")]
    CursorPagination,
    /// Lists are one bare JSON array of everything.
    #[serde(rename = "bare-array")]
    BareArray,
    /// Lists ignore `?page` (and `?cursor`): every request gets the first page.
    #[serde(rename = "ignores-page")]
    IgnoresPage,
    /// A bad, revoked or missing token gets a 302 to `/login` (an HTML page), not a 401.
    #[serde(rename = "login-redirect")]
    LoginRedirect,
    /// `/api` paths without a trailing slash get a 301 (GET) or 308 (other methods) to the
    /// same path with one, query kept.
    #[serde(rename = "canonical-redirect")]
    CanonicalRedirect,
    /// `POST /orders/new` places the order, then answers 500 (the invitation mail failed).
    #[serde(rename = "500-after-commit")]
    ServerErrorAfterCommit,
    /// Single objects come as `{"data": {…}}`; lists as `{"status": "success", "data": <paginator>}`.
    #[serde(rename = "data-wrapper")]
    DataWrapper,
    /// Lists have a `null` entry after every 7th item.
    #[serde(rename = "null-items")]
    NullItems,
    /// Ids, page numbers and totals as strings, flags as `"1"`/`"0"`, amounts and ZIP codes as
    /// JSON numbers.
    #[serde(rename = "string-ids")]
    StringIds,
    /// Dates in every format Laravel/MySQL/Carbon/PHP emit, `0000-00-00 00:00:00` for "none",
    /// and one unreadable date (`d/m/Y H:i`) in every 13 items.
    #[serde(rename = "odd-dates")]
    OddDates,
    /// Error bodies that are not Laravel's: OAuth-style, JSON:API, `{error:{message}}`,
    /// `{success,msg}`, plain text, nginx HTML.
    #[serde(rename = "non-laravel-errors")]
    NonLaravelErrors,
    /// A 500 is Laravel's debug page as JSON: `message`, `exception`, `file`, `line`, `trace`.
    #[serde(rename = "debug-errors")]
    DebugErrors,
    /// JSON is sent as `Content-Type: text/html; charset=UTF-8` (PHP's default).
    #[serde(rename = "text-html-json")]
    TextHtmlJson,
    /// JSON answers start with a UTF-8 byte-order mark (a PHP file saved with a BOM).
    #[serde(rename = "utf8-bom")]
    Utf8Bom,
}

impl Quirk {
    pub const ALL: [Quirk; 17] = [
        Quirk::Eloquent,
        Quirk::ResourcePagination,
        Quirk::SimplePagination,
        Quirk::CursorPagination,
        Quirk::BareArray,
        Quirk::IgnoresPage,
        Quirk::LoginRedirect,
        Quirk::CanonicalRedirect,
        Quirk::ServerErrorAfterCommit,
        Quirk::DataWrapper,
        Quirk::NullItems,
        Quirk::StringIds,
        Quirk::OddDates,
        Quirk::NonLaravelErrors,
        Quirk::DebugErrors,
        Quirk::TextHtmlJson,
        Quirk::Utf8Bom,
    ];

    /// The profile's name, as on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Quirk::Eloquent => "eloquent",
            Quirk::ResourcePagination => "resource-pagination",
            Quirk::SimplePagination => "simple-pagination",
            Quirk::CursorPagination => "cursor-pagination",
            Quirk::BareArray => "bare-array",
            Quirk::IgnoresPage => "ignores-page",
            Quirk::LoginRedirect => "login-redirect",
            Quirk::CanonicalRedirect => "canonical-redirect",
            Quirk::ServerErrorAfterCommit => "500-after-commit",
            Quirk::DataWrapper => "data-wrapper",
            Quirk::NullItems => "null-items",
            Quirk::StringIds => "string-ids",
            Quirk::OddDates => "odd-dates",
            Quirk::NonLaravelErrors => "non-laravel-errors",
            Quirk::DebugErrors => "debug-errors",
            Quirk::TextHtmlJson => "text-html-json",
            Quirk::Utf8Bom => "utf8-bom",
        }
    }
}

impl fmt::Display for Quirk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Quirk {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let name = name.trim();
        Quirk::ALL
            .into_iter()
            .find(|q| q.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                let known: Vec<&str> = Quirk::ALL.iter().map(|q| q.name()).collect();
                format!("unknown quirk \"{name}\" (known: {})", known.join(", "))
            })
    }
}

/// The quirks in effect.
pub(crate) type QuirkSet = BTreeSet<Quirk>;

/// `"eloquent, odd-dates"` → the set; empty names are ignored.
pub fn parse_quirks(list: &str) -> Result<BTreeSet<Quirk>, String> {
    list.split(',')
        .filter(|n| !n.trim().is_empty())
        .map(Quirk::from_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_text_and_json() {
        for quirk in Quirk::ALL {
            assert_eq!(quirk.name().parse::<Quirk>(), Ok(quirk));
            assert_eq!(serde_json::to_value(quirk).unwrap(), quirk.name());
        }
        let set = parse_quirks(" eloquent,500-after-commit ,,Bare-Array").unwrap();
        assert_eq!(
            set.into_iter().collect::<Vec<_>>(),
            [
                Quirk::Eloquent,
                Quirk::BareArray,
                Quirk::ServerErrorAfterCommit
            ]
        );
        assert!(parse_quirks("eloquent,nope")
            .unwrap_err()
            .contains("unknown quirk \"nope\""));
    }
}

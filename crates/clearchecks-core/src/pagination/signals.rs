//! The pagination keys of a page, wherever the shape puts them, and the next page a server's
//! link points at.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use url::Url;

use super::PageRef;
use crate::lenient::MaybeString;

/// The pagination keys found anywhere in the body.
#[derive(Default)]
pub(super) struct Signals {
    pub current_page: Option<u64>,
    pub last_page: Option<u64>,
    pub per_page: Option<u64>,
    pub total: Option<u64>,
    /// `Some(None)`: the key was there and `null` (a last page).
    pub next_page_url: Option<Option<String>>,
    pub next_cursor: Option<Option<String>>,
    /// A `prev_cursor`/`next_cursor` key was seen: a cursor paginator.
    pub cursor_keys: bool,
    pub has_more: Option<bool>,
    /// `meta` or a `links` object: an API Resource collection.
    pub resource: bool,
}

impl Signals {
    pub fn set<V>(slot: &mut Option<V>, value: Option<V>) {
        if slot.is_none() {
            *slot = value;
        }
    }

    /// Reads `key`'s value if it is a pagination key; `false` when the key is not one of them
    /// (the caller then skips or handles the value).
    pub fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        match key {
            "current_page" => Self::set(&mut self.current_page, number(map)?),
            "last_page" | "total_pages" => Self::set(&mut self.last_page, number(map)?),
            "per_page" => Self::set(&mut self.per_page, number(map)?),
            "total" => Self::set(&mut self.total, number(map)?),
            "next_page_url" | "next" => {
                let url = map.next_value::<MaybeString>()?.0;
                Self::set(
                    &mut self.next_page_url,
                    Some(url.filter(|u| !u.trim().is_empty())),
                );
            }
            "next_cursor" => {
                self.cursor_keys = true;
                let cursor = map.next_value::<MaybeString>()?.0;
                Self::set(
                    &mut self.next_cursor,
                    Some(cursor.filter(|c| !c.is_empty())),
                );
            }
            "prev_cursor" | "previous_cursor" => {
                self.cursor_keys = true;
                map.next_value::<IgnoredAny>()?;
            }
            "has_more" | "has_more_pages" | "hasMorePages" => {
                let more = map.next_value::<LenientBool>()?.0;
                Self::set(&mut self.has_more, more);
            }
            "meta" | "pagination" | "links" => {
                map.next_value_seed(Nested { signals: self })?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

fn number<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<u64>, A::Error> {
    Ok(map.next_value::<LenientNumber>()?.0)
}

struct LenientNumber(Option<u64>);

impl<'de> Deserialize<'de> for LenientNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::lenient::opt_u64(d).map(LenientNumber)
    }
}

struct LenientBool(Option<bool>);

impl<'de> Deserialize<'de> for LenientBool {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::lenient::opt_bool(d).map(LenientBool)
    }
}

/// `meta`, `meta.pagination` or a `links` object: more pagination keys. A `links` array (page
/// buttons) or any other shape is skipped.
struct Nested<'a> {
    signals: &'a mut Signals,
}

impl<'de> DeserializeSeed<'de> for Nested<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Nested<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("pagination details")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.signals.resource = true;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if !self.signals.read(&key, &mut map)? {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
}

/// The next page from a server's link (absolute or relative): its cursor, its page number, or
/// (when it carries other parameters too) its whole query. Any `api_token` is dropped: the
/// client adds its own, and only ever to its own API address.
pub(super) fn ref_from_link(link: &str) -> Option<PageRef> {
    let base = Url::parse("http://link.invalid/").expect("static URL");
    let url = base.join(link.trim()).ok()?;
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("api_token"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if let Some((_, cursor)) = pairs.iter().find(|(k, _)| k == "cursor") {
        return (!cursor.is_empty()).then(|| PageRef::Cursor(cursor.clone()));
    }
    match pairs.as_slice() {
        [] => None,
        [(key, value)] if key == "page" => value.trim().parse().ok().map(PageRef::Number),
        _ => Some(PageRef::Query(pairs)),
    }
}

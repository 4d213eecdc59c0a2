//! Reads one list page in any shape of the module docs, streaming, entry by entry: one entry
//! that is `null`, not an object or without an id is counted in `skipped`, never fatal.
//!
//! Pagination keys are looked for at the top level, in `meta` (API Resources), in
//! `meta.pagination` (Fractal's `total_pages`, `links.next`) and in `links` when it is an object
//! (`links.next`; Laravel's length-aware `links` *array* of page buttons is ignored). A paginator
//! wrapped once more in `{"data": {…paginator…}}` is read as the paginator. A UTF-8 byte-order
//! mark before the JSON (a PHP file saved with a BOM) is skipped.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::entry::{Entry, ListEntry};
use super::signals::{ref_from_link, Signals};
use super::{ListPage, PageRef, PageShape};

/// Decodes one page body. `requested` is the reference the page was asked for (it decides the
/// probe after a bare array, and the page number when the body has none).
pub fn decode_page<T: ListEntry>(
    body: &[u8],
    requested: &PageRef,
) -> Result<ListPage<T>, serde_json::Error> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let raw: RawPage<T> = serde_json::from_slice(body)?;
    Ok(raw.into_page(requested))
}

/// What a page body said, before it is turned into a [`ListPage`].
struct RawPage<T> {
    bare_array: bool,
    items: Vec<T>,
    skipped: usize,
    saw_data: bool,
    signals: Signals,
}

impl<T> RawPage<T> {
    fn new(bare_array: bool) -> Self {
        Self {
            bare_array,
            items: Vec::new(),
            skipped: 0,
            saw_data: false,
            signals: Signals::default(),
        }
    }

    fn push(&mut self, entry: Entry<T>) {
        match entry.0 {
            Some(item) => self.items.push(item),
            None => self.skipped += 1,
        }
    }
}

impl<'de, T: ListEntry> Deserialize<'de> for RawPage<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PageVisitor {
            top_level: true,
            marker: PhantomData,
        })
    }
}

/// Reads a page body (`top_level: true`) or the value of a `data` key (`top_level: false`: a list of
/// entries, a PHP keyed array of entries, or a whole nested paginator; anything else is empty).
struct PageVisitor<T> {
    top_level: bool,
    marker: PhantomData<T>,
}

impl<'de, T: ListEntry> DeserializeSeed<'de> for PageVisitor<T> {
    type Value = RawPage<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<T> PageVisitor<T> {
    /// `data` of a scalar type: no entries. A body that is a scalar is not a list.
    fn scalar<E: de::Error>(self, unexpected: de::Unexpected<'_>) -> Result<RawPage<T>, E> {
        if self.top_level {
            return Err(E::invalid_type(unexpected, &"a paginated list or an array"));
        }
        Ok(RawPage::new(false))
    }
}

impl<'de, T: ListEntry> Visitor<'de> for PageVisitor<T> {
    type Value = RawPage<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a paginated list or an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut page = RawPage::new(self.top_level);
        page.saw_data = true;
        while let Some(entry) = seq.next_element::<Entry<T>>()? {
            page.push(entry);
        }
        Ok(page)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut page = RawPage::new(false);
        let mut keyed_entries = 0;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == "data" {
                let inner = map.next_value_seed(PageVisitor::<T> {
                    top_level: false,
                    marker: PhantomData,
                })?;
                page.saw_data = true;
                page.merge(inner);
            } else if !self.top_level && key.parse::<u64>().is_ok() {
                // A PHP array with non-sequential keys: `{"0": {...}, "3": {...}}`.
                let entry = map.next_value::<Entry<T>>()?;
                keyed_entries += 1;
                page.push(entry);
            } else if !page.signals.read(&key, &mut map)? {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if !self.top_level && keyed_entries > 0 {
            page.saw_data = true;
        }
        if self.top_level && !page.saw_data {
            return Err(de::Error::missing_field("data"));
        }
        Ok(page)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.scalar(de::Unexpected::Unit)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.scalar(de::Unexpected::Unit)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.scalar(de::Unexpected::Str(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.scalar(de::Unexpected::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.scalar(de::Unexpected::Signed(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.scalar(de::Unexpected::Unsigned(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.scalar(de::Unexpected::Float(v))
    }
}

impl<T> RawPage<T> {
    /// Takes in what a `data` value held: its entries, and its pagination keys where this page
    /// has none (a wrapped paginator's keys are the real ones).
    fn merge(&mut self, inner: RawPage<T>) {
        self.items.extend(inner.items);
        self.skipped += inner.skipped;
        let outer = std::mem::take(&mut self.signals);
        let mut signals = inner.signals;
        Signals::set(&mut signals.current_page, outer.current_page);
        Signals::set(&mut signals.last_page, outer.last_page);
        Signals::set(&mut signals.per_page, outer.per_page);
        Signals::set(&mut signals.total, outer.total);
        Signals::set(&mut signals.next_page_url, outer.next_page_url);
        Signals::set(&mut signals.next_cursor, outer.next_cursor);
        Signals::set(&mut signals.has_more, outer.has_more);
        signals.cursor_keys |= outer.cursor_keys;
        signals.resource |= outer.resource;
        self.signals = signals;
    }

    fn into_page(self, requested: &PageRef) -> ListPage<T> {
        let s = self.signals;
        let requested_number = match requested {
            PageRef::Number(n) => Some(*n),
            _ => None,
        };
        let shape = if self.bare_array {
            PageShape::BareArray
        } else if s.cursor_keys {
            PageShape::Cursor
        } else if s.resource {
            PageShape::Resource
        } else if s.last_page.is_some() || s.total.is_some() {
            PageShape::LengthAware
        } else if s.next_page_url.is_some() || s.has_more.is_some() {
            PageShape::Simple
        } else {
            PageShape::Unpaginated
        };
        let clamp = |n: u64| n.clamp(1, u64::from(u32::MAX)) as u32;
        let current_page = s.current_page.map(clamp).or(requested_number);
        let last_page = s.last_page.map(clamp);
        let entries = self.items.len() + self.skipped;
        let link = s
            .next_page_url
            .clone()
            .flatten()
            .and_then(|u| ref_from_link(&u));
        let next = if shape.is_probed() {
            requested_number
                .filter(|_| entries > 0)
                .map(|n| PageRef::Number(n.saturating_add(1)))
        } else if let Some(cursor) = s.next_cursor.clone().flatten() {
            Some(PageRef::Cursor(cursor))
        } else if let Some(link) = link {
            Some(link)
        } else if shape == PageShape::Cursor {
            None
        } else {
            let after = current_page.map(|c| c.saturating_add(1));
            match (current_page, last_page, s.has_more) {
                (Some(current), Some(last), _) if current < last => after.map(PageRef::Number),
                (_, _, Some(true)) => after.map(PageRef::Number),
                _ => None,
            }
        };
        ListPage {
            items: self.items,
            skipped: self.skipped,
            next,
            current_page,
            last_page,
            per_page: s.per_page.map(clamp),
            total: s.total,
            shape,
        }
    }
}

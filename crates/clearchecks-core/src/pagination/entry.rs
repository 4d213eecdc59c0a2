//! One element of a list's `data`: read as an entry of the list's type, or counted as skipped.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// An entry type of a paginated list.
pub trait ListEntry: Sized {
    /// The entry's identity (a report key, an invoice id): how repeated pages and duplicates
    /// are recognised.
    fn entry_key(&self) -> Cow<'_, str>;

    /// Reads one list element that is a JSON object. `Ok(None)` when the object is not a usable
    /// entry (for example it has no id); an `Err` only for malformed JSON.
    fn from_object<'de, A: MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error>;
}

/// Reads an entry through `serde_json::Value` and `T`'s own `Deserialize` (for small lists
/// whose entry types use derived, lenient field helpers), then `into_entry`.
pub(crate) fn buffered_entry<'de, A, W, T>(
    map: A,
    into_entry: impl FnOnce(W) -> Option<T>,
) -> Result<Option<T>, A::Error>
where
    A: MapAccess<'de>,
    W: serde::de::DeserializeOwned,
{
    let value = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
    Ok(serde_json::from_value::<W>(value).ok().and_then(into_entry))
}

/// One element of `data`: an entry, or skipped.
pub(super) struct Entry<T>(pub Option<T>);

impl<'de, T: ListEntry> Deserialize<'de> for Entry<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EntryVisitor(PhantomData))
    }
}

struct EntryVisitor<T>(PhantomData<T>);

impl<'de, T: ListEntry> Visitor<'de> for EntryVisitor<T> {
    type Value = Entry<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list entry")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::from_object(map).map(Entry)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Entry(None))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Entry(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Entry(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Entry(None))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Entry(None))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Entry(None))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Entry(None))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Entry(None))
    }
}

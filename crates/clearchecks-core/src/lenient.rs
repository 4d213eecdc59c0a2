//! Serde helpers that accept the loose shapes a PHP backend produces: numbers as strings,
//! `"Y"`/`"1"` booleans, `[]` where an object is expected, `null` where a list is expected.
//! Each helper degrades to "absent" instead of failing, so one odd field never fails a whole
//! response. Used with `#[serde(default, deserialize_with = "…")]`.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// Keys a PHP API puts next to `data` when it wraps a single object (`{"data": {…}}`,
/// `{"status": "success", "data": {…}}`).
const WRAPPER_KEYS: [&str; 8] = [
    "data", "status", "success", "message", "code", "meta", "links", "errors",
];

/// The object inside a `{"data": {…}}` wrapper; any other value as it is. Only an object whose
/// other keys are all wrapper keys is unwrapped, so a real object that merely has a `data`
/// field is left alone.
pub(crate) fn unwrap_data(value: serde_json::Value) -> serde_json::Value {
    let wrapped = value.as_object().is_some_and(|map| {
        map.get("data").is_some_and(serde_json::Value::is_object)
            && map.keys().all(|k| WRAPPER_KEYS.contains(&k.as_str()))
    });
    if !wrapped {
        return value;
    }
    match value {
        serde_json::Value::Object(mut map) => map.remove("data").unwrap_or_default(),
        other => other,
    }
}

/// Decodes a single object: after a UTF-8 byte-order mark, if any, and out of a `{"data": {…}}`
/// wrapper, if any. Unwrapped bodies are decoded streaming, as the lenient field helpers expect
/// (they skip odd values, however deeply nested, without building them).
pub(crate) fn from_slice_unwrapped<T: DeserializeOwned>(body: &[u8]) -> serde_json::Result<T> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if is_data_wrapper(body) {
        let value: serde_json::Value = serde_json::from_slice(body)?;
        return serde_json::from_value(unwrap_data(value));
    }
    serde_json::from_slice(body)
}

/// Whether `body` is a `{"data": {…}}` wrapper (see [`unwrap_data`]), found without building
/// any value: the top-level keys are read and their values skipped.
pub(crate) fn is_data_wrapper(body: &[u8]) -> bool {
    struct Probe;
    struct IsObject(bool);
    impl<'de> Deserialize<'de> for IsObject {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = bool;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("anything")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
                    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                    Ok(true)
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    Ok(false)
                }
                fn visit_str<E: de::Error>(self, _: &str) -> Result<bool, E> {
                    Ok(false)
                }
                fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
                    Ok(false)
                }
                fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
                    Ok(false)
                }
                fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
                    Ok(false)
                }
                fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
                    Ok(false)
                }
                fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
                    Ok(false)
                }
            }
            d.deserialize_any(V).map(IsObject)
        }
    }
    impl<'de> Visitor<'de> for Probe {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let (mut data_object, mut others_are_wrapper_keys) = (false, true);
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if key == "data" {
                    data_object = map.next_value::<IsObject>()?.0;
                } else {
                    others_are_wrapper_keys &= WRAPPER_KEYS.contains(&key.as_ref());
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(data_object && others_are_wrapper_keys)
        }
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    deserializer.deserialize_map(Probe).unwrap_or(false)
}

/// A value kept only when it is a string (anything else becomes `None`).
pub(crate) struct MaybeString(pub Option<String>);

impl<'de> Deserialize<'de> for MaybeString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarText { numbers: false })
            .map(MaybeString)
    }
}

/// Strings as they are; numbers and booleans as their text; anything else `None`.
pub(crate) fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(ScalarText { numbers: true })
}

/// Like [`opt_string`] but an empty/blank string is `None` too.
pub(crate) fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(opt_string(d)?
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty()))
}

/// `true`/`false`, `1`/`0`, `"Y"`/`"N"`, `"yes"`/`"no"`, `"true"`/`"false"`, `"on"`/`"off"`
/// (HTML checkboxes), `"t"`/`"f"` (PostgreSQL) …, any case; anything else `None`.
pub(crate) fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let text = d.deserialize_any(ScalarText { numbers: true })?;
    Ok(
        text.and_then(|t| match t.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "y" | "yes" | "on" | "t" => Some(true),
            "false" | "0" | "n" | "no" | "off" | "f" | "" => Some(false),
            _ => None,
        }),
    )
}

/// A non-negative integer given as a number or a numeric string.
pub(crate) fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let text = d.deserialize_any(ScalarText { numbers: true })?;
    Ok(text.and_then(|t| {
        let t = t.trim();
        t.parse::<u64>().ok().or_else(|| {
            t.parse::<f64>()
                .ok()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
        })
    }))
}

/// An object of `T`s keyed by string; `[]`, `null` or any other shape is an empty map.
/// Entries that are `null` or whose value does not fit `T` are skipped.
pub(crate) fn map_or_empty<'de, D, T>(d: D) -> Result<BTreeMap<String, T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    d.deserialize_any(MapOrEmpty(PhantomData))
}

/// A list; `null`, `{}` or a scalar is an empty list. A PHP associative array
/// (`{"0": …, "1": …}`) is read as its values.
pub(crate) fn vec_or_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_any(VecOrEmpty(PhantomData))
}

struct ScalarText {
    numbers: bool,
}

impl<'de> Visitor<'de> for ScalarText {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(self.numbers.then(|| v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(self.numbers.then(|| v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(self.numbers.then(|| v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(self.numbers.then(|| v.to_string()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

struct MapOrEmpty<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for MapOrEmpty<T> {
    type Value = BTreeMap<String, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            // Buffer each value so an entry of the wrong shape can be skipped on its own.
            let value: serde_json::Value = map.next_value()?;
            if value.is_null() {
                continue;
            }
            if let Ok(parsed) = serde_json::from_value::<T>(value) {
                out.insert(key, parsed);
            }
        }
        Ok(out)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(BTreeMap::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, _v: &str) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }
    fn visit_bool<E: de::Error>(self, _v: bool) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }
    fn visit_i64<E: de::Error>(self, _v: i64) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }
    fn visit_u64<E: de::Error>(self, _v: u64) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }
    fn visit_f64<E: de::Error>(self, _v: f64) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }
}

struct VecOrEmpty<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for VecOrEmpty<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(16_384));
        while let Some(item) = seq.next_element()? {
            out.push(item);
        }
        Ok(out)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some((_, item)) = map.next_entry::<IgnoredAny, T>()? {
            out.push(item);
        }
        Ok(out)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, _v: &str) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_bool<E: de::Error>(self, _v: bool) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_i64<E: de::Error>(self, _v: i64) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_u64<E: de::Error>(self, _v: u64) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_f64<E: de::Error>(self, _v: f64) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests;

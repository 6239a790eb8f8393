//! A file's JSON values, read one after another straight from the text. A Graph list page whose
//! `@odata.context` comes first (Graph writes it first) has its items read into typed objects as
//! they stream past, never held as `serde_json::Value`s; anything else is kept as a `Value` for
//! the readers that need it whole (EntraExporter's objects, PowerShell's, a page written in
//! another key order).

use crate::collect::Names;
use crate::detect::{listing, pages_in};
use crate::place::{number, Place};
use crate::shapes::{not_in_shape, ItemSeed, Key, Lenient, Object};
use crate::{json, ImportError};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::error::Category;
use serde_json::{Map, Number, Value};
use std::fmt;
use std::sync::Arc;

/// One value at the top of a file.
pub(crate) enum TopValue {
    Page(PageRead),
    Other(Value),
}

/// A Graph list page whose `@odata.context` came first.
pub(crate) struct PageRead {
    pub context: String,
    pub next_link: Option<String>,
    pub items: Items,
}

/// A page's `value` list. Left unread for a list that says nothing about licensing.
pub(crate) enum Items {
    /// Read as it streamed: the objects, `None` for an item that is not an object.
    Read(Vec<Option<Object>>),
    /// Read whole, to be read as objects.
    Values(Vec<Value>),
    /// No list.
    Missing,
}

/// An item that is not in Graph's shape: which page of the file (from 0), which item (from 0)
/// and what in it.
struct Failure {
    page: usize,
    item: usize,
    what: &'static str,
}

/// The file's values, in order: at least one. Members' ids are numbered in `names` as read.
pub(crate) fn values(
    path: &str,
    text: &str,
    names: &mut Names,
) -> Result<Vec<TopValue>, ImportError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let mut values = Vec::new();
    let mut pages = 0;
    let mut failure = None;
    // `end` reads past white space and says whether anything follows.
    while deserializer.end().is_err() {
        let seed = TopSeed {
            page: pages,
            failure: &mut failure,
            names: &mut *names,
        };
        match seed.deserialize(&mut deserializer) {
            Ok(value) => {
                pages += match &value {
                    TopValue::Page(_) => 1,
                    TopValue::Other(value) => pages_in(value),
                };
                values.push(value);
            }
            Err(e) => return Err(failed(path, text, &e, failure)),
        }
    }
    if values.is_empty() {
        return Err(json::empty(path));
    }
    Ok(values)
}

/// The error for a value that could not be read. A shape error is reported as it was when the
/// whole file was read before its objects: a syntax error anywhere in the file comes first, and
/// the page is numbered only when the file has several.
fn failed(path: &str, text: &str, e: &serde_json::Error, failure: Option<Failure>) -> ImportError {
    match failure {
        Some(failure) if e.classify() == Category::Data => {
            let values = match json::values(path, text) {
                Ok(values) => values,
                Err(syntax) => return syntax,
            };
            let numbered = values.iter().map(pages_in).sum::<usize>() > 1;
            let place = Place {
                path: Arc::from(path),
                page: numbered.then(|| number(failure.page)),
                item: Some(number(failure.item)),
            };
            not_in_shape(&place, failure.what, e)
        }
        _ => json::error(path, e),
    }
}

/// Reads one value at the top of a file.
struct TopSeed<'f> {
    /// The page of the file this value would be (from 0).
    page: usize,
    failure: &'f mut Option<Failure>,
    names: &'f mut Names,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = TopValue;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<TopValue, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = TopValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopValue, A::Error> {
        let mut object = Map::new();
        let Some(Key(first)) = map.next_key()? else {
            return Ok(TopValue::Other(Value::Object(object)));
        };
        match map.next_value()? {
            Value::String(context)
                if first == "@odata.context" && !listing(&context).is_entity() =>
            {
                return self.page(context, map);
            }
            value => {
                object.insert(first.into_owned(), value);
            }
        }
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value()?;
            object.insert(key, value);
        }
        Ok(TopValue::Other(Value::Object(object)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TopValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(TopValue::Other(Value::Array(items)))
    }

    fn visit_bool<E>(self, b: bool) -> Result<TopValue, E> {
        Ok(TopValue::Other(Value::Bool(b)))
    }

    fn visit_i64<E>(self, n: i64) -> Result<TopValue, E> {
        Ok(TopValue::Other(Value::Number(n.into())))
    }

    fn visit_u64<E>(self, n: u64) -> Result<TopValue, E> {
        Ok(TopValue::Other(Value::Number(n.into())))
    }

    fn visit_f64<E>(self, n: f64) -> Result<TopValue, E> {
        Ok(TopValue::Other(
            Number::from_f64(n).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_str<E>(self, s: &str) -> Result<TopValue, E> {
        Ok(TopValue::Other(Value::String(s.to_owned())))
    }

    fn visit_unit<E>(self) -> Result<TopValue, E> {
        Ok(TopValue::Other(Value::Null))
    }
}

impl TopSeed<'_> {
    /// The rest of a list page after its `@odata.context`.
    fn page<'de, A: MapAccess<'de>>(
        self,
        context: String,
        mut map: A,
    ) -> Result<TopValue, A::Error> {
        let kind = listing(&context).kind;
        let mut page = PageRead {
            context,
            next_link: None,
            items: Items::Missing,
        };
        while let Some(Key(key)) = map.next_key()? {
            match (&*key, kind) {
                ("@odata.nextLink", _) => page.next_link = map.next_value_seed(Lenient)?,
                ("value", Some(kind)) => {
                    let list = map.next_value_seed(ListSeed {
                        kind,
                        page: self.page,
                        failure: &mut *self.failure,
                        names: &mut *self.names,
                    })?;
                    page.items = list.map_or(Items::Missing, Items::Read);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(TopValue::Page(page))
    }
}

/// A page's `value`: a list of objects, or one object; anything else is no list.
struct ListSeed<'f> {
    kind: crate::shapes::Kind,
    page: usize,
    failure: &'f mut Option<Failure>,
    names: &'f mut Names,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = Option<Vec<Option<Object>>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = Option<Vec<Option<Object>>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        let mut what = "";
        loop {
            let seed = ItemSeed {
                kind: self.kind,
                what: &mut what,
                names: &mut *self.names,
            };
            match seq.next_element_seed(seed) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(Some(items)),
                Err(e) => {
                    *self.failure = Some(Failure {
                        page: self.page,
                        item: items.len(),
                        what,
                    });
                    return Err(e);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let mut what = "";
        let seed = ItemSeed {
            kind: self.kind,
            what: &mut what,
            names: self.names,
        };
        match seed.visit_map(map) {
            Ok(item) => Ok(Some(vec![item])),
            Err(e) => {
                *self.failure = Some(Failure {
                    page: self.page,
                    item: 0,
                    what,
                });
                Err(e)
            }
        }
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    crate::shapes::scalars_give!(None);
}

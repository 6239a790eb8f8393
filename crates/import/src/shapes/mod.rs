//! The objects an import keeps, read straight from the text (or from a `Value` for the formats
//! that need rewriting first) into typed shapes that hold only the fields the mapping reads: no
//! `serde_json::Value` per object, no member's name or principal name (a big tenant has a
//! million memberships).

mod graph;
mod user;

pub(crate) use graph::{GraphGroup, GraphMember, GraphOrganization, GraphSku, ObjectType};
pub(crate) use user::GraphUser;

use crate::collect::Names;
use crate::place::Place;
use crate::ImportError;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// A visitor's methods for the values that are neither objects, lists nor strings, all giving
/// `$value`.
macro_rules! scalars_give {
    ($value:expr) => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}
pub(crate) use scalars_give;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Organization,
    Sku,
    User,
    Group,
    Member,
}

/// One object of the export, in the camelCase Graph shape, cleaned: annotations, EntraExporter's
/// expanded `extensions` and properties that are null are left out (Graph leaves out what was not
/// selected, the SDK writes it as null).
/// The big shapes are boxed: a page of members is a list of small objects.
#[derive(Debug, PartialEq)]
pub(crate) enum Object {
    Organization(GraphOrganization),
    Sku(Box<GraphSku>),
    User(Box<GraphUser>),
    Group(Box<GraphGroup>),
    Member(GraphMember),
}

impl Object {
    /// The key its kind is known by (`skuId` for a product, `id` for the rest), when it is a
    /// string: taken out of the object, which keeps its other fields (the key is kept once, as
    /// the object's key in the records). A member's id is a number, read by the records.
    pub(crate) fn take_id(&mut self) -> Option<String> {
        match self {
            Object::Organization(o) => o.id.take(),
            Object::Sku(s) => s.sku_id.take(),
            Object::User(u) => u.id.take(),
            Object::Group(g) => g.id.take(),
            Object::Member(_) => None,
        }
    }
}

/// Reads one item of a list (or a file's one object) as an object of `kind`; `None` when it is
/// not a JSON object. When it is not in Graph's shape, `what` is left saying what was not ("the
/// group", or a user's field such as "usageLocation"). A member's id is numbered in `names`.
pub(crate) struct ItemSeed<'w> {
    pub kind: Kind,
    pub what: &'w mut &'static str,
    pub names: &'w mut Names,
}

impl<'de> DeserializeSeed<'de> for ItemSeed<'_> {
    type Value = Option<Object>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemSeed<'_> {
    type Value = Option<Object>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let whole = serde::de::value::MapAccessDeserializer::new;
        Ok(Some(match self.kind {
            Kind::Organization => Object::Organization(graph::organization(map, self.what)?),
            Kind::Sku => {
                *self.what = "the product";
                Object::Sku(Box::new(GraphSku::deserialize(whole(map))?))
            }
            Kind::Group => {
                *self.what = "the group";
                Object::Group(Box::new(GraphGroup::deserialize(whole(map))?))
            }
            Kind::User => Object::User(Box::new(user::read(map, self.what)?)),
            Kind::Member => Object::Member(graph::member(map, self.names)?),
        }))
    }

    // Anything else is not an object: read past, and said so.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        read_past(seq).map(|()| None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    scalars_give!(None);
}

/// An object's key, borrowed from the text when it has no escapes.
pub(crate) struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A string (borrowed from the text when it has no escapes), or `None` for any other value.
pub(crate) struct LenientStr<'de>(pub Option<Cow<'de, str>>);

impl<'de> Deserialize<'de> for LenientStr<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LenientVisitor;
        impl<'de> Visitor<'de> for LenientVisitor {
            type Value = LenientStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(LenientStr(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                read_past(seq).map(|()| LenientStr(None))
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(LenientStr(Some(Cow::Borrowed(s))))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(LenientStr(Some(Cow::Owned(s.to_owned()))))
            }
            fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
                Ok(LenientStr(Some(Cow::Owned(s))))
            }
            scalars_give!(LenientStr(None));
        }
        deserializer.deserialize_any(LenientVisitor)
    }
}

/// A string, or `None` for any other value (an id that is not a string is no id).
pub(crate) fn lenient_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(LenientStr::deserialize(deserializer)?
        .0
        .map(Cow::into_owned))
}

/// [`lenient_string`] as a seed, for the hand-written readers.
pub(crate) struct Lenient;

impl<'de> DeserializeSeed<'de> for Lenient {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        lenient_string(deserializer)
    }
}

fn read_past<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// "`what` is not in Graph's shape", at its place; `e` without its line and column (the place
/// says where).
pub(crate) fn not_in_shape(place: &Place, what: &str, e: &serde_json::Error) -> ImportError {
    let message = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let message = message.strip_suffix(&position).unwrap_or(&message);
    ImportError::new(
        &place.path,
        format!(
            "{}: {what} is not in Graph's shape ({message}); export it again",
            place.within()
        ),
    )
}

//! A user: the fields the scenario reads itself, typed, and every other property as it is (sorted,
//! so that every format gives the same document).

use super::graph::GraphRow;
use super::{Key, Lenient};
use licenselab_engine::UserDef;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// Besides the scenario's own user fields (`UserDef::known_field`), what is not user data: the
/// plans and groups are derived by the simulation, `licenseDetails` repeats the rows.
const DERIVED: &[&str] = &[
    "assignedPlans",
    "provisionedPlans",
    "memberOf",
    "licenseDetails",
];

#[derive(Debug, PartialEq)]
pub(crate) struct GraphUser {
    pub id: Option<String>,
    pub usage_location: Option<String>,
    pub proxy_addresses: Option<Vec<String>>,
    /// The attributes that are set: a null one is left out as it is read (see `SetAttributes`).
    pub on_premises_extension_attributes: Option<BTreeMap<String, Option<String>>>,
    pub license_assignment_states: Option<Vec<GraphRow>>,
    /// `assignedLicenses` was exported (it is not read: it lists direct and inherited licenses).
    pub has_assigned_licenses: bool,
    /// `assignedPlans` or `provisionedPlans` was exported (the simulation derives them).
    pub has_plans: bool,
    /// Every other property that is not null, in key order; an expanded manager as its id.
    pub properties: Map<String, Value>,
}

/// Reads a user; when a typed field is not in Graph's shape, `what` names it.
pub(crate) fn read<'de, A: MapAccess<'de>>(
    mut map: A,
    what: &mut &'static str,
) -> Result<GraphUser, A::Error> {
    let mut user = GraphUser {
        id: None,
        usage_location: None,
        proxy_addresses: None,
        on_premises_extension_attributes: None,
        license_assignment_states: None,
        has_assigned_licenses: false,
        has_plans: false,
        properties: Map::new(),
    };
    let mut properties: Vec<(String, Value)> = Vec::new();
    while let Some(Key(key)) = map.next_key()? {
        match &*key {
            "id" => user.id = map.next_value_seed(Lenient)?,
            "usageLocation" => {
                *what = "usageLocation";
                user.usage_location = map.next_value()?;
            }
            "proxyAddresses" => {
                *what = "proxyAddresses";
                user.proxy_addresses = map.next_value()?;
            }
            "onPremisesExtensionAttributes" => {
                *what = "onPremisesExtensionAttributes";
                user.on_premises_extension_attributes = map.next_value_seed(SetAttributes)?;
            }
            "licenseAssignmentStates" => {
                *what = "licenseAssignmentStates";
                user.license_assignment_states = map.next_value()?;
            }
            // Read past: only whether they were exported (not null) matters.
            "assignedLicenses" => {
                user.has_assigned_licenses = map.next_value::<Option<IgnoredAny>>()?.is_some();
            }
            "assignedPlans" | "provisionedPlans" => {
                user.has_plans |= map.next_value::<Option<IgnoredAny>>()?.is_some();
            }
            key if UserDef::known_field(key)
                || DERIVED.contains(&key)
                || key.contains('@')
                || key == "extensions" =>
            {
                map.next_value::<IgnoredAny>()?;
            }
            _ => {
                let value: Value = map.next_value()?;
                if !value.is_null() {
                    properties.push((key.into_owned(), value));
                }
            }
        }
    }
    // Sorted as collected (stable); a key written twice keeps its last value, as a JSON object
    // does.
    properties.sort_by(|a, b| a.0.cmp(&b.0));
    properties.dedup_by(|later, first| {
        let same = later.0 == first.0;
        if same {
            std::mem::swap(&mut later.1, &mut first.1);
        }
        same
    });
    user.properties = properties
        .into_iter()
        .map(|(key, value)| {
            let value = match (key.as_str(), value) {
                // An expanded manager is its id.
                ("manager", Value::Object(mut m)) => m.swap_remove("id").unwrap_or(Value::Null),
                (_, value) => value,
            };
            (key, canonical(value))
        })
        .collect();
    Ok(user)
}

/// Object keys in alphabetical order, so that every format gives the same document.
fn canonical(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let sorted: BTreeMap<String, Value> = map.into_iter().collect();
            Value::Object(sorted.into_iter().map(|(k, v)| (k, canonical(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

/// `onPremisesExtensionAttributes` without its null attributes, left out as they are read: the
/// scenario leaves them out, and Graph lists all 15 for every user, so a 100,000-user tenant's
/// nulls, kept as a map each, were a third of the import's peak memory. A key given twice keeps
/// its last value, as a JSON object does (a later null removes it).
struct SetAttributes;

impl<'de> DeserializeSeed<'de> for SetAttributes {
    type Value = Option<BTreeMap<String, Option<String>>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for SetAttributes {
    type Value = Option<BTreeMap<String, Option<String>>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of strings")
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut set = BTreeMap::new();
        while let Some(Key(key)) = map.next_key()? {
            match map.next_value::<Option<String>>()? {
                Some(value) => {
                    set.insert(key.into_owned(), Some(value));
                }
                None => {
                    set.remove(&*key);
                }
            }
        }
        Ok(Some(set))
    }
}

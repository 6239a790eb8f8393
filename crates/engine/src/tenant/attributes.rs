//! Users' Graph properties beyond the ones licensing reads (department, jobTitle, ...), stored
//! compactly (names are tenant-wide keys, repeated values share one string) so that dynamic
//! membership rules read them without allocating.

use licenselab_rules::{ObjectKind, Property};
use rustc_hash::FxHashMap;
use serde_json::Value;
use std::sync::Arc;

/// A property name, as a key into the tenant's `AttributeNames`.
pub type AttributeKey = u32;

#[derive(Debug, Clone, PartialEq)]
pub enum AttributeValue {
    Str(Arc<str>),
    Bool(bool),
    Strings(Vec<Arc<str>>),
    /// Numbers, objects, mixed lists: kept for display and export; rules see no value.
    Other(Value),
}

impl AttributeValue {
    pub fn to_json(&self) -> Value {
        match self {
            AttributeValue::Str(s) => Value::String(s.to_string()),
            AttributeValue::Bool(b) => Value::Bool(*b),
            AttributeValue::Strings(items) => {
                Value::Array(items.iter().map(|s| Value::String(s.to_string())).collect())
            }
            AttributeValue::Other(v) => v.clone(),
        }
    }
}

/// Graph's name for a property where the rule language uses the legacy name.
fn rule_name(graph_name: &str) -> &str {
    match graph_name {
        "mobilePhone" => "mobile",
        "onPremisesSyncEnabled" => "dirSyncEnabled",
        "officeLocation" => "physicalDeliveryOfficeName",
        "businessPhones" => "telephoneNumber",
        other => other,
    }
}

/// The tenant's property names, and strings shared between users.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeNames {
    names: Vec<Box<str>>,
    properties: Vec<Option<Property>>,
    by_name: FxHashMap<Box<str>, AttributeKey>,
    by_property: FxHashMap<Property, AttributeKey>,
    /// Interned values while the starting tenant is built (department names, countries...).
    shared: FxHashMap<Box<str>, Arc<str>>,
    /// Per property key, how often the pool was asked and how often it had nothing: a property
    /// whose values are mostly new (user principal names, display names) stops being pooled, so
    /// its hundred thousand unique strings are not each copied into the pool and freed again.
    pool_use: Vec<PoolUse>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct PoolUse {
    asked: u32,
    missed: u32,
}

impl PoolUse {
    /// Values of this property are mostly unique: pooling them saves nothing.
    fn mostly_unique(self) -> bool {
        self.missed > 1024 && self.missed * 2 > self.asked
    }
}

pub const DISPLAY_NAME: AttributeKey = 0;
pub const MANAGER: AttributeKey = 1;

impl Default for AttributeNames {
    fn default() -> Self {
        let mut names = AttributeNames {
            names: Vec::new(),
            properties: Vec::new(),
            by_name: FxHashMap::default(),
            by_property: FxHashMap::default(),
            shared: FxHashMap::default(),
            pool_use: Vec::new(),
        };
        assert_eq!(names.intern("displayName"), DISPLAY_NAME);
        assert_eq!(names.intern("manager"), MANAGER);
        names
    }
}

impl AttributeNames {
    pub fn intern(&mut self, name: &str) -> AttributeKey {
        self.intern_new(name).0
    }

    /// `intern`, and whether the name is new (so that a loader checks each name once).
    pub fn intern_new(&mut self, name: &str) -> (AttributeKey, bool) {
        if let Some(key) = self.by_name.get(name) {
            return (*key, false);
        }
        let key = AttributeKey::try_from(self.names.len())
            .expect("the scenario size limit keeps property names far below 2^32");
        let property = Property::lookup(ObjectKind::User, rule_name(name));
        if let Some(property) = &property {
            self.by_property.entry(property.clone()).or_insert(key);
        }
        self.names.push(name.into());
        self.properties.push(property);
        self.by_name.insert(name.into(), key);
        (key, true)
    }

    pub fn name(&self, key: AttributeKey) -> &str {
        &self.names[key as usize]
    }

    pub fn key_of(&self, property: &Property) -> Option<AttributeKey> {
        self.by_property.get(property).copied()
    }

    /// A JSON value of property `key` as stored: strings that repeat across users are shared.
    pub fn value(&mut self, key: AttributeKey, value: &Value) -> Option<AttributeValue> {
        Some(match value {
            Value::Null => return None,
            Value::String(s) => AttributeValue::Str(self.share(key, s)),
            Value::Bool(b) => AttributeValue::Bool(*b),
            Value::Array(items) if items.iter().all(Value::is_string) => AttributeValue::Strings(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|s| self.share(key, s))
                    .collect(),
            ),
            other => AttributeValue::Other(other.clone()),
        })
    }

    fn share(&mut self, key: AttributeKey, text: &str) -> Arc<str> {
        // Long strings are unlikely to repeat (names, addresses); only short ones are pooled.
        if text.len() > 24 {
            return text.into();
        }
        let key = key as usize;
        if self.pool_use.len() <= key {
            self.pool_use.resize(key + 1, PoolUse::default());
        }
        if self.pool_use[key].mostly_unique() {
            return text.into();
        }
        self.pool_use[key].asked += 1;
        if let Some(shared) = self.shared.get(text) {
            return shared.clone();
        }
        self.pool_use[key].missed += 1;
        let shared: Arc<str> = text.into();
        self.shared.insert(text.into(), shared.clone());
        shared
    }

    /// Forgets the pool of shared strings (they stay shared where they are used).
    pub(crate) fn release_pool(&mut self) {
        self.shared = FxHashMap::default();
        self.pool_use = Vec::new();
    }
}

/// One user's properties, by key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attributes(Vec<(AttributeKey, AttributeValue)>);

impl Attributes {
    /// Room for `n` properties (a user's as listed), so that setting them does not grow the list.
    pub fn with_capacity(n: usize) -> Self {
        Attributes(Vec::with_capacity(n))
    }

    pub fn get(&self, key: AttributeKey) -> Option<&AttributeValue> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// Sets (or, with `None`, clears) one property.
    pub fn set(&mut self, key: AttributeKey, value: Option<AttributeValue>) {
        self.0.retain(|(k, _)| *k != key);
        if let Some(value) = value {
            self.0.push((key, value));
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (AttributeKey, &AttributeValue)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }

    pub(crate) fn shrink(&mut self) {
        self.0.shrink_to_fit();
    }
}

//! A user's Graph properties beyond the ones licensing reads (department, jobTitle, ...), stored
//! so that dynamic membership rules read them without allocating.

use licenselab_rules::{ObjectKind, Property};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: Box<str>,
    /// The rule property this attribute is, when rules can read it.
    pub property: Option<Property>,
    pub value: AttributeValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AttributeValue {
    Str(Box<str>),
    Bool(bool),
    Strings(Vec<Box<str>>),
    /// Numbers, objects, mixed lists: kept for display and export; rules see no value.
    Other(Value),
}

impl AttributeValue {
    pub fn from_json(value: &Value) -> Option<AttributeValue> {
        Some(match value {
            Value::Null => return None,
            Value::String(s) => AttributeValue::Str(s.as_str().into()),
            Value::Bool(b) => AttributeValue::Bool(*b),
            Value::Array(items) if items.iter().all(Value::is_string) => AttributeValue::Strings(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(Into::into)
                    .collect(),
            ),
            other => AttributeValue::Other(other.clone()),
        })
    }

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

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attributes(Vec<Attribute>);

impl Attributes {
    pub fn from_json<'a>(entries: impl IntoIterator<Item = (&'a String, &'a Value)>) -> Self {
        let mut attributes = Attributes::default();
        for (name, value) in entries {
            attributes.set(name, value);
        }
        attributes
    }

    /// Sets (or, with `null`, clears) one property.
    pub fn set(&mut self, name: &str, value: &Value) {
        self.0.retain(|a| &*a.name != name);
        if let Some(value) = AttributeValue::from_json(value) {
            let property = Property::lookup(ObjectKind::User, rule_name(name));
            self.0.push(Attribute {
                name: name.into(),
                property,
                value,
            });
        }
    }

    pub fn get(&self, property: &Property) -> Option<&AttributeValue> {
        self.0
            .iter()
            .find(|a| a.property.as_ref() == Some(property))
            .map(|a| &a.value)
    }

    pub fn get_named(&self, name: &str) -> Option<&AttributeValue> {
        self.0.iter().find(|a| &*a.name == name).map(|a| &a.value)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Attribute> {
        self.0.iter()
    }
}

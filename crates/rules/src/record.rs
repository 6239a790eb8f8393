//! A simple [`Subject`] keyed by rule property names, for tests and small tools.
//!
//! It looks fields up by name, so it is not meant for the engine's hot path; the engine
//! implements [`Subject`] over its own storage.

use crate::datetime::DateTime;
use crate::schema::Property;
use crate::subject::{AssignedPlanRef, Subject, Value};

/// A user or device as a list of named fields.
///
/// ```
/// use licenselab_rules::{parse, EvalContext, Record, RuleOptions};
///
/// let rule = parse(r#"user.department -eq "Sales""#, &RuleOptions::default()).unwrap();
/// let user = Record::new().with("department", "sales");
/// assert!(rule.matches(&user, &EvalContext::at_unix_seconds(0)));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    fields: Vec<(String, Field)>,
    assigned_plans: Vec<AssignedPlan>,
    member_of: Vec<String>,
    manager: Option<String>,
}

/// The value of one field of a [`Record`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    Str(String),
    Bool(bool),
    DateTime(DateTime),
    Strings(Vec<String>),
}

impl From<&str> for Field {
    fn from(value: &str) -> Self {
        Field::Str(value.to_string())
    }
}

impl From<String> for Field {
    fn from(value: String) -> Self {
        Field::Str(value)
    }
}

impl From<bool> for Field {
    fn from(value: bool) -> Self {
        Field::Bool(value)
    }
}

impl From<DateTime> for Field {
    fn from(value: DateTime) -> Self {
        Field::DateTime(value)
    }
}

impl From<Vec<String>> for Field {
    fn from(value: Vec<String>) -> Self {
        Field::Strings(value)
    }
}

impl From<Vec<&str>> for Field {
    fn from(value: Vec<&str>) -> Self {
        Field::Strings(value.into_iter().map(str::to_string).collect())
    }
}

/// An owned `assignedPlans` item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AssignedPlan {
    pub service_plan_id: Option<String>,
    pub service: Option<String>,
    pub capability_status: Option<String>,
}

impl AssignedPlan {
    pub fn new(service_plan_id: &str, service: &str, capability_status: &str) -> Self {
        AssignedPlan {
            service_plan_id: Some(service_plan_id.to_string()),
            service: Some(service.to_string()),
            capability_status: Some(capability_status.to_string()),
        }
    }

    fn as_ref(&self) -> AssignedPlanRef<'_> {
        AssignedPlanRef {
            service_plan_id: self.service_plan_id.as_deref(),
            service: self.service.as_deref(),
            capability_status: self.capability_status.as_deref(),
        }
    }
}

impl Record {
    pub fn new() -> Self {
        Record::default()
    }

    /// Sets a field by its rule name (`department`, `extensionAttribute3`,
    /// `extension_<appId>_<name>`); names match case-insensitively.
    pub fn set(&mut self, name: &str, value: impl Into<Field>) {
        let value = value.into();
        match self
            .fields
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some((_, slot)) => *slot = value,
            None => self.fields.push((name.to_string(), value)),
        }
    }

    /// Removes a field, making it null.
    pub fn clear(&mut self, name: &str) {
        self.fields.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    pub fn with(mut self, name: &str, value: impl Into<Field>) -> Self {
        self.set(name, value);
        self
    }

    pub fn add_assigned_plan(&mut self, plan: AssignedPlan) {
        self.assigned_plans.push(plan);
    }

    pub fn with_assigned_plan(mut self, plan: AssignedPlan) -> Self {
        self.add_assigned_plan(plan);
        self
    }

    pub fn add_member_of(&mut self, group_id: &str) {
        self.member_of.push(group_id.to_string());
    }

    pub fn with_member_of(mut self, group_id: &str) -> Self {
        self.add_member_of(group_id);
        self
    }

    pub fn set_manager(&mut self, manager_id: Option<&str>) {
        self.manager = manager_id.map(str::to_string);
    }

    pub fn with_manager(mut self, manager_id: &str) -> Self {
        self.set_manager(Some(manager_id));
        self
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }
}

impl Subject for Record {
    fn value(&self, property: &Property) -> Value<'_> {
        match self.field(property.name()) {
            None => Value::Null,
            Some(Field::Str(s)) => Value::Str(s),
            Some(Field::Bool(b)) => Value::Bool(*b),
            Some(Field::DateTime(d)) => Value::DateTime(*d),
            Some(Field::Strings(list)) => Value::Strings(list),
        }
    }

    fn any_assigned_plan(&self, predicate: &mut dyn FnMut(AssignedPlanRef<'_>) -> bool) -> bool {
        self.assigned_plans
            .iter()
            .any(|plan| predicate(plan.as_ref()))
    }

    fn is_direct_member_of(&self, group_id: &str) -> bool {
        self.member_of
            .iter()
            .any(|id| id.eq_ignore_ascii_case(group_id))
    }

    fn manager(&self) -> Option<&str> {
        self.manager.as_deref()
    }
}

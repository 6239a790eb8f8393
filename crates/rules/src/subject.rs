//! What a rule is evaluated against: the engine implements [`Subject`] over its own storage.

use std::fmt;

use crate::datetime::DateTime;
use crate::schema::Property;

/// One object (a user or a device) as a rule sees it.
///
/// Every method borrows from the subject; evaluation never allocates.
pub trait Subject {
    /// The value of a property; [`Value::Null`] when it has none.
    ///
    /// Never called with [`Property::AssignedPlans`] or [`Property::MemberOf`], which are
    /// read through the methods below.
    fn value(&self, property: &Property) -> Value<'_>;

    /// Calls `predicate` on each assigned plan until it returns true; returns whether one did.
    fn any_assigned_plan(&self, predicate: &mut dyn FnMut(AssignedPlanRef<'_>) -> bool) -> bool;

    /// Whether the object is a direct (not nested) member of the group. `group_id` is spelt
    /// as in the rule; object ids are GUIDs, which Graph compares case-insensitively.
    fn is_direct_member_of(&self, group_id: &str) -> bool;

    /// The object id of the user's manager, for `Direct Reports for "<id>"`.
    fn manager(&self) -> Option<&str>;
}

/// A property value, borrowed from the subject.
///
/// A value of another shape than the property's type is read leniently: a string holding
/// `true`/`false` for a Boolean, an ISO-8601 string for a date, a single string for a
/// collection (one element), a collection for a string (any element); anything else counts
/// as no value.
#[derive(Clone, Copy)]
pub enum Value<'a> {
    Null,
    Str(&'a str),
    Bool(bool),
    DateTime(DateTime),
    Strings(&'a dyn StringList),
}

impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("Null"),
            Value::Str(s) => f.debug_tuple("Str").field(s).finish(),
            Value::Bool(b) => f.debug_tuple("Bool").field(b).finish(),
            Value::DateTime(d) => f.debug_tuple("DateTime").field(d).finish(),
            Value::Strings(list) => {
                let mut items = f.debug_list();
                list.any(&mut |s| {
                    items.entry(&s);
                    false
                });
                items.finish()
            }
        }
    }
}

/// A string collection (`proxyAddresses`, `otherMails`, `devicePhysicalIds`, ...).
pub trait StringList {
    /// Calls `predicate` on each element until it returns true; returns whether one did.
    fn any(&self, predicate: &mut dyn FnMut(&str) -> bool) -> bool;
}

impl<S: AsRef<str>> StringList for [S] {
    fn any(&self, predicate: &mut dyn FnMut(&str) -> bool) -> bool {
        self.iter().any(|s| predicate(s.as_ref()))
    }
}

impl<S: AsRef<str>, const N: usize> StringList for [S; N] {
    fn any(&self, predicate: &mut dyn FnMut(&str) -> bool) -> bool {
        self.as_slice().any(predicate)
    }
}

impl<S: AsRef<str>> StringList for Vec<S> {
    fn any(&self, predicate: &mut dyn FnMut(&str) -> bool) -> bool {
        self.as_slice().any(predicate)
    }
}

/// One item of `assignedPlans`, with the three properties rules can read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AssignedPlanRef<'a> {
    pub service_plan_id: Option<&'a str>,
    pub service: Option<&'a str>,
    pub capability_status: Option<&'a str>,
}

/// What evaluation needs besides the subject: the instant `system.now` stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvalContext {
    pub now: DateTime,
}

impl EvalContext {
    pub fn at(now: DateTime) -> Self {
        EvalContext { now }
    }

    pub fn at_unix_seconds(seconds: i64) -> Self {
        EvalContext {
            now: DateTime::from_unix_seconds(seconds),
        }
    }
}

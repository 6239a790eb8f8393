//! While the starting tenant is built, the properties that dynamic rules read, one column per
//! property: a value number per user, in user order, over one table of the distinct values.
//!
//! A user's properties live in the user's own vectors (`User::attributes`, the extension
//! attributes), so evaluating a rule for the candidates of a big tenant misses the cache on the
//! user, on its property vector and on the value, for every property the rule reads. Candidates
//! come in user order, so a column is read front to back and its few distinct values stay in
//! the cache. Users' properties do not change while the tenant is built, so the columns, made
//! once per property, stay true until the build's working data is dropped; a step reads the
//! users themselves.

use super::dynamic::RuleSubject;
use crate::tenant::{Tenant, UserIx};
use licenselab_rules::{AssignedPlanRef, Property, Subject, Value};
use rustc_hash::FxHashMap;

/// A cell: no value, a Boolean, a value read from the user (a list: rare, and borrowed from
/// it), or from `STRINGS` on the `strings` table's position.
const NULL: u32 = 0;
const FALSE: u32 = 1;
const TRUE: u32 = 2;
const FROM_USER: u32 = 3;
const STRINGS: u32 = 4;

#[derive(Debug, Default)]
pub(crate) struct PropertyColumns {
    /// Few (the properties of the tenant's rules), so found by a scan, not a hash.
    columns: Vec<(Property, Vec<u32>)>,
    /// Every distinct string value of every column.
    strings: Vec<Box<str>>,
}

impl PropertyColumns {
    pub(crate) fn has(&self, property: &Property) -> bool {
        self.column(property).is_some()
    }

    fn column(&self, property: &Property) -> Option<&[u32]> {
        self.columns
            .iter()
            .find(|(p, _)| p == property)
            .map(|(_, column)| column.as_slice())
    }

    /// Adds the column of `property` (reading every user once); a property a rule reads
    /// through other means (`memberOf`, `assignedPlans`) gets none.
    pub(crate) fn add(&mut self, tenant: &Tenant, property: &Property) {
        if self.has(property) || matches!(property, Property::AssignedPlans | Property::MemberOf) {
            return;
        }
        let mut numbered: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut column = Vec::with_capacity(tenant.users.len());
        for u in (0..tenant.users.len()).map(UserIx::new) {
            let subject = RuleSubject::new(tenant, u);
            let cell = match subject.value(property) {
                Value::Null => NULL,
                Value::Bool(false) => FALSE,
                Value::Bool(true) => TRUE,
                Value::Str(s) => match numbered.get(s) {
                    Some(cell) => *cell,
                    None => {
                        let cell = STRINGS + self.strings.len() as u32;
                        self.strings.push(s.into());
                        numbered.insert(s.into(), cell);
                        cell
                    }
                },
                Value::DateTime(_) | Value::Strings(_) => FROM_USER,
            };
            column.push(cell);
        }
        self.columns.push((property.clone(), column));
    }

    /// The column of `property`, if made: a cell per user, read with `string` and `on_user`.
    pub(crate) fn cells(&self, property: &Property) -> Option<&[u32]> {
        self.column(property)
    }

    /// The string of a cell, when it holds one.
    pub(crate) fn string(&self, cell: u32) -> Option<&str> {
        let at = cell.checked_sub(STRINGS)?;
        Some(&self.strings[at as usize])
    }

    /// How many distinct strings the columns hold (cells of strings are below
    /// `STRINGS + string_count()`).
    pub(crate) fn string_count(&self) -> usize {
        self.strings.len()
    }

    /// Whether the cell's value is kept on the user (a list), to be read there.
    pub(crate) fn on_user(cell: u32) -> bool {
        cell == FROM_USER
    }

    /// A string cell's position among the strings (`None` for other cells).
    pub(crate) fn string_position(cell: u32) -> Option<usize> {
        cell.checked_sub(STRINGS).map(|at| at as usize)
    }
}

/// A user as a membership rule sees it, reading the columns where there are some.
pub(crate) struct ColumnSubject<'a> {
    columns: &'a PropertyColumns,
    user: RuleSubject<'a>,
    u: UserIx,
}

impl<'a> ColumnSubject<'a> {
    pub(crate) fn new(columns: &'a PropertyColumns, tenant: &'a Tenant, u: UserIx) -> Self {
        ColumnSubject {
            columns,
            user: RuleSubject::new(tenant, u),
            u,
        }
    }
}

impl Subject for ColumnSubject<'_> {
    fn value(&self, property: &Property) -> Value<'_> {
        let Some(column) = self.columns.column(property) else {
            return self.user.value(property);
        };
        match column[self.u.index()] {
            NULL => Value::Null,
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            FROM_USER => self.user.value(property),
            cell => Value::Str(&self.columns.strings[(cell - STRINGS) as usize]),
        }
    }

    fn any_assigned_plan(&self, predicate: &mut dyn FnMut(AssignedPlanRef<'_>) -> bool) -> bool {
        self.user.any_assigned_plan(predicate)
    }

    fn is_direct_member_of(&self, group_id: &str) -> bool {
        self.user.is_direct_member_of(group_id)
    }

    fn manager(&self) -> Option<&str> {
        self.user.manager()
    }
}

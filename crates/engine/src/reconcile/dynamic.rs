//! Dynamic groups (B4): membership from a rule, kept current as users, memberships and licenses
//! change.
//!
//! Changes that a rule might read are queued as (user, trigger); `settle` drains the queue,
//! re-evaluating only the dynamic groups whose rule reads what changed. Joining or leaving a
//! group reprocesses the user's licenses, which can change their `assignedPlans` and so queue
//! more work: a cascade. It converges because each (user, group) pair may change membership at
//! most `MAX_FLIPS` times in one step; a rule set that would oscillate past that is stopped where
//! it stands and reported in the audit log.

use super::columns::{ColumnSubject, PropertyColumns};
use super::Transition;
use crate::tenant::rule_index::RuleIndex;
use crate::tenant::{GroupIx, Member, MemberRef, Source, State, Tenant, User, UserIx};
use licenselab_rules::{AssignedPlanRef, EvalContext, Property, Subject, Value};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};

const MAX_FLIPS: u8 = 4;

/// What changed for a user, so only the rules that read it are evaluated again.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Trigger {
    Everything,
    Properties(Vec<Property>),
    MemberOf(GroupIx),
    AssignedPlans,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Cascade {
    queue: VecDeque<(UserIx, Trigger)>,
    flips: HashMap<(UserIx, GroupIx), u8>,
}

/// A user as a membership rule sees it.
pub struct RuleSubject<'a> {
    tenant: &'a Tenant,
    user: &'a User,
}

impl<'a> RuleSubject<'a> {
    pub fn new(tenant: &'a Tenant, u: UserIx) -> Self {
        RuleSubject {
            tenant,
            user: tenant.user(u),
        }
    }
}

impl Subject for RuleSubject<'_> {
    fn value(&self, property: &Property) -> Value<'_> {
        use crate::tenant::attributes::AttributeValue;
        let user = self.user;
        match property {
            Property::ObjectId => Value::Str(&user.id),
            Property::UsageLocation => user
                .usage_location
                .as_deref()
                .map_or(Value::Null, Value::Str),
            Property::ProxyAddresses => Value::Strings(&user.proxy_addresses),
            Property::ExtensionAttribute(n) => {
                user.extension_attribute(*n).map_or(Value::Null, Value::Str)
            }
            other => match self
                .tenant
                .attribute_names
                .key_of(other)
                .and_then(|key| user.attributes.get(key))
            {
                Some(AttributeValue::Str(s)) => Value::Str(s),
                Some(AttributeValue::Bool(b)) => Value::Bool(*b),
                Some(AttributeValue::Strings(items)) => Value::Strings(items),
                Some(AttributeValue::Other(_)) | None => Value::Null,
            },
        }
    }

    fn any_assigned_plan(&self, predicate: &mut dyn FnMut(AssignedPlanRef<'_>) -> bool) -> bool {
        for row in self.user.rows.iter().filter(|r| r.holds_seat) {
            let sku = self.tenant.sku(row.sku);
            let status = if row.state == State::Disabled {
                "Suspended"
            } else {
                "Enabled"
            };
            for pos in row.enabled.iter() {
                let plan = self.tenant.plans.plan(sku.plans[pos]);
                let item = AssignedPlanRef {
                    service_plan_id: Some(&plan.id),
                    service: None,
                    capability_status: Some(status),
                };
                if predicate(item) {
                    return true;
                }
            }
        }
        false
    }

    fn is_direct_member_of(&self, group_id: &str) -> bool {
        self.tenant
            .rule_index
            .groups_named(&self.tenant.groups, group_id)
            .any(|g| self.user.memberships.contains(&g))
    }

    fn manager(&self) -> Option<&str> {
        self.user.manager()
    }
}

impl Tenant {
    fn evaluation_context(&self) -> EvalContext {
        EvalContext::at(self.policy.now)
    }

    /// Is the group's rule live: a dynamic, live group whose processing is not paused?
    pub(crate) fn rule_is_live(&self, g: GroupIx) -> bool {
        let group = self.group(g);
        group.alive && group.is_dynamic() && !group.rule_paused && group.rule.is_some()
    }

    pub(crate) fn rule_matches(&self, g: GroupIx, u: UserIx) -> bool {
        match &self.group(g).rule {
            Some(rule) => rule.matches(&RuleSubject::new(self, u), &self.evaluation_context()),
            None => false,
        }
    }

    /// Builds the index of which rules read what, for the tenant as loaded; steps then keep it
    /// current with `unwatch_rule` and `watch_rule`.
    pub(crate) fn index_rules(&mut self) {
        self.rule_index = RuleIndex::new(&self.groups);
        for g in (0..self.groups.len()).map(GroupIx::new) {
            self.watch_rule(g);
        }
    }

    /// Adds group `g`'s rule to the index if it is live; call after it may have become live.
    pub(crate) fn watch_rule(&mut self, g: GroupIx) {
        if self.rule_is_live(g) {
            if let Some(rule) = &self.groups[g.index()].rule {
                self.rule_index.watch(&self.groups, g, rule);
            }
        }
    }

    /// Takes group `g`'s rule out of the index if it is live; call before changing the group's
    /// rule, type, processing state or existence.
    pub(crate) fn unwatch_rule(&mut self, g: GroupIx) {
        if self.rule_is_live(g) {
            if let Some(rule) = &self.groups[g.index()].rule {
                self.rule_index.unwatch(&self.groups, g, rule);
            }
        }
    }
}

impl Transition<'_> {
    /// The dynamic groups whose rule reads what `trigger` says changed, in group order.
    fn watching(&self, trigger: &Trigger) -> Vec<GroupIx> {
        let w = &self.rule_index;
        let mut groups = match trigger {
            Trigger::Everything => w.all.clone(),
            Trigger::Properties(properties) => properties
                .iter()
                .filter_map(|p| w.by_property.get(p))
                .flatten()
                .copied()
                .collect(),
            Trigger::MemberOf(x) => w.by_member_of.get(x).cloned().unwrap_or_default(),
            Trigger::AssignedPlans => w.assigned_plans.clone(),
        };
        GroupIx::sort(&mut groups);
        groups.dedup();
        groups
    }

    pub(crate) fn queue_rules(&mut self, u: UserIx, trigger: Trigger) {
        let watched = match &trigger {
            Trigger::Everything => !self.rule_index.all.is_empty(),
            Trigger::Properties(properties) => properties
                .iter()
                .any(|p| self.rule_index.by_property.contains_key(p)),
            Trigger::MemberOf(x) => self.rule_index.by_member_of.contains_key(x),
            Trigger::AssignedPlans => !self.rule_index.assigned_plans.is_empty(),
        };
        if watched {
            self.work.cascade.queue.push_back((u, trigger));
        }
    }

    /// Re-evaluates what the queue asks for until nothing changes (or the flip bound stops it).
    pub(crate) fn settle(&mut self) {
        while let Some((u, trigger)) = self.work.cascade.queue.pop_front() {
            if !self.user(u).alive {
                continue;
            }
            for g in self.watching(&trigger) {
                let should = self.matches(g, u);
                if should == self.is_member(g, MemberRef::User(u)) {
                    continue;
                }
                let flips = self.work.cascade.flips.entry((u, g)).or_insert(0);
                if *flips >= MAX_FLIPS {
                    if *flips == MAX_FLIPS {
                        *flips += 1;
                        let entry = crate::tenant::AuditEntry {
                            activity: crate::tenant::Activity::DynamicMembershipStopped,
                            target: crate::tenant::AuditTarget::Group(g),
                            result: format!(
                                "failure: the membership of {} keeps changing because rules read licenses that the group's own membership changes; it was left as it stands. Break the cycle between the rules.",
                                self.user(u).id
                            ).into(),
                        };
                        self.audit(entry);
                    }
                    continue;
                }
                *flips += 1;
                let stamp = self.tick_join_clock();
                self.set_dynamic_membership(g, u, should, stamp);
            }
        }
        self.work.cascade.flips.clear();
    }

    fn set_dynamic_membership(&mut self, g: GroupIx, u: UserIx, member: bool, stamp: u32) {
        if member {
            self.push_member(
                g,
                Member {
                    who: MemberRef::User(u),
                    joined: stamp,
                },
            );
            self.memberships_mut(u).push(g);
        } else {
            self.remove_membership(g, MemberRef::User(u));
        }
        self.process_user(u);
        self.queue_rules(u, Trigger::MemberOf(g));
    }

    /// Evaluates a dynamic group's rule for every user (a new rule, a new group, processing
    /// resumed). Leavers go first, so their seats are counted before joiners ask; joiners share
    /// one join time and are served by id (§8.1).
    pub(crate) fn evaluate_dynamic_group(&mut self, g: GroupIx) {
        if !self.rule_is_live(g) {
            return;
        }
        // Members in user order (leavers are served in that order); a group being built has
        // none, so no pass over every user is made for it.
        let mut members: Vec<UserIx> = self.group(g).user_members().map(|(u, _)| u).collect();
        UserIx::sort(&mut members);
        let candidates = self.rule_candidates(g);
        let mut joiners = Vec::new();
        let leavers: Vec<UserIx> = members
            .iter()
            .copied()
            .filter(|u| !self.matches(g, *u))
            .collect();
        let mut consider = |u: UserIx| {
            if members.binary_search(&u).is_err() && self.matches(g, u) {
                joiners.push(u);
            }
        };
        match candidates {
            // Live users only (the value index lists no other).
            Some(candidates) => candidates.into_iter().for_each(&mut consider),
            None => (0..self.users.len())
                .map(UserIx::new)
                .filter(|u| self.user(*u).alive)
                .for_each(&mut consider),
        }
        for u in leavers {
            self.set_dynamic_membership(g, u, false, 0);
        }
        let stamp = self.tick_join_clock();
        // By id, read from the id index's one arena rather than from each user's own string.
        let ids = std::sync::Arc::clone(&self.user_ids);
        crate::order::sort_by(&mut joiners, |a, b| {
            ids.id(a.index()).cmp(ids.id(b.index()))
        });
        let users_join_now = self.work.users_join_now();
        for &u in &joiners {
            self.push_member(
                g,
                Member {
                    who: MemberRef::User(u),
                    joined: stamp,
                },
            );
            if users_join_now {
                self.memberships_mut(u).push(g);
            }
        }
        for u in joiners {
            if self.work.building {
                // Joined just above. A group being built gets its licenses after its members
                // (`scenario/build.rs`), and no path of it was evaluated before (an observed
                // tenant's reported rows are evaluated by nothing): a path that gives nothing
                // and had nothing is not looked at (a cache miss on the rows).
                if self.group(g).licenses.is_empty() {
                    debug_assert!(
                        self.work.frozen
                            || self
                                .user(u)
                                .rows
                                .iter()
                                .all(|r| r.source != Source::Group(g))
                    );
                } else {
                    self.evaluate_group_path(u, g, true);
                }
            } else {
                self.process_user(u);
            }
            self.queue_rules(u, Trigger::MemberOf(g));
        }
    }

    /// `Tenant::rule_matches`; while the starting tenant is built, the properties are read from
    /// the build's columns (`columns.rs`).
    fn matches(&self, g: GroupIx, u: UserIx) -> bool {
        if !self.work.building {
            return self.rule_matches(g, u);
        }
        match &self.group(g).rule {
            Some(rule) => rule.matches(
                &ColumnSubject::new(&self.work.columns, self.tenant, u),
                &self.evaluation_context(),
            ),
            None => false,
        }
    }

    /// While the starting tenant is built, the users a rule can possibly match, from an index of
    /// property values (users do not change during the build, so the index stays valid), and
    /// the columns of every property the rule reads. `None` means every live user must be
    /// evaluated.
    fn rule_candidates(&mut self, g: GroupIx) -> Option<Vec<UserIx>> {
        if !self.work.building {
            return None;
        }
        let rule = self.tenant.groups[g.index()].rule.as_ref()?;
        for property in rule.properties() {
            self.work.columns.add(self.tenant, property);
        }
        // Only properties compared as text have filters, and each has its column; one without
        // would only be left out (fewer filters, more candidates).
        let mut filters = rule.equality_prefilters();
        filters.retain(|(property, _)| self.work.columns.has(property));
        for (property, _) in &filters {
            if !self.work.value_index.contains_key(*property) {
                let index = index_values(self.tenant, &self.work.columns, rule, property);
                self.work.value_index.insert((*property).clone(), index);
            }
        }
        // Per filter, the users it lets through, in user order: a value's list as it is in the
        // index (no copy), or the union of several values' lists.
        let mut lists: Vec<Cow<[UserIx]>> = filters
            .iter()
            .map(|(property, values)| {
                let index = &self.work.value_index[*property];
                let list = |v: &str| index.get(v).map_or(&[][..], Vec::as_slice);
                match values.as_slice() {
                    [value] => Cow::Borrowed(list(value)),
                    values => {
                        let mut union: Vec<UserIx> =
                            values.iter().flat_map(|v| list(v)).copied().collect();
                        UserIx::sort(&mut union);
                        Cow::Owned(union)
                    }
                }
            })
            .collect();
        // Every filter is necessary, so a match is in all of them: the shortest list, less the
        // users another list lacks.
        crate::order::sort_by_key(&mut lists, |list| list.len());
        let (shortest, others) = lists.split_first()?;
        let mut candidates: Vec<UserIx> = shortest
            .iter()
            .copied()
            .filter(|u| others.iter().all(|list| list.binary_search(u).is_ok()))
            .collect();
        // A user whose list property holds a value twice is listed twice.
        candidates.dedup();
        Some(candidates)
    }
}

/// Users by the folded values of `property`, for `rule_candidates`: each value's list is in user
/// order. Read from the property's column (made by `rule_candidates`; none, no users), so each
/// distinct value is folded once.
fn index_values(
    tenant: &Tenant,
    columns: &PropertyColumns,
    rule: &licenselab_rules::Rule,
    property: &Property,
) -> FxHashMap<String, Vec<UserIx>> {
    let cells = columns.cells(property).unwrap_or_default();
    // Each folded value's list, and which list each distinct string goes to (values that fold
    // alike share one).
    let mut slot_of_key: FxHashMap<String, usize> = FxHashMap::default();
    let mut lists: Vec<Vec<UserIx>> = Vec::new();
    let mut slot_of_string: Vec<Option<usize>> = vec![None; columns.string_count()];
    let mut slot = |value: &str| {
        let next = lists.len();
        let at = *slot_of_key.entry(rule.fold(value)).or_insert(next);
        if at == next {
            lists.push(Vec::new());
        }
        at
    };
    let mut placed: Vec<(usize, UserIx)> = Vec::new();
    for (i, &cell) in cells.iter().enumerate() {
        let u = UserIx::new(i);
        if !tenant.user(u).alive {
            continue;
        }
        if let Some(at) = PropertyColumns::string_position(cell) {
            let value = columns.string(cell).expect("a string cell");
            let at = *slot_of_string[at].get_or_insert_with(|| slot(value));
            placed.push((at, u));
        } else if PropertyColumns::on_user(cell) {
            if let Value::Strings(list) = RuleSubject::new(tenant, u).value(property) {
                list.any(&mut |s| {
                    placed.push((slot(s), u));
                    false
                });
            }
        }
    }
    for (at, u) in placed {
        lists[at].push(u);
    }
    let mut index: FxHashMap<String, Vec<UserIx>> = FxHashMap::default();
    for (key, at) in slot_of_key {
        index.insert(key, std::mem::take(&mut lists[at]));
    }
    index
}

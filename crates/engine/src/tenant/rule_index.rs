//! Which live dynamic groups read what, so a change looks only at the rules it can affect; and
//! the groups a `memberOf` rule names, found without scanning the groups.
//!
//! Kept current one group at a time (`watch` after a rule becomes live, `unwatch` before it
//! stops being live or changes), so a step that changes one rule costs that rule's size, not the
//! number of rules.

use super::{Group, GroupIx};
use licenselab_rules::{Property, Rule};
use rustc_hash::{FxHashMap, FxHasher};
use smallvec::SmallVec;
use std::hash::Hasher;

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RuleIndex {
    /// Every live rule's group.
    pub(crate) all: Vec<GroupIx>,
    pub(crate) by_property: FxHashMap<Property, Vec<GroupIx>>,
    /// Group named in a `memberOf` rule -> the groups whose rule names it.
    pub(crate) by_member_of: FxHashMap<GroupIx, Vec<GroupIx>>,
    pub(crate) assigned_plans: Vec<GroupIx>,
    /// Every group (pending and deleted ones too) by the hash of its id folded to ASCII lower
    /// case: rules name groups case-insensitively, and hashing the folded bytes finds them
    /// without making a lower-case copy of the name on every evaluation.
    by_folded_id: FxHashMap<u64, SmallVec<[GroupIx; 1]>>,
}

fn folded_hash(id: &str) -> u64 {
    let mut hasher = FxHasher::default();
    for byte in id.bytes() {
        hasher.write_u8(byte.to_ascii_lowercase());
    }
    hasher.finish()
}

impl RuleIndex {
    /// The index of `groups`' ids; their rules are added with `watch`.
    pub(crate) fn new(groups: &[Group]) -> Self {
        let mut by_folded_id: FxHashMap<u64, SmallVec<[GroupIx; 1]>> = FxHashMap::default();
        for (i, group) in groups.iter().enumerate() {
            by_folded_id
                .entry(folded_hash(&group.id))
                .or_default()
                .push(GroupIx::new(i));
        }
        RuleIndex {
            by_folded_id,
            ..RuleIndex::default()
        }
    }

    /// The groups whose id is `id` ignoring ASCII case, in group order.
    pub(crate) fn groups_named<'a>(
        &'a self,
        groups: &'a [Group],
        id: &'a str,
    ) -> impl Iterator<Item = GroupIx> + 'a {
        self.by_folded_id
            .get(&folded_hash(id))
            .into_iter()
            .flatten()
            .copied()
            .filter(move |g| groups[g.index()].id.eq_ignore_ascii_case(id))
    }

    pub(crate) fn watches_assigned_plans(&self) -> bool {
        !self.assigned_plans.is_empty()
    }

    /// Adds live rule `rule` of group `g`.
    pub(crate) fn watch(&mut self, groups: &[Group], g: GroupIx, rule: &Rule) {
        self.all.push(g);
        for property in rule.properties() {
            self.by_property
                .entry(property.clone())
                .or_default()
                .push(g);
        }
        for x in self.member_of_keys(groups, rule) {
            self.by_member_of.entry(x).or_default().push(g);
        }
        if rule.reads_assigned_plans() {
            self.assigned_plans.push(g);
        }
    }

    /// Removes what `watch` added for `g` with the same `rule`; keys left with no group go, so
    /// that a present key means someone watches.
    pub(crate) fn unwatch(&mut self, groups: &[Group], g: GroupIx, rule: &Rule) {
        self.all.retain(|x| *x != g);
        for property in rule.properties() {
            remove_from(&mut self.by_property, property, g);
        }
        for x in self.member_of_keys(groups, rule) {
            remove_from(&mut self.by_member_of, &x, g);
        }
        self.assigned_plans.retain(|x| *x != g);
    }

    /// The groups a memberOf rule watches: for each id it names, the first group carrying it.
    fn member_of_keys(&self, groups: &[Group], rule: &Rule) -> Vec<GroupIx> {
        rule.member_of_groups()
            .iter()
            .filter_map(|id| self.groups_named(groups, id).next())
            .collect()
    }
}

fn remove_from<K: std::hash::Hash + Eq>(map: &mut FxHashMap<K, Vec<GroupIx>>, key: &K, g: GroupIx) {
    if let Some(list) = map.get_mut(key) {
        list.retain(|x| *x != g);
        if list.is_empty() {
            map.remove(key);
        }
    }
}

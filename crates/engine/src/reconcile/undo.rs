//! Undoing a step: while a step applies, the prior value of everything it changes, so that the
//! tenant can be put back exactly as it was (a front end's undo, a preview, a reprocess check).
//!
//! Every change a transition makes to the tenant goes through the recording methods below
//! (`rows_mut`, `memberships_mut`, `user_mut`, `group_mut`, `push_member`, `take_member`,
//! `sku_mut`, the proxy index, the rule index, the property names); the audit log and the join
//! clock only grow, so their length and value at the start are enough. A part is recorded the
//! first time a step changes it, so a step's log holds what it touched and no more: a
//! membership change holds a user's rows and memberships, a product's counters and one member
//! entry, never a group's 100,000 members. Undoing replays the log backwards, so the first
//! record of each part (its value before the step) is the one that stays.

use super::Transition;
use crate::tenant::proxies::ProxyKey;
use crate::tenant::rule_index::RuleIndex;
use crate::tenant::{
    attributes::AttributeNames, GroupIx, Member, MemberRef, Row, Sku, SkuIx, Tenant, User, UserIx,
};
use rustc_hash::FxHashSet;
use smallvec::SmallVec;

/// What one step changed, to put it back (`Tenant::undo`).
#[derive(Debug, Clone)]
pub(crate) struct UndoLog {
    audit_len: usize,
    join_clock: u32,
    entries: Vec<Entry>,
    /// Parts already recorded in this step (emptied when the step ends: a kept log needs none).
    seen: Seen,
}

#[derive(Debug, Clone, Default)]
struct Seen {
    rows: FxHashSet<UserIx>,
    memberships: FxHashSet<UserIx>,
    users: FxHashSet<UserIx>,
    groups: FxHashSet<GroupIx>,
    skus: FxHashSet<SkuIx>,
    proxies: FxHashSet<ProxyKey>,
    rule_index: bool,
    attribute_names: bool,
}

/// The value a part had when a step first changed it.
#[derive(Debug, Clone)]
enum Entry {
    Rows(UserIx, Vec<Row>),
    Memberships(UserIx, Vec<GroupIx>),
    /// A user's properties and existence (and with them, rows and memberships).
    User(UserIx, Box<User>),
    /// A group but its members, which have entries of their own (a group may have 100,000).
    Group(GroupIx, Box<Group>),
    MemberPushed(GroupIx),
    MemberRemoved(GroupIx, usize, Member),
    Sku(SkuIx, Box<Sku>),
    ProxyOwners(ProxyKey, SmallVec<[UserIx; 2]>),
    /// An address first seen in this step.
    ProxyInterned(String),
    RuleIndex(Box<RuleIndex>),
    AttributeNames(Box<AttributeNames>),
}

use crate::tenant::Group;

impl UndoLog {
    /// An empty log for a step about to apply to `tenant`.
    pub(crate) fn start(tenant: &Tenant) -> Self {
        UndoLog {
            audit_len: tenant.audit.len(),
            join_clock: tenant.join_clock,
            entries: Vec::new(),
            seen: Seen::default(),
        }
    }

    /// Each user whose memberships the step may have changed, in user order, with the groups
    /// they were a direct member of before it.
    pub(crate) fn memberships_before(&self) -> Vec<(UserIx, &[GroupIx])> {
        let mut before: Vec<(UserIx, &[GroupIx])> = Vec::new();
        let mut seen = FxHashSet::default();
        for entry in &self.entries {
            let (u, memberships) = match entry {
                Entry::Memberships(u, memberships) => (*u, memberships.as_slice()),
                Entry::User(u, user) => (*u, user.memberships.as_slice()),
                _ => continue,
            };
            // The first record of a user is the value before the step.
            if seen.insert(u) {
                before.push((u, memberships));
            }
        }
        crate::order::sort_by_key(&mut before, |(u, _)| *u);
        before
    }

    /// The log as kept after its step: only the entries.
    pub(crate) fn finish(mut self) -> Self {
        self.seen = Seen::default();
        self.entries.shrink_to_fit();
        self
    }
}

impl Tenant {
    /// Puts back what the step that wrote `log` changed: the tenant is then equal to what it was
    /// before that step. Logs are undone newest first.
    pub(crate) fn undo(&mut self, log: UndoLog) {
        for entry in log.entries.into_iter().rev() {
            match entry {
                Entry::Rows(u, rows) => self.users[u.index()].rows = rows,
                Entry::Memberships(u, memberships) => {
                    self.users[u.index()].memberships = memberships
                }
                Entry::User(u, user) => self.users[u.index()] = *user,
                Entry::Group(g, group) => {
                    let slot = &mut self.groups[g.index()];
                    let members = std::mem::take(&mut slot.members);
                    *slot = *group;
                    slot.members = members;
                }
                Entry::MemberPushed(g) => {
                    self.groups[g.index()].members.pop();
                }
                Entry::MemberRemoved(g, at, member) => {
                    self.groups[g.index()].members.insert(at, member)
                }
                Entry::Sku(s, sku) => self.skus[s.index()] = *sku,
                Entry::ProxyOwners(key, owners) => self.proxies.restore_owners(key, owners),
                Entry::ProxyInterned(address) => self.proxies.forget(&address),
                Entry::RuleIndex(index) => self.rule_index = *index,
                Entry::AttributeNames(names) => self.attribute_names = *names,
            }
        }
        self.audit.truncate(log.audit_len);
        self.join_clock = log.join_clock;
    }
}

impl Transition<'_> {
    /// Records an entry made by `make`, unless `first` says the part was recorded already this
    /// step (or nothing is being recorded).
    fn record(
        &mut self,
        first: impl FnOnce(&mut Seen) -> bool,
        make: impl FnOnce(&Tenant) -> Entry,
    ) {
        if let Some(log) = self.work.undo.as_mut() {
            if first(&mut log.seen) {
                log.entries.push(make(self.tenant));
            }
        }
    }

    /// A user's license rows, to change.
    pub(crate) fn rows_mut(&mut self, u: UserIx) -> &mut Vec<Row> {
        self.record(
            |seen| seen.rows.insert(u),
            |t| Entry::Rows(u, t.users[u.index()].rows.clone()),
        );
        &mut self.tenant.users[u.index()].rows
    }

    /// The groups a user is a direct member of, to change.
    pub(crate) fn memberships_mut(&mut self, u: UserIx) -> &mut Vec<GroupIx> {
        self.record(
            |seen| seen.memberships.insert(u),
            |t| Entry::Memberships(u, t.users[u.index()].memberships.clone()),
        );
        &mut self.tenant.users[u.index()].memberships
    }

    /// A user, to change its properties or existence.
    pub(crate) fn user_mut(&mut self, u: UserIx) -> &mut User {
        self.record(
            |seen| seen.users.insert(u),
            |t| Entry::User(u, Box::new(t.users[u.index()].clone())),
        );
        &mut self.tenant.users[u.index()]
    }

    /// A group, to change anything but its members (`push_member`, `take_member` change them).
    pub(crate) fn group_mut(&mut self, g: GroupIx) -> &mut Group {
        if let Some(log) = self.work.undo.as_mut() {
            if log.seen.groups.insert(g) {
                let group = &mut self.tenant.groups[g.index()];
                let members = std::mem::take(&mut group.members);
                log.entries.push(Entry::Group(g, Box::new(group.clone())));
                group.members = members;
            }
        }
        &mut self.tenant.groups[g.index()]
    }

    pub(crate) fn push_member(&mut self, g: GroupIx, member: Member) {
        if let Some(log) = self.work.undo.as_mut() {
            log.entries.push(Entry::MemberPushed(g));
        }
        self.tenant.groups[g.index()].members.push(member);
    }

    /// Takes `who` out of `g`'s members (if there).
    pub(crate) fn take_member(&mut self, g: GroupIx, who: MemberRef) {
        let members = &mut self.tenant.groups[g.index()].members;
        let Some(at) = members.iter().position(|m| m.who == who) else {
            return;
        };
        let member = members.remove(at);
        if let Some(log) = self.work.undo.as_mut() {
            log.entries.push(Entry::MemberRemoved(g, at, member));
        }
    }

    /// A product, to change its units, plans or seat count.
    pub(crate) fn sku_mut(&mut self, s: SkuIx) -> &mut Sku {
        self.record(
            |seen| seen.skus.insert(s),
            |t| Entry::Sku(s, Box::new(t.skus[s.index()].clone())),
        );
        &mut self.tenant.skus[s.index()]
    }

    /// The property names and their value pool, to intern a new one.
    pub(crate) fn attribute_names_mut(&mut self) -> &mut AttributeNames {
        self.record(
            |seen| !std::mem::replace(&mut seen.attribute_names, true),
            |t| Entry::AttributeNames(Box::new(t.attribute_names.clone())),
        );
        &mut self.tenant.attribute_names
    }

    fn record_rule_index(&mut self) {
        self.record(
            |seen| !std::mem::replace(&mut seen.rule_index, true),
            |t| Entry::RuleIndex(Box::new(t.rule_index.clone())),
        );
    }

    /// `Tenant::watch_rule`, recorded.
    pub(crate) fn watch_rule(&mut self, g: GroupIx) {
        if self.rule_is_live(g) {
            self.record_rule_index();
            self.tenant.watch_rule(g);
        }
    }

    /// `Tenant::unwatch_rule`, recorded.
    pub(crate) fn unwatch_rule(&mut self, g: GroupIx) {
        if self.rule_is_live(g) {
            self.record_rule_index();
            self.tenant.unwatch_rule(g);
        }
    }

    /// `Tenant::refresh_masks`, recorded.
    pub(crate) fn refresh_masks(&mut self, s: SkuIx) {
        self.sku_mut(s);
        self.tenant.refresh_masks(s);
    }

    /// `Tenant::register_proxies`, recorded.
    pub(crate) fn register_proxies(&mut self, u: UserIx, present: bool) {
        let keys = self.tenant.users[u.index()].proxy_keys.clone();
        for key in keys {
            self.record(
                |seen| seen.proxies.insert(key),
                |t| Entry::ProxyOwners(key, t.proxies.owners(key).clone()),
            );
            self.tenant.proxies.set_owner(key, u, present);
        }
    }

    /// `Tenant::set_proxy_addresses`, recorded (call with the user out of the index).
    pub(crate) fn set_proxy_addresses(&mut self, u: UserIx, addresses: Vec<String>) {
        self.user_mut(u);
        let mut keys = SmallVec::new();
        for address in &addresses {
            let (key, new) = self.tenant.proxies.intern_new(address);
            if new {
                if let Some(log) = self.work.undo.as_mut() {
                    log.entries.push(Entry::ProxyInterned(address.clone()));
                }
            }
            keys.push(key);
        }
        let user = &mut self.tenant.users[u.index()];
        user.proxy_keys = keys;
        user.proxy_addresses = addresses;
    }

    /// The audit log, to append to (undone by its length at the step's start).
    pub(crate) fn audit(&mut self, entry: crate::tenant::AuditEntry) {
        self.tenant.audit.push(entry);
    }

    /// The next join time (undone by the clock's value at the step's start).
    pub(crate) fn tick_join_clock(&mut self) -> u32 {
        self.tenant.join_clock += 1;
        self.tenant.join_clock
    }
}

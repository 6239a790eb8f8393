//! The tenant: products, users, groups and every license path, in dense indexed storage.
//!
//! This module holds state and the queries derived from it; `reconcile` changes it, with its
//! working data kept apart (`reconcile::Work`).

pub(crate) mod attributes;
mod compliance;
pub(crate) mod id_index;
mod ids;
mod pending;
pub(crate) mod plans;
pub(crate) mod planset;
pub(crate) mod policy;
pub(crate) mod proxies;
mod queries;
pub(crate) mod reason;
pub(crate) mod rule_index;

use crate::scenario::document::{Organization, PrepaidUnits};
use attributes::{AttributeNames, Attributes};
pub use compliance::ComplianceReport;
pub use ids::{GroupIx, PlanIx, SkuIx, UserIx};
pub use pending::{PendingReason, PendingWork};
pub use plans::PlanRules;
pub use planset::PlanSet;
pub use policy::Policy;
pub(crate) use queries::processing_state;
pub use queries::{GroupType, PlanInfo, UserStatus};

#[derive(Debug, Clone, PartialEq)]
pub struct Tenant {
    /// The scenario's options, validated.
    pub(crate) policy: Policy,
    pub(crate) organization: Organization,
    /// The scenario's own additions to the built-in catalog (kept for snapshots).
    pub(crate) catalog_extension: crate::scenario::document::CatalogExtension,
    pub(crate) plans: PlanRules,
    pub(crate) skus: Vec<Sku>,
    pub(crate) users: Vec<User>,
    pub(crate) groups: Vec<Group>,
    /// Every user's and group's id (created ones too, from the start), by index.
    pub(crate) user_ids: std::sync::Arc<id_index::IdIndex>,
    pub(crate) group_ids: std::sync::Arc<id_index::IdIndex>,
    pub(crate) audit: Vec<AuditEntry>,
    /// Orders membership joins; seats are rationed in join order (§8 decision 1).
    pub(crate) join_clock: u32,
    /// The names of users' properties (`User::attributes` keys).
    pub(crate) attribute_names: AttributeNames,
    /// Every proxy address, case-folded and numbered, with the live users carrying it
    /// (UniquenessViolation).
    pub(crate) proxies: proxies::ProxyIndex,
    /// Which live dynamic groups read what (see `rule_index`).
    pub(crate) rule_index: rule_index::RuleIndex,
    /// Started from an observed state (rows as Graph reported them): only then is there pending
    /// work to list (`Tenant::pending`).
    pub(crate) observed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sku {
    pub(crate) id: String,
    pub(crate) part_number: Option<String>,
    pub(crate) prepaid: PrepaidUnits,
    pub(crate) applies_to_user: bool,
    /// Position in this list is the plan's position in every `PlanSet` of this SKU.
    pub(crate) plans: Vec<PlanIx>,
    pub(crate) consumed: u32,
    /// Created by a step that has not run yet.
    pub(crate) pending: bool,
    /// Plans (positions) the checks of a path must look at: in a conflict set, provisioning a
    /// mailbox, prohibited somewhere. Most plans are in none, so most checks are one `and`.
    pub(crate) masks: PlanMasks,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PlanMasks {
    pub(crate) conflicting: PlanSet,
    pub(crate) mailbox: PlanSet,
    pub(crate) prohibited: PlanSet,
}

impl Sku {
    pub fn all_plans(&self) -> PlanSet {
        PlanSet::first(self.plans.len())
    }

    pub fn position_of_identity(&self, plans: &PlanRules, identity: PlanIx) -> Option<usize> {
        self.plans
            .iter()
            .position(|p| plans.plan(*p).identity == identity)
    }

    /// The catalog's display name when Microsoft knows the product, else the part number or id.
    pub fn display_name(&self) -> &str {
        let known = self
            .part_number
            .as_deref()
            .and_then(crate::catalog::find_product)
            .or_else(|| crate::catalog::find_product(&self.id));
        match known {
            Some(p) => p.display_name,
            None => self.part_number.as_deref().unwrap_or(&self.id),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub(crate) id: String,
    pub(crate) alive: bool,
    /// Created by a step that has not run yet.
    pub(crate) pending: bool,
    pub(crate) usage_location: Option<String>,
    pub(crate) proxy_addresses: Vec<String>,
    /// `proxy_addresses`' keys in the tenant's address index (set together).
    pub(crate) proxy_keys: smallvec::SmallVec<[proxies::ProxyKey; 2]>,
    /// `onPremisesExtensionAttributes`: extensionAttribute1 to extensionAttribute15.
    pub(crate) extension_attributes: Vec<(u8, Box<str>)>,
    /// Every other Graph property, as given (display name, department, ...).
    pub(crate) attributes: Attributes,
    pub(crate) rows: Vec<Row>,
    /// Groups this user is a direct member of, in join order.
    pub(crate) memberships: Vec<GroupIx>,
}

impl User {
    pub fn display_name(&self) -> &str {
        match self.attributes.get(attributes::DISPLAY_NAME) {
            Some(attributes::AttributeValue::Str(name)) => name,
            _ => &self.id,
        }
    }

    /// How messages for administrators name the user: the display name with the id, as
    /// "Ann Lee (ann)", or the id alone when the user has no display name.
    pub fn label(&self) -> String {
        match self.attributes.get(attributes::DISPLAY_NAME) {
            Some(attributes::AttributeValue::Str(name)) if **name != *self.id => {
                format!("{name} ({})", self.id)
            }
            _ => self.id.clone(),
        }
    }

    pub fn manager(&self) -> Option<&str> {
        match self.attributes.get(attributes::MANAGER) {
            Some(attributes::AttributeValue::Str(id)) => Some(id),
            _ => None,
        }
    }

    /// `extensionAttribute{n}`, n from 1 to 15.
    pub fn extension_attribute(&self, n: u8) -> Option<&str> {
        self.extension_attributes
            .iter()
            .find(|(k, _)| *k == n)
            .map(|(_, v)| &**v)
    }

    pub(crate) fn set_extension_attribute(&mut self, n: u8, value: Option<&str>) {
        self.extension_attributes.retain(|(k, _)| *k != n);
        if let Some(value) = value {
            self.extension_attributes.push((n, value.into()));
            crate::order::sort_by_key(&mut self.extension_attributes, |(k, _)| *k);
        }
    }

    pub fn rows_for(&self, sku: SkuIx) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |r| r.sku == sku)
    }

    pub fn holds_seat(&self, sku: SkuIx) -> bool {
        self.rows.iter().any(|r| r.sku == sku && r.holds_seat)
    }

    /// Plans of `sku` the user can use: the union over the paths that grant plans (B8).
    pub fn enabled(&self, sku: SkuIx) -> PlanSet {
        self.rows_for(sku)
            .filter(|r| r.grants_plans())
            .fold(PlanSet::EMPTY, |acc, r| acc.union(r.enabled))
    }

    pub fn has_errors_from(&self, group: GroupIx) -> bool {
        self.rows
            .iter()
            .any(|r| r.source == Source::Group(group) && r.state.is_error())
    }
}

/// One row of `licenseAssignmentStates`: one product through one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub(crate) sku: SkuIx,
    pub(crate) source: Source,
    /// The plans this assignment disables, as assigned.
    pub(crate) disabled: PlanSet,
    /// The plans this path provides when it grants plans: the SKU's plans minus `disabled`, minus
    /// dependent plans whose prerequisite the group lacks (B14c).
    pub(crate) enabled: PlanSet,
    pub(crate) state: State,
    pub(crate) error: LicenseError,
    pub(crate) holds_seat: bool,
    pub(crate) standing: Standing,
    /// Why the path failed (`Tenant::explain`, in `report`, puts it in words an administrator
    /// can act on).
    pub(crate) reason: Option<reason::Reason>,
}

impl Row {
    pub fn grants_plans(&self) -> bool {
        self.holds_seat && self.state != State::Disabled
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    Direct,
    Group(GroupIx),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Active,
    ActiveWithError,
    Disabled,
    Error,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Active => "Active",
            State::ActiveWithError => "ActiveWithError",
            State::Disabled => "Disabled",
            State::Error => "Error",
        }
    }

    pub fn is_error(self) -> bool {
        matches!(self, State::Error | State::ActiveWithError)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicenseError {
    None,
    CountViolation,
    MutuallyExclusiveViolation,
    DependencyViolation,
    ProhibitedInUsageLocationViolation,
    UniquenessViolation,
    Other,
}

impl LicenseError {
    pub fn as_str(self) -> &'static str {
        match self {
            LicenseError::None => "None",
            LicenseError::CountViolation => "CountViolation",
            LicenseError::MutuallyExclusiveViolation => "MutuallyExclusiveViolation",
            LicenseError::DependencyViolation => "DependencyViolation",
            LicenseError::ProhibitedInUsageLocationViolation => {
                "ProhibitedInUsageLocationViolation"
            }
            LicenseError::UniquenessViolation => "UniquenessViolation",
            LicenseError::Other => "Other",
        }
    }
}

/// Why a row exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The direct assignment, or the group currently assigns this product to this member.
    Assigned,
    /// An in-place swap failed for this user and `swapFailure: keepOld` keeps the old product
    /// until the new one succeeds.
    Retained,
    /// The group no longer assigns it, but removing it would break a dependent plan (B14b, §8.6).
    RemovalBlocked,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub(crate) id: String,
    pub(crate) alive: bool,
    pub(crate) pending: bool,
    pub(crate) display_name: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) security_enabled: bool,
    pub(crate) mail_enabled: bool,
    pub(crate) group_types: Vec<String>,
    pub(crate) membership_rule: Option<String>,
    /// The compiled rule of a dynamic group.
    pub(crate) rule: Option<licenselab_rules::Rule>,
    pub(crate) rule_paused: bool,
    pub(crate) members: Vec<Member>,
    /// Groups this group is a direct member of (the reverse of their `members`), so deleting
    /// or looking up a nested group does not scan every group.
    pub(crate) parents: Vec<GroupIx>,
    pub(crate) licenses: Vec<GroupLicense>,
    /// Users no longer members who still have rows from this group (a blocked removal).
    pub(crate) former_members_with_rows: Vec<UserIx>,
}

impl Group {
    pub fn display_name(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.id)
    }

    pub fn is_dynamic(&self) -> bool {
        self.group_types
            .iter()
            .any(|t| t.eq_ignore_ascii_case(crate::scenario::document::DYNAMIC_MEMBERSHIP))
    }

    /// Group-based licensing requires a security-enabled group (B3).
    pub fn is_license_eligible(&self) -> bool {
        self.security_enabled
    }

    pub fn user_members(&self) -> impl Iterator<Item = (UserIx, u32)> + '_ {
        self.members.iter().filter_map(|m| match m.who {
            MemberRef::User(u) => Some((u, m.joined)),
            MemberRef::Group(_) => None,
        })
    }

    pub fn license(&self, sku: SkuIx) -> Option<&GroupLicense> {
        self.licenses.iter().find(|l| l.sku == sku)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub(crate) who: MemberRef,
    pub(crate) joined: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MemberRef {
    User(UserIx),
    Group(GroupIx),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupLicense {
    pub(crate) sku: SkuIx,
    pub(crate) disabled: PlanSet,
    /// `all - disabled`, less dependent plans whose prerequisite the group does not enable (B14c).
    pub(crate) enabled: PlanSet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub(crate) activity: Activity,
    pub(crate) target: AuditTarget,
    pub(crate) result: AuditResult,
}

/// An audit entry's result: Entra's text, or a failure whose reason is put into words when read
/// (a large tenant writes tens of thousands of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditResult {
    Text(std::borrow::Cow<'static, str>),
    Failure(reason::Reason),
}

impl From<&'static str> for AuditResult {
    fn from(text: &'static str) -> Self {
        AuditResult::Text(text.into())
    }
}

impl From<String> for AuditResult {
    fn from(text: String) -> Self {
        AuditResult::Text(text.into())
    }
}

/// The audit log's activities, as Entra names them (B26).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    SetGroupLicense,
    StartApplyingGroupLicense,
    FinishApplyingGroupLicense,
    /// Written by group-based licensing processing a member.
    ChangeUserLicense,
    /// The same activity, from an administrator's direct assignment.
    ChangeUserLicenseDirectly,
    /// licenselab's own: a cascade of dynamic rules stopped (see ARCHITECTURE.md).
    DynamicMembershipStopped,
}

impl Activity {
    pub fn as_str(self) -> &'static str {
        match self {
            Activity::SetGroupLicense => "Set group license",
            Activity::StartApplyingGroupLicense => "Start applying group based license to users",
            Activity::FinishApplyingGroupLicense => "Finish applying group based license to users",
            Activity::ChangeUserLicense | Activity::ChangeUserLicenseDirectly => {
                "Change user license"
            }
            Activity::DynamicMembershipStopped => "Dynamic membership processing stopped",
        }
    }

    /// The audit log's "Initiated by (actor)" column (S2, S5).
    pub fn initiated_by(self) -> &'static str {
        match self {
            Activity::SetGroupLicense | Activity::ChangeUserLicenseDirectly => "Administrator",
            Activity::StartApplyingGroupLicense
            | Activity::FinishApplyingGroupLicense
            | Activity::ChangeUserLicense => "Microsoft Entra ID Group-Based Licensing",
            Activity::DynamicMembershipStopped => "licenselab (dynamic membership)",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditTarget {
    User(UserIx),
    Group(GroupIx),
}

impl Tenant {
    pub fn new(policy: Policy, organization: Organization, plans: PlanRules) -> Self {
        Tenant {
            policy,
            organization,
            catalog_extension: Default::default(),
            plans,
            skus: Vec::new(),
            users: Vec::new(),
            groups: Vec::new(),
            user_ids: Default::default(),
            group_ids: Default::default(),
            audit: Vec::new(),
            join_clock: 0,
            attribute_names: AttributeNames::default(),
            proxies: Default::default(),
            rule_index: Default::default(),
            observed: false,
        }
    }

    pub fn user(&self, u: UserIx) -> &User {
        &self.users[u.index()]
    }

    /// A user's other Graph properties, by name, as JSON values (display, export).
    pub fn user_attributes(&self, u: UserIx) -> impl Iterator<Item = (&str, serde_json::Value)> {
        self.user(u)
            .attributes
            .iter()
            .map(|(key, value)| (self.attribute_names.name(key), value.to_json()))
    }

    pub fn group(&self, g: GroupIx) -> &Group {
        &self.groups[g.index()]
    }

    pub fn sku(&self, s: SkuIx) -> &Sku {
        &self.skus[s.index()]
    }

    /// Units of `sku` that can be assigned: enabled ones, and those in their grace period
    /// (`warning`) unless the policy's `warningUnitsAssignable` is off.
    pub fn assignable(&self, sku: &Sku) -> u32 {
        let warning = if self.policy.warning_units_assignable {
            sku.prepaid.warning
        } else {
            0
        };
        sku.prepaid.enabled.saturating_add(warning)
    }

    pub fn available(&self, sku: &Sku) -> i64 {
        i64::from(self.assignable(sku)) - i64::from(sku.consumed)
    }

    /// A member's id, user or group.
    pub fn member_id(&self, who: MemberRef) -> &str {
        match who {
            MemberRef::User(u) => &self.user(u).id,
            MemberRef::Group(g) => &self.group(g).id,
        }
    }

    pub fn audit_target_id(&self, target: AuditTarget) -> &str {
        match target {
            AuditTarget::User(u) => &self.user(u).id,
            AuditTarget::Group(g) => &self.group(g).id,
        }
    }

    /// Recomputes a product's `masks` (after its plans or the plan rules change).
    pub(crate) fn refresh_masks(&mut self, s: SkuIx) {
        let mut masks = PlanMasks::default();
        for (pos, plan) in self.skus[s.index()].plans.iter().enumerate() {
            if self.plans.in_any_conflict_set(*plan) {
                masks.conflicting.insert(pos);
            }
            if self.plans.provisions_mailbox(*plan) {
                masks.mailbox.insert(pos);
            }
            if self.plans.has_prohibitions(*plan) {
                masks.prohibited.insert(pos);
            }
        }
        self.skus[s.index()].masks = masks;
    }

    /// Is `who` a direct member of `g`? Members answer from their own (short) membership list,
    /// so this costs nothing even for a group of 100,000.
    pub fn is_member(&self, g: GroupIx, who: MemberRef) -> bool {
        match who {
            MemberRef::User(u) => self.user(u).memberships.contains(&g),
            MemberRef::Group(child) => self.group(child).parents.contains(&g),
        }
    }

    /// The location used to evaluate group licensing: the user's own, else the directory's
    /// (`defaultUsageLocation`, then `countryLetterCode`); never written back (B15, §8.4).
    pub fn effective_location(&self, u: UserIx) -> Option<&str> {
        self.user(u)
            .usage_location
            .as_deref()
            .or(self.organization.default_usage_location.as_deref())
            .or(Some(self.organization.country_letter_code.as_str()).filter(|c| !c.is_empty()))
    }

    pub fn plan_names(&self, sku: SkuIx, set: PlanSet) -> Vec<&str> {
        let sku = self.sku(sku);
        set.iter()
            .map(|pos| self.plans.plan(sku.plans[pos]).display_name())
            .collect()
    }

    pub fn plan_ids(&self, sku: SkuIx, set: PlanSet) -> Vec<String> {
        let sku = self.sku(sku);
        set.iter()
            .map(|pos| self.plans.plan(sku.plans[pos]).id.clone())
            .collect()
    }

    /// Does the user have a plan with this identity enabled, given which rows count?
    pub(crate) fn rows_enable(&self, rows: &[Row], identity: PlanIx) -> bool {
        rows.iter().any(|r| {
            r.grants_plans()
                && self
                    .sku(r.sku)
                    .position_of_identity(&self.plans, identity)
                    .is_some_and(|pos| r.enabled.contains(pos))
        })
    }

    /// A proxy address of `u` that another live user also has (B16), if any.
    pub fn user_has_duplicate_proxy(&self, u: UserIx) -> Option<&str> {
        self.shared_proxy(u).map(|(address, _)| address)
    }

    /// `user_has_duplicate_proxy`, with the other user carrying the address.
    pub(crate) fn shared_proxy(&self, u: UserIx) -> Option<(&str, UserIx)> {
        let user = self.user(u);
        user.proxy_addresses
            .iter()
            .zip(&user.proxy_keys)
            .find_map(|(address, key)| {
                let other = self.proxies.other_owner(*key, u)?;
                Some((address.as_str(), other))
            })
    }

    pub fn other_user_with_proxy(&self, u: UserIx, address: &str) -> Option<UserIx> {
        self.proxies.other_owner(self.proxies.find(address)?, u)
    }

    /// Adds (or removes) a live user's addresses to the tenant-wide index of proxy addresses.
    pub(crate) fn register_proxies(&mut self, u: UserIx, present: bool) {
        for key in &self.users[u.index()].proxy_keys {
            self.proxies.set_owner(*key, u, present);
        }
    }

    /// Users with rows from group `g`: its user members with rows, and former members whose
    /// removal is blocked.
    pub fn users_with_rows_from(&self, g: GroupIx) -> Vec<UserIx> {
        self.group_holders(g).collect()
    }

    /// `users_with_rows_from`, lazily: for callers that only ask whether there is any.
    pub(crate) fn group_holders(&self, g: GroupIx) -> impl Iterator<Item = UserIx> + '_ {
        let group = self.group(g);
        group
            .user_members()
            .map(|(u, _)| u)
            .chain(group.former_members_with_rows.iter().copied())
            .filter(move |u| {
                self.user(*u)
                    .rows
                    .iter()
                    .any(|r| r.source == Source::Group(g))
            })
    }

    /// Members of a group in the order seats are handed out when demand exceeds supply (§8.1).
    pub fn seat_order(&self, g: GroupIx) -> Vec<UserIx> {
        let mut members: Vec<(UserIx, u32)> = self.group(g).user_members().collect();
        match self.policy.seat_order {
            // Ids are read from the id index's one arena, not from each member's own string.
            crate::scenario::document::SeatOrder::JoinOrder => {
                crate::order::sort_by(&mut members, |a, b| {
                    a.1.cmp(&b.1).then_with(|| {
                        self.user_ids
                            .id(a.0.index())
                            .cmp(self.user_ids.id(b.0.index()))
                    })
                })
            }
            crate::scenario::document::SeatOrder::UserId => {
                crate::order::sort_by(&mut members, |a, b| {
                    self.user_ids
                        .id(a.0.index())
                        .cmp(self.user_ids.id(b.0.index()))
                })
            }
        }
        members.into_iter().map(|(u, _)| u).collect()
    }

    /// Makes every user's list of groups from the groups' member lists, for a tenant whose joins
    /// went into the member lists only (`Work::user_memberships_later`): counted, placed in one
    /// flat array in group order and handed to the users in user order, so each user's list is
    /// in join order and allocated once at its size.
    pub(crate) fn list_user_memberships(&mut self) {
        // `starts[u]..starts[u + 1]`: user `u`'s part of `flat`.
        let mut starts = vec![0u32; self.users.len() + 1];
        for group in &self.groups {
            for (u, _) in group.user_members() {
                starts[u.index() + 1] += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut flat = vec![GroupIx::new(0); starts[self.users.len()] as usize];
        for (g, group) in self.groups.iter().enumerate() {
            for (u, _) in group.user_members() {
                flat[next[u.index()] as usize] = GroupIx::new(g);
                next[u.index()] += 1;
            }
        }
        for (u, user) in self.users.iter_mut().enumerate() {
            debug_assert!(
                user.memberships.is_empty(),
                "joins were recorded on groups only"
            );
            user.memberships = flat[starts[u] as usize..starts[u + 1] as usize].to_vec();
        }
    }

    /// How many live users hold a seat of `sku`: what `consumedUnits` is when nothing is
    /// pending (B6).
    pub fn holders(&self, sku: SkuIx) -> u32 {
        let holders = self
            .users
            .iter()
            .filter(|u| u.alive && u.holds_seat(sku))
            .count();
        u32::try_from(holders).expect("fewer users than u32::MAX")
    }

    /// `holders` of every product, in product order, in one pass over the users.
    pub(crate) fn holders_per_sku(&self) -> Vec<u32> {
        let mut holders = vec![0u32; self.skus.len()];
        for user in self.users.iter().filter(|u| u.alive) {
            for (i, row) in user.rows.iter().enumerate() {
                // A user holds at most one seat of a product, whatever its paths.
                let counted = || {
                    user.rows[..i]
                        .iter()
                        .any(|r| r.sku == row.sku && r.holds_seat)
                };
                if row.holds_seat && !counted() {
                    holders[row.sku.index()] += 1;
                }
            }
        }
        holders
    }

    /// Users who would be covered if group licensing followed nesting, but are not direct members.
    pub fn nested_only_users(&self, g: GroupIx) -> Vec<UserIx> {
        let mut seen_groups = vec![false; self.groups.len()];
        let mut stack = vec![g];
        seen_groups[g.index()] = true;
        let mut users = Vec::new();
        let direct: Vec<UserIx> = self.group(g).user_members().map(|(u, _)| u).collect();
        while let Some(current) = stack.pop() {
            for member in &self.group(current).members {
                match member.who {
                    MemberRef::Group(child)
                        if !seen_groups[child.index()] && self.group(child).alive =>
                    {
                        seen_groups[child.index()] = true;
                        stack.push(child);
                    }
                    MemberRef::User(u)
                        if current != g && !direct.contains(&u) && !users.contains(&u) =>
                    {
                        users.push(u)
                    }
                    _ => {}
                }
            }
        }
        UserIx::sort(&mut users);
        users
    }
}

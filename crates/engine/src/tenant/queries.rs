//! What front ends read of the tenant: accessors returning plain data, and the facts derived from
//! the state that every view needs (a user's status, a group's processing state, lost plans), so
//! that no front end re-derives them and drifts from the result document.

use super::{
    AuditEntry, AuditTarget, Group, GroupIx, GroupLicense, LicenseError, Member, MemberRef,
    PlanSet, Row, Sku, SkuIx, Source, Standing, State, Tenant, User, UserIx,
};
use crate::reconcile::journal::PlanChange;
use crate::scenario::document::{Options, Organization, PrepaidUnits};

impl Tenant {
    /// The scenario's options, as written (the tenant keeps them validated, as its policy).
    pub fn options(&self) -> Options {
        self.policy.options()
    }

    pub fn organization(&self) -> &Organization {
        &self.organization
    }

    /// Every product, in scenario order (`SkuIx::new(i)` is the i-th), created ones too: skip
    /// those `is_pending`.
    pub fn skus(&self) -> &[Sku] {
        &self.skus
    }

    /// Every user, in scenario order (`UserIx::new(i)` is the i-th), deleted and not yet created
    /// ones too: read `is_alive` and `is_pending`.
    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// Every group, in scenario order (`GroupIx::new(i)` is the i-th); as `users`.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The audit log so far, oldest first (a step's entries are `StepReport::audit`).
    pub fn audit(&self) -> &[AuditEntry] {
        &self.audit
    }

    /// The user with this id, created by a later step or not.
    pub fn user_ix(&self, id: &str) -> Option<UserIx> {
        self.user_ids.get(id).map(UserIx::new)
    }

    /// The group with this id, created by a later step or not.
    pub fn group_ix(&self, id: &str) -> Option<GroupIx> {
        self.group_ids.get(id).map(GroupIx::new)
    }

    /// A row's failure in words an administrator can act on, with the fix; `None` for a row that
    /// did not fail.
    pub fn explain_row(&self, row: &Row) -> Option<String> {
        row.reason.as_ref().map(|reason| self.explain(reason))
    }

    /// B27, informational: are there enough licenses for the members of licensed groups?
    pub fn compliance(&self) -> super::ComplianceReport {
        super::compliance::report(self)
    }

    /// Graph's `licenseProcessingState` of a group (`None` when it has nothing to process): the
    /// engine is synchronous (§8.5), so processing is always complete.
    pub fn license_processing_state(&self, g: GroupIx) -> Option<&'static str> {
        processing_state(self.group(g), || self.group_holders(g).next().is_some())
    }

    /// A user's worst license state, for tables.
    pub fn user_status(&self, u: UserIx) -> UserStatus {
        let rows = &self.user(u).rows;
        let any = |state: State| rows.iter().any(|r| r.state == state);
        if any(State::Error) {
            UserStatus::Error
        } else if any(State::ActiveWithError) {
            UserStatus::ActiveWithError
        } else if any(State::Disabled) {
            UserStatus::Disabled
        } else if rows.is_empty() {
            UserStatus::Unlicensed
        } else {
            UserStatus::Active
        }
    }

    /// A change's lost plans split into those the user no longer has at all (a possible loss of
    /// service or data) and those still enabled through another product, by display name.
    pub fn losses(&self, change: &PlanChange) -> (Vec<&str>, Vec<&str>) {
        let sku = self.sku(change.sku);
        let user = self.user(change.user);
        let still_enabled = |identity| {
            user.alive
                && user
                    .rows
                    .iter()
                    .map(|r| r.sku)
                    .filter(|s| *s != change.sku)
                    .any(|s| {
                        self.sku(s)
                            .position_of_identity(&self.plans, identity)
                            .is_some_and(|p| user.enabled(s).contains(p))
                    })
        };
        change
            .lost
            .iter()
            .fold((Vec::new(), Vec::new()), |mut acc, pos| {
                let plan = self.plans.plan(sku.plans[pos]);
                let side = if still_enabled(plan.identity) {
                    &mut acc.1
                } else {
                    &mut acc.0
                };
                side.push(plan.display_name());
                acc
            })
    }

    /// A product's service plans, in the product's plan order (the positions of its `PlanSet`s).
    pub fn sku_plans(&self, s: SkuIx) -> impl ExactSizeIterator<Item = PlanInfo<'_>> {
        self.sku(s).plans.iter().map(|p| {
            let plan = self.plans.plan(*p);
            PlanInfo {
                id: &plan.id,
                name: plan.name.as_deref(),
                display_name: plan.display_name(),
            }
        })
    }

    /// Live groups that are direct members of `g` (nesting: B2 licenses none of their members).
    pub fn nested_groups(&self, g: GroupIx) -> impl Iterator<Item = GroupIx> + '_ {
        self.group(g).members.iter().filter_map(|m| match m.who {
            MemberRef::Group(child) if self.group(child).alive => Some(child),
            _ => None,
        })
    }
}

/// `Tenant::license_processing_state`, for a caller that may already know whether the group has
/// holders (the result document does).
pub(crate) fn processing_state(
    group: &Group,
    has_holders: impl FnOnce() -> bool,
) -> Option<&'static str> {
    (!group.licenses.is_empty() || has_holders()).then_some("ProcessingComplete")
}

/// A service plan of a product (see `Tenant::sku_plans`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanInfo<'a> {
    /// `servicePlanId`.
    pub id: &'a str,
    /// `servicePlanName`, when known.
    pub name: Option<&'a str>,
    /// The catalog's friendly name, else the name, else the id.
    pub display_name: &'a str,
}

/// A user's worst license state (see `Tenant::user_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    Error,
    ActiveWithError,
    Disabled,
    Unlicensed,
    Active,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Error => "Error",
            UserStatus::ActiveWithError => "ActiveWithError",
            UserStatus::Disabled => "Disabled",
            UserStatus::Unlicensed => "Unlicensed",
            UserStatus::Active => "Active",
        }
    }
}

/// The kind of group the admin center shows (only security groups can be licensed, B3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupType {
    Security,
    Microsoft365,
    Distribution,
}

impl GroupType {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupType::Security => "Security",
            GroupType::Microsoft365 => "Microsoft 365",
            GroupType::Distribution => "Distribution",
        }
    }
}

impl User {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// False once deleted (or before a later step creates it, with `is_pending`).
    pub fn is_alive(&self) -> bool {
        self.alive
    }

    /// Created by a step that has not run yet.
    pub fn is_pending(&self) -> bool {
        self.pending
    }

    /// The user's own usage location (`Tenant::effective_location` adds the directory's default).
    pub fn usage_location(&self) -> Option<&str> {
        self.usage_location.as_deref()
    }

    pub fn proxy_addresses(&self) -> &[String] {
        &self.proxy_addresses
    }

    /// `(n, value)` of each `extensionAttribute{n}` set, n from 1 to 15, in order.
    pub fn extension_attributes(&self) -> impl Iterator<Item = (u8, &str)> {
        self.extension_attributes.iter().map(|(n, v)| (*n, &**v))
    }

    /// `licenseAssignmentStates`: one row per product and path, in the result's order: by
    /// product (`SkuIx`), then by path (`Source`: direct first, then groups in index order).
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Groups this user is a direct member of, in join order.
    pub fn memberships(&self) -> &[GroupIx] {
        &self.memberships
    }
}

impl Sku {
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn part_number(&self) -> Option<&str> {
        self.part_number.as_deref()
    }

    pub fn prepaid(&self) -> PrepaidUnits {
        self.prepaid
    }

    pub fn applies_to_user(&self) -> bool {
        self.applies_to_user
    }

    pub fn plan_count(&self) -> usize {
        self.plans.len()
    }

    /// `consumedUnits`: seats held.
    pub fn consumed(&self) -> u32 {
        self.consumed
    }

    /// Subscribed by a step that has not run yet.
    pub fn is_pending(&self) -> bool {
        self.pending
    }
}

impl Row {
    pub fn sku(&self) -> SkuIx {
        self.sku
    }

    pub fn source(&self) -> Source {
        self.source
    }

    /// The plans this assignment disables, as assigned.
    pub fn disabled(&self) -> PlanSet {
        self.disabled
    }

    /// The plans this path provides when it grants plans.
    pub fn enabled(&self) -> PlanSet {
        self.enabled
    }

    pub fn state(&self) -> State {
        self.state
    }

    pub fn error(&self) -> LicenseError {
        self.error
    }

    pub fn holds_seat(&self) -> bool {
        self.holds_seat
    }

    pub fn standing(&self) -> Standing {
        self.standing
    }
}

impl Group {
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn is_alive(&self) -> bool {
        self.alive
    }

    /// Created by a step that has not run yet.
    pub fn is_pending(&self) -> bool {
        self.pending
    }

    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    pub fn security_enabled(&self) -> bool {
        self.security_enabled
    }

    pub fn mail_enabled(&self) -> bool {
        self.mail_enabled
    }

    pub fn group_types(&self) -> &[String] {
        &self.group_types
    }

    pub fn group_type(&self) -> GroupType {
        if self
            .group_types
            .iter()
            .any(|t| t.eq_ignore_ascii_case("Unified"))
        {
            GroupType::Microsoft365
        } else if self.security_enabled {
            GroupType::Security
        } else {
            GroupType::Distribution
        }
    }

    /// The dynamic membership rule's text.
    pub fn membership_rule(&self) -> Option<&str> {
        self.membership_rule.as_deref()
    }

    /// `membershipRuleProcessingState` is `Paused`.
    pub fn rule_paused(&self) -> bool {
        self.rule_paused
    }

    /// Direct members, users and groups, in join order.
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// The products the group assigns.
    pub fn licenses(&self) -> &[GroupLicense] {
        &self.licenses
    }

    /// Users no longer members who still have rows from this group (a blocked removal).
    pub fn former_members_with_rows(&self) -> &[UserIx] {
        &self.former_members_with_rows
    }
}

impl Member {
    pub fn who(&self) -> MemberRef {
        self.who
    }

    /// When the member joined (orders seat rationing, §8 decision 1).
    pub fn joined(&self) -> u32 {
        self.joined
    }
}

impl GroupLicense {
    pub fn sku(&self) -> SkuIx {
        self.sku
    }

    /// The plans the assignment disables.
    pub fn disabled(&self) -> PlanSet {
        self.disabled
    }

    /// The plans the assignment provides: all but the disabled ones, less dependent plans whose
    /// prerequisite the group does not enable (B14c).
    pub fn enabled(&self) -> PlanSet {
        self.enabled
    }
}

impl AuditEntry {
    pub fn activity(&self) -> super::Activity {
        self.activity
    }

    pub fn target(&self) -> AuditTarget {
        self.target
    }
}

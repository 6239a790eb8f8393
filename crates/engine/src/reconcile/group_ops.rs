//! Steps: validation first (a rejected step changes nothing), then the change and the
//! processing it triggers.

use super::direct::not_for_users;
use super::dynamic::Trigger;
use super::{
    GroupUpdate, LicenseChoice, Op, Rejection, RejectionCode, Transition, UserUpdate, Work,
};
use crate::tenant::{
    AuditEntry, GroupIx, GroupLicense, Member, MemberRef, PlanSet, SkuIx, Source, State, Tenant,
    UserIx,
};

impl Tenant {
    /// Applies one step, or rejects it without changing anything; returns the plans each user
    /// gained and lost.
    pub fn apply_step(&mut self, op: &Op) -> Result<Vec<super::journal::PlanChange>, Rejection> {
        self.apply_undoable(op).0
    }

    /// `apply_step`, with what undoes it (`Tenant::undo`): the prior value of everything the
    /// step changed. A rejected step's log is empty: what it began is undone before it returns.
    pub(crate) fn apply_undoable(
        &mut self,
        op: &Op,
    ) -> (
        Result<Vec<super::journal::PlanChange>, Rejection>,
        super::undo::UndoLog,
    ) {
        let mut work = Work {
            undo: Some(super::undo::UndoLog::start(self)),
            ..Work::default()
        };
        let mut step = Transition::new(self, &mut work);
        let outcome = step.apply_op(op).map(|()| {
            step.settle();
            step.take_changes()
        });
        let log = work.undo.take().expect("made above").finish();
        if outcome.is_err() {
            // A refused step's rule work and journal belong to a change that did not happen.
            self.undo(log);
            return (outcome, super::undo::UndoLog::start(self));
        }
        (outcome, log)
    }
}

impl Transition<'_> {
    fn apply_op(&mut self, op: &Op) -> Result<(), Rejection> {
        match op {
            Op::AssignUserLicense { user, add, remove } => {
                self.require_user(*user)?;
                self.require_products(add, remove)?;
                self.assign_direct(*user, add, remove)
            }
            Op::AssignGroupLicense { group, add, remove } => self.assign_group(*group, add, remove),
            Op::AddMember { group, member } => self.add_member(*group, *member),
            Op::RemoveMember { group, member } => self.remove_member(*group, *member),
            Op::CreateUser { user, licenses } => self.create_user(*user, licenses),
            Op::UpdateUser { user, update } => {
                self.require_user(*user)?;
                self.update_user(*user, update);
                Ok(())
            }
            Op::DeleteUser { user } => {
                self.require_user(*user)?;
                self.delete_user(*user);
                Ok(())
            }
            Op::CreateGroup {
                group,
                members,
                licenses,
            } => self.create_group(*group, members, licenses),
            Op::UpdateGroup { group, update } => self.update_group(*group, update),
            Op::DeleteGroup { group } => self.delete_group(*group),
            Op::AddSubscribedSku { sku } => {
                if !self.sku(*sku).pending {
                    return Err(Rejection::new(
                        RejectionCode::ObjectConflict,
                        format!("{} is already subscribed.", self.sku(*sku).id),
                    ));
                }
                self.sku_mut(*sku).pending = false;
                Ok(())
            }
            Op::SetPrepaidUnits { sku, units } => {
                self.require_sku(*sku)?;
                self.set_prepaid_units(*sku, *units);
                Ok(())
            }
            Op::AddServicePlan { sku, plan } => {
                self.require_sku(*sku)?;
                if self.sku(*sku).plans.contains(plan) {
                    return Err(Rejection::new(
                        RejectionCode::ObjectConflict,
                        format!(
                            "{} already includes {}.",
                            self.sku(*sku).display_name(),
                            self.plans.plan(*plan).display_name()
                        ),
                    ));
                }
                self.add_service_plan(*sku, *plan);
                Ok(())
            }
            Op::ReprocessUser { user } => {
                self.require_user(*user)?;
                let mut skus: Vec<SkuIx> = self.user(*user).rows.iter().map(|r| r.sku).collect();
                self.process_user(*user);
                skus.extend(self.user(*user).rows.iter().map(|r| r.sku));
                self.recount(skus);
                Ok(())
            }
            Op::ReprocessGroup { group } => {
                self.require_group(*group)?;
                self.run_group(*group);
                let skus: Vec<SkuIx> = self.group(*group).licenses.iter().map(|l| l.sku).collect();
                self.recount(skus);
                Ok(())
            }
        }
    }

    /// In an observed tenant a reprocess also counts again the seats of the products it
    /// evaluated: a reported `consumedUnits` that differs from the users holding seats is
    /// pending work, and stands until then.
    fn recount(&mut self, mut skus: Vec<SkuIx>) {
        if !self.observed {
            return;
        }
        SkuIx::sort(&mut skus);
        skus.dedup();
        for s in skus {
            let holders = self.holders(s);
            self.sku_mut(s).consumed = holders;
        }
    }

    fn require_user(&self, u: UserIx) -> Result<(), Rejection> {
        let user = self.user(u);
        if user.alive {
            return Ok(());
        }
        let when = if user.pending {
            "does not exist yet (a later step creates it)"
        } else {
            "was deleted"
        };
        Err(Rejection::new(
            RejectionCode::ResourceNotFound,
            format!("User {} {when}.", user.id),
        ))
    }

    fn require_group(&self, g: GroupIx) -> Result<(), Rejection> {
        let group = self.group(g);
        if group.alive {
            return Ok(());
        }
        let when = if group.pending {
            "does not exist yet (a later step creates it)"
        } else {
            "was deleted"
        };
        Err(Rejection::new(
            RejectionCode::ResourceNotFound,
            format!("Group {} {when}.", group.id),
        ))
    }

    fn require_sku(&self, s: SkuIx) -> Result<(), Rejection> {
        if self.sku(s).pending {
            return Err(Rejection::new(
                RejectionCode::ResourceNotFound,
                format!(
                    "{} is not subscribed yet (a later step adds it).",
                    self.sku(s).id
                ),
            ));
        }
        Ok(())
    }

    /// The products of an assignment exist, and it disables only plans they have. (Loading lets
    /// a step name only plans added before it; this holds for ops built any other way too.)
    fn require_products(&self, add: &[LicenseChoice], remove: &[SkuIx]) -> Result<(), Rejection> {
        for &s in add.iter().map(|(s, _)| s).chain(remove) {
            self.require_sku(s)?;
        }
        for &(s, disabled) in add {
            let sku = self.sku(s);
            if !disabled.difference(sku.all_plans()).is_empty() {
                return Err(Rejection::new(
                    RejectionCode::BadRequest,
                    format!(
                        "disabledPlans names a service plan that {} does not include yet.",
                        sku.display_name()
                    ),
                ));
            }
        }
        Ok(())
    }

    fn require_member(&self, who: MemberRef) -> Result<(), Rejection> {
        match who {
            MemberRef::User(u) => self.require_user(u),
            MemberRef::Group(g) => self.require_group(g),
        }
    }

    // ---- licenses on groups ----------------------------------------------------------------

    fn assign_group(
        &mut self,
        g: GroupIx,
        add: &[LicenseChoice],
        remove: &[SkuIx],
    ) -> Result<(), Rejection> {
        self.require_group(g)?;
        self.require_products(add, remove)?;
        let group = self.group(g);
        for &s in remove {
            if add.iter().any(|(a, _)| *a == s) {
                return Err(Rejection::new(
                    RejectionCode::BadRequest,
                    format!(
                        "{} is both added and removed in the same request; send one or the other.",
                        self.sku(s).display_name()
                    ),
                ));
            }
            if group.license(s).is_none() {
                return Err(Rejection::new(
                    RejectionCode::LicenseNotAssigned,
                    format!(
                        "{} is not assigned to group {}, so there is nothing to remove.",
                        self.sku(s).display_name(),
                        group.display_name()
                    ),
                ));
            }
        }
        if !add.is_empty() {
            self.check_group_can_be_licensed(g, add)?;
        }
        let mut choices: Vec<LicenseChoice> = group
            .licenses
            .iter()
            .filter(|l| !remove.contains(&l.sku))
            .map(|l| (l.sku, l.disabled))
            .collect();
        for &(s, disabled) in add {
            match choices.iter_mut().find(|(c, _)| *c == s) {
                Some(existing) => existing.1 = disabled,
                None => choices.push((s, disabled)),
            }
        }
        self.check_group_dependencies(&group.licenses, &choices)?;

        self.group_mut(g).licenses = self.effective_group_licenses(&choices);
        self.audit_set_group_license(g);
        self.run_group(g);
        Ok(())
    }

    pub(crate) fn check_group_can_be_licensed(
        &self,
        g: GroupIx,
        add: &[LicenseChoice],
    ) -> Result<(), Rejection> {
        let group = self.group(g);
        if !group.is_license_eligible() {
            return Err(Rejection::new(
                RejectionCode::GroupNotSecurityEnabled,
                format!(
                    "Group {} is not security-enabled. Group-based licensing works only with security groups and Microsoft 365 groups with securityEnabled = true; use such a group or enable security on this one.",
                    group.display_name()
                ),
            ));
        }
        match add.iter().find(|(s, _)| !self.sku(*s).applies_to_user) {
            Some((s, _)) => Err(not_for_users(self, *s)),
            None => Ok(()),
        }
    }

    /// B14a: an add-on needs its prerequisite plan in the same group. Only a change that enables
    /// a dependent plan, or takes its prerequisite away, is refused.
    fn check_group_dependencies(
        &self,
        old: &[GroupLicense],
        new: &[LicenseChoice],
    ) -> Result<(), Rejection> {
        let raw = |list: &mut dyn Iterator<Item = (SkuIx, PlanSet)>| -> Vec<(SkuIx, PlanSet)> {
            list.map(|(s, d)| (s, self.sku(s).all_plans().difference(d)))
                .collect()
        };
        let old = raw(&mut old.iter().map(|l| (l.sku, l.disabled)));
        let new = raw(&mut new.iter().copied());
        let enables = |set: &[(SkuIx, PlanSet)], identity| {
            set.iter().any(|(s, enabled)| {
                self.sku(*s)
                    .position_of_identity(&self.plans, identity)
                    .is_some_and(|pos| enabled.contains(pos))
            })
        };
        for requirement in &self.plans.requirements {
            let dependent = self.plans.plan(requirement.plan).identity;
            if !enables(&new, dependent)
                || self.plans.satisfied(requirement, |id| enables(&new, id))
            {
                continue;
            }
            let worked_before = enables(&old, dependent)
                && self.plans.satisfied(requirement, |id| enables(&old, id));
            if worked_before || !enables(&old, dependent) {
                let needed: Vec<&str> = requirement
                    .alternatives
                    .iter()
                    .flatten()
                    .map(|p| self.plans.plan(*p).display_name())
                    .collect();
                let joiner = if requirement.alternatives.len() > 1 {
                    " or "
                } else {
                    " and "
                };
                return Err(Rejection::new(
                    RejectionCode::DependencyViolation,
                    format!(
                        "License operation failed. Make sure that the group has necessary services before adding or removing a dependent service. The service {} requires {} to be enabled as well.",
                        self.plans.plan(requirement.plan).display_name(),
                        needed.join(joiner)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Each license's enabled plans: the SKU's plans less `disabledPlans`, less any dependent
    /// plan whose prerequisite the group does not enable, which "will be disabled" (B14c).
    pub(crate) fn effective_group_licenses(&self, choices: &[LicenseChoice]) -> Vec<GroupLicense> {
        let mut licenses: Vec<GroupLicense> = choices
            .iter()
            .map(|&(sku, disabled)| GroupLicense {
                sku,
                disabled,
                enabled: self.sku(sku).all_plans().difference(disabled),
            })
            .collect();
        // Disabling one plan can break another's prerequisite; repeat until nothing changes.
        loop {
            let mut changed = false;
            for i in 0..licenses.len() {
                let sku = self.sku(licenses[i].sku);
                for pos in licenses[i].enabled.iter() {
                    let plan = sku.plans[pos];
                    let unmet = self.plans.requirements_of(plan).any(|r| {
                        !self.plans.satisfied(r, |id| {
                            licenses.iter().any(|l| {
                                self.sku(l.sku)
                                    .position_of_identity(&self.plans, id)
                                    .is_some_and(|p| l.enabled.contains(p))
                            })
                        })
                    });
                    if unmet {
                        licenses[i].enabled = licenses[i].enabled.difference(PlanSet::single(pos));
                        changed = true;
                    }
                }
            }
            if !changed {
                return licenses;
            }
        }
    }

    pub(crate) fn audit_set_group_license(&mut self, g: GroupIx) {
        let licenses: Vec<String> = self
            .group(g)
            .licenses
            .iter()
            .map(|l| {
                let sku = self.sku(l.sku);
                let name = sku.part_number.clone().unwrap_or_else(|| sku.id.clone());
                if l.disabled.is_empty() {
                    name
                } else {
                    format!(
                        "{name} (disabled: {})",
                        self.plan_ids(l.sku, l.disabled).join(", ")
                    )
                }
            })
            .collect();
        self.audit(AuditEntry {
            activity: crate::tenant::Activity::SetGroupLicense,
            target: crate::tenant::AuditTarget::Group(g),
            result: format!("[{}]", licenses.join(", ")).into(),
        });
    }

    // ---- membership -------------------------------------------------------------------------

    fn add_member(&mut self, g: GroupIx, who: MemberRef) -> Result<(), Rejection> {
        self.require_group(g)?;
        self.require_member(who)?;
        let group = self.group(g);
        if group.is_dynamic() {
            return Err(dynamic_membership(group.display_name()));
        }
        if who == MemberRef::Group(g) {
            return Err(Rejection::new(
                RejectionCode::BadRequest,
                "A group cannot be a member of itself.",
            ));
        }
        if self.is_member(g, who) {
            return Err(Rejection::new(
                RejectionCode::BadRequest,
                format!("One or more added object references already exist: {} is already a member of {}.", self.member_id(who), group.display_name()),
            ));
        }
        self.add_membership(g, who);
        if let MemberRef::User(u) = who {
            self.process_user(u);
        }
        Ok(())
    }

    fn remove_member(&mut self, g: GroupIx, who: MemberRef) -> Result<(), Rejection> {
        self.require_group(g)?;
        self.require_member(who)?;
        let group = self.group(g);
        if group.is_dynamic() {
            return Err(dynamic_membership(group.display_name()));
        }
        if !self.is_member(g, who) {
            return Err(Rejection::new(
                RejectionCode::ResourceNotFound,
                format!(
                    "{} is not a member of {}.",
                    self.member_id(who),
                    group.display_name()
                ),
            ));
        }
        self.remove_membership(g, who);
        if let MemberRef::User(u) = who {
            self.process_user(u);
        }
        Ok(())
    }

    pub(crate) fn add_membership(&mut self, g: GroupIx, who: MemberRef) {
        let stamp = self.tick_join_clock();
        self.add_membership_at(g, who, stamp);
    }

    /// Adds a membership that joined at `stamp`; memberOf rules may need to look again.
    pub(crate) fn add_membership_at(&mut self, g: GroupIx, who: MemberRef, stamp: u32) {
        self.push_member(g, Member { who, joined: stamp });
        match who {
            MemberRef::User(u) => {
                if self.work.users_join_now() {
                    self.memberships_mut(u).push(g);
                }
                self.queue_rules(u, Trigger::MemberOf(g));
            }
            MemberRef::Group(child) => self.group_mut(child).parents.push(g),
        }
    }

    pub(crate) fn remove_membership(&mut self, g: GroupIx, who: MemberRef) {
        self.take_member(g, who);
        match who {
            MemberRef::User(u) => {
                self.memberships_mut(u).retain(|x| *x != g);
                self.queue_rules(u, Trigger::MemberOf(g));
            }
            MemberRef::Group(child) => self.group_mut(child).parents.retain(|x| *x != g),
        }
    }

    // ---- users ------------------------------------------------------------------------------

    fn create_user(&mut self, u: UserIx, licenses: &[LicenseChoice]) -> Result<(), Rejection> {
        if self.user(u).alive || !self.user(u).pending {
            return Err(Rejection::new(
                RejectionCode::ObjectConflict,
                format!("User {} already exists.", self.user(u).id),
            ));
        }
        self.require_products(licenses, &[])?;
        let user = self.user_mut(u);
        user.alive = true;
        user.pending = false;
        self.register_proxies(u, true);
        self.queue_rules(u, Trigger::Everything);
        if !licenses.is_empty() {
            // A rejection undoes the creation with the rest of the step (`apply_undoable`).
            self.assign_direct(u, licenses, &[])?;
        }
        Ok(())
    }

    fn update_user(&mut self, u: UserIx, update: &UserUpdate) {
        self.queue_rules(u, Trigger::Properties(update.properties_read_by_rules()));
        let user = self.user_mut(u);
        if let Some(location) = &update.usage_location {
            user.usage_location = location.clone();
        }
        if let Some(addresses) = &update.proxy_addresses {
            self.register_proxies(u, false);
            self.set_proxy_addresses(u, addresses.clone());
            self.register_proxies(u, true);
        }
        for (name, value) in &update.properties {
            let names = self.attribute_names_mut();
            let key = names.intern(name);
            let value = value.as_ref().and_then(|v| names.value(key, v));
            self.user_mut(u).attributes.set(key, value);
        }
        let user = self.user_mut(u);
        for (n, value) in &update.extension_attributes {
            user.set_extension_attribute(*n, value.as_deref());
        }
        if update.properties.iter().any(|(name, _)| name == "manager") {
            self.queue_rules(u, Trigger::Everything);
        }
        // Usage location and proxy fixes apply at the next processing of the user, as in Entra:
        // "licenses are correctly assigned next time" (B18).
    }

    fn delete_user(&mut self, u: UserIx) {
        for g in self.user(u).memberships.clone() {
            self.remove_membership(g, MemberRef::User(u));
        }
        let mut sources: Vec<Source> = self.user(u).rows.iter().map(|r| r.source).collect();
        sources.dedup();
        for source in sources {
            self.replace_rows(u, source, super::RowList::new());
        }
        self.register_proxies(u, false);
        self.user_mut(u).alive = false;
    }

    // ---- groups -----------------------------------------------------------------------------

    fn create_group(
        &mut self,
        g: GroupIx,
        members: &[MemberRef],
        licenses: &[LicenseChoice],
    ) -> Result<(), Rejection> {
        if self.group(g).alive || !self.group(g).pending {
            return Err(Rejection::new(
                RejectionCode::ObjectConflict,
                format!("Group {} already exists.", self.group(g).id),
            ));
        }
        for &who in members {
            self.require_member(who)?;
        }
        self.require_products(licenses, &[])?;
        if !licenses.is_empty() {
            self.check_group_can_be_licensed(g, licenses)?;
            self.check_group_dependencies(&[], licenses)?;
        }
        let group = self.group_mut(g);
        group.alive = true;
        group.pending = false;
        self.watch_rule(g);
        // Membership first, then the licensing run over it, as the starting tenant is built.
        for &who in members {
            self.add_membership(g, who);
        }
        self.evaluate_dynamic_group(g);
        if !licenses.is_empty() {
            self.group_mut(g).licenses = self.effective_group_licenses(licenses);
            self.audit_set_group_license(g);
            self.run_group(g);
        }
        Ok(())
    }

    fn update_group(&mut self, g: GroupIx, update: &GroupUpdate) -> Result<(), Rejection> {
        self.require_group(g)?;
        let group = self.group(g);
        if update.security_enabled == Some(false) && !group.licenses.is_empty() {
            return Err(Rejection::new(
                RejectionCode::GroupHasLicenses,
                format!(
                    "Group {} assigns licenses, and group-based licensing needs a security-enabled group. Remove its licenses before turning security off.",
                    group.display_name()
                ),
            ));
        }
        let was_dynamic = group.is_dynamic();
        let will_be_dynamic = match &update.group_types {
            Some(types) => types
                .iter()
                .any(|t| t.eq_ignore_ascii_case(crate::scenario::document::DYNAMIC_MEMBERSHIP)),
            None => was_dynamic,
        };
        let rule_after = match &update.membership_rule {
            Some(rule) => rule.is_some(),
            None => group.rule.is_some(),
        };
        if will_be_dynamic && !rule_after {
            return Err(Rejection::new(
                RejectionCode::BadRequest,
                format!("Group {} would be dynamic without a membershipRule; set one in the same update.", group.display_name()),
            ));
        }
        let was_live = was_dynamic && !group.rule_paused;

        self.unwatch_rule(g);
        let group = self.group_mut(g);
        if let Some(name) = &update.display_name {
            group.display_name = name.clone();
        }
        if let Some(description) = &update.description {
            group.description = description.clone();
        }
        if let Some(security) = update.security_enabled {
            group.security_enabled = security;
        }
        if let Some(mail) = update.mail_enabled {
            group.mail_enabled = mail;
        }
        if let Some(types) = &update.group_types {
            group.group_types = types.clone();
        }
        if let Some(rule) = &update.membership_rule {
            group.membership_rule = rule.as_ref().map(|(text, _)| text.clone());
            group.rule = rule.as_ref().map(|(_, compiled)| compiled.clone());
        }
        if let Some(paused) = update.rule_paused {
            group.rule_paused = paused;
        }
        self.watch_rule(g);

        if will_be_dynamic && !was_dynamic {
            // "All existing members are removed from the group, and then the membership rule is
            // processed" (static to dynamic).
            for member in self.group(g).members.clone() {
                self.remove_membership(g, member.who);
                if let MemberRef::User(u) = member.who {
                    self.process_user(u);
                }
            }
        }
        let is_live = will_be_dynamic && !self.group(g).rule_paused;
        let rule_changed = update.membership_rule.is_some();
        if is_live && (!was_live || rule_changed) {
            self.evaluate_dynamic_group(g);
        }
        Ok(())
    }

    fn delete_group(&mut self, g: GroupIx) -> Result<(), Rejection> {
        self.require_group(g)?;
        let group = self.group(g);
        let rows_remain = self.group_holders(g).next().is_some();
        if !group.licenses.is_empty() {
            return Err(Rejection::new(
                RejectionCode::GroupHasLicenses,
                format!(
                    "It isn't possible to delete group {} while it has licenses assigned. Remove its licenses first (assignLicense with removeLicenses), then delete it.",
                    group.display_name()
                ),
            ));
        }
        if rows_remain {
            return Err(Rejection::new(
                RejectionCode::GroupHasLicenses,
                format!(
                    "Group {} has no licenses left, but some users still hold licenses from it that cannot be removed yet (a dependent plan needs them). Resolve those users' DependencyViolation errors and reprocess them, then delete the group.",
                    group.display_name()
                ),
            ));
        }
        for member in group.members.clone() {
            self.remove_membership(g, member.who);
        }
        for parent in self.group(g).parents.clone() {
            self.remove_membership(parent, MemberRef::Group(g));
        }
        self.unwatch_rule(g);
        self.group_mut(g).alive = false;
        Ok(())
    }

    // ---- products ---------------------------------------------------------------------------

    fn set_prepaid_units(&mut self, s: SkuIx, units: crate::scenario::document::PrepaidUnits) {
        let was_assignable = self.assignable(self.sku(s)) > 0;
        self.sku_mut(s).prepaid = units;
        let is_assignable = self.assignable(self.sku(s)) > 0;
        if was_assignable == is_assignable {
            // Freed or bought seats wait for a reprocess (B18); nothing else moves.
            return;
        }
        // The subscription was suspended or came back: its holders' paths follow (§8.2).
        let (from, to) = if is_assignable {
            (State::Disabled, State::Active)
        } else {
            (State::Active, State::Disabled)
        };
        for u in 0..self.users.len() {
            let u = UserIx::new(u);
            if !self
                .user(u)
                .rows
                .iter()
                .any(|r| r.sku == s && r.holds_seat && r.state == from)
            {
                continue;
            }
            self.touch(u);
            for row in self.rows_mut(u) {
                if row.sku == s && row.holds_seat && row.state == from {
                    row.state = to;
                }
            }
            // assignedPlans rules see the plans' capabilityStatus change.
            self.queue_rules(u, Trigger::AssignedPlans);
        }
    }

    /// Microsoft adds a plan to a product: every path that does not disable it gets it (B25).
    fn add_service_plan(&mut self, s: SkuIx, plan: crate::tenant::PlanIx) {
        self.sku_mut(s).plans.push(plan);
        self.refresh_masks(s);
        for g in (0..self.groups.len()).map(GroupIx::new) {
            let group = self.group(g);
            if group.license(s).is_some() {
                let choices: Vec<LicenseChoice> =
                    group.licenses.iter().map(|l| (l.sku, l.disabled)).collect();
                self.group_mut(g).licenses = self.effective_group_licenses(&choices);
            }
        }
        for u in 0..self.users.len() {
            let u = UserIx::new(u);
            if !self.user(u).rows.iter().any(|r| r.sku == s) {
                continue;
            }
            self.touch(u);
            let all = self.sku(s).all_plans();
            let enabled_by: Vec<(usize, PlanSet)> = self
                .user(u)
                .rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.sku == s)
                .map(|(i, r)| {
                    let from_group = match r.source {
                        Source::Group(g) if r.standing == crate::tenant::Standing::Assigned => {
                            self.group(g).license(s).map(|l| l.enabled)
                        }
                        _ => None,
                    };
                    (i, from_group.unwrap_or_else(|| all.difference(r.disabled)))
                })
                .collect();
            for (i, enabled) in enabled_by {
                self.rows_mut(u)[i].enabled = enabled;
            }
            self.queue_rules(u, Trigger::AssignedPlans);
        }
    }
}

fn dynamic_membership(group: &str) -> Rejection {
    Rejection::new(
        RejectionCode::BadRequest,
        format!("Group {group} has dynamic membership: its rule decides its members, so they cannot be added or removed by hand. Change the rule instead."),
    )
}

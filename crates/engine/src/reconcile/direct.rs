//! Direct assignment on a user: synchronous, it applies whole or is rejected (B5, B15, B20, B21).

use super::{Rejection, RejectionCode, Transition};
use crate::tenant::reason::ConflictWith;
use crate::tenant::{
    AuditEntry, LicenseError, PlanSet, Row, SkuIx, Source, Standing, State, Tenant, UserIx,
};

impl Transition<'_> {
    pub(crate) fn assign_direct(
        &mut self,
        u: UserIx,
        add: &[(SkuIx, PlanSet)],
        remove: &[SkuIx],
    ) -> Result<(), Rejection> {
        let user = self.user(u);
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
            if !user
                .rows
                .iter()
                .any(|r| r.sku == s && r.source == Source::Direct)
            {
                return Err(if user.rows.iter().any(|r| r.sku == s) {
                    Rejection::new(
                        RejectionCode::LicenseInheritedFromGroup,
                        "User license is inherited from group membership and cannot be removed directly from the user.",
                    )
                } else {
                    Rejection::new(
                        RejectionCode::LicenseNotAssigned,
                        format!(
                            "{} is not assigned to {}, so there is nothing to remove.",
                            self.sku(s).display_name(),
                            user.id
                        ),
                    )
                });
            }
        }
        if !add.is_empty() && user.usage_location.is_none() {
            return Err(Rejection::new(
                RejectionCode::InvalidUsageLocation,
                "License assignment cannot be done for user with invalid usage location.",
            ));
        }
        for &(s, _) in add {
            if !self.sku(s).applies_to_user {
                return Err(not_for_users(self, s));
            }
        }

        let mut new_direct: super::RowList = user
            .rows
            .iter()
            .filter(|r| r.source == Source::Direct && !remove.contains(&r.sku))
            .cloned()
            .collect();
        for &(s, disabled) in add {
            let row = self.direct_row(s, disabled);
            match new_direct.iter_mut().find(|r| r.sku == s) {
                Some(existing) => *existing = row,
                None => new_direct.push(row),
            }
        }

        let others: Vec<&Row> = user
            .rows
            .iter()
            .filter(|r| r.source != Source::Direct && r.grants_plans())
            .collect();
        let location = user.usage_location.as_deref();
        for &(s, disabled) in add {
            let sku = self.sku(s);
            let enabled = sku.all_plans().difference(disabled);
            if let Some(location) = location {
                if let Some(pos) = enabled
                    .iter()
                    .filter(|&pos| sku.masks.prohibited.contains(pos))
                    .find(|&pos| self.plans.prohibited_in(sku.plans[pos], location))
                {
                    return Err(Rejection::new(
                        RejectionCode::ProhibitedInUsageLocationViolation,
                        format!(
                            "{} ({}) is not available in usage location {location}. Disable the plan in this assignment or change the user's usage location.",
                            self.plans.plan(sku.plans[pos]).display_name(),
                            sku.display_name()
                        ),
                    ));
                }
            }
            let held = others
                .iter()
                .map(|r| (r.sku, r.enabled, ConflictWith::Path(r.source)));
            let siblings = new_direct
                .iter()
                .map(|r| (r.sku, r.enabled, ConflictWith::SameRequest));
            if let Some(reason) = self.find_conflict(s, enabled, held.chain(siblings)) {
                return Err(Rejection::new(
                    RejectionCode::MutuallyExclusiveViolation,
                    self.explain(&reason),
                ));
            }
            if let Some(reason) = self.duplicate_proxy(u) {
                if enabled.iter().any(|pos| sku.masks.mailbox.contains(pos)) {
                    return Err(Rejection::new(
                        RejectionCode::UniquenessViolation,
                        self.explain(&reason),
                    ));
                }
            }
            if !user.holds_seat(s) && self.available(sku) <= 0 {
                return Err(Rejection::new(
                    RejectionCode::CountViolation,
                    self.explain(&self.no_seats(s)),
                ));
            }
        }

        let non_direct: Vec<Row> = user
            .rows
            .iter()
            .filter(|r| r.source != Source::Direct)
            .cloned()
            .collect();
        let after: Vec<Row> = non_direct.iter().chain(&new_direct).cloned().collect();
        // While the starting tenant is built, a prerequisite may come from a group processed
        // later; `unmet_direct_dependency` checks once everything is in place.
        if let Some(message) = self
            .broken_dependency(&user.rows, &after)
            .filter(|_| !self.work.building)
        {
            return Err(Rejection::new(RejectionCode::DependencyViolation, message));
        }

        self.replace_rows(u, Source::Direct, new_direct);
        self.audit(AuditEntry {
            activity: crate::tenant::Activity::ChangeUserLicenseDirectly,
            target: crate::tenant::AuditTarget::User(u),
            result: "success".into(),
        });
        // A change to the user's own licenses re-evaluates the user's group paths (B18).
        self.process_user(u);
        Ok(())
    }

    pub(crate) fn direct_row(&self, s: SkuIx, disabled: PlanSet) -> Row {
        Row {
            sku: s,
            source: Source::Direct,
            disabled,
            enabled: self.sku(s).all_plans().difference(disabled),
            state: if self.assignable(self.sku(s)) == 0 {
                State::Disabled
            } else {
                State::Active
            },
            error: LicenseError::None,
            holds_seat: true,
            standing: Standing::Assigned,
            reason: None,
        }
    }

    /// A dependent plan enabled in `after` whose prerequisite is missing there, when the change
    /// enabled it or took its prerequisite away.
    /// A dependent plan that a user's direct assignment enables without its prerequisite
    /// anywhere on the user (the starting tenant's deferred check).
    pub(crate) fn unmet_direct_dependency(&self, u: UserIx) -> Option<String> {
        let rows = &self.user(u).rows;
        let direct: Vec<Row> = rows
            .iter()
            .filter(|r| r.source == Source::Direct)
            .cloned()
            .collect();
        let others: Vec<Row> = rows
            .iter()
            .filter(|r| r.source != Source::Direct)
            .cloned()
            .collect();
        // Compared with the user without direct rows, every dependent plan they enable is new.
        self.broken_dependency(&others, &rows[..])
            .filter(|_| !direct.is_empty())
    }

    fn broken_dependency(&self, before: &[Row], after: &[Row]) -> Option<String> {
        for requirement in &self.plans.requirements {
            let dependent = self.plans.plan(requirement.plan).identity;
            if !self.rows_enable(after, dependent)
                || self
                    .plans
                    .satisfied(requirement, |id| self.rows_enable(after, id))
            {
                continue;
            }
            let was_working = self.rows_enable(before, dependent)
                && self
                    .plans
                    .satisfied(requirement, |id| self.rows_enable(before, id));
            let newly_enabled = !self.rows_enable(before, dependent);
            if was_working || newly_enabled {
                let prerequisites: Vec<String> = requirement
                    .alternatives
                    .iter()
                    .map(|alt| {
                        alt.iter()
                            .map(|p| format!("[{}]", self.plans.plan(*p).display_name()))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    })
                    .collect();
                return Some(format!(
                    "License assignment failed because service plan [{}] depends on the service plan(s) {}.",
                    self.plans.plan(requirement.plan).display_name(),
                    prerequisites.join(" or "),
                ));
            }
        }
        None
    }
}

pub(crate) fn not_for_users(tenant: &Tenant, s: SkuIx) -> Rejection {
    Rejection::new(
        RejectionCode::SkuNotAssignableToUsers,
        format!(
            "{} applies to the company, not to users (appliesTo: Company), so it cannot be assigned.",
            tenant.sku(s).display_name()
        ),
    )
}

//! Group paths: evaluating what one group gives one member, and group processing runs.

use super::{RowList, Transition};
use crate::scenario::document::{DependentRemoval, SwapFailure};
use crate::tenant::reason::{country, ConflictWith, Reason};
use crate::tenant::{
    Activity, AuditEntry, AuditResult, AuditTarget, GroupIx, GroupLicense, LicenseError, MemberRef,
    PlanIx, Row, Source, Standing, State, Tenant, UserIx,
};
use smallvec::SmallVec;

/// Why one product of a group could not be assigned to one member.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub error: LicenseError,
    pub reason: Reason,
}

impl Transition<'_> {
    /// Re-evaluates every group path of a user (B18). Paths that are going away go first, so
    /// what they release (a seat, a conflicting plan) is free for the user's other paths: the
    /// documented fix for a conflict is to remove the user from the other group, "after which
    /// the licenses are correctly assigned". Then the groups in the order the user joined them.
    pub(crate) fn process_user(&mut self, u: UserIx) {
        if !self.user(u).alive {
            return;
        }
        let mut leaving: Vec<GroupIx> = Vec::new();
        for row in &self.user(u).rows {
            if let Source::Group(g) = row.source {
                if !self.is_licensed_member(u, g) && !leaving.contains(&g) {
                    leaving.push(g);
                }
            }
        }
        let staying: Vec<GroupIx> = self
            .user(u)
            .memberships
            .iter()
            .copied()
            .filter(|g| !leaving.contains(g))
            .collect();
        let sources: Vec<GroupIx> = leaving.into_iter().chain(staying).collect();
        // A path evaluated later in the pass can change what an earlier one saw (a plan now
        // held, a seat now taken), so passes repeat until nothing changes: reprocessing is then
        // idempotent and independent of the order of the user's groups. Each pass after the first
        // needs a change, and a path's outcome depends only on the others, so it settles fast.
        for _ in 0..=sources.len() {
            let mut must_repeat = false;
            for (i, &g) in sources.iter().enumerate() {
                if self.process_group_path(u, g) && i > 0 {
                    must_repeat = true;
                }
            }
            if !must_repeat {
                break;
            }
        }
    }

    /// A group processing run: every member in seat order, then former members whose rows
    /// linger. Each member is re-evaluated as a whole (all of their paths, B18): a change to one
    /// group can clear an error that another group's path had because of it.
    pub(crate) fn run_group(&mut self, g: GroupIx) {
        self.audit(AuditEntry {
            activity: Activity::StartApplyingGroupLicense,
            target: AuditTarget::Group(g),
            result: "".into(),
        });
        let members = self.seat_order(g);
        // Counted as each member is evaluated, while the member's rows are in the cache: only
        // processing a user changes that user's rows, so none changes again in this run.
        let mut failed = 0;
        for &u in &members {
            if self.work.building {
                // A member by construction: the membership need not be looked up.
                self.evaluate_group_path(u, g, true);
            } else {
                self.process_user(u);
            }
            if self.user(u).has_errors_from(g) {
                failed += 1;
            }
        }
        for u in self.lingering_users(g) {
            self.process_user(u);
        }
        let succeeded = members.len() - failed;
        self.audit(AuditEntry {
            activity: Activity::FinishApplyingGroupLicense,
            target: AuditTarget::Group(g),
            result: format!(
                "[Users successfully assigned licenses: {succeeded}, Users for whom license assignment failed: {failed}.];"
            )
            .into(),
        });
    }

    /// Users who are not members of `g` but still have rows from it.
    pub(crate) fn lingering_users(&self, g: GroupIx) -> Vec<UserIx> {
        self.group(g).former_members_with_rows.clone()
    }

    /// Evaluates what group `g` gives user `u` and records it in `u`'s rows.
    /// Returns whether the user's rows changed.
    pub(crate) fn process_group_path(&mut self, u: UserIx, g: GroupIx) -> bool {
        let member = self.is_member(g, MemberRef::User(u));
        self.evaluate_group_path(u, g, member)
    }

    /// `process_group_path` for a user whose direct membership of `g` is known (`member`):
    /// a group run knows it for every member, and looking it up is a cache miss per path.
    pub(crate) fn evaluate_group_path(&mut self, u: UserIx, g: GroupIx, member: bool) -> bool {
        if self.work.frozen {
            return false;
        }
        let group = self.group(g);
        let licensed_member = member && group.alive && group.is_license_eligible();
        let desired: SmallVec<[GroupLicense; 4]> = if licensed_member {
            self.group(g).licenses.iter().cloned().collect()
        } else {
            SmallVec::new()
        };
        let old_rows: RowList = self
            .user(u)
            .rows
            .iter()
            .filter(|r| r.source == Source::Group(g))
            .cloned()
            .collect();
        if desired.is_empty() && old_rows.is_empty() {
            return false;
        }

        let failures = self.check_group_licenses(u, g, &desired);
        let failed = failures.iter().any(Option::is_some);
        let first_failure = failures.iter().flatten().next().cloned();
        let mut new_rows: RowList = desired
            .iter()
            .zip(&failures)
            .map(|(license, failure)| match (failed, failure) {
                (false, _) => Row {
                    sku: license.sku,
                    source: Source::Group(g),
                    disabled: license.disabled,
                    enabled: license.enabled,
                    state: if self.assignable(self.sku(license.sku)) == 0 {
                        State::Disabled
                    } else {
                        State::Active
                    },
                    error: LicenseError::None,
                    holds_seat: true,
                    standing: Standing::Assigned,
                    reason: None,
                },
                (true, failure) => {
                    let (error, reason) = match failure {
                        Some(f) => (f.error, f.reason.clone()),
                        None => (LicenseError::Other, sibling_failure(&desired, &failures)),
                    };
                    Row {
                        sku: license.sku,
                        source: Source::Group(g),
                        disabled: license.disabled,
                        enabled: license.enabled,
                        state: State::Error,
                        error,
                        holds_seat: false,
                        standing: Standing::Assigned,
                        reason: Some(reason.clone()),
                    }
                }
            })
            .collect();

        // A product the group no longer assigns: gone, unless the swap to its replacement failed
        // for this user and the scenario keeps the old product in that case (§8.11).
        if failed && licensed_member && self.policy.swap_failure == SwapFailure::KeepOld {
            for old in old_rows
                .iter()
                .filter(|r| r.holds_seat && !desired.iter().any(|l| l.sku == r.sku))
            {
                new_rows.push(Row {
                    state: State::Active,
                    error: LicenseError::None,
                    standing: Standing::Retained,
                    reason: Some(Reason::KeptAfterFailedSwap),
                    ..old.clone()
                });
            }
        }

        let new_rows =
            self.protect_dependencies(u, g, &old_rows, new_rows, licensed_member, &desired);
        let changed = self.replace_rows_of(u, Source::Group(g), new_rows, Some(member));
        if changed {
            let failure = first_failure.map(|f| f.reason).or_else(|| {
                self.user(u)
                    .rows
                    .iter()
                    .find(|r| r.source == Source::Group(g) && r.state.is_error())
                    .and_then(|r| r.reason.clone())
            });
            let result = match failure {
                Some(reason) => AuditResult::Failure(reason),
                None => "success".into(),
            };
            self.audit(AuditEntry {
                activity: Activity::ChangeUserLicense,
                target: AuditTarget::User(u),
                result,
            });
        }
        changed
    }

    /// Blocks (or converts) a change that would remove the last provider of a plan that a
    /// dependent plan still needs (B14b, B24, §8.6). Returns the rows to record.
    fn protect_dependencies(
        &mut self,
        u: UserIx,
        g: GroupIx,
        old_rows: &[Row],
        new_rows: RowList,
        licensed_member: bool,
        desired: &[GroupLicense],
    ) -> RowList {
        if self.plans.requirements.is_empty() || !loses_plans(old_rows, &new_rows) {
            return new_rows;
        }
        let others: Vec<Row> = self
            .user(u)
            .rows
            .iter()
            .filter(|r| r.source != Source::Group(g))
            .cloned()
            .collect();
        let before: Vec<Row> = others.iter().chain(old_rows).cloned().collect();
        let after: Vec<Row> = others.iter().chain(&new_rows).cloned().collect();
        let missing = self.newly_missing_prerequisites(&before, &after);
        if missing.is_empty() {
            return new_rows;
        }
        let provides = |row: &Row| {
            row.grants_plans()
                && missing.iter().any(|(_, prereq)| {
                    self.sku(row.sku)
                        .position_of_identity(&self.plans, *prereq)
                        .is_some_and(|pos| row.enabled.contains(pos))
                })
        };
        let license_removed =
            |row: &Row| licensed_member && !desired.iter().any(|l| l.sku == row.sku);

        if self.policy.dependent_removal == DependentRemoval::ConvertToDirect
            && old_rows.iter().filter(|r| provides(r)).all(license_removed)
        {
            let converted: RowList = old_rows.iter().filter(|r| provides(r)).cloned().collect();
            self.convert_to_direct(u, g, converted);
            return new_rows;
        }

        let (dependent, prerequisite) = missing[0];
        let reason = Reason::RemovalBlocked {
            dependent,
            prerequisite,
        };
        let mut kept: RowList = old_rows
            .iter()
            .filter(|r| r.holds_seat)
            .map(|old| {
                let removed = license_removed(old);
                Row {
                    state: if removed && self.policy.dependent_removal == DependentRemoval::Error {
                        State::Error
                    } else {
                        State::ActiveWithError
                    },
                    error: if provides(old) {
                        LicenseError::DependencyViolation
                    } else {
                        LicenseError::Other
                    },
                    standing: if desired.iter().any(|l| l.sku == old.sku) {
                        Standing::Assigned
                    } else {
                        Standing::RemovalBlocked
                    },
                    reason: Some(reason.clone()),
                    ..old.clone()
                }
            })
            .collect();
        for row in new_rows {
            if kept.iter().any(|k| k.sku == row.sku) {
                continue;
            }
            if row.error != LicenseError::None {
                // A product that failed on its own keeps its own error code (B9, §8.12).
                kept.push(Row {
                    holds_seat: false,
                    ..row
                });
            } else {
                kept.push(Row {
                    state: State::Error,
                    error: LicenseError::Other,
                    holds_seat: false,
                    reason: Some(reason.clone()),
                    ..row
                });
            }
        }
        kept
    }

    /// Requirements met by `before` and broken by `after`, as (dependent plan, a missing
    /// prerequisite) pairs.
    pub(crate) fn newly_missing_prerequisites(
        &self,
        before: &[Row],
        after: &[Row],
    ) -> Vec<(PlanIx, PlanIx)> {
        let mut missing = Vec::new();
        for requirement in &self.plans.requirements {
            let dependent = self.plans.plan(requirement.plan).identity;
            if !self.rows_enable(after, dependent) {
                continue;
            }
            let met_before = self
                .plans
                .satisfied(requirement, |id| self.rows_enable(before, id));
            let met_after = self
                .plans
                .satisfied(requirement, |id| self.rows_enable(after, id));
            if met_before && !met_after {
                let lost = requirement
                    .alternatives
                    .iter()
                    .flatten()
                    .map(|p| self.plans.plan(*p).identity)
                    .find(|id| self.rows_enable(before, *id) && !self.rows_enable(after, *id));
                if let Some(prerequisite) = lost {
                    missing.push((requirement.plan, prerequisite));
                }
            }
        }
        missing
    }

    /// The 2018-2024 behaviour (§8.6 option): the member keeps the license as a direct assignment.
    fn convert_to_direct(&mut self, u: UserIx, g: GroupIx, rows: RowList) {
        let mut direct: RowList = self
            .user(u)
            .rows
            .iter()
            .filter(|r| r.source == Source::Direct)
            .cloned()
            .collect();
        for row in rows {
            match direct.iter_mut().find(|d| d.sku == row.sku) {
                // Keep every plan either path enabled, so nothing is lost in the conversion.
                Some(existing) => {
                    existing.disabled = existing.disabled.intersection(row.disabled);
                    existing.enabled = self.sku(row.sku).all_plans().difference(existing.disabled);
                }
                None => direct.push(Row {
                    source: Source::Direct,
                    state: if self.assignable(self.sku(row.sku)) == 0 {
                        State::Disabled
                    } else {
                        State::Active
                    },
                    error: LicenseError::None,
                    holds_seat: true,
                    standing: Standing::Assigned,
                    reason: None,
                    enabled: self.sku(row.sku).all_plans().difference(row.disabled),
                    ..row
                }),
            }
        }
        self.replace_rows(u, Source::Direct, direct);
        let group = self.group(g).display_name().to_owned();
        self.audit(AuditEntry {
            activity: Activity::ChangeUserLicense,
            target: AuditTarget::User(u),
            result: format!(
                "success: converted to a direct assignment because a dependent plan needs it (group {group} no longer assigns it)"
            ).into(),
        });
    }

    /// Replaces the rows of one source and keeps seat counts in step. Returns whether anything
    /// changed.
    pub(crate) fn replace_rows(&mut self, u: UserIx, source: Source, new_rows: RowList) -> bool {
        self.replace_rows_of(u, source, new_rows, None)
    }

    /// `replace_rows`, with whether `u` is a direct member of the source group when the caller
    /// knows it (`None`: look it up).
    fn replace_rows_of(
        &mut self,
        u: UserIx,
        source: Source,
        mut new_rows: RowList,
        member: Option<bool>,
    ) -> bool {
        self.touch(u);
        // Rows are kept in output order (product, then source); compare in that order too.
        crate::order::sort_by_key(&mut new_rows, |r| (r.sku, r.source));
        let user = &self.users[u.index()];
        let old_rows: RowList = user
            .rows
            .iter()
            .filter(|r| r.source == source)
            .cloned()
            .collect();
        if old_rows == new_rows {
            return false;
        }
        let mut affected: SmallVec<[crate::tenant::SkuIx; 4]> =
            old_rows.iter().chain(&new_rows).map(|r| r.sku).collect();
        crate::tenant::SkuIx::sort(&mut affected);
        affected.dedup();
        let held_before: SmallVec<[bool; 4]> =
            affected.iter().map(|s| user.holds_seat(*s)).collect();
        let plans_before: SmallVec<[crate::tenant::PlanSet; 4]> =
            if self.rule_index.watches_assigned_plans() {
                affected.iter().map(|s| user.enabled(*s)).collect()
            } else {
                SmallVec::new()
            };

        let rows = self.rows_mut(u);
        rows.retain(|r| r.source != source);
        rows.extend(new_rows);
        crate::order::sort_by_key(rows, |r| (r.sku, r.source));

        if self.rule_index.watches_assigned_plans() {
            let user = &self.users[u.index()];
            if affected
                .iter()
                .zip(&plans_before)
                .any(|(s, before)| user.enabled(*s) != *before)
            {
                self.queue_rules(u, super::dynamic::Trigger::AssignedPlans);
            }
        }
        for (s, before) in affected.into_iter().zip(held_before) {
            let after = self.users[u.index()].holds_seat(s);
            match (before, after) {
                (false, true) => self.sku_mut(s).consumed += 1,
                (true, false) => self.sku_mut(s).consumed -= 1,
                _ => {}
            }
        }

        if let Source::Group(g) = source {
            let keeps_rows = self.users[u.index()]
                .rows
                .iter()
                .any(|r| r.source == source);
            let member = member.unwrap_or_else(|| self.is_member(g, MemberRef::User(u)));
            let listed = self.group(g).former_members_with_rows.contains(&u);
            if keeps_rows && !member && !listed {
                self.group_mut(g).former_members_with_rows.push(u);
            } else if (!keeps_rows || member) && listed {
                self.group_mut(g)
                    .former_members_with_rows
                    .retain(|x| *x != u);
            }
        }
        true
    }
}

/// What a path's outcome reads, without changing anything: shared by the transitions and by
/// `Tenant::pending`, which asks what processing would do in an observed tenant.
impl Tenant {
    /// A direct user member of a live, security-enabled group gets its licenses (B1-B3).
    pub(crate) fn is_licensed_member(&self, u: UserIx, g: GroupIx) -> bool {
        let group = self.group(g);
        group.alive && group.is_license_eligible() && self.is_member(g, MemberRef::User(u))
    }

    /// The checks of one group path, per product (B12, B13, B15, B16). Dependencies inside the
    /// group were settled when the group was licensed (B14a/B14c).
    pub(crate) fn check_group_licenses(
        &self,
        u: UserIx,
        g: GroupIx,
        desired: &[GroupLicense],
    ) -> SmallVec<[Option<Failure>; 4]> {
        let user = self.user(u);
        let others: SmallVec<[&Row; 8]> = user
            .rows
            .iter()
            .filter(|r| r.source != Source::Group(g) && r.grants_plans())
            .collect();
        let location = self.effective_location(u);
        let inherited = user.usage_location.is_none();
        desired
            .iter()
            .enumerate()
            .map(|(i, license)| {
                let sku = self.sku(license.sku);
                if let Some(location) = location {
                    if let Some(pos) = license
                        .enabled
                        .intersection(sku.masks.prohibited)
                        .iter()
                        .find(|&pos| self.plans.prohibited_in(sku.plans[pos], location))
                    {
                        return Some(Failure {
                            error: LicenseError::ProhibitedInUsageLocationViolation,
                            reason: Reason::Prohibited {
                                plan: sku.plans[pos],
                                sku: license.sku,
                                location: country(location),
                                inherited,
                            },
                        });
                    }
                }
                let earlier = desired[..i]
                    .iter()
                    .map(|l| (l.sku, l.enabled, ConflictWith::SameGroup));
                let held = others
                    .iter()
                    .map(|r| (r.sku, r.enabled, ConflictWith::Path(r.source)));
                if let Some(reason) =
                    self.find_conflict(license.sku, license.enabled, held.chain(earlier))
                {
                    return Some(Failure {
                        error: LicenseError::MutuallyExclusiveViolation,
                        reason,
                    });
                }
                if !license.enabled.intersection(sku.masks.mailbox).is_empty() {
                    if let Some(reason) = self.duplicate_proxy(u) {
                        return Some(Failure {
                            error: LicenseError::UniquenessViolation,
                            reason,
                        });
                    }
                }
                if !user.holds_seat(license.sku) && self.available(sku) <= 0 {
                    return Some(Failure {
                        error: LicenseError::CountViolation,
                        reason: self.no_seats(license.sku),
                    });
                }
                None
            })
            .collect()
    }

    pub(crate) fn no_seats(&self, s: crate::tenant::SkuIx) -> Reason {
        let sku = self.sku(s);
        Reason::NoSeats {
            sku: s,
            consumed: sku.consumed,
            assignable: self.assignable(sku),
        }
    }

    /// A UniquenessViolation reason when one of the user's addresses is another user's.
    pub(crate) fn duplicate_proxy(&self, u: UserIx) -> Option<Reason> {
        let (address, owner) = self.shared_proxy(u)?;
        Some(Reason::DuplicateProxy {
            owner: Some(owner),
            address: address.into(),
        })
    }

    /// The first plan of `enabled` (in `sku`) that conflicts with a plan of another product.
    pub(crate) fn find_conflict(
        &self,
        sku: crate::tenant::SkuIx,
        enabled: crate::tenant::PlanSet,
        others: impl Iterator<Item = (crate::tenant::SkuIx, crate::tenant::PlanSet, ConflictWith)>,
    ) -> Option<Reason> {
        let in_sets = |s: crate::tenant::SkuIx, set: crate::tenant::PlanSet| {
            let sku = self.sku(s);
            set.intersection(sku.masks.conflicting)
                .iter()
                .map(move |pos| sku.plans[pos])
        };
        in_sets(sku, enabled).next()?;
        for (other_sku, other_enabled, other) in others {
            if other_sku == sku {
                continue;
            }
            for other_plan in in_sets(other_sku, other_enabled) {
                if let Some(plan) =
                    in_sets(sku, enabled).find(|p| self.plans.conflicts(*p, other_plan))
                {
                    return Some(Reason::Conflict {
                        plan,
                        sku,
                        other_plan,
                        other_sku,
                        other,
                    });
                }
            }
        }
        None
    }
}

/// Does replacing `old` with `new` take away a plan (only then can a dependency break)?
fn loses_plans(old: &[Row], new: &[Row]) -> bool {
    old.iter().filter(|r| r.grants_plans()).any(|old| {
        let kept = new
            .iter()
            .filter(|n| n.sku == old.sku && n.grants_plans())
            .fold(crate::tenant::PlanSet::EMPTY, |acc, n| acc.union(n.enabled));
        !old.enabled.difference(kept).is_empty()
    })
}

fn sibling_failure(desired: &[GroupLicense], failures: &[Option<Failure>]) -> Reason {
    let (license, failure) = desired
        .iter()
        .zip(failures)
        .find_map(|(l, f)| f.as_ref().map(|f| (l, f)))
        .expect("a sibling failure exists");
    Reason::Sibling {
        sku: license.sku,
        error: failure.error,
    }
}

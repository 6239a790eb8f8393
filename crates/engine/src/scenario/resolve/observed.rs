//! The observed starting state (`"startingState": "observed"`): each user's
//! `licenseAssignmentStates` rows and each product's `consumedUnits`, as Graph reported them,
//! checked and resolved to indices. The loader puts them into the tenant as they are.

use super::Resolver;
use crate::scenario::document::{Action, LicenseAssignmentStateDef, Scenario, StartingState};
use crate::scenario::errors::{fail, Resolved};
use crate::scenario::locate::FieldPath;
use crate::tenant::reason::Reason;
use crate::tenant::{GroupIx, LicenseError, PlanSet, Row, Source, Standing, State};

/// Said wherever observed data appears in a scenario that is computed.
const ADD_OBSERVED: &str = "add \"startingState\": \"observed\" at the top of the scenario to start from the reported state, or remove the field";

impl Resolver {
    /// Resolves the reported rows of an observed scenario into `observed_rows`; refuses observed
    /// data anywhere it would be ignored (a computed scenario, an object a step creates), since
    /// silently dropping part of an export would make every later result look wrong.
    pub(super) fn resolve_observed(&mut self, scenario: &Scenario) -> Resolved<()> {
        let observed = scenario.starting_state == StartingState::Observed;
        if observed {
            self.observed_rows = vec![Vec::new(); scenario.users.len()];
        }
        for (i, sku) in scenario.subscribed_skus.iter().enumerate() {
            if sku.consumed_units.is_some() && !observed {
                return fail(
                    &FieldPath::root()
                        .key("subscribedSkus")
                        .index(i)
                        .key("consumedUnits"),
                    format!("consumedUnits is read only from an observed starting state; {ADD_OBSERVED}"),
                );
            }
        }
        for (i, step) in scenario.steps.iter().enumerate() {
            let path = FieldPath::root().key("steps").index(i);
            match &step.action {
                Action::CreateUser { user } if user.license_assignment_states.is_some() => {
                    return fail(
                        &path.key("user").key("licenseAssignmentStates"),
                        "a created user gets its licenses from assignedLicenses; licenseAssignmentStates describe only the starting state",
                    );
                }
                Action::AddSubscribedSku { sku } if sku.consumed_units.is_some() => {
                    return fail(
                        &path.key("sku").key("consumedUnits"),
                        "an added product starts with no seats used; consumedUnits describes only the starting state",
                    );
                }
                _ => {}
            }
        }
        for (i, user) in scenario.users.iter().enumerate() {
            let path = FieldPath::root().key("users").index(i);
            match (&user.license_assignment_states, observed) {
                (Some(_), false) => {
                    return fail(
                        &path.key("licenseAssignmentStates"),
                        format!("licenseAssignmentStates are read only from an observed starting state; {ADD_OBSERVED}"),
                    );
                }
                (rows, true) => {
                    // Graph's assignedLicenses also lists inherited products, so it cannot say
                    // which assignments are direct; the rows can (tenant-import.md §2).
                    if !user.assigned_licenses.is_empty() {
                        return fail(
                            &path.key("assignedLicenses"),
                            "in an observed scenario direct assignments are the licenseAssignmentStates rows without assignedByGroup; remove assignedLicenses (add a row with \"assignedByGroup\": null instead)",
                        );
                    }
                    let u = self.known_user(&user.id);
                    for (j, row) in rows.iter().flatten().enumerate() {
                        let row_path = path.key("licenseAssignmentStates").index(j);
                        let row = self.observed_row(&row_path, row)?;
                        if self.observed_rows[u.index()]
                            .iter()
                            .any(|r: &Row| r.sku == row.sku && r.source == row.source)
                        {
                            let sku = &self.skus[row.sku.index()].id;
                            let message = match row.source {
                                Source::Direct => format!("a second direct row for product '{sku}'; a user has at most one direct assignment of a product"),
                                Source::Group(g) => format!(
                                    "a second row for product '{sku}' from group '{}'; a group gives a user one row per product",
                                    self.groups[g.index()].id
                                ),
                            };
                            return fail(&row_path.key("skuId"), message);
                        }
                        self.observed_rows[u.index()].push(row);
                    }
                }
                (None, false) => {}
            }
        }
        Ok(())
    }

    fn observed_row(&self, path: &FieldPath, def: &LicenseAssignmentStateDef) -> Resolved<Row> {
        let sku = self.sku_ref(&path.key("skuId"), &def.sku_id)?;
        let source = match &def.assigned_by_group {
            None => Source::Direct,
            Some(id) => match self.group_ids.get(id).map(GroupIx::new) {
                // A group a step creates does not exist yet in the starting state.
                Some(g) if !self.groups[g.index()].pending => Source::Group(g),
                _ => {
                    return fail(
                        &path.key("assignedByGroup"),
                        format!("unknown group '{id}'; assignedByGroup is the id of one of the scenario's groups, or null for a direct assignment"),
                    )
                }
            },
        };
        let mut disabled = PlanSet::EMPTY;
        for (k, plan) in def.disabled_plans.iter().enumerate() {
            disabled.insert(self.plan_in_sku(&path.key("disabledPlans").index(k), sku, plan)?);
        }
        let state = match def.state.as_str() {
            "Active" => State::Active,
            "ActiveWithError" => State::ActiveWithError,
            "Disabled" => State::Disabled,
            "Error" => State::Error,
            other => return fail(
                &path.key("state"),
                format!("'{other}' is not a license assignment state; Graph uses Active, ActiveWithError, Disabled and Error"),
            ),
        };
        let error = match def.error.as_deref() {
            None | Some("None") => LicenseError::None,
            Some("CountViolation") => LicenseError::CountViolation,
            Some("MutuallyExclusiveViolation") => LicenseError::MutuallyExclusiveViolation,
            Some("DependencyViolation") => LicenseError::DependencyViolation,
            Some("ProhibitedInUsageLocationViolation") => {
                LicenseError::ProhibitedInUsageLocationViolation
            }
            Some("UniquenessViolation") => LicenseError::UniquenessViolation,
            // The old beta documentation spelled it `Others` (licensing-behaviour.md §1.1).
            Some("Other" | "Others") => LicenseError::Other,
            Some(other) => return fail(
                &path.key("error"),
                format!("'{other}' is not a license assignment error; Graph uses None (or null), CountViolation, MutuallyExclusiveViolation, DependencyViolation, ProhibitedInUsageLocationViolation, UniquenessViolation and Other"),
            ),
        };
        // The pairs Graph never reports, which no later step could make sense of either.
        match (state, error) {
            (State::Active, e) if e != LicenseError::None => {
                return fail(
                    &path.key("error"),
                    format!("an Active row has no error, but this one says {}; use ActiveWithError or Error for a row with an error", e.as_str()),
                )
            }
            (State::Error, LicenseError::None) => {
                return fail(
                    &path.key("state"),
                    "an Error row says which error (CountViolation, MutuallyExclusiveViolation, ...), but this one has none",
                )
            }
            _ => {}
        }
        Ok(Row {
            sku,
            source,
            disabled,
            // The loader narrows a group row to the group's effective plans (B14c) once the
            // groups' licenses are in place.
            enabled: self.skus[sku.index()].all_plans().difference(disabled),
            state,
            error,
            holds_seat: holds_seat(state, error),
            standing: Standing::Assigned,
            // The words for an error come from evaluating the path; an observed row was not.
            reason: (error != LicenseError::None).then_some(Reason::Reported(error)),
        })
    }
}

/// Who holds a seat in a reported row (B6, B11, B14b, §8.2, §8.6): an Active, ActiveWithError or
/// Disabled row does (the assignment stands; Disabled is a suspended subscription's seat); an
/// Error row does not (a failed path consumes nothing), except a DependencyViolation, which is a
/// removal blocked by a dependent plan: the user keeps the license and its seat.
fn holds_seat(state: State, error: LicenseError) -> bool {
    state != State::Error || error == LicenseError::DependencyViolation
}

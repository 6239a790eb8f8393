//! The engine as the judge: an order of steps run on today's tenant, one step at a time, and
//! after each step the users it touched compared with what they must keep (the services they
//! have today and in the target): gaps, errors on the way, seats held, refused steps.
//!
//! Only the users a step touches are looked at (a membership change touches one user), so a
//! run costs what loading the tenant and running its steps does.

use crate::derive::Phase;
use crate::PlanError;
use licenselab_engine::{
    Action, AssignedLicenseDef, MemberRef, Scenario, Simulation, SkuIx, Source, StartingState,
    Step, Tenant, UserDef, UserIx, UserServices,
};
use std::collections::HashMap;

/// What must hold while a plan runs, computed once for the tenant and the target.
pub(crate) struct Judge<'a> {
    today: &'a Scenario,
    /// Today's tenant loaded once: a run without steps to load with it starts from a copy.
    start: Simulation,
    target: Simulation,
    /// By today's user index: the services the user has today and in the target.
    required: Vec<Vec<String>>,
    /// Users whose licenses today are not the target's: a user no step touches stays so.
    differ_today: Vec<UserIx>,
}

/// A service missing for a user after `lost_after` until `back_after` (indices of applied steps).
#[derive(Debug, Clone)]
pub(crate) struct GapRecord {
    pub user: UserIx,
    pub service: String,
    pub lost_after: usize,
    pub back_after: Option<usize>,
}

/// A license row in an error the target does not have, from one step until another.
#[derive(Debug, Clone)]
pub(crate) struct ErrorRecord {
    pub user: UserIx,
    pub sku_id: String,
    pub group: Option<String>,
    pub error: &'static str,
    pub from: usize,
    pub until: Option<usize>,
}

/// One run of an order.
#[derive(Clone)]
pub(crate) struct Outcome {
    pub steps: Vec<Step>,
    pub rejected: Vec<(Step, String)>,
    pub gaps: Vec<GapRecord>,
    pub errors: Vec<ErrorRecord>,
    /// By product: seats consumed at the start and the most held after any step.
    pub start_consumed: Vec<u32>,
    pub peak: Vec<u32>,
    /// Users whose licenses at the end are not the target's (those below among them).
    pub mismatched: Vec<String>,
    /// Of `mismatched`, the users left in the target's own errors ([`in_target_errors`]): no
    /// order is held to them.
    pub target_in_error: Vec<String>,
    pub simulation: Simulation,
}

impl Outcome {
    /// The users the target settles whose licenses at the end are not the target's: the
    /// order's own misses.
    pub fn missed(&self) -> usize {
        self.mismatched.len() - self.target_in_error.len()
    }
}

/// How to run an order: `repair` reprocesses a user left without a service by an error right
/// away and retries refused removals after the others; `finish` reprocesses, at the end, the
/// users whose licenses are not yet the target's.
#[derive(Clone, Copy)]
pub(crate) struct Mode {
    pub repair: bool,
    pub finish: bool,
}

/// Refused steps are tried again after every removal while at most this many wait.
const RETRY_EACH: usize = 64;

/// A row's product and group (none for the direct assignment).
pub(crate) type RowPath = (String, Option<String>);

/// A row as compared with the target's: product, path, state, error and enabled plans.
pub(crate) type RowKey = (
    String,
    Option<String>,
    &'static str,
    &'static str,
    Vec<String>,
);

fn row_keys(tenant: &Tenant, u: UserIx) -> Vec<RowKey> {
    let user = tenant.user(u);
    if !user.is_alive() {
        return Vec::new();
    }
    let mut keys: Vec<RowKey> = user
        .rows()
        .iter()
        .map(|r| {
            let plans: Vec<String> = tenant
                .sku_plans(r.sku())
                .enumerate()
                .filter(|(i, _)| r.enabled().contains(*i))
                .map(|(_, p)| p.id.to_owned())
                .collect();
            (
                tenant.sku(r.sku()).id().to_owned(),
                match r.source() {
                    Source::Direct => None,
                    Source::Group(g) => Some(tenant.group(g).id().to_owned()),
                },
                r.state().as_str(),
                r.error().as_str(),
                plans,
            )
        })
        .collect();
    keys.sort();
    keys
}

/// Whether a user whose rows at the end (`end`) differ from the target's (`target`) is left in
/// the target's own errors: the same products through the same paths, every row that differs
/// in error on both sides (another error named, or other plans recorded). A path that fails two
/// checks shows the one reached first, and which is first depends on the order Entra processes
/// the user's paths: processing from scratch (the target) meets them in file order, a step
/// that touches the user reprocesses them all with the others in place (a conflict before a
/// duplicate proxy address, B13 before B16). The judge reprocesses a touched user at the end
/// ([`Mode::finish`]), so the difference outlasts processing the user again with every
/// assignment of the target in place: no order of the target's steps settles it (a user no
/// step touches keeps today's rows, which differ from the target's by no step of the plan). A row
/// working on one side only, or a path on one side only, is a difference an order can make
/// or avoid, and is not this.
pub(crate) fn in_target_errors(end: &[RowKey], target: &[RowKey]) -> bool {
    let in_error = |r: &RowKey| r.3 != "None";
    end.len() == target.len()
        && end != target
        && end
            .iter()
            .zip(target)
            .all(|(e, t)| e == t || (e.0 == t.0 && e.1 == t.1 && in_error(e) && in_error(t)))
}

/// The target as it would be processed from scratch: an edited copy of an import keeps the
/// rows Graph reported, which no longer say what its assignments give.
pub(crate) fn computed(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    for user in &mut s.users {
        user.assigned_licenses = direct_licenses(scenario.starting_state, user);
    }
    s.starting_state = StartingState::Computed;
    s.steps.clear();
    s.expect.clear();
    for sku in &mut s.subscribed_skus {
        sku.consumed_units = None;
    }
    for user in &mut s.users {
        user.license_assignment_states = None;
    }
    s
}

/// A user's direct assignments: `assignedLicenses`, or in an observed scenario the reported rows
/// without a group.
pub(crate) fn direct_licenses(state: StartingState, user: &UserDef) -> Vec<AssignedLicenseDef> {
    match (state, &user.license_assignment_states) {
        (StartingState::Observed, Some(rows)) => rows
            .iter()
            .filter(|r| r.assigned_by_group.is_none())
            .map(|r| AssignedLicenseDef {
                sku_id: r.sku_id.clone(),
                disabled_plans: r.disabled_plans.clone(),
            })
            .collect(),
        _ => user.assigned_licenses.clone(),
    }
}

impl<'a> Judge<'a> {
    pub(crate) fn new(today: &'a Scenario, target: &Scenario) -> Result<Self, PlanError> {
        let start = Simulation::new(today).map_err(PlanError::Tenant)?;
        let target = Simulation::new(&computed(target)).map_err(PlanError::Target)?;
        let (now, then) = (start.tenant(), target.tenant());
        let (now_services, then_services) = (UserServices::new(now), UserServices::new(then));
        let required = (0..now.users().len())
            .map(|i| {
                let u = UserIx::new(i);
                let Some(t) = then.user_ix(now.user(u).id()) else {
                    return Vec::new();
                };
                let later = then_services.of(then, t);
                now_services
                    .of(now, u)
                    .into_iter()
                    .filter(|s| later.contains(s))
                    .map(str::to_owned)
                    .collect()
            })
            .collect();
        let mut judge = Judge {
            today,
            start,
            target,
            required,
            differ_today: Vec::new(),
        };
        let everyone = vec![true; judge.start.tenant().users().len()];
        judge.differ_today = judge.compare(judge.start.tenant(), &everyone);
        Ok(judge)
    }

    /// Today's scenario.
    pub(crate) fn today(&self) -> &Scenario {
        self.today
    }

    /// A user's license rows (as compared with the target's) today and in the target.
    pub(crate) fn rows_today_and_target(&self, id: &str) -> (Vec<RowKey>, Vec<RowKey>) {
        let keys = |tenant: &Tenant| {
            tenant
                .user_ix(id)
                .map(|u| row_keys(tenant, u))
                .unwrap_or_default()
        };
        (keys(self.start.tenant()), keys(self.target.tenant()))
    }

    /// Every plan id of a product of today's tenant, in its order.
    pub(crate) fn plan_ids(&self, sku_id: &str) -> Vec<String> {
        let tenant = self.start.tenant();
        tenant
            .skus()
            .iter()
            .position(|s| s.id() == sku_id)
            .map(|i| {
                tenant
                    .sku_plans(SkuIx::new(i))
                    .map(|p| p.id.to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Runs `head` (steps that create objects, loaded with the tenant) and then `body` in order.
    pub(crate) fn run(
        &self,
        head: &[Step],
        body: &[(Phase, Step)],
        mode: Mode,
    ) -> Result<Outcome, PlanError> {
        let mut simulation = if head.is_empty() {
            self.start.clone()
        } else {
            let mut scenario = self.today.clone();
            scenario.steps = head.to_vec();
            Simulation::new(&scenario).map_err(PlanError::Tenant)?
        };
        let start_consumed: Vec<u32> = simulation
            .tenant()
            .skus()
            .iter()
            .map(|s| s.consumed())
            .collect();
        let mut run = Running {
            judge: self,
            services: UserServices::new(simulation.tenant()),
            steps: Vec::new(),
            rejected: Vec::new(),
            gaps: Vec::new(),
            open_gaps: HashMap::new(),
            errors: Vec::new(),
            open_errors: HashMap::new(),
            peak: start_consumed.clone(),
            touched: vec![false; simulation.tenant().users().len()],
        };
        for step in head {
            let report = simulation
                .step()
                .expect("each head step is in the scenario");
            let result = report.outcome.clone();
            let consumed = report.consumed_after.clone();
            run.record(&simulation, step, result, &consumed);
        }
        // Steps the engine refused, tried again later: a removal that waits for another, or
        // an addition that conflicts with what a later removal takes away.
        let mut deferred: Vec<Step> = Vec::new();
        let mut phase = None;
        for (p, step) in body {
            if phase != Some(*p) {
                run.retry(&mut simulation, &mut deferred)?;
                phase = Some(*p);
            }
            let applied = run.push(&mut simulation, step)?;
            if !applied && mode.repair {
                deferred.push(step.clone());
            } else if applied && mode.repair {
                run.repair(&mut simulation, step)?;
                // Right after a removal, so that a gap it opens lasts one step; only while
                // few wait, so that a run stays linear in its steps.
                if *p == Phase::Remove && !deferred.is_empty() && deferred.len() <= RETRY_EACH {
                    run.retry(&mut simulation, &mut deferred)?;
                }
            }
        }
        run.retry(&mut simulation, &mut deferred)?;
        if mode.finish {
            for id in self.mismatched(simulation.tenant(), &run.touched, false) {
                let step = Step {
                    action: Action::Reprocess {
                        user: Some(id.clone()),
                        group: None,
                    },
                    note: Some(format!(
                        "reprocess {id}: licenses processed again to match the target"
                    )),
                };
                run.push(&mut simulation, &step)?;
            }
        }
        let mismatched = self.mismatched(simulation.tenant(), &run.touched, true);
        let target_in_error = self.in_target_errors(simulation.tenant(), &mismatched);
        Ok(Outcome {
            steps: run.steps,
            rejected: run.rejected,
            gaps: run.gaps,
            errors: run.errors,
            start_consumed,
            peak: run.peak,
            mismatched,
            target_in_error,
            simulation,
        })
    }

    /// The users whose licenses are not the target's: those a step touched, compared, and those
    /// no step touched that differ today (`all`); or only those a step touched.
    fn mismatched(&self, tenant: &Tenant, touched: &[bool], all: bool) -> Vec<String> {
        let mut users = self.compare(tenant, touched);
        if all {
            users.extend(
                self.differ_today
                    .iter()
                    .filter(|u| !touched[u.index()])
                    .copied(),
            );
            users.sort();
        }
        users
            .into_iter()
            .map(|u| tenant.user(u).id().to_owned())
            .collect()
    }

    /// Of `users` (ids of users whose rows differ from the target's), those left in the
    /// target's own errors ([`in_target_errors`]).
    fn in_target_errors(&self, tenant: &Tenant, users: &[String]) -> Vec<String> {
        let target = self.target.tenant();
        let rows = |tenant: &Tenant, id: &str| {
            tenant
                .user_ix(id)
                .map(|u| row_keys(tenant, u))
                .unwrap_or_default()
        };
        users
            .iter()
            .filter(|id| in_target_errors(&rows(tenant, id), &rows(target, id)))
            .cloned()
            .collect()
    }

    /// The users in `which` whose license rows differ from the target's.
    fn compare(&self, tenant: &Tenant, which: &[bool]) -> Vec<UserIx> {
        let target = self.target.tenant();
        (0..tenant.users().len())
            .map(UserIx::new)
            .filter(|u| which[u.index()])
            .filter(|&u| {
                let id = tenant.user(u).id();
                let theirs = target
                    .user_ix(id)
                    .map(|t| row_keys(target, t))
                    .unwrap_or_default();
                row_keys(tenant, u) != theirs
            })
            .collect()
    }
}

struct Running<'j, 'a> {
    judge: &'j Judge<'a>,
    /// Plans' services, mapped once: the planner adds no plan.
    services: UserServices,
    steps: Vec<Step>,
    rejected: Vec<(Step, String)>,
    gaps: Vec<GapRecord>,
    /// (user, service) to its record in `gaps`, while missing.
    open_gaps: HashMap<(UserIx, String), usize>,
    errors: Vec<ErrorRecord>,
    /// By user: (product, group) of each error row still open, and its record in `errors`.
    open_errors: HashMap<UserIx, Vec<(RowPath, usize)>>,
    peak: Vec<u32>,
    touched: Vec<bool>,
}

impl Running<'_, '_> {
    /// Runs one step; false when the engine refused it (it then changed nothing).
    fn push(&mut self, simulation: &mut Simulation, step: &Step) -> Result<bool, PlanError> {
        let report = simulation
            .push(&step.action)
            .map_err(|e| PlanError::Internal(format!("a planned step does not load: {e}")))?;
        let result = report.outcome.clone();
        let consumed = report.consumed_after.clone();
        Ok(self.record(simulation, step, result, &consumed))
    }

    fn record(
        &mut self,
        simulation: &Simulation,
        step: &Step,
        result: Result<Vec<licenselab_engine::PlanChange>, licenselab_engine::Rejection>,
        consumed: &[u32],
    ) -> bool {
        let changes = match result {
            Ok(changes) => changes,
            Err(rejection) => {
                self.rejected.push((step.clone(), rejection.message));
                return false;
            }
        };
        self.steps.push(step.clone());
        let index = self.steps.len() - 1;
        for (peak, now) in self.peak.iter_mut().zip(consumed) {
            *peak = (*peak).max(*now);
        }
        let tenant = simulation.tenant();
        let mut users: Vec<UserIx> = changes.iter().map(|c| c.user).collect();
        users.extend(subjects(tenant, &step.action));
        users.sort();
        users.dedup();
        for u in users {
            self.touched[u.index()] = true;
            self.follow(tenant, u, index);
        }
        true
    }

    /// Notes the services `u` misses and the errors the target does not have, after step `index`.
    fn follow(&mut self, tenant: &Tenant, u: UserIx, index: usize) {
        let now = self.services.of(tenant, u);
        for service in &self.judge.required[u.index()] {
            let key = (u, service.clone());
            let present = now.contains(&service.as_str());
            match (present, self.open_gaps.get(&key)) {
                (true, Some(&i)) => {
                    self.gaps[i].back_after = Some(index);
                    self.open_gaps.remove(&key);
                }
                (false, None) => {
                    self.open_gaps.insert(key, self.gaps.len());
                    self.gaps.push(GapRecord {
                        user: u,
                        service: service.clone(),
                        lost_after: index,
                        back_after: None,
                    });
                }
                _ => {}
            }
        }
        let target = self.judge.target.tenant();
        let wanted: Vec<RowKey> = target
            .user_ix(tenant.user(u).id())
            .map(|t| row_keys(target, t))
            .unwrap_or_default();
        let mut open = self.open_errors.remove(&u).unwrap_or_default();
        let mut still = Vec::new();
        for key in row_keys(tenant, u) {
            if key.3 == "None" {
                continue;
            }
            let id = (key.0.clone(), key.1.clone());
            if let Some(at) = open.iter().position(|(k, _)| *k == id) {
                still.push(open.swap_remove(at));
                continue;
            }
            let expected = wanted
                .iter()
                .any(|w| w.0 == key.0 && w.1 == key.1 && w.3 == key.3);
            if !expected {
                still.push((id, self.errors.len()));
                self.errors.push(ErrorRecord {
                    user: u,
                    sku_id: key.0,
                    group: key.1,
                    error: key.3,
                    from: index,
                    until: None,
                });
            }
        }
        for (_, i) in open {
            self.errors[i].until = Some(index);
        }
        if !still.is_empty() {
            self.open_errors.insert(u, still);
        }
    }

    /// After `step`: a user it left without a service and with an error row is reprocessed at
    /// once (an error that a removal cleared is not processed again by itself), so the gap
    /// lasts one step.
    fn repair(&mut self, simulation: &mut Simulation, step: &Step) -> Result<(), PlanError> {
        let index = self.steps.len() - 1;
        let stranded: Vec<UserIx> = {
            let mut users: Vec<UserIx> = self
                .gaps
                .iter()
                .filter(|g| g.lost_after == index && g.back_after.is_none())
                .map(|g| g.user)
                .collect();
            users.dedup();
            users
                .into_iter()
                .filter(|&u| {
                    simulation
                        .tenant()
                        .user(u)
                        .rows()
                        .iter()
                        .any(|r| r.error().as_str() != "None")
                })
                .collect()
        };
        let _ = step;
        for u in stranded {
            let id = simulation.tenant().user(u).id().to_owned();
            let reprocess = Step {
                action: Action::Reprocess {
                    user: Some(id.clone()),
                    group: None,
                },
                note: Some(format!(
                    "reprocess {id}: the error left by the step before holds back a service"
                )),
            };
            self.push(simulation, &reprocess)?;
        }
        Ok(())
    }

    /// Runs again the removals the engine refused (a plan still needed by an add-on, say), as
    /// long as one of them goes through.
    fn retry(
        &mut self,
        simulation: &mut Simulation,
        deferred: &mut Vec<Step>,
    ) -> Result<(), PlanError> {
        loop {
            let before = deferred.len();
            let waiting = std::mem::take(deferred);
            for step in waiting {
                let refused = self.rejected.len();
                if self.push(simulation, &step)? {
                    // The earlier refusal was only a matter of order.
                    self.rejected.retain(|(s, _)| *s != step);
                    self.repair(simulation, &step)?;
                } else {
                    self.rejected.truncate(refused);
                    deferred.push(step);
                }
            }
            if deferred.is_empty() || deferred.len() == before {
                return Ok(());
            }
        }
    }
}

/// The users a step is about: its user or member, or a group's members.
fn subjects(tenant: &Tenant, action: &Action) -> Vec<UserIx> {
    let group_members = |g: &str| -> Vec<UserIx> {
        tenant
            .group_ix(g)
            .map(|g| {
                tenant
                    .group(g)
                    .members()
                    .iter()
                    .filter_map(|m| match m.who() {
                        MemberRef::User(u) => Some(u),
                        MemberRef::Group(_) => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    match action {
        Action::AssignLicense { user: Some(u), .. } | Action::Reprocess { user: Some(u), .. } => {
            tenant.user_ix(u).into_iter().collect()
        }
        Action::AssignLicense { group: Some(g), .. }
        | Action::Reprocess { group: Some(g), .. }
        | Action::UpdateGroup { group: g, .. } => group_members(g),
        Action::CreateGroup { group } => group_members(&group.id),
        Action::AddMember { member, .. } | Action::RemoveMember { member, .. } => {
            tenant.user_ix(member).into_iter().collect()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{in_target_errors, RowKey};

    fn row(sku: &str, group: &str, error: &'static str, plans: &[&str]) -> RowKey {
        let state = if error == "None" { "Active" } else { "Error" };
        (
            sku.to_owned(),
            Some(group.to_owned()),
            state,
            error,
            plans.iter().map(|p| (*p).to_owned()).collect(),
        )
    }

    #[test]
    fn another_error_on_a_row_the_target_has_in_error_is_the_targets_own() {
        let working = row("P", "project", "None", &["SPO2"]);
        let target = vec![
            row("K", "kiosk", "UniquenessViolation", &["EXOK", "SPOK"]),
            working.clone(),
        ];
        let end = vec![
            row(
                "K",
                "kiosk",
                "MutuallyExclusiveViolation",
                &["EXOK", "SPOK"],
            ),
            working.clone(),
        ];
        assert!(in_target_errors(&end, &target));
        // Other plans recorded on a row in error on both sides: still the target's own.
        let other_plans = vec![
            row("K", "kiosk", "UniquenessViolation", &["EXOK"]),
            working.clone(),
        ];
        assert!(in_target_errors(&other_plans, &target));
    }

    #[test]
    fn a_difference_an_order_can_make_or_avoid_is_not_the_targets_own() {
        let target = vec![row("X2", "dst", "UniquenessViolation", &["EXO2"])];
        // The same rows: no difference at all.
        assert!(!in_target_errors(&target, &target));
        // Working where the target is in error (the other of two users sharing an address
        // processed first), or in error where the target works.
        let working = vec![row("X2", "dst", "None", &["EXO2"])];
        assert!(!in_target_errors(&working, &target));
        assert!(!in_target_errors(&target, &working));
        // A path on one side only.
        let extra = vec![
            row("X1", "src", "UniquenessViolation", &["EXO1"]),
            target[0].clone(),
        ];
        assert!(!in_target_errors(&extra, &target));
        assert!(!in_target_errors(&[], &target));
        // Another path to the same product.
        let elsewhere = vec![row("X2", "other", "MutuallyExclusiveViolation", &["EXO2"])];
        assert!(!in_target_errors(&elsewhere, &target));
        // A working row with other plans, beside a row in error on both sides.
        let both = |plans: &[&str]| {
            vec![
                row("K", "kiosk", "UniquenessViolation", &["EXOK"]),
                row("P", "project", "None", plans),
            ]
        };
        assert!(!in_target_errors(
            &both(&["SPO2"]),
            &both(&["SPO2", "PROJ"])
        ));
    }
}

//! `check`: runs a scenario (optionally with a change file's steps after its own), evaluates its
//! expectations and the denied policies, and reports what failed as a plain-data `CheckReport`
//! (`docs/ci.md`). Front ends render it; its JSON is the same bytes from every front end.

mod changes;
mod expect;
mod findings;
mod policy;
mod report;
mod services;

pub use policy::{Allow, CheckOptions, CheckPolicy, Principal};
pub use report::{
    CheckReport, ExpectationResult, Failure, PolicyResult, SeatChange, ServiceGap, StepSummary,
    UserChanges,
};
pub use services::{ServiceLoss, UserServices};

use crate::scenario::document::FORMAT_VERSION;
use crate::tenant::{GroupIx, MemberRef, Tenant, UserIx};
use crate::LoadError;
use expect::{Check, Origin};
use services::ServiceTracker;
use std::fmt;

/// Why a check could not run: which input is wrong, where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckError {
    /// The scenario (or tenant) file does not load.
    Scenario(LoadError),
    /// The changes file (`--steps`) does not load.
    Changes(LoadError),
    /// A policy or exception is not one `check` knows.
    Options(String),
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckError::Scenario(e) | CheckError::Changes(e) => e.fmt(f),
            CheckError::Options(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for CheckError {}

/// Runs the scenario, then the changes' steps when given, and checks the expectations of both
/// and the denied policies.
pub fn check(
    scenario_text: &str,
    changes_text: Option<&str>,
    options: &CheckOptions,
) -> Result<CheckReport, CheckError> {
    let loaded = changes::load(scenario_text, changes_text)?;
    let mut simulation = loaded.simulation;
    let tenant = simulation.tenant();
    let steps = simulation.step_count();
    let mut expectations = expect::resolve(
        tenant,
        steps,
        &loaded.scenario_expect,
        &Origin {
            text: scenario_text,
            prefix: "expect",
            first_step: 0,
        },
    )
    .map_err(CheckError::Scenario)?;
    if let Some(text) = changes_text {
        expectations.extend(
            expect::resolve(
                tenant,
                steps,
                &loaded.changes_expect,
                &Origin {
                    text,
                    prefix: "changes.expect",
                    first_step: loaded.first_change,
                },
            )
            .map_err(CheckError::Changes)?,
        );
    }
    let allows = resolve_allows(tenant, &options.allow)?;

    let mut tracker = ServiceTracker::new(tenant);
    let start_errors = findings::error_rows(tenant);
    let consumed_before: Vec<u32> = tenant.skus.iter().map(|s| s.consumed).collect();
    let start_memberships: Vec<Vec<GroupIx>> =
        if allows.iter().any(|(_, w)| matches!(w, Who::Group(_))) {
            tenant.users.iter().map(|u| u.memberships.clone()).collect()
        } else {
            Vec::new()
        };
    let mut moment_failures: Vec<Option<String>> = vec![None; expectations.len()];
    while simulation.step().is_some() {
        let index = simulation.position() - 1;
        let (tenant, report) = (simulation.tenant(), &simulation.reports()[index]);
        if let Ok(changes) = &report.outcome {
            tracker.after_step(tenant, index, changes);
        }
        evaluate_at(tenant, &expectations, Some(index), &mut moment_failures);
    }
    let tenant = simulation.tenant();
    evaluate_at(tenant, &expectations, None, &mut moment_failures);

    let summaries: Vec<StepSummary> = simulation
        .reports()
        .iter()
        .zip(&loaded.notes)
        .map(|(r, note)| StepSummary {
            index: r.index,
            op: r.op.to_owned(),
            outcome: if r.outcome.is_ok() {
                "applied"
            } else {
                "rejected"
            }
            .to_owned(),
            note: note.clone(),
            error: r.outcome.as_ref().err().map(|e| e.message.clone()),
        })
        .collect();
    let label = |i: usize| match summaries.get(i) {
        Some(s) => format!("step {i} ({})", s.op),
        None => format!("step {i}"),
    };
    let found = findings::find(tenant, &tracker, &start_errors, &label);
    let allowed = |policy: CheckPolicy, users: &[UserIx]| {
        !users.is_empty()
            && users.iter().all(|u| {
                allows.iter().any(|(p, who)| {
                    p.is_none_or(|p| p == policy)
                        && match who {
                            Who::User(x) => x == u,
                            Who::Group(g) => {
                                tenant.is_member(*g, MemberRef::User(*u))
                                    || start_memberships
                                        .get(u.index())
                                        .is_some_and(|m| m.contains(g))
                            }
                        }
                })
            })
    };

    let mut failures = Vec::new();
    let mut results = Vec::new();
    for (e, moment) in expectations.iter().zip(&moment_failures) {
        let before = failures.len();
        match &e.check {
            Check::WholeRun(policy) => {
                for f in found.iter().filter(|f| f.policy == *policy) {
                    failures.push(failure(tenant, &e.name, f));
                }
            }
            _ => {
                if let Some(message) = moment {
                    failures.push(Failure {
                        check: e.name.clone(),
                        step: e.at,
                        user: None,
                        group: None,
                        sku_id: None,
                        service: None,
                        message: match e.at {
                            Some(at) => format!("after {}: {message}", label(at)),
                            None => format!("at the end: {message}"),
                        },
                    });
                    fill_subject(tenant, &e.check, failures.last_mut().expect("just pushed"));
                }
            }
        }
        results.push(ExpectationResult {
            name: e.name.clone(),
            check: e.kind.to_owned(),
            at: e.at,
            passed: failures.len() == before,
        });
    }
    let mut policies = Vec::new();
    for policy in &options.deny {
        let mut result = PolicyResult {
            policy: policy.name().to_owned(),
            failures: 0,
            allowed: 0,
        };
        for f in found.iter().filter(|f| f.policy == *policy) {
            if allowed(*policy, &f.users) {
                result.allowed += 1;
            } else {
                result.failures += 1;
                failures.push(failure(tenant, policy.name(), f));
            }
        }
        policies.push(result);
    }

    Ok(CheckReport {
        licenselab: FORMAT_VERSION,
        passed: failures.is_empty(),
        users: user_changes(tenant, &tracker),
        seats: tenant
            .skus
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.pending)
            .map(|(i, s)| SeatChange {
                sku_id: s.id.clone(),
                sku_part_number: s.part_number.clone(),
                assignable: tenant.assignable(s),
                consumed_before: consumed_before[i],
                consumed_after: s.consumed,
                shortfall: findings::short_of_seats(tenant, crate::tenant::SkuIx::new(i)).len()
                    as u32,
            })
            .collect(),
        steps: summaries,
        failures,
        expectations: results,
        policies,
    })
}

/// `check` from text to the report's JSON, byte for byte what every front end emits.
pub fn check_json(
    scenario_text: &str,
    changes_text: Option<&str>,
    options: &CheckOptions,
) -> Result<String, CheckError> {
    check(scenario_text, changes_text, options).map(|report| report.to_json())
}

enum Who {
    User(UserIx),
    Group(GroupIx),
}

fn resolve_allows(
    tenant: &Tenant,
    allow: &[Allow],
) -> Result<Vec<(Option<CheckPolicy>, Who)>, CheckError> {
    allow
        .iter()
        .map(|a| {
            let who = match &a.who {
                Principal::User(id) => tenant.user_ix(id).map(Who::User).ok_or_else(|| {
                    CheckError::Options(format!(
                        "--allow user:{id}: there is no user '{id}' in the scenario"
                    ))
                })?,
                Principal::Group(id) => tenant.group_ix(id).map(Who::Group).ok_or_else(|| {
                    CheckError::Options(format!(
                        "--allow group:{id}: there is no group '{id}' in the scenario"
                    ))
                })?,
            };
            Ok((a.policy, who))
        })
        .collect()
}

fn evaluate_at(
    tenant: &Tenant,
    expectations: &[expect::Resolved],
    at: Option<usize>,
    failures: &mut [Option<String>],
) {
    for (e, failure) in expectations.iter().zip(failures) {
        if e.at == at {
            *failure = expect::evaluate(tenant, &e.check);
        }
    }
}

/// The user, group and product an expectation is about, for the failure's fields.
fn fill_subject(tenant: &Tenant, check: &Check, failure: &mut Failure) {
    let user = |u: &UserIx| Some(tenant.user(*u).id.clone());
    let sku = |s: &crate::tenant::SkuIx| Some(tenant.sku(*s).id.clone());
    let group = |g: &GroupIx| Some(tenant.group(*g).id.clone());
    match check {
        Check::Holds(u, s, _) | Check::EnabledPlans(u, s, _) => {
            failure.user = user(u);
            failure.sku_id = sku(s);
        }
        Check::Row {
            user: u, sku: s, ..
        } => {
            failure.user = user(u);
            failure.sku_id = sku(s);
        }
        Check::ConsumedUnits(s, _) => failure.sku_id = sku(s),
        Check::GroupMembers(g, _) | Check::GroupErrors(g, _) => failure.group = group(g),
        Check::WholeRun(_) => {}
    }
}

fn failure(tenant: &Tenant, check: &str, f: &findings::Finding) -> Failure {
    Failure {
        check: check.to_owned(),
        step: f.step,
        user: match f.users.as_slice() {
            [u] => Some(tenant.user(*u).id.clone()),
            _ => None,
        },
        group: None,
        sku_id: f.sku.map(|s| tenant.sku(s).id.clone()),
        service: f.service.clone(),
        message: f.message.clone(),
    }
}

/// Who gains and loses what between the start and the end, for every user a step touched.
fn user_changes(tenant: &Tenant, tracker: &ServiceTracker) -> Vec<UserChanges> {
    let mut out = Vec::new();
    for (i, touched) in tracker.touched.iter().enumerate() {
        if !touched {
            continue;
        }
        let u = UserIx::new(i);
        let end = tracker.map.services_of(tenant, u);
        let start = &tracker.start[i];
        let names = |list: Vec<services::Service>| -> Vec<String> {
            list.into_iter()
                .map(|s| tracker.map.describe(tenant, s).0.to_owned())
                .collect()
        };
        let end_plans = services::plan_identities(tenant, u);
        let plan_names = |list: Vec<crate::tenant::PlanIx>| -> Vec<String> {
            list.into_iter()
                .map(|p| tenant.plans.plan(p).display_name().to_owned())
                .collect()
        };
        let gaps: Vec<ServiceGap> = tracker.interruptions[i]
            .iter()
            .filter(|g| end.binary_search(&g.service).is_ok())
            .map(|g| {
                let (name, graph) = tracker.map.describe(tenant, g.service);
                ServiceGap {
                    service: name.to_owned(),
                    graph_service: graph.map(str::to_owned),
                    lost_after: g.lost_after,
                    back_after: g.back_after.unwrap_or(g.lost_after),
                }
            })
            .collect();
        let changes = UserChanges {
            user: tenant.user(u).id.clone(),
            gained_services: names(end.iter().filter(|s| !start.contains(s)).copied().collect()),
            lost_services: names(start.iter().filter(|s| !end.contains(s)).copied().collect()),
            service_gaps: gaps,
            gained_plans: plan_names(
                end_plans
                    .iter()
                    .filter(|p| !tracker.start_plans[i].contains(p))
                    .copied()
                    .collect(),
            ),
            lost_plans: plan_names(
                tracker.start_plans[i]
                    .iter()
                    .filter(|p| !end_plans.contains(p))
                    .copied()
                    .collect(),
            ),
        };
        let changed = !(changes.gained_services.is_empty()
            && changes.lost_services.is_empty()
            && changes.service_gaps.is_empty()
            && changes.gained_plans.is_empty()
            && changes.lost_plans.is_empty());
        if changed {
            out.push(changes);
        }
    }
    out
}

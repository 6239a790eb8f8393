//! Expectations: checked once against the loaded tenant (every id must exist, every state and
//! error be one Graph uses), then evaluated at their moment.

use crate::scenario::expectations::{Expect, Expectation};
use crate::scenario::locate::{locate, FieldPath};
use crate::tenant::{GroupIx, LicenseError, MemberRef, SkuIx, Source, State, Tenant, UserIx};
use crate::LoadError;

/// An expectation with its references resolved to indices.
pub(crate) struct Resolved {
    /// `expect[i]` or `changes.expect[i]`, for reports.
    pub name: String,
    /// The kind, as written in `check`.
    pub kind: &'static str,
    pub at: Option<usize>,
    pub check: Check,
}

pub(crate) enum Check {
    Holds(UserIx, SkuIx, bool),
    EnabledPlans(UserIx, SkuIx, Vec<usize>),
    Row {
        user: UserIx,
        sku: SkuIx,
        source: Source,
        state: State,
        error: LicenseError,
    },
    ConsumedUnits(SkuIx, u32),
    GroupMembers(GroupIx, Vec<MemberRef>),
    GroupErrors(GroupIx, usize),
    /// A whole-run kind: the findings of this policy are its failures.
    WholeRun(super::CheckPolicy),
}

const STATES: [State; 4] = [
    State::Active,
    State::ActiveWithError,
    State::Disabled,
    State::Error,
];
const ERRORS: [LicenseError; 7] = [
    LicenseError::None,
    LicenseError::CountViolation,
    LicenseError::MutuallyExclusiveViolation,
    LicenseError::DependencyViolation,
    LicenseError::ProhibitedInUsageLocationViolation,
    LicenseError::UniquenessViolation,
    LicenseError::Other,
];

/// Where an expectation list came from: its text, and how its names and `at`s map to the run.
pub(crate) struct Origin<'a> {
    pub text: &'a str,
    /// `expect` or `changes.expect`.
    pub prefix: &'static str,
    /// What its `at` counts from (the changes' steps run after the scenario's).
    pub first_step: usize,
}

pub(crate) fn resolve(
    tenant: &Tenant,
    steps: usize,
    list: &[Expectation],
    origin: &Origin,
) -> Result<Vec<Resolved>, LoadError> {
    list.iter()
        .enumerate()
        .map(|(i, e)| {
            let path = FieldPath::root().key("expect").index(i);
            let fail = |field: &str, message: String| {
                let path = if field.is_empty() { path.clone() } else { path.key(field) };
                let (line, column) = locate(origin.text, &path).unzip();
                LoadError { line, column, path: path.to_string(), message }
            };
            let at = match e.at {
                Some(_) if e.what.is_whole_run() => {
                    return Err(fail(
                        "at",
                        format!("`{}` is about the whole run and takes no `at`", e.what.kind()),
                    ))
                }
                Some(at) if origin.first_step + at >= steps => {
                    return Err(fail(
                        "at",
                        format!(
                            "there is no step {at} (the file has {}, counted from 0); leave `at` \
                             out to check the end",
                            match steps - origin.first_step {
                                1 => "1 step".to_owned(),
                                n => format!("{n} steps"),
                            }
                        ),
                    ))
                }
                at => at.map(|at| origin.first_step + at),
            };
            let user = |id: &str| {
                tenant
                    .user_ix(id)
                    .ok_or_else(|| fail("user", format!("there is no user '{id}' in the scenario")))
            };
            let group = |field: &str, id: &str| {
                tenant
                    .group_ix(id)
                    .ok_or_else(|| fail(field, format!("there is no group '{id}' in the scenario")))
            };
            let sku = |id: &str| {
                find_sku(tenant, id).ok_or_else(|| {
                    fail("skuId", format!("there is no product '{id}' in the scenario"))
                })
            };
            let check = match &e.what {
                Expect::Holds { user: u, sku_id, holds } => Check::Holds(user(u)?, sku(sku_id)?, *holds),
                Expect::EnabledPlans { user: u, sku_id, service_plans } => {
                    let s = sku(sku_id)?;
                    let mut positions = Vec::new();
                    for (j, plan) in service_plans.iter().enumerate() {
                        let position = tenant.plans.find(plan).and_then(|p| {
                            tenant.sku(s).plans.iter().position(|q| *q == p)
                        });
                        match position {
                            Some(p) => positions.push(p),
                            None => {
                                return Err(fail(
                                    &format!("servicePlans[{j}]"),
                                    format!("'{plan}' is not a service plan of {sku_id}"),
                                ))
                            }
                        }
                    }
                    positions.sort_unstable();
                    positions.dedup();
                    Check::EnabledPlans(user(u)?, s, positions)
                }
                Expect::Row { user: u, sku_id, assigned_by_group, state, error } => Check::Row {
                    user: user(u)?,
                    sku: sku(sku_id)?,
                    source: match assigned_by_group {
                        Some(g) => Source::Group(group("assignedByGroup", g)?),
                        None => Source::Direct,
                    },
                    state: STATES.into_iter().find(|s| s.as_str() == state).ok_or_else(|| {
                        fail("state", format!("'{state}' is not a state Graph uses; use one of Active, ActiveWithError, Disabled, Error"))
                    })?,
                    error: ERRORS.into_iter().find(|s| s.as_str() == error).ok_or_else(|| {
                        let names: Vec<&str> = ERRORS.iter().map(|e| e.as_str()).collect();
                        fail("error", format!("'{error}' is not an error Graph uses; use one of {}", names.join(", ")))
                    })?,
                },
                Expect::ConsumedUnits { sku_id, consumed_units } => {
                    Check::ConsumedUnits(sku(sku_id)?, *consumed_units)
                }
                Expect::GroupMembers { group: g, members } => {
                    let mut refs = Vec::new();
                    for (j, id) in members.iter().enumerate() {
                        let member = tenant
                            .user_ix(id)
                            .map(MemberRef::User)
                            .or_else(|| tenant.group_ix(id).map(MemberRef::Group))
                            .ok_or_else(|| {
                                fail(
                                    &format!("members[{j}]"),
                                    format!("there is no user or group '{id}' in the scenario"),
                                )
                            })?;
                        refs.push(member);
                    }
                    Check::GroupMembers(group("group", g)?, refs)
                }
                Expect::GroupErrors { group: g, members_with_license_errors } => {
                    Check::GroupErrors(group("group", g)?, *members_with_license_errors)
                }
                Expect::NoServiceGap => Check::WholeRun(super::CheckPolicy::ServiceGap),
                Expect::NoLostService => Check::WholeRun(super::CheckPolicy::LostService),
                Expect::NoLostPlans => Check::WholeRun(super::CheckPolicy::LostPlans),
                Expect::NoNewErrors => Check::WholeRun(super::CheckPolicy::NewErrors),
            };
            Ok(Resolved {
                name: format!("{}[{i}]", origin.prefix),
                kind: e.what.kind(),
                at,
                check,
            })
        })
        .collect()
}

/// A product by `skuId`, else by `skuPartNumber` (case-insensitive).
pub(crate) fn find_sku(tenant: &Tenant, key: &str) -> Option<SkuIx> {
    let skus = &tenant.skus;
    skus.iter()
        .position(|s| s.id == key)
        .or_else(|| {
            skus.iter().position(|s| {
                s.part_number
                    .as_deref()
                    .is_some_and(|p| p.eq_ignore_ascii_case(key))
            })
        })
        .map(SkuIx::new)
}

/// Evaluates a moment's expectation against the tenant as it stands: `None` when it holds, else
/// what is wrong, in words.
pub(crate) fn evaluate(tenant: &Tenant, check: &Check) -> Option<String> {
    let named = |u: UserIx| tenant.user(u).label();
    let sku_id = |s: SkuIx| tenant.sku(s).id.as_str();
    let alive = |u: UserIx| tenant.user(u).alive;
    match check {
        Check::Holds(u, s, want) => {
            let holds = alive(*u) && tenant.user(*u).holds_seat(*s);
            match (holds, want) {
                (true, true) | (false, false) => None,
                (false, true) => Some(format!("{} does not hold {}", named(*u), sku_id(*s))),
                (true, false) => Some(format!(
                    "{} holds {}, expected not to",
                    named(*u),
                    sku_id(*s)
                )),
            }
        }
        Check::EnabledPlans(u, s, want) => {
            let enabled = if alive(*u) {
                tenant.user(*u).enabled(*s)
            } else {
                Default::default()
            };
            let have: Vec<usize> = enabled.iter().collect();
            (have != *want).then(|| {
                let ids = |positions: &[usize]| {
                    let plans: Vec<&str> = positions
                        .iter()
                        .map(|p| tenant.plans.plan(tenant.sku(*s).plans[*p]).id.as_str())
                        .collect();
                    format!("[{}]", plans.join(", "))
                };
                format!(
                    "{}'s enabled plans of {} are {}, expected {}",
                    named(*u),
                    sku_id(*s),
                    ids(&have),
                    ids(want)
                )
            })
        }
        Check::Row {
            user,
            sku,
            source,
            state,
            error,
        } => {
            let path = match source {
                Source::Direct => "assigned directly".to_owned(),
                Source::Group(g) => format!("from group {}", tenant.group(*g).id),
            };
            let row = tenant
                .user(*user)
                .rows
                .iter()
                .find(|r| alive(*user) && r.sku == *sku && r.source == *source);
            match row {
                None => Some(format!(
                    "{} has no row for {} {path}, expected {}, {}",
                    named(*user),
                    sku_id(*sku),
                    state.as_str(),
                    error.as_str()
                )),
                Some(r) if r.state != *state || r.error != *error => Some(format!(
                    "{}'s row for {} {path} is {}, {}, expected {}, {}",
                    named(*user),
                    sku_id(*sku),
                    r.state.as_str(),
                    r.error.as_str(),
                    state.as_str(),
                    error.as_str()
                )),
                Some(_) => None,
            }
        }
        Check::ConsumedUnits(s, want) => {
            let have = tenant.sku(*s).consumed;
            (have != *want)
                .then(|| format!("{} has {have} consumed units, expected {want}", sku_id(*s)))
        }
        Check::GroupMembers(g, want) => {
            let group = tenant.group(*g);
            let have: Vec<MemberRef> = group.members.iter().map(|m| m.who).collect();
            let missing: Vec<&str> = want
                .iter()
                .filter(|m| !have.contains(m))
                .map(|m| tenant.member_id(*m))
                .collect();
            let extra: Vec<&str> = have
                .iter()
                .filter(|m| !want.contains(m))
                .map(|m| tenant.member_id(*m))
                .collect();
            let mut problems = Vec::new();
            if !missing.is_empty() {
                problems.push(format!("{} not a member", missing.join(", ")));
            }
            if !extra.is_empty() {
                problems.push(format!("{} a member, not expected", extra.join(", ")));
            }
            (!problems.is_empty()).then(|| format!("group {}: {}", group.id, problems.join("; ")))
        }
        Check::GroupErrors(g, want) => {
            let have = tenant
                .users_with_rows_from(*g)
                .iter()
                .filter(|u| tenant.user(**u).has_errors_from(*g))
                .count();
            (have != *want).then(|| {
                format!(
                    "group {} has {have} members with license errors, expected {want}",
                    tenant.group(*g).id
                )
            })
        }
        Check::WholeRun(_) => None,
    }
}

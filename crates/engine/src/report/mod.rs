//! The result document: the public output contract (`scenario-format.md`, "Result").
//!
//! Built from the tenant and the step reports; every list has a stable order, so the same
//! scenario always serializes to the same bytes.

use crate::reconcile::journal::PlanChange;
use crate::reconcile::Rejection;
use crate::scenario::document::{PrepaidUnits, FORMAT_VERSION};
use crate::tenant::{MemberRef, PlanSet, Source, Tenant, UserIx};
use serde::Serialize;
use std::ops::Range;

/// What one step did, kept by the simulation for the timeline.
#[derive(Debug, Clone)]
pub struct StepReport {
    pub index: usize,
    pub op: &'static str,
    pub outcome: Result<Vec<PlanChange>, Rejection>,
    /// The audit entries this step wrote.
    pub audit: Range<usize>,
    /// `consumedUnits` of every product after the step, in product order (for the seats chart).
    pub consumed_after: Vec<u32>,
}

#[derive(Debug, Serialize)]
pub struct ResultDocument {
    pub licenselab: u32,
    pub steps: Vec<StepResult>,
    #[serde(rename = "final")]
    pub final_state: FinalState,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepResult {
    pub index: usize,
    pub op: &'static str,
    pub outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<ChangeEntry>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<StepError>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeEntry {
    pub user: String,
    pub sku_id: String,
    pub gained_plans: Vec<String>,
    pub lost_plans: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct StepError {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FinalState {
    pub subscribed_skus: Vec<SkuResult>,
    pub users: Vec<UserResult>,
    pub groups: Vec<GroupResult>,
    pub audit: Vec<AuditResult>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SkuResult {
    pub sku_id: String,
    pub sku_part_number: Option<String>,
    pub prepaid_units: PrepaidUnits,
    pub consumed_units: u32,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserResult {
    pub id: String,
    pub usage_location: Option<String>,
    pub assigned_licenses: Vec<AssignedLicenseResult>,
    pub license_assignment_states: Vec<LicenseAssignmentState>,
    /// The location group licensing used, when the user has none of their own (§8.4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_usage_location: Option<String>,
    /// Per product, the plans the user can use (the union over successful paths).
    pub enabled_plans: Vec<EnabledPlans>,
    /// Licensed groups that reach this user only through a nested group (B2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_licensed_through_nesting: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignedLicenseResult {
    pub sku_id: String,
    pub disabled_plans: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenseAssignmentState {
    pub sku_id: String,
    pub disabled_plans: Vec<String>,
    pub assigned_by_group: Option<String>,
    pub state: &'static str,
    pub error: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnabledPlans {
    pub sku_id: String,
    pub service_plans: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupResult {
    pub id: String,
    pub members: Vec<String>,
    pub license_processing_state: Option<ProcessingState>,
    pub has_members_with_license_errors: bool,
    pub members_with_license_errors: Vec<String>,
    /// With `options.nestedWhatIf`: users a flattened group would cover, not licensed by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nested_what_if: Option<Vec<String>>,
}

#[derive(Debug, Serialize)]
pub struct ProcessingState {
    pub state: &'static str,
}

#[derive(Debug, Serialize)]
pub struct AuditResult {
    pub activity: String,
    pub target: String,
    pub result: String,
}

impl ResultDocument {
    pub fn new(tenant: &Tenant, reports: &[StepReport]) -> Self {
        ResultDocument {
            licenselab: FORMAT_VERSION,
            steps: reports.iter().map(|r| step_result(tenant, r)).collect(),
            final_state: final_state(tenant),
        }
    }

    /// The document as the bytes every front end emits: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text =
            serde_json::to_string_pretty(self).expect("result documents always serialize");
        text.push('\n');
        text
    }
}

pub fn step_result(tenant: &Tenant, report: &StepReport) -> StepResult {
    match &report.outcome {
        Ok(changes) => StepResult {
            index: report.index,
            op: report.op,
            outcome: "applied",
            changes: Some(changes.iter().map(|c| change_entry(tenant, c)).collect()),
            error: None,
        },
        Err(rejection) => StepResult {
            index: report.index,
            op: report.op,
            outcome: "rejected",
            changes: None,
            error: Some(StepError {
                code: rejection.code.clone(),
                message: rejection.message.clone(),
            }),
        },
    }
}

fn change_entry(tenant: &Tenant, change: &PlanChange) -> ChangeEntry {
    ChangeEntry {
        user: tenant.user(change.user).id.clone(),
        sku_id: tenant.sku(change.sku).id.clone(),
        gained_plans: tenant.plan_ids(change.sku, change.gained),
        lost_plans: tenant.plan_ids(change.sku, change.lost),
    }
}

pub fn final_state(tenant: &Tenant) -> FinalState {
    let nesting = nesting_reasons(tenant);
    FinalState {
        subscribed_skus: tenant
            .skus
            .iter()
            .filter(|s| !s.pending)
            .map(|s| SkuResult {
                sku_id: s.id.clone(),
                sku_part_number: s.part_number.clone(),
                prepaid_units: s.prepaid,
                consumed_units: s.consumed,
            })
            .collect(),
        users: (0..tenant.users.len())
            .map(UserIx::new)
            .filter(|u| tenant.user(*u).alive)
            .map(|u| user_result(tenant, u, &nesting[u.index()]))
            .collect(),
        groups: tenant
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.alive)
            .map(|(i, g)| {
                let g_ix = crate::tenant::GroupIx::new(i);
                let members = g
                    .members
                    .iter()
                    .map(|m| match m.who {
                        MemberRef::User(u) => tenant.user(u).id.clone(),
                        MemberRef::Group(child) => tenant.group(child).id.clone(),
                    })
                    .collect();
                let holders = tenant.users_with_rows_from(g_ix);
                let with_errors: Vec<UserIx> = holders
                    .iter()
                    .copied()
                    .filter(|u| tenant.user(*u).has_errors_from(g_ix))
                    .collect();
                GroupResult {
                    id: g.id.clone(),
                    members,
                    license_processing_state: (!g.licenses.is_empty() || !holders.is_empty())
                        .then_some(ProcessingState {
                            state: "ProcessingComplete",
                        }),
                    has_members_with_license_errors: !with_errors.is_empty(),
                    members_with_license_errors: with_errors
                        .iter()
                        .map(|u| tenant.user(*u).id.clone())
                        .collect(),
                    nested_what_if: tenant.options.nested_what_if.then(|| {
                        tenant
                            .nested_only_users(g_ix)
                            .iter()
                            .map(|u| tenant.user(*u).id.clone())
                            .collect()
                    }),
                }
            })
            .collect(),
        audit: tenant
            .audit
            .iter()
            .map(|a| AuditResult {
                activity: a.activity.clone(),
                target: a.target.clone(),
                result: a.result.clone(),
            })
            .collect(),
    }
}

/// For each user, the licensed groups that reach them only through nesting.
fn nesting_reasons(tenant: &Tenant) -> Vec<Vec<String>> {
    let mut reasons = vec![Vec::new(); tenant.users.len()];
    for (i, group) in tenant.groups.iter().enumerate() {
        if !group.alive || group.licenses.is_empty() {
            continue;
        }
        for u in tenant.nested_only_users(crate::tenant::GroupIx::new(i)) {
            reasons[u.index()].push(group.id.clone());
        }
    }
    reasons
}

fn user_result(tenant: &Tenant, u: UserIx, nesting: &[String]) -> UserResult {
    let user = tenant.user(u);
    let mut skus: Vec<crate::tenant::SkuIx> = user.rows.iter().map(|r| r.sku).collect();
    skus.dedup();
    let held: Vec<_> = skus
        .iter()
        .copied()
        .filter(|s| user.holds_seat(*s))
        .collect();
    let assigned_licenses = held
        .iter()
        .map(|&s| {
            // The plans no holding path enables (the intersection of the paths' disabled plans, §8.3).
            let enabled = user
                .rows_for(s)
                .filter(|r| r.holds_seat)
                .fold(PlanSet::EMPTY, |acc, r| acc.union(r.enabled));
            AssignedLicenseResult {
                sku_id: tenant.sku(s).id.clone(),
                disabled_plans: tenant.plan_ids(s, tenant.sku(s).all_plans().difference(enabled)),
            }
        })
        .collect();
    let license_assignment_states = user
        .rows
        .iter()
        .map(|r| LicenseAssignmentState {
            sku_id: tenant.sku(r.sku).id.clone(),
            disabled_plans: tenant.plan_ids(r.sku, r.disabled),
            assigned_by_group: match r.source {
                Source::Direct => None,
                Source::Group(g) => Some(tenant.group(g).id.clone()),
            },
            state: r.state.as_str(),
            error: r.error.as_str(),
        })
        .collect();
    UserResult {
        id: user.id.clone(),
        usage_location: user.usage_location.clone(),
        assigned_licenses,
        license_assignment_states,
        effective_usage_location: match user.usage_location {
            Some(_) => None,
            None => tenant.effective_location(u).map(str::to_owned),
        },
        enabled_plans: held
            .iter()
            .map(|&s| EnabledPlans {
                sku_id: tenant.sku(s).id.clone(),
                service_plans: tenant.plan_ids(s, user.enabled(s)),
            })
            .collect(),
        not_licensed_through_nesting: nesting.to_vec(),
    }
}

//! What the API shows of a tenant, shaped for JavaScript: string ids, Graph's names, camelCase.
//! Projections only: every value is read from the engine's state (`types.d.ts` documents them).

use licenselab_engine::PrepaidUnits;
use licenselab_engine::{step_result, StepReport, StepResult};
use licenselab_engine::{GroupIx, Row, SkuIx, Source, Tenant, UserIx};
use licenselab_engine::{Preview, Simulation};
use serde::Serialize;

/// What `licenselab validate` counts.
#[derive(Serialize)]
pub struct ValidationSummary<'a> {
    products: usize,
    users: usize,
    groups: usize,
    steps: usize,
    /// What loaded but deserves a word (the native command prints them on standard error).
    warnings: &'a [String],
}

impl<'a> ValidationSummary<'a> {
    pub fn of(simulation: &'a Simulation) -> Self {
        let tenant = simulation.tenant();
        ValidationSummary {
            products: tenant.skus().iter().filter(|s| !s.is_pending()).count(),
            users: tenant.users().iter().filter(|u| u.is_alive()).count(),
            groups: tenant.groups().iter().filter(|g| g.is_alive()).count(),
            steps: simulation.step_count(),
            warnings: simulation.warnings(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductView<'a> {
    sku_id: &'a str,
    sku_part_number: Option<&'a str>,
    display_name: &'a str,
    applies_to: &'static str,
    prepaid_units: PrepaidUnits,
    consumed_units: u32,
    /// Assignable units (enabled and warning) less consumed ones; below zero after a reduction.
    available_units: i64,
    service_plans: Vec<PlanView<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlanView<'a> {
    service_plan_id: &'a str,
    service_plan_name: Option<&'a str>,
    display_name: &'a str,
}

pub fn products(tenant: &Tenant) -> Vec<ProductView<'_>> {
    tenant
        .skus()
        .iter()
        .enumerate()
        .filter(|(_, sku)| !sku.is_pending())
        .map(|(s, sku)| (SkuIx::new(s), sku))
        .map(|(s, sku)| ProductView {
            sku_id: sku.id(),
            sku_part_number: sku.part_number(),
            display_name: sku.display_name(),
            applies_to: if sku.applies_to_user() {
                "User"
            } else {
                "Company"
            },
            prepaid_units: sku.prepaid(),
            consumed_units: sku.consumed(),
            available_units: tenant.available(sku),
            service_plans: tenant
                .sku_plans(s)
                .map(|plan| PlanView {
                    service_plan_id: plan.id,
                    service_plan_name: plan.name,
                    display_name: plan.display_name,
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserView<'a> {
    id: &'a str,
    display_name: &'a str,
    /// As stored: group licensing never writes it.
    usage_location: Option<&'a str>,
    /// The location group licensing uses: the user's own, else the organization's.
    effective_usage_location: Option<&'a str>,
    /// Groups the user is a direct member of, in the order they joined.
    member_of: Vec<&'a str>,
    license_assignment_states: Vec<LicensePathView<'a>>,
    enabled_plans: Vec<EnabledPlansView<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LicensePathView<'a> {
    sku_id: &'a str,
    assigned_by_group: Option<&'a str>,
    disabled_plans: Vec<String>,
    state: &'static str,
    error: &'static str,
    /// Why the path failed, in words an administrator can act on; `null` when it did not.
    reason: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EnabledPlansView<'a> {
    sku_id: &'a str,
    service_plans: Vec<String>,
}

pub fn users(tenant: &Tenant) -> Vec<UserView<'_>> {
    (0..tenant.users().len())
        .map(UserIx::new)
        .filter(|u| tenant.user(*u).is_alive())
        .map(|u| user_view(tenant, u))
        .collect()
}

pub fn user<'a>(tenant: &'a Tenant, id: &str) -> Option<UserView<'a>> {
    let index = tenant
        .users()
        .iter()
        .position(|u| u.is_alive() && u.id() == id)?;
    Some(user_view(tenant, UserIx::new(index)))
}

fn user_view(tenant: &Tenant, u: UserIx) -> UserView<'_> {
    let user = tenant.user(u);
    // Rows are kept by product, so consecutive duplicates are all there are.
    let mut held: Vec<SkuIx> = user.rows().iter().map(|r| r.sku()).collect();
    held.dedup();
    held.retain(|s| user.holds_seat(*s));
    UserView {
        id: user.id(),
        display_name: user.display_name(),
        usage_location: user.usage_location(),
        effective_usage_location: tenant.effective_location(u),
        member_of: user
            .memberships()
            .iter()
            .map(|g| tenant.group(*g).id())
            .collect(),
        license_assignment_states: user
            .rows()
            .iter()
            .map(|row| LicensePathView {
                sku_id: tenant.sku(row.sku()).id(),
                assigned_by_group: match row.source() {
                    Source::Direct => None,
                    Source::Group(g) => Some(tenant.group(g).id()),
                },
                disabled_plans: tenant.plan_ids(row.sku(), row.disabled()),
                state: row.state().as_str(),
                error: row.error().as_str(),
                reason: reason_text(tenant, row),
            })
            .collect(),
        enabled_plans: held
            .into_iter()
            .map(|s| EnabledPlansView {
                sku_id: tenant.sku(s).id(),
                service_plans: tenant.plan_ids(s, user.enabled(s)),
            })
            .collect(),
    }
}

fn reason_text(tenant: &Tenant, row: &Row) -> Option<String> {
    tenant.explain_row(row)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupView<'a> {
    id: &'a str,
    display_name: &'a str,
    security_enabled: bool,
    mail_enabled: bool,
    dynamic: bool,
    membership_rule: Option<&'a str>,
    /// `"On"` or `"Paused"` for a dynamic group, `null` for an assigned one.
    membership_rule_processing_state: Option<&'static str>,
    /// Direct members, users and groups, dynamic rules evaluated.
    members: Vec<&'a str>,
    assigned_licenses: Vec<AssignedLicenseView<'a>>,
    members_with_license_errors: Vec<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AssignedLicenseView<'a> {
    sku_id: &'a str,
    disabled_plans: Vec<String>,
}

pub fn groups(tenant: &Tenant) -> Vec<GroupView<'_>> {
    (0..tenant.groups().len())
        .map(GroupIx::new)
        .filter(|g| tenant.group(*g).is_alive())
        .map(|g| group_view(tenant, g))
        .collect()
}

pub fn group<'a>(tenant: &'a Tenant, id: &str) -> Option<GroupView<'a>> {
    let index = tenant
        .groups()
        .iter()
        .position(|g| g.is_alive() && g.id() == id)?;
    Some(group_view(tenant, GroupIx::new(index)))
}

fn group_view(tenant: &Tenant, g: GroupIx) -> GroupView<'_> {
    let group = tenant.group(g);
    let dynamic = group.is_dynamic();
    GroupView {
        id: group.id(),
        display_name: group.display_name(),
        security_enabled: group.security_enabled(),
        mail_enabled: group.mail_enabled(),
        dynamic,
        membership_rule: group.membership_rule(),
        membership_rule_processing_state: dynamic.then_some(if group.rule_paused() {
            "Paused"
        } else {
            "On"
        }),
        members: group
            .members()
            .iter()
            .map(|m| tenant.member_id(m.who()))
            .collect(),
        assigned_licenses: group
            .licenses()
            .iter()
            .map(|l| AssignedLicenseView {
                sku_id: tenant.sku(l.sku()).id(),
                disabled_plans: tenant.plan_ids(l.sku(), l.disabled()),
            })
            .collect(),
        members_with_license_errors: tenant
            .users_with_rows_from(g)
            .into_iter()
            .filter(|u| tenant.user(*u).has_errors_from(g))
            .map(|u| tenant.user(u).id())
            .collect(),
    }
}

/// A preview's outcome as the step report it would become, so that it is shown as steps are.
pub fn preview_report(index: usize, op: &'static str, preview: &Preview) -> StepReport {
    StepReport {
        index,
        op,
        outcome: preview.outcome.clone(),
        // A preview writes no audit entries to the simulation's log, and charts no seats.
        audit: 0..0,
        consumed_after: Vec::new(),
    }
}

#[derive(Serialize)]
pub struct PreviewView<'a> {
    #[serde(flatten)]
    step: StepResult<'a>,
    joined: Vec<MembershipView<'a>>,
    left: Vec<MembershipView<'a>>,
    products: Vec<ProductView<'a>>,
}

#[derive(Serialize)]
struct MembershipView<'a> {
    group: &'a str,
    user: &'a str,
}

impl<'a> PreviewView<'a> {
    pub fn new(report: &'a StepReport, preview: &'a Preview) -> Self {
        let tenant = &preview.tenant;
        let memberships = |pairs: &'a [(GroupIx, UserIx)]| {
            pairs
                .iter()
                .map(|(g, u)| MembershipView {
                    group: tenant.group(*g).id(),
                    user: tenant.user(*u).id(),
                })
                .collect()
        };
        PreviewView {
            step: step_result(tenant, report),
            joined: memberships(&preview.joined),
            left: memberships(&preview.left),
            products: products(tenant),
        }
    }
}

//! The result document: the public output contract (`scenario-format.md`, "Result").
//!
//! `ResultDocument` serializes straight from the tenant and the step reports, one element at a
//! time, into any `io::Write` a front end gives it (`write_json`), so a 100,000-user result never
//! exists whole in memory, as text or as a tree. Every list has a stable order, so
//! the same scenario always serializes to the same bytes.

mod explain;
mod json;
mod plan_lists;
mod write;

use crate::reconcile::journal::PlanChange;
use crate::reconcile::Rejection;
use crate::scenario::document::{PrepaidUnits, FORMAT_VERSION};
use crate::tenant::{
    processing_state, Group, GroupIx, MemberRef, PendingWork, PlanSet, Row, SkuIx, Source, Tenant,
    User, UserIx,
};
use plan_lists::{plan_ids, PlanList};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::io::{self, Write};
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

/// The result document of a simulation, serialized on demand.
pub struct ResultDocument<'a> {
    tenant: &'a Tenant,
    reports: &'a [StepReport],
}

impl<'a> ResultDocument<'a> {
    pub fn new(tenant: &'a Tenant, reports: &'a [StepReport]) -> Self {
        ResultDocument { tenant, reports }
    }

    /// The document as the bytes every front end emits: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        self.to_json_as(JsonLayout::Pretty)
    }

    /// The document as text in the given layout (the same bytes `write_json` writes).
    pub fn to_json_as(&self, layout: JsonLayout) -> String {
        let mut bytes = Vec::new();
        self.write_json(&mut bytes, layout)
            .expect("result documents always serialize, and memory takes every write");
        String::from_utf8(bytes).expect("serde_json writes UTF-8")
    }

    /// Writes the document into `out` as it walks the tenant, user by user, so the text never
    /// exists whole in memory: a front end passes a buffered file (the engine does no I/O of its
    /// own). The bytes are those of `to_json_as`, with a final newline: serde_json's for this
    /// document, written by hand for speed (`write.rs`).
    pub fn write_json<W: Write>(&self, out: W, layout: JsonLayout) -> io::Result<()> {
        write::write_document(self, out, layout)
    }
}

/// How the result document's JSON is laid out. Both hold the same document; every front end
/// gives the same bytes for each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum JsonLayout {
    /// Indented by two spaces (serde_json's pretty printer): the default, easy to read and diff.
    #[default]
    Pretty,
    /// No whitespace between tokens: about two thirds of the bytes for a big tenant.
    Compact,
}

/// The document as data (the JavaScript API's object); `write.rs` writes the same fields in
/// the same order as JSON text.
impl Serialize for ResultDocument<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let tenant = self.tenant;
        let pending = tenant.pending();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("licenselab", &FORMAT_VERSION)?;
        map.serialize_entry("steps", &steps(self))?;
        map.serialize_entry("final", &FinalState { tenant })?;
        // Only an observed starting state has pending work; leaving the key out otherwise keeps
        // every other result as it was.
        if !pending.is_empty() {
            map.serialize_entry("pending", &pending_list(tenant, &pending))?;
        }
        map.end()
    }
}

fn steps<'a>(result: &'a ResultDocument<'a>) -> impl Serialize + 'a {
    Seq(|| result.reports.iter().map(|r| step_result(result.tenant, r)))
}

fn pending_list<'a>(tenant: &'a Tenant, pending: &'a [PendingWork]) -> impl Serialize + 'a {
    Seq(|| pending.iter().map(|p| pending_result(tenant, p)))
}

fn subscribed_skus(tenant: &Tenant) -> impl Serialize + '_ {
    Seq(|| {
        tenant
            .skus
            .iter()
            .filter(|s| !s.pending)
            .map(|s| SkuResult {
                sku_id: &s.id,
                sku_part_number: s.part_number.as_deref(),
                prepaid_units: s.prepaid,
                consumed_units: s.consumed,
            })
    })
}

/// A sequence produced lazily by a closure (serde serializes iterators only through this).
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepResult<'a> {
    pub index: usize,
    pub op: &'static str,
    pub outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<ChangeEntry<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<StepError<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeEntry<'a> {
    pub user: &'a str,
    pub sku_id: &'a str,
    pub gained_plans: Vec<&'a str>,
    pub lost_plans: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct StepError<'a> {
    pub code: &'a str,
    pub message: &'a str,
}

pub fn step_result<'a>(tenant: &'a Tenant, report: &'a StepReport) -> StepResult<'a> {
    match &report.outcome {
        Ok(changes) => StepResult {
            index: report.index,
            op: report.op,
            outcome: "applied",
            changes: Some(
                changes
                    .iter()
                    .map(|c| ChangeEntry {
                        user: &tenant.user(c.user).id,
                        sku_id: &tenant.sku(c.sku).id,
                        gained_plans: plan_ids(tenant, c.sku, c.gained),
                        lost_plans: plan_ids(tenant, c.sku, c.lost),
                    })
                    .collect(),
            ),
            error: None,
        },
        Err(rejection) => StepResult {
            index: report.index,
            op: report.op,
            outcome: "rejected",
            changes: None,
            error: Some(StepError {
                code: rejection.code.as_str(),
                message: &rejection.message,
            }),
        },
    }
}

/// One item of pending work, as the result document lists it after `final`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PendingResult<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<&'a str>,
    sku_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    reason: &'static str,
    message: String,
}

fn pending_result<'a>(tenant: &'a Tenant, item: &PendingWork) -> PendingResult<'a> {
    PendingResult {
        user: item.user.map(|u| tenant.user(u).id.as_str()),
        sku_id: &tenant.sku(item.sku).id,
        group: item.group.map(|g| tenant.group(g).id.as_str()),
        reason: item.reason.as_str(),
        message: tenant.explain_pending(item),
    }
}

struct FinalState<'a> {
    tenant: &'a Tenant,
}

impl Serialize for FinalState<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let tenant = self.tenant;
        let nesting = nesting_reasons(tenant);
        let rows_from = RowsFrom::count(tenant);
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("subscribedSkus", &subscribed_skus(tenant))?;
        map.serialize_entry(
            "users",
            &Seq(|| {
                (0..tenant.users.len())
                    .map(UserIx::new)
                    .filter(|u| tenant.user(*u).alive)
                    .map(|u| user_result(tenant, u, &nesting[u.index()]))
            }),
        )?;
        map.serialize_entry(
            "groups",
            &Seq(|| {
                (0..tenant.groups.len())
                    .map(GroupIx::new)
                    .filter(|g| tenant.group(*g).alive)
                    .map(|g| group_result(tenant, &rows_from, g))
            }),
        )?;
        map.serialize_entry(
            "audit",
            &Seq(|| {
                tenant.audit.iter().map(|a| AuditResult {
                    activity: a.activity.as_str(),
                    target: tenant.audit_target_id(a.target),
                    result: tenant.audit_result(a),
                })
            }),
        )?;
        map.end()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SkuResult<'a> {
    sku_id: &'a str,
    sku_part_number: Option<&'a str>,
    prepaid_units: PrepaidUnits,
    consumed_units: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UserResult<'a> {
    id: &'a str,
    usage_location: Option<&'a str>,
    assigned_licenses: Vec<AssignedLicenseResult<'a>>,
    license_assignment_states: Vec<LicenseAssignmentState<'a>>,
    /// The location group licensing used, when the user has none of their own (§8.4).
    #[serde(skip_serializing_if = "Option::is_none")]
    effective_usage_location: Option<&'a str>,
    /// Per product, the plans the user can use (the union over successful paths).
    enabled_plans: Vec<EnabledPlans<'a>>,
    /// Licensed groups that reach this user only through a nested group (B2).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    not_licensed_through_nesting: &'a [&'a str],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AssignedLicenseResult<'a> {
    sku_id: &'a str,
    disabled_plans: PlanList<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LicenseAssignmentState<'a> {
    sku_id: &'a str,
    disabled_plans: PlanList<'a>,
    assigned_by_group: Option<&'a str>,
    state: &'static str,
    error: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EnabledPlans<'a> {
    sku_id: &'a str,
    service_plans: PlanList<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GroupResult<'a> {
    id: &'a str,
    members: Members<'a>,
    license_processing_state: Option<ProcessingState>,
    has_members_with_license_errors: bool,
    members_with_license_errors: Vec<&'a str>,
    /// With `options.nestedWhatIf`: users a flattened group would cover, not licensed by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    nested_what_if: Option<Vec<&'a str>>,
}

/// A group's members' ids, serialized as they are walked.
struct Members<'a> {
    tenant: &'a Tenant,
    group: &'a Group,
}

impl Serialize for Members<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.group
                .members
                .iter()
                .map(|m| self.tenant.member_id(m.who)),
        )
    }
}

#[derive(Serialize)]
struct ProcessingState {
    state: &'static str,
}

#[derive(Serialize)]
struct AuditResult<'a> {
    activity: &'static str,
    target: &'a str,
    result: std::borrow::Cow<'a, str>,
}

/// Which groups any user, member or not, has a row from, and an error row from: most groups
/// have none, and then their members need not be looked at (each is a cache miss).
struct RowsFrom {
    rows: Vec<bool>,
    errors: Vec<bool>,
}

impl RowsFrom {
    fn count(tenant: &Tenant) -> Self {
        let mut from = RowsFrom {
            rows: vec![false; tenant.groups.len()],
            errors: vec![false; tenant.groups.len()],
        };
        for row in tenant.users.iter().flat_map(|u| &u.rows) {
            if let Source::Group(g) = row.source {
                from.rows[g.index()] = true;
                from.errors[g.index()] |= row.state.is_error();
            }
        }
        from
    }
}

fn group_result<'a>(tenant: &'a Tenant, rows_from: &RowsFrom, g: GroupIx) -> GroupResult<'a> {
    let group = tenant.group(g);
    // The members (and former members) holding a row from the group, as
    // `users_with_rows_from` lists them, looked for only where some user holds one.
    let with_errors: Vec<&str> = if rows_from.errors[g.index()] {
        tenant
            .group_holders(g)
            .filter(|u| tenant.user(*u).has_errors_from(g))
            .map(|u| tenant.user(u).id.as_str())
            .collect()
    } else {
        Vec::new()
    };
    let has_holders = || rows_from.rows[g.index()] && tenant.group_holders(g).next().is_some();
    GroupResult {
        id: &group.id,
        members: Members { tenant, group },
        license_processing_state: processing_state(group, has_holders)
            .map(|state| ProcessingState { state }),
        has_members_with_license_errors: !with_errors.is_empty(),
        members_with_license_errors: with_errors,
        nested_what_if: tenant.policy.nested_what_if.then(|| {
            tenant
                .nested_only_users(g)
                .iter()
                .map(|u| tenant.user(*u).id.as_str())
                .collect()
        }),
    }
}

/// For each user, the licensed groups that reach them only through nesting.
fn nesting_reasons(tenant: &Tenant) -> Vec<Vec<&str>> {
    let mut reasons = vec![Vec::new(); tenant.users.len()];
    for (i, group) in tenant.groups.iter().enumerate() {
        // Only groups with nested groups can reach anyone through nesting.
        if !group.alive
            || group.licenses.is_empty()
            || !group
                .members
                .iter()
                .any(|m| matches!(m.who, MemberRef::Group(_)))
        {
            continue;
        }
        for u in tenant.nested_only_users(GroupIx::new(i)) {
            reasons[u.index()].push(group.id.as_str());
        }
    }
    reasons
}

/// The products whose seat a user holds, in row order: `assignedLicenses` and `enabledPlans`.
fn held_skus(user: &User) -> impl Iterator<Item = SkuIx> + '_ {
    let rows = &user.rows;
    rows.iter()
        .enumerate()
        // A product's rows are next to each other: its first row names it.
        .filter(|&(i, row)| i == 0 || rows[i - 1].sku != row.sku)
        .map(|(_, row)| row.sku)
        .filter(|s| user.holds_seat(*s))
}

/// The plans of a held product that no holding path enables (the intersection of the paths'
/// disabled plans, §8.3).
fn assigned_disabled(tenant: &Tenant, user: &User, s: SkuIx) -> PlanSet {
    let enabled = user
        .rows_for(s)
        .filter(|r| r.holds_seat)
        .fold(PlanSet::EMPTY, |acc, r| acc.union(r.enabled));
    tenant.sku(s).all_plans().difference(enabled)
}

/// The group a row comes from, `None` for a direct assignment.
fn row_group(row: &Row) -> Option<GroupIx> {
    match row.source {
        Source::Direct => None,
        Source::Group(g) => Some(g),
    }
}

/// `effectiveUsageLocation`: shown only for a user without a location of their own.
fn shown_effective_location(tenant: &Tenant, u: UserIx) -> Option<&str> {
    match tenant.user(u).usage_location {
        Some(_) => None,
        None => tenant.effective_location(u),
    }
}

fn user_result<'a>(tenant: &'a Tenant, u: UserIx, nesting: &'a [&'a str]) -> UserResult<'a> {
    let user = tenant.user(u);
    let plan_list = |sku, set| PlanList { tenant, sku, set };
    UserResult {
        id: &user.id,
        usage_location: user.usage_location.as_deref(),
        assigned_licenses: held_skus(user)
            .map(|s| AssignedLicenseResult {
                sku_id: &tenant.sku(s).id,
                disabled_plans: plan_list(s, assigned_disabled(tenant, user, s)),
            })
            .collect(),
        license_assignment_states: user
            .rows
            .iter()
            .map(|r| LicenseAssignmentState {
                sku_id: &tenant.sku(r.sku).id,
                disabled_plans: plan_list(r.sku, r.disabled),
                assigned_by_group: row_group(r).map(|g| tenant.group(g).id.as_str()),
                state: r.state.as_str(),
                error: r.error.as_str(),
            })
            .collect(),
        effective_usage_location: shown_effective_location(tenant, u),
        enabled_plans: held_skus(user)
            .map(|s| EnabledPlans {
                sku_id: &tenant.sku(s).id,
                service_plans: plan_list(s, user.enabled(s)),
            })
            .collect(),
        not_licensed_through_nesting: nesting,
    }
}

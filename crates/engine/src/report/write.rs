//! `ResultDocument::write_json`: the document as JSON text, written by hand where it is big (the
//! users, groups and audit entries) and through serde where it is small (steps, products,
//! pending work). The fields and their order are those of the serde types in `mod.rs`, which
//! serialize the same document as data; `tests/scenarios.rs` holds the two to the same bytes.

use super::json::{JsonOut, Quoted};
use super::plan_lists::PlanLists;
use super::{
    assigned_disabled, group_result, held_skus, nesting_reasons, pending_list, row_group,
    shown_effective_location, steps, subscribed_skus, JsonLayout, ResultDocument, RowsFrom,
};
use crate::scenario::document::FORMAT_VERSION;
use crate::tenant::{AuditTarget, GroupIx, MemberRef, PlanSet, SkuIx, Tenant, User, UserIx};
use std::io::{self, Write};

pub(super) fn write_document<W: Write>(
    result: &ResultDocument,
    out: W,
    layout: JsonLayout,
) -> io::Result<()> {
    let tenant = result.tenant;
    let mut json = JsonOut::new(out, layout);
    json.begin_object();
    json.key("licenselab");
    json.value(&FORMAT_VERSION)?;
    json.key("steps");
    json.value(&steps(result))?;
    json.key("final");
    Final::new(tenant, layout).write(&mut json)?;
    // Only an observed starting state has pending work (see `Serialize for ResultDocument`).
    let pending = tenant.pending();
    if !pending.is_empty() {
        json.key("pending");
        json.value(&pending_list(tenant, &pending))?;
    }
    json.end_object();
    json.finish()
}

/// What writing `final` needs besides the tenant: each id as its JSON string, and the plan
/// lists' texts.
struct Final<'a> {
    tenant: &'a Tenant,
    users: Quoted,
    groups: Quoted,
    skus: Quoted,
    plan_lists: PlanLists,
}

impl<'a> Final<'a> {
    fn new(tenant: &'a Tenant, layout: JsonLayout) -> Self {
        Final {
            tenant,
            users: Quoted::new(tenant.users.iter().map(|u| u.id.as_str())),
            groups: Quoted::new(tenant.groups.iter().map(|g| g.id.as_str())),
            skus: Quoted::new(tenant.skus.iter().map(|s| s.id.as_str())),
            plan_lists: PlanLists::new(layout),
        }
    }

    fn member(&self, who: MemberRef) -> &[u8] {
        match who {
            MemberRef::User(u) => self.users.get(u.index()),
            MemberRef::Group(g) => self.groups.get(g.index()),
        }
    }

    fn write<W: Write>(&mut self, json: &mut JsonOut<W>) -> io::Result<()> {
        let tenant = self.tenant;
        json.begin_object();
        json.key("subscribedSkus");
        json.value(&subscribed_skus(tenant))?;
        json.key("users");
        let nesting = nesting_reasons(tenant);
        json.begin_array();
        for (i, user) in tenant.users.iter().enumerate() {
            if user.alive {
                json.element();
                self.write_user(json, UserIx::new(i), &nesting[i]);
                json.flush_if_full()?;
            }
        }
        json.end_array();
        json.key("groups");
        let rows_from = RowsFrom::count(tenant);
        json.begin_array();
        for (i, group) in tenant.groups.iter().enumerate() {
            if group.alive {
                json.element();
                self.write_group(json, &rows_from, GroupIx::new(i));
                json.flush_if_full()?;
            }
        }
        json.end_array();
        json.key("audit");
        json.begin_array();
        for entry in &tenant.audit {
            json.element();
            json.begin_object();
            json.key("activity");
            json.word(entry.activity.as_str());
            json.key("target");
            json.raw(match entry.target {
                AuditTarget::User(u) => self.users.get(u.index()),
                AuditTarget::Group(g) => self.groups.get(g.index()),
            });
            json.key("result");
            json.str(&tenant.audit_result(entry));
            json.end_object();
            json.flush_if_full()?;
        }
        json.end_array();
        json.end_object();
        Ok(())
    }

    /// `UserResult`'s fields.
    fn write_user<W: Write>(&mut self, json: &mut JsonOut<W>, u: UserIx, nesting: &[&str]) {
        let tenant = self.tenant;
        let user = tenant.user(u);
        json.begin_object();
        json.key("id");
        json.raw(self.users.get(u.index()));
        json.key("usageLocation");
        json.optional_str(user.usage_location.as_deref());
        json.key("assignedLicenses");
        self.write_held(json, user, "disabledPlans", |s| {
            assigned_disabled(tenant, user, s)
        });
        json.key("licenseAssignmentStates");
        json.begin_array();
        for row in &user.rows {
            json.element();
            json.begin_object();
            json.key("skuId");
            json.raw(self.skus.get(row.sku.index()));
            json.key("disabledPlans");
            self.plan_lists.write(json, tenant, row.sku, row.disabled);
            json.key("assignedByGroup");
            match row_group(row) {
                Some(g) => json.raw(self.groups.get(g.index())),
                None => json.optional_str(None),
            }
            json.key("state");
            json.word(row.state.as_str());
            json.key("error");
            json.word(row.error.as_str());
            json.end_object();
        }
        json.end_array();
        if let Some(location) = shown_effective_location(tenant, u) {
            json.key("effectiveUsageLocation");
            json.str(location);
        }
        json.key("enabledPlans");
        self.write_held(json, user, "servicePlans", |s| user.enabled(s));
        if !nesting.is_empty() {
            json.key("notLicensedThroughNesting");
            write_strs(json, nesting.iter().copied());
        }
        json.end_object();
    }

    /// One object per product whose seat `user` holds: its id and a list of its plans.
    fn write_held<W: Write>(
        &mut self,
        json: &mut JsonOut<W>,
        user: &User,
        plans_key: &'static str,
        plans: impl Fn(SkuIx) -> PlanSet,
    ) {
        json.begin_array();
        for s in held_skus(user) {
            json.element();
            json.begin_object();
            json.key("skuId");
            json.raw(self.skus.get(s.index()));
            json.key(plans_key);
            self.plan_lists.write(json, self.tenant, s, plans(s));
            json.end_object();
        }
        json.end_array();
    }

    /// `GroupResult`'s fields.
    fn write_group<W: Write>(&self, json: &mut JsonOut<W>, rows_from: &RowsFrom, g: GroupIx) {
        let group = group_result(self.tenant, rows_from, g);
        json.begin_object();
        json.key("id");
        json.raw(self.groups.get(g.index()));
        json.key("members");
        json.begin_array();
        for member in &group.members.group.members {
            json.element();
            json.raw(self.member(member.who));
        }
        json.end_array();
        json.key("licenseProcessingState");
        match group.license_processing_state {
            Some(processing) => {
                json.begin_object();
                json.key("state");
                json.word(processing.state);
                json.end_object();
            }
            None => json.optional_str(None),
        }
        json.key("hasMembersWithLicenseErrors");
        json.bool(group.has_members_with_license_errors);
        json.key("membersWithLicenseErrors");
        write_strs(json, group.members_with_license_errors.iter().copied());
        if let Some(users) = &group.nested_what_if {
            json.key("nestedWhatIf");
            write_strs(json, users.iter().copied());
        }
        json.end_object();
    }
}

fn write_strs<'s, W: Write>(json: &mut JsonOut<W>, texts: impl Iterator<Item = &'s str>) {
    json.begin_array();
    for text in texts {
        json.element();
        json.str(text);
    }
    json.end_array();
}

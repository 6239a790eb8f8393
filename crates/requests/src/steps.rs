//! What each step kind becomes: the Graph requests Microsoft documents for it, with what to wait
//! for after them, or what to do by hand. Read against the tenant as it stands before the step.

use crate::error::RequestsError;
use crate::model::{Action, Call, Method, Wait};
use crate::resolve;
use crate::scopes;
use crate::url;
use licenselab_engine::{
    Action as Step, AssignedLicenseDef, GroupDef, MemberRef, PrepaidUnits, SkuDef, Tenant, UserDef,
};
use serde_json::{json, Value};

/// One entry of a step: the request or the by-hand work. A step's waits follow its last entry.
pub(crate) struct Entries {
    pub actions: Vec<Action>,
    pub wait: Vec<Wait>,
}

impl Entries {
    fn one(action: Action, wait: Vec<Wait>) -> Self {
        Entries {
            actions: vec![action],
            wait,
        }
    }

    fn by_hand(text: String) -> Self {
        Entries::one(Action::ByHand { by_hand: text }, Vec::new())
    }
}

fn call(method: Method, url: String, body: Option<Value>, scope: &'static str) -> Action {
    Action::Call(Call {
        method,
        url,
        body,
        scope,
    })
}

/// The entries of step `index`, read against `tenant` as it stands before it.
pub(crate) fn entries(
    tenant: &Tenant,
    index: usize,
    step: &Step,
) -> Result<Entries, RequestsError> {
    let path = format!("steps[{index}]");
    Ok(match step {
        Step::AssignLicense {
            user,
            group,
            add_licenses,
            remove_licenses,
        } => {
            let body = assign_license_body(tenant, &path, add_licenses, remove_licenses)?;
            match (user, group) {
                (Some(user), _) => Entries::one(
                    call(
                        Method::Post,
                        format!("{}/assignLicense", url::user(user)),
                        Some(body),
                        scopes::LICENSE_ASSIGNMENT_WRITE,
                    ),
                    // A user's assignLicense is synchronous: the answer is the updated user.
                    Vec::new(),
                ),
                (None, Some(group)) => Entries::one(
                    call(
                        Method::Post,
                        format!("{}/assignLicense", url::group(group)),
                        Some(body),
                        scopes::LICENSE_ASSIGNMENT_WRITE,
                    ),
                    // 202 Accepted: Entra processes the members afterwards.
                    vec![group_processed(group)],
                ),
                (None, None) => {
                    return Err(RequestsError::plan(
                        path,
                        "names neither a user nor a group",
                    ))
                }
            }
        }
        Step::AddMember { group, member } => Entries::one(
            call(
                Method::Post,
                format!("{}/members/$ref", url::group(group)),
                Some(json!({ "@odata.id": url::directory_object(member) })),
                scopes::GROUP_MEMBER_WRITE,
            ),
            member_rows(tenant, &path, group, member, true)?,
        ),
        Step::RemoveMember { group, member } => Entries::one(
            call(
                Method::Delete,
                format!(
                    "{}/members/{}/$ref",
                    url::group(group),
                    url::segment(member)
                ),
                None,
                scopes::GROUP_MEMBER_WRITE,
            ),
            member_rows(tenant, &path, group, member, false)?,
        ),
        Step::UpdateUser { user, set } => Entries::one(
            call(
                Method::Patch,
                url::user(user),
                Some(Value::Object(set.clone())),
                scopes::USER_WRITE,
            ),
            Vec::new(),
        ),
        Step::UpdateGroup { group, set } => {
            let changes_membership = set.contains_key("membershipRule")
                || set.contains_key("membershipRuleProcessingState")
                || set.contains_key("groupTypes");
            let wait = if changes_membership && has_licenses(tenant, group) {
                vec![group_processed(group)]
            } else {
                Vec::new()
            };
            Entries::one(
                call(
                    Method::Patch,
                    url::group(group),
                    Some(Value::Object(set.clone())),
                    scopes::GROUP_WRITE,
                ),
                wait,
            )
        }
        Step::DeleteUser { user } => Entries::one(
            call(Method::Delete, url::user(user), None, scopes::USER_DELETE),
            Vec::new(),
        ),
        Step::DeleteGroup { group } => Entries::one(
            call(Method::Delete, url::group(group), None, scopes::GROUP_WRITE),
            Vec::new(),
        ),
        Step::Reprocess {
            user: Some(user), ..
        } => Entries::one(reprocess(user), user_groups_processed(tenant, user)),
        Step::Reprocess {
            user: None,
            group: Some(group),
        } => reprocess_members(tenant, group),
        Step::Reprocess {
            user: None,
            group: None,
        } => {
            return Err(RequestsError::plan(
                path,
                "names neither a user nor a group",
            ))
        }
        Step::CreateUser { user } => Entries::by_hand(create_user(tenant, &path, user)?),
        Step::CreateGroup { group } => Entries::by_hand(create_group(tenant, &path, group)?),
        Step::AddSubscribedSku { sku } => Entries::by_hand(add_subscribed_sku(sku)),
        Step::SetPrepaidUnits { sku, prepaid_units } => {
            let guid = resolve::sku_key_guid(tenant, &format!("{path}.sku"), sku)?;
            Entries::by_hand(set_prepaid_units(sku, &guid, prepaid_units))
        }
        Step::AddServicePlan { sku, service_plan } => Entries::by_hand(format!(
            "Microsoft adds service plan {} ({}) to product {sku}: nothing to send; wait until \
             GET /subscribedSkus lists it among the product's servicePlans, then continue.",
            service_plan
                .service_plan_name
                .as_deref()
                .unwrap_or(&service_plan.service_plan_id),
            service_plan.service_plan_id
        )),
    })
}

/// `{"addLicenses": [{"disabledPlans": [...], "skuId": ...}], "removeLicenses": [...]}`, the
/// documented body of both assignLicense actions, with every product and plan as its GUID.
fn assign_license_body(
    tenant: &Tenant,
    path: &str,
    add: &[AssignedLicenseDef],
    remove: &[String],
) -> Result<Value, RequestsError> {
    let mut add_licenses = Vec::with_capacity(add.len());
    for (i, license) in add.iter().enumerate() {
        let sku_path = format!("{path}.addLicenses[{i}].skuId");
        let s = resolve::sku(tenant, &sku_path, &license.sku_id)?;
        let sku_id = resolve::sku_guid(tenant, &sku_path, s)?;
        let disabled = license
            .disabled_plans
            .iter()
            .enumerate()
            .map(|(j, plan)| {
                let plan_path = format!("{path}.addLicenses[{i}].disabledPlans[{j}]");
                resolve::plan_guid(tenant, &plan_path, s, plan)
            })
            .collect::<Result<Vec<_>, _>>()?;
        add_licenses.push(json!({ "disabledPlans": disabled, "skuId": sku_id }));
    }
    let remove_licenses = remove
        .iter()
        .enumerate()
        .map(|(i, key)| resolve::sku_key_guid(tenant, &format!("{path}.removeLicenses[{i}]"), key))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json!({ "addLicenses": add_licenses, "removeLicenses": remove_licenses }))
}

fn group_processed(group: &str) -> Wait {
    Wait::GroupProcessed {
        group: group.to_owned(),
        read: format!("{}?$select=licenseProcessingState", url::group(group)),
    }
}

/// The products `group` assigns, as it stands.
fn group_skus(tenant: &Tenant, group: &str) -> Vec<licenselab_engine::SkuIx> {
    tenant
        .group_ix(group)
        .map(|g| {
            tenant.groups()[g.index()]
                .licenses()
                .iter()
                .map(|l| l.sku())
                .collect()
        })
        .unwrap_or_default()
}

fn has_licenses(tenant: &Tenant, group: &str) -> bool {
    !group_skus(tenant, group).is_empty()
}

/// After a user joins or leaves a group with licenses, its rows from the group appear or go:
/// Entra processes the change afterwards. A group member is licensed by nothing (nesting).
fn member_rows(
    tenant: &Tenant,
    path: &str,
    group: &str,
    member: &str,
    present: bool,
) -> Result<Vec<Wait>, RequestsError> {
    if tenant.user_ix(member).is_none() {
        return Ok(Vec::new());
    }
    let skus = group_skus(tenant, group);
    if skus.is_empty() {
        return Ok(Vec::new());
    }
    let sku_ids = skus
        .into_iter()
        .map(|s| resolve::sku_guid(tenant, &format!("{path}.group"), s))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(vec![Wait::UserRows {
        user: member.to_owned(),
        group: group.to_owned(),
        sku_ids,
        present,
        read: format!("{}?$select=licenseAssignmentStates", url::user(member)),
    }])
}

fn reprocess(user: &str) -> Action {
    call(
        Method::Post,
        format!("{}/reprocessLicenseAssignment", url::user(user)),
        None,
        scopes::USER_WRITE,
    )
}

/// A user's reprocess runs the licenses of the groups it is in: wait for each to be processed.
fn user_groups_processed(tenant: &Tenant, user: &str) -> Vec<Wait> {
    let Some(u) = tenant.user_ix(user) else {
        return Vec::new();
    };
    tenant.users()[u.index()]
        .memberships()
        .iter()
        .map(|g| &tenant.groups()[g.index()])
        .filter(|g| g.is_alive() && !g.licenses().is_empty())
        .map(|g| group_processed(g.id()))
        .collect()
}

/// Graph v1.0 has no reprocess for a group: reprocess each of its user members (its licenses
/// reach direct members only).
fn reprocess_members(tenant: &Tenant, group: &str) -> Entries {
    let users: Vec<&str> = tenant
        .group_ix(group)
        .map(|g| {
            tenant.groups()[g.index()]
                .members()
                .iter()
                .filter_map(|m| match m.who() {
                    MemberRef::User(u) => Some(&tenant.users()[u.index()]),
                    MemberRef::Group(_) => None,
                })
                .filter(|u| u.is_alive())
                .map(|u| u.id())
                .collect()
        })
        .unwrap_or_default();
    if users.is_empty() {
        return Entries::by_hand(format!(
            "Group {group} has no user members at this step: there is nothing to reprocess."
        ));
    }
    Entries {
        actions: users.into_iter().map(reprocess).collect(),
        wait: if has_licenses(tenant, group) {
            vec![group_processed(group)]
        } else {
            Vec::new()
        },
    }
}

/// The sentence that ends a by-hand creation with licenses: the assignment to make once the
/// object exists (`collection` is `users` or `groups`), its products as GUIDs.
fn then_assign(
    tenant: &Tenant,
    path: &str,
    collection: &str,
    licenses: &[AssignedLicenseDef],
) -> Result<String, RequestsError> {
    if licenses.is_empty() {
        return Ok(String::new());
    }
    let body = assign_license_body(tenant, path, licenses, &[])?;
    Ok(format!(
        " Then assign it these licenses (POST /{collection}/{{id}}/assignLicense with addLicenses {}).",
        body["addLicenses"]
    ))
}

fn create_user(tenant: &Tenant, path: &str, user: &UserDef) -> Result<String, RequestsError> {
    let mut text = format!(
        "Create user {} (POST /users needs a displayName, mailNickname, userPrincipalName and \
         passwordProfile, which a plan does not carry: create it in the Microsoft 365 admin \
         center or your identity source",
        user.id
    );
    if let Some(location) = &user.usage_location {
        text.push_str(&format!(", with usageLocation {location}"));
    }
    text.push_str(&format!(
        "). Later requests name it {}: replace that with the new user's object id.",
        user.id
    ));
    text.push_str(&then_assign(
        tenant,
        &format!("{path}.user.assignedLicenses"),
        "users",
        &user.assigned_licenses,
    )?);
    Ok(text)
}

fn create_group(tenant: &Tenant, path: &str, group: &GroupDef) -> Result<String, RequestsError> {
    let kind = if group.is_dynamic() {
        "dynamic security group"
    } else {
        "security group"
    };
    let mut text = format!(
        "Create {kind} {}{} (in the Entra admin center, or POST /groups with a displayName and \
         mailNickname of your choosing)",
        group.id,
        group
            .display_name
            .as_deref()
            .map(|name| format!(" \"{name}\""))
            .unwrap_or_default()
    );
    if let Some(rule) = &group.membership_rule {
        text.push_str(&format!(" with membershipRule {rule}"));
    }
    text.push_str(&format!(
        ". Later requests name it {}: replace that with the new group's object id.",
        group.id
    ));
    if !group.members.is_empty() {
        text.push_str(&format!(" Add its members: {}.", group.members.join(", ")));
    }
    text.push_str(&then_assign(
        tenant,
        &format!("{path}.group.assignedLicenses"),
        "groups",
        &group.assigned_licenses,
    )?);
    Ok(text)
}

fn add_subscribed_sku(sku: &SkuDef) -> String {
    let name = sku.sku_part_number.as_deref().unwrap_or(&sku.sku_id);
    format!(
        "Buy product {name} (skuId {}) with {} seats in the Microsoft 365 admin center \
         (Billing > Purchase services) or from your reseller; Microsoft adds it to subscribedSkus. \
         Continue when GET /subscribedSkus lists it.",
        sku.sku_id, sku.prepaid_units.enabled
    )
}

fn set_prepaid_units(sku: &str, guid: &str, units: &PrepaidUnits) -> String {
    format!(
        "Change product {sku} (skuId {guid}) to {} enabled seats ({} in warning, {} suspended, \
         {} locked out): buy or cancel licenses in the Microsoft 365 admin center (Billing > Your \
         products) or with your vendor. Continue when GET /subscribedSkus shows these \
         prepaidUnits.",
        units.enabled, units.warning, units.suspended, units.locked_out
    )
}

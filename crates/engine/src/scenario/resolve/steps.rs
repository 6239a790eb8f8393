//! Steps: each step's references resolved to an `Op`, for the scenario's steps and for one
//! step against a tenant as it stands.

use super::Resolver;
use crate::reconcile::{GroupUpdate, Op, UserUpdate};
use crate::scenario::checks::{check_country, check_extension_attribute, check_user_property};
use crate::scenario::document::{Action, Scenario};
use crate::scenario::errors::{fail, positioned, step_index, LoadError, Resolved};
use crate::scenario::limits;
use crate::scenario::locate::FieldPath;
use crate::tenant::Tenant;
use serde_json::Value;

impl Resolver {
    /// Every step of the scenario, with its `op` name for the report.
    pub(in crate::scenario) fn steps(
        &self,
        scenario: &Scenario,
    ) -> Resolved<Vec<(Op, &'static str)>> {
        let steps = FieldPath::root().key("steps");
        scenario
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| Ok((self.step(&steps.index(i), &step.action)?, step.action.op())))
            .collect()
    }

    fn step(&self, path: &FieldPath, action: &Action) -> Resolved<Op> {
        Ok(match action {
            Action::AssignLicense {
                user,
                group,
                add_licenses,
                remove_licenses,
            } => {
                let add = self.licenses(&path.key("addLicenses"), add_licenses)?;
                let remove = remove_licenses
                    .iter()
                    .enumerate()
                    .map(|(j, s)| self.sku_ref(&path.key("removeLicenses").index(j), s))
                    .collect::<Resolved<Vec<_>>>()?;
                match (user, group) {
                    (Some(u), None) => Op::AssignUserLicense {
                        user: self.user_ref(&path.key("user"), u)?,
                        add,
                        remove,
                    },
                    (None, Some(g)) => Op::AssignGroupLicense {
                        group: self.group_ref(&path.key("group"), g)?,
                        add,
                        remove,
                    },
                    _ => {
                        return fail(
                            path,
                            "assignLicense needs exactly one of `user` and `group`",
                        )
                    }
                }
            }
            Action::AddMember { group, member } => Op::AddMember {
                group: self.group_ref(&path.key("group"), group)?,
                member: self.member_ref(&path.key("member"), member)?,
            },
            Action::RemoveMember { group, member } => Op::RemoveMember {
                group: self.group_ref(&path.key("group"), group)?,
                member: self.member_ref(&path.key("member"), member)?,
            },
            Action::CreateUser { user } => {
                let index = step_index(path);
                Op::CreateUser {
                    user: self.known_user(&user.id),
                    licenses: self
                        .created_user_licenses
                        .get(&index)
                        .cloned()
                        .unwrap_or_default(),
                }
            }
            Action::UpdateUser { user, set } => Op::UpdateUser {
                user: self.user_ref(&path.key("user"), user)?,
                update: user_update(&path.key("set"), set)?,
            },
            Action::DeleteUser { user } => Op::DeleteUser {
                user: self.user_ref(&path.key("user"), user)?,
            },
            Action::CreateGroup { group } => {
                let (members, licenses) = self
                    .created_group_parts
                    .get(&step_index(path))
                    .cloned()
                    .unwrap_or_default();
                Op::CreateGroup {
                    group: self.known_group(&group.id),
                    members,
                    licenses,
                }
            }
            Action::UpdateGroup { group, set } => Op::UpdateGroup {
                group: self.group_ref(&path.key("group"), group)?,
                update: self.group_update(&path.key("set"), set)?,
            },
            Action::DeleteGroup { group } => Op::DeleteGroup {
                group: self.group_ref(&path.key("group"), group)?,
            },
            Action::AddSubscribedSku { sku } => Op::AddSubscribedSku {
                sku: self.sku_ref(&path.key("sku"), &sku.sku_id)?,
            },
            Action::SetPrepaidUnits { sku, prepaid_units } => Op::SetPrepaidUnits {
                sku: self.sku_ref(&path.key("sku"), sku)?,
                units: *prepaid_units,
            },
            Action::AddServicePlan { sku, .. } => Op::AddServicePlan {
                sku: self.sku_ref(&path.key("sku"), sku)?,
                plan: self.service_plan_steps[&step_index(path)],
            },
            Action::Reprocess { user, group } => match (user, group) {
                (Some(u), None) => Op::ReprocessUser {
                    user: self.user_ref(&path.key("user"), u)?,
                },
                (None, Some(g)) => Op::ReprocessGroup {
                    group: self.group_ref(&path.key("group"), g)?,
                },
                _ => return fail(path, "reprocess needs exactly one of `user` and `group`"),
            },
        })
    }

    fn group_update(
        &self,
        path: &FieldPath,
        set: &serde_json::Map<String, Value>,
    ) -> Resolved<GroupUpdate> {
        let mut update = GroupUpdate::default();
        for (key, value) in set {
            let at = path.key(key);
            match key.as_str() {
                "displayName" => update.display_name = Some(optional_string(&at, value)?),
                "description" => update.description = Some(optional_string(&at, value)?),
                "securityEnabled" => update.security_enabled = Some(boolean(&at, value)?),
                "mailEnabled" => update.mail_enabled = Some(boolean(&at, value)?),
                "groupTypes" => {
                    let types = value
                        .as_array()
                        .filter(|items| items.iter().all(Value::is_string))
                        .map_or_else(|| fail(&at, "expected a list of strings, such as [\"DynamicMembership\"]"), Ok)?;
                    update.group_types = Some(types.iter().filter_map(Value::as_str).map(str::to_owned).collect());
                }
                "membershipRule" => {
                    update.membership_rule = Some(match optional_string(&at, value)? {
                        Some(text) => Some((text.clone(), self.compile_rule(&at, &text)?)),
                        None => None,
                    })
                }
                "membershipRuleProcessingState" => {
                    update.rule_paused = Some(match value.as_str() {
                        Some("On") => false,
                        Some("Paused") => true,
                        _ => return fail(&at, "expected \"On\" or \"Paused\""),
                    })
                }
                other => {
                    return fail(
                        &at,
                        format!(
                            "'{other}' cannot be changed by updateGroup; use displayName, description, securityEnabled, mailEnabled, groupTypes, membershipRule or membershipRuleProcessingState{}",
                            match other {
                                "assignedLicenses" => " (licenses change through assignLicense)",
                                "members" => " (members change through addMember and removeMember)",
                                _ => "",
                            }
                        ),
                    )
                }
            }
        }
        Ok(update)
    }
}

fn optional_string(path: &FieldPath, value: &Value) -> Resolved<Option<String>> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        _ => fail(path, "expected a string or null"),
    }
}

fn boolean(path: &FieldPath, value: &Value) -> Resolved<bool> {
    value
        .as_bool()
        .map_or_else(|| fail(path, "expected true or false"), Ok)
}

fn user_update(path: &FieldPath, set: &serde_json::Map<String, Value>) -> Resolved<UserUpdate> {
    let mut update = UserUpdate::default();
    for (key, value) in set {
        let at = path.key(key);
        match key.as_str() {
            "id" => return fail(&at, "a user's id cannot change"),
            "assignedLicenses" => {
                return fail(&at, "licenses change through assignLicense, not updateUser")
            }
            "usageLocation" => {
                let location = optional_string(&at, value)?.filter(|s| !s.is_empty());
                if let Some(code) = &location {
                    check_country(|| at.clone(), code)?;
                }
                update.usage_location = Some(location);
            }
            "proxyAddresses" => {
                let addresses = match value {
                    Value::Null => Vec::new(),
                    Value::Array(items) => items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| {
                            v.as_str()
                                .map(str::to_owned)
                                .map_or_else(|| fail(&at.index(i), "expected a string"), Ok)
                        })
                        .collect::<Resolved<Vec<_>>>()?,
                    _ => return fail(&at, "expected a list of proxy addresses"),
                };
                update.proxy_addresses = Some(addresses);
            }
            "onPremisesExtensionAttributes" => {
                let Value::Object(attributes) = value else {
                    return fail(&at, "expected an object of extension attributes, such as {\"extensionAttribute1\": \"EMS\"}");
                };
                for (name, v) in attributes {
                    let n = check_extension_attribute(&at.key(name), name)?;
                    update
                        .extension_attributes
                        .push((n, optional_string(&at.key(name), v)?));
                }
            }
            _ => {
                check_user_property(&at, key, value)?;
                update
                    .properties
                    .push((key.clone(), (!value.is_null()).then(|| value.clone())));
            }
        }
    }
    Ok(update)
}

/// Resolves one step against a tenant as it stands (for previews): ids of existing objects only.
pub(crate) fn resolve_against(tenant: &Tenant, action: &Action) -> Result<Op, LoadError> {
    let resolve = || {
        if matches!(
            action,
            Action::CreateUser { .. }
                | Action::CreateGroup { .. }
                | Action::AddSubscribedSku { .. }
                | Action::AddServicePlan { .. }
        ) {
            return fail(
                &FieldPath::root().key("op"),
                format!(
                    "a `{}` step cannot be previewed; previews show changes to the objects that exist (add it as a step instead)",
                    action.op()
                ),
            );
        }
        let resolver = Resolver {
            plans: tenant.plans.clone(),
            skus: tenant.skus.clone(),
            final_plans: tenant.skus.iter().map(|s| s.plans.clone()).collect(),
            user_ids: tenant.user_ids.clone(),
            group_ids: tenant.group_ids.clone(),
            ..Resolver::default()
        };
        let op = resolver.step(&FieldPath::root(), action)?;
        match limits::member_of_rules_over_limit(tenant, [&op], |_| FieldPath::root()) {
            Some((path, message)) => fail(&path, message),
            None => Ok(op),
        }
    };
    // No text: a front end's step has no line and column.
    resolve().map_err(|e| positioned(e, None))
}

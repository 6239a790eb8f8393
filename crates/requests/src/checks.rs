//! The plan's `expect` list as checks of what Graph shows: ids resolved to GUIDs, each with the
//! `GET` it reads, placed after its step (`at`) or after the last step.

use crate::error::RequestsError;
use crate::model::{Check, PlanCheck};
use crate::resolve;
use crate::url;
use licenselab_engine::{Expect, Expectation, Tenant};
use serde_json::Value;

/// A check and the step after which it runs (`None`: after the last).
pub(crate) struct Placed {
    pub at: Option<usize>,
    pub check: PlanCheck,
}

pub(crate) fn checks(
    tenant: &Tenant,
    expect: &[Value],
    steps: usize,
) -> Result<Vec<Placed>, RequestsError> {
    expect
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let path = format!("expect[{i}]");
            let expectation: Expectation = serde_json::from_value(value.clone())
                .map_err(|e| RequestsError::plan(&path, e.to_string()))?;
            if let Some(at) = expectation.at.filter(|at| *at >= steps) {
                return Err(RequestsError::plan(
                    format!("{path}.at"),
                    format!("there is no step {at}: the plan has {steps} steps (counted from 0)"),
                ));
            }
            Ok(Placed {
                at: expectation.at,
                check: PlanCheck {
                    check: check(tenant, &path, &expectation.what)?,
                    expect: i,
                    note: expectation.note,
                },
            })
        })
        .collect()
}

fn known_user(tenant: &Tenant, path: &str, user: &str) -> Result<String, RequestsError> {
    match tenant.user_ix(user) {
        Some(_) => Ok(user.to_owned()),
        None => Err(RequestsError::plan(
            format!("{path}.user"),
            format!("unknown user '{user}'"),
        )),
    }
}

fn known_group(tenant: &Tenant, path: &str, group: &str) -> Result<String, RequestsError> {
    match tenant.group_ix(group) {
        Some(_) => Ok(group.to_owned()),
        None => Err(RequestsError::plan(
            path,
            format!("unknown group '{group}'"),
        )),
    }
}

fn check(tenant: &Tenant, path: &str, what: &Expect) -> Result<Check, RequestsError> {
    let sku_path = format!("{path}.skuId");
    Ok(match what {
        Expect::Holds {
            user,
            sku_id,
            holds,
        } => Check::Holds {
            user: known_user(tenant, path, user)?,
            sku_id: resolve::sku_key_guid(tenant, &sku_path, sku_id)?,
            holds: *holds,
            read: format!("{}?$select=assignedLicenses", url::user(user)),
        },
        Expect::EnabledPlans {
            user,
            sku_id,
            service_plans,
        } => {
            let s = resolve::sku(tenant, &sku_path, sku_id)?;
            let mut enabled = service_plans
                .iter()
                .enumerate()
                .map(|(j, plan)| {
                    resolve::plan_guid(tenant, &format!("{path}.servicePlans[{j}]"), s, plan)
                })
                .collect::<Result<Vec<_>, _>>()?;
            enabled.sort();
            enabled.dedup();
            Check::EnabledPlans {
                user: known_user(tenant, path, user)?,
                sku_id: resolve::sku_guid(tenant, &sku_path, s)?,
                service_plans: enabled,
                product_plans: resolve::product_plans(tenant, &sku_path, s)?,
                read: format!("{}?$select=licenseAssignmentStates", url::user(user)),
            }
        }
        Expect::Row {
            user,
            sku_id,
            assigned_by_group,
            state,
            error,
        } => Check::Row {
            user: known_user(tenant, path, user)?,
            sku_id: resolve::sku_key_guid(tenant, &sku_path, sku_id)?,
            assigned_by_group: assigned_by_group
                .as_deref()
                .map(|g| known_group(tenant, &format!("{path}.assignedByGroup"), g))
                .transpose()?,
            state: state.clone(),
            error: error.clone(),
            read: format!("{}?$select=licenseAssignmentStates", url::user(user)),
        },
        Expect::ConsumedUnits {
            sku_id,
            consumed_units,
        } => Check::ConsumedUnits {
            sku_id: resolve::sku_key_guid(tenant, &sku_path, sku_id)?,
            consumed_units: *consumed_units,
            read: "/subscribedSkus?$select=skuId,consumedUnits".to_owned(),
        },
        Expect::GroupMembers { group, members } => Check::GroupMembers {
            group: known_group(tenant, &format!("{path}.group"), group)?,
            members: members.clone(),
            read: format!("{}/members?$select=id", url::group(group)),
        },
        Expect::GroupErrors {
            group,
            members_with_license_errors,
        } => Check::GroupErrors {
            group: known_group(tenant, &format!("{path}.group"), group)?,
            members_with_license_errors: *members_with_license_errors,
            read: format!("{}/membersWithLicenseErrors?$select=id", url::group(group)),
        },
        Expect::NoServiceGap
        | Expect::NoLostService
        | Expect::NoLostPlans
        | Expect::NoNewErrors => Check::WholeRun { kind: what.kind() },
    })
}

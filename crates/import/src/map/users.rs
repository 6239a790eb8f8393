//! Users: their rows as Graph reported them, direct assignments only from rows without
//! `assignedByGroup` (never from `assignedLicenses`), and every other property as it is.

use super::shapes::GraphRow;
use super::{field, lacking, HOW_TO, USER_SELECT};
use crate::collect::Records;
use crate::detect::Record;
use crate::{ImportError, Report};
use licenselab_engine::{LicenseAssignmentStateDef, UserDef};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Besides the scenario's own user fields (`UserDef::known_field`), what is not user data: the
/// plans and groups are derived by the simulation, `licenseDetails` repeats the rows.
const DERIVED: &[&str] = &[
    "assignedPlans",
    "provisionedPlans",
    "memberOf",
    "licenseDetails",
];

pub(super) fn users(records: &Records, report: &mut Report) -> Result<Vec<UserDef>, ImportError> {
    let mut without_rows: Vec<&Record> = Vec::new();
    let mut derived = false;
    let mut users = Vec::with_capacity(records.users.len());
    for record in records.users.values() {
        let rows: Option<Vec<GraphRow>> = field(record, "licenseAssignmentStates")?;
        if rows.is_none() {
            without_rows.push(record);
        }
        let rows: Option<Vec<LicenseAssignmentStateDef>> = rows.map(|rows| {
            rows.into_iter()
                .map(|r| LicenseAssignmentStateDef {
                    sku_id: r.sku_id,
                    assigned_by_group: r.assigned_by_group,
                    disabled_plans: r.disabled_plans.unwrap_or_default(),
                    state: r.state,
                    // Real responses write "None" where the documentation says null.
                    error: r.error.filter(|e| e != "None"),
                    last_updated_date_time: r.last_updated_date_time,
                })
                .collect()
        });
        // The rows are the observed state: the direct assignments are the rows without
        // assignedByGroup, so `assignedLicenses` (which also lists inherited products) stays
        // empty, as an observed scenario requires.
        derived |= ["assignedPlans", "provisionedPlans"]
            .iter()
            .any(|k| record.object.contains_key(*k));
        let mut properties = Map::new();
        for (key, value) in &record.object {
            if UserDef::known_field(key) || DERIVED.contains(&key.as_str()) || key.contains('@') {
                continue;
            }
            let value = match (key.as_str(), value) {
                // An expanded manager is its id.
                ("manager", Value::Object(m)) => m.get("id").cloned().unwrap_or(Value::Null),
                _ => value.clone(),
            };
            properties.insert(key.clone(), value);
        }
        let properties = match canonical(Value::Object(properties)) {
            Value::Object(map) => map,
            _ => unreachable!("an object stays an object"),
        };
        users.push(UserDef {
            id: record.object["id"].as_str().unwrap_or_default().to_owned(),
            usage_location: field::<String>(record, "usageLocation")?.filter(|s| !s.is_empty()),
            proxy_addresses: field(record, "proxyAddresses")?.unwrap_or_default(),
            on_premises_extension_attributes: field::<BTreeMap<String, Option<String>>>(
                record,
                "onPremisesExtensionAttributes",
            )?
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, v)| v.is_some())
            .collect(),
            assigned_licenses: Vec::new(),
            license_assignment_states: rows,
            properties,
        });
    }
    let (with_combined, with_nothing): (Vec<&Record>, Vec<&Record>) = without_rows
        .into_iter()
        .partition(|r| r.object.contains_key("assignedLicenses"));
    lacking(
        report,
        &with_combined,
        "user",
        "with assignedLicenses but without licenseAssignmentStates",
        &format!("direct and inherited licenses cannot be told apart (assignedLicenses lists both), so none is taken as direct; export users with $select={USER_SELECT} {HOW_TO}"),
    );
    lacking(
        report,
        &with_nothing,
        "user",
        "without licenseAssignmentStates",
        &format!("their licenses are unknown, so they start with none; export users with $select={USER_SELECT} {HOW_TO}"),
    );
    if derived {
        report.not_mapped.push(
            "users' assignedPlans and provisionedPlans: the simulation derives them from the license rows".to_owned(),
        );
    }
    Ok(users)
}

/// Object keys in alphabetical order, so that every format gives the same document.
fn canonical(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let sorted: BTreeMap<String, Value> = map.into_iter().collect();
            Value::Object(sorted.into_iter().map(|(k, v)| (k, canonical(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

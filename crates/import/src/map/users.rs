//! Users: their rows as Graph reported them, direct assignments only from rows without
//! `assignedByGroup` (never from `assignedLicenses`), and every other property as it is.

use super::shapes::GraphRow;
use super::{field, lacking, HOW_TO, USER_SELECT};
use crate::collect::Records;
use crate::{ImportError, Report};
use licenselab_engine::{LicenseAssignmentStateDef, UserDef};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Besides the scenario's own user fields (`UserDef::known_field`), what is not user data: the
/// plans and groups are derived by the simulation, `licenseDetails` repeats the rows.
const DERIVED: &[&str] = &[
    "assignedPlans",
    "provisionedPlans",
    "memberOf",
    "licenseDetails",
];

pub(super) fn users(
    records: &mut Records,
    report: &mut Report,
) -> Result<Vec<UserDef>, ImportError> {
    // The file of each user without rows: with assignedLicenses, or with nothing.
    let mut with_combined: Vec<Rc<str>> = Vec::new();
    let mut with_nothing: Vec<Rc<str>> = Vec::new();
    let mut derived = false;
    let mut users = Vec::with_capacity(records.users.len());
    for record in records.users.values_mut() {
        let rows: Option<Vec<GraphRow>> = field(record, "licenseAssignmentStates")?;
        if rows.is_none() {
            let path = record.place.path.clone();
            if record.object.contains_key("assignedLicenses") {
                with_combined.push(path);
            } else {
                with_nothing.push(path);
            }
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
        let usage_location = field::<String>(record, "usageLocation")?.filter(|s| !s.is_empty());
        let proxy_addresses = field(record, "proxyAddresses")?.unwrap_or_default();
        let on_premises_extension_attributes =
            field::<BTreeMap<String, Option<String>>>(record, "onPremisesExtensionAttributes")?
                .unwrap_or_default()
                .into_iter()
                .filter(|(_, v)| v.is_some())
                .collect();
        let id = record.object["id"].as_str().unwrap_or_default().to_owned();
        // The object is not needed after this: its properties are moved, not copied, and
        // sorted as they are collected.
        let mut properties = BTreeMap::new();
        for (key, value) in std::mem::take(&mut record.object) {
            if UserDef::known_field(&key) || DERIVED.contains(&key.as_str()) || key.contains('@') {
                continue;
            }
            let value = match (key.as_str(), value) {
                // An expanded manager is its id.
                ("manager", Value::Object(mut m)) => m.remove("id").unwrap_or(Value::Null),
                (_, value) => value,
            };
            properties.insert(key, canonical(value));
        }
        let properties: Map<String, Value> = properties.into_iter().collect();
        users.push(UserDef {
            id,
            usage_location,
            proxy_addresses,
            on_premises_extension_attributes,
            assigned_licenses: Vec::new(),
            license_assignment_states: rows,
            properties,
        });
    }
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

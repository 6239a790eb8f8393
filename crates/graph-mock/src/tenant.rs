//! A scenario as Graph would show it: the objects of each list, in Graph's shapes.

use licenselab_engine::{find_product, format_guid, Scenario, Simulation};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// When the mock says license rows were last updated.
const LAST_UPDATED: &str = "2026-12-01T08:00:00Z";

/// A tenant in Graph's shapes, from a scenario run through the engine.
#[derive(Clone, Debug)]
pub struct GraphTenant {
    pub tenant_id: String,
    pub organization: Vec<Value>,
    pub subscribed_skus: Vec<Value>,
    pub users: Vec<Value>,
    pub groups: Vec<Value>,
    /// Direct members of every group (dynamic ones too, rules evaluated), as directory objects.
    pub members: HashMap<String, Vec<Value>>,
    /// `membersWithLicenseErrors` of every group.
    pub members_with_license_errors: HashMap<String, Vec<Value>>,
}

impl GraphTenant {
    /// The tenant `licenselab generate` makes with these parameters (its steps are not run).
    pub fn generated(parameters: licenselab_generate::Parameters) -> GraphTenant {
        let scenario = licenselab_generate::generate(licenselab_generate::Parameters {
            steps: 0,
            ..parameters
        });
        GraphTenant::from_scenario(&scenario)
    }

    /// The scenario's starting tenant, reconciled by the engine.
    pub fn from_scenario(scenario: &Scenario) -> GraphTenant {
        let simulation = Simulation::new(scenario).expect("the scenario loads");
        let result: Value =
            serde_json::from_str(&simulation.result().to_json()).expect("the result is JSON");
        let last = &result["final"];
        let tenant_id = "00000000-0000-4000-8000-00000000c0de".to_owned();

        let organization = vec![json!({
            "id": tenant_id,
            "countryLetterCode": scenario.organization.country_letter_code,
        })];

        let subscribed_skus = scenario
            .subscribed_skus
            .iter()
            .zip(last["subscribedSkus"].as_array().expect("products"))
            .map(|(sku, reported)| {
                assert_eq!(reported["skuId"], sku.sku_id.as_str());
                let part = sku.sku_part_number.clone().unwrap_or(sku.sku_id.clone());
                let plans: Vec<Value> = match &sku.service_plans {
                    Some(plans) => plans
                        .iter()
                        .map(|p| plan(&p.service_plan_id, p.service_plan_name.as_deref()))
                        .collect(),
                    None => find_product(&part)
                        .map(|product| {
                            product
                                .plans()
                                .map(|p| plan(&format_guid(p.guid), Some(p.name)))
                                .collect()
                        })
                        .unwrap_or_default(),
                };
                json!({
                    "accountName": "contoso",
                    "appliesTo": "User",
                    "capabilityStatus": "Enabled",
                    "consumedUnits": reported["consumedUnits"],
                    "id": format!("{tenant_id}_{}", sku.sku_id),
                    "skuId": sku.sku_id,
                    "skuPartNumber": part,
                    "prepaidUnits": sku.prepaid_units,
                    "servicePlans": plans,
                })
            })
            .collect();

        let mut names: HashMap<String, (Value, Value, &str)> = HashMap::new();
        let users: Vec<Value> = scenario
            .users
            .iter()
            .zip(last["users"].as_array().expect("users"))
            .map(|(user, reported)| {
                assert_eq!(reported["id"], user.id.as_str());
                let mut object = Map::new();
                object.insert("id".into(), json!(user.id));
                for (name, value) in &user.properties {
                    object.insert(name.clone(), value.clone());
                }
                object.insert("usageLocation".into(), json!(user.usage_location));
                object.insert("proxyAddresses".into(), json!(user.proxy_addresses));
                let extension: Map<String, Value> = (1..=15)
                    .map(|n| {
                        let name = format!("extensionAttribute{n}");
                        let value = user
                            .on_premises_extension_attributes
                            .get(&name)
                            .cloned()
                            .flatten();
                        (name, json!(value))
                    })
                    .collect();
                object.insert(
                    "onPremisesExtensionAttributes".into(),
                    Value::Object(extension),
                );
                object.insert(
                    "assignedLicenses".into(),
                    reported["assignedLicenses"].clone(),
                );
                let rows: Vec<Value> = reported["licenseAssignmentStates"]
                    .as_array()
                    .expect("rows")
                    .iter()
                    .map(|row| {
                        let mut row = row.clone();
                        row["lastUpdatedDateTime"] = json!(LAST_UPDATED);
                        row
                    })
                    .collect();
                object.insert("licenseAssignmentStates".into(), json!(rows));
                names.insert(
                    user.id.clone(),
                    (
                        object
                            .get("userPrincipalName")
                            .cloned()
                            .unwrap_or(Value::Null),
                        object.get("displayName").cloned().unwrap_or(Value::Null),
                        "#microsoft.graph.user",
                    ),
                );
                Value::Object(object)
            })
            .collect();

        let reported_groups = last["groups"].as_array().expect("groups");
        let groups: Vec<Value> = scenario
            .groups
            .iter()
            .zip(reported_groups)
            .map(|(group, reported)| {
                assert_eq!(reported["id"], group.id.as_str());
                names.insert(
                    group.id.clone(),
                    (
                        Value::Null,
                        json!(group.display_name),
                        "#microsoft.graph.group",
                    ),
                );
                json!({
                    "id": group.id,
                    "displayName": group.display_name,
                    "securityEnabled": group.security_enabled,
                    "mailEnabled": group.mail_enabled,
                    "groupTypes": group.group_types,
                    "membershipRule": group.membership_rule,
                    "membershipRuleProcessingState": group.membership_rule_processing_state,
                    "assignedLicenses": group.assigned_licenses,
                    "licenseProcessingState": reported["licenseProcessingState"],
                })
            })
            .collect();

        let directory_objects = |field: &str| -> HashMap<String, Vec<Value>> {
            reported_groups
                .iter()
                .map(|group| {
                    let ids = group[field].as_array().expect("member ids");
                    let objects = ids
                        .iter()
                        .map(|id| {
                            let id = id.as_str().expect("an id");
                            let (upn, name, kind) = &names[id];
                            json!({
                                "@odata.type": kind,
                                "id": id,
                                "userPrincipalName": upn,
                                "displayName": name,
                            })
                        })
                        .collect();
                    (group["id"].as_str().unwrap().to_owned(), objects)
                })
                .collect()
        };
        let members = directory_objects("members");
        let members_with_license_errors = directory_objects("membersWithLicenseErrors");

        GraphTenant {
            tenant_id,
            organization,
            subscribed_skus,
            users,
            groups,
            members,
            members_with_license_errors,
        }
    }

    pub fn group(&self, id: &str) -> Option<&Value> {
        self.groups.iter().find(|g| g["id"] == id)
    }
}

fn plan(id: &str, name: Option<&str>) -> Value {
    json!({
        "servicePlanId": id,
        "servicePlanName": name,
        "provisioningStatus": "Success",
        "appliesTo": "User",
    })
}

/// Whether a group in Graph's shape has a membership rule.
pub fn is_dynamic(group: &Value) -> bool {
    group["groupTypes"]
        .as_array()
        .is_some_and(|t| t.iter().any(|t| t == "DynamicMembership"))
}

/// Whether a group in Graph's shape assigns licenses.
pub fn is_licensed(group: &Value) -> bool {
    group["assignedLicenses"]
        .as_array()
        .is_some_and(|l| !l.is_empty())
}

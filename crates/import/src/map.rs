//! Records to a scenario (`tenant-import.md` §2): products, users with their rows (direct
//! assignments only from rows without `assignedByGroup`), groups with their members, the
//! organization's location; and the report of what is missing or has no place.

use crate::collect::Records;
use crate::detect::Record;
use crate::report::{counted, SkipReason, SkippedMember};
use crate::{ImportError, Report};
use licenselab_engine::{
    AppliesTo, AssignedLicenseDef, CatalogExtension, GroupDef, LicenseAssignmentStateDef, Options,
    Organization, PrepaidUnits, RuleProcessingState, Scenario, ServicePlanDef, SkuDef,
    StartingState, UserDef, FORMAT_VERSION,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

const USER_SELECT: &str = "id,userPrincipalName,displayName,mail,proxyAddresses,usageLocation,accountEnabled,userType,department,jobTitle,companyName,country,city,state,employeeId,onPremisesExtensionAttributes,assignedLicenses,licenseAssignmentStates";
const GROUP_SELECT: &str = "id,displayName,securityEnabled,mailEnabled,groupTypes,membershipRule,membershipRuleProcessingState,assignedLicenses,licenseProcessingState";
const HOW_TO: &str = "(Graph), add them to the Select of the EntraExporter schema's entry, or list them in -Property (Graph PowerShell); see docs/import.md";

/// Besides the scenario's own user fields (`UserDef::known_field`), what is not user data: the
/// plans and groups are derived by the simulation, `licenseDetails` repeats the rows.
const DERIVED: &[&str] = &[
    "assignedPlans",
    "provisionedPlans",
    "memberOf",
    "licenseDetails",
];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphSku {
    sku_id: String,
    sku_part_number: Option<String>,
    applies_to: Option<String>,
    capability_status: Option<String>,
    consumed_units: Option<u32>,
    prepaid_units: Option<GraphPrepaid>,
    service_plans: Option<Vec<GraphPlan>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphPrepaid {
    enabled: Option<u32>,
    warning: Option<u32>,
    suspended: Option<u32>,
    locked_out: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphPlan {
    service_plan_id: String,
    service_plan_name: Option<String>,
    provisioning_status: Option<String>,
    applies_to: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphLicense {
    sku_id: String,
    disabled_plans: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphRow {
    sku_id: String,
    assigned_by_group: Option<String>,
    disabled_plans: Option<Vec<String>>,
    state: String,
    error: Option<String>,
    last_updated_date_time: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphGroup {
    id: String,
    display_name: Option<String>,
    description: Option<String>,
    security_enabled: Option<bool>,
    mail_enabled: Option<bool>,
    group_types: Option<Vec<String>>,
    membership_rule: Option<String>,
    membership_rule_processing_state: Option<String>,
    assigned_licenses: Option<Vec<GraphLicense>>,
    license_processing_state: Option<Value>,
}

fn typed<T: DeserializeOwned>(record: &Record, value: Value, what: &str) -> Result<T, ImportError> {
    serde_json::from_value(value).map_err(|e| {
        ImportError::new(
            &record.path,
            format!(
                "{}: {what} is not in Graph's shape ({e}); export it again",
                record.item()
            ),
        )
    })
}

fn field<T: DeserializeOwned>(record: &Record, key: &str) -> Result<Option<T>, ImportError> {
    match record.object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => typed(record, value.clone(), key).map(Some),
    }
}

/// The files, listed once each (at most five).
fn files<'a>(paths: impl IntoIterator<Item = &'a str>) -> String {
    let set: BTreeSet<&str> = paths.into_iter().collect();
    let mut listed: Vec<&str> = set.iter().copied().take(5).collect();
    let more = set.len().saturating_sub(listed.len());
    let more_text = format!("and {more} more files");
    if more > 0 {
        listed.push(&more_text);
    }
    listed.join(", ")
}

pub(crate) fn scenario(records: Records, report: &mut Report) -> Result<Scenario, ImportError> {
    let organization = organization(&records, report)?;
    let subscribed_skus = records
        .skus
        .values()
        .map(|r| sku(r, report))
        .collect::<Result<Vec<_>, _>>()?;
    let users = users(&records, report)?;
    let groups = groups(&records, report)?;
    missing_pages(&records, report);
    missing_products(&records, &subscribed_skus, &users, &groups, report);
    report.read.organizations = records.organizations.len();
    report.read.products = subscribed_skus.len();
    report.read.users = users.len();
    report.read.groups = groups.len();
    report.read.memberships = groups.iter().map(|g| g.members.len()).sum();
    Ok(Scenario {
        licenselab: FORMAT_VERSION,
        name: "Imported tenant".to_owned(),
        description: String::new(),
        options: Options::default(),
        starting_state: StartingState::Observed,
        organization,
        catalog: CatalogExtension::default(),
        subscribed_skus,
        users,
        groups,
        steps: Vec::new(),
    })
}

fn organization(records: &Records, report: &mut Report) -> Result<Organization, ImportError> {
    let mut organization = Organization::default();
    let Some(first) = records.organizations.values().next() else {
        report.missing.push("no organization in the export: its countryLetterCode (the location users without a usageLocation inherit) is taken as US; export GET /organization?$select=id,countryLetterCode".to_owned());
        return Ok(organization);
    };
    if records.organizations.len() > 1 {
        report.not_mapped.push(format!(
            "{} organizations: only the first ({}) is used",
            records.organizations.len(),
            first.place
        ));
    }
    match field::<String>(first, "countryLetterCode")? {
        Some(code) => organization.country_letter_code = code,
        None => report.missing.push(format!(
            "the organization ({}) has no countryLetterCode: it is taken as US; export GET /organization?$select=id,countryLetterCode",
            first.path
        )),
    }
    Ok(organization)
}

fn sku(record: &Record, report: &mut Report) -> Result<SkuDef, ImportError> {
    let s: GraphSku = typed(record, Value::Object(record.object.clone()), "the product")?;
    let name = s
        .sku_part_number
        .clone()
        .unwrap_or_else(|| s.sku_id.clone());
    if let Some(status) = s.capability_status.as_deref().filter(|s| *s != "Enabled") {
        report.not_mapped.push(format!(
            "product {name} has capabilityStatus {status}: the scenario has no subscription status; its prepaidUnits say what can be assigned"
        ));
    }
    let applies_to = match s.applies_to.as_deref() {
        None => None,
        Some("User") => Some(AppliesTo::User),
        Some("Company") => Some(AppliesTo::Company),
        Some(other) => {
            report.not_mapped.push(format!(
                "product {name} has appliesTo {other}, which is neither User nor Company; left out"
            ));
            None
        }
    };
    let prepaid = s
        .prepaid_units
        .map_or(PrepaidUnits::default(), |p| PrepaidUnits {
            enabled: p.enabled.unwrap_or(0),
            warning: p.warning.unwrap_or(0),
            suspended: p.suspended.unwrap_or(0),
            locked_out: p.locked_out.unwrap_or(0),
        });
    Ok(SkuDef {
        sku_id: s.sku_id,
        sku_part_number: s.sku_part_number,
        prepaid_units: prepaid,
        service_plans: s.service_plans.map(|plans| {
            plans
                .into_iter()
                .map(|p| ServicePlanDef {
                    service_plan_id: p.service_plan_id,
                    service_plan_name: p.service_plan_name,
                    provisioning_status: p.provisioning_status,
                    applies_to: p.applies_to,
                })
                .collect()
        }),
        applies_to,
        consumed_units: s.consumed_units,
    })
}

fn users(records: &Records, report: &mut Report) -> Result<Vec<UserDef>, ImportError> {
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
        // Direct assignments only from rows without assignedByGroup, never from assignedLicenses.
        let assigned_licenses = rows
            .iter()
            .flatten()
            .filter(|r| r.assigned_by_group.is_none())
            .map(|r| AssignedLicenseDef {
                sku_id: r.sku_id.clone(),
                disabled_plans: r.disabled_plans.clone(),
            })
            .collect();
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
                _ => canonical(value.clone()),
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
            assigned_licenses,
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

fn groups(records: &Records, report: &mut Report) -> Result<Vec<GroupDef>, ImportError> {
    let mut groups = Vec::with_capacity(records.groups.len());
    let mut without_licenses: Vec<&Record> = Vec::new();
    let mut members: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut listed: BTreeSet<&str> = BTreeSet::new();
    let mut dynamic_with_members: BTreeSet<&str> = BTreeSet::new();
    for ((group, member), record) in &records.members {
        listed.insert(group);
        let Some(owner) = records.groups.get(group) else {
            continue;
        };
        let kind = record
            .object
            .get("@odata.type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let reason = match kind {
            "#microsoft.graph.user" if records.users.contains_key(member) => None,
            "#microsoft.graph.group" if records.groups.contains_key(member) => None,
            "#microsoft.graph.user" | "#microsoft.graph.group" => Some(SkipReason::NotExported),
            "#microsoft.graph.device" => Some(SkipReason::Device),
            "#microsoft.graph.servicePrincipal" => Some(SkipReason::ServicePrincipal),
            "#microsoft.graph.orgContact" => Some(SkipReason::Contact),
            "" if records.users.contains_key(member) || records.groups.contains_key(member) => None,
            other => Some(SkipReason::OtherType(
                other.trim_start_matches('#').to_owned(),
            )),
        };
        match reason {
            Some(reason) => report.skipped_members.push(SkippedMember {
                group: group.clone(),
                member: member.clone(),
                reason,
                place: record.place.clone(),
            }),
            None if is_dynamic(owner) => {
                dynamic_with_members.insert(group);
            }
            None => members.entry(group).or_default().push(member.clone()),
        }
    }
    let unknown_groups: Vec<&Record> = records
        .members
        .iter()
        .filter(|((g, _), _)| !records.groups.contains_key(g))
        .map(|(_, r)| r)
        .collect();
    if !unknown_groups.is_empty() {
        let ids: BTreeSet<&str> = unknown_groups
            .iter()
            .filter_map(|r| r.group.as_deref())
            .collect();
        report.missing.push(format!(
            "members of groups that are in no groups export ({}; {}): left out; export GET /groups?$select={GROUP_SELECT}",
            ids.into_iter().collect::<Vec<_>>().join(", "),
            files(unknown_groups.iter().map(|r| r.path.as_str()))
        ));
    }
    let mut licensed_without_members = Vec::new();
    for record in records.groups.values() {
        let g: GraphGroup = typed(record, Value::Object(record.object.clone()), "the group")?;
        if g.assigned_licenses.is_none() {
            without_licenses.push(record);
        }
        let name = g.display_name.clone().unwrap_or_else(|| g.id.clone());
        if let Some(state) = g.license_processing_state.as_ref().and_then(|s| match s {
            Value::String(s) => Some(s.as_str()),
            Value::Object(o) => o.get("state").and_then(Value::as_str),
            _ => None,
        }) {
            if state != "ProcessingComplete" {
                report.not_mapped.push(format!(
                    "group {name} has licenseProcessingState {state}: Entra had not finished its licenses when exported; the scenario's pending work shows what processing would change"
                ));
            }
        }
        let rule_state = match g.membership_rule_processing_state.as_deref() {
            None => None,
            Some(s) if s.eq_ignore_ascii_case("On") => Some(RuleProcessingState::On),
            Some(s) if s.eq_ignore_ascii_case("Paused") => Some(RuleProcessingState::Paused),
            Some(other) => {
                report.not_mapped.push(format!(
                    "group {name} has membershipRuleProcessingState {other}, which is neither On nor Paused; left out"
                ));
                None
            }
        };
        let def = GroupDef {
            members: members.remove(g.id.as_str()).unwrap_or_default(),
            id: g.id,
            display_name: g.display_name,
            description: g.description,
            security_enabled: g.security_enabled.unwrap_or(true),
            mail_enabled: g.mail_enabled.unwrap_or(false),
            group_types: g.group_types.unwrap_or_default(),
            membership_rule: g.membership_rule,
            membership_rule_processing_state: rule_state,
            assigned_licenses: g
                .assigned_licenses
                .unwrap_or_default()
                .into_iter()
                .map(|l| AssignedLicenseDef {
                    sku_id: l.sku_id,
                    disabled_plans: l.disabled_plans.unwrap_or_default(),
                })
                .collect(),
        };
        if !def.is_dynamic()
            && !def.assigned_licenses.is_empty()
            && !listed.contains(def.id.as_str())
        {
            licensed_without_members.push(def.id.clone());
        }
        groups.push(def);
    }
    if !dynamic_with_members.is_empty() {
        report.not_mapped.push(format!(
            "the members listed for {} ({}): a dynamic group's membershipRule decides who is in it",
            counted(dynamic_with_members.len(), "dynamic group"),
            dynamic_with_members
                .into_iter()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    lacking(
        report,
        &without_licenses,
        "group",
        "without assignedLicenses",
        &format!("they license nobody in the scenario; export groups with $select={GROUP_SELECT} {HOW_TO}"),
    );
    if !licensed_without_members.is_empty() {
        report.missing.push(format!(
            "no members were exported for {} ({}): they start empty; if they are not, export GET /groups/<id>/members?$select=id for each",
            counted(licensed_without_members.len(), "licensed group"),
            licensed_without_members.join(", ")
        ));
    }
    Ok(groups)
}

/// "2 users exported without … (files): what follows and what to do."
fn lacking(report: &mut Report, records: &[&Record], noun: &str, without: &str, then: &str) {
    if !records.is_empty() {
        report.missing.push(format!(
            "{} exported {without} ({}): {then}",
            counted(records.len(), noun),
            files(records.iter().map(|r| r.path.as_str()))
        ));
    }
}

fn is_dynamic(record: &Record) -> bool {
    record
        .object
        .get("groupTypes")
        .and_then(Value::as_array)
        .is_some_and(|types| {
            types.iter().any(|t| {
                t.as_str()
                    .is_some_and(|t| t.eq_ignore_ascii_case("DynamicMembership"))
            })
        })
}

/// A list whose pages say more follow needs more pages than those that say so.
fn missing_pages(records: &Records, report: &mut Report) {
    for (set, pages) in &records.pages {
        let promised = pages.iter().filter(|p| p.has_next).count();
        if promised >= pages.len() {
            report.missing.push(format!(
                "{set}: {promised} of {} pages say more follow (@odata.nextLink) but no last page was given ({}): fetch every page, following @odata.nextLink until there is none",
                pages.len(),
                files(pages.iter().map(|p| p.path.as_str()))
            ));
        }
    }
}

/// Products and groups named by licenses but in no export.
fn missing_products(
    records: &Records,
    skus: &[SkuDef],
    users: &[UserDef],
    groups: &[GroupDef],
    report: &mut Report,
) {
    if skus.is_empty() {
        report.missing.push(
            "no products in the export: export GET /subscribedSkus (or Get-MgSubscribedSku, or EntraExporter's SKUs)".to_owned(),
        );
        return;
    }
    let known: BTreeSet<&str> = skus.iter().map(|s| s.sku_id.as_str()).collect();
    let rows = users
        .iter()
        .flat_map(|u| u.license_assignment_states.iter().flatten());
    let named: BTreeSet<&str> = rows
        .clone()
        .map(|r| r.sku_id.as_str())
        .chain(
            groups
                .iter()
                .flat_map(|g| g.assigned_licenses.iter().map(|l| l.sku_id.as_str())),
        )
        .filter(|id| !known.contains(id))
        .collect();
    if !named.is_empty() {
        report.missing.push(format!(
            "products that licenses name but no subscribedSkus export lists ({}): export GET /subscribedSkus",
            named.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    let from: BTreeSet<&str> = rows
        .filter_map(|r| r.assigned_by_group.as_deref())
        .filter(|g| !records.groups.contains_key(*g))
        .collect();
    if !from.is_empty() {
        report.missing.push(format!(
            "license rows come from groups that no groups export lists ({}): export GET /groups?$select={GROUP_SELECT}",
            from.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
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

//! Groups with their licensing fields and their members: users and nested groups kept, devices,
//! service principals, contacts and ids in no export skipped and reported.

use super::shapes::GraphGroup;
use super::{counted, files, lacking, typed, GROUP_SELECT, HOW_TO};
use crate::collect::{Member, Records};
use crate::detect::Record;
use crate::report::{SkipReason, SkippedMember};
use crate::{ImportError, Report};
use licenselab_engine::{AssignedLicenseDef, GroupDef, RuleProcessingState, DYNAMIC_MEMBERSHIP};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};

pub(super) fn groups(records: &Records, report: &mut Report) -> Result<Vec<GroupDef>, ImportError> {
    let mut groups = Vec::with_capacity(records.groups.len());
    // The file of each group without assignedLicenses.
    let mut without_licenses: Vec<&str> = Vec::new();
    // Only looked up by group, a million times in a big tenant: hashed.
    let mut members: HashMap<&str, Vec<String>> = HashMap::new();
    let mut listed: HashSet<&str> = HashSet::new();
    let mut dynamic_with_members: BTreeSet<&str> = BTreeSet::new();
    // Hashed: a big tenant has a million memberships to check.
    let users: HashSet<&str> = records.users.keys().map(String::as_str).collect();
    let known_groups: HashSet<&str> = records.groups.keys().map(String::as_str).collect();
    let dynamic: HashSet<&str> = records
        .groups
        .iter()
        .filter(|(_, record)| is_dynamic(record))
        .map(|(id, _)| id.as_str())
        .collect();
    for ((group, member), listing) in &records.members {
        listed.insert(group);
        if !known_groups.contains(group.as_str()) {
            continue;
        }
        let reason = match listing.odata_type.as_str() {
            "#microsoft.graph.user" if users.contains(member.as_str()) => None,
            "#microsoft.graph.group" if known_groups.contains(member.as_str()) => None,
            "#microsoft.graph.user" | "#microsoft.graph.group" => Some(SkipReason::NotExported),
            "#microsoft.graph.device" => Some(SkipReason::Device),
            "#microsoft.graph.servicePrincipal" => Some(SkipReason::ServicePrincipal),
            "#microsoft.graph.orgContact" => Some(SkipReason::Contact),
            "" if users.contains(member.as_str()) || known_groups.contains(member.as_str()) => None,
            other => Some(SkipReason::OtherType(
                other.trim_start_matches('#').to_owned(),
            )),
        };
        match reason {
            Some(reason) => report.skipped_members.push(SkippedMember {
                group: group.clone(),
                member: member.clone(),
                reason,
                place: listing.place.to_string(),
            }),
            None if dynamic.contains(group.as_str()) => {
                dynamic_with_members.insert(group);
            }
            None => members.entry(group).or_default().push(member.clone()),
        }
    }
    let unknown_groups: Vec<(&str, &Member)> = records
        .members
        .iter()
        .filter(|((g, _), _)| !known_groups.contains(g.as_str()))
        .map(|((g, _), m)| (g.as_str(), m))
        .collect();
    if !unknown_groups.is_empty() {
        let ids: BTreeSet<&str> = unknown_groups.iter().map(|(g, _)| *g).collect();
        report.missing.push(format!(
            "members of groups that are in no groups export ({}; {}): left out; export GET /groups?$select={GROUP_SELECT}",
            ids.into_iter().collect::<Vec<_>>().join(", "),
            files(unknown_groups.iter().map(|(_, m)| &*m.place.path))
        ));
    }
    let mut licensed_without_members = Vec::new();
    for record in records.groups.values() {
        let g: GraphGroup = typed(record, &record.object, "the group")?;
        if g.assigned_licenses.is_none() {
            without_licenses.push(&record.place.path);
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

fn is_dynamic(record: &Record) -> bool {
    record
        .object
        .get("groupTypes")
        .and_then(Value::as_array)
        .is_some_and(|types| {
            types.iter().any(|t| {
                t.as_str()
                    .is_some_and(|t| t.eq_ignore_ascii_case(DYNAMIC_MEMBERSHIP))
            })
        })
}

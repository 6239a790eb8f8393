//! Groups with their licensing fields and their members: users and nested groups kept, devices,
//! service principals, contacts and ids in no export skipped and reported.

use super::{counted, files, lacking, GROUP_SELECT, HOW_TO};
use crate::collect::{Listed, Listing, MemberType, Members};
use crate::report::{SkipReason, SkippedMember};
use crate::shapes::GraphGroup;
use crate::Report;
use licenselab_engine::{
    AssignedLicenseDef, GroupDef, RuleProcessingState, UserDef, DYNAMIC_MEMBERSHIP,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// The groups in id order with their members (`listings` in group and member order, each pair
/// once), their objects moved into the scenario's.
pub(super) fn groups(
    groups: BTreeMap<String, Listed<Box<GraphGroup>>>,
    mut listings: Members,
    users: &[UserDef],
    report: &mut Report,
) -> Vec<GroupDef> {
    let mut defs = Vec::with_capacity(groups.len());
    // The file of each group without assignedLicenses.
    let mut without_licenses: Vec<Arc<str>> = Vec::new();
    // Only looked up by group: hashed.
    let mut members: HashMap<&str, Vec<String>> = HashMap::new();
    let mut listed: HashSet<&str> = HashSet::new();
    let mut dynamic_with_members: BTreeSet<&str> = BTreeSet::new();
    let mut unknown_groups: Vec<Listing> = Vec::new();
    // Hashed: a big tenant has a million memberships to check.
    let users: HashSet<&str> = users.iter().map(|u| u.id.as_str()).collect();
    let known_groups: HashSet<&str> = groups.keys().map(String::as_str).collect();
    let dynamic: HashSet<&str> = groups
        .iter()
        .filter(|(_, listed)| is_dynamic(&listed.object))
        .map(|(id, _)| id.as_str())
        .collect();
    // Whether each id is an exported user and an exported group, looked up once per id rather
    // than once per listing (a member is listed in about ten groups).
    let exported: Vec<(bool, bool)> = listings
        .names()
        .map(|id| (users.contains(id), known_groups.contains(id)))
        .collect();
    let all = std::mem::take(&mut listings.listings);
    let listings = &listings;
    // In group order: what is known of a group is looked up once for all its members.
    for run in all.chunk_by(|a, b| a.group == b.group) {
        let group = listings.name(run[0].group);
        if !known_groups.contains(group) {
            unknown_groups.extend_from_slice(run);
            continue;
        }
        let is_dynamic = dynamic.contains(group);
        // Room for every listing at once: grown by doubling, a big tenant's lists left as many
        // bytes of freed buffers behind as they hold, scattered where the scenario then loads.
        let mut kept = Vec::with_capacity(run.len());
        for listing in run {
            let id = listings.name(listing.member);
            let (is_user, is_group) = exported[listing.member as usize];
            let reason = match listing.object_type {
                MemberType::User if is_user => None,
                MemberType::Group if is_group => None,
                MemberType::User | MemberType::Group => Some(SkipReason::NotExported),
                MemberType::Device => Some(SkipReason::Device),
                MemberType::ServicePrincipal => Some(SkipReason::ServicePrincipal),
                MemberType::Contact => Some(SkipReason::Contact),
                MemberType::Other(t) if listings.name(t).is_empty() && (is_user || is_group) => {
                    None
                }
                MemberType::Other(other) => Some(SkipReason::OtherType(
                    listings.name(other).trim_start_matches('#').to_owned(),
                )),
            };
            match reason {
                Some(reason) => report.skipped_members.push(SkippedMember {
                    group: group.to_string(),
                    member: id.to_owned(),
                    reason,
                    place: listings.place(listing).to_string(),
                }),
                None if is_dynamic => {
                    dynamic_with_members.insert(group);
                }
                None => kept.push(id.to_owned()),
            }
        }
        if !kept.is_empty() {
            kept.shrink_to_fit();
            members.insert(group, kept);
        }
        listed.insert(group);
    }
    if !unknown_groups.is_empty() {
        let ids: BTreeSet<&str> = unknown_groups
            .iter()
            .map(|m| listings.name(m.group))
            .collect();
        report.missing.push(format!(
            "members of groups that are in no groups export ({}; {}): left out; export GET /groups?$select={GROUP_SELECT}",
            ids.into_iter().collect::<Vec<_>>().join(", "),
            files(unknown_groups.iter().map(|m| listings.path(m)))
        ));
    }
    drop(all);
    let mut licensed_without_members = Vec::new();
    for (id, Listed { object: g, place }) in groups {
        if g.assigned_licenses.is_none() {
            without_licenses.push(place.path);
        }
        let name = g.display_name.clone().unwrap_or_else(|| id.clone());
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
            members: members.remove(id.as_str()).unwrap_or_default(),
            id,
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
        defs.push(def);
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
    defs
}

fn is_dynamic(group: &GraphGroup) -> bool {
    group
        .group_types
        .iter()
        .flatten()
        .any(|t| t.eq_ignore_ascii_case(DYNAMIC_MEMBERSHIP))
}

//! How big a scenario may be. Each limit is far above real tenants (Entra's largest supported
//! groups are about 100,000 members) and exists so that no input can exhaust memory or time
//! before the engine says what is wrong. A few are Entra's own limits, which a real tenant
//! cannot exceed either.

use super::locate::FieldPath;
use crate::reconcile::Op;
use crate::tenant::Tenant;
use licenselab_rules::Rule;

/// Scenario text, in bytes (a 100,000-user tenant is about 35 MB), when it is held whole (the
/// app, the JavaScript API, standard input): the text and its parsed document are then in memory
/// at once.
pub const MAX_SCENARIO_BYTES: usize = 512 * 1024 * 1024;
/// A scenario read from a reader (the native command's files), which never holds the text: what
/// it holds is the parsed document, then the tenant (a 1,000,000-user tenant is about 1.3 GB).
pub const MAX_SCENARIO_READ_BYTES: u64 = 2 * 1024 * 1024 * 1024;
pub const MAX_USERS: usize = 1_000_000;
pub const MAX_GROUPS: usize = 200_000;
pub const MAX_PRODUCTS: usize = 5_000;
pub const MAX_STEPS: usize = 1_000_000;
/// Members listed in one group.
pub const MAX_MEMBERS_PER_GROUP: usize = 1_000_000;
/// Characters in an id (Graph ids are 36-character GUIDs; names used as ids stay short).
pub const MAX_ID_CHARS: usize = 256;
/// How deeply JSON may nest (serde_json's own limit; a scenario needs about 8).
pub const MAX_JSON_DEPTH: usize = 128;
/// Groups with a `memberOf` rule in one tenant (Entra's limit, groups-dynamic-rule-member-of.md).
/// Entra's other `memberOf` limit, 50 groups named in one rule, is checked where rules are parsed
/// (`licenselab_rules::MAX_MEMBER_OF_GROUPS`).
pub const MAX_MEMBER_OF_RULE_GROUPS: usize = 500;

/// Where the groups with a `memberOf` rule first outnumber `MAX_MEMBER_OF_RULE_GROUPS`, as the
/// field path of the rule that is one too many and what to do, counting the live groups of
/// `tenant` and then each step as if it applies (a created or updated rule adds one, a removed
/// rule or a deleted group frees one). `step_path(i)` is the field path of step `i`.
pub(crate) fn member_of_rules_over_limit<'a>(
    tenant: &Tenant,
    steps: impl IntoIterator<Item = &'a Op>,
    step_path: impl Fn(usize) -> FieldPath,
) -> Option<(FieldPath, String)> {
    let reads_member_of =
        |rule: Option<&Rule>| rule.is_some_and(|r| !r.member_of_groups().is_empty());
    let mut has = vec![false; tenant.groups.len()];
    let mut count = 0;
    for (i, group) in tenant.groups.iter().enumerate() {
        if group.alive && reads_member_of(group.rule.as_ref()) {
            has[i] = true;
            count += 1;
            if count > MAX_MEMBER_OF_RULE_GROUPS {
                return Some((
                    FieldPath::root()
                        .key("groups")
                        .index(i)
                        .key("membershipRule"),
                    too_many_member_of_rules(),
                ));
            }
        }
    }
    for (i, op) in steps.into_iter().enumerate() {
        let (g, now, path) = match op {
            Op::CreateGroup { group, .. } => (
                *group,
                reads_member_of(tenant.group(*group).rule.as_ref()),
                step_path(i).key("group").key("membershipRule"),
            ),
            Op::UpdateGroup { group, update } => match &update.membership_rule {
                Some(rule) => (
                    *group,
                    reads_member_of(rule.as_ref().map(|(_, r)| r)),
                    step_path(i).key("set").key("membershipRule"),
                ),
                None => continue,
            },
            Op::DeleteGroup { group } => (*group, false, step_path(i)),
            _ => continue,
        };
        match (has[g.index()], now) {
            (false, true) => count += 1,
            (true, false) => count -= 1,
            _ => {}
        }
        has[g.index()] = now;
        if count > MAX_MEMBER_OF_RULE_GROUPS {
            return Some((path, too_many_member_of_rules()));
        }
    }
    None
}

fn too_many_member_of_rules() -> String {
    format!(
        "this would be group {} with a memberOf rule, and Entra allows at most {MAX_MEMBER_OF_RULE_GROUPS} in a tenant; base this group's rule on user properties instead, or delete a memberOf group (or change its rule) first",
        MAX_MEMBER_OF_RULE_GROUPS + 1
    )
}

#[cfg(test)]
mod tests {
    //! 501 groups make too big a file for `tests/invalid/`, so these scenarios are made here.
    use super::MAX_MEMBER_OF_RULE_GROUPS;
    use crate::scenario::document::Action;
    use crate::Simulation;

    /// A static group `base` and `groups` dynamic groups whose rule is memberOf `base`, then
    /// `steps` (JSON).
    fn scenario(groups: usize, steps: &str) -> String {
        let mut text = String::from(
            r#"{"licenselab": 1, "users": [{"id": "u1"}], "groups": [{"id": "base", "members": ["u1"]}"#,
        );
        for g in 0..groups {
            text.push_str(&format!(
                r#", {{"id": "m{g}", "groupTypes": ["DynamicMembership"], "membershipRule": "user.memberOf -any (group.objectId -in ['base'])"}}"#
            ));
        }
        text.push_str(&format!(r#"], "steps": [{steps}]}}"#));
        text
    }

    const CREATE: &str = r#"{"op": "createGroup", "group": {"id": "new", "groupTypes": ["DynamicMembership"], "membershipRule": "user.memberOf -any (group.objectId -in ['base'])"}}"#;

    #[test]
    fn the_starting_group_past_the_limit_is_named() {
        let error =
            Simulation::from_json(&scenario(MAX_MEMBER_OF_RULE_GROUPS + 1, "")).unwrap_err();
        assert_eq!(error.path, "groups[501].membershipRule");
        assert!(error.message.contains("at most 500 in a tenant"), "{error}");
        assert!(Simulation::from_json(&scenario(MAX_MEMBER_OF_RULE_GROUPS, "")).is_ok());
    }

    #[test]
    fn a_step_past_the_limit_is_named_and_a_deleted_group_frees_a_place() {
        let error =
            Simulation::from_json(&scenario(MAX_MEMBER_OF_RULE_GROUPS, CREATE)).unwrap_err();
        assert_eq!(error.path, "steps[0].group.membershipRule");
        let freed = format!(r#"{{"op": "deleteGroup", "group": "m0"}}, {CREATE}"#);
        assert!(Simulation::from_json(&scenario(MAX_MEMBER_OF_RULE_GROUPS, &freed)).is_ok());
    }

    #[test]
    fn a_pushed_rule_past_the_limit_is_refused() {
        let mut simulation = Simulation::from_json(&scenario(
            MAX_MEMBER_OF_RULE_GROUPS,
            r#"{"op": "createGroup", "group": {"id": "new", "groupTypes": ["DynamicMembership"], "membershipRule": "user.objectId -eq \"u1\""}}"#,
        ))
        .unwrap();
        let update: Action = serde_json::from_str(
            r#"{"op": "updateGroup", "group": "new", "set": {"membershipRule": "user.memberOf -any (group.objectId -in ['base'])"}}"#,
        )
        .unwrap();
        let error = simulation.push(&update).unwrap_err();
        assert_eq!(error.path, "set.membershipRule");
    }
}

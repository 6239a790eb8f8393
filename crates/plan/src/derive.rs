//! The changes a target implies: today's scenario and the target compared object by object (by
//! id), each difference as an engine step with the phase it belongs to. Differences the planner
//! does not make (users, properties, products given up, options) are collected as refusals.

use crate::judge::direct_licenses;
use crate::PlanError;
use licenselab_engine::{Action, AssignedLicenseDef, GroupDef, Scenario, SkuDef, Step, UserDef};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap, HashSet};

/// When a change runs in a safe order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Phase {
    /// Seats bought and products added: before anything needs them.
    Buy,
    /// Something gained (a membership, a license, plans enabled): before anything is taken.
    Add,
    /// One step that gains and takes at once (an in-place product change, a rule change).
    Swap,
    /// Something taken (a membership left, a license removed, plans disabled).
    Remove,
    /// Temporary assignments undone (`bridge.rs`): after every path they bridged has changed.
    Undo,
    /// Seats given back: after nothing holds them.
    Sell,
}

/// One change: a step and when it runs. A `Swap` keeps its two halves, for the order that makes
/// them separate steps (the add first, the removal later).
#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub phase: Phase,
    pub step: Step,
    pub halves: Option<(Step, Step)>,
}

/// The changes from `today` to `target`, in file order (products, groups, users).
pub(crate) fn changes(today: &Scenario, target: &Scenario) -> Result<Vec<Change>, PlanError> {
    let mut refusals = Vec::new();
    if today.options != target.options
        || today.organization != target.organization
        || today.catalog != target.catalog
    {
        refusals.push(
            "the options, organization or catalog differ: change them in the tenant first"
                .to_owned(),
        );
    }
    let mut out = Vec::new();
    products(today, target, &mut out, &mut refusals);
    groups(today, target, &mut out, &mut refusals);
    users(today, target, &mut out, &mut refusals);
    if refusals.is_empty() {
        Ok(out)
    } else {
        Err(PlanError::Unsupported(refusals))
    }
}

/// A change made by one step that cannot be cut in two.
fn single(phase: Phase, action: Action, note: String) -> Change {
    Change {
        phase,
        step: step(action, note),
        halves: None,
    }
}

fn step(action: Action, note: String) -> Step {
    Step {
        action,
        note: Some(note),
    }
}

fn assignable(units: &licenselab_engine::PrepaidUnits, warning: bool) -> u64 {
    u64::from(units.enabled) + if warning { u64::from(units.warning) } else { 0 }
}

fn products(
    today: &Scenario,
    target: &Scenario,
    out: &mut Vec<Change>,
    refusals: &mut Vec<String>,
) {
    let warning = target.options.warning_units_assignable;
    for sku in &target.subscribed_skus {
        match today
            .subscribed_skus
            .iter()
            .find(|s| s.sku_id == sku.sku_id)
        {
            Some(now) if now.prepaid_units == sku.prepaid_units => {}
            Some(now) => {
                let more = assignable(&sku.prepaid_units, warning)
                    >= assignable(&now.prepaid_units, warning);
                out.push(Change {
                    phase: if more { Phase::Buy } else { Phase::Sell },
                    step: step(
                        Action::SetPrepaidUnits {
                            sku: sku.sku_id.clone(),
                            prepaid_units: sku.prepaid_units,
                        },
                        format!(
                            "{} {}: {} enabled seats",
                            if more {
                                "buy seats of"
                            } else {
                                "give back seats of"
                            },
                            sku_name(sku),
                            sku.prepaid_units.enabled
                        ),
                    ),
                    halves: None,
                });
            }
            None => out.push(Change {
                phase: Phase::Buy,
                step: step(
                    Action::AddSubscribedSku {
                        sku: SkuDef {
                            consumed_units: None,
                            ..sku.clone()
                        },
                    },
                    format!("subscribe to {}", sku_name(sku)),
                ),
                halves: None,
            }),
        }
    }
    for sku in &today.subscribed_skus {
        if !target
            .subscribed_skus
            .iter()
            .any(|s| s.sku_id == sku.sku_id)
        {
            refusals.push(format!(
                "product {} is not in the target: a subscription is not given up by a step; keep it (with the seats you want) in the target",
                sku_name(sku)
            ));
        }
    }
}

pub(crate) fn sku_name(sku: &SkuDef) -> String {
    match &sku.sku_part_number {
        Some(part) if *part != sku.sku_id => format!("{part} ({})", sku.sku_id),
        _ => sku.sku_id.clone(),
    }
}

/// Whose licenses: a group's or a user's direct assignment.
#[derive(Clone, Copy)]
enum Holder<'a> {
    Group(&'a str),
    User(&'a str),
}

impl Holder<'_> {
    fn assign(self, add: Vec<AssignedLicenseDef>, remove: Vec<String>) -> Action {
        let (user, group) = match self {
            Holder::Group(g) => (None, Some(g.to_owned())),
            Holder::User(u) => (Some(u.to_owned()), None),
        };
        Action::AssignLicense {
            user,
            group,
            add_licenses: add,
            remove_licenses: remove,
        }
    }

    fn describe(self) -> String {
        match self {
            Holder::Group(g) => format!("group {g}"),
            Holder::User(u) => format!("{u}'s direct assignment"),
        }
    }
}

fn disabled_set(l: &AssignedLicenseDef) -> BTreeSet<&str> {
    l.disabled_plans.iter().map(String::as_str).collect()
}

/// The license changes of one holder: adds and plan changes that only enable in `Add`, removals
/// and plan changes that disable in `Remove`, both at once as one `Swap` step (with its halves).
fn licenses(
    holder: Holder,
    now: &[AssignedLicenseDef],
    then: &[AssignedLicenseDef],
    out: &mut Vec<Change>,
) {
    let mut gains = Vec::new();
    let mut losses: Vec<AssignedLicenseDef> = Vec::new();
    let mut removed = Vec::new();
    for license in then {
        match now.iter().find(|l| l.sku_id == license.sku_id) {
            None => gains.push(license.clone()),
            Some(old) if disabled_set(old) == disabled_set(license) => {}
            Some(old) if disabled_set(license).is_subset(&disabled_set(old)) => {
                gains.push(license.clone())
            }
            Some(_) => losses.push(license.clone()),
        }
    }
    for license in now {
        if !then.iter().any(|l| l.sku_id == license.sku_id) {
            removed.push(license.sku_id.clone());
        }
    }
    let words = |add: &[AssignedLicenseDef], remove: &[String]| {
        let mut parts = Vec::new();
        if !add.is_empty() {
            let ids: Vec<&str> = add.iter().map(|l| l.sku_id.as_str()).collect();
            parts.push(format!("assign {}", ids.join(", ")));
        }
        if !remove.is_empty() {
            parts.push(format!("remove {}", remove.join(", ")));
        }
        format!("{}: {}", holder.describe(), parts.join(" and "))
    };
    let gain_step = |add: Vec<AssignedLicenseDef>| {
        let note = words(&add, &[]);
        step(holder.assign(add, Vec::new()), note)
    };
    let loss_step = |add: Vec<AssignedLicenseDef>, remove: Vec<String>| {
        let note = words(&add, &remove);
        step(holder.assign(add, remove), note)
    };
    let takes = !losses.is_empty() || !removed.is_empty();
    match (gains.is_empty(), takes) {
        (true, false) => {}
        (false, false) => out.push(Change {
            phase: Phase::Add,
            step: gain_step(gains),
            halves: None,
        }),
        (true, true) => out.push(Change {
            phase: Phase::Remove,
            step: loss_step(losses, removed),
            halves: None,
        }),
        (false, true) => {
            let mut all = gains.clone();
            all.extend(losses.iter().cloned());
            out.push(Change {
                phase: Phase::Swap,
                step: loss_step(all, removed.clone()),
                halves: Some((gain_step(gains), loss_step(losses, removed))),
            });
        }
    }
}

/// A group without what the planner changes (licenses, members, rule): the rest must not differ.
fn other_fields(group: &GroupDef) -> GroupDef {
    GroupDef {
        members: Vec::new(),
        membership_rule: None,
        membership_rule_processing_state: None,
        assigned_licenses: Vec::new(),
        ..group.clone()
    }
}

fn groups(today: &Scenario, target: &Scenario, out: &mut Vec<Change>, refusals: &mut Vec<String>) {
    let by_id: HashMap<&str, &GroupDef> = today.groups.iter().map(|g| (g.id.as_str(), g)).collect();
    let kept: HashSet<&str> = target.groups.iter().map(|g| g.id.as_str()).collect();
    for group in &target.groups {
        let Some(now) = by_id.get(group.id.as_str()) else {
            out.push(Change {
                phase: Phase::Add,
                step: step(
                    Action::CreateGroup {
                        group: group.clone(),
                    },
                    format!("create group {} with its members and licenses", group.id),
                ),
                halves: None,
            });
            continue;
        };
        if other_fields(now) != other_fields(group) {
            refusals.push(format!(
                "group {}: its name, description or type differ; the planner changes licenses, members and rules only",
                group.id
            ));
            continue;
        }
        if now.membership_rule != group.membership_rule
            || now.membership_rule_processing_state != group.membership_rule_processing_state
        {
            let mut set = Map::new();
            set.insert(
                "membershipRule".to_owned(),
                group
                    .membership_rule
                    .clone()
                    .map_or(Value::Null, Value::String),
            );
            if now.membership_rule_processing_state != group.membership_rule_processing_state {
                set.insert(
                    "membershipRuleProcessingState".to_owned(),
                    serde_json::to_value(group.membership_rule_processing_state)
                        .expect("a processing state serializes"),
                );
            }
            out.push(Change {
                phase: Phase::Swap,
                step: step(
                    Action::UpdateGroup {
                        group: group.id.clone(),
                        set,
                    },
                    format!("group {}: change its membership rule", group.id),
                ),
                halves: None,
            });
        }
        licenses(
            Holder::Group(&group.id),
            &now.assigned_licenses,
            &group.assigned_licenses,
            out,
        );
        let before: HashSet<&str> = now.members.iter().map(String::as_str).collect();
        let after: HashSet<&str> = group.members.iter().map(String::as_str).collect();
        let joining = group
            .members
            .iter()
            .filter(|m| !before.contains(m.as_str()));
        let leaving = now.members.iter().filter(|m| !after.contains(m.as_str()));
        for (member, joins) in joining
            .map(|m| (m, true))
            .chain(leaving.map(|m| (m, false)))
        {
            let (group, member) = (group.id.clone(), member.clone());
            out.push(if joins {
                let note = format!("add {member} to group {group}");
                single(Phase::Add, Action::AddMember { group, member }, note)
            } else {
                let note = format!("remove {member} from group {group}");
                single(Phase::Remove, Action::RemoveMember { group, member }, note)
            });
        }
    }
    for group in &today.groups {
        if !kept.contains(group.id.as_str()) {
            out.push(Change {
                phase: Phase::Remove,
                step: step(
                    Action::DeleteGroup {
                        group: group.id.clone(),
                    },
                    format!("delete group {}", group.id),
                ),
                halves: None,
            });
        }
    }
}

fn users(today: &Scenario, target: &Scenario, out: &mut Vec<Change>, refusals: &mut Vec<String>) {
    let by_id: HashMap<&str, &UserDef> = today.users.iter().map(|u| (u.id.as_str(), u)).collect();
    let kept: HashSet<&str> = target.users.iter().map(|u| u.id.as_str()).collect();
    for user in &target.users {
        let Some(now) = by_id.get(user.id.as_str()) else {
            refusals.push(format!(
                "user {} is only in the target: create users in the tenant first",
                user.id
            ));
            continue;
        };
        let properties = |u: &UserDef| UserDef {
            assigned_licenses: Vec::new(),
            license_assignment_states: None,
            ..u.clone()
        };
        if properties(now) != properties(user) {
            refusals.push(format!(
                "user {}: properties differ; the planner changes licenses and memberships only",
                user.id
            ));
            continue;
        }
        licenses(
            Holder::User(&user.id),
            &direct_licenses(today.starting_state, now),
            &direct_licenses(target.starting_state, user),
            out,
        );
    }
    for user in &today.users {
        if !kept.contains(user.id.as_str()) {
            refusals.push(format!(
                "user {} is not in the target: delete users after the plan",
                user.id
            ));
        }
    }
}

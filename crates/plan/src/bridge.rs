//! Temporary steps: assignments in neither the tenant nor the target that bridge a change no
//! order of the target's own changes makes without a gap, a refusal or an error left behind.
//!
//! A user who loses a product's group path (leaving the group, the group's license removed or
//! cut down) is given the same product directly for the time of the move, and that direct
//! assignment is removed once every path has changed: in the user's own direct change from the
//! target when there is one (one request that adds the target's product and removes the bridge:
//! Entra refuses the new product while the bridge's conflicting plan is held), else on its own.
//! The bridge keeps either the plans the group gives today (the service goes on through it) or
//! only those the target also gives the user (so it conflicts with nothing the target brings,
//! and still provides a prerequisite that a dependent add-on needs: B14b).
//!
//! Which bridge helps is not predicted: the search runs the orders with them on the engine and
//! keeps them only when they do better.

use crate::derive::{sku_name, Change, Phase};
use crate::judge::{Judge, RowKey};
use licenselab_engine::{Action, AssignedLicenseDef, Step};
use std::collections::BTreeMap;

/// Which plans a temporary assignment keeps enabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    /// The plans the group path gives today.
    AsToday,
    /// Of those, only the plans the user also has in the target.
    TargetPlans,
}

impl Keep {
    pub(crate) fn words(self) -> &'static str {
        match self {
            Keep::AsToday => "temporary direct assignments as today",
            Keep::TargetPlans => "temporary direct assignments with the target's plans only",
        }
    }
}

/// One temporary assignment: the step that makes it, the step that undoes it, and why.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bridge {
    pub add: Step,
    pub undo: Step,
    pub why: String,
}

/// A user in trouble in every order tried, with what goes wrong (for the summary's "why").
pub(crate) struct Trouble {
    pub user: String,
    pub what: String,
}

/// The temporary assignments for the users in trouble, and the changes with them in place: each
/// bridge added with the additions (before the user's first change), its removal after every
/// removal, merged into the user's own direct change from the target where there is one.
pub(crate) fn bridged(
    judge: &Judge,
    changes: &[Change],
    troubles: &[Trouble],
    keep: Keep,
) -> (Vec<Change>, Vec<Bridge>) {
    let mut out: Vec<Change> = changes.to_vec();
    let mut bridges = Vec::new();
    for trouble in troubles {
        let user = trouble.user.as_str();
        let adds = temporary_licenses(judge, user, keep);
        if adds.is_empty() {
            continue;
        }
        let undo = place_undo(judge, &mut out, user, &adds);
        // Before the user's first change, in the order the products come.
        let first = out
            .iter()
            .position(|c| about(&c.step, user))
            .unwrap_or(out.len());
        for (license, group) in adds.into_iter().rev() {
            let bridge = temporary_assignment(judge, trouble, license, &group, keep, &undo);
            out.insert(
                first,
                Change {
                    phase: Phase::Add,
                    step: bridge.add.clone(),
                    halves: None,
                },
            );
            bridges.push(bridge);
        }
    }
    (out, bridges)
}

/// Puts the step that removes `user`'s temporary products (`adds`) among the changes, after
/// every removal: in place of the user's own direct change from the target when there is one,
/// else last. Returns that step.
fn place_undo(
    judge: &Judge,
    out: &mut Vec<Change>,
    user: &str,
    adds: &[(AssignedLicenseDef, String)],
) -> Step {
    let products: Vec<String> = adds.iter().map(|(l, _)| l.sku_id.clone()).collect();
    let words = products
        .iter()
        .map(|p| product_name(judge, p))
        .collect::<Vec<_>>()
        .join(", ");
    let own = out.iter().position(|c| direct_user(&c.step) == Some(user));
    let undo = undo_step(user, own.map(|i| &out[i].step), &products, &words);
    let undo_change = Change {
        phase: Phase::Undo,
        step: undo.clone(),
        halves: None,
    };
    match own {
        Some(i) => out[i] = undo_change,
        None => out.push(undo_change),
    }
    undo
}

/// The step that removes `products` (named `words`) from `user`'s direct assignment: the user's
/// own direct change (`own`) with them removed too, one request (Entra refuses the target's
/// product while a conflicting temporary one is held), or a removal on its own.
fn undo_step(user: &str, own: Option<&Step>, products: &[String], words: &str) -> Step {
    match own {
        Some(Step {
            action:
                Action::AssignLicense {
                    add_licenses,
                    remove_licenses,
                    ..
                },
            note,
        }) => {
            let mut remove = remove_licenses.clone();
            remove.extend(products.iter().cloned());
            Step {
                action: assign(user, add_licenses.clone(), remove),
                note: Some(format!(
                    "{} and remove the temporary {words}",
                    note.clone().unwrap_or_default()
                )),
            }
        }
        _ => Step {
            action: assign(user, Vec::new(), products.to_vec()),
            note: Some(format!(
                "{user}'s direct assignment: remove the temporary {words}"
            )),
        },
    }
}

/// The temporary step that gives the user in `trouble` `license` directly while the path from
/// `group` changes, with why (the trouble it bridges) and the step that undoes it.
fn temporary_assignment(
    judge: &Judge,
    trouble: &Trouble,
    license: AssignedLicenseDef,
    group: &str,
    keep: Keep,
    undo: &Step,
) -> Bridge {
    let user = trouble.user.as_str();
    let product = product_name(judge, &license.sku_id);
    let note = format!(
        "{user}'s direct assignment: assign {product} for now (temporary{})",
        match keep {
            Keep::AsToday => "",
            Keep::TargetPlans => ", only the plans the target keeps",
        }
    );
    Bridge {
        add: Step {
            action: assign(user, vec![license], Vec::new()),
            note: Some(note),
        },
        undo: undo.clone(),
        why: format!(
            "{user} holds {product} directly while the path from group {} changes; without it, {}",
            group_name(judge, group),
            trouble.what
        ),
    }
}

/// A product of today's tenant as the notes name it (part number and id), or its id.
fn product_name(judge: &Judge, id: &str) -> String {
    judge
        .today()
        .subscribed_skus
        .iter()
        .find(|s| s.sku_id == id)
        .map_or(id.to_owned(), sku_name)
}

/// A group of today's tenant by its display name, or its id.
fn group_name(judge: &Judge, id: &str) -> String {
    judge
        .today()
        .groups
        .iter()
        .find(|g| g.id == id)
        .and_then(|g| g.display_name.clone())
        .unwrap_or_else(|| id.to_owned())
}

/// The products `user` holds today through a group path that the target takes away or cuts
/// down, and holds directly neither today nor in the target: each as a direct assignment
/// keeping the plans `keep` says (none when that leaves no plan).
fn temporary_licenses(judge: &Judge, user: &str, keep: Keep) -> Vec<(AssignedLicenseDef, String)> {
    let (today, target) = judge.rows_today_and_target(user);
    let in_target: Vec<&str> = target
        .iter()
        .filter(|r| r.3 == "None")
        .flat_map(|r| r.4.iter().map(String::as_str))
        .collect();
    let mut out: BTreeMap<String, (AssignedLicenseDef, String)> = BTreeMap::new();
    for (sku, group, _, error, enabled) in &today {
        let direct = |rows: &[RowKey]| rows.iter().any(|r| r.0 == *sku && r.1.is_none());
        let Some(group) = group.as_ref() else {
            continue;
        };
        if *error != "None" || direct(&today) || direct(&target) {
            continue;
        }
        let path_stays = target.iter().any(|r| {
            r.0 == *sku && r.1.as_ref() == Some(group) && enabled.iter().all(|p| r.4.contains(p))
        });
        if path_stays || out.contains_key(sku) {
            continue;
        }
        let kept: Vec<&String> = enabled
            .iter()
            .filter(|p| keep == Keep::AsToday || in_target.contains(&p.as_str()))
            .collect();
        if kept.is_empty() {
            continue;
        }
        let disabled_plans = judge
            .plan_ids(sku)
            .into_iter()
            .filter(|p| !kept.contains(&p))
            .collect();
        out.insert(
            sku.clone(),
            (
                AssignedLicenseDef {
                    sku_id: sku.clone(),
                    disabled_plans,
                },
                group.clone(),
            ),
        );
    }
    out.into_values().collect()
}

fn assign(user: &str, add: Vec<AssignedLicenseDef>, remove: Vec<String>) -> Action {
    Action::AssignLicense {
        user: Some(user.to_owned()),
        group: None,
        add_licenses: add,
        remove_licenses: remove,
    }
}

/// The user whose direct assignment a step changes.
fn direct_user(step: &Step) -> Option<&str> {
    match &step.action {
        Action::AssignLicense { user: Some(u), .. } => Some(u),
        _ => None,
    }
}

/// Whether a step is about `user` alone (a membership or a direct assignment).
fn about(step: &Step, user: &str) -> bool {
    match &step.action {
        Action::AddMember { member, .. } | Action::RemoveMember { member, .. } => member == user,
        _ => direct_user(step) == Some(user),
    }
}

//! Users: their rows as Graph reported them, direct assignments only from rows without
//! `assignedByGroup` (never from `assignedLicenses`), and every other property as it is; made
//! the scenario's users as they were read (`shapes/user.rs`).

use super::{lacking, HOW_TO, USER_SELECT};
use crate::collect::Users;
use crate::Report;
use licenselab_engine::UserDef;

/// The users in id order (the list read, sorted in place), and what the report says of them.
pub(super) fn users(users: Users, report: &mut Report) -> Vec<UserDef> {
    let Users {
        users: mut defs,
        notes,
        ..
    } = users;
    // The file of each user without rows: with assignedLicenses, or with nothing (the report
    // lists a set of files, so the order read does as well as the users' order).
    let mut with_combined: Vec<&str> = Vec::new();
    let mut with_nothing: Vec<&str> = Vec::new();
    let mut derived = false;
    for (def, note) in defs.iter().zip(&notes) {
        if def.license_assignment_states.is_none() {
            if note.has_assigned_licenses {
                with_combined.push(&note.place.path);
            } else {
                with_nothing.push(&note.place.path);
            }
        }
        derived |= note.has_plans;
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
    // Each id is listed once.
    defs.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    if derived {
        report.not_mapped.push(
            "users' assignedPlans and provisionedPlans: the simulation derives them from the license rows".to_owned(),
        );
    }
    defs
}

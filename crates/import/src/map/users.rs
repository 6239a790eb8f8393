//! Users: their rows as Graph reported them, direct assignments only from rows without
//! `assignedByGroup` (never from `assignedLicenses`), and every other property as it is.

use super::{lacking, HOW_TO, USER_SELECT};
use crate::collect::{Listed, Users};
use crate::Report;
use licenselab_engine::{LicenseAssignmentStateDef, UserDef};
use std::sync::Arc;

/// The users in id order, their objects moved into the scenario's.
pub(super) fn users(users: Users, report: &mut Report) -> Vec<UserDef> {
    let mut users = users.listed;
    // Each id is listed once.
    users.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    // The file of each user without rows: with assignedLicenses, or with nothing.
    let mut with_combined: Vec<Arc<str>> = Vec::new();
    let mut with_nothing: Vec<Arc<str>> = Vec::new();
    let mut derived = false;
    let mut defs = Vec::with_capacity(users.len());
    for (
        id,
        Listed {
            object: user,
            place,
        },
    ) in users
    {
        if user.license_assignment_states.is_none() {
            if user.has_assigned_licenses {
                with_combined.push(place.path);
            } else {
                with_nothing.push(place.path);
            }
        }
        let rows: Option<Vec<LicenseAssignmentStateDef>> =
            user.license_assignment_states.map(|rows| {
                rows.into_iter()
                    .map(|r| LicenseAssignmentStateDef {
                        sku_id: r.sku_id,
                        assigned_by_group: r.assigned_by_group,
                        disabled_plans: r.disabled_plans.unwrap_or_default(),
                        state: r.state,
                        error: r.error,
                        last_updated_date_time: r.last_updated_date_time,
                    })
                    .collect()
            });
        derived |= user.has_plans;
        // The rows are the observed state: the direct assignments are the rows without
        // assignedByGroup, so `assignedLicenses` (which also lists inherited products) stays
        // empty, as an observed scenario requires.
        defs.push(UserDef {
            id,
            usage_location: user.usage_location.filter(|s| !s.is_empty()),
            proxy_addresses: user.proxy_addresses.unwrap_or_default(),
            // Only the attributes that are set were kept as read.
            on_premises_extension_attributes: user
                .on_premises_extension_attributes
                .unwrap_or_default(),
            assigned_licenses: Vec::new(),
            license_assignment_states: rows,
            properties: user.properties,
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
    defs
}

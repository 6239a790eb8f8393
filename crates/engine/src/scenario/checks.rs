//! Checks of values on their own: the format version, sizes, ids, country codes, the evaluation
//! time, extension attributes and user property names.

use super::document::{Action, Scenario, FORMAT_VERSION};
use super::errors::{fail, Resolved};
use super::limits;
use super::locate::FieldPath;
use licenselab_rules::{ObjectKind, Property};
use serde_json::Value;

/// The format version and the organization's countries, checked before anything else.
pub(super) fn check_header(scenario: &Scenario) -> Resolved<()> {
    let root = FieldPath::root();
    if scenario.licenselab != FORMAT_VERSION {
        return fail(
            &root.key("licenselab"),
            format!(
                "this is format version {}; licenselab reads version {FORMAT_VERSION}",
                scenario.licenselab
            ),
        );
    }
    check_country(
        || root.key("organization").key("countryLetterCode"),
        &scenario.organization.country_letter_code,
    )?;
    if let Some(location) = &scenario.organization.default_usage_location {
        check_country(
            || root.key("organization").key("defaultUsageLocation"),
            location,
        )?;
    }
    Ok(())
}

/// The counts of `limits`, checked before anything is built.
pub(super) fn check_sizes(scenario: &Scenario) -> Resolved<()> {
    let root = FieldPath::root();
    let created = |f: fn(&Action) -> bool| scenario.steps.iter().filter(|s| f(&s.action)).count();
    let counts = [
        (
            "users",
            scenario.users.len() + created(|a| matches!(a, Action::CreateUser { .. })),
            limits::MAX_USERS,
        ),
        (
            "groups",
            scenario.groups.len() + created(|a| matches!(a, Action::CreateGroup { .. })),
            limits::MAX_GROUPS,
        ),
        (
            "subscribedSkus",
            scenario.subscribed_skus.len()
                + created(|a| matches!(a, Action::AddSubscribedSku { .. })),
            limits::MAX_PRODUCTS,
        ),
        ("steps", scenario.steps.len(), limits::MAX_STEPS),
    ];
    for (field, count, limit) in counts {
        if count > limit {
            return fail(
                &root.key(field),
                format!("{count} {field} (with those the steps create) is more than licenselab simulates ({limit}); split the scenario"),
            );
        }
    }
    for (i, group) in scenario.groups.iter().enumerate() {
        if group.members.len() > limits::MAX_MEMBERS_PER_GROUP {
            return fail(
                &root.key("groups").index(i).key("members"),
                format!(
                    "{} members is more than one group may list ({})",
                    group.members.len(),
                    limits::MAX_MEMBERS_PER_GROUP
                ),
            );
        }
    }
    Ok(())
}

// The checks below take the field path as a closure: it is made only for an error, since a big
// tenant checks a hundred thousand ids and locations that are fine.

pub(super) fn check_id(path: impl FnOnce() -> FieldPath, id: &str) -> Resolved<()> {
    if id.is_empty() {
        return fail(&path(), "id must not be empty");
    }
    if id.chars().count() > limits::MAX_ID_CHARS {
        return fail(
            &path(),
            format!("an id may have at most {} characters", limits::MAX_ID_CHARS),
        );
    }
    Ok(())
}

pub(super) fn check_country(path: impl FnOnce() -> FieldPath, code: &str) -> Resolved<()> {
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(())
    } else {
        fail(
            &path(),
            format!("'{code}' is not a two-letter ISO 3166 country code (such as US, GB, JP)"),
        )
    }
}

/// `extensionAttribute{n}` -> n.
pub(super) fn check_extension_attribute(path: &FieldPath, name: &str) -> Resolved<u8> {
    match (1..=15u8).find(|n| name == format!("extensionAttribute{n}")) {
        Some(n) => Ok(n),
        None => fail(
            path,
            format!("'{name}' is not an on-premises extension attribute; use extensionAttribute1 to extensionAttribute15"),
        ),
    }
}

/// User properties the simulation derives, so a scenario may not set them.
const DERIVED_USER_PROPERTIES: &[&str] = &[
    "assignedPlans",
    "provisionedPlans",
    "licenseAssignmentStates",
    "memberOf",
];

/// Any Graph user property may appear, but a near miss of one that rules read is a typo.
pub(super) fn check_user_property(path: &FieldPath, name: &str, value: &Value) -> Resolved<()> {
    if DERIVED_USER_PROPERTIES.contains(&name) {
        return fail(
            path,
            format!("'{name}' is derived by the simulation; describe licenses with assignedLicenses and membership with groups[].members"),
        );
    }
    if name == "manager" && !value.is_string() && !value.is_null() {
        return fail(path, "manager is the manager's user id, a string");
    }
    if Property::lookup(ObjectKind::User, name).is_some()
        || name.starts_with("extension_")
        || OTHER_GRAPH_PROPERTIES.contains(&name)
    {
        return Ok(());
    }
    // The properties rules read (the rules crate's table) that a scenario may set, then the rest.
    let known = Property::names(ObjectKind::User)
        .filter(|known| !DERIVED_USER_PROPERTIES.contains(known))
        .chain(OTHER_GRAPH_PROPERTIES.iter().copied());
    match closest(name, known, 2) {
        Some(close) => fail(
            path,
            format!("unknown user property '{name}'; did you mean '{close}'?"),
        ),
        _ => Ok(()),
    }
}

/// The candidate nearest to `name`, ignoring case, if it is at most `most` edits away: what a
/// typo of it would be.
pub(super) fn closest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
    most: usize,
) -> Option<&'a str> {
    let name = name.to_lowercase();
    candidates
        .map(|c| (strsim::levenshtein(&c.to_lowercase(), &name), c))
        .min_by_key(|(distance, _)| *distance)
        .filter(|(distance, _)| *distance <= most)
        .map(|(_, c)| c)
}

/// Graph user properties rules do not read, accepted as they are.
const OTHER_GRAPH_PROPERTIES: &[&str] = &[
    "manager",
    "officeLocation",
    "mobilePhone",
    "businessPhones",
    "onPremisesSyncEnabled",
    "employeeType",
    "ageGroup",
    "createdDateTime",
    "onPremisesSamAccountName",
    "onPremisesUserPrincipalName",
    "onPremisesDomainName",
    "onPremisesImmutableId",
    "externalUserState",
    "creationType",
    "identities",
    "imAddresses",
    "showInAddressList",
    "faxNumber",
    "employeeOrgData",
    "aboutMe",
    "birthday",
    "hireDate",
    "interests",
    "mySite",
    "pastProjects",
    "preferredName",
    "responsibilities",
    "schools",
    "skills",
    "securityIdentifier",
    "passwordProfile",
    "legalAgeGroupClassification",
    "consentProvidedForMinor",
    "isResourceAccount",
];

//! Records to a scenario (`tenant-import.md` §2): products, users with their rows (direct
//! assignments only from rows without `assignedByGroup`), groups with their members, the
//! organization's location; and the report of what is missing or has no place.

mod checks;
mod groups;
mod products;
mod shapes;
mod users;

use crate::collect::Records;
use crate::detect::Record;
use crate::report::counted;
use crate::{ImportError, Report};
use licenselab_engine::{CatalogExtension, Options, Scenario, StartingState, FORMAT_VERSION};
use serde::de::DeserializeOwned;
use serde::Deserializer;
use serde_json::Value;
use std::collections::BTreeSet;

/// What the missing-field messages tell to select.
const USER_SELECT: &str = "id,userPrincipalName,displayName,mail,proxyAddresses,usageLocation,accountEnabled,userType,department,jobTitle,companyName,country,city,state,employeeId,onPremisesExtensionAttributes,assignedLicenses,licenseAssignmentStates";
const GROUP_SELECT: &str = "id,displayName,securityEnabled,mailEnabled,groupTypes,membershipRule,membershipRuleProcessingState,assignedLicenses,licenseProcessingState";
const HOW_TO: &str = "(Graph), add them to the Select of the EntraExporter schema's entry, or list them in -Property (Graph PowerShell); see docs/import.md";

/// A record (its object, or one of its fields) read as a Graph shape, borrowed rather than
/// copied; an error names the place.
fn typed<'a, T: DeserializeOwned>(
    record: &Record,
    value: impl Deserializer<'a, Error = serde_json::Error>,
    what: &str,
) -> Result<T, ImportError> {
    T::deserialize(value).map_err(|e| {
        ImportError::new(
            &record.place.path,
            format!(
                "{}: {what} is not in Graph's shape ({e}); export it again",
                record.place.within()
            ),
        )
    })
}

/// A field of a record, absent or null as `None`.
fn field<T: DeserializeOwned>(record: &Record, key: &str) -> Result<Option<T>, ImportError> {
    match record.object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => typed(record, value, key).map(Some),
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

pub(crate) fn scenario(mut records: Records, report: &mut Report) -> Result<Scenario, ImportError> {
    let organization = products::organization(&records, report)?;
    let subscribed_skus = records
        .skus
        .values()
        .map(|r| products::sku(r, report))
        .collect::<Result<Vec<_>, _>>()?;
    let users = users::users(&mut records, report)?;
    let groups = groups::groups(&records, report)?;
    checks::missing_pages(&records, report);
    checks::missing_products(&records, &subscribed_skus, &users, &groups, report);
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
        expect: Vec::new(),
    })
}

/// "2 users exported without … (files): what follows and what to do." `paths`: the file of
/// each object lacking it.
fn lacking(report: &mut Report, paths: &[impl AsRef<str>], noun: &str, without: &str, then: &str) {
    if !paths.is_empty() {
        report.missing.push(format!(
            "{} exported {without} ({}): {then}",
            counted(paths.len(), noun),
            files(paths.iter().map(AsRef::as_ref))
        ));
    }
}

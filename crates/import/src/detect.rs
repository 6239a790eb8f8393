//! Recognises a file by its content and cuts it into records: a Graph list response (by its
//! `@odata.context`), an EntraExporter file (by its place in the folder layout), or Graph
//! PowerShell SDK objects (by their PascalCase keys).

use crate::collect::Names;
use crate::paths::{self, Layout};
use crate::place::{number, Place};
use crate::powershell;
use crate::report::IgnoredFile;
use crate::shapes::{not_in_shape, ItemSeed, Kind, Object};
use crate::stream::{self, Items, PageRead, TopValue};
use crate::{json, ImportError};
use serde::de::DeserializeSeed;
use serde_json::{Map, Value};
use std::sync::Arc;

/// One object of the export, with where it came from.
#[derive(Debug)]
pub(crate) struct Record {
    pub object: Object,
    pub place: Place,
    /// For a member: the group it is a member of.
    pub group: Option<Arc<str>>,
}

/// One page of a Graph list response: pages that say more follow must be followed by others.
#[derive(Debug)]
pub(crate) struct Page {
    pub set: String,
    pub path: String,
    pub has_next: bool,
}

#[derive(Debug)]
pub(crate) enum Found {
    Record(Record),
    Page(Page),
    Ignored(IgnoredFile),
}

/// What a page's `@odata.context` says it lists.
pub(crate) struct Listing<'a> {
    /// The entity set: `users`, `groups`, ...
    pub set: String,
    /// The context after its `#`.
    text: &'a str,
    /// The objects listed; `None` for a set that says nothing about licensing.
    pub kind: Option<Kind>,
}

impl Listing<'_> {
    /// One object (`.../$entity`), not a list in `value`.
    pub(crate) fn is_entity(&self) -> bool {
        self.text.ends_with("/$entity")
    }
}

pub(crate) fn listing(context: &str) -> Listing<'_> {
    let text = context.split_once('#').map_or("", |(_, s)| s);
    let set: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let kind = match set.as_str() {
        "users" => Some(Kind::User),
        "groups" if text.contains("/members") => Some(Kind::Member),
        "groups" => Some(Kind::Group),
        "subscribedSkus" => Some(Kind::Sku),
        "organization" => Some(Kind::Organization),
        "directoryObjects" => Some(Kind::Member),
        _ => None,
    };
    Listing { set, text, kind }
}

/// How many Graph pages a value at the top of a file is: a page, pages collected into one list,
/// or none.
pub(crate) fn pages_in(value: &Value) -> usize {
    let is_page = |v: &Value| {
        v.as_object()
            .is_some_and(|o| o.contains_key("@odata.context"))
    };
    match value {
        Value::Object(_) if is_page(value) => 1,
        Value::Array(items) if !items.is_empty() && items.iter().all(is_page) => items.len(),
        _ => 0,
    }
}

/// Reads a file's records; members' ids are numbered in `names` as they are read.
pub(crate) fn read(path: &str, text: &str, names: &mut Names) -> Result<Vec<Found>, ImportError> {
    if paths::is_members_with_errors(path) {
        return Ok(vec![ignored(
            path,
            "membersWithLicenseErrors repeats what the users' licenseAssignmentStates say",
        )]);
    }
    let values = stream::values(path, text, names)?;
    // Pages appended to one file, or collected into one array.
    let mut pages = Vec::new();
    let mut rest = Vec::new();
    for value in values {
        match value {
            TopValue::Page(page) => pages.push(page),
            TopValue::Other(value) if pages_in(&value) > 0 => match value {
                Value::Array(items) => pages.extend(items.into_iter().filter_map(|i| match i {
                    Value::Object(o) => Some(page_of(o)),
                    _ => None,
                })),
                Value::Object(object) => pages.push(page_of(object)),
                _ => {}
            },
            TopValue::Other(other) => rest.push(other),
        }
    }
    let mut found = Vec::new();
    let shared: Arc<str> = Arc::from(path);
    let numbered = pages.len() > 1;
    for (n, page) in pages.into_iter().enumerate() {
        let place = Place {
            path: shared.clone(),
            page: numbered.then(|| number(n)),
            item: None,
        };
        graph_page(path, &place, page, names, &mut found)?;
    }
    for value in rest {
        other(&shared, value, names, &mut found)?;
    }
    Ok(found)
}

/// A page read whole as a `Value` (its `@odata.context` not first, or one `$entity`).
fn page_of(mut page: Map<String, Value>) -> PageRead {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let context = text(page.get("@odata.context")).unwrap_or_default();
    let next_link = text(page.get("@odata.nextLink"));
    let items = if listing(&context).is_entity() {
        Items::Values(vec![Value::Object(page)])
    } else {
        match page.swap_remove("value") {
            Some(Value::Array(items)) => Items::Values(items),
            Some(Value::Object(one)) => Items::Values(vec![Value::Object(one)]),
            _ => Items::Missing,
        }
    };
    PageRead {
        context,
        next_link,
        items,
    }
}

/// `licenselab export`'s completion file: `"complete": true` is ignored, anything else refused
/// (an interrupted export is not the whole tenant).
pub(crate) fn export_completion(path: &str, text: &str) -> Result<IgnoredFile, ImportError> {
    let values = json::values(path, text)?;
    let complete = match values.as_slice() {
        [Value::Object(o)] => o.get("complete").and_then(Value::as_bool),
        _ => None,
    };
    match complete {
        Some(true) => Ok(IgnoredFile {
            path: path.to_owned(),
            reason: "licenselab export's completion file (the export finished)".to_owned(),
        }),
        Some(false) => Err(ImportError::new(
            path,
            "says \"complete\": false: the licenselab export that wrote this folder was interrupted, so its files are not the whole tenant; run licenselab export again into the same folder, then import it",
        )),
        None => Err(ImportError::new(
            path,
            "is not a licenselab export completion file (it has no \"complete\": true or false); run licenselab export again into the same folder, or leave this file out",
        )),
    }
}

fn ignored(path: &str, reason: &str) -> Found {
    Found::Ignored(IgnoredFile {
        path: path.to_owned(),
        reason: reason.to_owned(),
    })
}

fn not_a_format(path: &str) -> ImportError {
    ImportError::new(
        path,
        "is none of the formats licenselab reads: not a Graph response (no @odata.context), not an EntraExporter file (not in its <Type>/<id>/<id>.json folders) and not Graph PowerShell output (no PascalCase Id); export it as docs/import.md describes",
    )
}

fn graph_page(
    path: &str,
    place: &Place,
    page: PageRead,
    names: &mut Names,
    found: &mut Vec<Found>,
) -> Result<(), ImportError> {
    let listing = listing(&page.context);
    let next = page.next_link.as_deref();
    let Some(kind) = listing.kind else {
        found.push(ignored(
            path,
            &format!("Graph {} say nothing about licensing", listing.set),
        ));
        return Ok(());
    };
    let group = match kind {
        Kind::Member => Some(
            (listing.set == "groups")
                .then(|| paths::group_of_link(listing.text))
                .flatten()
                .or_else(|| next.and_then(paths::group_of_link))
                .or_else(|| paths::group_of_members_file(path))
                .ok_or_else(|| {
                    ImportError::new(
                        path,
                        "is a page of group members (@odata.context ...#directoryObjects), which does not say whose: name the file members-<groupId>.json or put it in a folder named after the group (<groupId>/members.json)",
                    )
                })?,
        ),
        _ => None,
    };
    found.push(Found::Page(Page {
        set: match &group {
            Some(g) => format!("members of group {g}"),
            None => listing.set.clone(),
        },
        path: path.to_owned(),
        has_next: next.is_some(),
    }));
    let group: Option<Arc<str>> = group.map(Arc::from);
    let at = |i: usize| Place {
        item: Some(number(i)),
        ..place.clone()
    };
    let mut push = |place: Place, object: Option<Object>| {
        let object = object.ok_or_else(|| not_a_format(path))?;
        found.push(Found::Record(Record {
            object,
            place,
            group: group.clone(),
        }));
        Ok(())
    };
    match page.items {
        Items::Read(items) => items
            .into_iter()
            .enumerate()
            .try_for_each(|(i, item)| push(at(i), item)),
        Items::Values(values) => values.into_iter().enumerate().try_for_each(|(i, value)| {
            let place = at(i);
            let object = object_of(kind, value, &place, names)?;
            push(place, object)
        }),
        Items::Missing => Err(not_a_format(path)),
    }
}

/// A value read as an object of `kind`: `None` when it is not a JSON object.
fn object_of(
    kind: Kind,
    value: Value,
    place: &Place,
    names: &mut Names,
) -> Result<Option<Object>, ImportError> {
    let mut what = "";
    ItemSeed {
        kind,
        what: &mut what,
        names,
    }
    .deserialize(value)
    .map_err(|e| not_in_shape(place, what, &e))
}

fn other(
    shared: &Arc<str>,
    value: Value,
    names: &mut Names,
    found: &mut Vec<Found>,
) -> Result<(), ImportError> {
    let path: &str = shared;
    let sdk = match &value {
        Value::Object(o) => powershell::is_sdk_object(o),
        Value::Array(items) => items
            .iter()
            .any(|i| i.as_object().is_some_and(powershell::is_sdk_object)),
        _ => false,
    };
    if sdk {
        return sdk_objects(shared, value, names, found);
    }
    // Any part of an EntraExporter folder that says nothing about licensing, list or object.
    let layout = paths::entra_exporter(path);
    if let Some(Layout::Ignored(reason)) = &layout {
        found.push(ignored(path, reason));
        return Ok(());
    }
    let Value::Object(object) = value else {
        return Err(not_a_format(path));
    };
    let (kind, group) = match layout.ok_or_else(|| not_a_format(path))? {
        Layout::Organization => (Kind::Organization, None),
        Layout::Sku => (Kind::Sku, None),
        Layout::User => (Kind::User, None),
        Layout::Group => (Kind::Group, None),
        Layout::Member { group } => (Kind::Member, Some(group)),
        Layout::Ignored(_) => unreachable!("handled above"),
    };
    record(
        kind,
        Value::Object(object),
        Place::file(shared, None),
        group,
        names,
        found,
    )
}

fn sdk_objects(
    shared: &Arc<str>,
    value: Value,
    names: &mut Names,
    found: &mut Vec<Found>,
) -> Result<(), ImportError> {
    let path: &str = shared;
    powershell::check_depth(path, &value, "")?;
    // A pipeline of one object gives an object, not a list.
    let (items, listed) = match value {
        Value::Array(items) => (items, true),
        one => (vec![one], false),
    };
    for (i, item) in items.into_iter().enumerate() {
        let Value::Object(object) = item else {
            return Err(not_a_format(path));
        };
        let has = |k: &str| object.contains_key(k);
        let kind = if powershell::is_directory_object(&object) {
            Kind::Member
        } else if has("SkuPartNumber") || (has("SkuId") && has("PrepaidUnits")) {
            Kind::Sku
        } else if has("CountryLetterCode") || has("VerifiedDomains") {
            Kind::Organization
        } else if has("SecurityEnabled") || has("GroupTypes") || has("MailEnabled") {
            Kind::Group
        } else if has("UserPrincipalName") || has("LicenseAssignmentStates") {
            Kind::User
        } else {
            return Err(ImportError::new(
                path,
                "holds Graph PowerShell objects that are not users, groups, subscribed SKUs, the organization or group members; export them as docs/import.md describes",
            ));
        };
        let group = match kind {
            Kind::Member => Some(paths::group_of_members_file(path).ok_or_else(|| {
                ImportError::new(
                    path,
                    "holds group members (Get-MgGroupMember), which do not say whose: name the file members-<groupId>.json or put it in a folder named after the group (<groupId>/members.json)",
                )
            })?),
            _ => None,
        };
        let object = powershell::camel_case(Value::Object(object));
        let place = Place::file(shared, listed.then_some(i));
        record(kind, object, place, group, names, found)?;
    }
    Ok(())
}

/// A record of the object (a JSON object, so never `None`), as its kind's typed shape.
fn record(
    kind: Kind,
    object: Value,
    place: Place,
    group: Option<String>,
    names: &mut Names,
    found: &mut Vec<Found>,
) -> Result<(), ImportError> {
    let object =
        object_of(kind, object, &place, names)?.ok_or_else(|| not_a_format(&place.path))?;
    found.push(Found::Record(Record {
        object,
        place,
        group: group.map(Arc::from),
    }));
    Ok(())
}

//! Recognises a file by its content and cuts it into records: a Graph list response (by its
//! `@odata.context`), an EntraExporter file (by its place in the folder layout), or Graph
//! PowerShell SDK objects (by their PascalCase keys).

use crate::paths::{self, Layout};
use crate::powershell;
use crate::report::IgnoredFile;
use crate::{json, ImportError};
use serde_json::{Map, Value};
use std::fmt;
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Organization,
    Sku,
    User,
    Group,
    Member,
}

/// One object of the export, in the camelCase Graph shape, with where it came from.
#[derive(Debug)]
pub(crate) struct Record {
    pub kind: Kind,
    pub object: Map<String, Value>,
    pub place: Place,
    /// For a member: the group it is a member of.
    pub group: Option<String>,
}

/// Where an object was: its file (shared by the file's objects), and its page and item when the
/// file holds several. Text only when a message needs it.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub path: Rc<str>,
    pub page: Option<usize>,
    pub item: Option<usize>,
}

impl Place {
    /// A file that is not a Graph page: the object, or the item of a list.
    fn file(path: &Rc<str>, item: Option<usize>) -> Place {
        Place {
            path: path.clone(),
            page: None,
            item,
        }
    }

    /// Where in its file: "item 3", "(page 2), item 1", or "the object" for a one-object file.
    pub(crate) fn within(&self) -> String {
        match (self.page, self.item) {
            (None, None) => "the object".to_owned(),
            (None, Some(i)) => format!("item {i}"),
            (Some(p), None) => format!("(page {p})"),
            (Some(p), Some(i)) => format!("(page {p}), item {i}"),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(page) = self.page {
            write!(f, " (page {page})")?;
        }
        if let Some(item) = self.item {
            write!(f, ", item {item}")?;
        }
        Ok(())
    }
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

pub(crate) fn read(path: &str, text: &str) -> Result<Vec<Found>, ImportError> {
    if paths::is_members_with_errors(path) {
        return Ok(vec![ignored(
            path,
            "membersWithLicenseErrors repeats what the users' licenseAssignmentStates say",
        )]);
    }
    let values = json::values(path, text)?;
    // Pages appended to one file, or collected into one array.
    let mut pages = Vec::new();
    let mut rest = Vec::new();
    for value in values {
        match value {
            Value::Object(object) if object.contains_key("@odata.context") => pages.push(object),
            Value::Array(items)
                if !items.is_empty()
                    && items.iter().all(|i| {
                        i.as_object()
                            .is_some_and(|o| o.contains_key("@odata.context"))
                    }) =>
            {
                pages.extend(items.into_iter().filter_map(|i| match i {
                    Value::Object(o) => Some(o),
                    _ => None,
                }))
            }
            other => rest.push(other),
        }
    }
    let mut found = Vec::new();
    let shared: Rc<str> = Rc::from(path);
    let numbered = pages.len() > 1;
    for (n, page) in pages.into_iter().enumerate() {
        let place = Place {
            path: shared.clone(),
            page: numbered.then_some(n + 1),
            item: None,
        };
        graph_page(path, &place, page, &mut found)?;
    }
    for value in rest {
        other(&shared, value, &mut found)?;
    }
    Ok(found)
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
    mut page: Map<String, Value>,
    found: &mut Vec<Found>,
) -> Result<(), ImportError> {
    let context = page["@odata.context"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let set_text = context.split_once('#').map_or("", |(_, s)| s);
    let set: String = set_text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let next = page.get("@odata.nextLink").and_then(Value::as_str);
    let (kind, group) = match set.as_str() {
        "users" => (Kind::User, None),
        "groups" if set_text.contains("/members") => (Kind::Member, paths::group_of_link(set_text)),
        "groups" => (Kind::Group, None),
        "subscribedSkus" => (Kind::Sku, None),
        "organization" => (Kind::Organization, None),
        "directoryObjects" => (Kind::Member, None),
        _ => {
            found.push(ignored(
                path,
                &format!("Graph {set} say nothing about licensing"),
            ));
            return Ok(());
        }
    };
    let group = match kind {
        Kind::Member => Some(
            group
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
            None => set.clone(),
        },
        path: path.to_owned(),
        has_next: next.is_some(),
    }));
    let items = if set_text.ends_with("/$entity") {
        vec![Value::Object(page)]
    } else {
        match page.remove("value") {
            Some(Value::Array(items)) => items,
            Some(Value::Object(one)) => vec![Value::Object(one)],
            _ => return Err(not_a_format(path)),
        }
    };
    for (i, item) in items.into_iter().enumerate() {
        let Value::Object(object) = item else {
            return Err(not_a_format(path));
        };
        let place = Place {
            item: Some(i + 1),
            ..place.clone()
        };
        found.push(record(kind, object, place, group.clone()));
    }
    Ok(())
}

fn other(shared: &Rc<str>, value: Value, found: &mut Vec<Found>) -> Result<(), ImportError> {
    let path: &str = shared;
    let sdk = match &value {
        Value::Object(o) => powershell::is_sdk_object(o),
        Value::Array(items) => items
            .iter()
            .any(|i| i.as_object().is_some_and(powershell::is_sdk_object)),
        _ => false,
    };
    if sdk {
        return sdk_objects(shared, value, found);
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
    found.push(record(kind, object, Place::file(shared, None), group));
    Ok(())
}

fn sdk_objects(shared: &Rc<str>, value: Value, found: &mut Vec<Found>) -> Result<(), ImportError> {
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
        let Value::Object(object) = powershell::camel_case(Value::Object(object)) else {
            unreachable!("an object stays an object");
        };
        let place = Place::file(shared, listed.then_some(i + 1));
        found.push(record(kind, object, place, group));
    }
    Ok(())
}

/// A record of the object, cleaned.
fn record(kind: Kind, object: Map<String, Value>, place: Place, group: Option<String>) -> Found {
    Found::Record(Record {
        kind,
        object: clean(kind, object),
        place,
        group,
    })
}

/// Drops annotations, EntraExporter's expanded `extensions`, and properties that are null: Graph
/// leaves out what was not selected, the SDK writes it as null. A member keeps only its id and
/// `@odata.type` (a big tenant has millions).
fn clean(kind: Kind, object: Map<String, Value>) -> Map<String, Value> {
    object
        .into_iter()
        .filter(|(k, v)| match kind {
            Kind::Member => k == "id" || k == "@odata.type",
            _ => !v.is_null() && k != "extensions" && !k.contains("@odata."),
        })
        .collect()
}

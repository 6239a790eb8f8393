//! What a file's path says: EntraExporter's folder layout, and the group a members file belongs to.

/// Where a file sits in an EntraExporter output folder.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Layout {
    Organization,
    Sku,
    User,
    Group,
    Member {
        group: String,
    },
    /// A part of the export that says nothing about licensing, with the reason.
    Ignored(String),
}

fn components(path: &str) -> Vec<&str> {
    path.split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != ".")
        .collect()
}

fn stem(file: &str) -> &str {
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".json") {
        &file[..file.len() - 5]
    } else {
        file
    }
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// EntraExporter writes one object per file, `<Type>/<id>/<id>.json` (members one level deeper).
pub(crate) fn entra_exporter(path: &str) -> Option<Layout> {
    let c = components(path);
    let n = c.len();
    let file = stem(c.last()?);
    let at = |back: usize| {
        if n > back {
            Some(c[n - 1 - back])
        } else {
            None
        }
    };
    let is = |back: usize, name: &str| at(back).is_some_and(|x| same(x, name));
    let own_folder = at(1).is_some_and(|folder| same(folder, file));
    if is(1, "Organization") && same(file, "Organization") {
        return Some(Layout::Organization);
    }
    if own_folder && is(2, "SubscribedSkus") {
        return Some(Layout::Sku);
    }
    if own_folder && is(2, "Users") {
        return Some(Layout::User);
    }
    if own_folder && is(2, "Groups") {
        return Some(Layout::Group);
    }
    if own_folder && is(2, "Members") && is(4, "Groups") {
        return Some(Layout::Member {
            group: at(3)?.to_owned(),
        });
    }
    let has = |name: &str| c.iter().any(|x| same(x, name));
    if own_folder && has("Owners") && has("Groups") {
        return Some(Layout::Ignored(
            "a group's owners are not its members".to_owned(),
        ));
    }
    if has("GroupSettings") {
        return Some(Layout::Ignored(
            "group settings say nothing about licensing".to_owned(),
        ));
    }
    if has("Organization") {
        return Some(Layout::Ignored(
            "organization branding and settings say nothing about licensing".to_owned(),
        ));
    }
    if let Some(folder) = c.iter().find(|x| OTHER_FOLDERS.iter().any(|f| same(x, f))) {
        return Some(Layout::Ignored(format!(
            "EntraExporter's {folder} export says nothing about licensing"
        )));
    }
    if own_folder && n >= 3 {
        return Some(Layout::Ignored(format!(
            "EntraExporter {} objects say nothing about licensing",
            c[n - 3]
        )));
    }
    None
}

/// The top folders of an `Export-Entra -All` export besides those read (its default schema,
/// `src/Get-EEDefaultSchema.ps1`).
const OTHER_FOLDERS: &[&str] = &[
    "AccessPolicies",
    "Admin",
    "AdministrativeUnits",
    "Applications",
    "Devices",
    "Directory",
    "DirectoryRoles",
    "Domains",
    "IAM",
    "Identity",
    "IdentityGovernance",
    "OnPremisesPublishingProfiles",
    "PIM",
    "Policies",
    "Reports",
    "RoleManagement",
    "ServicePrincipals",
];

/// `membersWithLicenseErrors` responses repeat what the users' rows already say: a file named so,
/// or any file in a `membersWithLicenseErrors` folder (`licenselab export` writes
/// `groups/<groupId>/membersWithLicenseErrors/page-NNNN.json`).
pub(crate) fn is_members_with_errors(path: &str) -> bool {
    let c = components(path);
    let Some((file, folders)) = c.split_last() else {
        return false;
    };
    file.to_ascii_lowercase()
        .starts_with("memberswithlicenseerrors")
        || folders
            .last()
            .is_some_and(|f| same(f, "membersWithLicenseErrors"))
}

/// The file `licenselab export` writes at the top of its folder, saying whether it finished.
pub(crate) const EXPORT_COMPLETION_FILE: &str = "licenselab-export.json";

/// Is this `licenselab export`'s completion file?
pub(crate) fn is_export_completion(path: &str) -> bool {
    components(path)
        .last()
        .is_some_and(|file| same(file, EXPORT_COMPLETION_FILE))
}

/// The group of a members file: `members-<groupId>….json`, `<groupId>/members….json` or
/// `<groupId>/members/<page>.json`; in `licenselab export`'s `groups/<id>/members/page-NNNN.json`
/// the id need not be a GUID (the layout says it is the group's).
pub(crate) fn group_of_members_file(path: &str) -> Option<String> {
    let c = components(path);
    let n = c.len();
    if n >= 3
        && same(c[n - 2], "members")
        && (is_guid(c[n - 3]) || (n >= 4 && same(c[n - 4], "groups")))
    {
        return Some(c[n - 3].to_owned());
    }
    let file = stem(c.last()?);
    let lower = file.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("members-") {
        let start = file.len() - rest.len();
        if let Some(id) = file.get(start..start + 36).filter(|id| is_guid(id)) {
            return Some(id.to_owned());
        }
    }
    if lower.starts_with("members") && c.len() >= 2 && is_guid(c[c.len() - 2]) {
        return Some(c[c.len() - 2].to_owned());
    }
    None
}

/// The group in a Graph URL: `.../groups/<id>/members?...` or `.../groups('<id>')/members`.
pub(crate) fn group_of_link(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let at = lower
        .find("groups/")
        .map(|i| i + 7)
        .or_else(|| lower.find("groups('").map(|i| i + 8))?;
    let id = url.get(at..at + 36)?;
    is_guid(id).then(|| id.to_owned())
}

pub(crate) fn is_guid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, ch)| match i {
            8 | 13 | 18 | 23 => ch == '-',
            _ => ch.is_ascii_hexdigit(),
        })
}

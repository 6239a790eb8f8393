//! What the export lacks across files: pages after an `@odata.nextLink`, products and groups
//! that licenses name but no export lists.

use super::{files, GROUP_SELECT};
use crate::collect::Records;
use crate::Report;
use licenselab_engine::{GroupDef, SkuDef, UserDef};
use std::collections::{BTreeSet, HashSet};

/// A list whose pages say more follow needs more pages than those that say so.
pub(super) fn missing_pages(records: &Records, report: &mut Report) {
    for (set, pages) in &records.pages {
        let promised = pages.iter().filter(|p| p.has_next).count();
        if promised >= pages.len() {
            report.missing.push(format!(
                "{set}: {promised} of {} pages say more follow (@odata.nextLink) but no last page was given ({}): fetch every page, following @odata.nextLink until there is none",
                pages.len(),
                files(pages.iter().map(|p| p.path.as_str()))
            ));
        }
    }
}

/// Products and groups named by licenses but in no export.
pub(super) fn missing_products(
    skus: &[SkuDef],
    users: &[UserDef],
    groups: &[GroupDef],
    report: &mut Report,
) {
    if skus.is_empty() {
        report.missing.push(
            "no products in the export: export GET /subscribedSkus (or Get-MgSubscribedSku, or EntraExporter's SKUs)".to_owned(),
        );
        return;
    }
    let known: BTreeSet<&str> = skus.iter().map(|s| s.sku_id.as_str()).collect();
    let rows = users
        .iter()
        .flat_map(|u| u.license_assignment_states.iter().flatten());
    let named: BTreeSet<&str> = rows
        .clone()
        .map(|r| r.sku_id.as_str())
        .chain(
            groups
                .iter()
                .flat_map(|g| g.assigned_licenses.iter().map(|l| l.sku_id.as_str())),
        )
        .filter(|id| !known.contains(id))
        .collect();
    if !named.is_empty() {
        report.missing.push(format!(
            "products that licenses name but no subscribedSkus export lists ({}): export GET /subscribedSkus",
            named.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    let exported: HashSet<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    let from: BTreeSet<&str> = rows
        .filter_map(|r| r.assigned_by_group.as_deref())
        .filter(|g| !exported.contains(g))
        .collect();
    if !from.is_empty() {
        report.missing.push(format!(
            "license rows come from groups that no groups export lists ({}): export GET /groups?$select={GROUP_SELECT}",
            from.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
}

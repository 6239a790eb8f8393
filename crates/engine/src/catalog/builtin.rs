//! Microsoft's published tables, compiled into static data by `build.rs` (sources in `data/`): the
//! product table as encoded bytes (`encoded.rs`), conflict sets and dependencies as Rust tables.

use super::encoded::tables;

pub struct CatalogPlan {
    pub guid: u128,
    pub name: &'static str,
    pub friendly_name: &'static str,
}

pub struct CatalogProduct {
    pub guid: u128,
    pub part_number: &'static str,
    pub display_name: &'static str,
    /// Its range of the decoded table's plan lists.
    plans: std::ops::Range<u32>,
}

pub(crate) struct CatalogDependency {
    pub plan: u16,
    /// `true`: any one of `required` suffices; `false`: all of them are needed.
    pub any_of: bool,
    pub required: &'static [u16],
    /// The four rows backed by a Microsoft error text or document; the rest come from a 2019
    /// community database and are opt-in (see `data/dependencies/*.source.txt`).
    pub microsoft_evidence: bool,
}

include!(concat!(env!("OUT_DIR"), "/catalog_tables.rs"));

impl CatalogProduct {
    pub(super) fn new(
        guid: u128,
        part_number: &'static str,
        display_name: &'static str,
        plans: std::ops::Range<u32>,
    ) -> Self {
        CatalogProduct {
            guid,
            part_number,
            display_name,
            plans,
        }
    }

    #[cfg(test)]
    pub(super) fn plan_range(&self) -> std::ops::Range<u32> {
        self.plans.clone()
    }

    pub fn plans(&self) -> impl ExactSizeIterator<Item = &'static CatalogPlan> {
        let tables = tables();
        let range = self.plans.start as usize..self.plans.end as usize;
        tables.plan_lists[range]
            .iter()
            .map(|&i| &tables.plans[i as usize])
    }
}

/// Every product of Microsoft's table, in the table's order.
pub fn products() -> &'static [CatalogProduct] {
    &tables().products
}

pub fn plans() -> &'static [CatalogPlan] {
    &tables().plans
}

/// Finds a product by `skuPartNumber` (case-insensitive) or by its GUID.
pub fn find_product(key: &str) -> Option<&'static CatalogProduct> {
    if let Some(guid) = parse_guid(key) {
        if let Some(p) = products().iter().find(|p| p.guid == guid) {
            return Some(p);
        }
    }
    products()
        .iter()
        .find(|p| p.part_number.eq_ignore_ascii_case(key))
}

/// Finds a plan by its GUID or its `servicePlanName` (case-insensitive).
pub fn find_plan(key: &str) -> Option<&'static CatalogPlan> {
    if let Some(guid) = parse_guid(key) {
        if let Some(p) = plans().iter().find(|p| p.guid == guid) {
            return Some(p);
        }
    }
    plans().iter().find(|p| p.name.eq_ignore_ascii_case(key))
}

pub(crate) fn plan_index(plan: &CatalogPlan) -> u16 {
    // Every `&CatalogPlan` the catalog hands out is an element of `plans()`, so pointer
    // arithmetic is exact.
    ((plan as *const CatalogPlan as usize - plans().as_ptr() as usize)
        / std::mem::size_of::<CatalogPlan>()) as u16
}

pub(crate) fn conflict_sets(legacy_exchange: bool) -> impl Iterator<Item = &'static [u16]> {
    let legacy: &'static [&'static [u16]] = if legacy_exchange {
        LEGACY_EXCHANGE_CONFLICT_SETS
    } else {
        &[]
    };
    CONFLICT_SETS.iter().chain(legacy).copied()
}

/// Exchange Online mailbox plans: a license enabling one of these provisions a mailbox, which is
/// what a duplicate proxy address breaks. The 2021 conflict table lists exactly that family.
pub(crate) fn exchange_mailbox_plans() -> impl Iterator<Item = u16> {
    LEGACY_EXCHANGE_CONFLICT_SETS
        .iter()
        .flat_map(|set| set.iter().copied())
}

pub(crate) fn dependencies(
    include_community: bool,
) -> impl Iterator<Item = &'static CatalogDependency> {
    DEPENDENCIES
        .iter()
        .filter(move |d| d.microsoft_evidence || include_community)
}

pub fn parse_guid(text: &str) -> Option<u128> {
    let bytes = text.as_bytes();
    if bytes.len() != 36 || [8, 13, 18, 23].iter().any(|&i| bytes[i] != b'-') {
        return None;
    }
    let hex: String = text.chars().filter(|c| *c != '-').collect();
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u128::from_str_radix(&hex, 16).ok()
}

pub fn format_guid(guid: u128) -> String {
    let h = format!("{guid:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_365_e3_has_its_published_plans() {
        let e3 = find_product("ENTERPRISEPACK").expect("E3 is in the table");
        assert_eq!(format_guid(e3.guid), "6fd2c87f-b296-42f0-b197-1e91e994b900");
        let names: Vec<&str> = e3.plans().map(|p| p.name).collect();
        assert!(names.contains(&"EXCHANGE_S_ENTERPRISE"));
        assert!(names.contains(&"SHAREPOINTENTERPRISE"));
        assert_eq!(
            find_product("6fd2c87f-b296-42f0-b197-1e91e994b900").map(|p| p.part_number),
            Some("ENTERPRISEPACK")
        );
    }

    #[test]
    fn table_sizes_match_the_source_note() {
        // service_plans.source.txt: 569 SKU GUIDs and 723 service-plan GUIDs.
        assert_eq!(products().len(), 569);
        assert_eq!(plans().len(), 723);
    }

    #[test]
    fn sharepoint_plans_conflict_and_exchange_plans_do_not_by_default() {
        let spo1 = plan_index(find_plan("SHAREPOINTSTANDARD").unwrap());
        let spo2 = plan_index(find_plan("SHAREPOINTENTERPRISE").unwrap());
        let exo1 = plan_index(find_plan("EXCHANGE_S_STANDARD").unwrap());
        let exo2 = plan_index(find_plan("EXCHANGE_S_ENTERPRISE").unwrap());
        let together =
            |a, b, legacy| conflict_sets(legacy).any(|s| s.contains(&a) && s.contains(&b));
        assert!(together(spo1, spo2, false));
        assert!(!together(exo1, exo2, false));
        assert!(together(exo1, exo2, true));
    }

    #[test]
    fn only_microsoft_evidenced_dependencies_are_on_by_default() {
        assert_eq!(dependencies(false).count(), 4);
        let wac = plan_index(find_plan("SHAREPOINTWAC").unwrap());
        assert!(!dependencies(false).any(|d| d.plan == wac));
        assert!(dependencies(true).any(|d| d.plan == wac));
    }
}

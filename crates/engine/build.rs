//! Compiles the copied Microsoft tables in `data/` into compact static Rust tables.
//!
//! Doing it at build time keeps the CSV (1 MB) out of the binary and the wasm bundle: the product
//! table becomes one byte string in columns (`catalog.bin`: GUIDs as 16 bytes, plan lists as `u16`
//! indices, each name once, no pointers), decoded on first use; conflict sets and dependencies,
//! small, stay Rust tables (`catalog_tables.rs`).

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn main() {
    let data = Path::new("data");
    for file in [
        "service_plans.csv",
        "conflicts/mutually_exclusive_service_plans_current.csv",
        "conflicts/mutually_exclusive_service_plans_azure-docs_2021-08.csv",
        "dependencies/service_plan_dependencies.csv",
    ] {
        println!("cargo:rerun-if-changed=data/{file}");
    }

    let out_dir = env::var("OUT_DIR").unwrap();
    let out_dir = Path::new(&out_dir);
    let plans = write_products(
        &data.join("service_plans.csv"),
        &out_dir.join("catalog.bin"),
    );
    let mut out = String::new();
    write_conflicts(&mut out, &data.join("conflicts"), &plans);
    write_dependencies(
        &mut out,
        &data.join("dependencies/service_plan_dependencies.csv"),
        &plans,
    );

    fs::write(out_dir.join("catalog_tables.rs"), out).unwrap();
}

fn parse_guid(text: &str) -> u128 {
    let hex: String = text.trim().chars().filter(|c| *c != '-').collect();
    u128::from_str_radix(&hex, 16).unwrap_or_else(|_| panic!("bad GUID {text:?} in catalog data"))
}

fn reader(path: &Path) -> csv::Reader<&'static [u8]> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = text.trim_start_matches('\u{feff}').to_owned();
    csv::Reader::from_reader(Box::leak(text.into_boxed_str()).as_bytes())
}

/// The most frequent value wins; ties go to the first seen, so the output is stable.
#[derive(Default)]
struct Votes(Vec<(String, usize)>);

impl Votes {
    fn add(&mut self, value: &str) {
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if value.is_empty() {
            return;
        }
        match self.0.iter_mut().find(|(v, _)| *v == value) {
            Some((_, n)) => *n += 1,
            None => self.0.push((value, 1)),
        }
    }
    fn winner(&self) -> String {
        let mut best: Option<&(String, usize)> = None;
        for entry in &self.0 {
            if best.is_none_or(|b| entry.1 > b.1) {
                best = Some(entry);
            }
        }
        best.map(|b| b.0.clone()).unwrap_or_default()
    }
}

struct PlanIndex {
    by_guid: BTreeMap<u128, u16>,
    by_name: BTreeMap<String, u16>,
}

impl PlanIndex {
    fn lookup(&self, guid: &str, name: &str) -> Option<u16> {
        if let Ok(g) = u128::from_str_radix(&guid.replace('-', ""), 16) {
            if let Some(i) = self.by_guid.get(&g) {
                return Some(*i);
            }
        }
        self.by_name.get(name.trim()).copied()
    }
}

/// The product table as one byte string (`catalog.bin`, read by `catalog/encoded.rs`), in columns so
/// the page's brotli finds the repeats: a header (plan count, product count, both `u16`), every
/// plan's GUID then every product's (16 bytes each, little-endian), each product's plan count (`u8`),
/// every product's plan indices (`u16`), then the text: plan names, plan friendly names, product part
/// numbers, product display names, each ended by a newline (no name holds one).
fn write_products(path: &Path, dest: &Path) -> PlanIndex {
    let mut plan_order: Vec<u128> = Vec::new();
    let mut plan_names: BTreeMap<u128, Votes> = BTreeMap::new();
    let mut plan_friendly: BTreeMap<u128, Votes> = BTreeMap::new();
    let mut sku_order: Vec<u128> = Vec::new();
    let mut skus: BTreeMap<u128, (String, String, Vec<u128>)> = BTreeMap::new();

    for record in reader(path).records() {
        let r = record.unwrap();
        let (display, part, sku_guid, plan_name, plan_guid, friendly) = (
            &r[0],
            &r[1],
            parse_guid(&r[2]),
            &r[3],
            parse_guid(&r[4]),
            &r[5],
        );
        if !plan_names.contains_key(&plan_guid) {
            plan_order.push(plan_guid);
        }
        plan_names.entry(plan_guid).or_default().add(plan_name);
        plan_friendly.entry(plan_guid).or_default().add(friendly);
        let sku = skus.entry(sku_guid).or_insert_with(|| {
            sku_order.push(sku_guid);
            (
                display.trim().to_owned(),
                part.trim().to_owned(),
                Vec::new(),
            )
        });
        if !sku.2.contains(&plan_guid) {
            sku.2.push(plan_guid);
        }
    }

    let mut index = PlanIndex {
        by_guid: BTreeMap::new(),
        by_name: BTreeMap::new(),
    };
    let mut names = Vec::new();
    let mut friendly_names = Vec::new();
    for (i, guid) in plan_order.iter().enumerate() {
        let name = plan_names[guid].winner();
        index.by_guid.insert(*guid, i as u16);
        index.by_name.entry(name.clone()).or_insert(i as u16);
        names.push(name);
        friendly_names.push(plan_friendly[guid].winner());
    }

    let mut bytes = Vec::new();
    let count = |n: usize| u16::try_from(n).expect("the catalog holds fewer than 65,536 rows");
    bytes.extend(count(plan_order.len()).to_le_bytes());
    bytes.extend(count(sku_order.len()).to_le_bytes());
    for guid in plan_order.iter().chain(&sku_order) {
        bytes.extend(guid.to_le_bytes());
    }
    for guid in &sku_order {
        let plans = skus[guid].2.len();
        bytes.push(u8::try_from(plans).expect("a product has fewer than 256 plans"));
    }
    for guid in &sku_order {
        for plan in &skus[guid].2 {
            bytes.extend(index.by_guid[plan].to_le_bytes());
        }
    }
    let parts = sku_order.iter().map(|g| &skus[g].1);
    let displays = sku_order.iter().map(|g| &skus[g].0);
    for text in names
        .iter()
        .chain(&friendly_names)
        .chain(parts)
        .chain(displays)
    {
        assert!(
            !text.contains('\n'),
            "a catalog name holds a newline: {text:?}"
        );
        bytes.extend(text.as_bytes());
        bytes.push(b'\n');
    }
    fs::write(dest, bytes).unwrap();
    index
}

/// Each conflict set is written as plan indices; plans the product table does not know are dropped
/// (a set needs two known plans to matter).
fn conflict_sets(path: &Path, plans: &PlanIndex, only_group: Option<&str>) -> Vec<Vec<u16>> {
    let mut sets: Vec<(String, Vec<u16>)> = Vec::new();
    for record in reader(path).records() {
        let r = record.unwrap();
        let group = r[0].to_owned();
        if only_group.is_some_and(|g| g != group) {
            continue;
        }
        let Some(plan) = plans.lookup(&r[3], &r[2]) else {
            continue;
        };
        match sets.iter_mut().find(|(g, _)| *g == group) {
            Some((_, members)) => members.push(plan),
            None => sets.push((group, vec![plan])),
        }
    }
    sets.into_iter()
        .map(|(_, m)| m)
        .filter(|m| m.len() > 1)
        .collect()
}

fn write_sets(out: &mut String, name: &str, sets: &[Vec<u16>]) {
    writeln!(out, "pub(super) static {name}: &[&[u16]] = &[").unwrap();
    for set in sets {
        let items: Vec<String> = set.iter().map(u16::to_string).collect();
        writeln!(out, "    &[{}],", items.join(", ")).unwrap();
    }
    out.push_str("];\n\n");
}

fn write_conflicts(out: &mut String, dir: &Path, plans: &PlanIndex) {
    let current = conflict_sets(
        &dir.join("mutually_exclusive_service_plans_current.csv"),
        plans,
        None,
    );
    let legacy_exchange = conflict_sets(
        &dir.join("mutually_exclusive_service_plans_azure-docs_2021-08.csv"),
        plans,
        Some("exchange_online"),
    );
    write_sets(out, "CONFLICT_SETS", &current);
    write_sets(out, "LEGACY_EXCHANGE_CONFLICT_SETS", &legacy_exchange);
}

fn write_dependencies(out: &mut String, path: &Path, plans: &PlanIndex) {
    out.push_str("pub(super) static DEPENDENCIES: &[CatalogDependency] = &[\n");
    for record in reader(path).records() {
        let r = record.unwrap();
        let Some(plan) = plans.lookup(&r[1], &r[0]) else {
            continue;
        };
        let any_of = r[4].starts_with("any_of");
        let separator = if any_of { '|' } else { ';' };
        let names: Vec<&str> = r[2].split(separator).collect();
        let guids: Vec<&str> = r[3].split(separator).collect();
        let mut required = Vec::new();
        let mut complete = true;
        for (name, guid) in names
            .iter()
            .zip(guids.iter().chain(std::iter::repeat(&"?")))
        {
            match plans.lookup(guid.trim(), name.split(" (").next().unwrap_or(name)) {
                Some(p) => required.push(p.to_string()),
                None => complete = false,
            }
        }
        // An alternative naming an unknown plan (the community DB's SKU-as-plan quirk) can never
        // be satisfied; dropping it keeps the rule's other alternatives meaningful.
        if !complete || required.is_empty() {
            continue;
        }
        let microsoft_evidence = !r[5].starts_with("community");
        writeln!(
            out,
            "    CatalogDependency {{ plan: {plan}, any_of: {any_of}, required: &[{}], microsoft_evidence: {microsoft_evidence} }},",
            required.join(", ")
        )
        .unwrap();
    }
    out.push_str("];\n");
}

//! Products: matched by `skuId`, then by part number among those left (a product recreated under
//! another id is the same product to an administrator); seat counts and service plans compared.

use super::{plan_difference, plan_refs, product_ref, Pair};
use crate::model::{ProductDiff, UnitChange, UnitField};
use licenselab_engine::{PrepaidUnits, SkuIx, Tenant};
use std::collections::HashMap;

/// The products of both snapshots, paired: a product is named across the two by its position
/// here (`of_old`, `of_new`).
pub struct Products {
    pairs: Vec<Pair<SkuIx>>,
    of_old: Vec<Option<usize>>,
    of_new: Vec<Option<usize>>,
    /// Per position: in both, with the same plans in the same order, so that a set of plans
    /// means the same on both sides and sets compare as they are.
    same_plans: Vec<bool>,
}

fn live(tenant: &Tenant) -> impl Iterator<Item = SkuIx> + '_ {
    (0..tenant.skus().len())
        .map(SkuIx::new)
        .filter(|s| !tenant.sku(*s).is_pending())
}

fn part_number(tenant: &Tenant, s: SkuIx) -> Option<String> {
    tenant.sku(s).part_number().map(str::to_ascii_lowercase)
}

impl Products {
    pub fn match_up(old: &Tenant, new: &Tenant) -> Products {
        let old_by_id: HashMap<&str, SkuIx> = live(old).map(|s| (old.sku(s).id(), s)).collect();
        let mut matched: Vec<(Option<SkuIx>, SkuIx)> = live(new)
            .map(|n| (old_by_id.get(new.sku(n).id()).copied(), n))
            .collect();
        let mut taken: Vec<bool> = vec![false; old.skus().len()];
        for o in matched.iter().filter_map(|(o, _)| *o) {
            taken[o.index()] = true;
        }
        // Then by part number, among the products no id matched.
        let mut old_by_part: HashMap<String, SkuIx> = HashMap::new();
        for o in live(old).filter(|o| !taken[o.index()]) {
            if let Some(part) = part_number(old, o) {
                old_by_part.entry(part).or_insert(o);
            }
        }
        for (o, n) in matched.iter_mut().filter(|(o, _)| o.is_none()) {
            *o = part_number(new, *n).and_then(|part| old_by_part.remove(&part));
            if let Some(found) = *o {
                taken[found.index()] = true;
            }
        }
        let mut pairs: Vec<_> = matched
            .into_iter()
            .map(|(o, n)| o.map_or(Pair::Added(n), |o| Pair::Both(o, n)))
            .collect();
        pairs.extend(live(old).filter(|o| !taken[o.index()]).map(Pair::Removed));
        let mut of_old = vec![None; old.skus().len()];
        let mut of_new = vec![None; new.skus().len()];
        for (i, pair) in pairs.iter().enumerate() {
            if let Some(o) = pair.before() {
                of_old[o.index()] = Some(i);
            }
            if let Some(n) = pair.after() {
                of_new[n.index()] = Some(i);
            }
        }
        let same_plans = pairs
            .iter()
            .map(|pair| match *pair {
                Pair::Both(o, n) => old
                    .sku_plans(o)
                    .map(|p| p.id)
                    .eq(new.sku_plans(n).map(|p| p.id)),
                _ => false,
            })
            .collect();
        Products {
            pairs,
            of_old,
            of_new,
            same_plans,
        }
    }

    /// The position of an old product (a product a user's row names is always live).
    pub fn of_old(&self, s: SkuIx) -> usize {
        self.of_old[s.index()].expect("a row's product is subscribed")
    }

    pub fn of_new(&self, s: SkuIx) -> usize {
        self.of_new[s.index()].expect("a row's product is subscribed")
    }

    /// Whether the product at `position` has the same plans, in the same order, on both sides.
    pub fn same_plans(&self, position: usize) -> bool {
        self.same_plans[position]
    }
}

fn units(prepaid: PrepaidUnits, consumed: u32) -> [(UnitField, u32); 5] {
    [
        (UnitField::Enabled, prepaid.enabled),
        (UnitField::Warning, prepaid.warning),
        (UnitField::Suspended, prepaid.suspended),
        (UnitField::LockedOut, prepaid.locked_out),
        (UnitField::Consumed, consumed),
    ]
}

pub fn compare(products: &Products, old: &Tenant, new: &Tenant) -> Vec<ProductDiff> {
    let counts = |tenant: &Tenant, s: Option<SkuIx>| {
        s.map_or(units(PrepaidUnits::default(), 0), |s| {
            let sku = tenant.sku(s);
            units(sku.prepaid(), sku.consumed())
        })
    };
    products
        .pairs
        .iter()
        .filter_map(|pair| {
            let (o, n) = (pair.before(), pair.after());
            let units: Vec<UnitChange> = counts(old, o)
                .into_iter()
                .zip(counts(new, n))
                .filter(|((_, before), (_, after))| before != after)
                .map(|((field, before), (_, after))| UnitChange {
                    field,
                    before,
                    after,
                })
                .collect();
            // A product's plans are compared only when it is in both: an added product's plans
            // are the catalog's, not a change.
            let (plans_added, plans_removed) = match (o, n) {
                (Some(o), Some(n)) => plan_difference(
                    &plan_refs(old, o, old.sku(o).all_plans()),
                    &plan_refs(new, n, new.sku(n).all_plans()),
                ),
                _ => Default::default(),
            };
            let differs = !(units.is_empty() && plans_added.is_empty() && plans_removed.is_empty());
            let change = pair.change(differs)?;
            let (tenant, s) = pair.latest(old, new);
            let product = product_ref(tenant, s);
            Some(ProductDiff {
                product,
                change,
                units,
                plans_added,
                plans_removed,
            })
        })
        .collect()
}

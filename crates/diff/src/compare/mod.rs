//! The comparison: objects matched by id (products by `skuId`, else by part number), then each
//! kind compared on its own (`products.rs`, `groups.rs`, `users.rs`). It reads the tenants only
//! through the engine's front door.

mod groups;
mod products;
mod users;

use crate::model::{
    Change, Counts, Diff, GroupRef, PlanRef, ProductRef, Summary, DIFF_FORMAT_VERSION,
};
use licenselab_engine::{GroupIx, PlanSet, SkuIx, Tenant};
use std::collections::HashSet;
use std::hash::Hash;

pub use products::Products;

/// What differs from `old` to `new`, two tenants as they stand (each scenario run to its end).
pub fn between(old: &Tenant, new: &Tenant) -> Diff {
    let matched = Products::match_up(old, new);
    let products = products::compare(&matched, old, new);
    let groups = groups::compare(&matched, old, new);
    let users = users::compare(&matched, old, new);
    let summary = Summary {
        products: count(products.iter().map(|p| p.change)),
        groups: count(groups.iter().map(|g| g.change)),
        users: count(users.iter().map(|u| u.change)),
    };
    Diff {
        licenselab_diff: DIFF_FORMAT_VERSION,
        changed: !(products.is_empty() && groups.is_empty() && users.is_empty()),
        summary,
        products,
        groups,
        users,
    }
}

fn count(changes: impl Iterator<Item = Change>) -> Counts {
    changes.fold(Counts::default(), |mut counts, change| {
        match change {
            Change::Added => counts.added += 1,
            Change::Removed => counts.removed += 1,
            Change::Changed => counts.changed += 1,
        }
        counts
    })
}

/// An object of one kind in both snapshots (old, new), or in one of them.
#[derive(Debug, Clone, Copy)]
pub enum Pair<I> {
    Both(I, I),
    Added(I),
    Removed(I),
}

impl<I: Copy> Pair<I> {
    pub fn before(self) -> Option<I> {
        match self {
            Pair::Both(o, _) | Pair::Removed(o) => Some(o),
            Pair::Added(_) => None,
        }
    }

    pub fn after(self) -> Option<I> {
        match self {
            Pair::Both(_, n) | Pair::Added(n) => Some(n),
            Pair::Removed(_) => None,
        }
    }

    /// The side that names the object: the new one, unless it was removed.
    pub fn latest<'t>(self, old: &'t Tenant, new: &'t Tenant) -> (&'t Tenant, I) {
        match self {
            Pair::Both(_, n) | Pair::Added(n) => (new, n),
            Pair::Removed(o) => (old, o),
        }
    }

    /// The change the pair stands for, given whether its two sides differ.
    pub fn change(self, differs: bool) -> Option<Change> {
        match self {
            Pair::Added(_) => Some(Change::Added),
            Pair::Removed(_) => Some(Change::Removed),
            Pair::Both(..) => differs.then_some(Change::Changed),
        }
    }
}

/// Objects of one kind paired by id: every live one of `new` in its order, with its match in
/// `old` if any, then those of `old` that `new` lacks, in `old`'s order.
fn pair_up<I: Copy>(
    old_live: impl Iterator<Item = I>,
    new_live: impl Iterator<Item = I>,
    in_old: impl Fn(I) -> Option<I>,
    in_new: impl Fn(I) -> Option<I>,
) -> Vec<Pair<I>> {
    let mut pairs: Vec<_> = new_live
        .map(|n| match in_old(n) {
            Some(o) => Pair::Both(o, n),
            None => Pair::Added(n),
        })
        .collect();
    pairs.extend(old_live.filter(|o| in_new(*o).is_none()).map(Pair::Removed));
    pairs
}

/// The items of `after` whose key no item of `before` has, in `after`'s order.
fn only_in<'a, T, K: Eq + Hash>(after: &'a [T], before: &[T], key: impl Fn(&T) -> K) -> Vec<&'a T> {
    let known: HashSet<K> = before.iter().map(&key).collect();
    after
        .iter()
        .filter(|item| !known.contains(&key(item)))
        .collect()
}

fn product_ref(tenant: &Tenant, s: SkuIx) -> ProductRef {
    let sku = tenant.sku(s);
    ProductRef {
        sku_id: sku.id().to_owned(),
        sku_part_number: sku.part_number().map(str::to_owned),
        display_name: sku.display_name().to_owned(),
    }
}

fn group_ref(tenant: &Tenant, g: GroupIx) -> GroupRef {
    let group = tenant.group(g);
    GroupRef {
        id: group.id().to_owned(),
        display_name: group.display_name().to_owned(),
    }
}

/// The plans of product `s` in `set`, in the product's plan order.
fn plan_refs(tenant: &Tenant, s: SkuIx, set: PlanSet) -> Vec<PlanRef> {
    tenant
        .sku_plans(s)
        .enumerate()
        .filter(|(position, _)| set.contains(*position))
        .map(|(_, plan)| PlanRef {
            service_plan_id: plan.id.to_owned(),
            service_plan_name: plan.name.map(str::to_owned),
            display_name: plan.display_name.to_owned(),
        })
        .collect()
}

/// What `after` has that `before` lacks, and the other way round (by `key`), each item shown by
/// its own side's `show`: `(added, removed)`, in `after`'s and `before`'s order.
fn added_and_removed<T, K: Eq + Hash, O>(
    before: &[T],
    after: &[T],
    key: impl Fn(&T) -> K,
    show_old: impl Fn(&T) -> O,
    show_new: impl Fn(&T) -> O,
) -> (Vec<O>, Vec<O>) {
    let added = only_in(after, before, &key)
        .into_iter()
        .map(show_new)
        .collect();
    let removed = only_in(before, after, &key)
        .into_iter()
        .map(show_old)
        .collect();
    (added, removed)
}

/// Plans in `after` and not in `before` (by `servicePlanId`), and the other way round.
fn plan_difference(before: &[PlanRef], after: &[PlanRef]) -> (Vec<PlanRef>, Vec<PlanRef>) {
    added_and_removed(
        before,
        after,
        |p| p.service_plan_id.clone(),
        PlanRef::clone,
        PlanRef::clone,
    )
}

//! Users: matched by id; what their licensing looks like on each side (products held, plans
//! enabled, license paths and their errors, the usage location), compared. A user on one side
//! only is compared with a user who has nothing.

use super::{
    added_and_removed, group_ref, pair_up, plan_difference, plan_refs, product_ref, Pair, Products,
};
use crate::model::{
    Assignment, AssignmentError, PlanRef, ProductPlans, ProductRef, TextChange, UserDiff,
};
use licenselab_engine::{GroupIx, PlanSet, SkuIx, Source, State, Tenant, UserIx};

fn is_live(tenant: &Tenant, u: UserIx) -> bool {
    let user = tenant.user(u);
    user.is_alive() && !user.is_pending()
}

fn live(tenant: &Tenant) -> impl Iterator<Item = UserIx> + '_ {
    (0..tenant.users().len())
        .map(UserIx::new)
        .filter(|u| is_live(tenant, *u))
}

fn find(tenant: &Tenant, id: &str) -> Option<UserIx> {
    tenant.user_ix(id).filter(|u| is_live(tenant, *u))
}

/// One license path of a user on one side, named across the two snapshots by its product's
/// position (`Products`) and its group's id.
struct Path<'a> {
    product: usize,
    sku: SkuIx,
    group: Option<GroupIx>,
    group_id: Option<&'a str>,
    state: State,
    error: &'static str,
    holds_seat: bool,
}

/// A user's licensing on one side (empty when the user is on the other side only).
struct Holdings<'a> {
    tenant: &'a Tenant,
    user: Option<UserIx>,
    paths: Vec<Path<'a>>,
}

impl<'a> Holdings<'a> {
    fn of(tenant: &'a Tenant, user: Option<UserIx>, position: impl Fn(SkuIx) -> usize) -> Self {
        let paths = user.map_or_else(Vec::new, |u| {
            tenant
                .user(u)
                .rows()
                .iter()
                .map(|row| {
                    let group = match row.source() {
                        Source::Direct => None,
                        Source::Group(g) => Some(g),
                    };
                    Path {
                        product: position(row.sku()),
                        sku: row.sku(),
                        group,
                        group_id: group.map(|g| tenant.group(g).id()),
                        state: row.state(),
                        error: row.error().as_str(),
                        holds_seat: row.holds_seat(),
                    }
                })
                .collect()
        });
        Holdings {
            tenant,
            user,
            paths,
        }
    }

    /// The products the user holds a seat of, once each, in row order.
    fn held(&self) -> Vec<&Path<'a>> {
        let mut held: Vec<&Path> = Vec::new();
        for path in self.paths.iter().filter(|p| p.holds_seat) {
            if !held.iter().any(|h| h.product == path.product) {
                held.push(path);
            }
        }
        held
    }

    fn errors(&self) -> Vec<&Path<'a>> {
        self.paths.iter().filter(|p| p.state.is_error()).collect()
    }

    fn product(&self, path: &Path) -> ProductRef {
        product_ref(self.tenant, path.sku)
    }

    fn assignment(&self, path: &Path) -> Assignment {
        Assignment {
            product: self.product(path),
            assigned_by_group: path.group.map(|g| group_ref(self.tenant, g)),
        }
    }

    fn error(&self, path: &Path) -> AssignmentError {
        AssignmentError {
            assignment: self.assignment(path),
            state: path.state.as_str().to_owned(),
            error: path.error.to_owned(),
        }
    }

    /// The plans of the path's product the user has enabled, through any path.
    fn enabled(&self, path: &Path) -> PlanSet {
        let user = self.user.expect("a path belongs to a user");
        self.tenant.user(user).enabled(path.sku)
    }

    fn enabled_plans(&self, path: &Path) -> Vec<PlanRef> {
        plan_refs(self.tenant, path.sku, self.enabled(path))
    }

    fn usage_location(&self) -> Option<&'a str> {
        self.user.and_then(|u| self.tenant.user(u).usage_location())
    }
}

pub fn compare(products: &Products, old: &Tenant, new: &Tenant) -> Vec<UserDiff> {
    let pairs = pair_up(
        live(old),
        live(new),
        |n| find(old, new.user(n).id()),
        |o| find(new, old.user(o).id()),
    );
    pairs
        .into_iter()
        .filter_map(|pair| {
            let before = Holdings::of(old, pair.before(), |s| products.of_old(s));
            let after = Holdings::of(new, pair.after(), |s| products.of_new(s));
            compare_user(products, &before, &after, pair)
        })
        .collect()
}

/// The user's differences, or `None` for a user in both snapshots with none.
fn compare_user<'a>(
    products: &Products,
    before: &Holdings<'a>,
    after: &Holdings<'a>,
    pair: Pair<UserIx>,
) -> Option<UserDiff> {
    let (old_held, new_held) = (before.held(), after.held());
    let (products_gained, products_lost) = added_and_removed(
        &old_held,
        &new_held,
        |p| p.product,
        |p| before.product(p),
        |p| after.product(p),
    );

    let mut plans_gained = Vec::new();
    let mut plans_lost = Vec::new();
    for now in &new_held {
        let Some(was) = old_held.iter().find(|w| w.product == now.product) else {
            continue;
        };
        // Most users' plans are as they were: compared as sets, without naming every plan.
        if products.same_plans(now.product) && before.enabled(was) == after.enabled(now) {
            continue;
        }
        let (gained, lost) = plan_difference(&before.enabled_plans(was), &after.enabled_plans(now));
        for (plans, list) in [(gained, &mut plans_gained), (lost, &mut plans_lost)] {
            if !plans.is_empty() {
                list.push(ProductPlans {
                    product: after.product(now),
                    plans,
                });
            }
        }
    }

    let (assignments_added, assignments_removed) = added_and_removed(
        &before.paths,
        &after.paths,
        |p| (p.product, p.group_id),
        |p| before.assignment(p),
        |p| after.assignment(p),
    );
    let (errors_appeared, errors_cleared) = added_and_removed(
        &before.errors(),
        &after.errors(),
        |p| (p.product, p.group_id, p.state.as_str(), p.error),
        |p| before.error(p),
        |p| after.error(p),
    );

    let (location_before, location_after) = (before.usage_location(), after.usage_location());
    let usage_location = (location_before != location_after).then(|| TextChange {
        before: location_before.map(str::to_owned),
        after: location_after.map(str::to_owned),
    });

    let differs = usage_location.is_some()
        || !products_gained.is_empty()
        || !products_lost.is_empty()
        || !plans_gained.is_empty()
        || !plans_lost.is_empty()
        || !assignments_added.is_empty()
        || !assignments_removed.is_empty()
        || !errors_appeared.is_empty()
        || !errors_cleared.is_empty();
    let change = pair.change(differs)?;
    let (tenant, u) = pair.latest(before.tenant, after.tenant);
    let user = tenant.user(u);
    Some(UserDiff {
        id: user.id().to_owned(),
        display_name: user.display_name().to_owned(),
        user_principal_name: tenant
            .user_attributes(u)
            .find(|(name, _)| *name == "userPrincipalName")
            .and_then(|(_, value)| value.as_str().map(str::to_owned)),
        change,
        usage_location,
        products_gained,
        products_lost,
        plans_gained,
        plans_lost,
        assignments_added,
        assignments_removed,
        errors_appeared,
        errors_cleared,
    })
}

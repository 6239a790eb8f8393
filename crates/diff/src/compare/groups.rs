//! Groups: matched by id; name, membership rule and licenses compared, and the direct members of
//! groups that assign licenses in either snapshot (other groups' members do not change anyone's
//! licenses).

use super::{
    added_and_removed, group_ref, pair_up, plan_difference, plan_refs, product_ref, Pair, Products,
};
use crate::model::{
    GroupDiff, GroupLicenseChange, GroupLicenseRef, MemberChange, MemberKind, TextChange,
};
use licenselab_engine::{GroupIx, MemberRef, SkuIx, Tenant};

fn live(tenant: &Tenant) -> impl Iterator<Item = GroupIx> + '_ {
    (0..tenant.groups().len())
        .map(GroupIx::new)
        .filter(|g| is_live(tenant, *g))
}

fn find(tenant: &Tenant, id: &str) -> Option<GroupIx> {
    tenant.group_ix(id).filter(|g| is_live(tenant, *g))
}

fn is_live(tenant: &Tenant, g: GroupIx) -> bool {
    let group = tenant.group(g);
    group.is_alive() && !group.is_pending()
}

/// One side of a group: its tenant and index, or nothing when the group is on the other side only.
#[derive(Clone, Copy)]
struct Side<'a> {
    tenant: &'a Tenant,
    group: Option<GroupIx>,
}

impl<'a> Side<'a> {
    /// The group's licenses, each with its product's position (`Products`).
    fn licenses(&self, position: impl Fn(SkuIx) -> usize) -> Vec<(usize, GroupLicenseRef)> {
        let Some(g) = self.group else {
            return Vec::new();
        };
        self.tenant
            .group(g)
            .licenses()
            .iter()
            .map(|license| {
                let s = license.sku();
                let view = GroupLicenseRef {
                    product: product_ref(self.tenant, s),
                    disabled_plans: plan_refs(self.tenant, s, license.disabled()),
                };
                (position(s), view)
            })
            .collect()
    }

    fn members(&self) -> Vec<(&'a str, MemberRef)> {
        let Some(g) = self.group else {
            return Vec::new();
        };
        let tenant = self.tenant;
        tenant
            .group(g)
            .members()
            .iter()
            .map(|m| (tenant.member_id(m.who()), m.who()))
            .collect()
    }

    fn member(&self, who: MemberRef) -> MemberChange {
        let (display_name, kind) = match who {
            MemberRef::User(u) => (self.tenant.user(u).display_name(), MemberKind::User),
            MemberRef::Group(g) => (self.tenant.group(g).display_name(), MemberKind::Group),
        };
        MemberChange {
            id: self.tenant.member_id(who).to_owned(),
            display_name: display_name.to_owned(),
            kind,
        }
    }

    fn membership_rule(&self) -> Option<&'a str> {
        self.group
            .and_then(|g| self.tenant.group(g).membership_rule())
    }
}

pub fn compare(products: &Products, old: &Tenant, new: &Tenant) -> Vec<GroupDiff> {
    let pairs = pair_up(
        live(old),
        live(new),
        |n| find(old, new.group(n).id()),
        |o| find(new, old.group(o).id()),
    );
    pairs
        .iter()
        .filter_map(|pair| {
            let before = Side {
                tenant: old,
                group: pair.before(),
            };
            let after = Side {
                tenant: new,
                group: pair.after(),
            };
            compare_group(products, before, after, *pair)
        })
        .collect()
}

fn compare_group<'a>(
    products: &Products,
    before: Side<'a>,
    after: Side<'a>,
    pair: Pair<GroupIx>,
) -> Option<GroupDiff> {
    let display_name_before = match (before.group, after.group) {
        (Some(o), Some(n))
            if before.tenant.group(o).display_name() != after.tenant.group(n).display_name() =>
        {
            Some(before.tenant.group(o).display_name().to_owned())
        }
        _ => None,
    };
    let (rule_before, rule_after) = (before.membership_rule(), after.membership_rule());
    let membership_rule = (rule_before != rule_after).then(|| TextChange {
        before: rule_before.map(str::to_owned),
        after: rule_after.map(str::to_owned),
    });

    let old_licenses = before.licenses(|s| products.of_old(s));
    let new_licenses = after.licenses(|s| products.of_new(s));
    let license = |(_, license): &(usize, GroupLicenseRef)| license.clone();
    let (licenses_added, licenses_removed) = added_and_removed(
        &old_licenses,
        &new_licenses,
        |(position, _)| *position,
        license,
        license,
    );
    let licenses_changed: Vec<GroupLicenseChange> = new_licenses
        .iter()
        .filter_map(|(position, now)| {
            let (_, was) = old_licenses.iter().find(|(p, _)| p == position)?;
            let (plans_disabled, plans_enabled) =
                plan_difference(&was.disabled_plans, &now.disabled_plans);
            (!(plans_disabled.is_empty() && plans_enabled.is_empty())).then(|| GroupLicenseChange {
                product: now.product.clone(),
                plans_disabled,
                plans_enabled,
            })
        })
        .collect();

    let licensed = !(old_licenses.is_empty() && new_licenses.is_empty());
    let (members_joined, members_left) = if licensed {
        added_and_removed(
            &before.members(),
            &after.members(),
            |&(id, _): &(&'a str, MemberRef)| id,
            |(_, who)| before.member(*who),
            |(_, who)| after.member(*who),
        )
    } else {
        (Vec::new(), Vec::new())
    };

    let differs = display_name_before.is_some()
        || membership_rule.is_some()
        || !licenses_added.is_empty()
        || !licenses_removed.is_empty()
        || !licenses_changed.is_empty()
        || !members_joined.is_empty()
        || !members_left.is_empty();
    let change = pair.change(differs)?;
    let (tenant, g) = pair.latest(before.tenant, after.tenant);
    Some(GroupDiff {
        group: group_ref(tenant, g),
        change,
        display_name_before,
        membership_rule,
        licenses_added,
        licenses_removed,
        licenses_changed,
        members_joined,
        members_left,
    })
}

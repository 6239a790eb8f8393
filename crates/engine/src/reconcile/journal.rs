//! What a step changed: each touched user's enabled plans per product, before and after.

use super::Transition;
use crate::tenant::{PlanSet, SkuIx, UserIx};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
pub struct Journal {
    before: BTreeMap<UserIx, Vec<(SkuIx, PlanSet)>>,
}

/// Plans one user gained and lost in one product during one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanChange {
    pub user: UserIx,
    pub sku: SkuIx,
    pub gained: PlanSet,
    pub lost: PlanSet,
}

impl Transition<'_> {
    fn enabled_by_sku(&self, u: UserIx) -> Vec<(SkuIx, PlanSet)> {
        let mut skus: Vec<SkuIx> = self.user(u).rows.iter().map(|r| r.sku).collect();
        SkuIx::sort(&mut skus);
        skus.dedup();
        skus.into_iter()
            .map(|s| (s, self.user(u).enabled(s)))
            .collect()
    }

    /// Call before changing a user's rows, so the step can report what changed.
    pub(crate) fn touch(&mut self, u: UserIx) {
        if !self.work.building && !self.work.journal.before.contains_key(&u) {
            let snapshot = self.enabled_by_sku(u);
            self.work.journal.before.insert(u, snapshot);
        }
    }

    /// The changes since the last call, by user then product (scenario order).
    pub(crate) fn take_changes(&mut self) -> Vec<PlanChange> {
        let before = std::mem::take(&mut self.work.journal.before);
        let mut changes = Vec::new();
        for (u, before) in before {
            let after = if self.user(u).alive {
                self.enabled_by_sku(u)
            } else {
                Vec::new()
            };
            let mut skus: Vec<SkuIx> = before.iter().chain(after.iter()).map(|(s, _)| *s).collect();
            SkuIx::sort(&mut skus);
            skus.dedup();
            let lookup = |list: &[(SkuIx, PlanSet)], s: SkuIx| {
                list.iter()
                    .find(|(k, _)| *k == s)
                    .map_or(PlanSet::EMPTY, |(_, p)| *p)
            };
            for s in skus {
                let (old, new) = (lookup(&before, s), lookup(&after, s));
                if old != new {
                    changes.push(PlanChange {
                        user: u,
                        sku: s,
                        gained: new.difference(old),
                        lost: old.difference(new),
                    });
                }
            }
        }
        changes
    }
}

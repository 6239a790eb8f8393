//! Pending work in an observed tenant (`tenant-import.md` §3): what group processing would change
//! in the state Graph reported, each item with its reason. It is read from the tenant as it
//! stands, never stored: a step that processes a user (which evaluates all of the user's paths,
//! B18) or a `reprocess` does the user's items, and they are simply no longer there.

use super::{GroupIx, LicenseError, SkuIx, Source, Standing, State, Tenant, UserIx};

/// One item of pending work: a user's path (`user` and `group`), or a product's seat count
/// (`user` and `group` are `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingWork {
    pub user: Option<UserIx>,
    pub sku: SkuIx,
    pub group: Option<GroupIx>,
    pub reason: PendingReason,
}

/// Why processing would change something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PendingReason {
    /// The user is a member of a group that assigns the product, and has no row from it.
    NoRow,
    /// A row from a group the user is no longer a licensed member of.
    NotAMember,
    /// A row from a group that no longer assigns the product.
    NotAssigned,
    /// A row whose disabled plans are not the group's assignment's.
    DisabledPlansDiffer,
    /// An Error row whose path would succeed now (seats freed, a conflict gone).
    ErrorWouldClear,
    /// `consumedUnits` (as reported, then moved by the steps' changes) is not the number of users
    /// holding a seat (B6); a reprocess counts again.
    ConsumedUnitsDiffer { consumed: u32, holders: u32 },
}

impl PendingReason {
    /// The reason's name in the result document.
    pub fn as_str(self) -> &'static str {
        match self {
            PendingReason::NoRow => "noRow",
            PendingReason::NotAMember => "notAMember",
            PendingReason::NotAssigned => "notAssigned",
            PendingReason::DisabledPlansDiffer => "disabledPlansDiffer",
            PendingReason::ErrorWouldClear => "errorWouldClear",
            PendingReason::ConsumedUnitsDiffer { .. } => "consumedUnitsDiffer",
        }
    }
}

impl Tenant {
    /// The pending work, users first (in scenario order, then by product and group), then
    /// products. Always empty for a computed starting state, whose rows are processing's own.
    pub fn pending(&self) -> Vec<PendingWork> {
        if !self.observed {
            return Vec::new();
        }
        let mut items = Vec::new();
        for (i, user) in self.users.iter().enumerate() {
            if !user.alive {
                continue;
            }
            let u = UserIx::new(i);
            let first = items.len();
            let mut item = |sku, group, reason| {
                items.push(PendingWork {
                    user: Some(u),
                    sku,
                    group: Some(group),
                    reason,
                })
            };
            for &g in &user.memberships {
                if !self.is_licensed_member(u, g) {
                    continue;
                }
                let licenses = &self.group(g).licenses;
                let mut would_clear = None;
                for license in licenses {
                    let row = user
                        .rows_for(license.sku)
                        .find(|r| r.source == Source::Group(g));
                    match row {
                        None => item(license.sku, g, PendingReason::NoRow),
                        Some(row) if row.disabled != license.disabled => {
                            item(license.sku, g, PendingReason::DisabledPlansDiffer)
                        }
                        Some(row)
                            if row.state == State::Error
                                && row.error != LicenseError::DependencyViolation =>
                        {
                            // One evaluation per group path answers for all its rows (B9).
                            let clears = *would_clear.get_or_insert_with(|| {
                                self.check_group_licenses(u, g, licenses)
                                    .iter()
                                    .all(Option::is_none)
                            });
                            if clears {
                                item(license.sku, g, PendingReason::ErrorWouldClear);
                            }
                        }
                        Some(_) => {}
                    }
                }
            }
            for row in &user.rows {
                let Source::Group(g) = row.source else {
                    continue;
                };
                // A removal blocked by a dependent plan is Entra's own standing state (B14b).
                if row.standing == Standing::RemovalBlocked {
                    continue;
                }
                if !self.is_licensed_member(u, g) {
                    item(row.sku, g, PendingReason::NotAMember);
                } else if self.group(g).license(row.sku).is_none() {
                    item(row.sku, g, PendingReason::NotAssigned);
                }
            }
            crate::order::sort_by_key(&mut items[first..], |p| (p.sku, p.group));
        }
        for ((s, sku), holders) in self.skus.iter().enumerate().zip(self.holders_per_sku()) {
            let s = SkuIx::new(s);
            if !sku.pending && sku.consumed != holders {
                items.push(PendingWork {
                    user: None,
                    sku: s,
                    group: None,
                    reason: PendingReason::ConsumedUnitsDiffer {
                        consumed: sku.consumed,
                        holders,
                    },
                });
            }
        }
        items
    }
}

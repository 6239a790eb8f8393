//! The Products view's answer: every subscribed product at the cursor with its seats (bought,
//! held, assignable, what is left), its service plans and the groups that assign it, the group
//! licensing entitlement report (B27) and the scenario's options, which the view explains and
//! lets the user change. The embed's products table reads the same answer.
//!
//! What the view's controls need besides: buying seats builds a `setPrepaidUnits` step from a
//! product's `Seats`, and buying a product checks the catalog against `in_tenant`. The catalog
//! itself (product and plan names for the pickers) is Microsoft's table compiled into the engine,
//! no tenant involved, so the component reads it directly.

use licenselab_engine::{Options, PrepaidUnits, SkuIx};
use serde::{Deserialize, Serialize};

use crate::model::queries::{groups_assigning, sku_name};
use crate::model::Derived;

/// The products at the cursor, in scenario order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Products {
    /// Subscribed products (not those a later step buys).
    pub products: Vec<Product>,
    /// Ids, lower-cased, of every product the scenario has or buys in any step: buying one of
    /// them again from the catalog is refused before it becomes a step.
    pub in_tenant: Vec<String>,
    pub entitlement: Entitlement,
    /// The scenario's simulator options, shown as policy notes and edited as a whole.
    pub options: Options,
}

/// One subscribed product.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    /// `skuId`, which steps name it by.
    pub id: String,
    /// The catalog's name, else the part number, else the id.
    pub name: String,
    pub part_number: Option<String>,
    pub seats: Seats,
    /// What the seat counts mean for new assignments, when it needs saying.
    pub seat_warning: Option<SeatWarning>,
    /// Its service plans, in the product's order.
    pub plans: Vec<Plan>,
    /// The live groups that assign it, in scenario order.
    pub groups: Vec<GroupRef>,
}

/// A product's units (`prepaidUnits`) and what is held of them (`consumedUnits`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seats {
    pub consumed: u32,
    pub enabled: u32,
    /// In their grace period.
    pub warning: u32,
    pub suspended: u32,
    pub locked_out: u32,
    /// Units that can be assigned: enabled, plus those in their grace period unless the
    /// `warningUnitsAssignable` option is off.
    pub assignable: u32,
    /// Assignable less consumed: negative when more are held than the subscription has.
    pub available: i64,
}

impl Seats {
    /// The units as a `setPrepaidUnits` step sets them.
    pub fn prepaid(&self) -> PrepaidUnits {
        PrepaidUnits {
            enabled: self.enabled,
            warning: self.warning,
            suspended: self.suspended,
            locked_out: self.locked_out,
        }
    }
}

/// Why new assignments of a product fail with CountViolation (§ seats).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeatWarning {
    /// More seats are held than assignable (seats were reduced): the holders keep them.
    OverUsed,
    /// Every assignable seat is held.
    NoneLeft,
}

/// A service plan as the view lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The catalog's friendly name, else the plan's name, else its id.
    pub display_name: String,
    /// `servicePlanName`, empty when unknown.
    pub name: String,
}

/// A group, by the id edits and navigation use and the name the view shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupRef {
    pub id: String,
    pub name: String,
}

/// Group-based licensing's entitlement (B27): a seat of a P1-capable product per direct member
/// of a licensed group. A licensing requirement, never a technical block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entitlement {
    pub licensed_group_members: usize,
    pub p1_capable_seats: u64,
    /// At least as many P1-capable seats as members.
    pub covered: bool,
}

impl Products {
    pub fn of(d: &Derived) -> Products {
        let t = d.tenant();
        let products = d
            .live_skus()
            .into_iter()
            .map(|s| Product::of(d, s))
            .collect();
        let report = t.compliance();
        Products {
            products,
            in_tenant: t.skus().iter().map(|s| s.id().to_lowercase()).collect(),
            entitlement: Entitlement {
                licensed_group_members: report.licensed_group_members,
                p1_capable_seats: report.p1_capable_seats,
                covered: report.p1_capable_seats >= report.licensed_group_members as u64,
            },
            options: d.scenario.options.clone(),
        }
    }
}

impl Product {
    fn of(d: &Derived, s: SkuIx) -> Product {
        let t = d.tenant();
        let sku = t.sku(s);
        let prepaid = sku.prepaid();
        let seats = Seats {
            consumed: sku.consumed(),
            enabled: prepaid.enabled,
            warning: prepaid.warning,
            suspended: prepaid.suspended,
            locked_out: prepaid.locked_out,
            assignable: t.assignable(sku),
            available: t.available(sku),
        };
        let seat_warning = if seats.available < 0 {
            Some(SeatWarning::OverUsed)
        } else if seats.available == 0 && seats.assignable > 0 {
            Some(SeatWarning::NoneLeft)
        } else {
            None
        };
        Product {
            id: sku.id().to_owned(),
            name: sku_name(t, s).to_owned(),
            part_number: sku.part_number().map(str::to_owned),
            seats,
            seat_warning,
            plans: t
                .sku_plans(s)
                .map(|plan| Plan {
                    display_name: plan.display_name.to_owned(),
                    name: plan.name.unwrap_or_default().to_owned(),
                })
                .collect(),
            groups: groups_assigning(t, s)
                .into_iter()
                .map(|g| {
                    let group = t.group(g);
                    GroupRef {
                        id: group.id().to_owned(),
                        name: group.display_name().to_owned(),
                    }
                })
                .collect(),
        }
    }
}

//! licenselab-diff: what changed between two snapshots of a tenant (two scenarios, such as two
//! imports a week apart). Pure: scenario text or tenants in, plain data and text out.
//!
//! # The front door
//!
//! - [`load`] reads a snapshot: the scenario, run to its end (an imported scenario has no steps,
//!   so that is the tenant as exported).
//! - [`compare`] gives the [`Diff`] of two tenants: products bought, reduced or given up; groups'
//!   licenses, disabled plans and (for groups with licenses) members; and per user the products
//!   and plans gained and lost, license paths and errors. Objects are matched by id (products by
//!   `skuId`, else by part number).
//! - [`Diff::to_json`] is the JSON every front end emits; [`render_text`] and
//!   [`render_markdown`] are the readable reports (Markdown in tables).

mod compare;
mod model;
mod render;

pub use compare::between as compare;
pub use model::{
    Assignment, AssignmentError, Change, Counts, Diff, GroupDiff, GroupLicenseChange,
    GroupLicenseRef, GroupRef, MemberChange, MemberKind, PlanRef, ProductDiff, ProductPlans,
    ProductRef, Summary, TextChange, UnitChange, UnitField, UserDiff, DIFF_FORMAT_VERSION,
};
pub use render::{render_markdown, render_text};

use licenselab_engine::{LoadError, Simulation};

/// A snapshot: the scenario in `text` loaded and run to its end (its tenant is
/// `Simulation::tenant`; its load warnings are `Simulation::warnings`).
pub fn load(text: &str) -> Result<Simulation, LoadError> {
    let mut simulation = Simulation::from_json(text)?;
    simulation.run_to_end();
    Ok(simulation)
}

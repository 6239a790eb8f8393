//! licenselab-plan: a migration planner. From today's tenant to a target tenant (a scenario
//! without steps: the tenant as it should be) in an order that loses nobody's service, found and
//! proved on the engine. Pure: scenarios in, plain data and text out.
//!
//! # The front door
//!
//! - [`plan`] compares the two, derives the changes (memberships, group and direct licenses,
//!   rules, seats), searches an order of engine steps in which no user is without a service they
//!   have today and in the target, buys the seats the move needs first, and checks that the end
//!   state is the target's; it returns a [`Plan`] or a [`PlanError`].
//! - [`Plan`] is plain data: the plan scenario ([`Plan::to_json`], which `licenselab run` and
//!   `check` take), the naive order beside it, seats to buy, unavoidable gaps, errors on the way
//!   and what the search did ([`Plan::report_json`]); [`render_text`] is the readable summary.

mod bridge;
mod derive;
mod judge;
mod model;
mod render;
mod search;

pub use model::{Gap, Naive, OrderTried, Plan, PlanStep, Refusal, Search, SeatPurchase, WayError};
pub use render::render_text;

use licenselab_engine::{LoadError, Scenario};
use std::fmt;

/// How to plan. Nothing to choose yet; kept so that options can come without a new signature.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanOptions {}

/// Why there is no plan: which input is wrong, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// The tenant does not load.
    Tenant(LoadError),
    /// The target does not load.
    Target(LoadError),
    /// The tenant or the target has steps (`which`, how many).
    HasSteps { which: &'static str, steps: usize },
    /// Differences the planner does not make, each with what to do.
    Unsupported(Vec<String>),
    /// A planned step the engine could not read: a defect of the planner.
    Internal(String),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Tenant(e) => write!(f, "the tenant does not load: {e}"),
            PlanError::Target(e) => write!(f, "the target does not load: {e}"),
            PlanError::HasSteps { which, steps } => write!(
                f,
                "the {which} has {steps} step(s): plan from a tenant and to a target without steps (remove `steps`, or export the tenant after them)"
            ),
            PlanError::Unsupported(what) => {
                write!(f, "the target differs in ways the planner does not change:")?;
                for line in what {
                    write!(f, "\n  - {line}")?;
                }
                Ok(())
            }
            PlanError::Internal(message) => write!(f, "planner defect: {message}"),
        }
    }
}

impl std::error::Error for PlanError {}

/// Plans the way from `tenant` (today) to `target`.
pub fn plan(
    tenant: &Scenario,
    target: &Scenario,
    options: &PlanOptions,
) -> Result<Plan, PlanError> {
    let _ = options;
    for (which, scenario) in [("tenant", tenant), ("target", target)] {
        if !scenario.steps.is_empty() {
            return Err(PlanError::HasSteps {
                which,
                steps: scenario.steps.len(),
            });
        }
    }
    search::plan(tenant, target)
}

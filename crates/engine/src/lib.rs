//! The licenselab engine: Entra ID group-based licensing, reconciled step by step.
//!
//! Pure: no I/O, no clock, no randomness, no platform types. Scenario in, result out; the same
//! scenario gives the same bytes on every platform. See `ARCHITECTURE.md`.
//!
//! # The front door
//!
//! Everything a front end uses is re-exported here; the modules behind it are private, so the
//! engine's internals can change (flat storage, new state) without touching a front end.
//!
//! - **Input**: a [`Scenario`] document (plain serde data: [`UserDef`], [`GroupDef`], [`SkuDef`],
//!   [`Step`] with its [`Action`], [`Options`]), read from text by [`parse`] (and one step by
//!   [`parse_step`]; [`Simulation::from_reader`] reads a file without holding its text, [`Simulation::from_scenario`] drops a document it is given as it loads it) with a [`LoadError`] that says where (line, column, field path) and what to do.
//! - **Running**: [`Simulation::new`] loads a scenario (or [`Simulation::loading`] in portions with
//!   progress), with [`Simulation::warnings`] for what loaded but deserves a word;
//!   [`Simulation::step`] runs the next step, [`Simulation::push`] runs a front end's
//!   edit, [`Simulation::preview`] tells what a step would do without doing it, and
//!   [`Simulation::reprocess_clears`] which errors a reprocess would clear now. A refused step is a
//!   [`Rejection`] with a [`RejectionCode`].
//! - **Reading**: [`Simulation::tenant`] gives the [`Tenant`] as it stands, read through methods
//!   that return plain data: its products ([`Sku`]), [`User`]s with their license [`Row`]s (Graph's
//!   `licenseAssignmentStates`), [`Group`]s, the audit log ([`AuditEntry`]), and in a scenario
//!   that starts from an observed state the work processing has yet to do ([`PendingWork`]).
//!   Objects are named by dense indices ([`UserIx`], [`GroupIx`], [`SkuIx`]); string ids live only
//!   at this boundary.
//! - **Output**: [`Simulation::result`] is the [`ResultDocument`], byte for byte what every front
//!   end emits, pretty or compact ([`JsonLayout`]), written into any `std::io::Write` as the
//!   tenant is walked ([`ResultDocument::write_json`]); [`run_json`] does it all from text to text.
//! - **Checking**: [`check`] runs a scenario (and a changes file's steps) and evaluates its
//!   [`Expectation`]s and the denied [`CheckPolicy`]s into a [`CheckReport`], whose JSON
//!   ([`check_json`]) every front end emits byte for byte.
//! - **Catalog**: Microsoft's products and service plans ([`catalog_products`], [`find_product`]),
//!   and the service families that tell a lost service from a renamed plan ([`service_families`]).

mod catalog;
mod check;
mod order;
mod reconcile;
mod report;
mod scenario;
mod simulation;
mod tenant;

pub use catalog::{
    find_product, format_guid, plans as catalog_plans, products as catalog_products,
    service_families, CatalogPlan, CatalogProduct, ServiceFamily,
};
pub use check::{
    check, check_json, Allow, CheckError, CheckOptions, CheckPolicy, CheckReport,
    ExpectationResult, Failure, PolicyResult, Principal, SeatChange, ServiceGap, ServiceLoss,
    StepSummary, UserChanges, UserServices,
};
/// How `-match` patterns compile: a build without the `regex` feature installs its engine once.
#[cfg(not(feature = "regex"))]
pub use licenselab_rules::install_pattern_engine;
#[cfg(feature = "regex")]
pub use licenselab_rules::RegexEngine;
pub use licenselab_rules::{Pattern, PatternEngine, PatternError, REGEX_SIZE_LIMIT};
pub use reconcile::{advice, journal::PlanChange, Rejection, RejectionCode};
pub use report::{step_result, JsonLayout, ResultDocument, StepReport, StepResult};
pub use scenario::document::{
    Action, AppliesTo, AssignedLicenseDef, CatalogExtension, DependencyDef, DependentRemoval,
    GroupDef, LicenseAssignmentStateDef, Options, Organization, PrepaidUnits,
    ProhibitedLocationDef, RuleProcessingState, Scenario, SeatOrder, ServicePlanDef, SkuDef,
    StartingState, Step, SwapFailure, UserDef, DYNAMIC_MEMBERSHIP, FORMAT_VERSION,
};
pub use scenario::expectations::{Changes, Expect, Expectation};
pub use scenario::{check_rule, parse, parse_step, LoadError, RuleError};
pub use simulation::{Loading, Preview, ReprocessOutcome, ResolvedStep, Simulation};
/// Ids to dense indices, the ids in one arena: for a front end numbering millions of id
/// references at the boundary (the import numbers a big tenant's member listings with it).
pub use tenant::id_index::IdIndex;
pub use tenant::{
    Activity, AuditEntry, AuditTarget, ComplianceReport, Group, GroupIx, GroupLicense, GroupType,
    LicenseError, Member, MemberRef, PendingReason, PendingWork, PlanInfo, PlanSet, Row, Sku,
    SkuIx, Source, Standing, State, Tenant, User, UserIx, UserStatus,
};

/// Runs a scenario document and returns the result document, byte for byte what every front end emits.
pub fn run_json(scenario_json: &str) -> Result<String, LoadError> {
    run_json_as(scenario_json, JsonLayout::Pretty)
}

/// `run_json` with the result in the given layout (`licenselab run --compact` is `Compact`).
pub fn run_json_as(scenario_json: &str, layout: JsonLayout) -> Result<String, LoadError> {
    let mut simulation = Simulation::from_json(scenario_json)?;
    simulation.run_to_end();
    Ok(simulation.result().to_json_as(layout))
}

//! A plan's steps as Microsoft Graph v1.0 requests, and as a PowerShell script that sends them
//! (`docs/requests.md`).
//!
//! Pure, like the engine: a loaded scenario in (`licenselab_engine::parse`), plain data and
//! text out. [`graph_requests`] walks the steps through the simulation, so each step is read
//! against the tenant as it stands just before it (a group's members for a reprocess, its
//! licenses for what to wait for), and turns each into the requests Microsoft documents for it
//! (or what to do by hand), the waits that show Graph processed it, and the plan's expectations
//! for that moment as checks. [`graph_json`] and [`powershell`] write that list; [`emit`] does
//! it all from text, byte for byte what every front end prints.

mod checks;
mod error;
mod json;
mod model;
mod plan;
mod powershell;
mod resolve;
mod scopes;
mod steps;
mod url;

pub use error::RequestsError;
pub use json::graph_json;
pub use model::{Action, Call, Check, GraphRequest, Method, PlanCheck, Wait, GRAPH_ROOT};
pub use powershell::powershell;
pub use scopes::scopes;

use licenselab_engine::Scenario;

/// The requests of a scenario's steps, in order: one entry per step, or one per member for a
/// group's reprocess. Fails when the scenario does not load, when the simulation refuses a step,
/// when a product or plan has no GUID, or when an expectation names what does not exist.
pub fn graph_requests(scenario: &Scenario) -> Result<Vec<GraphRequest>, RequestsError> {
    plan::graph_requests(scenario)
}

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emit {
    /// [`graph_json`].
    Graph,
    /// [`powershell`].
    PowerShell,
}

impl Emit {
    /// `graph` or `powershell`, as the command and the JavaScript API name them.
    pub fn from_name(name: &str) -> Option<Emit> {
        match name {
            "graph" => Some(Emit::Graph),
            "powershell" => Some(Emit::PowerShell),
            _ => None,
        }
    }
}

/// Scenario text in, the requests as `emit` writes them out.
pub fn emit(scenario_json: &str, emit: Emit) -> Result<String, RequestsError> {
    let scenario = licenselab_engine::parse(scenario_json)?;
    let requests = graph_requests(&scenario)?;
    Ok(match emit {
        Emit::Graph => graph_json(&requests),
        Emit::PowerShell => powershell(&requests),
    })
}

//! The request list of a scenario: its steps in order, each read against the tenant as the
//! simulation has it just before (a group's members and licenses at that moment), with the
//! expectations placed after their step.

use crate::checks::{self, Placed};
use crate::error::RequestsError;
use crate::model::GraphRequest;
use crate::steps;
use licenselab_engine::{Scenario, Simulation};

pub(crate) fn graph_requests(scenario: &Scenario) -> Result<Vec<GraphRequest>, RequestsError> {
    let steps = &scenario.steps;
    if steps.is_empty() {
        return Err(RequestsError::plan(
            "steps",
            "the plan has no steps: there is nothing to send",
        ));
    }
    let mut simulation = Simulation::new(scenario)?;
    let mut placed = checks::checks(simulation.tenant(), &scenario.expect, steps.len())?;
    let mut requests = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        let entries = steps::entries(simulation.tenant(), index, &step.action)?;
        if let Some(Err(rejection)) = simulation.step().map(|report| &report.outcome) {
            return Err(RequestsError::plan(
                format!("steps[{index}]"),
                format!(
                    "the simulation refuses this step ({rejection}); Graph would too: fix the plan first"
                ),
            ));
        }
        let last = index + 1 == steps.len();
        let count = entries.actions.len();
        for (i, action) in entries.actions.into_iter().enumerate() {
            let final_entry = i + 1 == count;
            requests.push(GraphRequest {
                step: index,
                op: step.action.op(),
                note: step.note.clone(),
                action,
                wait: if final_entry {
                    entries.wait.clone()
                } else {
                    Vec::new()
                },
                checks: if final_entry {
                    take_checks(&mut placed, |at| {
                        at == Some(index) || (last && at.is_none())
                    })
                } else {
                    Vec::new()
                },
            });
        }
    }
    Ok(requests)
}

/// Removes the checks whose place `here` accepts, in the `expect` list's order.
fn take_checks(
    placed: &mut Vec<Placed>,
    here: impl Fn(Option<usize>) -> bool,
) -> Vec<crate::model::PlanCheck> {
    let (taken, kept): (Vec<Placed>, Vec<Placed>) =
        std::mem::take(placed).into_iter().partition(|p| here(p.at));
    *placed = kept;
    taken.into_iter().map(|p| p.check).collect()
}

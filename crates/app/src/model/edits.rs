//! Scenario edits: what the UI changes is a step appended to the scenario, and undo removes the
//! last one.

use licenselab_engine::{Action, Scenario, Step};

/// One edit from the UI: a step to append to the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub action: Action,
}

impl Edit {
    pub fn new(action: Action) -> Self {
        Edit { action }
    }
}

/// The scenario with one more step (what every edit in the UI does).
pub fn with_step(scenario: &Scenario, action: Action) -> Scenario {
    let mut next = scenario.clone();
    next.steps.push(Step { action, note: None });
    next
}

/// The scenario without its last step (undo).
pub fn without_last_step(scenario: &Scenario) -> Option<Scenario> {
    if scenario.steps.is_empty() {
        return None;
    }
    let mut next = scenario.clone();
    next.steps.pop();
    Some(next)
}

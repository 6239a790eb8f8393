//! Scenario edits: what the UI changes is a step appended to the scenario, and undo removes the
//! last one.

use licenselab_engine::{Action, Scenario, Step};

/// One edit from the UI: a step to append to the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub action: Action,
    /// The control that made it, when the edit is a draft to show there with its impact before
    /// it applies (`None`: it applies at once).
    pub place: Option<String>,
}

impl Edit {
    /// An edit applied at once.
    pub fn new(action: Action) -> Self {
        Edit {
            action,
            place: None,
        }
    }

    /// An edit shown as a draft at `place` (the control's own key), applied when the admin says so.
    pub fn draft(action: Action, place: impl Into<String>) -> Self {
        Edit {
            action,
            place: Some(place.into()),
        }
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

//! A change against a tenant: the changes file's steps run after the scenario's own, and an
//! error in them names the changes file, with its line, column and field path there.

use super::CheckError;
use crate::scenario::document::Scenario;
use crate::scenario::expectations::{Changes, Expectation, ScenarioExpectations};
use crate::scenario::locate::{locate, FieldPath, Segment};
use crate::scenario::{parse, parse_document};
use crate::simulation::Simulation;
use crate::LoadError;

/// The loaded simulation, at its start, with what `check` needs besides.
pub(super) struct Loaded {
    pub simulation: Simulation,
    pub scenario_expect: Vec<Expectation>,
    pub changes_expect: Vec<Expectation>,
    /// The index of the changes' first step in the run.
    pub first_change: usize,
    /// Every step's note, in run order.
    pub notes: Vec<Option<String>>,
}

pub(super) fn load(scenario_text: &str, changes_text: Option<&str>) -> Result<Loaded, CheckError> {
    let mut scenario: Scenario = parse(scenario_text).map_err(CheckError::Scenario)?;
    // Read again for its expectations only when it has some (a tenant export has none).
    let scenario_expect = if scenario.expect.is_empty() {
        Vec::new()
    } else {
        parse_document::<ScenarioExpectations>(scenario_text, "scenario")
            .map_err(CheckError::Scenario)?
            .expect
    };
    let first_change = scenario.steps.len();
    let Some(changes_text) = changes_text else {
        let notes = scenario.steps.iter().map(|s| s.note.clone()).collect();
        // Loaded with its text, as `run` loads it, so errors are the same as `run`'s.
        let simulation =
            Simulation::from_parsed(&scenario, scenario_text).map_err(CheckError::Scenario)?;
        return Ok(Loaded {
            simulation,
            scenario_expect,
            changes_expect: Vec::new(),
            first_change,
            notes,
        });
    };
    let changes: Changes = parse_document(changes_text, "changes").map_err(CheckError::Changes)?;
    scenario.steps.extend(changes.steps);
    let notes = scenario.steps.iter().map(|s| s.note.clone()).collect();
    let simulation = Simulation::new(&scenario)
        .map_err(|e| attribute(e, first_change, scenario_text, changes_text))?;
    Ok(Loaded {
        simulation,
        scenario_expect,
        changes_expect: changes.expect,
        first_change,
        notes,
    })
}

/// An error of the combined run, told in the file it comes from: `steps[i]` with `i` past the
/// scenario's own steps is the changes file's `steps[i - first_change]`.
fn attribute(e: LoadError, first_change: usize, scenario: &str, changes: &str) -> CheckError {
    let mut path = parse_path(&e.path);
    let in_changes = match path.0.as_mut_slice() {
        [Segment::Key(steps), Segment::Index(i), ..] if steps == "steps" && *i >= first_change => {
            *i -= first_change;
            true
        }
        _ => false,
    };
    let text = if in_changes { changes } else { scenario };
    let (line, column) = locate(text, &path).unzip();
    let error = LoadError {
        line,
        column,
        path: path.to_string(),
        message: e.message,
    };
    if in_changes {
        CheckError::Changes(error)
    } else {
        CheckError::Scenario(error)
    }
}

/// Reads a field path as `LoadError` writes it: `steps[3].member`.
fn parse_path(text: &str) -> FieldPath {
    let mut path = FieldPath::root();
    for part in text.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            path = path.key(key);
        }
        for index in pieces {
            match index.trim_end_matches(']').parse() {
                Ok(i) => path = path.index(i),
                Err(_) => path = path.key(index),
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_back_as_written() {
        for text in ["steps[3].member", "groups[1].members[0]", "expect", ""] {
            assert_eq!(parse_path(text).to_string(), text);
        }
    }
}

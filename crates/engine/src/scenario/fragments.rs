//! Parts of a scenario read on their own, exactly as inside one: a step (a front end's edit or
//! preview), a membership rule (an editor validating as the user types).

use super::document::Action;
use super::{parse, LoadError};

pub use licenselab_rules::RuleError;

// Steps are read only inside a scenario, where the loader gives its most helpful messages
// ("unknown op 'addMembr'; did you mean 'addMember'?", the fields each kind of step takes). So a
// step is read as the only step of the smallest scenario, and an error is moved back into the
// step's own coordinates. The prefix has no line break: the step's lines keep their numbers.
const BEFORE_STEP: &str = r#"{"licenselab":1,"steps":["#;
const AFTER_STEP: &str = "]}";
const STEP_PATH: &str = "steps[0]";

/// Reads one step from its JSON text, as a step in a scenario's `steps`; an error's line, column
/// and field path are the step's own.
pub fn parse_step(text: &str) -> Result<Action, LoadError> {
    let scenario = parse(&format!("{BEFORE_STEP}{text}{AFTER_STEP}")).map_err(relative_to_step)?;
    let mut steps = scenario.steps.into_iter();
    match (steps.next(), steps.next()) {
        // Text such as `{...}], "users": [...` parses as more than a step: refuse it too.
        (Some(step), None) if text_is_one_value(text) => Ok(step.action),
        (None, _) => Err(not_one_step("got none")),
        _ => Err(not_one_step("got more than one JSON value")),
    }
}

fn text_is_one_value(text: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

fn not_one_step(what: &str) -> LoadError {
    LoadError {
        line: None,
        column: None,
        path: String::new(),
        message: format!(
            "a preview takes one step, such as {{\"op\": \"addMember\", \"group\": \"g1\", \"member\": \"u1\"}}; {what}"
        ),
    }
}

/// The error as if the step were the whole document: its path from the step, and its line and
/// column in the step's text.
fn relative_to_step(error: LoadError) -> LoadError {
    let path = match error.path.strip_prefix(STEP_PATH) {
        Some(rest) => rest.strip_prefix('.').unwrap_or(rest).to_owned(),
        None if error.path.starts_with("steps") => String::new(),
        None => error.path,
    };
    let (line, column) = match (error.line, error.column) {
        (Some(1), Some(column)) if column > BEFORE_STEP.len() => {
            (Some(1), Some(column - BEFORE_STEP.len()))
        }
        (Some(line), column) if line > 1 => (Some(line), column),
        _ => (None, None),
    };
    LoadError {
        line,
        column,
        path,
        message: error.message,
    }
}

/// Checks a dynamic membership rule as the loader would (same options, same errors), without a
/// scenario; the error carries the offset in the rule.
pub fn check_rule(text: &str) -> Result<(), RuleError> {
    licenselab_rules::parse(text, &licenselab_rules::RuleOptions::default()).map(|_| ())
}

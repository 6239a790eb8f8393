//! The step to preview, from a JS object or JSON text, read exactly as a step in a scenario file.

use licenselab_engine::scenario::document::Action;
use licenselab_engine::scenario::parse;
use licenselab_engine::LoadError;
use wasm_bindgen::JsValue;

// The engine reads steps only inside a scenario, and gives its most helpful messages there
// ("unknown op 'addMembr'; did you mean 'addMember'?", the fields each kind of step takes). So a
// step is read as the only step of the smallest scenario, and an error is moved back into the
// step's own coordinates. The prefix has no line break: the step's lines keep their numbers.
const BEFORE_STEP: &str = r#"{"licenselab":1,"steps":["#;
const AFTER_STEP: &str = "]}";
const STEP_PATH: &str = "steps[0]";

/// Reads one step: an object (as in a scenario's `steps`) or its JSON text.
pub fn parse_step(step: &JsValue) -> Result<Action, LoadError> {
    let (text, is_text) = match step.as_string() {
        Some(text) => (text, true),
        None => (
            js_sys::JSON::stringify(step)
                .ok()
                .and_then(|text| text.as_string())
                .ok_or_else(|| {
                    let kind = step.js_typeof().as_string().unwrap_or_default();
                    not_one_step(&format!("got {kind}, which has no JSON form"))
                })?,
            false,
        ),
    };
    let scenario = parse(&format!("{BEFORE_STEP}{text}{AFTER_STEP}"))
        .map_err(|e| relative_to_step(e, is_text))?;
    let mut steps = scenario.steps.into_iter();
    match (steps.next(), steps.next()) {
        // Text such as `{...}], "users": [...` parses as more than a step: refuse it too.
        (Some(step), None) if text_is_one_value(&text) => Ok(step.action),
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
/// column in the step's text (none for an object, whose JSON the caller never saw).
fn relative_to_step(error: LoadError, is_text: bool) -> LoadError {
    let path = match error.path.strip_prefix(STEP_PATH) {
        Some(rest) => rest.strip_prefix('.').unwrap_or(rest).to_owned(),
        None if error.path.starts_with("steps") => String::new(),
        None => error.path,
    };
    let (line, column) = match (is_text, error.line, error.column) {
        (true, Some(1), Some(column)) if column > BEFORE_STEP.len() => {
            (Some(1), Some(column - BEFORE_STEP.len()))
        }
        (true, Some(line), column) if line > 1 => (Some(line), column),
        _ => (None, None),
    };
    LoadError {
        line,
        column,
        path,
        message: error.message,
    }
}

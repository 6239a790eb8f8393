//! The step to preview, from a JS object or JSON text, read exactly as a step in a scenario file.

use licenselab_engine::{Action, LoadError};
use wasm_bindgen::JsValue;

/// Reads one step: an object (as in a scenario's `steps`) or its JSON text.
pub fn parse_step(step: &JsValue) -> Result<Action, LoadError> {
    match step.as_string() {
        Some(text) => licenselab_engine::parse_step(&text),
        None => {
            let text = js_sys::JSON::stringify(step)
                .ok()
                .and_then(|text| text.as_string())
                .ok_or_else(|| {
                    let kind = step.js_typeof().as_string().unwrap_or_default();
                    LoadError {
                        line: None,
                        column: None,
                        path: String::new(),
                        message: format!(
                            "a preview takes one step, such as {{\"op\": \"addMember\", \"group\": \"g1\", \"member\": \"u1\"}}; got {kind}, which has no JSON form"
                        ),
                    }
                })?;
            // The caller gave an object and never saw this JSON text: a line and column in it
            // would point nowhere.
            licenselab_engine::parse_step(&text).map_err(|e| LoadError {
                line: None,
                column: None,
                ..e
            })
        }
    }
}

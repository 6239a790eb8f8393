//! What the app does with scenarios, free of the DOM so that it is tested in Node as well as natively.

use serde::Deserialize;

/// Where the example scenarios are served from, relative to the page (Trunk copies `web/examples` there).
pub const EXAMPLES_DIR: &str = "examples";

/// One entry of `examples/index.json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub file: String,
    pub title: String,
    /// One or two sentences for the gallery card.
    #[serde(default)]
    pub summary: Option<String>,
}

/// Reads `examples/index.json`: a non-empty list of `{"file", "title", "summary"?}`.
pub fn parse_index(json: &str) -> Result<Vec<Example>, String> {
    let examples: Vec<Example> =
        serde_json::from_str(json).map_err(|e| format!("{EXAMPLES_DIR}/index.json: {e}"))?;
    if examples.is_empty() {
        return Err(format!("{EXAMPLES_DIR}/index.json lists no example"));
    }
    if let Some(bad) = examples.iter().find(|e| !is_plain_file_name(&e.file)) {
        return Err(format!(
            "{EXAMPLES_DIR}/index.json: \"{}\" is not a file name in {EXAMPLES_DIR}/",
            bad.file
        ));
    }
    Ok(examples)
}

// Entries become fetch URLs, so an entry may only name a file beside the index.
fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['/', '\\', '?', '#']) && name != "." && name != ".."
}

/// The example to open: the one the URL asks for (`?example=file.json`) when the index lists it, else the first.
pub fn pick_example<'a>(examples: &'a [Example], requested: Option<&str>) -> Option<&'a Example> {
    requested
        .and_then(|file| examples.iter().find(|e| e.file == file))
        .or_else(|| examples.first())
}

/// What the page shows for a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The engine's result document, pretty-printed.
    Ran { result: String },
    /// Why nothing could be shown; the message is the engine's (or the network's) own words.
    Failed { title: String, message: String },
}

impl Outcome {
    pub fn failed(title: impl Into<String>, message: impl Into<String>) -> Self {
        Outcome::Failed {
            title: title.into(),
            message: message.into(),
        }
    }
}

/// Runs a scenario document through the engine, exactly as every other front end does.
pub fn run_scenario(scenario_json: &str) -> Outcome {
    match licenselab_engine::run_json(scenario_json) {
        Ok(result) => Outcome::Ran {
            result: pretty(&result),
        },
        Err(e) => Outcome::failed("The engine could not run this scenario", e.to_string()),
    }
}

// The engine's bytes are the contract; indenting them is only for reading, so anything unparsable is shown as is.
fn pretty(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| json.to_owned())
}

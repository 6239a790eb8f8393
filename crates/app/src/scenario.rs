//! The example gallery's index, free of the DOM so that it is tested in Node as well as natively.

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
    /// The step it opens at: where the problem it is about is visible. Absent: the starting
    /// tenant (step 0), so the example's own steps are walked through from the start.
    #[serde(default)]
    pub step: usize,
}

/// Reads `examples/index.json`: a non-empty list of `{"file", "title", "summary"?, "step"?}`.
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

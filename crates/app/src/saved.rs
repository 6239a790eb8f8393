//! Work is never lost: the scenario is saved to browser storage after every edit and restored on
//! reload. An entry that cannot be read is set aside under another key and reported, never dropped.

use licenselab_engine::Scenario;
use licenselab_engine::Simulation;

pub const AUTOSAVE_KEY: &str = "licenselab.scenario";
/// Where an unreadable autosave is moved, so the next save does not overwrite it.
pub const CORRUPT_KEY: &str = "licenselab.scenario.unreadable";
/// The work that was open before an example, an import or a link replaced it.
pub const PREVIOUS_KEY: &str = "licenselab.scenario.previous";

/// Reads scenario text as the app accepts it: JSON of the scenario format that the engine loads.
pub fn read_scenario(text: &str) -> Result<Scenario, String> {
    read_and_load(text).map(|(scenario, _)| scenario)
}

/// `read_scenario`, keeping the loaded simulation (at its start), so it is not built twice.
pub fn read_and_load(text: &str) -> Result<(Scenario, Simulation), String> {
    let scenario: Scenario = licenselab_engine::parse(text).map_err(|e| e.to_string())?;
    let simulation = Simulation::new(&scenario).map_err(|e| e.to_string())?;
    Ok((scenario, simulation))
}

/// The text saved for a scenario.
pub fn to_text(scenario: &Scenario) -> String {
    serde_json::to_string_pretty(scenario).expect("scenarios always serialize")
}

/// Marks an autosave stored compressed (lz-string's UTF-16 form), for scenarios too big to fit
/// the browser's storage as plain JSON (about five million characters per site).
pub const COMPRESSED_PREFIX: &str = "lz16:";

/// The text to store for a scenario: plain JSON when `fits`, else compressed.
pub fn encode_for_storage(json: &str, fits: bool) -> String {
    if fits {
        json.to_owned()
    } else {
        format!("{COMPRESSED_PREFIX}{}", lz_str::compress_to_utf16(json))
    }
}

/// The scenario text of a stored entry (plain or compressed).
pub fn decode_from_storage(stored: &str) -> Result<String, String> {
    match stored.strip_prefix(COMPRESSED_PREFIX) {
        None => Ok(stored.to_owned()),
        Some(packed) => lz_str::decompress_from_utf16(packed)
            .and_then(|units| String::from_utf16(&units).ok())
            .ok_or_else(|| "the compressed entry is damaged".to_owned()),
    }
}

/// What reading the autosave found.
#[derive(Debug, PartialEq)]
pub enum Restored {
    Nothing,
    Scenario(Box<Scenario>),
    /// The saved text could not be read; it must be set aside and the reason shown.
    Unreadable(String),
}

pub fn restore(saved: Option<&str>) -> Restored {
    match saved {
        None => Restored::Nothing,
        Some(text) if text.trim().is_empty() => Restored::Nothing,
        Some(text) => match decode_from_storage(text).and_then(|t| read_scenario(&t)) {
            Ok(s) => Restored::Scenario(Box::new(s)),
            Err(e) => Restored::Unreadable(e),
        },
    }
}

/// Browser storage, through gloo. Failures (storage disabled, quota) come back as messages.
pub mod browser {
    use gloo::storage::{LocalStorage, Storage};

    pub fn get(key: &str) -> Option<String> {
        LocalStorage::raw().get_item(key).ok().flatten()
    }

    pub fn set(key: &str, value: &str) -> Result<(), String> {
        LocalStorage::raw().set_item(key, value).map_err(|_| {
            format!(
                "the browser refused to store {} KB (storage full or disabled)",
                value.len() / 1024
            )
        })
    }

    pub fn remove(key: &str) {
        LocalStorage::delete(key);
    }
}

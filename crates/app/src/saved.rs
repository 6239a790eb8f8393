//! Work is never lost: the scenario is saved to browser storage after every edit and restored on
//! reload. An entry that cannot be read is set aside under another key and reported, never dropped.

use licenselab_engine::scenario::document::Scenario;
use licenselab_engine::Simulation;

pub const AUTOSAVE_KEY: &str = "licenselab.scenario";
/// Where an unreadable autosave is moved, so the next save does not overwrite it.
pub const CORRUPT_KEY: &str = "licenselab.scenario.unreadable";
/// The work that was open before an example, an import or a link replaced it.
pub const PREVIOUS_KEY: &str = "licenselab.scenario.previous";

/// Reads scenario text as the app accepts it: JSON of the scenario format that the engine loads.
pub fn read_scenario(text: &str) -> Result<Scenario, String> {
    let scenario: Scenario = licenselab_engine::scenario::load::parse(text).map_err(|e| e.to_string())?;
    Simulation::new(&scenario).map_err(|e| e.to_string())?;
    Ok(scenario)
}

/// The text saved for a scenario.
pub fn to_text(scenario: &Scenario) -> String {
    serde_json::to_string_pretty(scenario).expect("scenarios always serialize")
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
        Some(text) => match read_scenario(text) {
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
        LocalStorage::raw()
            .set_item(key, value)
            .map_err(|_| format!("the browser refused to store {} KB (storage full or disabled)", value.len() / 1024))
    }

    pub fn remove(key: &str) {
        LocalStorage::delete(key);
    }
}

//! Work is never lost: the scenario is saved to browser storage after every edit and restored on
//! reload. An entry that cannot be read is set aside under another key and reported, never dropped.
//! The user's work is also filed in the library (`crate::library`), which `shelf` reads and writes.

use licenselab_engine::Scenario;
use licenselab_engine::Simulation;

pub const AUTOSAVE_KEY: &str = "licenselab.scenario";
/// Where an unreadable autosave is moved, so the next save does not overwrite it.
pub const CORRUPT_KEY: &str = "licenselab.scenario.unreadable";

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

/// Stores a scenario: compact JSON, or compressed when that does not fit the browser's storage.
pub fn store_scenario(key: &str, scenario: &Scenario) -> Result<(), String> {
    store_text(key, &serde_json::to_string(scenario).unwrap_or_default())
}

/// Stores scenario JSON, compressed when the plain text does not fit.
pub fn store_text(key: &str, json: &str) -> Result<(), String> {
    browser::set(key, json).or_else(|_| {
        browser::remove(key);
        browser::set(key, &encode_for_storage(json, false))
    })
}

/// The library in browser storage: the index and each entry's scenario (`crate::library`).
pub mod shelf {
    use std::rc::Rc;

    use licenselab_engine::Scenario;

    use super::{browser, decode_from_storage, store_scenario, store_text};
    use crate::library::{entry_key, storage_refused, Entry, Library, INDEX_KEY, OPEN_KEY};

    /// What `OPEN_KEY` holds while the autosave is an example as published.
    const PUBLISHED: &str = "published";

    fn now() -> f64 {
        js_sys::Date::now()
    }

    /// The library's index as stored.
    pub fn library() -> Result<Library, String> {
        Library::read(browser::get(INDEX_KEY).as_deref())
    }

    fn write(library: &Library, name: &str) -> Result<(), String> {
        browser::set(INDEX_KEY, &library.to_text()).map_err(|_| storage_refused(name))
    }

    /// Files `scenario`, seen at `cursor`, in the library: in `entry`, or in a new entry. Returns
    /// the entry's id.
    pub fn file(
        scenario: &Scenario,
        cursor: usize,
        entry: Option<&str>,
    ) -> Result<Rc<str>, String> {
        let mut library = library()?;
        let id = entry.map_or_else(|| library.new_id(now()), str::to_owned);
        store_scenario(&entry_key(&id), scenario).map_err(|_| storage_refused(&scenario.name))?;
        library.put(Entry::of(&id, scenario, cursor, now()));
        write(&library, &scenario.name)?;
        Ok(id.into())
    }

    /// The scenario text of an entry.
    pub fn read(id: &str) -> Result<String, String> {
        let stored = browser::get(&entry_key(id))
            .ok_or("this scenario is no longer in the browser's storage")?;
        decode_from_storage(&stored)
    }

    /// Renames an entry that is not open (its scenario's `name` too, so its export is named so).
    pub fn rename(id: &str, name: &str) -> Result<(), String> {
        let mut library = library()?;
        let mut entry = library
            .get(id)
            .cloned()
            .ok_or("this scenario is no longer in the library")?;
        let text = crate::library::renamed_text(&read(id)?, name)?;
        store_text(&entry_key(id), &text).map_err(|_| storage_refused(name))?;
        entry.name = crate::library::display_name(name).to_owned();
        entry.changed = now();
        library.put(entry);
        write(&library, name)
    }

    /// Copies an entry under "Copy of ..."; returns the copy's id.
    pub fn duplicate(id: &str) -> Result<Rc<str>, String> {
        let mut library = library()?;
        let mut entry = library
            .get(id)
            .cloned()
            .ok_or("this scenario is no longer in the library")?;
        let name = library.copy_name(&entry.name);
        let text = crate::library::renamed_text(&read(id)?, &name)?;
        entry.id = library.new_id(now());
        store_text(&entry_key(&entry.id), &text).map_err(|_| storage_refused(&name))?;
        entry.name = name;
        entry.changed = now();
        let copy = entry.id.clone();
        library.put(entry);
        write(&library, &copy)?;
        Ok(copy.into())
    }

    /// Deletes an entry and its scenario.
    pub fn delete(id: &str) -> Result<(), String> {
        let mut library = library()?;
        library.remove(id);
        browser::set(INDEX_KEY, &library.to_text()).map_err(|_| {
            "the browser refused to change the library's index, so nothing was deleted".to_owned()
        })?;
        browser::remove(&entry_key(id));
        Ok(())
    }

    /// Records which entry the autosave is (`None`: an example as published).
    pub fn mark_autosave(entry: Option<&str>) {
        let _ = browser::set(OPEN_KEY, entry.unwrap_or(PUBLISHED));
    }

    /// The autosave's library entry, filing it first when it is the user's work and has none (an
    /// autosave written before the library existed). `None`: it is an example as published, or
    /// there is no autosave. Returns the entry's id and name.
    pub fn autosave_entry() -> Result<Option<(Rc<str>, String)>, String> {
        let marked = browser::get(OPEN_KEY);
        if marked.as_deref() == Some(PUBLISHED) {
            return Ok(None);
        }
        let library = library()?;
        if let Some(entry) = marked.as_deref().and_then(|id| library.get(id)) {
            return Ok(Some((entry.id.as_str().into(), entry.name.clone())));
        }
        let Some(stored) = browser::get(super::AUTOSAVE_KEY) else {
            return Ok(None);
        };
        let scenario = decode_from_storage(&stored).and_then(|t| super::read_scenario(&t))?;
        let id = file(&scenario, usize::MAX, None)?;
        mark_autosave(Some(&id));
        Ok(Some((
            id,
            crate::library::display_name(&scenario.name).to_owned(),
        )))
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

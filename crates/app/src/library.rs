//! The library: every scenario the user worked on, kept in the browser. Pure data and rules here
//! (the index of entries, what a listing shows, new names and ids, a blank tenant); the app's
//! components read and write them through `saved::shelf`.
//!
//! Storage: the index is one JSON array under `INDEX_KEY`; each entry's scenario (with its steps,
//! its history) is stored apart under `entry_key(id)`, plain or compressed like the autosave, so
//! listing the library never reads the scenarios.

use licenselab_engine::Scenario;
use serde::{Deserialize, Serialize};

/// The index of the library's entries.
pub const INDEX_KEY: &str = "licenselab.library";
/// The entry the autosaved work belongs to (absent: the autosave is an example as published).
pub const OPEN_KEY: &str = "licenselab.library.open";

/// Where an entry's scenario is stored.
pub fn entry_key(id: &str) -> String {
    format!("licenselab.library.entry.{id}")
}

/// One scenario of the library, as listed (its scenario is stored apart).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub users: usize,
    pub groups: usize,
    pub steps: usize,
    /// The step it was looked at when last saved: reopening it shows that step.
    pub cursor: usize,
    /// When it last changed, in milliseconds since 1970 (UTC).
    pub changed: f64,
}

impl Entry {
    /// The entry for `scenario` seen at `cursor`, changed at `now`.
    pub fn of(id: &str, scenario: &Scenario, cursor: usize, now: f64) -> Entry {
        Entry {
            id: id.to_owned(),
            name: display_name(&scenario.name).to_owned(),
            users: scenario.users.len(),
            groups: scenario.groups.len(),
            steps: scenario.steps.len(),
            cursor: cursor.min(scenario.steps.len()),
            changed: now,
        }
    }

    /// "3 users, 2 groups, 5 steps".
    pub fn size(&self) -> String {
        [
            (self.users, "user"),
            (self.groups, "group"),
            (self.steps, "step"),
        ]
        .iter()
        .map(|(n, what)| format!("{n} {what}{}", if *n == 1 { "" } else { "s" }))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// A scenario's name as shown: "Untitled scenario" when it has none.
pub fn display_name(name: &str) -> &str {
    if name.trim().is_empty() {
        "Untitled scenario"
    } else {
        name.trim()
    }
}

/// The library's entries, newest change first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library {
    pub entries: Vec<Entry>,
}

impl Library {
    /// Reads the stored index. An index that cannot be read is an error to show (the entries'
    /// scenarios are still in storage), never an empty library written over it.
    pub fn read(stored: Option<&str>) -> Result<Library, String> {
        let Some(text) = stored.filter(|t| !t.trim().is_empty()) else {
            return Ok(Library::default());
        };
        let mut entries: Vec<Entry> = serde_json::from_str(text)
            .map_err(|e| format!("the library's index could not be read ({e})"))?;
        entries.sort_by(|a, b| b.changed.total_cmp(&a.changed));
        Ok(Library { entries })
    }

    /// The text stored for the index.
    pub fn to_text(&self) -> String {
        serde_json::to_string(&self.entries).expect("entries always serialize")
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Adds `entry`, or replaces the one with its id; it moves first (the newest change).
    pub fn put(&mut self, entry: Entry) {
        self.entries.retain(|e| e.id != entry.id);
        self.entries.insert(0, entry);
    }

    pub fn remove(&mut self, id: &str) -> Option<Entry> {
        let i = self.entries.iter().position(|e| e.id == id)?;
        Some(self.entries.remove(i))
    }

    /// An id no entry has, made from the time (and the entry count when two come in one
    /// millisecond).
    pub fn new_id(&self, now: f64) -> String {
        let base = format!("{:x}", now.max(0.0) as u64);
        let mut id = base.clone();
        let mut n = self.entries.len();
        while self.get(&id).is_some() {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }

    /// The name of a copy of `name`: "Copy of X", numbered when that is taken.
    pub fn copy_name(&self, name: &str) -> String {
        let base = format!("Copy of {}", display_name(name));
        let taken = |candidate: &str| self.entries.iter().any(|e| e.name == candidate);
        if !taken(&base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base} ({n})"))
            .find(|c| !taken(c))
            .expect("some number is free")
    }
}

/// A blank tenant: no products, users, groups or steps, with this name.
pub fn blank(name: &str) -> Scenario {
    serde_json::from_value(serde_json::json!({ "licenselab": 1, "name": name.trim() }))
        .expect("a blank scenario is valid")
}

/// The scenario text with another name (renaming an entry that is not open), the rest as it is.
pub fn renamed_text(text: &str, name: &str) -> Result<String, String> {
    let mut doc: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("the stored scenario could not be read ({e})"))?;
    let Some(object) = doc.as_object_mut() else {
        return Err("the stored scenario is not a JSON object".to_owned());
    };
    object.insert("name".to_owned(), name.trim().into());
    Ok(serde_json::to_string(&doc).expect("JSON values always serialize"))
}

/// When an entry last changed, in words: "just now", "5 min ago", "3 h ago", else its date as
/// `date` writes it (the browser's, in the reader's time zone and language).
pub fn changed_words(changed: f64, now: f64, date: impl Fn(f64) -> String) -> String {
    let minutes = ((now - changed) / 60_000.0).floor();
    if minutes < 1.0 {
        "just now".to_owned()
    } else if minutes < 60.0 {
        format!("{minutes} min ago")
    } else if minutes < 24.0 * 60.0 {
        format!("{} h ago", (minutes / 60.0).floor())
    } else {
        date(changed)
    }
}

/// What to say when the browser refuses to store a scenario: usually its storage for this site
/// (about five million characters) is full.
pub fn storage_refused(name: &str) -> String {
    format!(
        "The browser refused to keep “{}” in the library: its storage for this site (about 5 MB) is full, or storage is turned off. Delete scenarios you no longer need in the Library, or export this one with Export JSON so it is not lost.",
        display_name(name)
    )
}

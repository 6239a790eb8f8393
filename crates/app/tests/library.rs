//! The library's rules (`library.rs`), natively: the index as stored, what a listing shows, names
//! of copies, a blank tenant, renaming stored text, and when an entry changed in words.

use licenselab_app::library::{blank, changed_words, renamed_text, Entry, Library};
use licenselab_app::saved::read_scenario;

const SEATS: &str = include_str!("../../../web/examples/seat-exhaustion.json");
/// Two users, one group, five steps.
const STEPS: &str = include_str!("../../../web/examples/dependency-blocks-removal.json");

/// 2026-12-07 16:47 UTC, in milliseconds since 1970.
const NOW: f64 = 1_796_662_020_000.0;

#[test]
fn an_entry_lists_the_scenarios_name_and_size_and_keeps_its_step() {
    let steps = read_scenario(STEPS).unwrap();
    let entry = Entry::of("a", &steps, 99, NOW);
    assert_eq!(entry.name, "A dependency that blocks a removal");
    assert_eq!(entry.size(), "2 users, 1 group, 5 steps");
    assert_eq!(entry.cursor, 5, "a step past the last is the last");
    assert_eq!(Entry::of("a", &steps, 2, NOW).cursor, 2);
    let untitled = Entry::of("b", &blank("  "), 0, NOW);
    assert_eq!(untitled.name, "Untitled scenario");
    assert_eq!(untitled.size(), "0 users, 0 groups, 0 steps");
}

#[test]
fn the_index_reads_back_newest_first_and_a_damaged_one_is_an_error_not_empty() {
    let seats = read_scenario(STEPS).unwrap();
    let mut library = Library::default();
    library.put(Entry::of("old", &seats, 0, NOW - 1000.0));
    library.put(Entry::of("new", &seats, 1, NOW));
    let read = Library::read(Some(&library.to_text())).unwrap();
    let ids: Vec<&str> = read.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["new", "old"]);
    assert_eq!(read.get("new").unwrap().cursor, 1);

    // Changing an entry moves it first and keeps one entry per id.
    let mut changed = read.clone();
    changed.put(Entry::of("old", &blank("Renamed"), 0, NOW + 1.0));
    let names: Vec<&str> = changed.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Renamed", "A dependency that blocks a removal"]);
    assert_eq!(changed.remove("old").unwrap().name, "Renamed");
    assert_eq!(changed.entries.len(), 1);

    assert_eq!(Library::read(None).unwrap(), Library::default());
    let damaged = Library::read(Some("[{\"id\": 5")).unwrap_err();
    assert!(
        damaged.starts_with("the library's index could not be read"),
        "{damaged}"
    );
}

#[test]
fn new_ids_and_copy_names_are_never_taken() {
    let mut library = Library::default();
    let first = library.new_id(NOW);
    library.put(Entry::of(&first, &blank("Plan"), 0, NOW));
    let second = library.new_id(NOW);
    assert_ne!(first, second, "two entries in one millisecond");
    library.put(Entry::of(&second, &blank("Copy of Plan"), 0, NOW));
    assert_eq!(library.copy_name("Plan"), "Copy of Plan (2)");
    assert_eq!(library.copy_name("Other"), "Copy of Other");
    assert_eq!(library.copy_name(""), "Copy of Untitled scenario");
}

#[test]
fn a_blank_tenant_loads_and_renaming_stored_text_changes_only_the_name() {
    let tenant = blank(" Contoso ");
    assert_eq!(tenant.name, "Contoso");
    let text = licenselab_app::saved::to_text(&tenant);
    assert_eq!(read_scenario(&text).unwrap(), tenant, "it loads as it is");

    let renamed = read_scenario(&renamed_text(SEATS, "Mine").unwrap()).unwrap();
    let seats = read_scenario(SEATS).unwrap();
    assert_eq!(renamed.name, "Mine");
    assert_eq!(renamed.steps, seats.steps);
    assert_eq!(renamed.users, seats.users);
    assert!(renamed_text("[1]", "x").is_err());
    assert!(renamed_text("{", "x").is_err());
}

#[test]
fn when_an_entry_changed_reads_in_words() {
    let date = |ms: f64| format!("date {ms}");
    assert_eq!(changed_words(NOW - 20_000.0, NOW, date), "just now");
    assert_eq!(changed_words(NOW - 5.0 * 60_000.0, NOW, date), "5 min ago");
    assert_eq!(changed_words(NOW - 3.5 * 3_600_000.0, NOW, date), "3 h ago");
    assert_eq!(
        changed_words(NOW - 86_400_000.0, NOW, date),
        format!("date {}", NOW - 86_400_000.0)
    );
}

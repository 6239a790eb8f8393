//! The app's DOM-free logic. `unsupported = test` makes each test a plain `#[test]` natively, so
//! `cargo test` runs them too; on wasm32 wasm-bindgen-test-runner runs them in Node.

use licenselab_app::scenario::{parse_index, pick_example, run_scenario, Example, Outcome};
use wasm_bindgen_test::wasm_bindgen_test;

fn examples() -> Vec<Example> {
    parse_index(r#"[{"file": "a.json", "title": "A"}, {"file": "b.json", "title": "B"}]"#).unwrap()
}

#[wasm_bindgen_test(unsupported = test)]
fn index_lists_files_and_titles() {
    let list = examples();
    assert_eq!(list.len(), 2);
    assert_eq!(
        (list[1].file.as_str(), list[1].title.as_str()),
        ("b.json", "B")
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn index_rejects_empty_lists_typos_and_paths() {
    assert!(parse_index("[]").unwrap_err().contains("no example"));
    assert!(parse_index(r#"[{"file": "a.json", "titel": "A"}]"#)
        .unwrap_err()
        .contains("titel"));
    assert!(parse_index(r#"[{"file": "../secret", "title": "A"}]"#)
        .unwrap_err()
        .contains("not a file name"));
}

#[wasm_bindgen_test(unsupported = test)]
fn requested_example_wins_only_when_listed() {
    let list = examples();
    assert_eq!(pick_example(&list, Some("b.json")).unwrap().file, "b.json");
    assert_eq!(
        pick_example(&list, Some("missing.json")).unwrap().file,
        "a.json"
    );
    assert_eq!(pick_example(&list, None).unwrap().file, "a.json");
    assert_eq!(pick_example(&[], None), None);
}

#[wasm_bindgen_test(unsupported = test)]
fn unreadable_scenario_gives_an_error_to_show() {
    match run_scenario("{ not json") {
        Outcome::Failed { title, message } => {
            assert!(title.contains("engine"));
            assert!(!message.is_empty());
        }
        Outcome::Ran { result } => panic!("the engine accepted invalid JSON: {result}"),
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn shipped_index_parses() {
    parse_index(include_str!("../../../web/examples/index.json")).unwrap();
}

// Reads files, which Node's wasm sandbox cannot: native only.
#[cfg(not(target_family = "wasm"))]
#[test]
fn shipped_examples_are_scenarios() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/examples");
    for example in parse_index(include_str!("../../../web/examples/index.json")).unwrap() {
        let path = format!("{dir}/{}", example.file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let doc: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(doc["licenselab"], 1, "{path}: not a licenselab scenario");
    }
}

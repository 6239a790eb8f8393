//! Scenario tests: every `tests/scenarios/*.json` runs through the engine.
//!
//! Each scenario has two companions:
//! - `NAME.expect.json`, written by hand from the documented rules: `{"covers": [...], "expect":
//!   {...}}`, where `expect` is a partial result document (see `matches` below);
//! - `NAME.result.json`, the full result, compared byte for byte (it also feeds the wasm parity
//!   test). Run with `LICENSELAB_BLESS=1` to rewrite it after a reviewed change.
//!
//! Invalid scenarios live in `tests/invalid/NAME.json` with the exact error in `NAME.error.txt`.

use licenselab_engine::{JsonLayout, Simulation};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn repo_tests() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

fn scenario_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".json")
                && !name.ends_with(".expect.json")
                && !name.ends_with(".result.json")
        })
        .collect();
    files.sort();
    files
}

fn companion(path: &Path, suffix: &str) -> PathBuf {
    let stem = path.file_stem().unwrap().to_string_lossy();
    path.with_file_name(format!("{stem}{suffix}"))
}

/// `expected` is a partial description of `actual`:
/// - an object matches when each of its keys matches the same key of `actual`;
/// - an object matches an array by keys: `"u1"` names the element whose `id` (or `skuId`, or
///   `index` for steps) is `u1`; `"#3"` names the element at position 3 (`"#-1"` the last);
///   `"length"` is the array's length;
/// - an array matches an array of the same length, element by element;
/// - anything else must be equal.
fn matches(expected: &Value, actual: &Value, path: &str, failures: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(exp), Value::Object(act)) => {
            for (key, e) in exp {
                match act.get(key) {
                    Some(a) => matches(e, a, &format!("{path}.{key}"), failures),
                    None => failures.push(format!("{path}.{key}: missing (expected {e})")),
                }
            }
        }
        (Value::Object(exp), Value::Array(items)) => {
            for (key, e) in exp {
                if key == "length" {
                    if e.as_u64() != Some(items.len() as u64) {
                        failures.push(format!("{path}: length {} (expected {e})", items.len()));
                    }
                    continue;
                }
                let found = match key.strip_prefix('#') {
                    Some(n) => n
                        .parse::<isize>()
                        .ok()
                        .map(|n| if n < 0 { items.len() as isize + n } else { n })
                        .and_then(|n| usize::try_from(n).ok())
                        .and_then(|n| items.get(n)),
                    None => items.iter().find(|item| {
                        ["id", "skuId", "index"]
                            .iter()
                            .any(|field| match item.get(*field) {
                                Some(Value::String(s)) => s == key,
                                Some(Value::Number(n)) => n.to_string() == *key,
                                _ => false,
                            })
                    }),
                };
                match found {
                    Some(a) => matches(e, a, &format!("{path}[{key}]"), failures),
                    None => failures.push(format!("{path}[{key}]: no such element")),
                }
            }
        }
        (Value::Array(exp), Value::Array(act)) => {
            if exp.len() != act.len() {
                failures.push(format!(
                    "{path}: {} elements (expected {}): {actual}",
                    act.len(),
                    exp.len()
                ));
                return;
            }
            for (i, (e, a)) in exp.iter().zip(act).enumerate() {
                matches(e, a, &format!("{path}[{i}]"), failures);
            }
        }
        _ => {
            if expected != actual {
                failures.push(format!("{path}: {actual} (expected {expected})"));
            }
        }
    }
}

/// Rules and options every scenario suite must cover, with the ones that cannot be tested.
const REQUIRED_COVERAGE: &[&str] = &[
    "B1",
    "B2",
    "B3",
    "B4",
    "B5",
    "B6",
    "B7",
    "B8",
    "B9",
    "B10",
    "B11",
    "B12",
    "B12b",
    "B13",
    "B14a",
    "B14b",
    "B14c",
    "B15",
    "B16",
    "B17",
    "B18",
    "B19",
    "B20",
    "B21",
    "B22",
    "B23",
    "B24",
    "B25",
    "B26",
    "B27",
    "B28",
    "seatOrder=joinOrder",
    "seatOrder=userId",
    "dependentRemoval=error",
    "dependentRemoval=convertToDirect",
    "legacyExchangeConflict=false",
    "legacyExchangeConflict=true",
    "swapFailure=loseOld",
    "swapFailure=keepOld",
    "nestedWhatIf",
    "communityDependencies",
    "warningUnitsAssignable=true",
    "warningUnitsAssignable=false",
    "Disabled",
    "observed",
];

#[test]
fn scenarios_give_their_expected_results() {
    let bless = std::env::var_os("LICENSELAB_BLESS").is_some();
    let files = scenario_files(&repo_tests().join("scenarios"));
    assert!(
        files.len() >= 20,
        "expected the scenario suite, found {} files",
        files.len()
    );
    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(file).unwrap();
        let result = match licenselab_engine::run_json(&text) {
            Ok(result) => result,
            Err(e) => {
                failures.push(format!("{name}: does not load: {e}"));
                continue;
            }
        };

        let expect_path = companion(file, ".expect.json");
        match fs::read_to_string(&expect_path) {
            Err(_) => failures.push(format!("{name}: missing {}", expect_path.display())),
            Ok(expect_text) => {
                let expect: Value = serde_json::from_str(&expect_text)
                    .unwrap_or_else(|e| panic!("{name}.expect: {e}"));
                for rule in expect["covers"].as_array().expect("`covers` lists rules") {
                    covered.insert(rule.as_str().unwrap().to_owned());
                }
                let actual: Value = serde_json::from_str(&result).unwrap();
                let mut mismatches = Vec::new();
                matches(&expect["expect"], &actual, "", &mut mismatches);
                failures.extend(mismatches.into_iter().map(|m| format!("{name}: {m}")));
            }
        }

        // Read from a reader and written as the tenant is walked, pretty and compact: the same
        // document, the pretty one byte for byte.
        let mut read = Simulation::from_reader(text.as_bytes(), || None).unwrap();
        read.run_to_end();
        let mut streamed = Vec::new();
        read.result()
            .write_json(&mut streamed, JsonLayout::Pretty)
            .unwrap();
        if streamed != result.as_bytes() {
            failures.push(format!(
                "{name}: streamed from a reader, the result differs"
            ));
        }
        let compact = read.result().to_json_as(JsonLayout::Compact);
        let same = serde_json::from_str::<Value>(&compact).ok()
            == serde_json::from_str::<Value>(&result).ok();
        if !same || compact.lines().count() != 1 || compact.len() >= result.len() {
            failures.push(format!(
                "{name}: the compact result is not the document on one line"
            ));
        }

        let golden = companion(file, ".result.json");
        if bless {
            fs::write(&golden, &result).unwrap();
        } else {
            match fs::read_to_string(&golden) {
                Ok(expected) if expected == result => {}
                Ok(_) => failures.push(format!(
                    "{name}: result differs from {} (review the change, then LICENSELAB_BLESS=1)",
                    golden.display()
                )),
                Err(_) => failures.push(format!(
                    "{name}: missing {} (LICENSELAB_BLESS=1 writes it)",
                    golden.display()
                )),
            }
        }
    }
    let missing: Vec<&&str> = REQUIRED_COVERAGE
        .iter()
        .filter(|r| !covered.contains(**r))
        .collect();
    if !missing.is_empty() {
        failures.push(format!("no scenario covers {missing:?}"));
    }
    assert!(
        failures.is_empty(),
        "{} scenario failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn invalid_scenarios_give_their_exact_errors() {
    let dir = repo_tests().join("invalid");
    let files = scenario_files(&dir);
    assert!(
        files.len() >= 10,
        "expected the invalid-scenario suite, found {} files",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(file).unwrap();
        let expected = fs::read_to_string(companion(file, ".error.txt"))
            .unwrap_or_else(|_| panic!("{name}: missing .error.txt"))
            .trim_end()
            .to_owned();
        match licenselab_engine::run_json(&text) {
            Ok(_) => failures.push(format!("{name}: loaded, expected: {expected}")),
            Err(e) if e.to_string() == expected => {}
            Err(e) => failures.push(format!("{name}:\n  got:      {e}\n  expected: {expected}")),
        }
        // From a reader, with the text read again for the error: the same words and place.
        match Simulation::from_reader(text.as_bytes(), || Some(text.clone())) {
            Ok(_) => failures.push(format!("{name}: loaded from a reader")),
            Err(e) if e.to_string() == expected => {}
            Err(e) => failures.push(format!("{name}: from a reader:\n  got:      {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_same_scenario_gives_the_same_bytes_twice() {
    for file in scenario_files(&repo_tests().join("scenarios")) {
        let text = fs::read_to_string(&file).unwrap();
        if let Ok(first) = licenselab_engine::run_json(&text) {
            assert_eq!(
                first,
                licenselab_engine::run_json(&text).unwrap(),
                "{}",
                file.display()
            );
        }
    }
}

/// `write_json` writes the document by hand (plan lists copied from text it made once, ids
/// escaped once); serializing the document as data (as the JavaScript API does) goes through
/// serde. Both must give serde_json's bytes, in both layouts.
#[test]
fn the_written_document_is_what_serde_json_writes() {
    let mut lists = 0;
    for file in scenario_files(&repo_tests().join("scenarios")) {
        let text = fs::read_to_string(&file).unwrap();
        let Ok(mut simulation) = licenselab_engine::Simulation::from_json(&text) else {
            continue;
        };
        simulation.run_to_end();
        let result = simulation.result();
        let pretty = serde_json::to_string_pretty(&result).unwrap() + "\n";
        let compact = serde_json::to_string(&result).unwrap() + "\n";
        assert_eq!(result.to_json(), pretty, "{}", file.display());
        assert_eq!(
            result.to_json_as(licenselab_engine::JsonLayout::Compact),
            compact,
            "{}",
            file.display()
        );
        lists += compact.matches("\"servicePlans\":[\"").count();
    }
    assert!(lists > 100, "the scenarios must hold plan lists: {lists}");
}

/// B27 is a report, not part of the result document: check it on its scenario directly.
#[test]
fn compliance_report_counts_members_of_licensed_groups_against_p1_seats() {
    let path = repo_tests().join("scenarios/b27-compliance-not-enough-p1-seats-never-blocks.json");
    let simulation =
        licenselab_engine::Simulation::from_json(&fs::read_to_string(path).unwrap()).unwrap();
    let report = simulation.tenant().compliance();
    assert_eq!(report.licensed_group_members, 3);
    assert_eq!(report.p1_capable_seats, 2);
}

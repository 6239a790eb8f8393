//! Inputs the fuzzers found (`crates/engine/fuzz/regressions/`), checked the way the fuzz
//! targets check them, so each finding stays fixed. `load_scenario-*` files are scenario text.

use licenselab_engine::Simulation;
use std::fs;
use std::path::Path;

#[test]
fn fuzz_findings_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut checked = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = fs::read(&path).unwrap();
        assert!(name.starts_with("load_scenario-"), "{name}: unknown target");
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        match Simulation::from_json(text) {
            Err(error) => {
                assert!(!error.message.is_empty(), "{name}");
                assert!(
                    error.line.is_none_or(|l| l >= 1) && error.column.is_none_or(|c| c >= 1),
                    "{name}: {error}"
                );
            }
            Ok(mut simulation) => {
                simulation.run_to_end();
                assert_eq!(
                    simulation.result().to_json(),
                    licenselab_engine::run_json(text).unwrap(),
                    "{name}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 1, "no regression inputs in {}", dir.display());
}

//! Any text as a scenario: it loads, or fails with a positioned error; if it loads, every step
//! runs and the result serializes, twice to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use licenselab_engine::Simulation;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Simulation::from_json(text) {
        Err(error) => {
            assert!(!error.message.is_empty());
            assert!(error.line.is_none_or(|l| l >= 1) && error.column.is_none_or(|c| c >= 1));
            assert!(!error.to_string().is_empty());
        }
        Ok(mut simulation) => {
            simulation.run_to_end();
            let first = simulation.result().to_json();
            let again = licenselab_engine::run_json(text).expect("loaded once, loads again");
            assert_eq!(first, again, "the same scenario gave different bytes");
        }
    }
});

//! Parse and load times of a scenario file, without a benchmark harness:
//! `cargo run --release -p licenselab-engine --example load_time -- SCENARIO.json`.
//! Also times `serde_json` parsing the same text into a `Value`, the yardstick of issue 14
//! (loading and reconciling in at most 1.5 times that).
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: load_time SCENARIO.json");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).expect("readable scenario");
    for _ in 0..3 {
        let start = Instant::now();
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let as_value = start.elapsed();
        drop(value);
        let start = Instant::now();
        let scenario = licenselab_engine::parse(&text).expect("valid scenario");
        let parsed = start.elapsed();
        let start = Instant::now();
        let simulation = licenselab_engine::Simulation::new(&scenario).expect("valid scenario");
        let loaded = start.elapsed();
        println!(
            "serde_json Value {as_value:?}, parse {parsed:?}, load and reconcile {loaded:?} ({:.2}x the Value)",
            loaded.as_secs_f64() / as_value.as_secs_f64()
        );
        std::hint::black_box(simulation);
    }
}

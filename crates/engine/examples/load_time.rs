//! Parse and load times of a scenario file, without a benchmark harness:
//! `cargo run --release -p licenselab-engine --example load_time -- SCENARIO.json`.
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: load_time SCENARIO.json");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).expect("readable scenario");
    for _ in 0..3 {
        let start = Instant::now();
        let scenario = licenselab_engine::scenario::parse(&text).expect("valid scenario");
        let parsed = start.elapsed();
        let start = Instant::now();
        let simulation = licenselab_engine::Simulation::new(&scenario).expect("valid scenario");
        println!("parse {parsed:?}, load and reconcile {:?}", start.elapsed());
        std::hint::black_box(simulation);
    }
}

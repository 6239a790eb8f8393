//! One step's latency on a big tenant, measured directly:
//! `cargo run --release -p licenselab-engine --example step_latency -- SCENARIO.json 'STEP-JSON'`.
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(step)) = (args.next(), args.next()) else {
        eprintln!("usage: step_latency SCENARIO.json STEP-JSON");
        std::process::exit(2);
    };
    let simulation =
        licenselab_engine::Simulation::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let action = serde_json::from_str(&step).unwrap();
    let op = simulation.resolve(&action).unwrap();
    let mut times = Vec::new();
    for _ in 0..20 {
        let mut edited = simulation.clone();
        let start = Instant::now();
        let outcome = edited.push_resolved(&op).outcome.is_ok();
        times.push(start.elapsed());
        std::hint::black_box(outcome);
    }
    times.sort();
    // With a second step that undoes the first, repeat both on one tenant (for a profiler).
    if let Some(undo) = args.next() {
        let undo = simulation
            .resolve(&serde_json::from_str(&undo).unwrap())
            .unwrap();
        let mut edited = simulation.clone();
        let start = Instant::now();
        for _ in 0..1000 {
            edited.push_resolved(&op);
            edited.push_resolved(&undo);
        }
        println!(
            "step and undo, 1000 times: {:?} per pair",
            start.elapsed() / 1000
        );
    }
    println!(
        "median {:?}, min {:?}, max {:?}",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}

//! Parse and load times of a scenario file, without a benchmark harness:
//! `cargo run --release -p licenselab-engine --example load_time -- SCENARIO.json`.
//! Also times `serde_json` parsing the same text into a `Value`, the yardstick of issue 14
//! (loading and reconciling in at most 1.5 times that). Each phase is timed on the wall clock
//! and, where Linux reports it, by the time this thread spent on a CPU (`/proc/thread-self/
//! schedstat`): on a shared machine the wall clock also counts the time other programs ran.
use std::time::{Duration, Instant};

/// Time on a CPU and on the wall clock since `start`.
struct Clock {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: on_cpu(),
        }
    }

    /// (wall, CPU) since the start; CPU is zero where it cannot be read.
    fn elapsed(&self) -> (Duration, Duration) {
        let cpu = match (self.cpu, on_cpu()) {
            (Some(start), Some(now)) => now.saturating_sub(start),
            _ => Duration::ZERO,
        };
        (self.wall.elapsed(), cpu)
    }
}

/// This thread's time on a CPU so far (Linux's scheduler statistics, in nanoseconds).
fn on_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: load_time SCENARIO.json");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).expect("readable scenario");
    for _ in 0..3 {
        let clock = Clock::start();
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let (as_value, as_value_cpu) = clock.elapsed();
        drop(value);
        let clock = Clock::start();
        let scenario = licenselab_engine::parse(&text).expect("valid scenario");
        let (parsed, parsed_cpu) = clock.elapsed();
        let clock = Clock::start();
        let simulation = licenselab_engine::Simulation::new(&scenario).expect("valid scenario");
        let (loaded, loaded_cpu) = clock.elapsed();
        println!(
            "serde_json Value {as_value:.2?}, parse {parsed:.2?}, load and reconcile {loaded:.2?} ({:.2}x the Value); on a CPU: {as_value_cpu:.2?}, {parsed_cpu:.2?}, {loaded_cpu:.2?} ({:.2}x)",
            loaded.as_secs_f64() / as_value.as_secs_f64(),
            loaded_cpu.as_secs_f64() / as_value_cpu.as_secs_f64().max(f64::MIN_POSITIVE),
        );
        std::hint::black_box(simulation);
    }
}

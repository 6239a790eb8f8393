//! Memory of a tenant: `cargo run --release -p licenselab-engine --example memory -- SCENARIO.json`
//! (`licenselab generate --users 100000 --groups 2000 --skus 40 --seed 1 -o t100k.json` writes the
//! benchmark tenant). Counts every byte the engine allocates, with a counting global allocator:
//! the parts of loading from text, then the path `licenselab run FILE --compact -o OUT` takes
//! (parsed from a buffered reader, the result written as the tenant is walked).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: delegates to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(now, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: memory SCENARIO.json");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).expect("readable scenario");
    let scenario = licenselab_engine::parse(&text).expect("valid scenario");
    let parsed = CURRENT.load(Relaxed);
    drop(text);
    PEAK.store(CURRENT.load(Relaxed), Relaxed);
    let simulation = licenselab_engine::Simulation::new(&scenario).expect("valid scenario");
    let peak_while_loading = PEAK.load(Relaxed);
    let with_scenario = CURRENT.load(Relaxed);
    drop(scenario);
    let tenant = CURRENT.load(Relaxed);
    println!("JSON text + parsed scenario:     {}", mb(parsed));
    println!("scenario + tenant, after load:   {}", mb(with_scenario));
    println!(
        "peak while loading (w/ scenario): {}",
        mb(peak_while_loading)
    );
    println!("tenant alone:                    {}", mb(tenant));
    drop(simulation);

    // As the command does it: no text held, the document dropped once resolved, the result
    // written into a writer (a sink here: a file's bytes are not the process's memory).
    let before = CURRENT.load(Relaxed);
    PEAK.store(before, Relaxed);
    let file = std::fs::File::open(&path).expect("readable scenario");
    let mut simulation =
        licenselab_engine::Simulation::from_reader(std::io::BufReader::new(file), || None)
            .expect("valid scenario");
    let peak_while_reading = PEAK.load(Relaxed) - before;
    let tenant = CURRENT.load(Relaxed) - before;
    simulation.run_to_end();
    PEAK.store(CURRENT.load(Relaxed), Relaxed);
    simulation
        .result()
        .write_json(std::io::sink(), licenselab_engine::JsonLayout::Compact)
        .expect("a sink takes every write");
    let peak_while_writing = PEAK.load(Relaxed) - before;
    println!(
        "from a reader: peak while loading {}",
        mb(peak_while_reading)
    );
    println!("               tenant after load  {}", mb(tenant));
    println!(
        "               peak while writing {}",
        mb(peak_while_writing)
    );
}

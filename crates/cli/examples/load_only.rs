fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let scenario = licenselab_engine::scenario::load::parse(&text).unwrap();
    let t = std::time::Instant::now();
    let sim = licenselab_engine::Simulation::new(&scenario).unwrap();
    eprintln!(
        "load+reconcile {:?} {}",
        t.elapsed(),
        sim.tenant().audit.len()
    );
}

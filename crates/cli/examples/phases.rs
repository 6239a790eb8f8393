use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let t = Instant::now();
    let scenario = licenselab_engine::scenario::load::parse(&text).unwrap();
    eprintln!("parse {:?}", t.elapsed());
    let t = Instant::now();
    let mut sim = licenselab_engine::Simulation::new(&scenario).unwrap();
    eprintln!("load+reconcile {:?}", t.elapsed());
    let t = Instant::now();
    sim.run_to_end();
    eprintln!("steps {:?}", t.elapsed());
    let t = Instant::now();
    let doc = sim.result();
    eprintln!("result {:?}", t.elapsed());
    let t = Instant::now();
    let json = doc.to_json();
    eprintln!("json {:?} {} bytes", t.elapsed(), json.len());
}

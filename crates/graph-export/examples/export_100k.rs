//! Exports the 100,000-user generated tenant from the mock Graph and prints how long it took and
//! how many requests it made. Not a test (it takes a while to build the tenant):
//!
//! ```sh
//! cargo run --release -p licenselab-graph-export --example export_100k [-- USERS GROUPS SKUS] [--keep DIR]
//! ```
//!
//! With `--keep DIR` the export is written to `DIR` and kept (to measure `licenselab import DIR`);
//! without it, to a temporary folder that is removed.
//!
//! The tenant is `licenselab generate --users 100000 --groups 2000 --skus 40 --seed 1`, served
//! in Graph's page sizes (999) on 127.0.0.1; the export runs with its defaults (4 requests at a
//! time, `$batch` of 20).

use licenselab_generate::Parameters;
use licenselab_graph_export::{export, Config, Kind, Silent, Token, TokenSource};
use licenselab_graph_mock::{GraphTenant, MockGraph, MockOptions};
use std::time::Instant;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let keep = args.iter().position(|a| a == "--keep").map(|at| {
        let dir = args.get(at + 1).expect("--keep DIR").clone();
        args.drain(at..at + 2);
        std::path::PathBuf::from(dir)
    });
    let numbers: Vec<usize> = args
        .iter()
        .map(|a| a.parse().expect("USERS GROUPS SKUS are numbers"))
        .collect();
    let parameters = Parameters {
        users: numbers.first().copied().unwrap_or(100_000),
        groups: numbers.get(1).copied().unwrap_or(2_000),
        skus: numbers.get(2).copied().unwrap_or(40),
        steps: 0,
        seed: 1,
    };
    let clock = Instant::now();
    let tenant = GraphTenant::generated(parameters);
    println!(
        "tenant: {} users, {} groups, {} products (built and reconciled in {:.1} s)",
        tenant.users.len(),
        tenant.groups.len(),
        tenant.subscribed_skus.len(),
        clock.elapsed().as_secs_f64()
    );
    let token = "benchmark-token";
    let mock = MockGraph::start(tenant, MockOptions::default(), token);
    let dir = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("licenselab-export-100k-{}", std::process::id()))
    });
    let mut config = Config::new(&dir, TokenSource::Fixed(Token::new(token).unwrap()));
    config.graph_url = mock.url();
    let summary = export(&config, &Silent).expect("the export succeeds");
    assert!(mock.violations().is_empty(), "{:?}", mock.violations());
    let log = mock.log();
    let batches = log.iter().filter(|l| l.method == "POST").count();
    let inner = log.iter().filter(|l| l.in_batch).count();
    println!(
        "export: {:.2} s, {} requests ({} GET, {} $batch holding {} GETs), {} retries, {} pages",
        summary.elapsed.as_secs_f64(),
        summary.requests,
        summary.requests as usize - batches,
        batches,
        inner,
        summary.retries,
        summary.pages
    );
    for kind in Kind::ALL {
        println!("  {}: {}", kind.name(), summary.objects(kind));
    }
    let bytes: u64 = walk(&dir);
    println!("  folder: {:.1} MB", bytes as f64 / 1e6);
    match keep {
        Some(dir) => println!("  kept in {}", dir.display()),
        None => std::fs::remove_dir_all(&dir).expect("the folder is removed"),
    }
}

fn walk(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .expect("a folder")
        .map(|entry| {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(&path)
            } else {
                std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
            }
        })
        .sum()
}

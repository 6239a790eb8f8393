//! Tenant-scale benchmarks (`cargo bench -p licenselab-engine`). The tenant is the README's:
//! `licenselab generate --users 100000 --groups 2000 --skus 40 --seed 1`, built in memory.

use criterion::{criterion_group, criterion_main, Criterion};
use licenselab_engine::Action;
use licenselab_engine::Simulation;
use licenselab_generate::{generate, to_json, Parameters};
use std::hint::black_box;
use std::time::Duration;

const TENANT: Parameters = Parameters {
    users: 100_000,
    groups: 2_000,
    skus: 40,
    steps: 0,
    seed: 1,
};

fn action(json: &str) -> Action {
    serde_json::from_str(json).expect("a valid step")
}

fn scale(c: &mut Criterion) {
    let scenario = generate(TENANT);
    let text = to_json(&scenario);
    let loaded = Simulation::new(&scenario).expect("the generated tenant loads");

    let mut group = c.benchmark_group("tenant_100k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_secs(3));
    group.bench_function("parse_json", |b| {
        b.iter_with_large_drop(|| licenselab_engine::parse(black_box(&text)).unwrap())
    });
    group.bench_function("load_and_reconcile", |b| {
        b.iter_with_large_drop(|| Simulation::new(black_box(&scenario)).unwrap())
    });
    group.finish();

    // Per-step latency on the loaded tenant, warm as in a long run: each iteration applies a
    // step and the step that undoes it (so the tenant stays the same), and reports the pair.
    let mut steps = c.benchmark_group("step_pair_at_100k");
    steps
        .sample_size(50)
        .measurement_time(Duration::from_secs(10));
    let simulation = &loaded;
    let tenant = simulation.tenant();
    let first_member = tenant
        .group(licenselab_engine::GroupIx::new(0))
        .user_members()
        .next()
        .map(|(u, _)| tenant.user(u).id().to_owned())
        .unwrap();
    let department = tenant
        .user_attributes(licenselab_engine::UserIx::new(42))
        .find(|(name, _)| *name == "department")
        .map(|(_, value)| value)
        .unwrap();
    let cases: Vec<(&str, String, String)> = vec![
        (
            "add_then_remove_member_of_licensed_group",
            r#"{"op": "addMember", "group": "g00000", "member": "u099999"}"#.into(),
            r#"{"op": "removeMember", "group": "g00000", "member": "u099999"}"#.into(),
        ),
        (
            "remove_then_add_member_of_licensed_group",
            format!(r#"{{"op": "removeMember", "group": "g00000", "member": "{first_member}"}}"#),
            format!(r#"{{"op": "addMember", "group": "g00000", "member": "{first_member}"}}"#),
        ),
        (
            "attribute_change_hitting_dynamic_groups_and_back",
            r#"{"op": "updateUser", "user": "u000042", "set": {"department": "Finance"}}"#.into(),
            format!(r#"{{"op": "updateUser", "user": "u000042", "set": {{"department": {department}}}}}"#),
        ),
        (
            "seat_purchase_then_reprocess_10000_member_group",
            r#"{"op": "setPrepaidUnits", "sku": "ENTERPRISEPACK", "prepaidUnits": {"enabled": 90000}}"#.into(),
            r#"{"op": "reprocess", "group": "g00000"}"#.into(),
        ),
    ];
    for (name, first, second) in cases {
        let first = simulation
            .resolve(&action(&first))
            .expect("the step resolves");
        let second = simulation
            .resolve(&action(&second))
            .expect("the step resolves");
        let mut state = simulation.clone();
        steps.bench_function(name, |b| {
            b.iter(|| {
                let a = state.push_resolved(black_box(&first)).outcome.is_ok();
                let b = state.push_resolved(black_box(&second)).outcome.is_ok();
                (a, b)
            })
        });
    }
    steps.finish();

    // `licenselab run` with 1,000 steps against none: load, steps, and the result document.
    let mut runs = c.benchmark_group("run_100k");
    runs.sample_size(10)
        .measurement_time(Duration::from_secs(30));
    for step_count in [0, 1000] {
        let with_steps = generate(Parameters {
            steps: step_count,
            ..TENANT
        });
        runs.bench_function(format!("{step_count}_steps"), |b| {
            b.iter(|| {
                let mut simulation = Simulation::new(&with_steps).unwrap();
                simulation.run_to_end();
                serde_json::to_writer(std::io::sink(), &simulation.result()).unwrap();
            })
        });
    }
    runs.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);

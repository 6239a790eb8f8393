//! What "which errors would a reprocess clear?" costs on the README's 100,000-user tenant:
//! `cargo run --release -p licenselab-engine --example reprocess_all -- [USERS]` times
//! `Simulation::reprocess_clears` and `reprocess_in_turn` over the first USERS users (all of them
//! when left out) and prints the time per user, and for all users at that rate.
use licenselab_engine::{Simulation, UserIx};
use licenselab_generate::{generate, Parameters};
use std::time::Instant;

fn main() {
    let scenario = generate(Parameters {
        users: 100_000,
        groups: 2_000,
        skus: 40,
        steps: 0,
        seed: 1,
    });
    let simulation = Simulation::new(&scenario).expect("the generated tenant loads");
    drop(scenario);
    let all = simulation.tenant().users().len();
    let count = std::env::args()
        .nth(1)
        .map_or(all, |n| n.parse().expect("USERS is a number"))
        .min(all);
    let users: Vec<UserIx> = (0..count).map(UserIx::new).collect();
    for (name, run) in [
        (
            "reprocess_clears",
            Simulation::reprocess_clears as fn(&Simulation, &[UserIx]) -> _,
        ),
        ("reprocess_in_turn", Simulation::reprocess_in_turn),
    ] {
        let start = Instant::now();
        let outcomes = run(&simulation, &users);
        let elapsed = start.elapsed();
        let clearing = outcomes.iter().filter(|o| o.succeeds()).count();
        let per_user = elapsed / u32::try_from(count.max(1)).unwrap();
        println!(
            "{name}: {count} users in {elapsed:.2?} ({per_user:.2?} per user, {clearing} would clear), all {all} users at that rate: {:.1?}",
            per_user * u32::try_from(all).unwrap()
        );
    }
}

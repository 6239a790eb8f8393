//! Load time of dynamic groups chained by `memberOf` rules (group k's rule names group k-1),
//! all users in every group: the worst case for rule indexing and memberOf evaluation.
//! `cargo run --release -p licenselab-engine --example member_of_chain -- [GROUPS] [USERS]`
//! (defaults: 500 groups, Entra's limit for groups with a memberOf rule, which loading enforces,
//! and 2,000 users).
use std::fmt::Write;
use std::time::Instant;

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().expect("a number"));
    let groups = args.next().unwrap_or(500);
    let users = args.next().unwrap_or(2_000);
    let text = chain(groups, users);
    for _ in 0..3 {
        let start = Instant::now();
        let simulation = licenselab_engine::Simulation::from_json(&text).expect("valid scenario");
        println!(
            "{groups} chained groups, {users} users: load {:?}",
            start.elapsed()
        );
        std::hint::black_box(simulation);
    }
}

fn chain(groups: usize, users: usize) -> String {
    let mut text = String::from(r#"{"licenselab": 1, "users": ["#);
    for u in 0..users {
        let comma = if u == 0 { "" } else { ", " };
        let _ = write!(text, r#"{comma}{{"id": "u{u}", "department": "Sales"}}"#);
    }
    text.push_str(r#"], "groups": [{"id": "g0", "groupTypes": ["DynamicMembership"], "membershipRule": "user.department -eq \"Sales\""}"#);
    for g in 1..groups {
        let _ = write!(
            text,
            r#", {{"id": "g{g}", "groupTypes": ["DynamicMembership"], "membershipRule": "user.memberOf -any (group.objectId -in ['g{}'])"}}"#,
            g - 1
        );
    }
    text.push_str("]}");
    text
}

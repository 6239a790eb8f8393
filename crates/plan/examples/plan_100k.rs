//! How long a plan for a big tenant takes, without a benchmark harness:
//! `cargo run --release -p licenselab-plan --example plan_100k -- [USERS] [MOVED]`
//! (default 100,000 users, 10,000 of them moved from Exchange Online Plan 1 to Plan 2 by moving
//! them between two groups). The generated tenant is built in memory; nothing is written.

use licenselab_engine::{AssignedLicenseDef, GroupDef, Scenario};
use licenselab_generate::{generate, Parameters};
use licenselab_plan::{plan, PlanOptions};
use std::time::Instant;

fn group(id: &str, sku: &str, members: Vec<String>) -> GroupDef {
    GroupDef {
        id: id.to_owned(),
        display_name: Some(id.to_owned()),
        description: None,
        security_enabled: true,
        mail_enabled: false,
        group_types: Vec::new(),
        members,
        membership_rule: None,
        membership_rule_processing_state: None,
        assigned_licenses: vec![AssignedLicenseDef {
            sku_id: sku.to_owned(),
            disabled_plans: Vec::new(),
        }],
    }
}

/// Today's tenant (the moved users in the Plan 1 group) and the target (in the Plan 2 group).
fn tenant_and_target(users: usize, moved: usize) -> (Scenario, Scenario) {
    let mut today = generate(Parameters {
        users,
        groups: users / 100,
        skus: 22,
        steps: 0,
        seed: 1,
    });
    for sku in &mut today.subscribed_skus {
        if matches!(
            sku.sku_id.as_str(),
            "EXCHANGESTANDARD" | "EXCHANGEENTERPRISE"
        ) {
            sku.prepaid_units.enabled += u32::try_from(users).expect("a u32 count");
        }
    }
    let ids: Vec<String> = today
        .users
        .iter()
        .take(moved)
        .map(|u| u.id.clone())
        .collect();
    let mut target = today.clone();
    today
        .groups
        .push(group("move-from", "EXCHANGESTANDARD", ids.clone()));
    today
        .groups
        .push(group("move-to", "EXCHANGEENTERPRISE", Vec::new()));
    target
        .groups
        .push(group("move-from", "EXCHANGESTANDARD", Vec::new()));
    target
        .groups
        .push(group("move-to", "EXCHANGEENTERPRISE", ids));
    (today, target)
}

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let users = args
        .next()
        .map_or(100_000, |a| a.expect("USERS is a number"));
    let moved = args
        .next()
        .map_or(10_000, |a| a.expect("MOVED is a number"));
    let start = Instant::now();
    let (today, target) = tenant_and_target(users, moved);
    println!("generated {users} users in {:?}", start.elapsed());
    for _ in 0..3 {
        let start = Instant::now();
        let plan = plan(&today, &target, &PlanOptions::default()).expect("a plan");
        let elapsed = start.elapsed();
        println!(
            "plan for {moved} moved users: {:?}; {} steps, no gap: {}, target reached: {}, orders: {}",
            elapsed,
            plan.steps.len(),
            plan.no_service_gap,
            plan.reaches_target,
            plan.search
                .orders
                .iter()
                .map(|o| format!("{} ({} steps, {} users with gaps)", o.name, o.steps, o.users_with_gaps))
                .collect::<Vec<_>>()
                .join("; ")
        );
        if !plan.not_reached.is_empty() {
            let first: Vec<&str> = plan
                .not_reached
                .iter()
                .take(3)
                .map(String::as_str)
                .collect();
            println!(
                "not reached: {} users, such as {}",
                plan.not_reached.len(),
                first.join(", ")
            );
        }
    }
}

//! Issue 16's round trip: `licenselab export --import` against the mock Graph gives a scenario with
//! the same users, groups, products and rows as the tenant the mock served, which loads with
//! nothing pending and runs back to exactly those rows and seat counts.

use licenselab_generate::Parameters;
use licenselab_graph_mock::support::scratch;
use licenselab_graph_mock::{GraphTenant, MockGraph, MockOptions};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

const TOKEN: &str = "round-trip-token";

/// A row as both sides can say it: the error `None` and an absent error are the same.
fn row(row: &Value) -> Value {
    let mut disabled: Vec<&str> = row["disabledPlans"]
        .as_array()
        .map(|plans| plans.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    disabled.sort_unstable();
    let error = match &row["error"] {
        Value::Null => json!("None"),
        other => other.clone(),
    };
    json!({
        "skuId": row["skuId"],
        "assignedByGroup": row["assignedByGroup"],
        "state": row["state"],
        "error": error,
        "disabledPlans": disabled,
    })
}

/// Each user's rows, sorted, by user id.
fn rows(users: &Value) -> BTreeMap<String, Vec<String>> {
    users
        .as_array()
        .expect("users")
        .iter()
        .map(|user| {
            let mut rows: Vec<String> = user["licenseAssignmentStates"]
                .as_array()
                .map(|rows| rows.iter().map(|r| row(r).to_string()).collect())
                .unwrap_or_default();
            rows.sort();
            (user["id"].as_str().unwrap().to_owned(), rows)
        })
        .collect()
}

/// A list's objects by one of their fields.
fn by_key<'a>(values: &'a Value, key: &str) -> BTreeMap<&'a str, &'a Value> {
    values
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| (v[key].as_str().unwrap(), v))
        .collect()
}

fn ids(values: &Value, key: &str) -> BTreeSet<String> {
    values
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v[key].as_str().unwrap().to_owned())
        .collect()
}

fn assigned(licenses: &Value) -> BTreeSet<String> {
    licenses
        .as_array()
        .map(|l| {
            l.iter()
                .map(|a| {
                    let mut disabled: Vec<&str> = a["disabledPlans"]
                        .as_array()
                        .map(|p| p.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    disabled.sort_unstable();
                    format!("{} {disabled:?}", a["skuId"])
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn export_then_import_gives_back_the_served_tenant() {
    let mut scenario = licenselab_generate::generate(Parameters {
        users: 300,
        groups: 30,
        skus: 8,
        steps: 0,
        seed: 7,
    });
    // Seat exhaustion: every product has a third of its seats.
    for sku in &mut scenario.subscribed_skus {
        let units = &mut sku.prepaid_units;
        units.enabled /= 3;
        units.warning = 0;
    }
    let tenant = GraphTenant::from_scenario(&scenario);
    let options = MockOptions {
        page_size: 120,
        member_page_size: 25,
    };
    let mock = MockGraph::start(tenant, options, TOKEN);
    let dir = scratch("cli-roundtrip");
    let out = dir.with_extension("json");
    let output = Command::new(env!("CARGO_BIN_EXE_licenselab"))
        .args(["export", "-o", dir.to_str().unwrap(), "--graph-url"])
        .arg(mock.url())
        .args(["--import", out.to_str().unwrap()])
        .env("LICENSELAB_GRAPH_TOKEN", TOKEN)
        .output()
        .expect("the command runs");
    let printed = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{printed}");
    assert!(mock.violations().is_empty(), "{:?}", mock.violations());
    assert!(
        printed.contains(
            "read 45 files: 1 organization, 8 products, 300 users, 30 groups, 462 memberships\n"
        ),
        "{printed}"
    );
    assert!(printed.contains("pending work found: none"), "{printed}");
    assert!(
        printed.contains(&format!("wrote {}", out.display())),
        "{printed}"
    );

    let served = mock.tenant();
    let text = std::fs::read_to_string(&out).unwrap();
    let imported: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(imported["startingState"], "observed");

    // Products: prepaid and consumed units, plans.
    let products = by_key(&imported["subscribedSkus"], "skuId");
    assert_eq!(products.len(), served.subscribed_skus.len());
    for sku in &served.subscribed_skus {
        let id = sku["skuId"].as_str().unwrap();
        let mine = products[id];
        assert_eq!(mine["prepaidUnits"], sku["prepaidUnits"], "{id}");
        assert_eq!(mine["consumedUnits"], sku["consumedUnits"], "{id}");
        assert_eq!(
            ids(&mine["servicePlans"], "servicePlanId"),
            ids(&sku["servicePlans"], "servicePlanId"),
            "{id}"
        );
    }

    // Users and their rows; some seats are exhausted.
    let served_users = Value::Array(served.users.clone());
    let served_rows = rows(&served_users);
    assert_eq!(rows(&imported["users"]), served_rows);
    assert!(
        served_rows
            .values()
            .flatten()
            .any(|r| r.contains("CountViolation")),
        "the tenant has no seat exhaustion"
    );
    let by_id = by_key(&imported["users"], "id");
    for user in &served.users {
        let mine = by_id[user["id"].as_str().unwrap()];
        for key in [
            "userPrincipalName",
            "displayName",
            "usageLocation",
            "department",
        ] {
            assert_eq!(mine[key], user[key], "{key} of {}", user["id"]);
        }
    }

    // Groups: members (static ones), assigned licenses, rules.
    let groups = by_key(&imported["groups"], "id");
    assert_eq!(groups.len(), served.groups.len());
    for group in &served.groups {
        let id = group["id"].as_str().unwrap();
        let mine = groups[id];
        assert_eq!(mine["membershipRule"], group["membershipRule"], "{id}");
        assert_eq!(
            assigned(&mine["assignedLicenses"]),
            assigned(&group["assignedLicenses"]),
            "{id}"
        );
        if group["membershipRule"].is_null() {
            let members: BTreeSet<&str> = mine["members"]
                .as_array()
                .map(|m| m.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let served_members: BTreeSet<&str> = served.members[id]
                .iter()
                .map(|m| m["id"].as_str().unwrap())
                .collect();
            assert_eq!(members, served_members, "{id}");
        }
    }

    // It loads with nothing pending and runs back to the same rows and seat counts.
    let scenario = licenselab_engine::parse(&text).expect("the scenario parses");
    let mut simulation = licenselab_engine::Simulation::new(&scenario).expect("it loads");
    assert!(simulation.tenant().pending().is_empty());
    simulation.run_to_end();
    let result: Value = serde_json::from_str(&simulation.result().to_json()).unwrap();
    assert_eq!(rows(&result["final"]["users"]), served_rows);
    for sku in result["final"]["subscribedSkus"].as_array().unwrap() {
        let id = sku["skuId"].as_str().unwrap();
        assert_eq!(sku["consumedUnits"], products[id]["consumedUnits"], "{id}");
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&out);
}

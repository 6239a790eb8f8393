//! Whole runs: the input is read as a starting tenant's shape and a list of steps over a fixed set
//! of products (with conflicts, a dependency, scarce seats and a prohibited plan), so every run
//! gets past loading. The steps change memberships, properties, licenses, seats, a dynamic rule,
//! delete users and add service plans. After each step the engine's invariants must hold.
#![no_main]

use libfuzzer_sys::fuzz_target;
use licenselab_engine::{MemberRef, SkuIx, State};
use licenselab_engine::Simulation;
use serde_json::{json, Value};

const PRODUCTS: &str = r#"[
  {"skuId": "E1", "prepaidUnits": {"enabled": 3}, "servicePlans": [
    {"servicePlanId": "EXO1", "servicePlanName": "EXCHANGE_S_STANDARD"}, {"servicePlanId": "SPO1", "servicePlanName": "SHAREPOINTSTANDARD"}]},
  {"skuId": "E3", "prepaidUnits": {"enabled": 4}, "servicePlans": [
    {"servicePlanId": "EXO2", "servicePlanName": "EXCHANGE_S_ENTERPRISE"}, {"servicePlanId": "SPO2", "servicePlanName": "SHAREPOINTENTERPRISE"},
    {"servicePlanId": "SFB", "servicePlanName": "MCOSTANDARD"}, {"servicePlanId": "YAM", "servicePlanName": "YAMMER_ENTERPRISE"}]},
  {"skuId": "AUDIO", "prepaidUnits": {"enabled": 2}, "servicePlans": [{"servicePlanId": "AUDIOCONF", "servicePlanName": "MCOMEETADV"}]}
]"#;
const SKUS: [&str; 3] = ["E1", "E3", "AUDIO"];
const PLANS: [&[&str]; 3] = [&["EXO1", "SPO1"], &["EXO2", "SPO2", "SFB", "YAM"], &["AUDIOCONF"]];
const DEPARTMENTS: [&str; 3] = ["Sales", "HR", "Ops"];

fn license(sku: u8, mask: u8) -> Value {
    let s = usize::from(sku) % 3;
    let disabled: Vec<&str> = PLANS[s].iter().enumerate().filter(|(i, _)| mask >> i & 1 == 1).map(|(_, p)| *p).collect();
    json!({"skuId": SKUS[s], "disabledPlans": disabled})
}

struct Input<'a>(std::slice::Iter<'a, u8>);

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        self.0.next().copied().unwrap_or(0)
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input(data.iter());
    let mut users = Vec::new();
    for i in 0..6 {
        let b = input.byte();
        let address = if b & 8 != 0 { "dup".to_owned() } else { format!("u{i}") };
        let mut user = json!({"id": format!("u{i}"), "department": DEPARTMENTS[usize::from(b % 3)],
                              "proxyAddresses": [format!("SMTP:{address}@x.example")]});
        if b & 4 != 0 {
            user["usageLocation"] = json!(["US", "CN"][usize::from(b >> 4 & 1)]);
        }
        users.push(user);
    }
    let mut groups = Vec::new();
    for i in 0..4u8 {
        let b = input.byte();
        let mut group = if i == 3 {
            json!({"id": "g3", "groupTypes": ["DynamicMembership"],
                   "membershipRule": format!("user.department -eq \"{}\"", DEPARTMENTS[usize::from(b % 3)])})
        } else {
            let mut members = Vec::new();
            for u in 0..6 {
                if input.byte() & 1 == 1 {
                    members.push(format!("u{u}"));
                }
            }
            if b & 16 != 0 {
                members.push(format!("g{}", (i + 1) % 3));
            }
            json!({"id": format!("g{i}"), "members": members})
        };
        let mut licenses: Vec<Value> = Vec::new();
        for k in 0..2u8 {
            if b >> (2 + k) & 1 == 1 {
                let candidate = license(b.wrapping_add(k), input.byte());
                if !licenses.iter().any(|l| l["skuId"] == candidate["skuId"]) {
                    licenses.push(candidate);
                }
            }
        }
        group["assignedLicenses"] = Value::Array(licenses);
        groups.push(group);
    }
    let mut steps = Vec::new();
    while let Some(&kind) = input.0.next() {
        let (a, b, c) = (input.byte(), input.byte(), input.byte());
        let user = format!("u{}", a % 6);
        let group = format!("g{}", b % 4);
        let index = steps.len();
        steps.push(match kind % 14 {
            0 => json!({"op": "addMember", "group": group, "member": user}),
            1 => json!({"op": "removeMember", "group": group, "member": user}),
            2 => json!({"op": "updateUser", "user": user, "set": {"department": DEPARTMENTS[usize::from(c % 3)]}}),
            3 => {
                let location = [Value::Null, json!("US"), json!("CN")][usize::from(c % 3)].clone();
                json!({"op": "updateUser", "user": user, "set": {"usageLocation": location}})
            }
            4 => json!({"op": "assignLicense", "group": group, "addLicenses": [license(c, a)], "removeLicenses": []}),
            5 => json!({"op": "assignLicense", "group": group, "addLicenses": [], "removeLicenses": [SKUS[usize::from(c % 3)]]}),
            6 => json!({"op": "assignLicense", "user": user, "addLicenses": [license(c, b)]}),
            7 => json!({"op": "assignLicense", "user": user, "removeLicenses": [SKUS[usize::from(c % 3)]]}),
            8 => json!({"op": "setPrepaidUnits", "sku": SKUS[usize::from(c % 3)], "prepaidUnits": {"enabled": a % 6, "suspended": b % 2}}),
            9 => json!({"op": "reprocess", "group": group}),
            10 => json!({"op": "reprocess", "user": user}),
            // Microsoft adds a plan; later steps' plan sets must follow the new positions.
            11 => json!({"op": "addServicePlan", "sku": SKUS[usize::from(c % 3)], "servicePlan": {"servicePlanId": format!("NEW{index}")}}),
            12 => json!({"op": "deleteUser", "user": user}),
            _ => json!({"op": "updateGroup", "group": "g3", "set": {"membershipRule": format!("user.department -eq \"{}\"", DEPARTMENTS[usize::from(c % 3)])}}),
        });
    }
    let scenario = json!({"licenselab": 1, "catalog": {"prohibitedLocations": [{"plan": "YAM", "countries": ["CN"]}]},
                          "subscribedSkus": serde_json::from_str::<Value>(PRODUCTS).unwrap(), "users": users, "groups": groups, "steps": steps});
    let text = scenario.to_string();
    let Ok(mut simulation) = Simulation::from_json(&text) else { return };
    while simulation.step().is_some() {
        let tenant = simulation.tenant();
        for (s, sku) in tenant.skus().iter().enumerate() {
            let holders = tenant.users().iter().filter(|u| u.is_alive() && u.holds_seat(SkuIx::new(s))).count();
            assert_eq!(holders, sku.consumed() as usize, "consumed units must count the users holding a seat");
        }
        for user in tenant.users().iter().filter(|u| u.is_alive()) {
            for row in user.rows() {
                if let licenselab_engine::Source::Group(g) = row.source() {
                    if row.standing() == licenselab_engine::Standing::Assigned {
                        let u = licenselab_engine::UserIx::new(tenant.users().iter().position(|x| std::ptr::eq(x, user)).unwrap());
                        assert!(tenant.is_member(g, MemberRef::User(u)), "a group row needs direct membership");
                    }
                }
                assert!(!(row.state() == State::Active && row.error() != licenselab_engine::LicenseError::None));
            }
        }
    }
    assert_eq!(simulation.result().to_json(), licenselab_engine::run_json(&text).unwrap());
});

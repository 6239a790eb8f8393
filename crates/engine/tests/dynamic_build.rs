//! A dynamic group of the starting tenant is filled while the tenant is built, reading the
//! properties rules use from columns made for the build; a group created by a step reads the
//! users themselves. Both must give the members the documented rules give
//! (`docs/reference/dynamic-membership-rules.md`: string comparison ignores case; a collection
//! matches `-any` on any element; a user without the property matches no `-eq`).

use licenselab_engine::{MemberRef, Simulation};
use serde_json::{json, Value};

/// Each rule's group, once in the starting tenant and once created by a step.
const RULES: [(&str, &str); 4] = [
    // A prefilter (department) with a Boolean read per candidate; values differ in case.
    (
        "sales",
        "user.department -eq \"sales\" -and user.accountEnabled -eq true",
    ),
    // No prefilter (two properties in a disjunction): every user is evaluated.
    (
        "ems-or-marketing",
        "user.extensionAttribute1 -eq \"ems\" -or user.department -eq \"Marketing\"",
    ),
    // A collection, kept on the user.
    (
        "contoso-mail",
        "user.proxyAddresses -any (_ -startsWith \"smtp:b\")",
    ),
    // A prefilter on a list of values, the same value in two spellings.
    (
        "in-list",
        "user.department -in [\"Marketing\", \"SALES\"] -and user.country -eq \"de\"",
    ),
];

fn scenario() -> Value {
    // Graph's other properties sit beside the fields the engine reads itself.
    let user = |id: &str, properties: Value, extension: Option<&str>, proxies: &[&str]| {
        let mut user = json!({
            "id": id,
            "usageLocation": "US",
            "proxyAddresses": proxies,
            "onPremisesExtensionAttributes": { "extensionAttribute1": extension },
        });
        let fields = user.as_object_mut().expect("an object");
        for (name, value) in properties.as_object().expect("an object") {
            fields.insert(name.clone(), value.clone());
        }
        user
    };
    let mut groups: Vec<Value> = RULES
        .iter()
        .map(|(id, rule)| {
            json!({ "id": format!("start-{id}"), "groupTypes": ["DynamicMembership"], "membershipRule": rule })
        })
        .collect();
    groups.push(json!({ "id": "static", "members": ["u1"] }));
    let steps: Vec<Value> = RULES
        .iter()
        .map(|(id, rule)| {
            json!({ "op": "createGroup", "group": { "id": format!("step-{id}"), "groupTypes": ["DynamicMembership"], "membershipRule": rule } })
        })
        .collect();
    json!({
        "licenselab": 1,
        "name": "dynamic groups built and created",
        "users": [
            user("u1", json!({ "department": "Sales", "accountEnabled": true, "country": "DE" }), Some("EMS"), &["SMTP:a@contoso.example"]),
            user("u2", json!({ "department": "SALES", "accountEnabled": false, "country": "de" }), None, &["smtp:B@contoso.example"]),
            user("u3", json!({ "department": "Marketing", "accountEnabled": true, "country": "FR" }), None, &[]),
            user("u4", json!({ "accountEnabled": true }), Some("Ems"), &["SMTP:x@contoso.example", "smtp:b2@contoso.example"]),
            user("u5", json!({ "department": "sales", "accountEnabled": true, "country": "De" }), None, &[]),
            user("u6", json!({ "department": "Marketing", "country": "DE" }), None, &[]),
        ],
        "groups": groups,
        "steps": steps,
    })
}

fn members(simulation: &Simulation, group: &str) -> Vec<String> {
    let tenant = simulation.tenant();
    let g = tenant
        .groups()
        .iter()
        .position(|g| g.id() == group)
        .expect("the group exists");
    let mut ids: Vec<String> = tenant.groups()[g]
        .members()
        .iter()
        .filter_map(|m| match m.who() {
            MemberRef::User(u) => Some(tenant.user(u).id().to_owned()),
            MemberRef::Group(_) => None,
        })
        .collect();
    ids.sort();
    ids
}

#[test]
fn groups_built_with_the_tenant_have_the_members_a_step_gives_them() {
    let text = scenario().to_string();
    let mut simulation = Simulation::from_json(&text).unwrap();
    let expected: [&[&str]; 4] = [
        &["u1", "u5"],
        &["u1", "u3", "u4", "u6"],
        &["u2", "u4"],
        &["u1", "u2", "u5", "u6"],
    ];
    for ((id, _), expected) in RULES.iter().zip(expected) {
        assert_eq!(
            members(&simulation, &format!("start-{id}")),
            expected,
            "{id}"
        );
    }
    while simulation.step().is_some() {}
    for ((id, _), expected) in RULES.iter().zip(expected) {
        assert_eq!(
            members(&simulation, &format!("step-{id}")),
            expected,
            "{id}"
        );
    }
}

//! Previews show a step's effect without applying it (issue: rule-change preview).

use licenselab_engine::Action;
use licenselab_engine::Simulation;

const SCENARIO: &str = r#"{
  "licenselab": 1,
  "subscribedSkus": [ { "skuId": "E3", "prepaidUnits": { "enabled": 10 },
    "servicePlans": [ { "servicePlanId": "EXO2", "servicePlanName": "EXCHANGE_S_ENTERPRISE" } ] } ],
  "users": [ { "id": "s1", "department": "Sales" }, { "id": "m1", "department": "Marketing" } ],
  "groups": [ { "id": "dyn", "groupTypes": ["DynamicMembership"], "membershipRule": "user.department -eq \"Sales\"",
                "assignedLicenses": [ { "skuId": "E3" } ] } ]
}"#;

fn action(json: &str) -> Action {
    serde_json::from_str(json).unwrap()
}

#[test]
fn a_rule_change_preview_lists_joiners_leavers_and_plan_changes_without_applying_them() {
    let simulation = Simulation::from_json(SCENARIO).unwrap();
    let preview = simulation
        .preview(&action(r#"{"op": "updateGroup", "group": "dyn", "set": {"membershipRule": "user.department -eq \"Marketing\""}}"#))
        .unwrap();
    let t = &preview.tenant;
    let names = |list: &[(licenselab_engine::GroupIx, licenselab_engine::UserIx)]| {
        list.iter()
            .map(|(g, u)| format!("{}:{}", t.group(*g).id(), t.user(*u).id()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&preview.joined), vec!["dyn:m1"]);
    assert_eq!(names(&preview.left), vec!["dyn:s1"]);
    let changes = preview.outcome.as_ref().unwrap();
    let summary: Vec<String> = changes
        .iter()
        .map(|c| {
            format!(
                "{} +{} -{}",
                t.user(c.user).id(),
                c.gained.len(),
                c.lost.len()
            )
        })
        .collect();
    assert_eq!(summary, vec!["s1 +0 -1", "m1 +1 -0"]);
    // Nothing happened to the simulation itself.
    assert_eq!(
        simulation
            .tenant()
            .group(licenselab_engine::GroupIx::new(0))
            .members()
            .len(),
        1
    );
    assert_eq!(simulation.tenant().skus()[0].consumed(), 1);
}

#[test]
fn previews_report_rejections_and_refuse_creations() {
    let simulation = Simulation::from_json(SCENARIO).unwrap();
    let preview = simulation
        .preview(&action(
            r#"{"op": "addMember", "group": "dyn", "member": "m1"}"#,
        ))
        .unwrap();
    assert_eq!(
        preview.outcome.unwrap_err().code.as_str(),
        "Request_BadRequest"
    );
    let error = simulation
        .preview(&action(r#"{"op": "createUser", "user": {"id": "x"}}"#))
        .unwrap_err();
    assert!(error.message.contains("cannot be previewed"), "{error}");
    let error = simulation
        .preview(&action(
            r#"{"op": "removeMember", "group": "dyn", "member": "zz"}"#,
        ))
        .unwrap_err();
    assert_eq!(error.path, "member");
}

#[test]
fn loading_in_portions_gives_the_same_simulation_and_reports_progress() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/scenarios/b4-member-of-and-assigned-plans-cascade.json"
    ))
    .unwrap();
    let scenario = licenselab_engine::parse(&text).unwrap();
    let mut loading = Simulation::loading(&scenario).unwrap();
    let (done, total) = loading.progress();
    assert_eq!(done, 0);
    assert!(total > 1);
    let mut portions = 0;
    while !loading.advance(1).unwrap() {
        portions += 1;
        let (done, total) = loading.progress();
        assert!(done <= total);
    }
    assert!(portions > 2, "built in {portions} portions");
    assert_eq!(loading.progress().0, loading.progress().1);
    let mut portioned = loading.finish().unwrap();
    portioned.run_to_end();
    let mut whole = Simulation::new(&scenario).unwrap();
    whole.run_to_end();
    assert_eq!(portioned.result().to_json(), whole.result().to_json());
}

#[test]
fn loading_in_portions_reports_a_starting_tenant_that_cannot_exist() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/invalid/direct-assignment-without-usage-location.json"
    ))
    .unwrap();
    let scenario = licenselab_engine::parse(&text).unwrap();
    let mut loading = Simulation::loading(&scenario).unwrap();
    let error = loop {
        match loading.advance(1) {
            Ok(true) => panic!("a tenant that cannot exist loaded"),
            Ok(false) => continue,
            Err(error) => break error,
        }
    };
    assert_eq!(error.path, "users[1].assignedLicenses");
    assert!(error.message.contains("InvalidUsageLocation"), "{error}");
}

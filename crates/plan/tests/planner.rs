//! The planner against the documented migrations (licensing-behaviour.md S8-S11, docs/plan.md):
//! each plan is run through the engine's `check` (its `noServiceGap` must hold) and its end
//! compared with the target by `licenselab-diff`, independently of the planner's own judge.

use licenselab_engine::{check, parse, Action, CheckOptions, Scenario};
use licenselab_plan::{plan, Plan, PlanError, PlanOptions};
use serde_json::{json, Value};

fn scenario(value: Value) -> Scenario {
    parse(&value.to_string()).expect("the fixture loads")
}

/// E1 and E3 as in tests/scenarios/migration-*: SharePoint Plan 1 and Plan 2 are mutually
/// exclusive, so the two products conflict.
fn office(e1_seats: u32, e3_seats: u32, users: Value, groups: Value) -> Value {
    json!({
        "licenselab": 1,
        "subscribedSkus": [
            {"skuId": "E1", "skuPartNumber": "STANDARDPACK", "prepaidUnits": {"enabled": e1_seats},
             "servicePlans": [
                {"servicePlanId": "EXO1", "servicePlanName": "EXCHANGE_S_STANDARD"},
                {"servicePlanId": "SPO1", "servicePlanName": "SHAREPOINTSTANDARD"},
                {"servicePlanId": "TEAMS", "servicePlanName": "TEAMS1"}]},
            {"skuId": "E3", "skuPartNumber": "ENTERPRISEPACK", "prepaidUnits": {"enabled": e3_seats},
             "servicePlans": [
                {"servicePlanId": "EXO2", "servicePlanName": "EXCHANGE_S_ENTERPRISE"},
                {"servicePlanId": "SPO2", "servicePlanName": "SHAREPOINTENTERPRISE"},
                {"servicePlanId": "TEAMS", "servicePlanName": "TEAMS1"},
                {"servicePlanId": "SWAY", "servicePlanName": "SWAY"}]}
        ],
        "users": users,
        "groups": groups
    })
}

fn two_users() -> Value {
    json!([{"id": "ann", "usageLocation": "DE"}, {"id": "bo", "usageLocation": "DE"}])
}

fn two_groups(src: Value, dst: Value) -> Value {
    json!([
        {"id": "src", "members": src, "assignedLicenses": [{"skuId": "E1"}]},
        {"id": "dst", "members": dst, "assignedLicenses": [{"skuId": "E3"}]}
    ])
}

fn planned(tenant: &Value, target: &Value) -> Plan {
    plan(
        &scenario(tenant.clone()),
        &scenario(target.clone()),
        &PlanOptions::default(),
    )
    .expect("a plan")
}

/// The plan, run by `check`, passes its expectations (`noServiceGap` among them), and its end is
/// the target's: `licenselab diff` finds nothing between them.
fn assert_proved(plan: &Plan, target: &Value) {
    assert!(plan.no_service_gap, "gaps: {:?}", plan.gaps);
    assert!(plan.reaches_target, "not reached: {:?}", plan.not_reached);
    assert!(plan.refused.is_empty(), "refused: {:?}", plan.refused);
    assert!(plan
        .scenario
        .expect
        .iter()
        .any(|e| e["check"] == "noServiceGap"));
    let report = check(&plan.to_json(), None, &CheckOptions::default()).expect("it loads");
    assert!(report.passed, "{:?}", report.failures);
    assert!(report.steps.iter().all(|s| s.outcome == "applied"));
    let end = licenselab_diff::load(&plan.to_json()).expect("it loads");
    let wanted = licenselab_diff::load(&target.to_string()).expect("it loads");
    let diff = licenselab_diff::compare(end.tenant(), wanted.tenant());
    assert!(!diff.changed, "{}", licenselab_diff::render_text(&diff));
}

fn position(plan: &Plan, note: &str) -> usize {
    plan.steps
        .iter()
        .position(|s| s.note == note)
        .unwrap_or_else(|| panic!("no step '{note}' in {:#?}", plan.steps))
}

#[test]
fn a1_to_a3_through_two_groups_adds_before_it_removes_and_passes_through_the_conflict() {
    let tenant = office(
        10,
        10,
        two_users(),
        two_groups(json!(["ann", "bo"]), json!([])),
    );
    let target = office(
        10,
        10,
        two_users(),
        two_groups(json!([]), json!(["ann", "bo"])),
    );
    let plan = planned(&tenant, &target);
    assert_proved(&plan, &target);
    assert_eq!(plan.steps.len(), 4);
    for user in ["ann", "bo"] {
        let joins = position(&plan, &format!("add {user} to group dst"));
        let leaves = position(&plan, &format!("remove {user} from group src"));
        assert!(joins < leaves, "{user} leaves before joining");
    }
    // Microsoft's two-group method: E3 fails on the conflict until E1 goes, then is assigned.
    assert_eq!(plan.errors_on_the_way.len(), 2);
    for e in &plan.errors_on_the_way {
        assert_eq!(
            (e.sku_id.as_str(), e.error.as_str()),
            ("E3", "MutuallyExclusiveViolation")
        );
        assert_eq!(
            e.until_step,
            Some(e.from_step + 1),
            "held one step only: {e:?}"
        );
    }
    assert!(plan.seats_to_buy.is_empty());
    // The obvious order removes first: both lose their mailbox.
    assert!(plan
        .naive
        .gaps
        .iter()
        .any(|g| g.user == "ann" && g.service == "Exchange Online mailbox" && g.lost_after == 0));
    let naive = check(&plan.naive_json(), None, &CheckOptions::default()).expect("it loads");
    assert!(naive.users.iter().any(|u| !u.service_gaps.is_empty()));
}

#[test]
fn a1_to_a3_through_two_groups_buys_the_seats_first_when_there_are_none() {
    let tenant = office(
        10,
        0,
        two_users(),
        two_groups(json!(["ann", "bo"]), json!([])),
    );
    let target = office(
        10,
        2,
        two_users(),
        two_groups(json!([]), json!(["ann", "bo"])),
    );
    let plan = planned(&tenant, &target);
    assert_proved(&plan, &target);
    assert_eq!(plan.seats_to_buy.len(), 1);
    let buy = &plan.seats_to_buy[0];
    assert_eq!((buy.sku_id.as_str(), buy.buy, buy.given_back), ("E3", 2, 0));
    assert_eq!(plan.steps[0].op, "setPrepaidUnits");
    assert!(!plan
        .errors_on_the_way
        .iter()
        .any(|e| e.error == "CountViolation"));
}

#[test]
fn a1_to_a3_in_place_is_one_step_that_swaps_the_products() {
    let group = |sku: &str| json!([{"id": "staff", "members": ["ann", "bo"], "assignedLicenses": [{"skuId": sku}]}]);
    let tenant = office(10, 10, two_users(), group("E1"));
    let target = office(10, 10, two_users(), group("E3"));
    let plan = planned(&tenant, &target);
    assert_proved(&plan, &target);
    assert_eq!(plan.steps.len(), 1);
    match &plan.scenario.steps[0].action {
        Action::AssignLicense {
            group: Some(g),
            add_licenses,
            remove_licenses,
            ..
        } => {
            assert_eq!(g, "staff");
            assert_eq!(add_licenses[0].sku_id, "E3");
            assert_eq!(remove_licenses, &["E1".to_owned()]);
        }
        other => panic!("not an in-place swap: {other:?}"),
    }
    assert!(plan.errors_on_the_way.is_empty());
    // Removing E1 and then adding E3 leaves both without a mailbox for a step.
    assert_eq!(plan.naive.steps.len(), 2);
    assert!(plan.naive.gaps.iter().any(|g| g.user == "bo"));
}

#[test]
fn a1_to_a3_in_place_with_too_few_seats_buys_the_missing_ones_before_the_swap() {
    let group = |sku: &str| json!([{"id": "staff", "members": ["ann", "bo"], "assignedLicenses": [{"skuId": sku}]}]);
    let tenant = office(10, 1, two_users(), group("E1"));
    let target = office(10, 2, two_users(), group("E3"));
    let plan = planned(&tenant, &target);
    assert_proved(&plan, &target);
    assert_eq!(plan.seats_to_buy[0].buy, 1);
    assert_eq!(
        plan.steps.iter().map(|s| s.op.as_str()).collect::<Vec<_>>(),
        ["setPrepaidUnits", "assignLicense"]
    );
}

#[test]
fn direct_to_group_keeps_the_group_first_and_drops_only_the_plans_the_target_drops() {
    let users = |direct: bool| {
        let e3 = |disabled: Value| {
            if direct {
                json!([{"skuId": "E3", "disabledPlans": disabled}])
            } else {
                json!([])
            }
        };
        json!([
            {"id": "yan", "usageLocation": "DE", "assignedLicenses": e3(json!(["SWAY"]))},
            {"id": "zoe", "usageLocation": "DE", "assignedLicenses": e3(json!([]))}
        ])
    };
    let tenant = office(0, 2, users(true), json!([]));
    let target = office(
        0,
        2,
        users(false),
        json!([{"id": "g1", "members": ["yan", "zoe"], "assignedLicenses": [{"skuId": "E3", "disabledPlans": ["SWAY"]}]}]),
    );
    let plan = planned(&tenant, &target);
    assert_proved(&plan, &target);
    assert_eq!(plan.steps[0].op, "createGroup");
    assert!(
        plan.seats_to_buy.is_empty(),
        "the same product: one seat each"
    );
    // Zoe's Sway came only from her direct assignment and the target has none: lost, but no gap.
    let report = check(&plan.to_json(), None, &CheckOptions::default()).expect("it loads");
    let zoe = report
        .users
        .iter()
        .find(|u| u.user == "zoe")
        .expect("zoe changed");
    assert_eq!(zoe.lost_services, ["Sway"]);
    assert!(zoe.service_gaps.is_empty());
}

/// E3 to E5 while the users hold a Defender for Office 365 Plan 1 add-on directly, which is
/// mutually exclusive with E5's Plan 2: the add-on must go before E3 does, or E5 stays in error
/// and the mailbox is gone.
#[test]
fn e3_to_e5_with_a_mutually_exclusive_add_on_removes_the_add_on_before_e3() {
    let doc = |in_e3: Value, in_e5: Value, add_on: bool| {
        let license = if add_on {
            json!([{"skuId": "ATP1"}])
        } else {
            json!([])
        };
        json!({
            "licenselab": 1,
            "catalog": {"conflicts": [["ATP_P1", "ATP_P2"]]},
            "subscribedSkus": [
                {"skuId": "E3", "prepaidUnits": {"enabled": 5}, "servicePlans": [
                    {"servicePlanId": "EXO2", "servicePlanName": "EXCHANGE_S_ENTERPRISE"},
                    {"servicePlanId": "TEAMS", "servicePlanName": "TEAMS1"}]},
                {"skuId": "E5", "prepaidUnits": {"enabled": 5}, "servicePlans": [
                    {"servicePlanId": "EXO2", "servicePlanName": "EXCHANGE_S_ENTERPRISE"},
                    {"servicePlanId": "TEAMS", "servicePlanName": "TEAMS1"},
                    {"servicePlanId": "ATP_P2", "servicePlanName": "ATP_P2"}]},
                {"skuId": "ATP1", "prepaidUnits": {"enabled": 5}, "servicePlans": [
                    {"servicePlanId": "ATP_P1", "servicePlanName": "ATP_P1"}]}
            ],
            "users": [{"id": "uma", "usageLocation": "DE", "assignedLicenses": license}],
            "groups": [
                {"id": "e3", "members": in_e3, "assignedLicenses": [{"skuId": "E3"}]},
                {"id": "e5", "members": in_e5, "assignedLicenses": [{"skuId": "E5"}]}
            ]
        })
    };
    let tenant = doc(json!(["uma"]), json!([]), true);
    let target = doc(json!([]), json!(["uma"]), false);
    let plan = planned(&tenant, &target);
    assert_proved(&plan, &target);
    let add_on = position(&plan, "uma's direct assignment: remove ATP1");
    let leaves = position(&plan, "remove uma from group e3");
    assert!(add_on < leaves, "{:#?}", plan.steps);
    assert!(position(&plan, "add uma to group e5") < add_on);
    // The first order tried (memberships first) left uma without her mailbox: the search says so.
    assert!(plan.search.orders.iter().any(|o| o.users_with_gaps > 0));
}

/// E3 through a group and Audio Conferencing assigned directly, which depends on E3's Skype
/// for Business (B14b). Such a tenant exists only as observed (Entra refuses the add-on before
/// the group has given E3), as an import gives it.
/// `observed: false` writes the same tenant as computed (what a target processed from scratch
/// is), with the add-on in `assignedLicenses`.
fn dependent(in_g1: Value, in_g2: Value, add_on: bool, observed: bool) -> Value {
    let mut rows = vec![];
    if in_g1.as_array().is_some_and(|m| !m.is_empty()) {
        rows.push(json!({"skuId": "E3", "assignedByGroup": "g1", "state": "Active"}));
    }
    if in_g2.as_array().is_some_and(|m| !m.is_empty()) {
        rows.push(json!({"skuId": "E5", "assignedByGroup": "g2", "state": "Active"}));
    }
    if add_on {
        rows.push(json!({"skuId": "AUDIO", "assignedByGroup": null, "state": "Active"}));
    }
    let mut doc = json!({
        "licenselab": 1,
        "startingState": "observed",
        "subscribedSkus": [
            {"skuId": "E3", "prepaidUnits": {"enabled": 5}, "consumedUnits": 1, "servicePlans": [
                {"servicePlanId": "EXO2", "servicePlanName": "EXCHANGE_S_ENTERPRISE"},
                {"servicePlanId": "SFB", "servicePlanName": "MCOSTANDARD"}]},
            {"skuId": "E5", "prepaidUnits": {"enabled": 5}, "consumedUnits": 0, "servicePlans": [
                {"servicePlanId": "EXO2", "servicePlanName": "EXCHANGE_S_ENTERPRISE"}]},
            {"skuId": "AUDIO", "prepaidUnits": {"enabled": 5}, "consumedUnits": 1, "servicePlans": [
                {"servicePlanId": "AUDIOCONF", "servicePlanName": "MCOMEETADV"}]}
        ],
        "users": [{"id": "mia", "usageLocation": "US", "licenseAssignmentStates": rows}],
        "groups": [
            {"id": "g1", "members": in_g1, "assignedLicenses": [{"skuId": "E3"}]},
            {"id": "g2", "members": in_g2, "assignedLicenses": [{"skuId": "E5"}]}
        ]
    });
    if !observed {
        let doc = doc.as_object_mut().expect("an object");
        doc.remove("startingState");
        for sku in doc["subscribedSkus"].as_array_mut().expect("a list") {
            sku.as_object_mut()
                .expect("an object")
                .remove("consumedUnits");
        }
        let user = &mut doc["users"][0];
        user.as_object_mut()
            .expect("an object")
            .remove("licenseAssignmentStates");
        if add_on {
            user["assignedLicenses"] = json!([{"skuId": "AUDIO"}]);
        }
    }
    doc
}

#[test]
fn a_dependency_leaves_no_error_behind_when_the_add_on_goes_with_the_base_group() {
    let tenant = dependent(json!(["mia"]), json!([]), true, true);
    let target = dependent(json!([]), json!(["mia"]), false, false);
    let plan = planned(&tenant, &target);
    assert_proved(&plan, &target);
    let add_on = position(&plan, "mia's direct assignment: remove AUDIO");
    let leaves = position(&plan, "remove mia from group g1");
    // Leaving g1 while the add-on needs its Skype for Business fails with DependencyViolation
    // and keeps E3 (B14b) until the add-on goes: either the add-on goes first, or that error
    // is shown on the way and cleared by the add-on's removal.
    let blocked: Vec<_> = plan
        .errors_on_the_way
        .iter()
        .filter(|e| e.error == "DependencyViolation")
        .collect();
    if leaves < add_on {
        assert_eq!(blocked.len(), 1, "{:?}", plan.errors_on_the_way);
        assert_eq!(blocked[0].until_step, Some(add_on));
    } else {
        assert!(blocked.is_empty());
    }
    assert!(position(&plan, "add mia to group g2") < leaves.min(add_on));
}

#[test]
fn a_target_that_breaks_a_dependency_is_refused_with_the_reason() {
    let tenant = dependent(json!(["mia"]), json!([]), true, true);
    let target = dependent(json!([]), json!(["mia"]), true, true);
    let error = plan(
        &scenario(tenant),
        &scenario(target),
        &PlanOptions::default(),
    )
    .unwrap_err();
    let PlanError::Target(load) = &error else {
        panic!("{error}");
    };
    assert_eq!(load.path, "users[0].assignedLicenses");
    assert!(error.to_string().contains("DependencyViolation"), "{error}");
}

/// A group's E3 is to become a direct E1 that conflicts with it: Entra refuses the direct E1
/// while E3 is held, and no single request changes both, so every order opens a gap. The plan
/// says so, names the user and services, and keeps the gap to one step.
#[test]
fn a_conflict_that_no_order_avoids_is_named_and_kept_to_one_step() {
    let user =
        |direct: Value| json!([{"id": "ann", "usageLocation": "DE", "assignedLicenses": direct}]);
    let group = |licenses: Value| json!([{"id": "staff", "members": ["ann"], "assignedLicenses": licenses}]);
    let tenant = office(10, 10, user(json!([])), group(json!([{"skuId": "E3"}])));
    let target = office(10, 10, user(json!([{"skuId": "E1"}])), group(json!([])));
    let plan = planned(&tenant, &target);
    assert!(!plan.no_service_gap);
    assert!(plan.reaches_target);
    assert!(
        plan.refused.is_empty(),
        "the refused E1 went through after E3: {:?}",
        plan.refused
    );
    let mut services: Vec<&str> = plan.gaps.iter().map(|g| g.service.as_str()).collect();
    services.sort_unstable();
    assert_eq!(
        services,
        [
            "Exchange Online mailbox",
            "Microsoft Teams",
            "SharePoint Online and OneDrive"
        ]
    );
    for gap in &plan.gaps {
        assert_eq!(
            (gap.user.as_str(), gap.lost_after, gap.back_after),
            ("ann", 0, Some(1))
        );
    }
    assert!(
        plan.scenario.expect.is_empty(),
        "no noServiceGap to promise"
    );
    let text = licenselab_plan::render_text(&plan);
    assert!(text.contains("found no order without a gap"), "{text}");
    assert!(
        text.contains("ann: Exchange Online mailbox lost after step 0, back after step 1"),
        "{text}"
    );
    // The engine's check sees the same gap.
    let report = check(&plan.to_json(), None, &CheckOptions::default()).expect("it loads");
    let ann = report
        .users
        .iter()
        .find(|u| u.user == "ann")
        .expect("ann changed");
    assert_eq!(ann.service_gaps.len(), 3);
}

#[test]
fn differences_the_planner_does_not_make_are_refused_with_what_to_do() {
    let tenant = office(10, 10, two_users(), two_groups(json!(["ann"]), json!([])));
    let target = office(
        10,
        10,
        json!([{"id": "ann", "usageLocation": "FR"}, {"id": "cy", "usageLocation": "DE"}]),
        two_groups(json!([]), json!(["ann"])),
    );
    let error = plan(
        &scenario(tenant),
        &scenario(target),
        &PlanOptions::default(),
    )
    .unwrap_err();
    let PlanError::Unsupported(lines) = &error else {
        panic!("{error}");
    };
    assert_eq!(lines.len(), 3, "{lines:?}");
    let text = error.to_string();
    assert!(text.contains("user ann: properties differ"), "{text}");
    assert!(text.contains("user cy is only in the target"), "{text}");
    assert!(text.contains("user bo is not in the target"), "{text}");
}

#[test]
fn a_tenant_or_target_with_steps_is_refused() {
    let mut tenant = office(10, 10, two_users(), two_groups(json!(["ann"]), json!([])));
    tenant["steps"] = json!([{"op": "addMember", "group": "dst", "member": "bo"}]);
    let target = office(10, 10, two_users(), two_groups(json!([]), json!(["ann"])));
    let error = plan(
        &scenario(tenant),
        &scenario(target),
        &PlanOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        error,
        PlanError::HasSteps {
            which: "tenant",
            steps: 1
        }
    );
}

#[test]
fn the_summary_names_errors_on_the_way_by_part_number_group_and_user_names() {
    let users = json!([
        {"id": "ann", "displayName": "Ann Lee", "usageLocation": "DE"},
        {"id": "bo", "usageLocation": "DE"}
    ]);
    let groups = |src: Value, dst: Value| {
        let mut groups = two_groups(src, dst);
        groups[1]["displayName"] = "Licensing_O365_E3".into();
        groups
    };
    let tenant = office(
        10,
        10,
        users.clone(),
        groups(json!(["ann", "bo"]), json!([])),
    );
    let target = office(10, 10, users, groups(json!([]), json!(["ann", "bo"])));
    let plan = planned(&tenant, &target);
    let text = licenselab_plan::render_text(&plan);
    for who in ["Ann Lee (ann)", "bo"] {
        let line = format!(
            "  {who}: ENTERPRISEPACK from Licensing_O365_E3: MutuallyExclusiveViolation after step"
        );
        assert!(text.contains(&line), "{line}\nnot in:\n{text}");
    }
    // The JSON stays ids.
    let e = &plan.errors_on_the_way[0];
    assert_eq!(
        (e.user.as_str(), e.sku_id.as_str(), e.group.as_deref()),
        ("ann", "E3", Some("dst"))
    );
    let json = plan.report_json();
    assert!(!json.contains("ENTERPRISEPACK from") && !json.contains("Ann Lee (ann)"));
}

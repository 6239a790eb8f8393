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

/// What the engine's `check` reports for a user of the plan (who must have changed).
fn checked_user(plan: &Plan, user: &str) -> licenselab_engine::UserChanges {
    let report = check(&plan.to_json(), None, &CheckOptions::default()).expect("it loads");
    report
        .users
        .into_iter()
        .find(|u| u.user == user)
        .unwrap_or_else(|| panic!("{user} did not change"))
}

/// A planned `assignLicense` step: whose ("group g" or "user u"), products added and removed.
fn assignment(plan: &Plan, index: usize) -> (String, Vec<&str>, Vec<&str>) {
    match &plan.scenario.steps[index].action {
        Action::AssignLicense {
            user,
            group,
            add_licenses,
            remove_licenses,
        } => (
            match (user, group) {
                (Some(u), _) => format!("user {u}"),
                (_, g) => format!("group {}", g.as_deref().unwrap_or_default()),
            },
            add_licenses.iter().map(|l| l.sku_id.as_str()).collect(),
            remove_licenses.iter().map(String::as_str).collect(),
        ),
        other => panic!("step {index} is not an assignLicense: {other:?}"),
    }
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
    assert_eq!(
        assignment(&plan, 0),
        ("group staff".to_owned(), vec!["E3"], vec!["E1"])
    );
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
    let zoe = checked_user(&plan, "zoe");
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

/// Every order of the target's own changes, in the search's list (orders without temporary
/// steps), fails: a gap, a refused step or licenses not the target's at the end.
fn every_direct_order_fails(plan: &Plan) {
    let direct: Vec<_> = plan
        .search
        .orders
        .iter()
        .filter(|o| o.temporary_steps == 0)
        .collect();
    assert!(direct.len() >= 2, "{:#?}", plan.search.orders);
    for o in direct {
        assert!(
            o.users_with_gaps > 0 || o.refused > 0 || !o.reaches_target,
            "{o:?} is clean without a temporary step"
        );
    }
}

/// The plan's temporary steps: each marked with why, and undone by a later step.
fn temporary_steps(plan: &Plan) -> Vec<(usize, usize)> {
    plan.steps
        .iter()
        .filter(|s| s.temporary.is_some())
        .map(|s| {
            let undo = plan
                .steps
                .iter()
                .find(|u| u.undoes.contains(&s.index))
                .unwrap_or_else(|| panic!("step {} is never undone: {:#?}", s.index, plan.steps));
            (s.index, undo.index)
        })
        .collect()
}

/// A group's E3 is to become a direct E1 that conflicts with it: Entra refuses the direct E1
/// while E3 is held, and no single request changes a group's license and a user's at once, so
/// every order of those two changes leaves the user without the services for a step. A
/// temporary direct E3 (the same product: no second seat) holds them while the group's license
/// goes, and one request then swaps it for E1.
#[test]
fn a_group_product_becoming_a_conflicting_direct_one_is_bridged_by_a_temporary_direct_assignment() {
    let user = |direct: Value| json!([{"id": "ann", "displayName": "Ann Lee", "usageLocation": "DE", "assignedLicenses": direct}]);
    let group = |licenses: Value| json!([{"id": "staff", "members": ["ann"], "assignedLicenses": licenses}]);
    let tenant = office(10, 10, user(json!([])), group(json!([{"skuId": "E3"}])));
    let target = office(10, 10, user(json!([{"skuId": "E1"}])), group(json!([])));
    let plan = planned(&tenant, &target);
    assert_proved(&plan, &target);
    every_direct_order_fails(&plan);
    let gap_orders = plan
        .search
        .orders
        .iter()
        .filter(|o| o.temporary_steps == 0 && o.users_with_gaps > 0)
        .count();
    assert!(gap_orders >= 2, "{:#?}", plan.search.orders);
    assert_eq!(temporary_steps(&plan), [(0, 2)]);
    assert_eq!(
        assignment(&plan, 0),
        ("user ann".to_owned(), vec!["E3"], vec![])
    );
    assert_eq!(plan.steps[1].note, "group staff: remove E3");
    assert_eq!(
        assignment(&plan, 2),
        ("user ann".to_owned(), vec!["E1"], vec!["E3"])
    );
    assert_eq!(
        plan.search
            .orders
            .iter()
            .filter(|o| o.temporary_steps > 0)
            .count(),
        1
    );
    let text = licenselab_plan::render_text(&plan);
    assert!(text.contains("temporary: ann holds ENTERPRISEPACK (E3) directly while the path from group staff changes; without it, Ann Lee (ann) is without"), "{text}");
    assert!(text.contains("undoes the temporary step(s) 0"), "{text}");
    assert_eq!(
        plan.steps[2].note,
        "ann's direct assignment: assign E1 and remove the temporary ENTERPRISEPACK (E3)"
    );
    // The obvious order leaves her without her mailbox, and the summary names her as check does.
    assert!(
        text.contains("Ann Lee (ann) loses Exchange Online mailbox"),
        "{text}"
    );
    let json: Value = serde_json::from_str(&plan.report_json()).expect("JSON");
    assert!(json["steps"][0]["temporary"].is_string());
    assert_eq!(json["steps"][2]["undoes"], json!([0]));
    assert_eq!(json["search"]["orders"][0]["temporarySteps"], 0);
}

/// Office 365 E1 to E3 through two groups (Microsoft's two-group method for conflicting
/// products) while the user holds Audio Conferencing directly, whose plan MCOMEETADV depends on
/// Skype for Business Online (Plan 2), MCOSTANDARD, in both products (Microsoft's dependency
/// data, `crates/engine/data/dependencies`; the catalog's real product and plan GUIDs). E3
/// fails on the SharePoint conflict until E1 goes, and E1 cannot go while it is the last
/// MCOSTANDARD the add-on needs (B14b): every order of the target's own changes ends with E1
/// held in DependencyViolation and E3 in error (documented failure mode (c) of the two-group
/// method, licensing-behaviour.md §3.3). A temporary direct E1 with only the plans E3 also
/// has (so no SharePoint Plan 1 to conflict) keeps MCOSTANDARD while the user leaves the E1
/// group; E3 is assigned at that step, and the temporary E1 is removed after.
#[test]
fn a_dependency_forces_a_temporary_step_that_the_plan_undoes() {
    const E1: &str = "18181a46-0d4e-45cd-891e-60aabd171b4e";
    const E3: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";
    const AUDIO: &str = "0c266dff-15dd-4b49-8397-2bb16070ed52";
    const SKYPE: &str = "0feaeb32-d00e-4d66-bd5a-43b5b83db82c";
    const SHAREPOINT_1: &str = "c7699d2e-19aa-44de-8edf-1736da088ca1";
    let doc = |e1_members: Value, e3_members: Value| {
        json!({
            "licenselab": 1,
            "subscribedSkus": [
                {"skuId": E1, "skuPartNumber": "STANDARDPACK", "prepaidUnits": {"enabled": 5}},
                {"skuId": E3, "skuPartNumber": "ENTERPRISEPACK", "prepaidUnits": {"enabled": 5}},
                {"skuId": AUDIO, "skuPartNumber": "MCOMEETADV", "prepaidUnits": {"enabled": 5}}
            ],
            "users": [{"id": "mia", "displayName": "Mia Ng", "usageLocation": "US",
                       "assignedLicenses": [{"skuId": AUDIO}]}],
            "groups": [
                {"id": "e1", "members": e1_members, "assignedLicenses": [{"skuId": E1}]},
                {"id": "e3", "members": e3_members, "assignedLicenses": [{"skuId": E3}]}
            ]
        })
    };
    let tenant = doc(json!(["mia"]), json!([]));
    let target = doc(json!([]), json!(["mia"]));
    let plan = planned(&tenant, &target);
    assert_proved(&plan, &target);
    every_direct_order_fails(&plan);
    // Without the temporary step: E1 kept in DependencyViolation, so the target is not reached.
    assert!(plan
        .search
        .orders
        .iter()
        .filter(|o| o.temporary_steps == 0)
        .all(|o| !o.reaches_target));
    assert!(!plan.naive.reaches_target);
    let steps = temporary_steps(&plan);
    assert_eq!(steps.len(), 1, "{:#?}", plan.steps);
    let (made, undone) = steps[0];
    let leaves = position(&plan, "remove mia from group e1");
    assert!(made < leaves && leaves < undone, "{:#?}", plan.steps);
    let Action::AssignLicense {
        user: Some(user),
        add_licenses,
        remove_licenses,
        ..
    } = &plan.scenario.steps[made].action
    else {
        panic!("{:?}", plan.scenario.steps[made]);
    };
    assert_eq!(
        (user.as_str(), add_licenses[0].sku_id.as_str()),
        ("mia", E1)
    );
    assert!(remove_licenses.is_empty());
    let disabled = &add_licenses[0].disabled_plans;
    assert!(disabled.iter().any(|p| p == SHAREPOINT_1), "{disabled:?}");
    assert!(!disabled.iter().any(|p| p == SKYPE), "{disabled:?}");
    assert!(plan.steps[made]
        .temporary
        .as_deref()
        .is_some_and(|why| why.contains("DependencyViolation")));
    assert_eq!(
        assignment(&plan, undone),
        ("user mia".to_owned(), vec![], vec![E1])
    );
    // The conflict on E3 lasts until mia leaves the E1 group, and no DependencyViolation on the way.
    assert!(plan
        .errors_on_the_way
        .iter()
        .all(|e| e.error == "MutuallyExclusiveViolation" && e.until_step == Some(leaves)));
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
/// Direct E1 to E3 from a group, keeping Audio Conferencing (which needs Skype for Business:
/// MCOSTANDARD, in both) and giving the E1 seats back. E3 fails on the SharePoint conflict while
/// E1 is held; the direct change that adds the add-on and removes E1 is refused until E3 holds
/// MCOSTANDARD (DependencyViolation), and so waits; no temporary step the planner tries helps
/// (it bridges group paths, not a direct assignment cut down), and the E1 seats go back while
/// the user still holds E1. The plan says it found no order without a gap, names the user and
/// services and how long, and promises no `noServiceGap`.
#[test]
fn a_target_the_planner_cannot_reach_without_a_gap_is_named_with_the_gap() {
    let doc = |direct: Value, members: Value, e1_seats: u32| {
        let mut doc = office(
            e1_seats,
            5,
            json!([{"id": "ann", "displayName": "Ann Lee", "usageLocation": "DE", "assignedLicenses": direct}]),
            json!([{"id": "e3", "members": members, "assignedLicenses": [{"skuId": "E3"}]}]),
        );
        for sku in doc["subscribedSkus"].as_array_mut().expect("a list") {
            sku["servicePlans"]
                .as_array_mut()
                .expect("a list")
                .push(json!({"servicePlanId": "0feaeb32-d00e-4d66-bd5a-43b5b83db82c", "servicePlanName": "MCOSTANDARD"}));
        }
        doc["subscribedSkus"].as_array_mut().expect("a list").push(json!(
            {"skuId": "AUDIO", "skuPartNumber": "MCOMEETADV", "prepaidUnits": {"enabled": 5}, "servicePlans": [
                {"servicePlanId": "3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40", "servicePlanName": "MCOMEETADV"}]}
        ));
        doc
    };
    let tenant = doc(json!([{"skuId": "E1"}]), json!([]), 1);
    let target = doc(json!([{"skuId": "AUDIO"}]), json!(["ann"]), 0);
    let plan = planned(&tenant, &target);
    assert!(!plan.no_service_gap);
    assert!(plan.reaches_target);
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
    assert!(plan.search.orders.iter().all(|o| o.users_with_gaps > 0));
    let mut services: Vec<&str> = plan.gaps.iter().map(|g| g.service.as_str()).collect();
    services.sort_unstable();
    assert_eq!(
        services,
        [
            "Exchange Online mailbox",
            "Microsoft Teams",
            "SharePoint Online and OneDrive",
            "Skype for Business Online"
        ]
    );
    for gap in &plan.gaps {
        assert_eq!(
            (
                gap.user.as_str(),
                gap.back_after.map(|b| b - gap.lost_after)
            ),
            ("ann", Some(1)),
            "one step: {gap:?}"
        );
    }
    assert!(
        plan.scenario.expect.is_empty(),
        "no noServiceGap to promise"
    );
    let text = licenselab_plan::render_text(&plan);
    assert!(text.contains("found no order without a gap"), "{text}");
    let lost = plan.gaps[0].lost_after;
    assert!(
        text.contains(&format!(
            "  Ann Lee (ann): Exchange Online mailbox lost after step {lost}, back after step {}",
            lost + 1
        )),
        "{text}"
    );
    // The engine's check sees the same gaps.
    let ann = checked_user(&plan, "ann");
    assert_eq!(ann.service_gaps.len(), 4);
}

/// Ann's and bo's proxy addresses are the same (B16: a mailbox plan fails on both), and ann
/// also holds a Kiosk product (a mailbox and SharePoint Kiosk) from one group and Project (with
/// SharePoint Plan 2, which conflicts with SharePoint Kiosk) from the next. Everyone moves from
/// an Exchange Plan 1 group to a Plan 2 group.
fn duplicate_proxy_move(src: Value, dst: Value) -> Value {
    json!({
        "licenselab": 1,
        "subscribedSkus": [
            {"skuId": "K", "skuPartNumber": "DESKLESSPACK", "prepaidUnits": {"enabled": 10}, "servicePlans": [
                {"servicePlanId": "EXOK", "servicePlanName": "EXCHANGE_S_DESKLESS"},
                {"servicePlanId": "SPOK", "servicePlanName": "SHAREPOINTDESKLESS"}]},
            {"skuId": "P", "skuPartNumber": "PROJECTPROFESSIONAL", "prepaidUnits": {"enabled": 10}, "servicePlans": [
                {"servicePlanId": "SPO2", "servicePlanName": "SHAREPOINTENTERPRISE"},
                {"servicePlanId": "PROJ", "servicePlanName": "PROJECT_PROFESSIONAL"}]},
            {"skuId": "X1", "skuPartNumber": "EXCHANGESTANDARD", "prepaidUnits": {"enabled": 10}, "servicePlans": [
                {"servicePlanId": "EXO1", "servicePlanName": "EXCHANGE_S_STANDARD"}]},
            {"skuId": "X2", "skuPartNumber": "EXCHANGEENTERPRISE", "prepaidUnits": {"enabled": 10}, "servicePlans": [
                {"servicePlanId": "EXO2", "servicePlanName": "EXCHANGE_S_ENTERPRISE"}]}
        ],
        "users": [
            {"id": "ann", "displayName": "Ann Lee", "usageLocation": "DE", "proxyAddresses": ["SMTP:ann@contoso.example"]},
            {"id": "bo", "usageLocation": "DE", "proxyAddresses": ["smtp:ann@contoso.example"]},
            {"id": "cy", "usageLocation": "DE", "proxyAddresses": ["SMTP:cy@contoso.example"]}
        ],
        "groups": [
            {"id": "kiosk", "members": ["ann"], "assignedLicenses": [{"skuId": "K"}]},
            {"id": "project", "members": ["ann"], "assignedLicenses": [{"skuId": "P"}]},
            {"id": "src", "members": src, "assignedLicenses": [{"skuId": "X1"}]},
            {"id": "dst", "members": dst, "assignedLicenses": [{"skuId": "X2"}]}
        ]
    })
}

/// A user's rows as (product, group, error), sorted.
fn rows_of(simulation: &licenselab_engine::Simulation, id: &str) -> Vec<(String, String, String)> {
    let tenant = simulation.tenant();
    let user = tenant.user(tenant.user_ix(id).expect("the user"));
    let mut rows: Vec<_> = user
        .rows()
        .iter()
        .map(|r| {
            (
                tenant.sku(r.sku()).id().to_owned(),
                match r.source() {
                    licenselab_engine::Source::Group(g) => tenant.group(g).id().to_owned(),
                    licenselab_engine::Source::Direct => "direct".to_owned(),
                },
                r.error().as_str().to_owned(),
            )
        })
        .collect();
    rows.sort();
    rows
}

/// Processed from scratch (the target), ann's Kiosk path is checked before the Project path
/// exists: its mailbox fails on the shared address (UniquenessViolation). Any step that touches
/// ann reprocesses all her paths with Project in place, and the conflict is found first
/// (MutuallyExclusiveViolation, B13 before B16): the same row in error, another error named,
/// in every order. The plan is clean apart from ann, named once as not reached and as left in
/// the target's own errors, so the first order is kept and no other is run; the obvious order
/// still shows its loss.
#[test]
fn a_user_left_in_the_targets_own_errors_is_named_and_does_not_make_every_order_unclean() {
    let tenant = duplicate_proxy_move(json!(["ann", "bo", "cy"]), json!([]));
    let target = duplicate_proxy_move(json!([]), json!(["ann", "bo", "cy"]));
    let plan = planned(&tenant, &target);
    assert!(plan.no_service_gap, "gaps: {:?}", plan.gaps);
    assert!(plan.refused.is_empty(), "refused: {:?}", plan.refused);
    assert!(!plan.reaches_target);
    assert_eq!(plan.not_reached, ["ann"]);
    assert_eq!(plan.target_in_error, ["ann"]);
    // The first order is clean apart from ann: it is kept, and only the obvious one runs beside.
    let orders: Vec<&str> = plan.search.orders.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        orders,
        [
            "user by user, additions first",
            "file order, removals first"
        ]
    );
    assert_eq!(plan.search.chosen, "user by user, additions first");
    let first = &plan.search.orders[0];
    assert_eq!(
        (
            first.users_with_gaps,
            first.refused,
            first.reaches_target,
            first.target_in_error
        ),
        (0, 0, false, 1)
    );
    for user in ["ann", "bo", "cy"] {
        let joins = position(&plan, &format!("add {user} to group dst"));
        let leaves = position(&plan, &format!("remove {user} from group src"));
        assert!(joins < leaves, "{user} leaves before joining");
    }
    // The engine's check of the plan: no gap, its noServiceGap holds.
    let report = check(&plan.to_json(), None, &CheckOptions::default()).expect("it loads");
    assert!(report.passed, "{:?}", report.failures);
    // Run on the engine, the plan's end is the target's for bo and cy; ann's rows are the
    // target's paths, the Kiosk one in error on both sides with another error named.
    let mut end = licenselab_engine::Simulation::new(&plan.scenario).expect("it loads");
    end.run_to_end();
    let wanted = licenselab_engine::Simulation::new(&scenario(target)).expect("it loads");
    for user in ["bo", "cy"] {
        assert_eq!(rows_of(&end, user), rows_of(&wanted, user), "{user}");
    }
    let kiosk = |rows: Vec<(String, String, String)>| {
        rows.into_iter()
            .find(|r| r.1 == "kiosk")
            .map(|r| r.2)
            .expect("a Kiosk row")
    };
    assert_eq!(kiosk(rows_of(&end, "ann")), "MutuallyExclusiveViolation");
    assert_eq!(kiosk(rows_of(&wanted, "ann")), "UniquenessViolation");
    let paths = |rows: Vec<(String, String, String)>| -> Vec<(String, String)> {
        rows.into_iter().map(|r| (r.0, r.1)).collect()
    };
    assert_eq!(paths(rows_of(&end, "ann")), paths(rows_of(&wanted, "ann")));
    // The obvious order removes cy from the Plan 1 group first: a lost mailbox.
    assert!(plan.naive.gaps.iter().any(|g| g.user == "cy"
        && g.service == "Exchange Online mailbox"
        && g.back_after == Some(g.lost_after + 3)));
    let text = licenselab_plan::render_text(&plan);
    assert!(
        text.contains("1 of them end in the target's own errors") && text.contains(": ann\n"),
        "{text}"
    );
}

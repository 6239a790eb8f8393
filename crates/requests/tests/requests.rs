//! The requests of every step kind against Microsoft's documented shapes (method, URL, body;
//! copies of the reference's bodies in tests/requests/graph-docs/, with their sources), products
//! and plans named by part number or name resolved to GUIDs, URL encoding, by-hand steps, waits
//! and expectations placed after their step, and the PowerShell script's structure.

use licenselab_requests::{
    emit, graph_json, graph_requests, powershell, scopes, Action, Call, Check, Emit, GraphRequest,
    Method, RequestsError, Wait,
};
use serde_json::{json, Value};
use std::path::PathBuf;

const EMS: &str = "b05e124f-c7cc-45a0-a6aa-8cf78c946968";
const O365_E5: &str = "c7df2760-2c81-4ef7-b578-5b5392b571df";
const EXCHANGE_FOUNDATION: &str = "113feb6c-3fe4-4440-bddc-54d774bf0318";

fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn read_json(path: &str) -> Value {
    let text = std::fs::read_to_string(repo_file(path)).expect(path);
    serde_json::from_str(&text).expect(path)
}

/// A tenant with EMS E5 and Office 365 E5 (plans from Microsoft's product table), three users,
/// a licensed group with alice and carol and an unlicensed one, then `steps` and `expect`.
fn tenant(steps: Value, expect: Value) -> String {
    json!({
        "licenselab": 1,
        "subscribedSkus": [
            { "skuId": EMS, "skuPartNumber": "EMSPREMIUM", "prepaidUnits": { "enabled": 10 } },
            { "skuId": O365_E5, "skuPartNumber": "ENTERPRISEPREMIUM", "prepaidUnits": { "enabled": 10 } }
        ],
        "users": [
            { "id": "alice", "usageLocation": "US" },
            { "id": "bob", "usageLocation": "US" },
            { "id": "carol", "usageLocation": "US" }
        ],
        "groups": [
            { "id": "licensed", "members": ["alice", "carol"], "assignedLicenses": [ { "skuId": "EMSPREMIUM" } ] },
            { "id": "plain", "members": ["bob"] }
        ],
        "steps": steps,
        "expect": expect
    })
    .to_string()
}

fn requests_of(steps: Value) -> Vec<GraphRequest> {
    requests_with(steps, json!([]))
}

fn requests_with(steps: Value, expect: Value) -> Vec<GraphRequest> {
    let scenario = licenselab_engine::parse(&tenant(steps, expect)).expect("loads");
    graph_requests(&scenario).expect("requests")
}

fn error_of(steps: Value, expect: Value) -> RequestsError {
    let scenario = licenselab_engine::parse(&tenant(steps, expect)).expect("parses");
    graph_requests(&scenario).expect_err("refused")
}

fn call(request: &GraphRequest) -> &Call {
    match &request.action {
        Action::Call(call) => call,
        Action::ByHand { by_hand } => panic!("step {} is by hand: {by_hand}", request.step),
    }
}

fn by_hand(request: &GraphRequest) -> &str {
    match &request.action {
        Action::ByHand { by_hand } => by_hand,
        Action::Call(call) => panic!("step {} is a request: {}", request.step, call.url),
    }
}

fn single(steps: Value) -> GraphRequest {
    let mut requests = requests_of(steps);
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

#[test]
fn group_assign_license_is_microsofts_documented_request() {
    // The scenario names products by part number and plans by name and by id; the body must be
    // the reference's example 1 byte for byte once parsed (same GUIDs, same fields).
    let request = single(json!([{
        "op": "assignLicense", "group": "licensed",
        "addLicenses": [
            { "skuId": "EMSPREMIUM", "disabledPlans": ["EXCHANGE_S_FOUNDATION", "14ab5db5-e6c4-4b20-b4bc-13e36fd2227f"] },
            { "skuId": "enterprisepremium", "disabledPlans": ["MICROSOFT_COMMUNICATION_COMPLIANCE"] }
        ]
    }]));
    let call = call(&request);
    assert_eq!(call.method, Method::Post);
    assert_eq!(call.url, "/groups/licensed/assignLicense");
    assert_eq!(
        call.body.as_ref(),
        Some(&read_json(
            "tests/requests/graph-docs/group-assignLicense.request.json"
        ))
    );
    // 202 Accepted: the members are processed later, shown by the group's processing state.
    assert_eq!(
        request.wait,
        vec![Wait::GroupProcessed {
            group: "licensed".into(),
            read: "/groups/licensed?$select=licenseProcessingState".into()
        }]
    );
}

#[test]
fn group_license_removal_is_the_documented_second_example() {
    let request = single(json!([{
        "op": "assignLicense", "group": "licensed", "removeLicenses": ["EMSPREMIUM"]
    }]));
    assert_eq!(
        call(&request).body,
        Some(json!({ "addLicenses": [], "removeLicenses": [EMS] }))
    );
}

#[test]
fn user_assign_license_has_the_documented_shape_and_no_wait() {
    let request = single(json!([{
        "op": "assignLicense", "user": "bob",
        "addLicenses": [{ "skuId": O365_E5 }], "removeLicenses": []
    }]));
    let call = call(&request);
    assert_eq!(
        (call.method, call.url.as_str()),
        (Method::Post, "/users/bob/assignLicense")
    );
    assert_eq!(
        call.body,
        Some(
            json!({ "addLicenses": [{ "disabledPlans": [], "skuId": O365_E5 }], "removeLicenses": [] })
        )
    );
    // Synchronous: Graph answers 200 OK with the user as assigned.
    assert!(request.wait.is_empty());
    let requests = requests_of(json!([
        { "op": "assignLicense", "user": "bob", "addLicenses": [{ "skuId": O365_E5 }] },
        { "op": "assignLicense", "user": "bob", "removeLicenses": ["ENTERPRISEPREMIUM"] }
    ]));
    assert_eq!(
        call_body(&requests[1]),
        json!({ "addLicenses": [], "removeLicenses": [O365_E5] })
    );
}

fn call_body(request: &GraphRequest) -> Value {
    call(request).body.clone().expect("a body")
}

#[test]
fn add_member_posts_a_directory_object_reference_and_waits_for_the_rows() {
    let request = single(json!([{ "op": "addMember", "group": "licensed", "member": "bob" }]));
    let call = call(&request);
    assert_eq!(
        (call.method, call.url.as_str()),
        (Method::Post, "/groups/licensed/members/$ref")
    );
    let documented = read_json("tests/requests/graph-docs/members-ref.request.json");
    let body = call.body.clone().expect("a body");
    assert_eq!(
        body.as_object().map(|o| o.keys().collect::<Vec<_>>()),
        documented.as_object().map(|o| o.keys().collect::<Vec<_>>())
    );
    assert_eq!(
        body["@odata.id"],
        documented["@odata.id"]
            .as_str()
            .unwrap()
            .replace("{id}", "bob")
    );
    assert_eq!(
        request.wait,
        vec![Wait::UserRows {
            user: "bob".into(),
            group: "licensed".into(),
            sku_ids: vec![EMS.into()],
            present: true,
            read: "/users/bob?$select=licenseAssignmentStates".into()
        }]
    );
}

#[test]
fn remove_member_deletes_the_reference_and_waits_for_the_rows_to_go() {
    let request = single(json!([{ "op": "removeMember", "group": "licensed", "member": "carol" }]));
    let call = call(&request);
    assert_eq!(
        (call.method, call.url.as_str(), call.body.is_none()),
        (Method::Delete, "/groups/licensed/members/carol/$ref", true)
    );
    assert!(matches!(
        &request.wait[..],
        [Wait::UserRows { present: false, user, .. }] if user == "carol"
    ));
}

#[test]
fn membership_of_a_group_without_licenses_waits_for_nothing() {
    let request = single(json!([{ "op": "addMember", "group": "plain", "member": "alice" }]));
    assert_eq!(call(&request).url, "/groups/plain/members/$ref");
    assert!(request.wait.is_empty());
}

#[test]
fn update_group_patches_the_rule() {
    let set = json!({ "membershipRule": "user.department -eq \"Sales\"", "membershipRuleProcessingState": "Paused" });
    let request = single(json!([{ "op": "updateGroup", "group": "licensed", "set": set }]));
    let call = call(&request);
    assert_eq!(
        (call.method, call.url.as_str()),
        (Method::Patch, "/groups/licensed")
    );
    assert_eq!(call.body, Some(set));
    assert!(
        matches!(&request.wait[..], [Wait::GroupProcessed { group, .. }] if group == "licensed")
    );
}

#[test]
fn update_user_patches_its_properties() {
    let request = single(
        json!([{ "op": "updateUser", "user": "bob", "set": { "usageLocation": "GB", "department": "Sales" } }]),
    );
    let call = call(&request);
    assert_eq!(
        (call.method, call.url.as_str()),
        (Method::Patch, "/users/bob")
    );
    assert_eq!(
        call.body,
        Some(json!({ "usageLocation": "GB", "department": "Sales" }))
    );
}

#[test]
fn reprocess_of_a_user_and_of_a_group() {
    let request = single(json!([{ "op": "reprocess", "user": "alice" }]));
    let user_call = call(&request);
    assert_eq!(
        (
            user_call.method,
            user_call.url.as_str(),
            user_call.body.is_none()
        ),
        (
            Method::Post,
            "/users/alice/reprocessLicenseAssignment",
            true
        )
    );
    // alice is in one licensed group: its processing is what the reprocess starts.
    assert!(
        matches!(&request.wait[..], [Wait::GroupProcessed { group, .. }] if group == "licensed")
    );

    // Graph v1.0 has no group reprocess: one request per user member, in member order, and the
    // wait after the last.
    let requests = requests_of(json!([{ "op": "reprocess", "group": "licensed" }]));
    let urls: Vec<&str> = requests.iter().map(|r| call(r).url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "/users/alice/reprocessLicenseAssignment",
            "/users/carol/reprocessLicenseAssignment"
        ]
    );
    assert!(requests.iter().all(|r| r.step == 0 && r.op == "reprocess"));
    assert!(requests[0].wait.is_empty());
    assert_eq!(requests[1].wait.len(), 1);
}

#[test]
fn deletes() {
    let requests = requests_of(json!([
        { "op": "deleteUser", "user": "bob" },
        { "op": "deleteGroup", "group": "plain" }
    ]));
    let calls: Vec<(Method, &str, bool)> = requests
        .iter()
        .map(|r| (call(r).method, call(r).url.as_str(), call(r).body.is_none()))
        .collect();
    assert_eq!(
        calls,
        [
            (Method::Delete, "/users/bob", true),
            (Method::Delete, "/groups/plain", true)
        ]
    );
    assert!(scopes(&requests).contains(&"User.DeleteRestore.All"));
}

#[test]
fn steps_without_a_request_say_what_to_do_by_hand() {
    let requests = requests_of(json!([
        { "op": "setPrepaidUnits", "sku": "EMSPREMIUM", "prepaidUnits": { "enabled": 12 } },
        { "op": "createUser", "user": { "id": "dave", "usageLocation": "GB", "assignedLicenses": [{ "skuId": "EMSPREMIUM" }] } },
        { "op": "createGroup", "group": { "id": "new-group", "displayName": "New", "groupTypes": ["DynamicMembership"], "membershipRule": "user.country -eq \"GB\"", "membershipRuleProcessingState": "On" } },
        { "op": "addSubscribedSku", "sku": { "skuId": "c5928f49-12ba-48f7-ada3-0d743a3601d5", "skuPartNumber": "VISIOCLIENT", "prepaidUnits": { "enabled": 3 }, "servicePlans": [{ "servicePlanId": "663a804f-1c30-4ff0-9915-9db84f0d1cea", "servicePlanName": "VISIO_CLIENT_SUBSCRIPTION" }] } },
        { "op": "addServicePlan", "sku": "VISIOCLIENT", "servicePlan": { "servicePlanId": "2bdbaf8f-738f-4ac7-9234-3c3ee2ce7d0f", "servicePlanName": "VISIOONLINE" } }
    ]));
    let texts: Vec<&str> = requests.iter().map(by_hand).collect();
    assert_eq!(texts.len(), 5);
    assert!(
        texts[0].contains("12 enabled seats")
            && texts[0].contains(EMS)
            && texts[0].contains("admin center"),
        "{}",
        texts[0]
    );
    assert!(
        texts[1].contains("Create user dave")
            && texts[1].contains("usageLocation GB")
            && texts[1].contains(EMS)
            && texts[1].contains("object id"),
        "{}",
        texts[1]
    );
    assert!(
        texts[2].contains("dynamic security group new-group")
            && texts[2].contains("user.country -eq \"GB\""),
        "{}",
        texts[2]
    );
    assert!(
        texts[3].contains("VISIOCLIENT") && texts[3].contains("3 seats"),
        "{}",
        texts[3]
    );
    assert!(
        texts[4].contains("VISIOONLINE") && texts[4].contains("nothing to send"),
        "{}",
        texts[4]
    );
    assert!(requests.iter().all(|r| r.wait.is_empty()));
    assert!(scopes(&requests).is_empty());
    // Nothing to send: the script does not connect (a -Scopes without scopes would not parse),
    // and pauses for each step.
    let script = powershell(&requests);
    assert!(!script.contains("Connect-MgGraph"), "{script}");
    assert_eq!(
        script
            .lines()
            .filter(|l| l.starts_with("Wait-ByHand '"))
            .count(),
        5
    );
}

#[test]
fn ids_are_percent_encoded_in_urls_and_references() {
    let text = tenant(
        json!([
            { "op": "removeMember", "group": "plain", "member": "bob" },
            { "op": "addMember", "group": "plain", "member": "bob" },
            { "op": "reprocess", "user": "bob" }
        ]),
        json!([]),
    )
    .replace("\"bob\"", "\"bob o'neil/x é\"")
    .replace("\"plain\"", "\"sales #1?\"");
    let scenario = licenselab_engine::parse(&text).expect("loads");
    let requests = graph_requests(&scenario).expect("requests");
    assert_eq!(
        call(&requests[0]).url,
        "/groups/sales%20%231%3F/members/bob%20o%27neil%2Fx%20%C3%A9/$ref"
    );
    assert_eq!(
        call_body(&requests[1]),
        json!({ "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/bob%20o%27neil%2Fx%20%C3%A9" })
    );
    assert_eq!(
        call(&requests[2]).url,
        "/users/bob%20o%27neil%2Fx%20%C3%A9/reprocessLicenseAssignment"
    );
}

#[test]
fn expectations_become_checks_after_their_step_and_the_end_ones_after_the_last() {
    let requests = requests_with(
        json!([
            { "op": "addMember", "group": "licensed", "member": "bob" },
            { "op": "reprocess", "group": "licensed" },
            { "op": "removeMember", "group": "licensed", "member": "bob" }
        ]),
        json!([
            { "check": "consumedUnits", "skuId": "EMSPREMIUM", "consumedUnits": 2 },
            { "check": "holds", "user": "bob", "skuId": "emspremium", "at": 0 },
            { "check": "enabledPlans", "user": "alice", "skuId": EMS, "servicePlans": ["EXCHANGE_S_FOUNDATION"], "at": 1 },
            { "check": "row", "user": "bob", "skuId": EMS, "assignedByGroup": "licensed", "state": "Active", "at": 0 },
            { "check": "groupMembers", "group": "licensed", "members": ["alice", "carol"] },
            { "check": "groupErrors", "group": "licensed", "membersWithLicenseErrors": 0, "at": 1 },
            { "check": "noServiceGap" }
        ]),
    );
    // Step 1 (reprocess of the group) is a request per member, bob included: its checks follow
    // the last.
    let kinds: Vec<(usize, Vec<&str>)> = requests
        .iter()
        .map(|r| {
            (
                r.step,
                r.checks.iter().map(|c| check_kind(&c.check)).collect(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (0, vec!["holds", "row"]),
            (1, vec![]),
            (1, vec![]),
            (1, vec!["enabledPlans", "groupErrors"]),
            (2, vec!["consumedUnits", "groupMembers", "noServiceGap"]),
        ]
    );
    assert_eq!(
        (requests[0].checks[0].expect, requests[3].checks[1].expect),
        (1, 5)
    );
    assert_eq!(
        requests[0].checks[0].check,
        Check::Holds {
            user: "bob".into(),
            sku_id: EMS.into(),
            holds: true,
            read: "/users/bob?$select=assignedLicenses".into()
        }
    );
    let Check::EnabledPlans {
        service_plans,
        product_plans,
        read,
        ..
    } = &requests[3].checks[0].check
    else {
        panic!("{:?}", requests[3].checks[0]);
    };
    assert_eq!(service_plans, &[EXCHANGE_FOUNDATION]);
    assert!(product_plans.len() > 1 && product_plans.contains(&EXCHANGE_FOUNDATION.to_owned()));
    assert_eq!(read, "/users/alice?$select=licenseAssignmentStates");
    assert_eq!(
        requests[4].checks[0].check,
        Check::ConsumedUnits {
            sku_id: EMS.into(),
            consumed_units: 2,
            read: "/subscribedSkus?$select=skuId,consumedUnits".into()
        }
    );
    assert_eq!(
        requests[4].checks[2].check,
        Check::WholeRun {
            kind: "noServiceGap"
        }
    );
}

fn check_kind(check: &Check) -> &'static str {
    match check {
        Check::Holds { .. } => "holds",
        Check::EnabledPlans { .. } => "enabledPlans",
        Check::Row { .. } => "row",
        Check::ConsumedUnits { .. } => "consumedUnits",
        Check::GroupMembers { .. } => "groupMembers",
        Check::GroupErrors { .. } => "groupErrors",
        Check::WholeRun { kind } => kind,
    }
}

fn plan_error(error: RequestsError) -> (String, String) {
    match error {
        RequestsError::Plan { path, message } => (path, message),
        RequestsError::Load(e) => panic!("a load error: {e}"),
    }
}

#[test]
fn what_cannot_be_sent_is_an_error_that_says_where() {
    let step = json!([{ "op": "reprocess", "user": "alice" }]);
    let (path, message) = plan_error(error_of(
        step.clone(),
        json!([{ "check": "holds", "user": "zed", "skuId": EMS }]),
    ));
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("expect[0].user", "unknown user 'zed'")
    );
    let (path, message) = plan_error(error_of(
        step.clone(),
        json!([{ "check": "holds", "user": "alice", "skuId": EMS, "at": 1 }]),
    ));
    assert_eq!(path, "expect[0].at");
    assert!(message.contains("1 steps"), "{message}");
    let (path, _) = plan_error(error_of(
        step.clone(),
        json!([{ "check": "holds", "user": "alice", "skuId": "NOPE" }]),
    ));
    assert_eq!(path, "expect[0].skuId");
    let (path, _) = plan_error(error_of(step, json!([{ "check": "nope" }])));
    assert_eq!(path, "expect[0]");
    // The simulation refuses it, so Graph would: adding a member twice.
    let (path, message) = plan_error(error_of(
        json!([{ "op": "addMember", "group": "licensed", "member": "alice" }]),
        json!([]),
    ));
    assert_eq!(path, "steps[0]");
    assert!(message.contains("refuses"), "{message}");
    let (path, message) = plan_error(error_of(json!([]), json!([])));
    assert_eq!(path, "steps");
    assert!(message.contains("no steps"), "{message}");
    // Graph names products and plans by GUID: a scenario's made-up ids cannot be sent.
    let toy = tenant(
        json!([{ "op": "assignLicense", "user": "bob", "addLicenses": [{ "skuId": "A1" }] }]),
        json!([]),
    )
    .replacen(
        &format!("\"skuId\":\"{EMS}\""),
        "\"skuId\":\"A1\",\"servicePlans\":[{\"servicePlanId\":\"P1\"}]",
        1,
    );
    let scenario = licenselab_engine::parse(&toy).expect("parses");
    let (path, message) = plan_error(graph_requests(&scenario).expect_err("refused"));
    assert_eq!(path, "steps[0].addLicenses[0].skuId");
    assert!(message.contains("not a GUID"), "{message}");
    // Text that does not load is the engine's error, with line and column.
    let RequestsError::Load(error) = emit("{", Emit::Graph).expect_err("refused") else {
        panic!("not a load error");
    };
    assert!(error.to_string().contains("line 1"), "{error}");
}

#[test]
fn scopes_are_the_least_the_requests_and_reads_need() {
    let requests = requests_with(
        json!([{ "op": "assignLicense", "user": "bob", "addLicenses": [{ "skuId": EMS }] }]),
        json!([{ "check": "holds", "user": "bob", "skuId": EMS }, { "check": "groupErrors", "group": "licensed", "membersWithLicenseErrors": 0 }]),
    );
    // LicenseAssignment.ReadWrite.All covers reading subscribedSkus but not users or groups.
    assert_eq!(
        scopes(&requests),
        [
            "GroupMember.Read.All",
            "LicenseAssignment.ReadWrite.All",
            "User.Read.All"
        ]
    );
}

/// The plan of tests/requests/: every step kind with a request, a by-hand one, checks.
fn plan() -> (String, Vec<GraphRequest>) {
    let text = std::fs::read_to_string(repo_file("tests/requests/plan.json")).expect("plan");
    let scenario = licenselab_engine::parse(&text).expect("loads");
    let requests = graph_requests(&scenario).expect("requests");
    (text, requests)
}

/// The golden files, written again with LICENSELAB_BLESS=1.
fn golden(name: &str, actual: &str) {
    let path = repo_file(&format!("tests/requests/{name}"));
    if std::env::var_os("LICENSELAB_BLESS").is_some() {
        std::fs::write(&path, actual).expect("bless");
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (LICENSELAB_BLESS=1 writes it)", path.display()));
    assert!(
        expected == actual,
        "{} differs (LICENSELAB_BLESS=1 writes it)",
        path.display()
    );
}

#[test]
fn the_json_document_lists_every_request_in_order() {
    let (text, requests) = plan();
    let written = graph_json(&requests);
    assert_eq!(emit(&text, Emit::Graph).expect("emit"), written);
    let document: Value = serde_json::from_str(&written).expect("JSON");
    assert_eq!(document["graph"], "https://graph.microsoft.com/v1.0");
    let listed = document["requests"].as_array().expect("requests");
    assert_eq!(listed.len(), requests.len());
    for (entry, request) in listed.iter().zip(&requests) {
        assert_eq!(entry["step"], request.step);
        match &request.action {
            Action::Call(call) => {
                assert_eq!(entry["method"], call.method.as_str());
                assert_eq!(entry["url"], call.url.as_str());
                assert_eq!(entry.get("body"), call.body.as_ref());
            }
            Action::ByHand { by_hand } => assert_eq!(entry["byHand"], by_hand.as_str()),
        }
        assert_eq!(
            entry
                .get("checks")
                .map_or(0, |c| c.as_array().unwrap().len()),
            request.checks.len()
        );
    }
    golden("plan.graph.json", &written);
}

/// The single-quoted literals of a PowerShell line, or an error when one is left open.
fn literals(line: &str) -> Result<Vec<String>, String> {
    let quote = |c: char| matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}');
    let mut found = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if !quote(c) {
            continue;
        }
        let mut literal = String::new();
        loop {
            match chars.next() {
                None => return Err(format!("an open quote in: {line}")),
                Some(c) if quote(c) => match chars.peek() {
                    Some(&next) if quote(next) => {
                        literal.push(next);
                        chars.next();
                    }
                    _ => break,
                },
                Some(c) => literal.push(c),
            }
        }
        found.push(literal);
    }
    Ok(found)
}

#[test]
fn the_script_sends_every_request_in_order_with_its_waits_and_checks() {
    let (text, requests) = plan();
    let script = powershell(&requests);
    assert_eq!(emit(&text, Emit::PowerShell).expect("emit"), script);
    assert!(script.contains("#Requires -Modules Microsoft.Graph.Authentication\n"));
    assert!(script.contains("$ErrorActionPreference = 'Stop'\n"));
    // Past the fixed preamble, the script is code only where the template writes it: every
    // value is a closed literal.
    let lines: Vec<&str> = script.lines().collect();
    for line in lines
        .iter()
        .skip_while(|l| !l.starts_with("Connect-MgGraph"))
    {
        if !line.trim_start().starts_with('#') {
            literals(line).unwrap();
        }
    }
    let connect = lines
        .iter()
        .find(|l| l.starts_with("Connect-MgGraph -Scopes "))
        .expect("Connect-MgGraph");
    assert_eq!(literals(connect).unwrap(), scopes(&requests));

    // After the preamble, each entry is its call (or by-hand pause), then its waits, then its
    // checks, in the list's order.
    let mut body = lines
        .iter()
        .skip_while(|l| !l.starts_with("Connect-MgGraph"))
        .filter(|l| {
            [
                "Invoke-MgGraphRequest",
                "Wait-",
                "$Check = '",
                "Assert-",
                "# Not checked here",
            ]
            .iter()
            .any(|p| l.starts_with(p))
        });
    for request in &requests {
        let line = body.next().expect("a line per entry");
        match &request.action {
            Action::Call(call) => {
                let mut expected = vec![format!("https://graph.microsoft.com/v1.0{}", call.url)];
                expected.extend(call.body.iter().map(|b| b.to_string()));
                if call.body.is_some() {
                    expected.push("application/json".into());
                }
                assert!(
                    line.starts_with(&format!(
                        "Invoke-MgGraphRequest -Method {} -Uri ",
                        call.method.as_str()
                    )),
                    "{line}"
                );
                assert_eq!(literals(line).unwrap(), expected);
            }
            Action::ByHand { by_hand } => {
                assert_eq!(literals(line).unwrap(), vec![by_hand.to_owned()], "{line}");
                assert!(line.starts_with("Wait-ByHand "));
            }
        }
        for wait in &request.wait {
            let line = body.next().expect("a wait");
            let (function, read) = match wait {
                Wait::GroupProcessed { read, .. } => ("Wait-GroupProcessed", read),
                Wait::UserRows { read, .. } => ("Wait-UserRows", read),
            };
            assert!(line.starts_with(function), "{line}");
            assert_eq!(
                literals(line).unwrap()[0],
                format!("https://graph.microsoft.com/v1.0{read}")
            );
        }
        for check in &request.checks {
            // Named first, so that its failure says which expectation failed.
            let named = body.next().expect("a check's name");
            let name = literals(named).unwrap();
            assert!(
                name[0].starts_with(&format!("expect[{}]", check.expect)),
                "{named}"
            );
            if let Some(note) = &check.note {
                assert!(name[0].contains(note.as_str()), "{named}");
            }
            let line = body.next().expect("a check");
            let kind = check_kind(&check.check);
            match &check.check {
                Check::WholeRun { .. } => assert!(line.contains(kind), "{line}"),
                _ => {
                    let function = format!("Assert-{}{}", kind[..1].to_uppercase(), &kind[1..]);
                    assert!(line.starts_with(&format!("{function} -Uri ")), "{line}");
                }
            }
        }
    }
    assert_eq!(body.next(), None);
    // The user with a quote in its id is one literal, its quote doubled.
    assert!(script.contains("-User 'bob o''neil'"));
    golden("plan.ps1", &script);
}

#[test]
fn the_script_defines_every_function_it_calls() {
    let (_, requests) = plan();
    let script = powershell(&requests);
    for line in script
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
    {
        let word = line.split_whitespace().next().unwrap_or("");
        if word.starts_with("Wait-") || word.starts_with("Assert-") {
            assert!(
                script.contains(&format!("function {word}(")),
                "{word} is not defined"
            );
        }
    }
}

#[test]
fn objects_a_step_creates_are_named_by_later_requests_and_checks() {
    let requests = requests_with(
        json!([
            { "op": "createUser", "user": { "id": "dave", "usageLocation": "US" } },
            { "op": "addMember", "group": "licensed", "member": "dave" },
            { "op": "createGroup", "group": { "id": "new" } },
            { "op": "addMember", "group": "new", "member": "dave" }
        ]),
        json!([
            { "check": "holds", "user": "dave", "skuId": "EMSPREMIUM", "at": 1 },
            { "check": "groupMembers", "group": "new", "members": ["dave"] }
        ]),
    );
    assert!(by_hand(&requests[0]).contains("replace that with the new user's object id"));
    assert_eq!(call(&requests[1]).url, "/groups/licensed/members/$ref");
    // dave joins a licensed group: the wait knows the group's products at that step.
    assert!(
        matches!(&requests[1].wait[..], [Wait::UserRows { user, sku_ids, .. }] if user == "dave" && sku_ids == &[EMS])
    );
    assert_eq!(requests[1].checks.len(), 1);
    assert!(by_hand(&requests[2]).contains("Create security group new"));
    assert_eq!(call(&requests[3]).url, "/groups/new/members/$ref");
    assert!(requests[3].wait.is_empty());
    assert_eq!(requests[3].checks.len(), 1);
}

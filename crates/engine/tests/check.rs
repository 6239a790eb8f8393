//! `check` against the documented rules (`scenario-format.md`, "Expectations"; `docs/ci.md`):
//! every expectation kind holding and failing with its message, the service gap of the mailbox
//! case, the policies and their exceptions, and load errors that say which file and where.

use licenselab_engine::{check, CheckError, CheckOptions, CheckReport};
use std::path::PathBuf;

fn file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/check")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn options(deny: &[&str], allow: &[&str]) -> CheckOptions {
    let words = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    CheckOptions::parse(&words(deny), &words(allow)).unwrap()
}

fn run(name: &str, deny: &[&str], allow: &[&str]) -> CheckReport {
    check(&file(name), None, &options(deny, allow)).unwrap()
}

/// (check, user, service) of each failure.
fn who(report: &CheckReport) -> Vec<(&str, Option<&str>, Option<&str>)> {
    report
        .failures
        .iter()
        .map(|f| (f.check.as_str(), f.user.as_deref(), f.service.as_deref()))
        .collect()
}

#[test]
fn every_expectation_kind_holds() {
    let report = run("expectations-hold.json", &[], &[]);
    let kinds: Vec<&str> = report
        .expectations
        .iter()
        .map(|e| e.check.as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "holds",
            "holds",
            "enabledPlans",
            "row",
            "row",
            "consumedUnits",
            "consumedUnits",
            "groupMembers",
            "groupErrors",
            "noServiceGap"
        ]
    );
    assert!(
        report.expectations.iter().all(|e| e.passed),
        "{:#?}",
        report.expectations
    );
    assert!(report.failures.is_empty());
    assert!(report.passed);
    assert_eq!(report.expectations[0].at, Some(0));
}

#[test]
fn every_expectation_kind_fails_with_its_message() {
    let report = run("expectations-fail.json", &[], &[]);
    assert!(!report.passed);
    assert!(
        report.expectations.iter().all(|e| !e.passed),
        "{:#?}",
        report.expectations
    );
    let first_message = |name: &str| {
        report
            .failures
            .iter()
            .find(|f| f.check == name)
            .map(|f| f.message.as_str())
            .unwrap_or_else(|| panic!("no failure for {name}"))
    };
    let expected = [
        ("expect[0]", "at the end: bob does not hold A3"),
        (
            "expect[1]",
            "after step 0 (removeMember): bob holds A1, expected not to",
        ),
        (
            "expect[2]",
            "at the end: alice's enabled plans of A3 are [EXO2, SPO2, WB2, APPS], expected [EXO2]",
        ),
        (
            "expect[3]",
            "at the end: alice's row for A3 from group a3-students is Active, None, expected \
             Error, CountViolation",
        ),
        (
            "expect[4]",
            "at the end: alice has no row for A1 from group a1-students, expected Active, None",
        ),
        (
            "expect[5]",
            "at the end: A3 has 1 consumed units, expected 2",
        ),
        (
            "expect[6]",
            "at the end: group a1-students: alice not a member",
        ),
        (
            "expect[7]",
            "at the end: group a3-students has 1 members with license errors, expected 0",
        ),
        (
            "expect[8]",
            "alice loses Exchange Online mailbox after step 0 (removeMember) and has it again \
             after step 2 (addMember): in between no enabled plan provides it, so its data can \
             be gone when it comes back",
        ),
        (
            "expect[9]",
            "alice loses Office Mobile Apps for Office 365 after step 0 (removeMember): held at \
             the start, not at the end",
        ),
        (
            "expect[10]",
            "alice loses the plan Exchange Online (Plan 1) (EXO1): enabled at the start, not at \
             the end",
        ),
        (
            "expect[11]",
            "bob: A3 from group a3-students is Error (CountViolation): Microsoft 365 A3 for \
             Students has no available licenses (1 of 1 assigned). Buy more licenses or free \
             some, then reprocess: freed or bought seats are not used until then.",
        ),
    ];
    for (name, message) in expected {
        assert_eq!(first_message(name), message, "{name}");
    }
    // The subject of a moment's expectation is in the failure's fields.
    let row = report
        .failures
        .iter()
        .find(|f| f.check == "expect[3]")
        .unwrap();
    assert_eq!(
        (row.user.as_deref(), row.sku_id.as_deref()),
        (Some("alice"), Some("A3"))
    );
    assert_eq!(
        report
            .failures
            .iter()
            .find(|f| f.check == "expect[1]")
            .unwrap()
            .step,
        Some(0)
    );
}

#[test]
fn removing_before_adding_is_a_service_gap_for_each_user_and_the_mailbox() {
    let report = run("a1-to-a3-remove-first.json", &["service-gap"], &[]);
    assert!(!report.passed);
    let exchange: Vec<_> = who(&report)
        .into_iter()
        .filter(|(_, _, service)| *service == Some("Exchange Online mailbox"))
        .collect();
    assert_eq!(
        exchange,
        [
            (
                "service-gap",
                Some("alice"),
                Some("Exchange Online mailbox")
            ),
            ("service-gap", Some("bob"), Some("Exchange Online mailbox"))
        ]
    );
    let bob = report
        .failures
        .iter()
        .find(|f| f.user.as_deref() == Some("bob"))
        .unwrap();
    assert_eq!(bob.step, Some(1));
    let gaps = &report
        .users
        .iter()
        .find(|u| u.user == "bob")
        .unwrap()
        .service_gaps;
    assert_eq!((gaps[0].lost_after, gaps[0].back_after), (1, 3));
    assert_eq!(gaps[0].graph_service.as_deref(), Some("exchange"));
}

#[test]
fn adding_before_removing_has_no_gap_but_loses_the_a1_plans() {
    let report = run("a1-to-a3-add-first.json", &["service-gap"], &[]);
    assert!(report.passed, "{:#?}", report.failures);
    let stricter = run("a1-to-a3-add-first.json", &["lost-plans"], &[]);
    assert!(!stricter.passed);
    let alice: Vec<&str> = stricter
        .failures
        .iter()
        .filter(|f| f.user.as_deref() == Some("alice"))
        .map(|f| f.message.as_str())
        .collect();
    assert!(alice.contains(
        &"alice loses the plan Exchange Online (Plan 1) (EXO1): enabled at the start, not at the end"
    ));
    // The mailbox itself stays: Exchange Online (Plan 2) replaces Plan 1.
    let changes = stricter.users.iter().find(|u| u.user == "alice").unwrap();
    assert_eq!(changes.lost_services, ["Office Mobile Apps for Office 365"]);
    assert_eq!(changes.gained_services, ["Microsoft 365 Apps"]);
}

#[test]
fn a_seat_shortfall_counts_the_seats_to_buy() {
    let report = run("a1-to-a3-short-of-seats.json", &["seat-shortfall"], &[]);
    assert_eq!(
        report.failures.iter().map(|f| f.message.as_str()).collect::<Vec<_>>(),
        ["A3: 1 user has no seat (CountViolation): 1 can be assigned and 1 in use; 1 more needed"]
    );
    let a3 = report.seats.iter().find(|s| s.sku_id == "A3").unwrap();
    assert_eq!(
        (
            a3.assignable,
            a3.consumed_before,
            a3.consumed_after,
            a3.shortfall
        ),
        (1, 0, 1, 1)
    );
}

#[test]
fn exceptions_let_named_users_and_group_members_pass() {
    let denied = ["service-gap", "lost-plans"];
    let only_alice = run(
        "a1-to-a3-remove-first.json",
        &denied,
        &["service-gap=user:alice"],
    );
    assert!(only_alice
        .failures
        .iter()
        .all(|f| f.check == "lost-plans" || f.user.as_deref() == Some("bob")));
    assert_eq!(only_alice.policies[0].policy, "service-gap");
    assert_eq!(
        (
            only_alice.policies[0].failures,
            only_alice.policies[0].allowed
        ),
        (3, 3)
    );
    // Members of the A1 group at the start are covered, though not members at the end.
    let everyone = run(
        "a1-to-a3-remove-first.json",
        &denied,
        &["group:a1-students"],
    );
    assert!(everyone.passed, "{:#?}", everyone.failures);
}

#[test]
fn a_change_file_runs_after_the_tenant_and_its_errors_name_it() {
    let tenant = file("tenant.json");
    let none = options(&["service-gap"], &[]);
    let report = check(&tenant, Some(&file("changes-a1-to-a3.json")), &none).unwrap();
    assert_eq!(report.steps.len(), 4);
    assert_eq!(
        report
            .expectations
            .iter()
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>(),
        ["changes.expect[0]", "changes.expect[1]"]
    );
    assert!(report.expectations.iter().all(|e| e.passed));
    assert!(!report.passed);

    let error = |changes: &str| check(&tenant, Some(&file(changes)), &none).unwrap_err();
    match error("changes-unknown-member.json") {
        CheckError::Changes(e) => assert_eq!(
            e.to_string(),
            "line 11, column 17: steps[1].member: unknown member 'carol'; no user or group in \
             the scenario has this id"
        ),
        other => panic!("not the changes file's error: {other:?}"),
    }
    match error("changes-expectation-after-the-last-step.json") {
        CheckError::Changes(e) => assert_eq!(
            e.to_string(),
            "line 14, column 13: expect[0].at: there is no step 1 (the file has 1 step, counted \
             from 0); leave `at` out to check the end"
        ),
        other => panic!("not the changes file's error: {other:?}"),
    }
    match error("changes-syntax-error.json") {
        CheckError::Changes(e) => assert_eq!((e.line, e.column), (Some(4), Some(5))),
        other => panic!("not the changes file's error: {other:?}"),
    }
}

#[test]
fn expectations_that_name_nothing_do_not_load() {
    let cases = [
        (r#"{"check": "holds", "user": "carol", "skuId": "A3"}"#, "expect[0].user: there is no user 'carol' in the scenario"),
        (r#"{"check": "holds", "user": "alice", "skuId": "E5"}"#, "expect[0].skuId: there is no product 'E5' in the scenario"),
        (r#"{"check": "enabledPlans", "user": "alice", "skuId": "A3", "servicePlans": ["EXO1"]}"#, "expect[0].servicePlans[0]: 'EXO1' is not a service plan of A3"),
        (r#"{"check": "row", "user": "alice", "skuId": "A3", "state": "Fine"}"#, "expect[0].state: 'Fine' is not a state Graph uses; use one of Active, ActiveWithError, Disabled, Error"),
        (r#"{"check": "noServiceGap", "at": 0}"#, "expect[0].at: `noServiceGap` is about the whole run and takes no `at`"),
        (r#"{"check": "groupMembers", "group": "a3", "members": []}"#, "expect[0].group: there is no group 'a3' in the scenario"),
    ];
    let tenant = file("tenant.json");
    for (expectation, message) in cases {
        let text = tenant.replacen(
            "\"steps\": []",
            &format!("\"steps\": [],\n  \"expect\": [{expectation}]"),
            1,
        );
        match check(&text, None, &CheckOptions::default()) {
            Err(CheckError::Scenario(e)) => {
                assert_eq!(format!("{}: {}", e.path, e.message), message);
                assert!(e.line.is_some(), "{message}: no line");
            }
            other => panic!("{expectation}: {other:?}"),
        }
    }
    let unknown_kind = tenant.replacen(
        "\"steps\": []",
        "\"steps\": [],\n  \"expect\": [{\"check\": \"hold\"}]",
        1,
    );
    let error = check(&unknown_kind, None, &CheckOptions::default()).unwrap_err();
    assert!(
        error.to_string().contains("unknown value `hold`"),
        "{error}"
    );
    let allow_nobody = options(&[], &["group:nobody"]);
    assert_eq!(
        check(&tenant, None, &allow_nobody).unwrap_err(),
        CheckError::Options(
            "--allow group:nobody: there is no group 'nobody' in the scenario".into()
        )
    );
}

#[test]
fn the_json_is_the_report_and_run_ignores_expectations() {
    let text = file("expectations-fail.json");
    let report = check(&text, None, &CheckOptions::default()).unwrap();
    let json = report.to_json();
    let back: CheckReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report);
    assert!(json.ends_with("}\n"));
    // `run` reads the scenario and leaves its expectations alone.
    let without: String = {
        let mut scenario = licenselab_engine::parse(&text).unwrap();
        assert_eq!(scenario.expect.len(), 12);
        scenario.expect.clear();
        serde_json::to_string(&scenario).unwrap()
    };
    assert_eq!(
        licenselab_engine::run_json(&text).unwrap(),
        licenselab_engine::run_json(&without).unwrap()
    );
}

#[test]
fn the_loss_view_tells_a_renamed_plan_from_a_lost_service() {
    let text = file("a1-to-a3-add-first.json");
    let mut simulation = licenselab_engine::Simulation::from_json(&text).unwrap();
    simulation.step(); // alice joins A3
    simulation.step(); // bob joins A3
    let report = simulation.step().unwrap().clone(); // alice leaves A1
    let changes = report.outcome.unwrap();
    let tenant = simulation.tenant();
    let losses: Vec<(&str, Option<&str>, bool)> = changes
        .iter()
        .flat_map(|c| tenant.service_losses(c))
        .map(|l| (l.service, l.graph_service, l.still_provided))
        .collect();
    assert_eq!(
        losses,
        [
            ("Exchange Online mailbox", Some("exchange"), true),
            ("SharePoint Online and OneDrive", Some("SharePoint"), true),
            ("Microsoft Whiteboard", Some("WhiteboardServices"), true),
            ("Office Mobile Apps for Office 365", None, false),
        ]
    );
}

#[test]
fn messages_name_a_user_by_display_name_with_the_id() {
    let mut doc: serde_json::Value =
        serde_json::from_str(&file("a1-to-a3-remove-first.json")).unwrap();
    doc["users"][0]["displayName"] = "Alice Liddell".into();
    doc["expect"] = serde_json::json!([{"check": "holds", "user": "alice", "skuId": "A1"}]);
    let options = options(&["service-gap", "lost-service", "new-errors"], &[]);
    let report = check(&doc.to_string(), None, &options).unwrap();
    let first = |user: &str| {
        report
            .failures
            .iter()
            .find(|f| f.check == "service-gap" && f.user.as_deref() == Some(user))
            .map(|f| f.message.as_str())
            .unwrap()
    };
    assert!(
        first("alice").starts_with(
            "Alice Liddell (alice) loses Exchange Online mailbox after step 0 (removeMember)"
        ),
        "{}",
        first("alice")
    );
    assert!(
        report
            .failures
            .iter()
            .any(|f| f.message.contains("Alice Liddell (alice) does not hold A1")),
        "{:?}",
        report.failures
    );
    // Without a display name, the id alone; the report's `user` stays the id either way.
    assert!(first("bob").starts_with("bob loses "), "{}", first("bob"));
    assert!(report
        .failures
        .iter()
        .all(|f| matches!(f.user.as_deref(), Some("alice" | "bob") | None)));
}

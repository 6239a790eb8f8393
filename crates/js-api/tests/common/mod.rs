//! The API's tests, run in Node (`tests/node.rs`) and in headless Chromium (`tests/browser.rs`):
//! the same calls a JavaScript program makes, checked against the scenario suite's goldens.

use js_sys::{Array, Reflect, JSON};
use licenselab_js::{run, validate, Simulation};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

macro_rules! suite_file {
    ($path:literal) => {
        include_str!(concat!("../../../../tests/", $path))
    };
}

const SEATS: &str =
    suite_file!("scenarios/b12-count-violation-seats-bought-without-reprocess.json");
const SEATS_RESULT: &str =
    suite_file!("scenarios/b12-count-violation-seats-bought-without-reprocess.result.json");
const DYNAMIC: &str = suite_file!("scenarios/b4-static-to-dynamic-conversion.json");
const DYNAMIC_RESULT: &str = suite_file!("scenarios/b4-static-to-dynamic-conversion.result.json");
const NESTED: &str = suite_file!("scenarios/b2-nested-what-if.json");
const NESTED_RESULT: &str = suite_file!("scenarios/b2-nested-what-if.result.json");

/// The dynamic-group scenario after its first step: `g` holds the Sales users by rule.
fn dynamic_group_simulation() -> Simulation {
    let mut simulation = Simulation::new(DYNAMIC).unwrap();
    simulation.step();
    assert_eq!(json(&get(&simulation.group("g"), "dynamic")), "true");
    simulation
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string in {}", json(value)))
}

fn number(value: &JsValue, key: &str) -> f64 {
    get(value, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number in {}", json(value)))
}

fn json(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

fn parse(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn items(value: &JsValue) -> Vec<JsValue> {
    value.dyn_ref::<Array>().expect("an array").iter().collect()
}

fn object(json_text: &str) -> JsValue {
    parse(json_text)
}

#[wasm_bindgen_test]
fn run_gives_the_golden_bytes() {
    assert_eq!(run(SEATS, JsValue::UNDEFINED).unwrap(), SEATS_RESULT);
    assert_eq!(run(DYNAMIC, JsValue::UNDEFINED).unwrap(), DYNAMIC_RESULT);
    assert_eq!(run(NESTED, JsValue::UNDEFINED).unwrap(), NESTED_RESULT);
    // {compact: true}: the same document without indentation, as `licenselab run --compact`.
    let compact_options = JSON::parse(r#"{"compact": true}"#).unwrap();
    let compact = run(NESTED, compact_options).unwrap();
    assert_eq!(compact.lines().count(), 1);
    assert!(compact.len() < NESTED_RESULT.len());
    assert_eq!(json(&parse(&compact)), json(&parse(NESTED_RESULT)));
}

#[wasm_bindgen_test]
fn validate_counts_what_the_native_command_counts() {
    let summary = validate(DYNAMIC).unwrap();
    assert_eq!(
        json(&summary),
        r#"{"products":1,"users":4,"groups":1,"steps":4,"warnings":[]}"#
    );
}

#[wasm_bindgen_test]
fn stepping_reports_each_step_and_ends_with_the_golden_result() {
    let mut simulation = Simulation::new(DYNAMIC).unwrap();
    assert_eq!((simulation.step_count(), simulation.position()), (4, 0));
    let golden_steps = get(&parse(DYNAMIC_RESULT), "steps");
    for (index, golden) in items(&golden_steps).iter().enumerate() {
        let step = simulation.step();
        assert_eq!(json(&step), json(golden), "step {index}");
        assert_eq!(simulation.position(), index + 1);
    }
    assert!(simulation.step().is_undefined());
    assert_eq!(simulation.position(), 4);
    assert_eq!(simulation.result_json(JsValue::UNDEFINED), DYNAMIC_RESULT);
}

#[wasm_bindgen_test]
fn the_result_object_is_the_result_text_parsed() {
    let mut simulation = Simulation::new(NESTED).unwrap();
    simulation.run_to_end();
    // Absent values are null and maps are plain objects, exactly as JSON.parse gives them.
    assert_eq!(
        json(&simulation.result()),
        json(&parse(&simulation.result_json(JsValue::UNDEFINED)))
    );
    assert_eq!(simulation.result_json(JsValue::UNDEFINED), NESTED_RESULT);
}

#[wasm_bindgen_test]
fn the_result_so_far_covers_only_the_steps_run() {
    let mut simulation = Simulation::new(DYNAMIC).unwrap();
    simulation.step();
    let result = simulation.result();
    assert_eq!(items(&get(&result, "steps")).len(), 1);
    let group = &items(&get(&get(&result, "final"), "groups"))[0];
    assert_eq!(json(&get(group, "members")), r#"["u1","u2","u4"]"#);
}

#[wasm_bindgen_test]
fn views_show_the_tenant_with_reasons_for_errors() {
    let simulation = Simulation::new(SEATS).unwrap();
    let users = items(&simulation.users());
    assert_eq!(users.len(), 12);
    let last = &users[11];
    assert_eq!(text(last, "id"), "u12");
    assert_eq!(json(&get(last, "memberOf")), r#"["g1"]"#);
    let path = &items(&get(last, "licenseAssignmentStates"))[0];
    assert_eq!(
        (
            text(path, "state"),
            text(path, "error"),
            text(path, "assignedByGroup")
        ),
        ("Error".into(), "CountViolation".into(), "g1".into())
    );
    let reason = text(path, "reason");
    assert!(reason.contains("no available licenses"), "{reason}");
    let first_path = &items(&get(&users[0], "licenseAssignmentStates"))[0];
    assert!(get(first_path, "reason").is_null());
    assert_eq!(
        json(&get(&users[0], "enabledPlans")),
        r#"[{"skuId":"E3","servicePlans":["EXO2","SPO2","TEAMS","YAMMER"]}]"#
    );

    let product = &items(&simulation.products())[0];
    assert_eq!(
        (
            number(product, "consumedUnits"),
            number(product, "availableUnits")
        ),
        (10.0, 0.0)
    );
    assert_eq!(text(product, "skuPartNumber"), "ENTERPRISEPACK");

    let group = simulation.group("g1");
    assert_eq!(text(&group, "displayName"), "All staff");
    assert_eq!(
        json(&get(&group, "membersWithLicenseErrors")),
        r#"["u11","u12"]"#
    );
    assert!(get(&group, "membershipRuleProcessingState").is_null());
    assert_eq!(items(&simulation.groups()).len(), 1);
    assert_eq!(text(&simulation.user("u03"), "id"), "u03");
    assert!(simulation.user("nobody").is_undefined());
    assert!(simulation.group("nobody").is_undefined());
}

#[wasm_bindgen_test]
fn a_rule_change_preview_lists_joiners_leavers_and_plan_changes_without_applying_them() {
    let simulation = dynamic_group_simulation();
    let preview = simulation
        .preview(object(
            r#"{"op": "updateGroup", "group": "g", "set": {"membershipRule": "user.department -eq \"HR\""}}"#,
        ))
        .unwrap();
    assert_eq!(
        (text(&preview, "op"), text(&preview, "outcome")),
        ("updateGroup".into(), "applied".into())
    );
    assert_eq!(number(&preview, "index"), 1.0);
    assert_eq!(
        json(&get(&preview, "joined")),
        r#"[{"group":"g","user":"u3"}]"#
    );
    assert_eq!(
        json(&get(&preview, "left")),
        r#"[{"group":"g","user":"u1"},{"group":"g","user":"u2"},{"group":"g","user":"u4"}]"#
    );
    let changes: Vec<String> = items(&get(&preview, "changes"))
        .iter()
        .map(|c| {
            format!(
                "{} +{} -{}",
                text(c, "user"),
                json(&get(c, "gainedPlans")),
                json(&get(c, "lostPlans"))
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            r#"u1 +[] -["EXO2"]"#,
            r#"u2 +[] -["EXO2"]"#,
            r#"u3 +["EXO2"] -[]"#,
            r#"u4 +[] -["EXO2"]"#
        ]
    );
    assert_eq!(
        number(&items(&get(&preview, "products"))[0], "consumedUnits"),
        1.0
    );
    // Nothing happened to the simulation itself.
    assert_eq!(simulation.position(), 1);
    assert_eq!(
        json(&get(&simulation.group("g"), "members")),
        r#"["u1","u2","u4"]"#
    );
    assert_eq!(
        number(&items(&simulation.products())[0], "consumedUnits"),
        3.0
    );
}

#[wasm_bindgen_test]
fn a_preview_after_steps_starts_from_the_current_position() {
    let mut simulation = Simulation::new(SEATS).unwrap();
    simulation.run_to_end();
    let preview = simulation
        .preview(JsValue::from_str(r#"{"op": "reprocess", "group": "g1"}"#))
        .unwrap();
    assert_eq!(number(&preview, "index"), 1.0);
    let gainers: Vec<String> = items(&get(&preview, "changes"))
        .iter()
        .map(|c| text(c, "user"))
        .collect();
    assert_eq!(gainers, ["u11", "u12"]);
    assert_eq!(
        number(&items(&get(&preview, "products"))[0], "consumedUnits"),
        12.0
    );
    assert_eq!(
        number(&items(&simulation.products())[0], "consumedUnits"),
        10.0
    );
}

#[wasm_bindgen_test]
fn a_rejected_preview_carries_the_error() {
    let simulation = dynamic_group_simulation();
    // Nobody is added to a dynamic group by hand.
    let preview = simulation
        .preview(object(
            r#"{"op": "addMember", "group": "g", "member": "u3"}"#,
        ))
        .unwrap();
    assert_eq!(text(&preview, "outcome"), "rejected");
    assert_eq!(text(&get(&preview, "error"), "code"), "Request_BadRequest");
    assert!(get(&preview, "changes").is_undefined());
}

/// The error's message, name and parts, as a JS program sees them.
fn error_parts(error: &JsValue) -> (String, JsValue, JsValue, String) {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "not an Error: {error:?}"
    );
    assert_eq!(text(error, "name"), "LoadError");
    (
        text(error, "message"),
        get(error, "line"),
        get(error, "column"),
        text(error, "path"),
    )
}

#[wasm_bindgen_test]
fn load_errors_are_js_errors_with_the_native_message_and_its_parts() {
    let cases = [
        (
            suite_file!("invalid/typo-in-user-property.json"),
            suite_file!("invalid/typo-in-user-property.error.txt"),
            "users[0].departmnt",
        ),
        (
            suite_file!("invalid/json-syntax-error.json"),
            suite_file!("invalid/json-syntax-error.error.txt"),
            "users",
        ),
        (
            suite_file!("invalid/invalid-membership-rule.json"),
            suite_file!("invalid/invalid-membership-rule.error.txt"),
            "groups[0].membershipRule",
        ),
    ];
    for (scenario, native, path) in cases {
        let native = native.trim_end();
        // "line L, column C: ..." gives the numbers the properties must hold.
        let position: Vec<f64> = native
            .trim_start_matches("line ")
            .split(':')
            .next()
            .unwrap()
            .split(", column ")
            .map(|n| n.parse().unwrap())
            .collect();
        for error in [
            run(scenario, JsValue::UNDEFINED).unwrap_err(),
            validate(scenario).unwrap_err(),
            Simulation::new(scenario).err().unwrap(),
        ] {
            let (message, line, column, error_path) = error_parts(&error);
            assert_eq!(message, native);
            assert_eq!(
                (line.as_f64(), column.as_f64()),
                (Some(position[0]), Some(position[1]))
            );
            assert_eq!(error_path, path);
        }
    }
}

#[wasm_bindgen_test]
fn preview_errors_point_into_the_step() {
    let simulation = dynamic_group_simulation();

    let error = simulation
        .preview(object(r#"{"op": "addMembr", "group": "g"}"#))
        .unwrap_err();
    let (message, line, column, path) = error_parts(&error);
    assert!(
        message.starts_with("op: unknown op 'addMembr'; did you mean 'addMember'?"),
        "{message}"
    );
    // An object's JSON is the API's, not the caller's: no position.
    assert!(line.is_null() && column.is_null());
    assert_eq!(path, "op");

    let error = simulation
        .preview(JsValue::from_str(
            "{\"op\": \"addMember\",\n \"group\": \"g\", \"membr\": \"u3\"}",
        ))
        .unwrap_err();
    let (message, line, column, path) = error_parts(&error);
    assert!(
        message.starts_with("line 2, column 16: membr: `membr` is not a field"),
        "{message}"
    );
    assert_eq!((line.as_f64(), column.as_f64()), (Some(2.0), Some(16.0)));
    assert_eq!(path, "membr");

    let error = simulation
        .preview(object(
            r#"{"op": "removeMember", "group": "g", "member": "zz"}"#,
        ))
        .unwrap_err();
    let (message, _, _, path) = error_parts(&error);
    assert_eq!(path, "member");
    assert!(message.contains("'zz'"), "{message}");

    let error = simulation
        .preview(object(r#"{"op": "createUser", "user": {"id": "x"}}"#))
        .unwrap_err();
    assert!(error_parts(&error).0.contains("cannot be previewed"));

    for not_one_step in [
        JsValue::UNDEFINED,
        JsValue::from_str(""),
        JsValue::from_str(r#"{"op": "reprocess", "group": "g"}], "users": ["#),
        JsValue::from_str(
            r#"{"op": "reprocess", "group": "g"}, {"op": "reprocess", "group": "g"}"#,
        ),
    ] {
        let error = simulation.preview(not_one_step).unwrap_err();
        assert!(error_parts(&error)
            .0
            .starts_with("a preview takes one step"));
    }
}

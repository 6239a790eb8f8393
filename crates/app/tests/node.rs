//! The app's DOM-free logic. `unsupported = test` makes each test a plain `#[test]` natively, so
//! `cargo test` runs them too; on wasm32 wasm-bindgen-test-runner runs them in Node.

use std::rc::Rc;

use licenselab_app::components::embed::{allowed_source, embed_source, EmbedSource};
use licenselab_app::components::rule_editor::preview_rule;
use licenselab_app::export::{cell, users_csv};
use licenselab_app::model::edits::{with_step, without_last_step};
use licenselab_app::model::queries::{describe_step, group_errors, merge_set};
use licenselab_app::model::Derived;
use licenselab_app::saved::{read_scenario, restore, to_text, Restored};
use licenselab_app::scenario::{parse_index, pick_example, Example};
use licenselab_app::share;
use licenselab_engine::check_rule;
use licenselab_engine::{Action, PrepaidUnits, Scenario};
use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;

const SEATS: &str = include_str!("../../../web/examples/seat-exhaustion.json");
const DYNAMIC: &str = include_str!("../../../web/examples/extension-attribute-dynamic.json");
const NESTED: &str = include_str!("../../../web/examples/nested-groups.json");

fn scenario(text: &str) -> Scenario {
    read_scenario(text).unwrap()
}

fn run(text: &str) -> Derived {
    Derived::run(Rc::new(scenario(text)), usize::MAX).unwrap()
}

fn examples() -> Vec<Example> {
    parse_index(
        r#"[{"file": "a.json", "title": "A"}, {"file": "b.json", "title": "B", "summary": "S"}]"#,
    )
    .unwrap()
}

#[wasm_bindgen_test(unsupported = test)]
fn index_lists_files_and_titles() {
    let list = examples();
    assert_eq!(list.len(), 2);
    assert_eq!(
        (list[1].file.as_str(), list[1].title.as_str()),
        ("b.json", "B")
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn index_rejects_empty_lists_typos_and_paths() {
    assert!(parse_index("[]").unwrap_err().contains("no example"));
    assert!(parse_index(r#"[{"file": "a.json", "titel": "A"}]"#)
        .unwrap_err()
        .contains("titel"));
    assert!(parse_index(r#"[{"file": "../secret", "title": "A"}]"#)
        .unwrap_err()
        .contains("not a file name"));
}

#[wasm_bindgen_test(unsupported = test)]
fn requested_example_wins_only_when_listed() {
    let list = examples();
    assert_eq!(pick_example(&list, Some("b.json")).unwrap().file, "b.json");
    assert_eq!(
        pick_example(&list, Some("missing.json")).unwrap().file,
        "a.json"
    );
    assert_eq!(pick_example(&list, None).unwrap().file, "a.json");
    assert_eq!(pick_example(&[], None), None);
}

#[wasm_bindgen_test(unsupported = test)]
fn unreadable_scenario_gives_an_error_to_show() {
    match licenselab_app::saved::read_and_load("{ not json") {
        Err(message) => assert!(message.contains("line"), "{message}"),
        Ok(_) => panic!("the engine accepted invalid JSON"),
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn shipped_index_parses() {
    parse_index(include_str!("../../../web/examples/index.json")).unwrap();
}

// Reads files, which Node's wasm sandbox cannot: native only.
#[cfg(not(target_family = "wasm"))]
#[test]
fn shipped_examples_load_and_run() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/examples");
    let index = parse_index(include_str!("../../../web/examples/index.json")).unwrap();
    assert!(
        index.len() >= 10,
        "the gallery lists {} examples",
        index.len()
    );
    for example in index {
        let path = format!("{dir}/{}", example.file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let s = read_scenario(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let d = Derived::run(Rc::new(s), usize::MAX).unwrap();
        assert!(!d.scenario.name.is_empty(), "{path}: no name");
        assert!(!d.scenario.description.is_empty(), "{path}: no description");
        assert!(
            example.summary.is_some(),
            "{path}: no summary in index.json"
        );
        // Every step can be described and the CSV export works.
        for step in &d.scenario.steps {
            assert!(!describe_step(d.full.tenant(), &d, &step.action).is_empty());
        }
        assert!(users_csv(&d).lines().count() > 1);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn share_links_round_trip_through_lz_string() {
    for text in [
        "",
        "a",
        "{\"licenselab\":1}",
        "Łódź ☃ 日本語 🎉",
        &SEATS.repeat(3),
    ] {
        let link = share::compress(text);
        assert!(
            link.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-$".contains(&b)),
            "{link}"
        );
        if text.is_empty() {
            continue;
        }
        assert_eq!(share::decompress(&link).unwrap(), text);
        // The crate's own decoder agrees with ours.
        let theirs = lz_str::decompress_from_encoded_uri_component(&link).unwrap();
        assert_eq!(String::from_utf16(&theirs).unwrap(), text);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn hostile_or_damaged_links_give_errors_not_panics() {
    assert!(share::decompress("").is_err());
    assert!(share::decompress("<script>")
        .unwrap_err()
        .contains("damaged"));
    let good = share::compress(SEATS);
    assert!(share::decompress(&good[..good.len() / 2]).is_err());
    for junk in [
        "AAAA",
        "zzzz",
        "$$$$$$$$",
        "N4Ig",
        "-",
        "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
    ] {
        let _ = share::decompress(junk);
    }
    // A link whose codes each repeat the last entry plus one character expands quadratically:
    // the decoder stops at its limit instead of exhausting memory.
    let bomb = share::compress(&"a".repeat(200_000));
    assert!(bomb.len() < 2_000);
    assert_eq!(share::decompress(&bomb).unwrap().len(), 200_000);
    // Text that decompresses but is not a scenario is refused by the loader.
    let not_scenario = share::compress("{\"hello\": 1}");
    assert!(read_scenario(&share::decompress(&not_scenario).unwrap()).is_err());
}

#[wasm_bindgen_test(unsupported = test)]
fn url_parameters_are_read_and_decoded() {
    assert_eq!(share::param("#s=abc&step=2", "s").as_deref(), Some("abc"));
    assert_eq!(
        share::param("?src=examples%2Fa.json", "src").as_deref(),
        Some("examples/a.json")
    );
    assert_eq!(share::param("#x=1", "s"), None);
    assert_eq!(share::percent_encode("a b/c"), "a%20b%2Fc");
    assert_eq!(
        embed_source("#s=XYZ", ""),
        EmbedSource::Inline("XYZ".into())
    );
    assert_eq!(
        embed_source("", "?src=examples/a.json"),
        EmbedSource::Url("examples/a.json".into())
    );
    assert_eq!(embed_source("", ""), EmbedSource::Missing);
    assert!(allowed_source("examples/a.json"));
    assert!(allowed_source("https://docs.example/a.json"));
    assert!(!allowed_source("javascript:alert(1)"));
    assert!(!allowed_source("data:application/json,{}"));
}

#[wasm_bindgen_test(unsupported = test)]
fn every_edit_is_a_step_and_undo_removes_it() {
    let d = run(SEATS);
    assert_eq!(d.step_count(), 0);
    let t = d.tenant();
    assert_eq!(t.skus()[0].consumed(), 10);
    let g = d.group_ix("g1").unwrap();
    assert_eq!(group_errors(t, g).len(), 2);

    let bought = with_step(
        &d.scenario,
        Action::SetPrepaidUnits {
            sku: t.skus()[0].id().to_owned(),
            prepaid_units: PrepaidUnits {
                enabled: 15,
                ..Default::default()
            },
        },
    );
    let d2 = Derived::run(Rc::new(bought), usize::MAX).unwrap();
    // Bought seats wait for a reprocess.
    assert_eq!(group_errors(d2.tenant(), g).len(), 2);
    let reprocessed = with_step(
        &d2.scenario,
        Action::Reprocess {
            user: None,
            group: Some("g1".into()),
        },
    );
    let d3 = Derived::run(Rc::new(reprocessed), usize::MAX).unwrap();
    assert!(group_errors(d3.tenant(), g).is_empty());
    assert_eq!(d3.tenant().skus()[0].consumed(), 12);
    assert_eq!(d3.step_count(), 2);
    assert!(
        describe_step(d3.tenant(), &d3, &d3.scenario.steps[1].action)
            .starts_with("Reprocess \u{2068}Licensing_Office365_E3_Sales\u{2069}")
    );

    // Looking back at step 1 shows the tenant before the reprocess.
    let back = Derived::run(d3.scenario.clone(), 1).unwrap();
    assert!(!back.at_end());
    assert_eq!(back.tenant().skus()[0].consumed(), 10);
    assert_eq!(back.full.tenant().skus()[0].consumed(), 12);

    let undone = without_last_step(&d3.scenario).unwrap();
    assert_eq!(undone.steps.len(), 1);
    assert!(without_last_step(&d.scenario).is_none());
}

#[wasm_bindgen_test(unsupported = test)]
fn user_properties_follow_applied_updates_only() {
    let d = run(DYNAMIC);
    let id = d.scenario.users[0].id.clone();
    let before = d.user_properties(&id);
    let mut set = serde_json::Map::new();
    set.insert("department".into(), json!("Finance"));
    set.insert(
        "onPremisesExtensionAttributes".into(),
        json!({"extensionAttribute3": "x"}),
    );
    let next = with_step(
        &d.scenario,
        Action::UpdateUser {
            user: id.clone(),
            set,
        },
    );
    let d2 = Derived::run(Rc::new(next), usize::MAX).unwrap();
    let after = d2.user_properties(&id);
    assert_eq!(after["department"], "Finance");
    assert_eq!(
        after["onPremisesExtensionAttributes"]["extensionAttribute3"],
        "x"
    );
    assert_ne!(before, after);

    let mut props = serde_json::Map::new();
    props.insert("a".into(), json!(1));
    let mut set = serde_json::Map::new();
    set.insert("a".into(), serde_json::Value::Null);
    merge_set(&mut props, &set);
    assert!(props.is_empty());
}

#[wasm_bindgen_test(unsupported = test)]
fn rule_errors_have_spans_and_previews_show_who_moves() {
    let err = check_rule("user.departmnt -eq \"Sales\"").unwrap_err();
    assert_eq!(err.span().start, 5);
    assert!(err.hint().contains("department"));
    assert!(check_rule("user.department -eq \"Sales\"").is_ok());

    let d = run(DYNAMIC);
    let t = d.tenant();
    let g = d
        .live_groups()
        .into_iter()
        .find(|g| t.group(*g).is_dynamic())
        .unwrap();
    let id = t.group(g).id().to_owned();
    let same = preview_rule(&d, &id, t.group(g).membership_rule().unwrap()).unwrap();
    assert!(same.left.is_empty() && same.joined.is_empty());
    let nobody = preview_rule(&d, &id, "user.department -eq \"Nobody\"").unwrap();
    let members = t.group(g).user_members().count();
    assert!(members > 0);
    assert_eq!(nobody.left.len(), members);
    assert!(nobody.lost > 0, "members who leave lose the group's plans");
}

#[wasm_bindgen_test(unsupported = test)]
fn csv_export_lists_every_path_and_defuses_formulas() {
    let d = run(SEATS);
    let csv = users_csv(&d);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 13);
    assert!(lines[0].starts_with("userId,userPrincipalName"));
    assert!(csv.contains("CountViolation"));
    assert!(csv.contains("Inherited from Licensing_Office365_E3_Sales"));
    assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_eq!(cell("a,b"), "\"a,b\"");
    assert_eq!(cell("plain"), "plain");
}

#[wasm_bindgen_test(unsupported = test)]
fn autosave_restores_and_reports_what_it_cannot_read() {
    let s = scenario(SEATS);
    assert_eq!(restore(None), Restored::Nothing);
    assert_eq!(restore(Some(&to_text(&s))), Restored::Scenario(Box::new(s)));
    match restore(Some("{\"licenselab\": 1, \"users\": [")) {
        Restored::Unreadable(reason) => assert!(reason.contains("line"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        restore(Some("{\"licenselab\": 1, \"bogus\": true}")),
        Restored::Unreadable(_)
    ));
    // Too big for the browser's storage as JSON: stored compressed, restored the same.
    let packed = licenselab_app::saved::encode_for_storage(&to_text(&scenario(SEATS)), false);
    assert!(packed.starts_with(licenselab_app::saved::COMPRESSED_PREFIX));
    assert!(packed.chars().count() < SEATS.len() / 3);
    assert_eq!(
        restore(Some(&packed)),
        Restored::Scenario(Box::new(scenario(SEATS)))
    );
    assert!(matches!(
        restore(Some("lz16:\u{4e00}\u{4e01}")),
        Restored::Unreadable(_)
    ));
}

#[wasm_bindgen_test(unsupported = test)]
fn nesting_is_visible() {
    let d = run(NESTED);
    let t = d.tenant();
    let licensed = d
        .live_groups()
        .into_iter()
        .find(|g| !t.group(*g).licenses().is_empty())
        .unwrap();
    assert!(t.nested_groups(licensed).next().is_some());
    assert!(!t.nested_only_users(licensed).is_empty());
}

/// An edit continues the simulation by one step; that must give exactly what running the edited
/// scenario from the start gives, for every example and many kinds of edits.
#[cfg(not(target_family = "wasm"))]
#[test]
fn continuing_a_simulation_equals_running_the_edited_scenario() {
    use licenselab_engine::AssignedLicenseDef;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/examples");
    let mut compared = 0;
    for example in parse_index(include_str!("../../../web/examples/index.json")).unwrap() {
        let text = std::fs::read_to_string(format!("{dir}/{}", example.file)).unwrap();
        let d = run(&text);
        let t = d.tenant();
        let mut actions = Vec::new();
        for s in d.live_skus() {
            let sku = t.sku(s);
            actions.push(Action::SetPrepaidUnits {
                sku: sku.id().to_owned(),
                prepaid_units: PrepaidUnits {
                    enabled: sku.prepaid().enabled + 3,
                    ..sku.prepaid()
                },
            });
            actions.push(Action::SetPrepaidUnits {
                sku: sku.id().to_owned(),
                prepaid_units: PrepaidUnits {
                    enabled: 0,
                    suspended: 5,
                    ..Default::default()
                },
            });
        }
        for g in d.live_groups() {
            let group = t.group(g);
            actions.push(Action::Reprocess {
                user: None,
                group: Some(group.id().to_owned()),
            });
            actions.push(Action::DeleteGroup {
                group: group.id().to_owned(),
            });
            if let Some((u, _)) = group.user_members().next() {
                actions.push(Action::RemoveMember {
                    group: group.id().to_owned(),
                    member: t.user(u).id().to_owned(),
                });
            }
            for u in d.live_users() {
                actions.push(Action::AddMember {
                    group: group.id().to_owned(),
                    member: t.user(u).id().to_owned(),
                });
            }
            if let Some(l) = group.licenses().first() {
                actions.push(Action::AssignLicense {
                    user: None,
                    group: Some(group.id().to_owned()),
                    add_licenses: vec![],
                    remove_licenses: vec![t.sku(l.sku()).id().to_owned()],
                });
                let first_plan = t.sku_plans(l.sku()).next().unwrap().id.to_owned();
                actions.push(Action::AssignLicense {
                    user: None,
                    group: Some(group.id().to_owned()),
                    add_licenses: vec![AssignedLicenseDef {
                        sku_id: t.sku(l.sku()).id().to_owned(),
                        disabled_plans: vec![first_plan],
                    }],
                    remove_licenses: vec![],
                });
            }
            for s in d.live_skus() {
                actions.push(Action::AssignLicense {
                    user: None,
                    group: Some(group.id().to_owned()),
                    add_licenses: vec![AssignedLicenseDef {
                        sku_id: t.sku(s).id().to_owned(),
                        disabled_plans: vec![],
                    }],
                    remove_licenses: vec![],
                });
            }
            if group.is_dynamic() {
                let mut set = serde_json::Map::new();
                set.insert(
                    "membershipRule".into(),
                    json!("user.department -eq \"Sales\""),
                );
                actions.push(Action::UpdateGroup {
                    group: group.id().to_owned(),
                    set,
                });
            }
        }
        for u in d.live_users() {
            let id = t.user(u).id().to_owned();
            actions.push(Action::Reprocess {
                user: Some(id.clone()),
                group: None,
            });
            actions.push(Action::DeleteUser { user: id.clone() });
            let mut set = serde_json::Map::new();
            set.insert("usageLocation".into(), json!("CN"));
            set.insert("department".into(), json!("Sales"));
            set.insert(
                "onPremisesExtensionAttributes".into(),
                json!({"extensionAttribute1": "EMS;E5_baseservices;"}),
            );
            actions.push(Action::UpdateUser {
                user: id.clone(),
                set,
            });
            for s in d.live_skus() {
                actions.push(Action::AssignLicense {
                    user: Some(id.clone()),
                    group: None,
                    add_licenses: vec![AssignedLicenseDef {
                        sku_id: t.sku(s).id().to_owned(),
                        disabled_plans: vec![],
                    }],
                    remove_licenses: vec![],
                });
                actions.push(Action::AssignLicense {
                    user: Some(id.clone()),
                    group: None,
                    add_licenses: vec![],
                    remove_licenses: vec![t.sku(s).id().to_owned()],
                });
            }
        }
        for action in actions {
            let whole = Derived::run(Rc::new(with_step(&d.scenario, action.clone())), usize::MAX);
            let Some(step) = d.extend(std::slice::from_ref(&action)) else {
                continue;
            };
            let whole = whole.unwrap_or_else(|e| panic!("{}: {action:?}: {e}", example.file));
            assert_eq!(
                step.full.result().to_json(),
                whole.full.result().to_json(),
                "{}: {action:?}",
                example.file
            );
            assert_eq!(step.scenario, whole.scenario);
            // The errors each step made and cleared, recorded step by step as the timeline
            // shows them, are those of the whole run.
            assert_eq!(
                step.error_changes, whole.error_changes,
                "{}: {action:?}",
                example.file
            );
            compared += 1;
        }
    }
    assert!(compared > 300, "{compared} edits compared");
}

#[test]
fn looking_at_another_step_equals_running_the_scenario_to_it() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/examples");
    for example in parse_index(include_str!("../../../web/examples/index.json")).unwrap() {
        let text = std::fs::read_to_string(format!("{dir}/{}", example.file)).unwrap();
        let mut d = run(&text);
        // Two edits continue the simulation, so `at` must replay steps the start does not list.
        for _ in 0..2 {
            let g = d.live_groups()[0];
            let edited = d.extend(&[Action::Reprocess {
                user: None,
                group: Some(d.tenant().group(g).id().to_owned()),
            }]);
            d = edited.expect("a reprocess continues the simulation");
        }
        for cursor in 0..=d.step_count() {
            let seen = d.at(cursor);
            let loaded = Derived::run(d.scenario.clone(), cursor).unwrap();
            assert_eq!(seen.cursor, cursor);
            assert_eq!(
                seen.view.result().to_json(),
                loaded.view.result().to_json(),
                "{} at step {cursor}",
                example.file
            );
            // And back to the end from there.
            assert_eq!(
                seen.at(usize::MAX).view.result().to_json(),
                d.full.result().to_json()
            );
        }
    }
}

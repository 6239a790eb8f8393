//! The Audit log view's answer (`model::views::audit`), checked against the documented audit log
//! (B26: each group processing run writes "Start applying group based license to users", a
//! "Change user license" per member (Failure for an error) and "Finish applying ..." with how many
//! succeeded and failed; "Set group license" for the group's assignment) on the seat-exhaustion
//! example: 12 members, 10 seats.

use std::rc::Rc;

use licenselab_app::model::audit::{AuditFilter, AuditStatus};
use licenselab_app::model::views::{
    answer, audit_log, Answer, AuditAnswer, AuditQuery, Query, Window,
};
use licenselab_app::model::Derived;
use licenselab_app::saved::read_scenario;
use licenselab_engine::{Action, PrepaidUnits};

const SEATS: &str = include_str!("../../../web/examples/seat-exhaustion.json");
const TEAMS: &str = include_str!("../../../web/examples/cumulative-base-teams.json");
const E3: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";
const ENGINE: &str = "Microsoft Entra ID Group-Based Licensing";

fn derived(text: &str) -> Derived {
    Derived::run(Rc::new(read_scenario(text).unwrap()), 0).unwrap()
}

fn query(filter: AuditFilter, window: Window) -> AuditQuery {
    AuditQuery {
        filter,
        window,
        opened: None,
    }
}

fn ask(d: &Derived, q: AuditQuery) -> AuditAnswer {
    match answer(d, &Query::AuditLog(q)) {
        Answer::AuditLog(a) => a,
        other => panic!("asked for the audit log, got {other:?}"),
    }
}

/// Each row as (step, activity, target, status).
fn rows(a: &AuditAnswer) -> Vec<(usize, &str, String, AuditStatus)> {
    a.rows
        .iter()
        .map(|r| {
            (
                r.step,
                r.activity.as_str(),
                format!("{}: {}", r.target_kind, r.target_name),
                r.status,
            )
        })
        .collect()
}

fn status(status: AuditStatus) -> AuditFilter {
    AuditFilter {
        status: Some(status),
        ..Default::default()
    }
}

#[test]
fn the_log_lists_the_processing_run_newest_first_in_entras_words() {
    let a = ask(
        &derived(SEATS),
        query(AuditFilter::default(), Window::first(100)),
    );
    // Set group license, Start, a Change user license per member, Finish.
    assert_eq!((a.total, a.offset, a.rows.len()), (15, 0, 15));
    let finish = &a.rows[0];
    assert_eq!(
        (finish.category.as_str(), finish.activity.as_str()),
        (
            "GroupManagement",
            "Finish applying group based license to users"
        )
    );
    assert_eq!(
        finish.result,
        "[Users successfully assigned licenses: 10, Users for whom license assignment failed: 2.];"
    );
    // The run succeeded although two members failed, as in Entra.
    assert_eq!(
        (finish.status, finish.actor.as_str()),
        (AuditStatus::Success, ENGINE)
    );
    let set = &a.rows[14];
    assert_eq!(
        (
            set.index,
            set.activity.as_str(),
            set.actor.as_str(),
            set.target_id.as_str()
        ),
        (0, "Set group license", "Administrator", "g1")
    );
    assert_eq!(
        a.rows[13].activity,
        "Start applying group based license to users"
    );
    // The members in join order, oldest last: the two without a seat are the newest changes.
    assert_eq!(
        rows(&a)[1..4],
        [
            (
                0,
                "Change user license",
                "User: Luca Bianchi".to_owned(),
                AuditStatus::Failure
            ),
            (
                0,
                "Change user license",
                "User: Kavya Rao".to_owned(),
                AuditStatus::Failure
            ),
            (
                0,
                "Change user license",
                "User: Jonas Berg".to_owned(),
                AuditStatus::Success
            ),
        ]
    );
}

#[test]
fn the_filters_keep_what_they_name_and_the_total_counts_them() {
    let d = derived(SEATS);
    let failures = ask(&d, query(status(AuditStatus::Failure), Window::first(100)));
    assert_eq!(failures.total, 2);
    assert!(failures.rows.iter().all(|r| r.category == "UserManagement"
        && r.result
            .starts_with("failure: Office 365 E3 has no available licenses")));
    assert_eq!(
        failures
            .rows
            .iter()
            .map(|r| r.target_id.as_str())
            .collect::<Vec<_>>(),
        ["u12", "u11"]
    );
    // The text filter matches the words shown: the status, the target's name.
    let text = |t: &str| AuditFilter {
        text: t.to_owned(),
        ..Default::default()
    };
    assert_eq!(ask(&d, query(text("Failure"), Window::first(100))).total, 2);
    let kavya = ask(&d, query(text("kavya"), Window::first(100)));
    assert_eq!(
        rows(&kavya),
        [(
            0,
            "Change user license",
            "User: Kavya Rao".to_owned(),
            AuditStatus::Failure
        )]
    );
    let success = ask(&d, query(status(AuditStatus::Success), Window::first(100)));
    assert_eq!(success.total, 13);
    let groups = AuditFilter {
        category: Some("GroupManagement".to_owned()),
        ..Default::default()
    };
    assert_eq!(ask(&d, query(groups.clone(), Window::first(100))).total, 3);
    let finished = AuditFilter {
        activity: Some("Finish applying group based license to users".to_owned()),
        ..groups
    };
    assert_eq!(
        ask(&d, query(finished.clone(), Window::first(100))).total,
        1
    );
    let none = AuditFilter {
        category: Some("UserManagement".to_owned()),
        ..finished
    };
    let a = ask(&d, query(none, Window::first(100)));
    assert_eq!((a.total, a.rows.len()), (0, 0));
}

#[test]
fn a_window_of_the_filtered_log_comes_with_its_total() {
    let d = derived(SEATS);
    let a = ask(
        &d,
        query(
            AuditFilter::default(),
            Window {
                offset: 5,
                limit: 3,
            },
        ),
    );
    assert_eq!((a.total, a.offset), (15, 5));
    assert_eq!(
        a.rows.iter().map(|r| r.index).collect::<Vec<_>>(),
        [9, 8, 7]
    );
    assert_eq!(a.row(6).map(|r| r.target_id.as_str()), Some("u7"));
    assert_eq!((a.row(4), a.row(8)), (None, None));
    // The same window of another filter (the list kept for a filter is not another's).
    let a = ask(
        &d,
        query(
            status(AuditStatus::Success),
            Window {
                offset: 10,
                limit: 10,
            },
        ),
    );
    assert_eq!((a.total, a.offset), (13, 10));
    assert_eq!(
        a.rows.iter().map(|r| r.index).collect::<Vec<_>>(),
        [2, 1, 0]
    );
    let a = ask(
        &d,
        query(
            status(AuditStatus::Failure),
            Window {
                offset: 1,
                limit: 10,
            },
        ),
    );
    assert_eq!(a.rows.iter().map(|r| r.index).collect::<Vec<_>>(), [12]);
}

#[test]
fn entries_carry_the_step_that_wrote_them_and_each_step_sees_its_own_log() {
    // One seat bought (no entry), then Kavya reprocessed: her license is changed at step 2.
    let d = derived(SEATS)
        .extend(&[
            Action::SetPrepaidUnits {
                sku: E3.to_owned(),
                prepaid_units: PrepaidUnits {
                    enabled: 11,
                    ..Default::default()
                },
            },
            Action::Reprocess {
                user: Some("u11".to_owned()),
                group: None,
            },
        ])
        .unwrap();
    let failures = status(AuditStatus::Failure);
    let end = ask(&d, query(AuditFilter::default(), Window::first(1)));
    assert_eq!(end.total, 16);
    assert_eq!(
        rows(&end),
        [(
            2,
            "Change user license",
            "User: Kavya Rao".to_owned(),
            AuditStatus::Success
        )]
    );
    assert_eq!(ask(&d, query(failures.clone(), Window::first(10))).total, 2);
    // At the start the same filter reads the shorter log.
    let start = d.at(0);
    assert_eq!(
        ask(&start, query(AuditFilter::default(), Window::first(1))).total,
        15
    );
    let kavya = AuditFilter {
        text: "kavya".to_owned(),
        ..Default::default()
    };
    assert_eq!(
        ask(&start, query(kavya.clone(), Window::first(10))).total,
        1
    );
    assert_eq!(ask(&d, query(kavya, Window::first(10))).total, 2);
}

#[test]
fn an_opened_entry_has_every_modified_property_and_disabled_plans_by_name() {
    let d = derived(SEATS);
    let a = ask(
        &d,
        AuditQuery {
            opened: Some(14),
            ..query(AuditFilter::default(), Window::first(0))
        },
    );
    assert!(a.rows.is_empty());
    let opened = a.opened.unwrap();
    assert_eq!(
        opened.row.activity,
        "Finish applying group based license to users"
    );
    assert_eq!(
        opened.properties,
        [
            "Users successfully assigned licenses: 10",
            "Users for whom license assignment failed: 2"
        ]
    );
    // An entry not in the log at this step opens nothing.
    let past = AuditQuery {
        opened: Some(15),
        ..query(AuditFilter::default(), Window::first(0))
    };
    assert_eq!(ask(&d, past).opened, None);
    // Plans a group disables are named as the portal names them ("Sway" for SWAY).
    let d = derived(TEAMS);
    let set = AuditFilter {
        activity: Some("Set group license".to_owned()),
        ..Default::default()
    };
    let a = audit_log(&d, &query(set, Window::first(100)));
    let disabled: Vec<&str> = a
        .rows
        .iter()
        .map(|r| r.result.as_str())
        .filter(|r| r.contains("(disabled: "))
        .collect();
    assert_eq!(disabled.len(), 2, "{:?}", a.rows);
    assert!(disabled
        .iter()
        .any(|r| r.contains("(disabled: EXO2, SPO2, OFFICE, SFB, YAMMER, Sway, ")));
    assert!(disabled.iter().all(|r| !r.contains("SWAY")), "{disabled:?}");
}

#[test]
fn the_audit_query_and_answer_cross_a_message_unchanged() {
    let d = derived(SEATS);
    let q = Query::AuditLog(AuditQuery {
        filter: AuditFilter {
            text: "Kavya".to_owned(),
            status: Some(AuditStatus::Failure),
            category: Some("UserManagement".to_owned()),
            activity: Some("Change user license".to_owned()),
        },
        window: Window {
            offset: 0,
            limit: 50,
        },
        opened: Some(12),
    });
    let text = serde_json::to_string(&q).unwrap();
    assert_eq!(serde_json::from_str::<Query>(&text).unwrap(), q);
    let a = answer(&d, &q);
    let Answer::AuditLog(shown) = &a else {
        panic!("asked for the audit log, got {a:?}")
    };
    assert_eq!(
        (shown.total, shown.opened.as_ref().map(|o| o.row.index)),
        (1, Some(12))
    );
    let text = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<Answer>(&text).unwrap(), a);
}

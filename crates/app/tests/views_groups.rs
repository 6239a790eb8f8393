//! The Groups view's answers (`model::views::groups`), checked against the documented behaviour
//! of the examples (docs/reference/licensing-behaviour.md): seat exhaustion (B12, B12b: twelve
//! members, ten seats, the last two to join in CountViolation, cleared by a reprocess once seats
//! are bought), nesting (B2: members of a nested group get nothing; a cycle changes nothing),
//! disabled plans (B8), a dynamic rule (B4); and the windows, filters and lookups the view asks.

use std::rc::Rc;

use licenselab_app::model::views::groups::{
    group_clears, group_detail, group_list, group_members, member_candidates, member_named, Below,
    Candidate, GroupClears, GroupDetail, GroupDetailQuery, GroupListQuery, GroupMembersQuery,
    NestedGroup,
};
use licenselab_app::model::views::users::unused_id;
use licenselab_app::model::views::{answer, Answer, Query};
use licenselab_app::model::Derived;
use licenselab_app::saved::read_scenario;
use licenselab_engine::{Action, PrepaidUnits};
use serde_json::json;

fn example(text: &str, cursor: usize) -> Derived {
    Derived::run(Rc::new(read_scenario(text).unwrap()), cursor).unwrap()
}

/// Office 365 E3, the seat-exhaustion example's product.
const E3: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";
const SEATS: &str = include_str!("../../../web/examples/seat-exhaustion.json");
const NESTED: &str = include_str!("../../../web/examples/nested-groups.json");
const DYNAMIC: &str = include_str!("../../../web/examples/extension-attribute-dynamic.json");
const CUMULATIVE: &str = include_str!("../../../web/examples/cumulative-base-teams.json");

fn all_groups() -> GroupListQuery {
    GroupListQuery {
        filter: String::new(),
        offset: 0,
        limit: 50,
    }
}

fn detail(d: &Derived, id: &str) -> GroupDetail {
    group_detail(
        d,
        &GroupDetailQuery {
            id: id.to_owned(),
            errors_limit: 300,
        },
    )
    .unwrap_or_else(|| panic!("no group {id}"))
}

fn member_ids(d: &Derived, id: &str, filter: &str, offset: usize, limit: usize) -> Vec<String> {
    let q = GroupMembersQuery {
        id: id.to_owned(),
        filter: filter.to_owned(),
        offset,
        limit,
    };
    group_members(d, &q)
        .rows
        .into_iter()
        .map(|m| m.id)
        .collect()
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_seat_exhaustion_group_lists_the_last_two_to_join_in_count_violation() {
    let d = example(SEATS, 0);
    let list = group_list(&d, &all_groups());
    assert_eq!((list.total, list.matching, list.offset), (1, 1, 0));
    let row = &list.rows[0];
    assert_eq!(row.id, "g1");
    assert_eq!(row.name, "Licensing_Office365_E3_Sales");
    assert_eq!(row.users, 12);
    assert_eq!(row.errors, 2);
    assert_eq!(row.licenses, ids(&["Office 365 E3"]));
    assert!(row.processed && !row.dynamic && !row.nested);
    assert_eq!(row.kind, "Security, assigned");
    assert_eq!(row.type_note, None);

    let g = detail(&d, "g1");
    assert_eq!(g.members, 12);
    assert!(g.eligible);
    assert_eq!(g.processing_state.as_deref(), Some("ProcessingComplete"));
    assert_eq!(g.errors_total, 2);
    let in_error: Vec<&str> = g.errors.iter().map(|e| e.user_id.as_str()).collect();
    assert_eq!(in_error, ["u11", "u12"]);
    for member in &g.errors {
        assert_eq!(member.rows.len(), 1);
        assert_eq!(member.rows[0].code, "CountViolation");
        assert_eq!(member.rows[0].product, "Office 365 E3");
        assert_eq!(member.rows[0].sku_id, E3);
    }
    // No seat is free: a reprocess clears nothing.
    assert_eq!(group_clears(&d, "g1"), GroupClears::default());
    // B12b: who waits for a seat is the simulator's policy, said beside the errors.
    assert!(g
        .seat_order_note
        .as_deref()
        .is_some_and(|n| n.contains("seatOrder: joinOrder")));
    // Every plan of the product is on: the group disables none.
    assert_eq!(g.licenses.len(), 1);
    assert_eq!(g.licenses[0].enabled, 4);
    assert_eq!(g.licenses[0].plans.len(), 4);
    assert!(g.licenses[0].plans.iter().all(|p| p.enabled && !p.disabled));
    // Every product is assigned already: nothing left to pick.
    assert!(g.assignable.is_empty());

    // The errors come as a window; the total says how many more there are.
    let first = group_detail(
        &d,
        &GroupDetailQuery {
            id: "g1".into(),
            errors_limit: 1,
        },
    )
    .unwrap();
    assert_eq!((first.errors.len(), first.errors_total), (1, 2));
    assert_eq!(first.errors[0].user_id, "u11");
}

#[test]
fn bought_seats_mark_the_errors_a_reprocess_clears_and_the_reprocess_clears_them() {
    let d = example(SEATS, 0);
    // Bought seats are not used until the group is reprocessed: the errors stay, marked.
    let bought = d
        .edited(vec![Action::SetPrepaidUnits {
            sku: E3.into(),
            prepaid_units: PrepaidUnits {
                enabled: 15,
                ..PrepaidUnits::default()
            },
        }])
        .unwrap();
    let g = detail(&bought, "g1");
    assert_eq!(g.errors_total, 2);
    let clears = group_clears(&bought, "g1");
    assert_eq!(clears.clearable, 2);
    assert_eq!(
        clears.rows,
        vec![
            ("u11".to_owned(), E3.to_owned()),
            ("u12".to_owned(), E3.to_owned())
        ]
    );

    let reprocessed = bought
        .edited(vec![Action::Reprocess {
            user: None,
            group: Some("g1".into()),
        }])
        .unwrap();
    let g = detail(&reprocessed, "g1");
    assert_eq!(g.errors_total, 0);
    assert_eq!(group_clears(&reprocessed, "g1"), GroupClears::default());
    assert!(g.errors.is_empty());
    assert_eq!(g.seat_order_note, None);
    assert_eq!(group_list(&reprocessed, &all_groups()).rows[0].errors, 0);
}

#[test]
fn members_come_as_a_window_with_their_error_and_a_filter_finds_any() {
    let d = example(SEATS, 0);
    assert_eq!(member_ids(&d, "g1", "", 0, 3), ids(&["u1", "u2", "u3"]));
    let tail = group_members(
        &d,
        &GroupMembersQuery {
            id: "g1".into(),
            filter: String::new(),
            offset: 9,
            limit: 300,
        },
    );
    assert_eq!(tail.total, 12);
    let flagged: Vec<(&str, bool)> = tail.rows.iter().map(|m| (m.id.as_str(), m.error)).collect();
    assert_eq!(flagged, [("u10", false), ("u11", true), ("u12", true)]);
    // By name or id, case-insensitive; the total stays the group's.
    assert_eq!(member_ids(&d, "g1", "BRAM", 0, 300), ids(&["u2"]));
    assert_eq!(
        member_ids(&d, "g1", "u1", 0, 300),
        ids(&["u1", "u10", "u11", "u12"])
    );
    assert_eq!(member_ids(&d, "g1", "u1", 1, 2), ids(&["u10", "u11"]));
    let bram = group_members(
        &d,
        &GroupMembersQuery {
            id: "g1".into(),
            filter: "bram".into(),
            offset: 0,
            limit: 300,
        },
    );
    assert_eq!(
        (bram.total, bram.rows[0].name.as_str()),
        (12, "Bram de Vries")
    );
}

#[test]
fn nesting_is_a_tree_with_the_cycle_marked_and_nested_members_unlicensed() {
    // Before the step: Pia is in the nested group, which holds the licensed group (a cycle).
    let d = example(NESTED, 0);
    let g = detail(&d, "parent");
    assert_eq!(g.members, 1, "only Ola is a direct user member");
    assert_eq!(
        g.nested,
        vec![NestedGroup {
            id: "child".into(),
            name: "Stockholm office".into(),
            users: 1,
            cycle: false,
            below: Below::Groups(vec![NestedGroup {
                id: "parent".into(),
                name: "All staff (licensed)".into(),
                users: 1,
                cycle: true,
                below: Below::Groups(vec![]),
            }]),
        }]
    );
    // B2: Pia reaches the licensed group only through nesting and gets nothing from it.
    assert_eq!(
        (g.nested_only, g.nested_only_names.clone()),
        (1, ids(&["pia"]))
    );
    assert!(!g.nested_what_if);
    let row = &group_list(&d, &all_groups()).rows[0];
    assert!(row.nested);
    assert_eq!(row.users, 1);

    // After Quinn joins the nested group: two users are not licensed through nesting.
    let end = example(NESTED, usize::MAX);
    let g = detail(&end, "parent");
    assert_eq!(
        (g.nested_only, g.nested_only_names),
        (2, ids(&["pia", "quinn"]))
    );
    assert_eq!(g.nested[0].users, 2);
    // The nested group assigns nothing and nests the licensed one.
    let child = detail(&end, "child");
    assert!(child.licenses.is_empty());
    assert_eq!(child.assignable.len(), 1);
    assert_eq!(child.assignable[0].id, "E3");
    assert_eq!(child.nested[0].id, "parent");
    assert_eq!(
        child.nested[0].below,
        Below::Groups(vec![NestedGroup {
            id: "child".into(),
            name: "Stockholm office".into(),
            users: 2,
            cycle: true,
            below: Below::Groups(vec![]),
        }])
    );
}

#[test]
fn a_deep_chain_of_nesting_stops_with_a_count() {
    // g0 ⊃ g1 ⊃ ... ⊃ g9: six levels are drawn below g0, then the count of groups nested further.
    let groups: Vec<_> = (0..10)
        .map(|i| {
            let members = if i < 9 { vec![format!("g{}", i + 1)] } else { vec![] };
            json!({ "id": format!("g{i}"), "displayName": format!("Level {i}"), "members": members })
        })
        .collect();
    let text = json!({ "licenselab": 1, "name": "chain", "subscribedSkus": [], "users": [], "groups": groups, "steps": [] })
        .to_string();
    let d = example(&text, 0);
    let mut level = detail(&d, "g0").nested;
    let mut depth = 0;
    let cut = loop {
        assert_eq!(level.len(), 1);
        depth += 1;
        match level.remove(0).below {
            Below::Groups(next) => level = next,
            Below::NotShown(n) => break n,
        }
    };
    assert_eq!((depth, cut), (6, 1));
}

#[test]
fn the_add_member_suggestions_leave_out_members_and_the_group_itself() {
    let d = example(NESTED, 0);
    let c = member_candidates(&d, "parent");
    let names = |list: &[Candidate]| list.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(names(&c.users), ids(&["pia", "quinn"]));
    assert!(c.groups.is_empty(), "the nested group is a member already");
    let c = member_candidates(&d, "child");
    assert_eq!(names(&c.users), ids(&["ola", "quinn"]));
    assert!(
        c.groups.is_empty(),
        "the licensed group is nested in it already"
    );

    // What a person types: "Name (id)" as suggested, an id, or a display name.
    assert_eq!(member_named(&d, "pia (pia)").as_deref(), Some("pia"));
    assert_eq!(member_named(&d, "  quinn ").as_deref(), Some("quinn"));
    assert_eq!(
        member_named(&d, "Stockholm office").as_deref(),
        Some("child")
    );
    assert_eq!(member_named(&d, "nobody"), None);

    // A new object's id is free among users and groups alike.
    assert_eq!(unused_id(&d, "parent"), "parent-2");
    assert_eq!(unused_id(&d, "ola"), "ola-2");
    assert_eq!(unused_id(&d, "g-new"), "g-new");
}

#[test]
fn disabled_plans_show_as_switches_off_and_the_union_is_the_users() {
    let d = example(CUMULATIVE, 0);
    let base = detail(&d, "base");
    let license = &base.licenses[0];
    assert_eq!(license.plans.len(), 13);
    assert_eq!(license.enabled, 9);
    let off: Vec<&str> = license
        .plans
        .iter()
        .filter(|p| p.disabled)
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(off, ["TEAMS", "STREAM", "BOOKINGS", "WHITEBOARD"]);
    assert!(license.plans.iter().all(|p| p.enabled != p.disabled));
    let teams = detail(&d, "teams");
    assert_eq!(teams.licenses[0].enabled, 1);
    let on: Vec<&str> = teams.licenses[0]
        .plans
        .iter()
        .filter(|p| p.enabled)
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(on, ["TEAMS"]);
}

#[test]
fn a_dynamic_group_answers_its_rule_and_the_users_it_matches() {
    let d = example(DYNAMIC, usize::MAX);
    let ems = detail(&d, "ems");
    assert!(ems.dynamic);
    assert_eq!(ems.kind, "Security, dynamic");
    assert_eq!(ems.rule, "user.extensionAttribute1 -contains \"EMS\"");
    assert!(!ems.rule_paused);
    // After the steps every user's extensionAttribute1 contains EMS.
    assert_eq!(
        member_ids(&d, "ems", "", 0, 300),
        ids(&["ana", "ben", "cy"])
    );
    let row = group_list(&d, &all_groups());
    assert!(row.rows.iter().all(|r| r.dynamic));
}

fn teams(n: usize) -> Derived {
    let groups: Vec<_> = (0..n)
        .map(|i| json!({ "id": format!("t{i:02}"), "displayName": format!("Team {i:02}") }))
        .collect();
    let text = json!({ "licenselab": 1, "name": "teams", "subscribedSkus": [], "users": [], "groups": groups, "steps": [] })
        .to_string();
    example(&text, 0)
}

fn list_ids(d: &Derived, filter: &str, offset: usize, limit: usize) -> (usize, usize, Vec<String>) {
    let list = group_list(
        d,
        &GroupListQuery {
            filter: filter.to_owned(),
            offset,
            limit,
        },
    );
    assert_eq!(list.total, 50);
    (
        list.matching,
        list.offset,
        list.rows.into_iter().map(|r| r.id).collect(),
    )
}

#[test]
fn the_groups_table_answers_the_window_of_the_groups_the_filter_matches() {
    let d = teams(50);
    let (matching, offset, rows) = list_ids(&d, "", 20, 3);
    assert_eq!(
        (matching, offset, rows),
        (50, 20, ids(&["t20", "t21", "t22"]))
    );
    // A window past the end moves back so that it is full, as the table clamps its scroll.
    let (_, offset, rows) = list_ids(&d, "", 48, 4);
    assert_eq!((offset, rows), (46, ids(&["t46", "t47", "t48", "t49"])));
    // The filter reads names and ids, case-insensitive.
    let (matching, offset, rows) = list_ids(&d, "TEAM 1", 0, 3);
    assert_eq!(
        (matching, offset, rows),
        (10, 0, ids(&["t10", "t11", "t12"]))
    );
    let (matching, _, rows) = list_ids(&d, "t4", 5, 100);
    assert_eq!((matching, rows.len()), (10, 10));
    let (matching, offset, rows) = list_ids(&d, "nothing", 30, 10);
    assert_eq!((matching, offset, rows), (0, 0, vec![]));
}

#[test]
fn a_group_not_there_at_the_cursor_has_no_details() {
    let d = example(SEATS, 0);
    let q = GroupDetailQuery {
        id: "no-such-group".into(),
        errors_limit: 10,
    };
    assert_eq!(group_detail(&d, &q), None);
    assert_eq!(
        member_ids(&d, "no-such-group", "", 0, 10),
        Vec::<String>::new()
    );
    // A deleted group is gone from the table and the details.
    let deleted = d
        .edited(vec![
            Action::AssignLicense {
                user: None,
                group: Some("g1".into()),
                add_licenses: vec![],
                remove_licenses: vec![E3.into()],
            },
            Action::DeleteGroup { group: "g1".into() },
        ])
        .unwrap();
    assert_eq!(group_list(&deleted, &all_groups()).total, 0);
    assert_eq!(
        group_detail(
            &deleted,
            &GroupDetailQuery {
                id: "g1".into(),
                errors_limit: 10
            }
        ),
        None
    );
    assert!(member_candidates(&deleted, "g1").users.is_empty());
}

#[test]
fn every_groups_question_and_answer_crosses_a_message_unchanged() {
    let d = example(NESTED, usize::MAX);
    let questions = [
        Query::GroupList(all_groups()),
        Query::GroupDetail(GroupDetailQuery {
            id: "parent".into(),
            errors_limit: 300,
        }),
        Query::GroupMembers(GroupMembersQuery {
            id: "parent".into(),
            filter: "o".into(),
            offset: 0,
            limit: 10,
        }),
        Query::GroupClears("parent".into()),
        Query::MemberCandidates("parent".into()),
        Query::MemberNamed("pia (pia)".into()),
        Query::UnusedId {
            base: "parent".into(),
        },
    ];
    for q in questions {
        let text = serde_json::to_string(&q).unwrap();
        assert_eq!(serde_json::from_str::<Query>(&text).unwrap(), q);
        let a = answer(&d, &q);
        let text = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Answer>(&text).unwrap(), a);
    }
    // The answer through `answer` is the view's function's.
    match answer(
        &d,
        &Query::GroupDetail(GroupDetailQuery {
            id: "parent".into(),
            errors_limit: 300,
        }),
    ) {
        Answer::GroupDetail(Some(g)) => assert_eq!(*g, detail(&d, "parent")),
        other => panic!("asked for a group's details, got {other:?}"),
    }
    match answer(&d, &Query::MemberNamed("Stockholm office".into())) {
        Answer::MemberNamed(found) => assert_eq!(found.as_deref(), Some("child")),
        other => panic!("asked for a member, got {other:?}"),
    }
}

const OBSERVED: &str =
    include_str!("../../../tests/scenarios/observed-pending-work-reprocess.json");

#[test]
fn an_observed_tenant_lists_each_groups_pending_work_until_a_reprocess_does_it() {
    // Before any step: a joined Staff and has no row yet; e is in CountViolation with seats free;
    // b left Sales and still has its row; d's row from Sales lacks the group's disabled Yammer.
    let d = example(OBSERVED, 0);
    let staff = detail(&d, "staff");
    let pending: Vec<&str> = staff.pending.iter().map(|p| p.user_id.as_str()).collect();
    // Both are Staff's pending work: a's missing row, and e's error that would clear now.
    assert_eq!(pending, ["a", "e"]);
    assert_eq!(staff.pending_total, 2);
    assert!(staff.pending[0].items[0]
        .reason
        .contains("with no license from it yet"));
    assert_eq!(staff.errors_total, 1);
    assert_eq!(staff.errors[0].user_id, "e");
    let clears = group_clears(&d, "staff");
    assert_eq!(
        clears.rows,
        vec![("e".to_owned(), "E3".to_owned())],
        "seats are free now"
    );
    let sales = detail(&d, "sales");
    let pending: Vec<&str> = sales.pending.iter().map(|p| p.user_id.as_str()).collect();
    assert_eq!(pending, ["b", "d"]);
    // Reprocessing Staff does its pending work and clears e's error.
    let staff = detail(&example(OBSERVED, 1), "staff");
    assert_eq!((staff.pending_total, staff.errors_total), (0, 0));
    assert_eq!(detail(&example(OBSERVED, 1), "sales").pending_total, 2);
}

//! The Users view's answers (`model::views::users`): the table's window and one user's details,
//! checked against what the examples show (docs/reference/licensing-behaviour.md): the
//! seat-exhaustion example's twelve members of one group with ten seats (the last two in
//! CountViolation until seats are bought and the group reprocessed), nesting (B2), the
//! organization's usage location, and an observed tenant's pending work.

use std::rc::Rc;

use licenselab_app::model::views::users::{
    GroupLine, GroupRef, PathLine, PendingLine, UserDetails, UserRow, UsersPage, UsersQuery,
};
use licenselab_app::model::views::{answer, Answer, Query};
use licenselab_app::model::Derived;
use licenselab_app::saved::read_scenario;
use licenselab_engine::{Action, PrepaidUnits};

const SEATS: &str = include_str!("../../../web/examples/seat-exhaustion.json");
const NESTED: &str = include_str!("../../../web/examples/nested-groups.json");
const LOCATION: &str = include_str!("../../../web/examples/usage-location.json");
const PENDING: &str = include_str!("../../../tests/scenarios/observed-pending-work-reprocess.json");

const E3: &str = "Office 365 E3";
const SALES: &str = "Licensing_Office365_E3_Sales";

fn derived(text: &str, cursor: usize) -> Derived {
    Derived::run(Rc::new(read_scenario(text).unwrap()), cursor).unwrap()
}

fn page(d: &Derived, q: UsersQuery) -> UsersPage {
    match answer(d, &Query::Users(q)) {
        Answer::Users(page) => page,
        other => panic!("asked for users, got {other:?}"),
    }
}

fn details(d: &Derived, id: &str) -> Option<UserDetails> {
    match answer(d, &Query::User { id: id.into() }) {
        Answer::User(details) => details.map(|d| *d),
        other => panic!("asked for a user, got {other:?}"),
    }
}

fn window(offset: usize, limit: usize) -> UsersQuery {
    UsersQuery {
        offset,
        limit,
        ..UsersQuery::default()
    }
}

fn ids(page: &UsersPage) -> Vec<&str> {
    page.rows.iter().map(|r| r.id.as_str()).collect()
}

/// The E3 seats set to `seats` (a step; the group not reprocessed).
fn with_seats(d: &Derived, seats: u32) -> Derived {
    d.edited(vec![Action::SetPrepaidUnits {
        sku: "ENTERPRISEPACK".into(),
        prepaid_units: PrepaidUnits {
            enabled: seats,
            ..PrepaidUnits::default()
        },
    }])
    .unwrap()
}

#[test]
fn the_table_shows_a_window_of_users_with_their_licenses_and_status() {
    let d = derived(SEATS, 0);
    let p = page(&d, window(0, 3));
    assert_eq!((p.total, p.matching, p.offset), (12, 12, 0));
    assert_eq!(
        p.rows[0],
        UserRow {
            id: "u1".into(),
            name: "Alannah Shaw".into(),
            usage_location: Some("US".into()),
            licenses: vec![format!("{E3} (4/4)")],
            status: "Active".into(),
            pending: vec![],
        }
    );
    assert_eq!(ids(&p), ["u1", "u2", "u3"]);
    // The ten seats go to the first ten members; the last two are in CountViolation, with no
    // plan enabled (licensing-behaviour.md: a failed path enables nothing).
    let end = page(&d, window(9, 3));
    assert_eq!(ids(&end), ["u10", "u11", "u12"]);
    assert_eq!(
        end.rows
            .iter()
            .map(|r| (r.status.as_str(), r.licenses[0].as_str()))
            .collect::<Vec<_>>(),
        [
            ("Active", "Office 365 E3 (4/4)"),
            ("Error", "Office 365 E3 (0/4)"),
            ("Error", "Office 365 E3 (0/4)")
        ]
    );
    assert_eq!(end.pending_items, 0);
}

#[test]
fn a_window_past_the_end_is_the_last_full_one() {
    let d = derived(SEATS, 0);
    // As the table's scroll window: never short at the end of the list.
    let p = page(&d, window(11, 4));
    assert_eq!((p.offset, ids(&p)), (8, vec!["u9", "u10", "u11", "u12"]));
    let p = page(&d, window(50, 20));
    assert_eq!((p.offset, p.rows.len()), (0, 12));
}

#[test]
fn the_filter_keeps_names_and_ids_in_any_case_and_errors_only_the_users_in_error() {
    let d = derived(SEATS, 0);
    let by_name = page(
        &d,
        UsersQuery {
            filter: "BRAM".into(),
            ..window(0, 10)
        },
    );
    assert_eq!((by_name.total, by_name.matching), (12, 1));
    assert_eq!(by_name.rows[0].name, "Bram de Vries");
    // "u1" is in the ids u1, u10, u11 and u12 (no name holds it).
    let by_id = page(
        &d,
        UsersQuery {
            filter: " u1".into(),
            ..window(1, 2)
        },
    );
    assert_eq!((by_id.matching, by_id.offset), (4, 1));
    assert_eq!(ids(&by_id), ["u10", "u11"]);
    let errors = UsersQuery {
        errors_only: true,
        ..window(0, 10)
    };
    assert_eq!(ids(&page(&d, errors.clone())), ["u11", "u12"]);
    let none = page(
        &d,
        UsersQuery {
            filter: "u1".into(),
            errors_only: true,
            ..window(0, 10)
        },
    );
    assert_eq!(ids(&none), ["u11", "u12"]);

    // Bought seats are not used until a reprocess: the two stay in error; reprocessing the
    // group gives them their licenses, and the same question has another answer.
    let bought = with_seats(&d, 15);
    assert_eq!(ids(&page(&bought, errors.clone())), ["u11", "u12"]);
    let reprocessed = bought
        .edited(vec![Action::Reprocess {
            user: None,
            group: Some("g1".into()),
        }])
        .unwrap();
    let after = page(&reprocessed, errors.clone());
    assert_eq!((after.total, after.matching, after.rows.len()), (12, 0, 0));
    // Asked again of the earlier tenant: its own answer, not the latest one.
    assert_eq!(ids(&page(&d, errors)), ["u11", "u12"]);
}

#[test]
fn a_user_in_count_violation_shows_the_path_the_reason_and_whether_a_reprocess_clears_it() {
    let d = derived(SEATS, 0);
    let user = details(&d, "u11").unwrap();
    assert_eq!((user.id.as_str(), user.cursor), ("u11", 0));
    assert_eq!(user.licenses.len(), 1);
    let lic = &user.licenses[0];
    assert_eq!(
        (
            lic.sku_id.as_str(),
            lic.product.as_str(),
            lic.enabled,
            lic.total,
            lic.direct
        ),
        ("6fd2c87f-b296-42f0-b197-1e91e994b900", E3, 0, 4, false)
    );
    assert_eq!(lic.enabled_plans, Vec::<String>::new());
    assert_eq!(lic.off_plans.len(), 4);
    let path = &lic.paths[0];
    assert_eq!(
        (
            path.group.as_ref().map(|g| g.id.as_str()),
            path.label.as_str(),
            path.state.as_str(),
            path.error.as_deref(),
            path.error_label.as_deref()
        ),
        (
            Some("g1"),
            "Inherited (\u{2068}Licensing_Office365_E3_Sales\u{2069})",
            "Error",
            Some("CountViolation"),
            Some("Not enough licenses")
        )
    );
    assert!(
        path.reason.starts_with(&format!(
            "{E3} has no available licenses (10 of 10 assigned)."
        )),
        "{}",
        path.reason
    );
    // No seat free: a reprocess would not clear it.
    assert!(!path.clears_now);
    assert_eq!(
        user.paths,
        ["Inherited (\u{2068}Licensing_Office365_E3_Sales\u{2069})"]
    );
    assert_eq!(
        user.groups,
        [GroupLine {
            group: GroupRef {
                id: "g1".into(),
                name: SALES.into()
            },
            assigns: vec![E3.into()]
        }]
    );
    // Only the group assigns E3: the user can be given it directly.
    assert_eq!(user.assignable, [(lic.sku_id.clone(), E3.to_owned())]);
    assert_eq!(
        user.properties.get("department"),
        Some(&serde_json::json!("Sales"))
    );

    // Seats bought: the row is still in error (its reason recorded before), and a reprocess
    // would clear it now.
    let bought = details(&with_seats(&d, 15), "u11").unwrap();
    let path = &bought.licenses[0].paths[0];
    assert_eq!((path.state.as_str(), path.clears_now), ("Error", true));
    assert_eq!(bought.cursor, 1);

    // A healthy member: every plan on, no error, nothing to clear.
    let first = details(&d, "u1").unwrap();
    let path: &PathLine = &first.licenses[0].paths[0];
    assert_eq!(first.licenses[0].enabled_plans.len(), 4);
    assert_eq!(first.licenses[0].off_plans, Vec::<String>::new());
    assert_eq!(
        (
            path.state.as_str(),
            path.error.as_deref(),
            path.reason.as_str()
        ),
        ("Active", None, "")
    );
}

#[test]
fn a_deleted_or_unknown_user_has_no_details_and_leaves_the_table() {
    let d = derived(SEATS, 0);
    assert_eq!(details(&d, "nobody"), None);
    let deleted = d
        .edited(vec![Action::DeleteUser { user: "u3".into() }])
        .unwrap();
    assert_eq!(details(&deleted, "u3"), None);
    let p = page(&deleted, window(0, 3));
    assert_eq!((p.total, ids(&p)), (11, vec!["u1", "u2", "u4"]));
    // Its seat freed, and the group not reprocessed: u11 would get it on a reprocess.
    let u11 = details(&deleted, "u11").unwrap();
    assert!(u11.licenses[0].paths[0].clears_now);
}

#[test]
fn a_direct_assignment_is_a_path_and_no_longer_offered() {
    let d = derived(SEATS, 0);
    let d = with_seats(&d, 15)
        .edited(vec![Action::AssignLicense {
            user: Some("u1".into()),
            group: None,
            add_licenses: vec![licenselab_engine::AssignedLicenseDef {
                sku_id: "ENTERPRISEPACK".into(),
                disabled_plans: vec![],
            }],
            remove_licenses: vec![],
        }])
        .unwrap();
    let user = details(&d, "u1").unwrap();
    let lic = &user.licenses[0];
    assert!(lic.direct);
    assert_eq!(
        lic.paths
            .iter()
            .map(|p| (p.label.as_str(), p.state.as_str()))
            .collect::<Vec<_>>(),
        [
            ("Direct", "Active"),
            (
                "Inherited (\u{2068}Licensing_Office365_E3_Sales\u{2069})",
                "Active"
            )
        ]
    );
    assert!(user.assignable.is_empty());
}

#[test]
fn a_user_reached_only_through_nesting_is_told_which_group() {
    let d = derived(NESTED, 0);
    // B2: Pia is in "Stockholm office", nested in the licensed "All staff (licensed)".
    let pia = details(&d, "pia").unwrap();
    assert_eq!(pia.nested_only, ["All staff (licensed)"]);
    assert!(pia.licenses.is_empty());
    assert_eq!(pia.groups[0].group.name, "Stockholm office");
    assert!(pia.groups[0].assigns.is_empty());
    let ola = details(&d, "ola").unwrap();
    assert!(ola.nested_only.is_empty());
    assert_eq!(ola.licenses.len(), 1);
}

#[test]
fn a_user_without_a_location_is_evaluated_with_the_organizations() {
    let d = derived(LOCATION, 0);
    // defaultUsageLocation (CN) is preferred over countryLetterCode (GB); usageLocation stays
    // empty, and Ada's E3 fails on Teams, prohibited in CN.
    let ada = details(&d, "ada").unwrap();
    assert_eq!(
        (
            ada.usage_location.as_deref(),
            ada.effective_location.as_deref()
        ),
        (None, Some("CN"))
    );
    let path = &ada.licenses[0].paths[0];
    assert_eq!(
        (path.error.as_deref(), path.error_label.as_deref()),
        (
            Some("ProhibitedInUsageLocationViolation"),
            Some("Usage location isn't allowed")
        )
    );
    let bea = details(&d, "bea").unwrap();
    assert_eq!(
        (
            bea.usage_location.as_deref(),
            bea.effective_location.as_deref()
        ),
        (Some("GB"), Some("GB"))
    );
    // Cal's group disables Teams: the path says so.
    let cal = details(&d, "cal").unwrap();
    assert_eq!(cal.licenses[0].paths[0].disabled_plans, 1);
}

#[test]
fn an_observed_tenants_pending_work_is_counted_and_given_per_user() {
    let d = derived(PENDING, 0);
    let asked = UsersQuery {
        pending: true,
        ..window(0, 10)
    };
    let p = page(&d, asked.clone());
    // a, b, c, d and e each have one item; consumedUnits (5, 3 holders) is the sixth.
    assert_eq!(p.pending_items, 6);
    let a = &p.rows[0];
    assert_eq!(
        a.pending,
        ["a member of staff, which assigns E3, with no license from it yet; processing the user (or a reprocess) assigns it"]
    );
    assert!(p.rows.iter().all(|r| r.pending.len() == 1));
    // Not asked (the embed's table): none.
    let quiet = page(&d, window(0, 10));
    assert_eq!(quiet.pending_items, 0);
    assert!(quiet.rows.iter().all(|r| r.pending.is_empty()));
    assert_eq!(
        details(&d, "b").unwrap().pending,
        [PendingLine {
            product: "E3".into(),
            reason: "still has E3 from sales without being a licensed member; processing the user (or a reprocess) removes it".into()
        }]
    );
    // Reprocessing Staff does a's and e's items and counts E3 again.
    let after = derived(PENDING, 1);
    let p = page(&after, asked);
    assert_eq!(p.pending_items, 3);
    assert!(p.rows[0].pending.is_empty());
    assert!(details(&after, "a").unwrap().pending.is_empty());
}

#[test]
fn a_new_users_id_is_one_no_user_or_group_has() {
    let d = derived(SEATS, 0);
    let unused = |base: &str| match answer(&d, &Query::UnusedId { base: base.into() }) {
        Answer::UnusedId(id) => id,
        other => panic!("asked for an id, got {other:?}"),
    };
    assert_eq!(unused("u-new"), "u-new");
    assert_eq!(unused("u1"), "u1-2");
    assert_eq!(unused("g1"), "g1-2");
}

#[test]
fn queries_and_answers_cross_a_message_unchanged() {
    let d = derived(PENDING, 0);
    let queries = [
        Query::Users(UsersQuery {
            filter: "a".into(),
            errors_only: false,
            offset: 0,
            limit: 3,
            pending: true,
        }),
        Query::User { id: "e".into() },
        Query::User {
            id: "nobody".into(),
        },
        Query::UnusedId { base: "u-a".into() },
    ];
    for q in queries {
        let text = serde_json::to_string(&q).unwrap();
        assert_eq!(serde_json::from_str::<Query>(&text).unwrap(), q);
        let a = answer(&d, &q);
        let text = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Answer>(&text).unwrap(), a, "{text}");
    }
}

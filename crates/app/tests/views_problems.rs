//! The Problems view's answer (`model::views::problems`), checked against the documented
//! behaviour: seats are taken in join order and the rest are in CountViolation (B3), an error
//! stays until a reprocess (bought seats are not used until then), and an observed tenant's
//! pending work is done by a reprocess of its user (`tests/scenarios/observed-pending-work-reprocess`).

use std::rc::Rc;

use licenselab_app::model::views::{
    answer, problems, Answer, ErrorShown, PendingShown, ProblemsAnswer, ProblemsQuery,
    ProductProblems, Query, ReasonCount, UserShown, Verdict, Window, ROWS_SHOWN,
};
use licenselab_app::model::Derived;
use licenselab_app::saved::read_scenario;
use licenselab_engine::{Action, PrepaidUnits};

const SEATS: &str = include_str!("../../../web/examples/seat-exhaustion.json");
const OBSERVED: &str =
    include_str!("../../../tests/scenarios/observed-pending-work-reprocess.json");
const E3: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";
const NO_SEAT: &str = "Office 365 E3 has no available licenses (10 of 10 assigned). Buy more licenses or free some, then reprocess: freed or bought seats are not used until then.";

fn derived(text: &str) -> Derived {
    Derived::run(Rc::new(read_scenario(text).unwrap()), 0).unwrap()
}

/// The seat-exhaustion example with `seats` seats of E3 bought in a first step.
fn with_seats(seats: u32) -> Derived {
    derived(SEATS)
        .extend(&[Action::SetPrepaidUnits {
            sku: E3.to_owned(),
            prepaid_units: PrepaidUnits {
                enabled: seats,
                ..Default::default()
            },
        }])
        .unwrap()
}

fn ask(d: &Derived, q: ProblemsQuery) -> ProblemsAnswer {
    match answer(d, &Query::Problems(q)) {
        Answer::Problems(a) => a,
        other => panic!("asked for the problems, got {other:?}"),
    }
}

fn user(id: &str, name: &str) -> UserShown {
    UserShown {
        id: id.to_owned(),
        name: name.to_owned(),
    }
}

fn count_violation(id: &str, name: &str, verdict: Verdict) -> ErrorShown {
    ErrorShown {
        user: user(id, name),
        product: "Office 365 E3".to_owned(),
        path: "Inherited (\u{2068}Licensing_Office365_E3_Sales\u{2069})".to_owned(),
        code: "CountViolation".to_owned(),
        reason: NO_SEAT.to_owned(),
        verdict,
    }
}

#[test]
fn ten_seats_for_twelve_the_last_two_are_in_error_and_a_reprocess_would_not_clear_them() {
    let a = ask(&derived(SEATS), ProblemsQuery::default());
    assert_eq!(
        a,
        ProblemsAnswer {
            error_rows: 2,
            error_users: 2,
            clearing: 0,
            pending_items: 0,
            previewed_users: 2,
            unchecked_users: 0,
            reprocess_all: vec![],
            reprocess_later: 0,
            competing: 0,
            by_product: vec![ProductProblems {
                product: "Office 365 E3".to_owned(),
                errors: 2,
                pending: 0
            }],
            by_reason: vec![ReasonCount {
                code: "CountViolation".to_owned(),
                rows: 2,
                clears_now: 0
            }],
            errors_offset: 0,
            errors: vec![
                count_violation("u11", "Kavya Rao", Verdict::Stays),
                count_violation("u12", "Luca Bianchi", Verdict::Stays),
            ],
            pending_offset: 0,
            pending: vec![],
        }
    );
    assert!(!a.is_empty());
}

#[test]
fn one_seat_bought_each_alone_would_clear_but_reprocess_all_takes_only_the_first() {
    let a = ask(&with_seats(11), ProblemsQuery::default());
    // The recorded reason still says 10 of 10: the error stays until a reprocess.
    assert_eq!(
        a.errors,
        [
            count_violation("u11", "Kavya Rao", Verdict::Clears),
            count_violation("u12", "Luca Bianchi", Verdict::Clears),
        ]
    );
    assert_eq!((a.clearing, a.competing), (2, 1));
    assert_eq!(a.reprocess_all, ["u11"]);
    assert_eq!(a.by_reason[0].clears_now, 2);
    // Two seats bought: both would succeed, one after the other.
    let a = ask(&with_seats(12), ProblemsQuery::default());
    assert_eq!((a.clearing, a.competing), (2, 0));
    assert_eq!(a.reprocess_all, ["u11", "u12"]);
}

#[test]
fn the_rows_in_error_come_as_the_window_asked_for_with_their_total() {
    // Two seats: the first two members to join have them, the other ten are in error.
    let d = derived(&SEATS.replace("\"enabled\": 10", "\"enabled\": 2"));
    let q = ProblemsQuery {
        errors: Window {
            offset: 3,
            limit: 4,
        },
        pending: Window::first(ROWS_SHOWN),
    };
    let a = problems(&d, &q);
    assert_eq!((a.error_rows, a.error_users, a.errors_offset), (10, 10, 3));
    let ids: Vec<&str> = a.errors.iter().map(|e| e.user.id.as_str()).collect();
    assert_eq!(ids, ["u6", "u7", "u8", "u9"]);
    assert!(a
        .errors
        .iter()
        .all(|e| e.verdict == Verdict::Stays && e.reason.contains("(2 of 2 assigned)")));
    // The counts are the whole tenant's, whatever the window.
    assert_eq!(a.by_reason[0].rows, 10);
    // A window past the end: no rows, the total still told.
    let past = ProblemsQuery {
        errors: Window {
            offset: 12,
            limit: 4,
        },
        ..q
    };
    let a = problems(&d, &past);
    assert_eq!((a.error_rows, a.errors_offset, a.errors.len()), (10, 10, 0));
}

#[test]
fn an_observed_tenants_pending_work_is_listed_and_reprocess_all_does_it() {
    let a = ask(&derived(OBSERVED), ProblemsQuery::default());
    // e's CountViolation is reported although seats are free: a reprocess clears it now.
    assert_eq!(
        (a.error_rows, a.clearing, a.errors[0].user.id.as_str()),
        (1, 1, "e")
    );
    assert_eq!(a.errors[0].verdict, Verdict::Clears);
    // Each kind of pending work, the users' in scenario order, then the product's count.
    assert_eq!(a.pending_items, 6);
    let shown: Vec<(Option<&str>, Option<&str>)> = a
        .pending
        .iter()
        .map(|p| (p.user.as_ref().map(|u| u.id.as_str()), p.group.as_deref()))
        .collect();
    assert_eq!(
        shown,
        [
            (Some("a"), Some("staff")),
            (Some("b"), Some("sales")),
            (Some("c"), Some("projects")),
            (Some("d"), Some("sales")),
            (Some("e"), Some("staff")),
            (None, None),
        ]
    );
    assert_eq!(
        a.pending[5],
        PendingShown {
            user: None,
            product: "E3".to_owned(),
            group: None,
            reason: "consumedUnits is 5 but 3 users hold a seat of E3; a reprocess of a group or user with E3 counts again".to_owned(),
        }
    );
    // A reprocess of the user does all of that user's items: every user is reprocessed.
    assert_eq!(a.reprocess_all, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        a.by_product,
        [ProductProblems {
            product: "E3".to_owned(),
            errors: 1,
            pending: 6
        }]
    );
    // A window of the pending items.
    let q = ProblemsQuery {
        pending: Window {
            offset: 4,
            limit: 10,
        },
        ..ProblemsQuery::default()
    };
    let a = problems(&derived(OBSERVED), &q);
    assert_eq!((a.pending_offset, a.pending.len()), (4, 2));
    assert_eq!(a.pending[0].user, Some(user("e", "e")));
}

#[test]
fn after_the_documented_fix_nothing_is_left() {
    // The observed scenario's four reprocesses do all of its work.
    let d = derived(OBSERVED).at(4);
    let a = ask(&d, ProblemsQuery::default());
    assert!(a.is_empty());
    assert_eq!(
        (a.error_rows, a.pending_items, a.by_product.len()),
        (0, 0, 0)
    );
}

#[test]
fn the_problems_query_and_answer_cross_a_message_unchanged() {
    for d in [derived(OBSERVED), with_seats(11)] {
        let q = Query::Problems(ProblemsQuery::default());
        let text = serde_json::to_string(&q).unwrap();
        assert_eq!(serde_json::from_str::<Query>(&text).unwrap(), q);
        let a = answer(&d, &q);
        let text = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Answer>(&text).unwrap(), a);
    }
}

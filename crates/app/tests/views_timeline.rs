//! The Timeline's, the step bar's and the header's answers (`model::views::timeline`), checked
//! against the documented behaviour (docs/reference/licensing-behaviour.md) on the examples:
//! seat-exhaustion (12 members of one group, 10 seats of Office 365 E3: the last two to join, Kavya
//! Rao and Luca Bianchi, in CountViolation) with the fix as steps (buy 15 seats, reprocess the
//! group) and a refused direct removal of an inherited license; switch-in-place (one E3 seat for
//! two members: the in-place swap leaves one of them without E1 and in error on E3).

use std::rc::Rc;

use licenselab_app::model::views::timeline::{
    AuditLine, ChangeRow, ErrorLine, ErrorTable, Outcome, Position, ScenarioHeading, SeatSeries,
    StartDetail, StepAt, StepDetail, StepEffect, StepOutcome, Timeline, TimelineQuery,
};
use licenselab_app::model::views::{answer, Answer, Query};
use licenselab_app::model::Derived;
use licenselab_app::saved::read_scenario;

const SEATS: &str = include_str!("../../../web/examples/seat-exhaustion.json");
const SWAP: &str = include_str!("../../../web/examples/switch-in-place.json");

/// Seat exhaustion with its fix as steps, then a direct removal of the inherited E3 (B20: refused).
fn seats_fixed() -> String {
    SEATS.replace(
        "\"steps\": []",
        r#""steps": [
            {"op": "setPrepaidUnits", "sku": "ENTERPRISEPACK", "prepaidUnits": {"enabled": 15}},
            {"op": "reprocess", "group": "g1"},
            {"op": "assignLicense", "user": "u1", "removeLicenses": ["ENTERPRISEPACK"], "note": "inherited only"}
        ]"#,
    )
}

fn at(text: &str, cursor: usize) -> Derived {
    Derived::run(Rc::new(read_scenario(text).unwrap()), cursor).unwrap()
}

fn timeline(d: &Derived) -> Timeline {
    Timeline::of(d, &TimelineQuery::default())
}

fn step_at(t: &Timeline) -> &StepAt {
    match &t.detail {
        Some(StepDetail::Step(step)) => step,
        other => panic!("asked at a step, got {other:?}"),
    }
}

const GROUP_PATH: &str = "Inherited (\u{2068}Licensing_Office365_E3_Sales\u{2069})";
const NO_SEAT: &str = "Office 365 E3 has no available licenses (10 of 10 assigned). Buy more licenses or free some, then reprocess: freed or bought seats are not used until then.";
const E3_PLANS: [&str; 4] = [
    "Exchange Online (Plan 2)",
    "SharePoint (Plan 2)",
    "Microsoft Teams",
    "Microsoft 365 Apps for enterprise",
];

fn no_seat(user: &str, reason: &str) -> ErrorLine {
    ErrorLine {
        user: user.into(),
        product: "Office 365 E3".into(),
        path: GROUP_PATH.into(),
        code: "CountViolation".into(),
        reason: reason.into(),
    }
}

fn outcome(state: Outcome, gained: usize, lost: usize, made: usize, cleared: usize) -> StepOutcome {
    StepOutcome {
        state,
        gained,
        lost,
        errors_made: made,
        errors_cleared: cleared,
    }
}

#[test]
fn the_step_bar_says_the_step_at_the_cursor_in_words() {
    let text = seats_fixed();
    let labels: Vec<Position> = (0..=3).map(|c| Position::of(&at(&text, c))).collect();
    let expected = [
        "the starting tenant",
        "Office 365 E3: 15 seats enabled",
        "Reprocess \u{2068}Licensing_Office365_E3_Sales\u{2069}",
        // The note in brackets, and a refused step's code.
        "\u{2068}Alannah Shaw\u{2069}: remove Office 365 E3 (inherited only): rejected, LicenseInheritedFromGroup",
    ];
    for (c, (position, label)) in labels.iter().zip(expected).enumerate() {
        assert_eq!(
            position,
            &Position {
                steps: 3,
                cursor: c,
                label: label.into()
            }
        );
        assert_eq!(position.at_end(), c == 3);
    }
}

#[test]
fn the_header_has_the_name_the_description_and_where_the_cursor_is() {
    let text = seats_fixed();
    let past = ScenarioHeading::of(&at(&text, 1));
    assert_eq!(past.name, "Seat exhaustion and reprocess");
    assert!(past
        .description
        .starts_with("Twelve people are in a group that assigns Office 365 E3"));
    assert_eq!((past.steps, past.cursor), (3, 1));
    assert!(past.can_undo());
    assert!(!past.at_end());
    assert!(ScenarioHeading::of(&at(&text, 3)).at_end());
    // No step: nothing to undo, and the start is the latest state.
    let blank = ScenarioHeading::of(&at(SEATS, 0));
    assert_eq!((blank.steps, blank.cursor), (0, 0));
    assert!(!blank.can_undo());
    assert!(blank.at_end());
}

#[test]
fn the_starting_tenant_shows_the_two_members_left_without_a_seat() {
    // B12: the eleventh and twelfth members need a seat that is not there.
    let t = timeline(&at(&seats_fixed(), 0));
    // The same when the cursor comes back to the start from the latest step.
    assert_eq!(timeline(&at(&seats_fixed(), 3).at(0)), t);
    assert_eq!(t.cursor, 0);
    let Some(StepDetail::Start(start)) = &t.detail else {
        panic!("the cursor is at the start: {:?}", t.detail)
    };
    assert_eq!(
        start,
        &StartDetail {
            products: 1,
            users: 12,
            groups: 1,
            steps: 3,
            description: read_scenario(SEATS).unwrap().description,
            // The group license set, the start and finish of its processing, and one change per
            // member, the two in error among them (B26).
            audit_entries: 15,
            errors: ErrorTable {
                total: 2,
                rows: vec![
                    no_seat("Kavya Rao", NO_SEAT),
                    no_seat("Luca Bianchi", NO_SEAT)
                ],
            },
        }
    );
}

#[test]
fn bought_seats_are_used_only_when_the_group_is_reprocessed() {
    // B18: buying seats re-evaluates nobody; the group's reprocess gives the two their four
    // plans each and clears their errors (B19); B20: the direct removal is refused.
    let d = at(&seats_fixed(), 1);
    let t = timeline(&d);
    let steps: Vec<(&str, Option<&str>, StepOutcome)> = t
        .steps
        .iter()
        .map(|s| (s.text.as_str(), s.note.as_deref(), s.outcome))
        .collect();
    assert_eq!(
        steps,
        [
            (
                "Office 365 E3: 15 seats enabled",
                None,
                outcome(Outcome::Applied, 0, 0, 0, 0)
            ),
            (
                "Reprocess \u{2068}Licensing_Office365_E3_Sales\u{2069}",
                None,
                outcome(Outcome::Applied, 8, 0, 0, 2)
            ),
            (
                "\u{2068}Alannah Shaw\u{2069}: remove Office 365 E3",
                Some("inherited only"),
                outcome(Outcome::Rejected, 0, 0, 0, 0)
            ),
        ]
    );
    assert_eq!(Outcome::Rejected.as_str(), "rejected");
    // Seats consumed: 10 at the start, still 10 after the purchase, 12 after the reprocess; the
    // scale reaches the 15 assignable.
    assert_eq!(t.chart.steps, 3);
    assert_eq!(t.chart.max, 15);
    assert_eq!(
        t.chart.products,
        [SeatSeries {
            name: "Office 365 E3".into(),
            consumed: vec![10, 10, 12, 12]
        }]
    );
    assert_eq!(
        (t.chart.products[0].start(), t.chart.products[0].end()),
        (10, 12)
    );

    let bought = step_at(&t);
    assert_eq!(
        (bought.number, bought.op.as_str(), &bought.effect),
        (1, "setPrepaidUnits", &StepEffect::Unchanged)
    );
    assert_eq!(bought.errors_made, ErrorTable::default());
    assert_eq!(bought.errors_cleared, ErrorTable::default());
    assert_eq!(bought.audit_total, 0);
}

#[test]
fn the_reprocess_lists_who_gained_what_and_the_errors_it_cleared() {
    let t = timeline(&at(&seats_fixed(), 2));
    let step = step_at(&t);
    assert_eq!(step.number, 2);
    assert_eq!(step.op, "reprocess");
    let gained = |user: &str| ChangeRow {
        user: user.into(),
        product: "Office 365 E3".into(),
        gained: E3_PLANS.map(String::from).to_vec(),
        lost: vec![],
        kept: vec![],
        services: String::new(),
    };
    let StepEffect::Changed(changes) = &step.effect else {
        panic!("the reprocess changed plans: {:?}", step.effect)
    };
    assert_eq!(
        (
            changes.changes,
            changes.gained,
            changes.lost,
            changes.lost_for_good
        ),
        (2, 8, 0, 0)
    );
    assert_eq!(changes.rows, [gained("Kavya Rao"), gained("Luca Bianchi")]);
    // Cleared rows are no longer in error at the cursor: no reason to give.
    assert_eq!(
        step.errors_cleared,
        ErrorTable {
            total: 2,
            rows: vec![no_seat("Kavya Rao", ""), no_seat("Luca Bianchi", "")],
        }
    );
    assert_eq!(step.errors_made.total, 0);
    // B26: the run's start and finish around each changed user's entry.
    let line = |activity: &str, target: &str, result: &str| AuditLine {
        activity: activity.into(),
        target: target.into(),
        result: result.into(),
    };
    assert_eq!(step.audit_total, 4);
    assert_eq!(
        step.audit,
        [
            line("Start applying group based license to users", "g1", ""),
            line("Change user license", "u11", "success"),
            line("Change user license", "u12", "success"),
            line(
                "Finish applying group based license to users",
                "g1",
                "[Users successfully assigned licenses: 12, Users for whom license assignment failed: 0.];"
            ),
        ]
    );
}

#[test]
fn a_refused_step_says_why_and_what_to_do() {
    // B20: a license only inherited cannot be removed from the user directly.
    let t = timeline(&at(&seats_fixed(), 3));
    let step = step_at(&t);
    assert_eq!(
        (step.number, step.note.as_deref()),
        (3, Some("inherited only"))
    );
    assert_eq!(
        step.effect,
        StepEffect::Rejected {
            code: "LicenseInheritedFromGroup".into(),
            message: "User license is inherited from group membership and cannot be removed directly from the user.".into(),
            advice: Some("Remove the user from the group, or change the license on the group.".into()),
        }
    );
    assert_eq!((step.audit_total, step.errors_made.total), (0, 0));
}

#[test]
fn an_in_place_swap_without_enough_seats_shows_the_losses() {
    // One E3 seat for two members: kim gets E3 and loses E1 (its services still provided by E3),
    // lee loses E1 for good and is left in CountViolation on E3 (B12).
    let t = timeline(&at(SWAP, 1));
    assert_eq!(t.steps[0].outcome, outcome(Outcome::Applied, 4, 6, 1, 0));
    let step = step_at(&t);
    let StepEffect::Changed(changes) = &step.effect else {
        panic!("the swap changed plans: {:?}", step.effect)
    };
    assert_eq!((changes.changes, changes.gained, changes.lost), (3, 4, 6));
    // 6 plans lost; kim keeps Teams through E3, so 5 of them are lost for good.
    assert_eq!(changes.lost_for_good, 5);
    let lee = &changes.rows[2];
    assert_eq!(
        (lee.user.as_str(), lee.product.as_str()),
        ("lee", "Office 365 E1")
    );
    assert_eq!(
        lee.lost,
        [
            "Exchange Online (Plan 1)",
            "SharePoint (Plan 1)",
            "Microsoft Teams"
        ]
    );
    assert_eq!(
        lee.services,
        "Services: Exchange Online mailbox (service lost, Graph: exchange); SharePoint Online and OneDrive (service lost, Graph: SharePoint); Microsoft Teams (service lost, Graph: TeamspaceAPI)"
    );
    let kim = &changes.rows[0];
    assert_eq!(kim.kept, ["Microsoft Teams"]);
    assert!(kim
        .services
        .contains("Exchange Online mailbox (still provided"));
    assert_eq!(
        step.errors_made.rows,
        [ErrorLine {
            user: "lee".into(),
            product: "Office 365 E3".into(),
            path: "Inherited (\u{2068}Licensing_Staff\u{2069})".into(),
            code: "CountViolation".into(),
            reason: "Office 365 E3 has no available licenses (1 of 1 assigned). Buy more licenses or free some, then reprocess: freed or bought seats are not used until then.".into(),
        }]
    );
    assert_eq!(
        t.chart
            .products
            .iter()
            .map(|p| (p.name.as_str(), p.consumed.clone()))
            .collect::<Vec<_>>(),
        [("Office 365 E1", vec![2, 0]), ("Office 365 E3", vec![0, 1])]
    );
}

#[test]
fn a_step_lists_the_rows_asked_for_and_counts_them_all() {
    let few = TimelineQuery { rows: 1, audit: 2 };
    let t = Timeline::of(&at(SWAP, 1), &few);
    let step = step_at(&t);
    let StepEffect::Changed(changes) = &step.effect else {
        panic!("the swap changed plans: {:?}", step.effect)
    };
    assert_eq!((changes.changes, changes.rows.len()), (3, 1));
    assert_eq!(changes.rows[0].user, "kim");
    // The totals are of every change, not of the rows listed.
    assert_eq!((changes.lost, changes.lost_for_good), (6, 5));
    assert_eq!((step.audit_total, step.audit.len()), (5, 2));
    assert_eq!(step.audit[0].activity, "Set group license");
    let start = Timeline::of(&at(SEATS, 0), &few);
    let Some(StepDetail::Start(start)) = start.detail else {
        panic!("the cursor is at the start")
    };
    assert_eq!(start.errors.total, 2);
    assert_eq!(start.errors.rows, [no_seat("Kavya Rao", NO_SEAT)]);
}

#[test]
fn each_answer_is_what_the_query_asks_and_crosses_a_message_unchanged() {
    let text = seats_fixed();
    for cursor in 0..=3 {
        let d = at(&text, cursor);
        let asked = [
            (Query::Header, Answer::Header(ScenarioHeading::of(&d))),
            (Query::StepBar, Answer::StepBar(Position::of(&d))),
            (
                Query::Timeline(TimelineQuery::default()),
                Answer::Timeline(Box::new(timeline(&d))),
            ),
        ];
        for (query, expected) in asked {
            let text = serde_json::to_string(&query).unwrap();
            assert_eq!(serde_json::from_str::<Query>(&text).unwrap(), query);
            let got = answer(&d, &query);
            assert_eq!(got, expected);
            let text = serde_json::to_string(&got).unwrap();
            assert_eq!(serde_json::from_str::<Answer>(&text).unwrap(), got);
        }
    }
}

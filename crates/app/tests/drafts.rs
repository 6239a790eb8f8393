//! Every change a control makes is a draft first (issue 15, problem 3): the reducer keeps it with
//! its impact, read from the engine's preview, and applies it only on Apply; a loss of service
//! applies only once confirmed. Checked against the documented rules on the seat-exhaustion
//! example (12 members of Licensing_Office365_E3_Sales, 10 seats of Office 365 E3, two members
//! in error).

use std::rc::Rc;

use licenselab_app::components::common::Edit;
use licenselab_app::model::draft::and_list;
use licenselab_app::saved::read_scenario;
use licenselab_app::state::{reduce, Action, AppState, Open};
use licenselab_engine::{Action as Step, AssignedLicenseDef, PrepaidUnits};

const SEATS: &str = include_str!("../../../web/examples/seat-exhaustion.json");
const E3: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";

fn opened() -> Rc<AppState> {
    reduce(
        Rc::new(AppState::default()),
        Action::open(Open::new(read_scenario(SEATS).unwrap(), None)),
    )
}

fn steps(s: &AppState) -> usize {
    s.derived.as_ref().unwrap().step_count()
}

fn set_seats(enabled: u32) -> Action {
    Action::Edit(Edit::draft(
        Step::SetPrepaidUnits {
            sku: E3.into(),
            prepaid_units: PrepaidUnits {
                enabled,
                ..Default::default()
            },
        },
        "seats",
    ))
}

fn remove_license_from_group() -> Action {
    Action::Edit(Edit::draft(
        Step::AssignLicense {
            user: None,
            group: Some("g1".into()),
            add_licenses: vec![],
            remove_licenses: vec![E3.into()],
        },
        "license",
    ))
}

#[test]
fn a_controls_edit_is_a_draft_until_applied_and_applies_as_one_step() {
    let s0 = opened();
    let s1 = reduce(s0.clone(), set_seats(15));
    assert_eq!(steps(&s1), 0, "a draft changes nothing yet");
    let draft = s1.draft.as_ref().expect("the edit is a draft");
    assert_eq!(draft.place(), "seats");
    let impact = draft.impact.as_ref().unwrap();
    assert_eq!(impact.seats.len(), 1);
    let seats = &impact.seats[0];
    assert_eq!(
        (
            seats.used_before,
            seats.assignable_before,
            seats.assignable_after
        ),
        (10, 10, 15)
    );
    assert!(!seats.warns(), "more seats than in use is no warning");
    assert!(
        impact.losses.is_empty() && impact.gains.is_empty(),
        "bought seats wait for a reprocess"
    );
    assert!(!draft.needs_confirmation());

    let s2 = reduce(s1, Action::ApplyDraft);
    assert_eq!(steps(&s2), 1);
    assert!(s2.draft.is_none());
    let prepaid = s2.derived.as_ref().unwrap().tenant().skus()[0].prepaid();
    assert_eq!(prepaid.enabled, 15);
}

#[test]
fn seats_set_below_those_in_use_warn_before_they_apply() {
    let s = reduce(opened(), set_seats(6));
    let impact = s.draft.as_ref().unwrap().impact.as_ref().unwrap().clone();
    let seats = &impact.seats[0];
    assert_eq!((seats.used_after, seats.assignable_after), (10, 6));
    assert_eq!(seats.short(), 4);
    assert!(seats.warns());
}

#[test]
fn a_loss_of_service_names_who_loses_what_and_applies_only_once_confirmed() {
    let s1 = reduce(opened(), remove_license_from_group());
    let draft = s1.draft.clone().unwrap();
    let impact = draft.impact.as_ref().unwrap();
    // The ten members holding a seat lose every service of the product; the two in error held none.
    assert_eq!(impact.losses.len(), 10);
    assert_eq!(impact.losses[0].user, "Alannah Shaw");
    assert!(!impact.losses[0].services.is_empty());
    assert_eq!(impact.seats[0].used_after, 0);
    let sentence = impact.loss_sentence().unwrap();
    // They lose the same services: one sentence names three of them and counts the rest.
    assert_eq!(
        sentence,
        format!(
            "\u{2068}Alannah Shaw\u{2069}, \u{2068}Bram de Vries\u{2069}, \u{2068}Chen Wei\u{2069} and 7 more users lose {}",
            and_list(&impact.losses[0].services)
        )
    );
    assert_eq!(
        and_list(&impact.losses[0].services),
        "Exchange Online mailbox, SharePoint Online and OneDrive, Microsoft Teams and Microsoft 365 Apps",
        "services named as the timeline names them"
    );
    assert!(draft.needs_confirmation());

    // Apply without the confirmation does nothing.
    let s2 = reduce(s1.clone(), Action::ApplyDraft);
    assert!(Rc::ptr_eq(&s1, &s2));
    let s3 = reduce(s2, Action::ConfirmDraft(true));
    assert!(!s3.draft.as_ref().unwrap().needs_confirmation());
    assert_eq!(steps(&s3), 0);
    let s4 = reduce(s3, Action::ApplyDraft);
    assert_eq!(steps(&s4), 1);
    assert!(s4.draft.is_none());
}

#[test]
fn cancel_drops_the_draft_and_a_new_state_drops_a_stale_one() {
    let s0 = opened();
    let s1 = reduce(s0.clone(), set_seats(15));
    let cancelled = reduce(s1.clone(), Action::CancelDraft);
    assert!(cancelled.draft.is_none());
    assert!(Rc::ptr_eq(
        cancelled.derived.as_ref().unwrap(),
        s0.derived.as_ref().unwrap()
    ));
    // An edit applied at once (Reprocess) changes the tenant the draft was previewed on.
    let other = reduce(
        s1,
        Action::Edit(Edit::new(Step::Reprocess {
            user: None,
            group: Some("g1".into()),
        })),
    );
    assert_eq!(steps(&other), 1);
    assert!(other.draft.is_none(), "its impact is out of date");
}

#[test]
fn a_refused_draft_says_why_and_applying_it_adds_no_step() {
    // No seat is free: a direct assignment is refused (CountViolation), unlike a group's.
    let s1 = reduce(
        opened(),
        Action::Edit(Edit::draft(
            Step::AssignLicense {
                user: Some("u12".into()),
                group: None,
                add_licenses: vec![AssignedLicenseDef {
                    sku_id: E3.into(),
                    disabled_plans: vec![],
                }],
                remove_licenses: vec![],
            },
            "assign-u12",
        )),
    );
    let draft = s1.draft.clone().unwrap();
    let refusal = draft.impact.as_ref().unwrap().refusal.clone().unwrap();
    assert_eq!(refusal.code, "CountViolation");
    assert!(
        draft.new_assignment().is_some(),
        "a new product: its plans are picked first"
    );
    let s2 = reduce(s1, Action::ApplyDraft);
    assert_eq!(steps(&s2), 0, "the refused change is no step");
    assert!(s2.notices.last().unwrap().title.starts_with("Rejected: "));
}

#[test]
fn removing_a_member_in_error_frees_nothing_and_loses_nothing() {
    let d = opened();
    let dd = d.derived.clone().unwrap();
    let t = dd.tenant();
    let in_error = t
        .users()
        .iter()
        .find(|u| u.rows().iter().any(|r| r.state().is_error()))
        .unwrap()
        .id()
        .to_owned();
    let s = reduce(
        d,
        Action::Edit(Edit::draft(
            Step::RemoveMember {
                group: "g1".into(),
                member: in_error.clone(),
            },
            "member",
        )),
    );
    let impact = s.draft.as_ref().unwrap().impact.clone().unwrap();
    assert!(impact.losses.is_empty(), "{impact:?}");
    assert_eq!(impact.cleared, 1, "its row in error goes with it");
    assert_eq!(impact.left.len(), 1);
    assert!(!s.draft.as_ref().unwrap().needs_confirmation());
}

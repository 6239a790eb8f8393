//! The app's transitions (`state::reduce`), natively: no DOM, no storage, only state in and state
//! out, asserting what the views rely on.

use std::rc::Rc;

use licenselab_app::components::common::Edit;
use licenselab_app::model::edits::with_step;
use licenselab_app::model::problems::Problems;
use licenselab_app::model::queries::group_errors;
use licenselab_app::saved::{read_and_load, read_scenario};
use licenselab_app::state::{
    reduce, Action, AppState, Notice, NoticeAction, Open, Tab, Target, ViewState,
};
use licenselab_engine::{Action as Step, PrepaidUnits, Scenario};

const SEATS: &str = include_str!("../../../web/examples/seat-exhaustion.json");
const NESTED: &str = include_str!("../../../web/examples/nested-groups.json");
const LOCATION: &str = include_str!("../../../web/examples/usage-location.json");
const CONFLICT: &str = include_str!("../../../web/examples/conflicting-plans.json");

fn start() -> Rc<AppState> {
    Rc::new(AppState::default())
}

fn opened(text: &str) -> Rc<AppState> {
    reduce(
        start(),
        Action::open(Open::new(read_scenario(text).unwrap(), None)),
    )
}

fn apply(state: &Rc<AppState>, actions: impl IntoIterator<Item = Action>) -> Rc<AppState> {
    actions.into_iter().fold(state.clone(), reduce)
}

fn scenario(state: &AppState) -> &Scenario {
    &state.derived.as_ref().unwrap().scenario
}

fn buy_seats(enabled: u32) -> Action {
    Action::Edit(Edit::new(Step::SetPrepaidUnits {
        sku: "6fd2c87f-b296-42f0-b197-1e91e994b900".into(),
        prepaid_units: PrepaidUnits {
            enabled,
            ..Default::default()
        },
    }))
}

fn reprocess_g1() -> Action {
    Action::Edit(Edit::new(Step::Reprocess {
        user: None,
        group: Some("g1".into()),
    }))
}

#[test]
fn opening_an_example_shows_its_latest_step_and_clears_the_last_ones_choices() {
    let before = apply(
        &opened(NESTED),
        [
            Action::Navigate(Target::User("u1".into())),
            Action::SelectGroup(Some("g1".into())),
            Action::Notice(Notice::info("Passing", "goes when another scenario opens")),
            Action::Notice(Notice::error("Link", "stays").sticky()),
            Action::Busy(Some("Reading…".into())),
            Action::Failed("Could not load the example list".into(), "offline".into()),
        ],
    );
    let s = reduce(
        before,
        Action::open(Open {
            example: Some("seat-exhaustion.json".into()),
            notice: Some(Notice::restorable("Opened the example")),
            ..Open::new(read_scenario(SEATS).unwrap(), None)
        }),
    );
    let d = s.derived.as_ref().unwrap();
    assert_eq!(d.scenario.name, read_scenario(SEATS).unwrap().name);
    assert!(d.at_end());
    assert_eq!(d.tenant().skus()[0].consumed(), 10);
    assert_eq!(s.example.as_deref(), Some("seat-exhaustion.json"));
    assert_eq!(
        (s.selected_user.clone(), s.selected_group.clone()),
        (None, None)
    );
    assert_eq!(s.tab, Tab::Users, "the view stays");
    assert_eq!(s.busy, None);
    assert_eq!(s.failure, None);
    assert!(s.redo.is_empty());
    let titles: Vec<&str> = s.notices.iter().map(|n| n.title.as_str()).collect();
    assert_eq!(titles, ["Link", "Opened the example"]);
    assert_eq!(
        s.notices[1].action, None,
        "nothing was kept, so nothing is offered to restore"
    );
    assert!(
        s.previous.is_none(),
        "not asked to keep the work it replaced"
    );
}

#[test]
fn a_loaded_simulation_opens_the_same_as_loading_it_again() {
    let (scenario, simulation) = read_and_load(SEATS).unwrap();
    let from_loaded = reduce(
        start(),
        Action::open(Open::new(scenario.clone(), Some(simulation))),
    );
    let loaded_here = opened(SEATS);
    let (a, b) = (
        from_loaded.derived.as_ref().unwrap(),
        loaded_here.derived.as_ref().unwrap(),
    );
    assert_eq!(*a.scenario, *b.scenario);
    assert_eq!(a.cursor, b.cursor);
    assert_eq!(a.full.result().to_json(), b.full.result().to_json());
}

#[test]
fn an_embed_opens_at_the_step_its_address_names() {
    let text = SEATS.replace("\"steps\": []", "\"steps\": [{\"op\": \"reprocess\", \"group\": \"g1\"}, {\"op\": \"reprocess\", \"group\": \"g1\"}]");
    let scenario = read_scenario(&text).unwrap();
    assert_eq!(scenario.steps.len(), 2);
    let s = reduce(
        start(),
        Action::open(Open {
            step: 1,
            ..Open::new(scenario.clone(), None)
        }),
    );
    let d = s.derived.as_ref().unwrap();
    assert_eq!(d.cursor, 1);
    assert!(!d.at_end());
    let s = reduce(
        start(),
        Action::open(Open {
            step: 99,
            ..Open::new(scenario, None)
        }),
    );
    assert!(
        s.derived.as_ref().unwrap().at_end(),
        "clamped to the last step"
    );
}

#[test]
fn a_scenario_that_does_not_load_leaves_the_work_open() {
    let before = opened(NESTED);
    let broken = with_step(
        &read_scenario(SEATS).unwrap(),
        Step::AddMember {
            group: "no-such-group".into(),
            member: "u1".into(),
        },
    );
    let s = reduce(before.clone(), Action::open(Open::new(broken, None)));
    assert!(Rc::ptr_eq(
        s.derived.as_ref().unwrap(),
        before.derived.as_ref().unwrap()
    ));
    let last = s.notices.last().unwrap();
    assert!(last.error);
    assert_eq!(last.title, "This scenario could not be opened");
    assert!(last.message.contains("no-such-group"), "{}", last.message);
}

#[test]
fn navigating_opens_the_objects_view_with_it_selected() {
    let s = reduce(opened(NESTED), Action::Navigate(Target::User("u2".into())));
    assert_eq!(s.tab, Tab::Users);
    assert_eq!(s.selected_user.as_deref(), Some("u2"));
    let s = reduce(s, Action::Navigate(Target::Group("g1".into())));
    assert_eq!(s.tab, Tab::Groups);
    assert_eq!(s.selected_group.as_deref(), Some("g1"));
    assert_eq!(
        s.selected_user.as_deref(),
        Some("u2"),
        "the users view keeps its choice"
    );
    let s = apply(&s, [Action::Tab(Tab::Timeline), Action::SelectUser(None)]);
    assert_eq!((s.tab, s.selected_user.clone()), (Tab::Timeline, None));
}

#[test]
fn edits_undo_and_redo_several_levels_with_the_engines_undo() {
    let s0 = apply(
        &opened(SEATS),
        [Action::Notice(Notice::info("Autosave", "passing"))],
    );
    let d0 = s0.derived.clone().unwrap();
    let g = d0.group_ix("g1").unwrap();
    assert_eq!(group_errors(d0.tenant(), g).len(), 2);

    let s1 = reduce(s0.clone(), buy_seats(15));
    let d1 = s1.derived.clone().unwrap();
    assert_eq!(d1.step_count(), 1);
    assert!(d1.at_end());
    assert!(s1.notices.is_empty(), "an edit clears passing notices");
    assert_eq!(
        group_errors(d1.tenant(), g).len(),
        2,
        "bought seats wait for a reprocess"
    );
    let s2 = reduce(s1.clone(), reprocess_g1());
    let d2 = s2.derived.clone().unwrap();
    assert!(group_errors(d2.tenant(), g).is_empty());
    assert_eq!(d2.tenant().skus()[0].consumed(), 12);
    let s3 = reduce(s2.clone(), buy_seats(20));
    let d3 = s3.derived.clone().unwrap();
    assert_eq!(d3.step_count(), 3);
    assert_eq!(
        d3.full.undo_depth(),
        3,
        "the engine can take back each edit"
    );

    // Three undos: each gives the state before its edit, taken back by the engine (no state
    // before an edit is kept), and puts the step on the redo list.
    let u1 = reduce(s3.clone(), Action::Undo);
    let u2 = reduce(u1.clone(), Action::Undo);
    let u3 = reduce(u2.clone(), Action::Undo);
    for (undone, before) in [(&u1, &d2), (&u2, &d1), (&u3, &d0)] {
        let d = undone.derived.as_ref().unwrap();
        assert_eq!(*d.scenario, *before.scenario);
        assert!(d.at_end());
        assert_eq!(d.full.result().to_json(), before.full.result().to_json());
        assert_eq!(d.error_changes.len(), before.error_changes.len());
    }
    assert_eq!(u3.redo.len(), 3);
    assert_eq!(
        group_errors(u3.derived.as_ref().unwrap().tenant(), g).len(),
        2
    );
    // Nothing left to undo: the same state.
    assert!(Rc::ptr_eq(&reduce(u3.clone(), Action::Undo), &u3));

    // Two redos append the undone steps again, in their order.
    let r1 = reduce(u3.clone(), Action::Redo);
    let r2 = reduce(r1.clone(), Action::Redo);
    for (redone, after) in [(&r1, &d1), (&r2, &d2)] {
        let d = redone.derived.as_ref().unwrap();
        assert_eq!(*d.scenario, *after.scenario);
        assert_eq!(d.full.result().to_json(), after.full.result().to_json());
    }
    assert_eq!(r2.redo.len(), 1);
    // A new edit empties the redo list; with nothing to redo, Redo changes nothing.
    let edited = reduce(r2.clone(), buy_seats(30));
    assert!(edited.redo.is_empty());
    assert!(Rc::ptr_eq(&reduce(edited.clone(), Action::Redo), &edited));
    // Opening another scenario empties it too.
    let other = reduce(
        r2,
        Action::open(Open::new(read_scenario(NESTED).unwrap(), None)),
    );
    assert!(other.redo.is_empty());
}

#[test]
fn undo_past_the_engines_levels_runs_the_shorter_scenario() {
    use licenselab_app::model::simulation::UNDO_LEVELS;
    let edits: Vec<Action> = (0..UNDO_LEVELS as u32 + 2)
        .map(|i| buy_seats(11 + i))
        .collect();
    let many = apply(&opened(SEATS), edits);
    assert_eq!(
        many.derived.as_ref().unwrap().full.undo_depth(),
        UNDO_LEVELS
    );
    let undos = std::iter::repeat_with(|| Action::Undo).take(UNDO_LEVELS + 2);
    let back = apply(&many, undos);
    let d = back.derived.as_ref().unwrap();
    assert_eq!(d.step_count(), 0);
    assert_eq!(
        d.full.result().to_json(),
        opened(SEATS)
            .derived
            .as_ref()
            .unwrap()
            .full
            .result()
            .to_json()
    );
    assert_eq!(back.redo.len(), UNDO_LEVELS + 2);
}

#[test]
fn a_rejected_edit_is_not_kept_as_a_step_and_a_notice_says_why() {
    let s = apply(
        &opened(SEATS),
        [
            Action::Notice(Notice::restorable("Imported a.json")),
            Action::Edit(Edit::new(Step::AddMember {
                group: "g1".into(),
                member: "u1".into(),
            })),
        ],
    );
    let d = s.derived.as_ref().unwrap();
    assert_eq!(d.step_count(), 0, "the refused change is no step");
    assert_eq!(s.notices.len(), 2, "the notice with an action stays");
    let rejected = &s.notices[1];
    assert!(rejected.error);
    assert!(
        rejected.title.starts_with("Rejected: "),
        "{}",
        rejected.title
    );
    assert!(rejected
        .hint
        .as_deref()
        .unwrap()
        .ends_with("Nothing changed, and the refused change was not added as a step."));
}

#[test]
fn the_cursor_looks_back_and_forth_without_changing_the_scenario() {
    let s2 = apply(&opened(SEATS), [buy_seats(15), reprocess_g1()]);
    let scenario = s2.derived.as_ref().unwrap().scenario.clone();

    let back = reduce(s2.clone(), Action::Cursor(1));
    let d = back.derived.as_ref().unwrap();
    assert_eq!(d.cursor, 1);
    assert!(!d.at_end());
    assert!(Rc::ptr_eq(&d.scenario, &scenario));
    assert_eq!(d.tenant().skus()[0].consumed(), 10, "before the reprocess");
    assert_eq!(d.full.tenant().skus()[0].consumed(), 12);

    let same = reduce(back.clone(), Action::Cursor(1));
    assert!(Rc::ptr_eq(&same, &back), "the same step: nothing to do");

    let start = reduce(back, Action::Cursor(0));
    assert_eq!(
        start.derived.as_ref().unwrap().tenant().skus()[0].consumed(),
        10
    );
    let end = reduce(start, Action::Cursor(usize::MAX));
    let d = end.derived.as_ref().unwrap();
    assert!(d.at_end());
    assert_eq!(d.cursor, 2);
    assert_eq!(d.tenant().skus()[0].consumed(), 12);
}

#[test]
fn options_run_the_scenario_again_at_the_same_step() {
    let s = apply(&opened(SEATS), [buy_seats(15), Action::Cursor(0)]);
    let mut options = scenario(&s).options.clone();
    options.nested_what_if = !options.nested_what_if;
    let next = reduce(s.clone(), Action::Options(options.clone()));
    let d = next.derived.as_ref().unwrap();
    assert_eq!(d.scenario.options, options);
    assert_eq!(d.cursor, 0);
    assert_eq!(d.step_count(), 1);
    assert!(next.redo.is_empty());
}

#[test]
fn replaced_work_is_kept_until_stored_and_can_be_restored() {
    let first = opened(NESTED);
    let first_scenario = first.derived.as_ref().unwrap().scenario.clone();
    let second = reduce(
        first,
        Action::open(Open {
            keep_previous: true,
            notice: Some(Notice::restorable("Imported seats.json")),
            ..Open::new(read_scenario(SEATS).unwrap(), None)
        }),
    );
    let previous = second.previous.clone().unwrap();
    assert!(Rc::ptr_eq(&previous.scenario, &first_scenario));
    let notice = second.notices.last().unwrap();
    assert_eq!(notice.action, Some(NoticeAction::RestorePrevious));
    assert_eq!(
        notice.message,
        format!(
            "Your work “{}” is kept in the Library.",
            first_scenario.name
        )
    );

    // Another scenario's confirmation changes nothing; this one's lets it go, and names the
    // library entry "Restore previous work" opens.
    let other = Rc::new(read_scenario(SEATS).unwrap());
    assert!(Rc::ptr_eq(
        &reduce(second.clone(), Action::PreviousKept(other, "x".into())),
        &second
    ));
    let stored = reduce(
        second,
        Action::PreviousKept(previous.scenario.clone(), "e1".into()),
    );
    assert!(stored.previous.is_none());
    let kept = stored.work.kept.clone().unwrap();
    assert_eq!(
        (&*kept.entry, kept.name.as_str()),
        ("e1", first_scenario.name.as_str())
    );

    // "Restore previous work" opens that entry, keeping the work it replaces in turn.
    let restored = reduce(
        stored.clone(),
        Action::open(Open {
            keep_previous: true,
            entry: Some(kept.entry.clone()),
            ..Open::new((*previous.scenario).clone(), None)
        }),
    );
    assert_eq!(*scenario(&restored), *first_scenario);
    assert_eq!(restored.work.entry.as_deref(), Some("e1"));
    assert_eq!(
        *restored.previous.clone().unwrap().scenario,
        *stored.derived.as_ref().unwrap().scenario
    );
    assert!(restored.notices.is_empty(), "the restore notice is gone");
}

/// An example as published (`published`), opened over the user's work.
fn example_over(state: &Rc<AppState>, text: &str) -> Rc<AppState> {
    reduce(
        state.clone(),
        Action::open(Open {
            keep_previous: true,
            published: true,
            notice: Some(Notice::restorable("Opened the example")),
            ..Open::new(read_scenario(text).unwrap(), None)
        }),
    )
}

#[test]
fn two_examples_in_a_row_keep_the_users_work_not_the_first_example() {
    // The user's edits to an example make it theirs.
    let example = apply(&start(), []);
    let example = example_over(&example, SEATS);
    assert!(!example.is_users_work(), "an example as published");
    let edited = apply(&example, [buy_seats(15)]);
    assert!(edited.is_users_work());
    let edited = reduce(
        edited.clone(),
        Action::Filed {
            opened: edited.work.opened,
            entry: "mine".into(),
        },
    );
    assert_eq!(edited.work.entry.as_deref(), Some("mine"));

    let first = example_over(&edited, NESTED);
    let replaced = first.previous.clone().expect("the edits are kept");
    assert_eq!(replaced.entry.as_deref(), Some("mine"));
    assert_eq!(replaced.cursor, 1);
    let first = reduce(
        first,
        Action::PreviousKept(replaced.scenario, "mine".into()),
    );
    assert!(!first.is_users_work());

    // The second example replaces the first, unedited: nothing to keep, and "Restore previous
    // work" still names the user's edits.
    let second = example_over(&first, SEATS);
    assert!(second.previous.is_none());
    assert_eq!(second.work.kept.as_ref().unwrap().entry.as_ref(), "mine");
    let notice = second.notices.last().unwrap();
    assert_eq!(notice.action, Some(NoticeAction::RestorePrevious));
    assert!(notice.message.contains("is kept in the Library"));

    // A late confirmation of filing belongs to the work opened then, not to this one.
    let late = reduce(
        second.clone(),
        Action::Filed {
            opened: edited.work.opened,
            entry: "stale".into(),
        },
    );
    assert!(Rc::ptr_eq(&late, &second));
}

#[test]
fn new_opens_a_blank_tenant_on_products_and_rename_is_no_step() {
    let s = apply(
        &opened(SEATS),
        [Action::Tab(Tab::Users), Action::New("My tenant".into())],
    );
    let d = s.derived.as_ref().unwrap();
    assert_eq!(d.scenario.name, "My tenant");
    assert!(d.scenario.subscribed_skus.is_empty() && d.scenario.users.is_empty());
    assert!(d.scenario.groups.is_empty() && d.scenario.steps.is_empty());
    assert_eq!(s.tab, Tab::Products);
    assert!(
        s.is_users_work(),
        "a new tenant is the user's from the start"
    );
    assert!(s.previous.is_some(), "the work it replaced is kept");
    assert_eq!(s.notices.last().unwrap().title, "New scenario “My tenant”");

    let renamed = apply(&s, [Action::Rename("  Renamed ".into())]);
    let r = renamed.derived.as_ref().unwrap();
    assert_eq!(r.scenario.name, "Renamed");
    assert_eq!(r.step_count(), 0);
    // An empty name or the same name changes nothing.
    for name in ["   ", "Renamed"] {
        assert!(Rc::ptr_eq(
            &reduce(renamed.clone(), Action::Rename(name.into())),
            &renamed
        ));
    }
    // A rename keeps the simulation: the same tenant, not run again.
    let before = s.derived.as_ref().unwrap();
    assert!(Rc::ptr_eq(&before.full, &r.full));
}

#[test]
fn notices_busy_and_failures() {
    let s = apply(
        &start(),
        [
            Action::Busy(Some("Building the tenant: 40%…".into())),
            Action::Notice(Notice::info("a", "1")),
            Action::Notice(Notice::info("b", "2")),
            Action::Notice(Notice::info("c", "3")),
            Action::Dismiss(1),
            Action::Dismiss(9),
            Action::Failed("Could not load the example list".into(), "offline".into()),
        ],
    );
    assert_eq!(s.busy.as_deref(), Some("Building the tenant: 40%…"));
    let titles: Vec<&str> = s.notices.iter().map(|n| n.title.as_str()).collect();
    assert_eq!(titles, ["a", "c"]);
    assert_eq!(
        s.failure,
        Some(("Could not load the example list".into(), "offline".into()))
    );
    assert_eq!(reduce(s, Action::Busy(None)).busy, None);
}

#[test]
fn without_a_scenario_the_scenario_actions_change_nothing() {
    let s = start();
    for action in [
        buy_seats(1),
        Action::Undo,
        Action::Redo,
        Action::Cursor(0),
        Action::Options(Default::default()),
    ] {
        assert!(Rc::ptr_eq(&reduce(s.clone(), action), &s));
    }
}

#[test]
fn an_edit_the_engine_cannot_resolve_adds_no_step() {
    let s0 = opened(SEATS);
    let s = reduce(
        s0.clone(),
        Action::Edit(Edit::new(Step::Reprocess {
            user: None,
            group: Some("no-such-group".into()),
        })),
    );
    assert!(Rc::ptr_eq(
        s.derived.as_ref().unwrap(),
        s0.derived.as_ref().unwrap()
    ));
    let last = s.notices.last().unwrap();
    assert_eq!(last.title, "That change could not be made");
    assert!(last.message.contains("no-such-group"), "{}", last.message);
}

/// ARCHITECTURE's "the app's reducer does no I/O", checked on the text of the reducer and of the
/// modules it reaches.
#[test]
fn the_reducer_and_the_model_do_no_io() {
    let sources = [
        ("state.rs", include_str!("../src/state.rs")),
        ("library.rs", include_str!("../src/library.rs")),
        ("model/mod.rs", include_str!("../src/model/mod.rs")),
        (
            "model/simulation.rs",
            include_str!("../src/model/simulation.rs"),
        ),
        ("model/edits.rs", include_str!("../src/model/edits.rs")),
        ("model/change.rs", include_str!("../src/model/change.rs")),
        (
            "model/portions.rs",
            include_str!("../src/model/portions.rs"),
        ),
        ("model/queries.rs", include_str!("../src/model/queries.rs")),
        ("model/plan.rs", include_str!("../src/model/plan.rs")),
        (
            "model/problems.rs",
            include_str!("../src/model/problems.rs"),
        ),
    ];
    for (file, text) in sources {
        for io in [
            "web_sys",
            "gloo",
            "wasm_bindgen",
            "crate::browser",
            "saved::browser",
            "spawn_local",
            "std::fs",
            "std::time",
        ] {
            assert!(!text.contains(io), "{file} uses {io}");
        }
    }
}

/// The pending-work test export (`tests/import/graph-pending/`), imported as the app does it.
fn pending_import() -> licenselab_app::model::import::Review {
    use licenselab_app::model::import;
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/import/graph-pending");
    let files: Vec<import::File> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    let imported = import::run(files).unwrap();
    let simulation = licenselab_engine::Simulation::new(&imported.scenario).unwrap();
    import::review(imported, simulation)
}

#[test]
fn an_import_is_reviewed_before_it_opens_and_keeps_the_work_it_replaces() {
    use licenselab_app::model::queries::Pending;
    use licenselab_app::state::ImportPanel;
    let example = opened(SEATS);
    let choosing = apply(&example, [Action::Import(Some(ImportPanel::Choose(None)))]);
    assert!(matches!(choosing.import, Some(ImportPanel::Choose(None))));
    let review = Rc::new(pending_import());
    assert_eq!(review.pending, 1);
    let reviewing = apply(
        &choosing,
        [
            Action::Busy(Some("Building the tenant".into())),
            Action::Import(Some(ImportPanel::Review(review.clone()))),
        ],
    );
    // Nothing opened yet, and the progress is gone.
    assert_eq!(scenario(&reviewing).name, scenario(&example).name);
    assert_eq!(reviewing.busy, None);
    // Cancel leaves everything as it was.
    let cancelled = apply(&reviewing, [Action::Import(None)]);
    assert!(cancelled.import.is_none());
    assert_eq!(scenario(&cancelled).name, scenario(&example).name);
    // Open: the scenario, a restorable notice with the pending count, the example kept.
    let open = apply(&reviewing, [Action::OpenImport]);
    assert!(open.import.is_none());
    assert_eq!(scenario(&open).name, "Imported tenant");
    let notice = open.notices.last().unwrap();
    assert_eq!(notice.title, "Imported the tenant");
    assert_eq!(
        notice.message,
        format!(
            "2 users, 1 group, 1 product; 1 pending item (see the Users and Groups views). Your work “{}” is kept in the Library.",
            scenario(&example).name
        )
    );
    assert_eq!(notice.action, Some(NoticeAction::RestorePrevious));
    assert_eq!(
        open.previous.as_ref().unwrap().scenario.name,
        scenario(&example).name
    );
    // The views' pending work: Quinn, from the E3 group, with the reason.
    let d = open.derived.as_ref().unwrap();
    let pending = Pending::of(d.tenant());
    let quinn = d.user_ix("1a000000-0000-4000-8000-0000000000a2").unwrap();
    assert_eq!(pending.of_user(quinn).len(), 1);
    assert!(pending.of_user(quinn)[0]
        .reason
        .contains("with no license from it yet"));
    let group = d.group_ix("2b000000-0000-4000-8000-0000000000a1").unwrap();
    assert_eq!(pending.in_group(group).len(), 1);
    // A second OpenImport (a double click) changes nothing.
    assert!(Rc::ptr_eq(&open, &apply(&open, [Action::OpenImport])));
}

fn example(text: &str, file: &str, step: usize) -> Action {
    Action::open(Open {
        example: Some(file.into()),
        step,
        show_problems: true,
        ..Open::new(read_scenario(text).unwrap(), None)
    })
}

fn reprocess_user(id: &str) -> Edit {
    Edit::new(Step::Reprocess {
        user: Some(id.into()),
        group: None,
    })
}

#[test]
fn an_example_opens_at_its_step_on_its_problems_or_its_timeline_never_the_gallery() {
    let gallery = reduce(opened(SEATS), Action::Tab(Tab::Examples));
    let s = reduce(gallery.clone(), example(LOCATION, "usage-location.json", 0));
    assert_eq!(
        (s.tab, s.derived.as_ref().unwrap().cursor),
        (Tab::Problems, 0)
    );
    // Nested groups has no error and nothing pending: its timeline.
    let s = reduce(gallery.clone(), example(NESTED, "nested-groups.json", 0));
    assert_eq!(s.tab, Tab::Timeline);
    // A scenario that is no example (an import, a link) leaves the view alone.
    let s = reduce(
        gallery,
        Action::open(Open::new(read_scenario(SEATS).unwrap(), None)),
    );
    assert_eq!(s.tab, Tab::Examples);
}

#[test]
fn the_problems_say_what_a_reprocess_clears_and_reprocess_all_takes_one_click() {
    let s = apply(&opened(SEATS), [buy_seats(11)]);
    let d = s.derived.as_ref().unwrap();
    let problems = Problems::of(d);
    let t = d.tenant();
    let rows: Vec<(&str, &str, Option<bool>)> = problems
        .errors
        .iter()
        .map(|e| (t.user(e.user).id(), e.code, e.reprocess_clears))
        .collect();
    // One seat for two: each alone would get it, so both are marked...
    assert_eq!(
        rows,
        [
            ("u11", "CountViolation", Some(true)),
            ("u12", "CountViolation", Some(true))
        ]
    );
    assert_eq!(problems.by_reason(), [("CountViolation", 2, 2)]);
    // ...but reprocessing all that would succeed takes only the first, in turn.
    let all: Vec<&str> = problems
        .reprocess_all
        .iter()
        .map(|u| t.user(*u).id())
        .collect();
    assert_eq!(all, ["u11"]);
    let edits = problems
        .reprocess_all
        .iter()
        .map(|u| reprocess_user(t.user(*u).id()))
        .collect();
    let after = reduce(s.clone(), Action::EditAll(edits));
    let d = after.derived.as_ref().unwrap();
    assert_eq!(d.step_count(), 2);
    let left = Problems::of(d);
    assert_eq!(left.errors.len(), 1);
    assert_eq!(left.errors[0].reprocess_clears, Some(false));
    assert!(left.reprocess_all.is_empty());
    // The timeline's record of that step: the error it cleared.
    let cleared = &d.error_changes[1].cleared;
    assert_eq!(cleared.len(), 1);
    assert_eq!(d.tenant().user(cleared[0].0).id(), "u11");
    // Undo removes the reprocess step.
    assert_eq!(scenario(&reduce(after, Action::Undo)).steps.len(), 1);
}

#[test]
fn the_timeline_records_the_errors_each_step_made_and_cleared() {
    let s = opened(CONFLICT);
    let d = s.derived.as_ref().unwrap();
    let codes = |keys: &[licenselab_app::model::problems::ErrorKey]| {
        keys.iter()
            .map(|k| (d.tenant().user(k.0).id().to_owned(), k.3))
            .collect::<Vec<_>>()
    };
    // Lou joins HR Department: no plan changes, two rows in error (E3 conflicts with E1, EMS is
    // not assigned either); leaving Kiosk users clears both.
    let lou = || "lou".to_owned();
    assert_eq!(
        codes(&d.error_changes[0].appeared),
        [(lou(), "MutuallyExclusiveViolation"), (lou(), "Other")]
    );
    assert!(d.error_changes[0].cleared.is_empty());
    assert_eq!(codes(&d.error_changes[1].cleared).len(), 2);
    assert!(d.error_changes[1].appeared.is_empty());
}

#[test]
fn organization_settings_run_the_scenario_again_without_a_step() {
    let s = reduce(opened(LOCATION), Action::Cursor(0));
    let d = s.derived.as_ref().unwrap();
    assert_eq!(
        Problems::of(d).errors[0].code,
        "ProhibitedInUsageLocationViolation"
    );
    let organization = d.scenario.organization.clone();
    // Teams allowed in CN: Ada has no error, at the same step, with the same steps.
    let s = reduce(
        s.clone(),
        Action::Organization(organization.clone(), Vec::new()),
    );
    let d = s.derived.as_ref().unwrap();
    assert_eq!((d.cursor, d.step_count()), (0, 2));
    assert!(d.scenario.catalog.prohibited_locations.is_empty());
    assert!(Problems::of(d).is_empty());
    // A code that is no country is refused with its field, and nothing changes.
    let bad = licenselab_engine::Organization {
        default_usage_location: Some("C1".into()),
        ..organization
    };
    let refused = reduce(s.clone(), Action::Organization(bad, Vec::new()));
    assert!(Rc::ptr_eq(
        refused.derived.as_ref().unwrap(),
        s.derived.as_ref().unwrap()
    ));
    let notice = refused.notices.last().unwrap();
    assert_eq!(
        notice.title,
        "Those organization settings could not be applied"
    );
    assert!(
        notice.message.contains("defaultUsageLocation"),
        "{}",
        notice.message
    );
}

const MOVE: &str = include_str!("../../../web/examples/a1-to-a3-move.json");

/// `member` of the A1 to A3 example moves from the A1 group to the A3 group (two edits).
fn move_to_a3(member: &str) -> [Action; 2] {
    let (a1, a3) = (
        "9a0b1c2d-00a1-4e5f-8a9b-0000000000a1",
        "9a0b1c2d-00a3-4e5f-8a9b-0000000000a3",
    );
    [
        Action::Edit(Edit::new(Step::AddMember {
            group: a3.into(),
            member: member.into(),
        })),
        Action::Edit(Edit::new(Step::RemoveMember {
            group: a1.into(),
            member: member.into(),
        })),
    ]
}

#[test]
fn planning_keeps_today_edits_a_copy_and_opens_the_plan_on_the_timeline() {
    use licenselab_app::model::plan;
    let amira = "6f1d2c3a-0001-4a6b-9c1e-000000000001";
    // A scenario with a step: today's tenant is its state after it, as a scenario without steps.
    let with_step = apply(&opened(MOVE), move_to_a3(amira).into_iter().take(1));
    let planning = apply(&with_step, [Action::StartPlanning]);
    let today = planning
        .planning
        .today
        .clone()
        .expect("today's tenant is kept");
    assert!(today.steps.is_empty());
    assert!(scenario(&planning).steps.is_empty());
    assert_eq!(*scenario(&planning), *today);
    assert_eq!(
        planning.previous.as_ref().map(|p| &*p.scenario),
        Some(scenario(&with_step))
    );
    assert!(planning
        .notices
        .iter()
        .any(|n| n.title.starts_with("Planning")));

    // Amira leaves A1 (she is in A3 already today); the copy's end is the target.
    let edited = apply(&planning, move_to_a3(amira).into_iter().skip(1));
    assert!(edited.planning.today.is_some(), "an edit keeps the session");
    let target = plan::edited_target(edited.derived.as_ref().unwrap());
    let planned = Rc::new(plan::run(&today, &target).unwrap());
    assert_eq!(planned.plan.steps.len(), 1);
    let shown = apply(
        &edited,
        [
            Action::Busy(Some("Planning".into())),
            Action::Planned(Ok(planned.clone())),
        ],
    );
    assert_eq!(shown.busy, None);

    // Opening the plan ends the session, keeps the plan shown, and goes to the Timeline.
    let open = apply(&shown, [Action::Tab(Tab::Plan), Action::OpenPlan(true)]);
    assert_eq!(open.tab, Tab::Timeline);
    assert_eq!(scenario(&open), &planned.plan.scenario);
    assert!(open.planning.today.is_none());
    assert!(matches!(&open.planning.outcome, Some(Ok(p)) if Rc::ptr_eq(p, &planned)));
    let naive = apply(&open, [Action::OpenPlan(false)]);
    assert_eq!(scenario(&naive), &planned.plan.naive_scenario);

    // Opening another scenario ends it all; stopping a session that is not there changes nothing.
    let other = apply(
        &naive,
        [Action::open(Open::new(read_scenario(SEATS).unwrap(), None))],
    );
    assert_eq!(other.planning, Default::default());
    assert!(Rc::ptr_eq(
        &reduce(other.clone(), Action::StopPlanning),
        &other
    ));
    assert!(Rc::ptr_eq(
        &reduce(other.clone(), Action::OpenPlan(true)),
        &other
    ));
}

#[test]
fn the_embed_does_not_plan() {
    use yew::Reducible;
    let view = Rc::new(ViewState(Rc::unwrap_or_clone(opened(MOVE))));
    let after = view.clone().reduce(Action::StartPlanning);
    assert!(Rc::ptr_eq(&view, &after));
}

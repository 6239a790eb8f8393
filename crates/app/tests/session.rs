//! The worker's session, natively: requests in, responses out, asserting what the page relies on
//! (progress, positions of errors, answers that follow the documented rules, revisions).

use licenselab_app::model::views::{Answer, Query, Summary};
use licenselab_app::model::Derived;
use licenselab_app::session::{History, Request, Response, Session, Source};
use licenselab_engine::{Action, LicenseError, PrepaidUnits};

const SEATS: &str = include_str!("../../../web/examples/seat-exhaustion.json");
const E3: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";

fn handle(session: &mut Session, request: Request) -> Vec<Response> {
    let mut out = Vec::new();
    session.handle(request, &mut |r| out.push(r));
    out
}

fn open(text: &str) -> (Session, Vec<Response>) {
    let mut session = Session::new();
    let out = handle(
        &mut session,
        Request::Open {
            source: Source::Text(text.to_owned()),
            step: None,
        },
    );
    (session, out)
}

fn summary(session: &mut Session, id: u32) -> (u32, Summary) {
    match handle(
        session,
        Request::Query {
            id,
            query: Query::Summary,
        },
    )
    .as_slice()
    {
        [Response::Answer {
            id: answered,
            revision,
            answer: Answer::Summary(s),
        }] => {
            assert_eq!(*answered, id, "the answer carries its question's id");
            (*revision, s.clone())
        }
        other => panic!("expected one answer, got {other:?}"),
    }
}

fn edit(session: &mut Session, action: Action) -> Vec<Response> {
    handle(
        session,
        Request::Edit {
            actions: vec![action],
        },
    )
}

/// The E3 error of `user` and the product's consumed units, read from the tenant at the cursor.
fn e3(session: &Session, user: &str) -> (LicenseError, u32) {
    let tenant = session.derived().unwrap().tenant();
    let u = tenant.user_ix(user).unwrap();
    let error = tenant.users()[u.index()]
        .rows()
        .iter()
        .map(|r| r.error())
        .find(|e| *e != LicenseError::None)
        .unwrap_or(LicenseError::None);
    (error, tenant.skus()[0].consumed())
}

fn seats(enabled: u32) -> Action {
    Action::SetPrepaidUnits {
        sku: E3.into(),
        prepaid_units: PrepaidUnits {
            enabled,
            ..Default::default()
        },
    }
}

#[test]
fn an_example_opens_with_progress_and_answers_its_summary() {
    let (mut session, out) = open(SEATS);
    assert!(
        matches!(&out[0], Response::Progress { sentence, .. } if sentence.starts_with("Reading the scenario")),
        "{out:?}"
    );
    let Some(Response::Opened {
        revision,
        summary,
        warnings,
        history,
    }) = out.last()
    else {
        panic!("expected Opened last, got {out:?}")
    };
    assert_eq!(*revision, 1);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(*history, History { steps: 0, redo: 0 });
    let expected = Summary {
        users: 12,
        groups: 1,
        products: 1,
        steps: 0,
        cursor: 0,
    };
    assert_eq!(*summary, expected);
    assert_eq!(summary_of(&mut session), expected);
}

fn summary_of(session: &mut Session) -> Summary {
    summary(session, 7).1
}

#[test]
fn a_big_tenant_opens_in_portions_with_progress_after_each() {
    let text = scenario_with_users(30_000);
    let (_, out) = open(&text);
    let progress: Vec<(usize, usize)> = out
        .iter()
        .filter_map(|r| match r {
            Response::Progress { done, total, .. } if *total > 0 => Some((*done, *total)),
            _ => None,
        })
        .collect();
    assert!(progress.len() >= 2, "{progress:?}");
    assert!(
        progress
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[1].0 <= w[1].1),
        "{progress:?}"
    );
    assert!(
        matches!(out.last(), Some(Response::Opened { summary, .. }) if summary.users == 30_000)
    );
}

/// The seat example with `n` users in its licensed group (ten seats).
fn scenario_with_users(n: usize) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(SEATS).unwrap();
    let users: Vec<_> = (1..=n)
        .map(|i| serde_json::json!({"id": format!("u{i}"), "userPrincipalName": format!("u{i}@contoso.example"), "usageLocation": "US"}))
        .collect();
    let members: Vec<_> = (1..=n).map(|i| format!("u{i}")).collect();
    doc["users"] = users.into();
    doc["groups"][0]["members"] = members.into();
    doc.to_string()
}

#[test]
fn a_broken_file_says_where_and_keeps_the_open_scenario() {
    let (mut session, _) = open(SEATS);
    let broken = SEATS.replacen("\"users\": [", "\"users\": [,", 1);
    let out = handle(
        &mut session,
        Request::Open {
            source: Source::Bytes(broken.into_bytes()),
            step: None,
        },
    );
    let Some(Response::Failed { problem }) = out.last() else {
        panic!("expected Failed, got {out:?}")
    };
    let line = 1 + SEATS[..SEATS.find("\"users\": [").unwrap()].lines().count();
    assert_eq!(problem.line, Some(line - 1), "{problem}");
    assert!(problem.column.is_some(), "{problem}");
    assert!(problem.to_string().starts_with("line "), "{problem}");
    assert_eq!(
        summary(&mut session, 1).0,
        1,
        "the scenario open before stays, unchanged"
    );
    assert_eq!(summary_of(&mut session).users, 12);

    let mut missing = serde_json::from_str::<serde_json::Value>(SEATS).unwrap();
    missing["groups"][0]["members"][0] = "nobody".into();
    let out = handle(
        &mut session,
        Request::Open {
            source: Source::Text(serde_json::to_string_pretty(&missing).unwrap()),
            step: None,
        },
    );
    let Some(Response::Failed { problem }) = out.last() else {
        panic!("expected Failed, got {out:?}")
    };
    assert_eq!(problem.path, "groups[0].members[0]", "{problem}");
    assert!(problem.line.is_some(), "{problem}");

    let out = handle(
        &mut session,
        Request::Open {
            source: Source::Bytes(vec![b'{', 0xff, b'}']),
            step: None,
        },
    );
    assert!(
        matches!(out.last(), Some(Response::Failed { problem }) if problem.message.contains("not UTF-8 text (at byte 1)")),
        "{out:?}"
    );
}

#[test]
fn a_membership_and_a_seat_count_change_the_answers_as_the_rules_say() {
    let (mut session, _) = open(SEATS);
    // Ten seats for twelve members: the last two to join are in CountViolation.
    assert_eq!(e3(&session, "u12"), (LicenseError::CountViolation, 10));

    // A member removed frees a seat, which waits for a reprocess (§ seats). The edit runs on the
    // session's own simulation, not a copy.
    let simulation = std::rc::Rc::as_ptr(&session.derived().unwrap().full);
    let out = edit(
        &mut session,
        Action::RemoveMember {
            group: "g1".into(),
            member: "u1".into(),
        },
    );
    assert!(
        matches!(&out[..], [Response::Changed { revision: 2, summary, history }] if summary.steps == 1 && summary.cursor == 1 && history.steps == 1),
        "{out:?}"
    );
    assert_eq!(e3(&session, "u1"), (LicenseError::None, 9));
    assert_eq!(
        std::rc::Rc::as_ptr(&session.derived().unwrap().full),
        simulation,
        "edited in place"
    );
    assert!(session.derived().unwrap().tenant().users()[0]
        .rows()
        .is_empty());
    assert_eq!(e3(&session, "u12").0, LicenseError::CountViolation);

    // Bought seats wait for a reprocess too; the group's reprocess then licenses both.
    edit(&mut session, seats(15));
    assert_eq!(e3(&session, "u12"), (LicenseError::CountViolation, 9));
    edit(&mut session, reprocess_g1());
    assert_eq!(e3(&session, "u12"), (LicenseError::None, 11));
    let (revision, s) = summary(&mut session, 9);
    assert_eq!((revision, s.steps, s.cursor), (4, 3, 3));
}

#[test]
fn a_refused_edit_changes_nothing_and_says_why() {
    let (mut session, _) = open(SEATS);
    let out = edit(
        &mut session,
        Action::AddMember {
            group: "g1".into(),
            member: "u1".into(),
        },
    );
    let [Response::Refused {
        revision,
        title,
        hint,
        ..
    }] = &out[..]
    else {
        panic!("expected Refused, got {out:?}")
    };
    assert_eq!(*revision, 1, "a refusal is no change");
    assert!(title.starts_with("Rejected: "), "{title}");
    assert!(hint.as_deref().unwrap().ends_with("not added as a step."));
    assert_eq!(summary_of(&mut session).steps, 0);
    let d = session.derived().unwrap();
    let again = Derived::run(d.scenario.clone(), usize::MAX).unwrap();
    assert!(
        d.tenant() == again.tenant(),
        "the refused step was not taken back"
    );

    let out = edit(
        &mut session,
        Action::AddMember {
            group: "g1".into(),
            member: "nobody".into(),
        },
    );
    assert!(
        matches!(&out[..], [Response::Refused { title, message, .. }] if title == "That change could not be made" && message.contains("nobody")),
        "{out:?}"
    );
    let out = handle(&mut session, Request::Undo);
    assert!(
        matches!(&out[..], [Response::Refused { title, .. }] if title == "Nothing to undo"),
        "{out:?}"
    );
    let out = handle(&mut Session::new(), Request::Undo);
    assert!(
        matches!(&out[..], [Response::Refused { title, .. }] if title == "No scenario is open"),
        "{out:?}"
    );
}

/// The seat example after its fix: fifteen seats, then the group reprocessed (two steps).
fn seats_bought_and_reprocessed() -> Session {
    let (mut session, _) = open(SEATS);
    edit(&mut session, seats(15));
    edit(&mut session, reprocess_g1());
    session
}

fn reprocess_g1() -> Action {
    Action::Reprocess {
        user: None,
        group: Some("g1".into()),
    }
}

/// `out` is one change, after which Undo and Redo can do `expected`.
fn assert_history(out: &[Response], expected: History) {
    assert!(
        matches!(out, [Response::Changed { history, .. }] if *history == expected),
        "{out:?}"
    );
}

#[test]
fn undo_and_redo_take_steps_back_and_again() {
    let mut session = seats_bought_and_reprocessed();
    assert_eq!(e3(&session, "u12"), (LicenseError::None, 12));

    let out = handle(&mut session, Request::Undo);
    assert!(
        matches!(&out[..], [Response::Changed { revision: 4, summary, history: History { steps: 1, redo: 1 } }] if summary.steps == 1),
        "{out:?}"
    );
    assert_eq!(e3(&session, "u12"), (LicenseError::CountViolation, 10));
    handle(&mut session, Request::Undo);
    assert_eq!(
        session.derived().unwrap().tenant().skus()[0]
            .prepaid()
            .enabled,
        10
    );

    handle(&mut session, Request::Redo);
    let out = handle(&mut session, Request::Redo);
    assert_history(&out, History { steps: 2, redo: 0 });
    assert_eq!(e3(&session, "u12"), (LicenseError::None, 12));

    // Edits, undo and redo change the session's simulation in place: the tenant is the one the
    // scenario loads to, run from the start (the copying path the reducer takes).
    let d = session.derived().unwrap();
    let again = Derived::run(d.scenario.clone(), usize::MAX).unwrap();
    assert!(
        d.tenant() == again.tenant(),
        "the tenant changed in place differs"
    );

    // A new edit empties the redo list.
    handle(&mut session, Request::Undo);
    let out = edit(&mut session, seats(20));
    assert_history(&out, History { steps: 2, redo: 0 });
}

#[test]
fn the_cursor_looks_back_and_every_change_raises_the_revision() {
    let mut session = seats_bought_and_reprocessed();
    let (at_end, _) = summary(&mut session, 1);
    handle(&mut session, Request::Cursor { step: 1 });
    let (looking_back, s) = summary(&mut session, 2);
    assert!(
        looking_back > at_end,
        "an answer computed before is stale now"
    );
    assert_eq!((s.steps, s.cursor), (2, 1));
    assert_eq!(e3(&session, "u12"), (LicenseError::CountViolation, 10));
    handle(&mut session, Request::Cursor { step: 99 });
    let (_, s) = summary(&mut session, 3);
    assert_eq!(s.cursor, 2, "clamped to the number of steps");

    // The options run the scenario again, at the same step.
    let before = session.revision();
    let options = session.derived().unwrap().scenario.options.clone();
    let out = handle(&mut session, Request::Options { options });
    assert!(
        matches!(&out[..], [Response::Changed { revision, summary, .. }] if *revision == before + 1 && summary.cursor == 2),
        "{out:?}"
    );
}

#[test]
fn requests_and_responses_cross_as_plain_objects() {
    let request = Request::Query {
        id: 3,
        query: Query::Summary,
    };
    let json = serde_json::to_value(&request).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"type": "query", "id": 3, "query": "Summary"})
    );
    assert_eq!(serde_json::from_value::<Request>(json).unwrap(), request);
    let open: Request =
        serde_json::from_value(serde_json::json!({"type": "open", "source": {"type": "attached"}}))
            .unwrap();
    assert_eq!(
        open,
        Request::Open {
            source: Source::Attached,
            step: None
        }
    );
    let edit: Request = serde_json::from_value(serde_json::json!({"type": "edit", "actions": [{"op": "addMember", "group": "g1", "member": "u1"}]})).unwrap();
    assert!(matches!(edit, Request::Edit { actions } if actions.len() == 1));
}

/// The session is pure Rust, so the worker's behaviour is what these native tests see: the browser
/// is reached only by `worker_main.rs` and `remote.rs`.
#[test]
fn the_session_does_no_io() {
    let sources = [
        ("session/mod.rs", include_str!("../src/session/mod.rs")),
        (
            "session/session.rs",
            include_str!("../src/session/session.rs"),
        ),
        (
            "session/protocol.rs",
            include_str!("../src/session/protocol.rs"),
        ),
    ];
    for (file, text) in sources {
        for io in [
            "web_sys",
            "js_sys",
            "gloo",
            "wasm_bindgen",
            "yew",
            "std::fs",
            "std::time",
        ] {
            assert!(!text.contains(io), "{file} uses {io}");
        }
    }
}

/// The users in error, as the Users view's "errors only" window shows them at the cursor.
fn users_in_error(session: &mut Session, id: u32) -> Vec<String> {
    let query = Query::Users(licenselab_app::model::views::users::UsersQuery {
        errors_only: true,
        limit: 50,
        ..Default::default()
    });
    match handle(session, Request::Query { id, query }).as_slice() {
        [Response::Answer {
            answer: Answer::Users(page),
            ..
        }] => page.rows.iter().map(|r| r.id.clone()).collect(),
        other => panic!("expected the users' answer, got {other:?}"),
    }
}

#[test]
fn answers_kept_for_scrolling_neither_outlive_a_change_nor_stop_edits_in_place() {
    let (mut session, _) = open(SEATS);
    // The filtered list is kept so that a scroll slices it; asking twice reads it back.
    assert_eq!(users_in_error(&mut session, 1), ["u11", "u12"]);
    assert_eq!(users_in_error(&mut session, 2), ["u11", "u12"]);
    let simulation = std::rc::Rc::as_ptr(&session.derived().unwrap().full);
    // Seats bought and the group reprocessed: both get their licenses (§ seats), and the kept
    // list, made for the state before, is not read for the state after.
    edit(&mut session, seats(15));
    edit(&mut session, reprocess_g1());
    assert_eq!(
        std::rc::Rc::as_ptr(&session.derived().unwrap().full),
        simulation,
        "a kept answer must not stop the session from editing in place"
    );
    assert!(users_in_error(&mut session, 3).is_empty());
    // Undone in place, the errors are back, and so is the list.
    handle(&mut session, Request::Undo);
    assert_eq!(users_in_error(&mut session, 4), ["u11", "u12"]);
}

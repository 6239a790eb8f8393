//! The engine's work for an action that changes the scenario (edits, undo, redo, the options and
//! the organization's settings): the next simulation, or why there is none. The reducer
//! (`state.rs`) and the worker's session (`crate::session`) both run these, and keep the result
//! (and their redo list) as they hold state.

use licenselab_engine::{advice, Action, Options, Organization, ProhibitedLocationDef, Step};

use std::rc::Rc;

use super::Derived;

/// Why a change was not made, in the words a notice shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub title: String,
    pub message: String,
    pub hint: Option<String>,
    /// The engine refused a step (as the portal would), rather than the change not resolving.
    pub rejected: bool,
}

impl Refusal {
    fn failed(title: &str, error: impl ToString) -> Self {
        Refusal {
            title: title.to_owned(),
            message: error.to_string(),
            hint: None,
            rejected: false,
        }
    }

    /// The engine refused one of the latest `count` steps of `d` (the first it refused), if it did.
    fn rejected(d: &Derived, count: usize) -> Option<Self> {
        let reports = d.reports();
        let r = reports[reports.len().saturating_sub(count)..]
            .iter()
            .find_map(|r| r.outcome.as_ref().err())?;
        Some(Refusal {
            title: format!("Rejected: {}", r.code),
            message: r.message.clone(),
            hint: Some(format!(
                "{}Nothing changed, and the refused change was not added as a step.",
                advice(&r.code).map(|a| format!("{a} ")).unwrap_or_default()
            )),
            rejected: true,
        })
    }
}

/// `actions` appended as steps, in one run of the engine. As in the portal, a change the engine
/// refuses is not kept (a scenario file's refused steps stay).
pub fn edited(d: &Derived, actions: Vec<Action>) -> Result<Derived, Refusal> {
    let count = actions.len();
    let next = d
        .edited(actions)
        .map_err(|e| Refusal::failed("That change could not be made", e))?;
    match Refusal::rejected(&next, count) {
        Some(refused) => Err(refused),
        None => Ok(next),
    }
}

/// `edited`, changing `d` itself when nothing else holds it (the worker's session: no copy of a
/// big tenant or scenario per edit), else replacing it with the edited copy. On a refusal `d` is
/// as it was.
pub fn edit_in_place(d: &mut Derived, actions: Vec<Action>) -> Result<(), Refusal> {
    let count = actions.len();
    match d.extend_in_place(&actions) {
        None => {
            *d = edited(d, actions)?;
            Ok(())
        }
        Some(Err(e)) => Err(Refusal::failed("That change could not be made", e)),
        Some(Ok(())) => match Refusal::rejected(d, count) {
            Some(refused) => {
                // Taken back with the engine's records (`extend_in_place` keeps enough of them).
                if d.undo_in_place(count).is_none() {
                    let mut before = (*d.scenario).clone();
                    before.steps.truncate(before.steps.len() - count);
                    if let Ok(again) = Derived::run(Rc::new(before), usize::MAX) {
                        *d = again;
                    }
                }
                Err(refused)
            }
            None => Ok(()),
        },
    }
}

/// `undone`, in place when it can be (see `edit_in_place`): the step taken back, `None` when there
/// is none.
pub fn undo_in_place(d: &mut Derived) -> Option<Result<Step, Refusal>> {
    if let Some(mut taken) = d.undo_in_place(1) {
        return taken.pop().map(Ok);
    }
    let outcome = undone(d)?;
    Some(outcome.map(|(next, step)| {
        *d = next;
        step
    }))
}

/// `redone`, in place when it can be (see `edit_in_place`), the step's note kept.
pub fn redo_in_place(d: &mut Derived, step: Step) -> Result<(), Refusal> {
    let note = step.note.clone();
    edit_in_place(d, vec![step.action]).map_err(|refused| Refusal {
        title: if refused.rejected {
            refused.title
        } else {
            "That step could not be redone".to_owned()
        },
        ..refused
    })?;
    if note.is_some() {
        d.set_last_note(note);
    }
    Ok(())
}

/// The latest step taken back, with that step (for Redo); `None`: there is no step to undo.
pub fn undone(d: &Derived) -> Option<Result<(Derived, Step), Refusal>> {
    let (undone, step) = d.undone()?;
    Some(
        undone
            .map(|next| (next, step))
            .map_err(|e| Refusal::failed("That step could not be undone", e)),
    )
}

/// `step` appended again. The tenant may no longer take it (a scenario file's step undone, then
/// an option changed): it stays off, as a refused edit does.
pub fn redone(d: &Derived, step: Step) -> Result<Derived, Refusal> {
    let next = d
        .redone(step)
        .map_err(|e| Refusal::failed("That step could not be redone", e))?;
    match Refusal::rejected(&next, 1) {
        Some(refused) => Err(refused),
        None => Ok(next),
    }
}

/// The scenario with other simulator options, run again at the same step.
pub fn with_options(d: &Derived, options: Options) -> Result<Derived, Refusal> {
    d.with_options(options)
        .map_err(|e| Refusal::failed("Those options could not be applied", e))
}

/// The scenario with other organization settings and per-country plan restrictions.
pub fn with_organization(
    d: &Derived,
    organization: Organization,
    prohibited: Vec<ProhibitedLocationDef>,
) -> Result<Derived, Refusal> {
    d.with_organization(organization, prohibited)
        .map_err(|e| Refusal::failed("Those organization settings could not be applied", e))
}

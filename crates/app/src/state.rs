//! The app's state as data and its transitions as one pure function, `reduce(state, action)`
//! (the shape of Yew's `function_todomvc`). No I/O here: browser storage, the address bar, timers
//! and fetches are the components' effects, which read the state and dispatch actions; the engine
//! is reached only through the simulation cache (`model::simulation`). The full app and the embed
//! view both run this reducer.

use std::rc::Rc;

use licenselab_engine::Simulation;
use licenselab_engine::{Options, Organization, ProhibitedLocationDef, Scenario, Step};
use yew::Reducible;

use crate::model::change::{self, Refusal};
use crate::model::draft::Draft;
use crate::model::edits::Edit;
use crate::model::import::{Failure, Review};
use crate::model::plan::{self, Planned};
use crate::model::problems::error_keys;
use crate::model::Derived;

/// The app's views.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Tab {
    #[default]
    Products,
    Groups,
    Users,
    /// Every error and pending item of the tenant, with what a reprocess would clear.
    Problems,
    Timeline,
    Audit,
    Plan,
    Examples,
}

/// An object one view links to, shown in its own view.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Target {
    User(String),
    Group(String),
}

#[derive(Clone, PartialEq, Debug)]
pub enum NoticeAction {
    RestorePrevious,
    /// The unreadable entry, as stored (it may not be in storage any more).
    DownloadUnreadable(Rc<String>),
}

#[derive(Clone, PartialEq, Debug)]
pub struct Notice {
    pub error: bool,
    pub title: String,
    pub message: String,
    pub hint: Option<String>,
    pub action: Option<NoticeAction>,
    /// Survives opening another scenario (problems with links, imports and the autosave).
    pub sticky: bool,
}

impl Notice {
    pub fn info(title: impl Into<String>, message: impl Into<String>) -> Self {
        Notice {
            error: false,
            title: title.into(),
            message: message.into(),
            hint: None,
            action: None,
            sticky: false,
        }
    }

    pub fn error(title: impl Into<String>, message: impl Into<String>) -> Self {
        Notice {
            error: true,
            ..Notice::info(title, message)
        }
    }

    pub fn sticky(self) -> Self {
        Notice {
            sticky: true,
            ..self
        }
    }

    /// An opened scenario that may replace the user's work: opening it says where that work is
    /// kept (the library) and offers to restore it, or drops the offer when there is none.
    pub fn restorable(title: impl Into<String>) -> Self {
        Notice {
            action: Some(NoticeAction::RestorePrevious),
            ..Notice::info(title, "")
        }
    }
}

impl From<Refusal> for Notice {
    fn from(r: Refusal) -> Self {
        Notice {
            hint: r.hint,
            ..Notice::error(r.title, r.message)
        }
    }
}

#[derive(Clone, PartialEq, Default)]
pub struct AppState {
    pub derived: Option<Rc<Derived>>,
    pub tab: Tab,
    pub selected_user: Option<String>,
    pub selected_group: Option<String>,
    pub notices: Vec<Notice>,
    /// Why nothing can be shown (only before any scenario opened).
    pub failure: Option<(String, String)>,
    /// The example file open, if the scenario came from the gallery.
    pub example: Option<String>,
    /// Long work under way (reading a big tenant), shown while it runs.
    pub busy: Option<String>,
    /// The steps Undo took off, the latest last: Redo appends them again, one at a time. A new
    /// edit, an options or organization change, or opening another scenario empties it.
    pub redo: Vec<Step>,
    /// The user's work an opened scenario replaced, until an effect has stored it in the library
    /// (then `PreviousKept` lets it go and it is what "Restore previous work" opens).
    pub previous: Option<Replaced>,
    /// The work in memory as the library knows it.
    pub work: Work,
    /// The tenant import panel, when it is open.
    pub import: Option<ImportPanel>,
    /// "Plan a change": today's tenant while its copy is edited into the target, and the last plan.
    pub planning: Planning,
    /// The change a control made, shown there with its impact until it is applied or cancelled
    /// (dropped when the state it was previewed on changes).
    pub draft: Option<Rc<Draft>>,
}

/// The user's work replaced by an opened scenario, to be kept in the library.
#[derive(Clone, PartialEq, Debug)]
pub struct Replaced {
    pub scenario: Rc<Scenario>,
    /// The step it was looked at (reopening it shows that step).
    pub cursor: usize,
    /// Its library entry, if it has one already.
    pub entry: Option<Rc<str>>,
}

/// The work in memory as the library knows it.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Work {
    /// Its library entry (`None`: not filed yet; the autosave files the user's work).
    pub entry: Option<Rc<str>>,
    /// An example as published, while it is unedited: it becomes the user's work once it changes.
    pub published: Option<Rc<Scenario>>,
    /// How many scenarios have opened, so that filing work that was replaced meanwhile does not
    /// give its entry to the work that replaced it.
    pub opened: u64,
    /// The user's work last replaced and kept in the library: what "Restore previous work" opens.
    pub kept: Option<Kept>,
}

/// A library entry holding work that was replaced.
#[derive(Clone, PartialEq, Debug)]
pub struct Kept {
    pub entry: Rc<str>,
    pub name: String,
}

/// "Plan a change": the session and its last outcome. Opening another scenario ends the session.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Planning {
    /// Today's tenant (a scenario without steps), kept while the scenario in memory, its copy,
    /// is edited into the target.
    pub today: Option<Rc<Scenario>>,
    /// The last plan, or why there is none.
    pub outcome: Option<Result<Rc<Planned>, plan::Failure>>,
}

/// The tenant import panel: choosing the files (with the last failure, if any), or an import read
/// and loaded, to review before it opens.
#[derive(Clone, PartialEq, Debug)]
pub enum ImportPanel {
    Choose(Option<Failure>),
    Review(Rc<Review>),
}

/// A scenario to open (from an example, an import, a link, the autosave or an embed's address).
pub struct Open {
    pub scenario: Scenario,
    /// The scenario's simulation at its start, when the caller already loaded it.
    pub simulation: Option<Simulation>,
    /// The step to look at (clamped; `usize::MAX`: the latest).
    pub step: usize,
    pub example: Option<String>,
    pub notice: Option<Notice>,
    /// Keep the work it replaces (when it is the user's: not an unedited example) in the
    /// library, to be restored from the notice.
    pub keep_previous: bool,
    /// The library entry it was read from.
    pub entry: Option<Rc<str>>,
    /// An example as published: not the user's work until it changes (never filed until then).
    pub published: bool,
    /// Show what it is about: its Problems view when it has some at `step`, else its Timeline
    /// (an example opened from the gallery or the address; never left on the gallery).
    pub show_problems: bool,
}

impl Open {
    /// `scenario` at its latest step, replacing the work in memory without keeping it.
    pub fn new(scenario: Scenario, simulation: Option<Simulation>) -> Self {
        Open {
            scenario,
            simulation,
            step: usize::MAX,
            example: None,
            notice: None,
            keep_previous: false,
            entry: None,
            published: false,
            show_problems: false,
        }
    }
}

pub enum Action {
    Open(Box<Open>),
    /// A step appended at the latest step; an edit with a place (a control's) becomes the draft
    /// instead, previewed there until it is applied (replacing any other draft).
    Edit(Edit),
    /// Applies the draft (a draft that loses service only once confirmed).
    ApplyDraft,
    /// Confirms (or takes back the confirmation of) the loss of service the draft causes.
    ConfirmDraft(bool),
    /// Drops the draft: nothing changes.
    CancelDraft,
    /// Steps appended at the latest step, one after another (reprocess every user that would
    /// now succeed); Undo removes them one at a time.
    EditAll(Vec<Edit>),
    /// Changes the organization's settings and per-country plan restrictions (the whole scenario
    /// runs again, as with the options).
    Organization(Organization, Vec<ProhibitedLocationDef>),
    /// Removes the last step (it goes on the redo list).
    Undo,
    /// Appends again the step the latest Undo removed.
    Redo,
    /// Looks at the tenant after this many steps.
    Cursor(usize),
    Tab(Tab),
    SelectUser(Option<String>),
    SelectGroup(Option<String>),
    /// Opens the view of an object, with that object selected.
    Navigate(Target),
    Notice(Notice),
    Dismiss(usize),
    Failed(String, String),
    Busy(Option<String>),
    /// Changes the simulator options (the whole scenario runs again).
    Options(Options),
    /// This replaced work (`AppState::previous`) is stored in this library entry.
    PreviousKept(Rc<Scenario>, Rc<str>),
    /// The work opened `opened`-th (`Work::opened`) is filed in this library entry.
    Filed {
        opened: u64,
        entry: Rc<str>,
    },
    /// The user's work the library keeps from before this page opened (the autosave), which
    /// "Restore previous work" opens.
    Kept(Kept),
    /// A blank tenant with this name, on its Products view; the work it replaces is kept.
    New(String),
    /// Gives the scenario another name (no step: its export's file name follows).
    Rename(String),
    /// Opens, changes or (`None`) closes the tenant import panel; ends any busy message.
    Import(Option<ImportPanel>),
    /// Opens the import under review, keeping the work it replaces.
    OpenImport,
    /// Keeps the scenario as it stands as today's tenant and opens a copy of it, to be edited
    /// into the target; the work it replaces stays restorable.
    StartPlanning,
    /// Ends the planning session (the scenario stays as edited).
    StopPlanning,
    /// A plan, or why there is none; ends any busy message.
    Planned(Result<Rc<Planned>, plan::Failure>),
    /// Opens the plan's steps (`true`) or the obvious order's (`false`) as the scenario, on the
    /// Timeline; the plan stays shown in its view.
    OpenPlan(bool),
}

impl Action {
    pub fn open(open: Open) -> Self {
        Action::Open(Box::new(open))
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        reduce(self, action)
    }
}

/// The embed view's state: the app's, with the transitions that change the scenario (`Edit`,
/// `Undo`, `Redo`, `Options`) and the tenant import left out. The embed is read-only, and without them its binary does not
/// carry the engine's step resolution and edit paths (it must stay small to be embedded).
#[derive(Clone, PartialEq, Default)]
pub struct ViewState(pub AppState);

impl std::ops::Deref for ViewState {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        &self.0
    }
}

impl Reducible for ViewState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let state = Rc::new(self.0.clone());
        let next = reduce_with(state.clone(), action, |_, _| false);
        if Rc::ptr_eq(&state, &next) {
            return self;
        }
        Rc::new(ViewState(Rc::unwrap_or_clone(next)))
    }
}

/// The state after `action`. The same `Rc` when nothing changed, so nothing renders again.
pub fn reduce(state: Rc<AppState>, action: Action) -> Rc<AppState> {
    reduce_with(state, action, edit)
}

/// The transitions that change the scenario, the tenant import and the planner (the full app's
/// alone); `false` when nothing changed.
fn edit(s: &mut AppState, action: Action) -> bool {
    match action {
        Action::StartPlanning => {
            let Some(d) = &s.derived else { return false };
            let today = Rc::new(plan::today(d));
            let opened = open(
                s,
                Open {
                    notice: Some(Notice {
                        hint: Some("Edit this copy into the tenant as it should be (Groups, Users, Products), then Plan in Plan a change.".to_owned()),
                        ..Notice::restorable("Planning: today's tenant is kept")
                    }),
                    keep_previous: true,
                    example: s.example.clone(),
                    ..Open::new((*today).clone(), None)
                },
            );
            if opened {
                s.planning.today = Some(today);
            }
        }
        Action::StopPlanning => {
            if s.planning.today.take().is_none() {
                return false;
            }
        }
        Action::Planned(outcome) => {
            s.busy = None;
            s.planning.outcome = Some(outcome);
        }
        Action::OpenPlan(safe) => {
            let Some(Ok(planned)) = s.planning.outcome.clone() else {
                return false;
            };
            let d = if safe { &planned.safe } else { &planned.naive };
            let what = if safe {
                "the plan"
            } else {
                "the obvious order"
            };
            let opened = open(
                s,
                Open {
                    notice: Some(Notice::restorable(format!(
                        "Opened {what}: its steps are on the Timeline"
                    ))),
                    keep_previous: true,
                    ..Open::new((*d.scenario).clone(), None)
                },
            );
            if opened {
                s.tab = Tab::Timeline;
                s.planning.outcome = Some(Ok(planned));
            }
        }
        Action::Import(panel) => {
            s.busy = None;
            s.import = panel;
        }
        Action::OpenImport => {
            let Some(ImportPanel::Review(review)) = s.import.take() else {
                return false;
            };
            let message = review.summary();
            open(
                s,
                Open {
                    notice: Some(Notice {
                        message,
                        ..Notice::restorable("Imported the tenant")
                    }),
                    keep_previous: true,
                    ..Open::new(review.scenario.clone(), Some(review.simulation.clone()))
                },
            );
        }
        Action::Edit(edit) if edit.place.is_some() => {
            let Some(d) = &s.derived else { return false };
            if !d.at_end() {
                return false;
            }
            s.draft = Some(Rc::new(Draft::new(d, edit)));
        }
        Action::New(name) => {
            let opened = open(
                s,
                Open {
                    notice: Some(Notice::restorable(format!(
                        "New scenario “{}”",
                        crate::library::display_name(&name)
                    ))),
                    keep_previous: true,
                    ..Open::new(crate::library::blank(&name), None)
                },
            );
            if opened {
                s.tab = Tab::Products;
            }
        }
        Action::Rename(name) => {
            let Some(d) = &s.derived else { return false };
            let name = name.trim();
            if name.is_empty() || name == d.scenario.name {
                return false;
            }
            s.derived = Some(Rc::new(d.renamed(name)));
        }
        Action::Edit(edit) => return apply_edits(s, vec![edit]),
        Action::ApplyDraft => {
            let Some(draft) = s.draft.take() else {
                return false;
            };
            if draft.needs_confirmation() {
                s.draft = Some(draft);
                return false;
            }
            return apply_edits(s, vec![Edit::new(draft.edit.action.clone())]);
        }
        Action::ConfirmDraft(confirmed) => {
            let Some(draft) = &s.draft else { return false };
            if draft.confirmed == confirmed {
                return false;
            }
            s.draft = Some(Rc::new(Draft {
                confirmed,
                ..(**draft).clone()
            }));
        }
        Action::CancelDraft => {
            if s.draft.take().is_none() {
                return false;
            }
        }
        Action::EditAll(edits) => return apply_edits(s, edits),
        Action::Organization(organization, prohibited) => {
            let Some(d) = &s.derived else { return false };
            s.redo.clear();
            match change::with_organization(d, organization, prohibited) {
                Ok(next) => s.derived = Some(Rc::new(next)),
                Err(refused) => s.notices.push(refused.into()),
            }
        }
        Action::Undo => {
            let Some(d) = &s.derived else { return false };
            match change::undone(d) {
                None => return false,
                Some(Ok((d, step))) => {
                    s.notices.retain(|n| n.action.is_some());
                    s.derived = Some(Rc::new(d));
                    s.redo.push(step);
                }
                Some(Err(refused)) => s.notices.push(refused.into()),
            }
        }
        Action::Redo => {
            let Some(d) = &s.derived else { return false };
            let Some(step) = s.redo.pop() else {
                return false;
            };
            match change::redone(d, step) {
                Ok(next) => {
                    s.notices.retain(|n| n.action.is_some());
                    s.derived = Some(Rc::new(next));
                }
                Err(refused) => {
                    if refused.rejected {
                        s.notices.retain(|n| n.action.is_some());
                    }
                    s.notices.push(refused.into());
                }
            }
        }
        Action::Options(options) => {
            let Some(d) = &s.derived else { return false };
            s.redo.clear();
            match change::with_options(d, options) {
                Ok(next) => s.derived = Some(Rc::new(next)),
                Err(refused) => s.notices.push(refused.into()),
            }
        }
        _ => return false,
    }
    true
}

/// Appends `edits` as steps, in one run of the engine; `false` when nothing changed (an edit the
/// engine cannot resolve: none is added, and a notice says why). Undo removes the last step; an
/// edit that is kept empties the redo list.
fn apply_edits(s: &mut AppState, edits: Vec<Edit>) -> bool {
    let Some(d) = &s.derived else { return false };
    match change::edited(d, edits.into_iter().map(|e| e.action).collect()) {
        Ok(next) => {
            s.notices.retain(|n| n.sticky || n.action.is_some());
            s.derived = Some(Rc::new(next));
            s.redo.clear();
        }
        Err(refused) => {
            // A refused change is not kept: the notice says why and the scenario stays as it was.
            if refused.rejected {
                s.notices.retain(|n| n.sticky || n.action.is_some());
            }
            s.notices.push(refused.into());
        }
    }
    true
}

/// Opens a scenario: its simulation, at its step, replacing the one in memory (and ending a
/// planning session). Returns whether it opened.
fn open(s: &mut AppState, open: Open) -> bool {
    let Open {
        scenario,
        simulation,
        step,
        example,
        notice,
        keep_previous,
        entry,
        published,
        show_problems,
    } = open;
    // The user's work it replaces goes to the library (an unedited example is in the gallery).
    let replaced = match &s.derived {
        Some(d) if keep_previous && s.is_users_work() => Some(Replaced {
            scenario: d.scenario.clone(),
            cursor: d.cursor,
            entry: s.work.entry.clone(),
        }),
        _ => None,
    };
    s.busy = None;
    match Derived::open(scenario, simulation, step) {
        Ok(d) => {
            // An example opens where what it is about shows: its problems when it has some at
            // that step, else its timeline (never the gallery it was opened from).
            if show_problems {
                let has_problems = !error_keys(d.tenant()).is_empty() || !d.pending().is_empty();
                s.tab = if has_problems {
                    Tab::Problems
                } else {
                    Tab::Timeline
                };
            }
            let kept = match &replaced {
                Some(r) => Some(crate::library::display_name(&r.scenario.name).to_owned()),
                None => s.work.kept.as_ref().map(|k| k.name.clone()),
            };
            let notice = notice.map(|n| kept_in_library(n, kept.as_deref()));
            if replaced.is_some() {
                s.previous = replaced;
            }
            s.work = Work {
                entry,
                published: published.then(|| d.scenario.clone()),
                opened: s.work.opened + 1,
                kept: s.work.kept.take(),
            };
            s.derived = Some(Rc::new(d));
            s.example = example;
            s.selected_user = None;
            s.selected_group = None;
            s.failure = None;
            s.notices.retain(|n| n.sticky);
            s.notices.extend(notice);
            s.planning = Planning::default();
            s.redo.clear();
            true
        }
        Err(e) => {
            s.notices.push(Notice::error(
                "This scenario could not be opened",
                e.to_string(),
            ));
            false
        }
    }
}

/// A notice offering "Restore previous work" says which work the library keeps (`kept`), or
/// loses the offer when it keeps none.
fn kept_in_library(notice: Notice, kept: Option<&str>) -> Notice {
    if notice.action != Some(NoticeAction::RestorePrevious) {
        return notice;
    }
    match kept {
        Some(name) => {
            let words = format!("Your work “{name}” is kept in the Library.");
            let message = if notice.message.is_empty() {
                words
            } else {
                format!("{} {words}", notice.message)
            };
            Notice { message, ..notice }
        }
        None => Notice {
            action: None,
            ..notice
        },
    }
}

impl AppState {
    /// Is the scenario in memory the user's work (anything but an example as published)?
    pub fn is_users_work(&self) -> bool {
        let Some(d) = &self.derived else { return false };
        match &self.work.published {
            None => true,
            Some(p) => !Rc::ptr_eq(p, &d.scenario) && **p != *d.scenario,
        }
    }
}

/// `reduce`, with the scenario-changing transitions done by `edit` (which the embed leaves out).
fn reduce_with(
    state: Rc<AppState>,
    action: Action,
    edit: impl FnOnce(&mut AppState, Action) -> bool,
) -> Rc<AppState> {
    let mut s = (*state).clone();
    match action {
        Action::Open(o) => {
            open(&mut s, *o);
        }
        action @ (Action::Edit(_)
        | Action::ApplyDraft
        | Action::ConfirmDraft(_)
        | Action::CancelDraft
        | Action::EditAll(_)
        | Action::Organization(..)
        | Action::Undo
        | Action::Redo
        | Action::Options(_)
        | Action::Import(_)
        | Action::OpenImport
        | Action::StartPlanning
        | Action::StopPlanning
        | Action::Planned(_)
        | Action::OpenPlan(_)
        | Action::New(_)
        | Action::Rename(_)) => {
            if !edit(&mut s, action) {
                return state;
            }
        }
        Action::Cursor(c) => {
            let Some(d) = &s.derived else { return state };
            if c == d.cursor {
                return state;
            }
            s.derived = Some(Rc::new(d.at(c)));
        }
        Action::Tab(t) => s.tab = t,
        Action::SelectUser(u) => s.selected_user = u,
        Action::SelectGroup(g) => s.selected_group = g,
        Action::Navigate(Target::User(id)) => {
            s.tab = Tab::Users;
            s.selected_user = Some(id);
        }
        Action::Navigate(Target::Group(id)) => {
            s.tab = Tab::Groups;
            s.selected_group = Some(id);
        }
        Action::Notice(n) => s.notices.push(n),
        Action::Dismiss(i) => {
            if i < s.notices.len() {
                s.notices.remove(i);
            }
        }
        Action::Failed(title, message) => s.failure = Some((title, message)),
        Action::Busy(what) => s.busy = what,
        Action::PreviousKept(kept, entry) => {
            let Some(replaced) = s.previous.take_if(|p| Rc::ptr_eq(&p.scenario, &kept)) else {
                return state;
            };
            s.work.kept = Some(Kept {
                entry,
                name: crate::library::display_name(&replaced.scenario.name).to_owned(),
            });
        }
        Action::Kept(kept) => s.work.kept = Some(kept),
        Action::Filed { opened, entry } => {
            if opened != s.work.opened || s.work.entry.is_some() {
                return state;
            }
            s.work.entry = Some(entry);
        }
    }
    // A draft was previewed on one state: once the scenario or the step looked at changes, its
    // impact is out of date, and it goes.
    if let Some(draft) = &s.draft {
        if !s
            .derived
            .as_ref()
            .is_some_and(|d| Rc::ptr_eq(d, &draft.based_on))
        {
            s.draft = None;
        }
    }
    Rc::new(s)
}

//! The simulation cache: a scenario run by the engine and seen at one step, with the starting
//! tenant kept so that looking at another step replays from it, an edit at the latest step
//! continues the simulation by one step, and undo takes the latest step back with the engine's
//! record of what it changed (`Simulation::undo`). The only place the app runs the engine.

use std::rc::Rc;

use licenselab_engine::Tenant;
use licenselab_engine::{Action, Options, Organization, ProhibitedLocationDef, Scenario};
use licenselab_engine::{LoadError, Simulation, StepReport};

use licenselab_engine::Step;

use super::edits::{with_step, without_last_step};
use super::problems::{error_keys, ErrorChanges, ErrorKey};

/// How many of the latest steps the engine keeps what undoes them for (`Simulation::keep_undo`);
/// undoing further back runs the shorter scenario again. A record holds what its step changed:
/// a membership edit keeps one user's rows, a group license change its members' rows.
pub const UNDO_LEVELS: usize = 50;

/// A scenario run by the engine, seen at one step.
pub struct Derived {
    pub scenario: Rc<Scenario>,
    /// Every step run.
    pub full: Rc<Simulation>,
    /// The tenant after `cursor` steps (the same simulation as `full` at the end).
    pub view: Rc<Simulation>,
    /// How many steps have run in `view`.
    pub cursor: usize,
    /// What each step did to the rows in error (the timeline shows it beside plans gained and lost).
    pub error_changes: Rc<Vec<ErrorChanges>>,
    /// The rows in error after every step, to compare the next edit's with.
    end_errors: Rc<Vec<ErrorKey>>,
    /// The rows in error in the starting tenant (what the timeline shows at step 0), found once.
    start_errors: Rc<Vec<ErrorKey>>,
    /// The starting tenant, so that looking at another step replays the steps from it instead
    /// of loading the scenario again.
    start: Rc<Simulation>,
    /// Which state of the simulation this is: a new number for every `Derived` made and every
    /// change made in place (`extend_in_place`, `undo_in_place`), never reused. Answers kept for
    /// a tenant (`views::kept`) are keyed by it, so a change made in place cannot be mistaken for
    /// the state before it, and holding an answer never holds the simulation.
    revision: u64,
}

/// A number no `Derived` had before (see `Derived::revision`).
fn fresh_revision() -> u64 {
    thread_local! {
        static LAST: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }
    LAST.with(|last| {
        last.set(last.get() + 1);
        last.get()
    })
}

impl PartialEq for Derived {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
    }
}

impl Derived {
    /// Runs `scenario`; `cursor` is clamped to the number of steps.
    pub fn run(scenario: Rc<Scenario>, cursor: usize) -> Result<Derived, LoadError> {
        let sim = Simulation::new(&scenario)?;
        Ok(Self::from_start(scenario, sim, cursor))
    }

    /// Runs the steps of `sim`, a simulation of `scenario` at its start (loaded in portions, for a
    /// big tenant); `cursor` is clamped to the number of steps.
    pub fn from_start(scenario: Rc<Scenario>, mut sim: Simulation, cursor: usize) -> Derived {
        let start = Rc::new(sim.clone());
        sim.keep_undo(UNDO_LEVELS);
        let cursor = cursor.min(sim.step_count());
        let mut view = None;
        let start_errors = Rc::new(error_keys(sim.tenant()));
        let mut errors = (*start_errors).clone();
        let mut error_changes = Vec::with_capacity(sim.step_count());
        while sim.position() < sim.step_count() {
            if sim.position() == cursor {
                view = Some(Rc::new(sim.clone()));
            }
            sim.step();
            let after = error_keys(sim.tenant());
            error_changes.push(ErrorChanges::between(&errors, &after));
            errors = after;
        }
        let full = Rc::new(sim);
        let view = view.unwrap_or_else(|| full.clone());
        Derived {
            scenario,
            full,
            view,
            cursor,
            error_changes: Rc::new(error_changes),
            end_errors: Rc::new(errors),
            start_errors,
            start,
            revision: fresh_revision(),
        }
    }

    /// The same scenario seen at another step (clamped to the number of steps).
    pub fn at(&self, cursor: usize) -> Derived {
        let cursor = cursor.min(self.step_count());
        let view = if cursor == self.step_count() {
            self.full.clone()
        } else {
            let mut sim = (*self.start).clone();
            while sim.position() < cursor {
                if sim.position() < sim.step_count() {
                    sim.step();
                } else if sim
                    .push(&self.scenario.steps[sim.position()].action)
                    .is_err()
                {
                    // Steps appended by edits were resolved once already; this cannot fail.
                    break;
                }
            }
            Rc::new(sim)
        };
        Derived {
            scenario: self.scenario.clone(),
            full: self.full.clone(),
            view,
            cursor,
            error_changes: self.error_changes.clone(),
            end_errors: self.end_errors.clone(),
            start_errors: self.start_errors.clone(),
            start: self.start.clone(),
            revision: fresh_revision(),
        }
    }

    /// The scenario with more steps, run by continuing this simulation rather than running the
    /// scenario again (an edit made at the latest step; a copy of the tenant for all the steps).
    /// `None` when that cannot be done (not at the end, or a step that creates objects): run the
    /// edited scenario instead.
    pub fn extend(&self, actions: &[Action]) -> Option<Derived> {
        if !self.at_end() {
            return None;
        }
        let mut sim = (*self.full).clone();
        let mut scenario = (*self.scenario).clone();
        let mut error_changes = (*self.error_changes).clone();
        let mut errors = (*self.end_errors).clone();
        for action in actions {
            sim.push(action).ok()?;
            scenario = with_step(&scenario, action.clone());
            let after = error_keys(sim.tenant());
            error_changes.push(ErrorChanges::between(&errors, &after));
            errors = after;
        }
        let full = Rc::new(sim);
        Some(Derived {
            error_changes: Rc::new(error_changes),
            end_errors: Rc::new(errors),
            start_errors: self.start_errors.clone(),
            cursor: scenario.steps.len(),
            scenario: Rc::new(scenario),
            view: full.clone(),
            full,
            start: self.start.clone(),
            revision: fresh_revision(),
        })
    }

    /// `extend` without the copies: the steps appended to this simulation and scenario
    /// themselves, for an owner that holds the only references (the worker's session), so an
    /// edit at 100,000 users copies neither the tenant nor the scenario. `None`, with nothing
    /// changed, when it cannot (not at the end, or shared); `Some(Err)` when an action does not
    /// resolve (the steps before it are taken back).
    pub fn extend_in_place(&mut self, actions: &[Action]) -> Option<Result<(), LoadError>> {
        // More steps than the engine keeps records for could not be taken back if one fails.
        if !self.at_end() || actions.len() > UNDO_LEVELS {
            return None;
        }
        // `view` is `full` at the end: let it go so that `full` is held once.
        self.view = self.start.clone();
        let unshared =
            Rc::get_mut(&mut self.full).is_some() && Rc::get_mut(&mut self.scenario).is_some();
        if !unshared {
            self.view = self.full.clone();
            return None;
        }
        for (done, action) in actions.iter().enumerate() {
            let sim = Rc::get_mut(&mut self.full)?;
            if let Err(e) = sim.push(action) {
                self.view = self.full.clone();
                self.undo_in_place(done);
                return Some(Err(e));
            }
            let after = error_keys(sim.tenant());
            Rc::make_mut(&mut self.error_changes)
                .push(ErrorChanges::between(&self.end_errors, &after));
            self.end_errors = Rc::new(after);
            Rc::get_mut(&mut self.scenario)?.steps.push(Step {
                action: action.clone(),
                note: None,
            });
        }
        self.cursor = self.scenario.steps.len();
        self.view = self.full.clone();
        self.revision = fresh_revision();
        Some(Ok(()))
    }

    /// Takes the latest `count` steps back in place with the engine's undo records (see
    /// `extend_in_place`); returns the steps taken back, the latest last, or `None` with nothing
    /// changed when it cannot (not at the end, shared, or past the kept records).
    pub fn undo_in_place(&mut self, count: usize) -> Option<Vec<Step>> {
        if !self.at_end() || count > self.full.undo_depth() || count > self.scenario.steps.len() {
            return None;
        }
        self.view = self.start.clone();
        if Rc::get_mut(&mut self.full).is_none() || Rc::get_mut(&mut self.scenario).is_none() {
            self.view = self.full.clone();
            return None;
        }
        let sim = Rc::get_mut(&mut self.full)?;
        for _ in 0..count {
            sim.undo();
        }
        sim.forget_unrun();
        let scenario = Rc::get_mut(&mut self.scenario)?;
        let taken = scenario.steps.split_off(scenario.steps.len() - count);
        let changes = Rc::make_mut(&mut self.error_changes);
        changes.truncate(changes.len().saturating_sub(count));
        self.end_errors = Rc::new(error_keys(self.full.tenant()));
        self.cursor = self.scenario.steps.len();
        self.view = self.full.clone();
        self.revision = fresh_revision();
        Some(taken)
    }

    /// Which state of the simulation this is (see the field): equal revisions, equal tenants.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Gives the latest step a note (a redone step keeps its own).
    pub fn set_last_note(&mut self, note: Option<String>) {
        if let Some(last) = Rc::make_mut(&mut self.scenario).steps.last_mut() {
            last.note = note;
            self.revision = fresh_revision();
        }
    }

    /// A scenario opened at `step` (clamped; `usize::MAX` for the latest): its steps run from
    /// `start`, its simulation at the start when the caller already loaded it (in portions, for a
    /// big tenant), else from loading it.
    pub fn open(
        scenario: Scenario,
        start: Option<Simulation>,
        step: usize,
    ) -> Result<Derived, LoadError> {
        let scenario = Rc::new(scenario);
        match start {
            Some(sim) => Ok(Self::from_start(scenario, sim, step)),
            None => Self::run(scenario, step),
        }
    }

    /// The scenario with more steps, at its latest step: the simulation continued by those steps
    /// when possible (thousands of users: a few milliseconds a step), else the edited scenario
    /// run again.
    pub fn edited(&self, actions: Vec<Action>) -> Result<Derived, LoadError> {
        match self.extend(&actions) {
            Some(d) => Ok(d),
            None => Self::run(
                Rc::new(
                    actions
                        .into_iter()
                        .fold((*self.scenario).clone(), |s, a| with_step(&s, a)),
                ),
                usize::MAX,
            ),
        }
    }

    /// The scenario without its last step, at its latest step, and that step (`None`: no step
    /// to undo). The engine takes the step back with its record of what the step changed (one of
    /// the latest `UNDO_LEVELS` steps); further back, the shorter scenario runs again.
    pub fn undone(&self) -> Option<(Result<Derived, LoadError>, Step)> {
        let prev = without_last_step(&self.scenario)?;
        let step = self.scenario.steps.last()?.clone();
        let mut sim = (*self.full).clone();
        if !sim.undo() {
            return Some((Self::run(Rc::new(prev), usize::MAX), step));
        }
        sim.forget_unrun();
        let mut error_changes = (*self.error_changes).clone();
        error_changes.pop();
        let full = Rc::new(sim);
        Some((
            Ok(Derived {
                end_errors: Rc::new(error_keys(full.tenant())),
                start_errors: self.start_errors.clone(),
                error_changes: Rc::new(error_changes),
                cursor: prev.steps.len(),
                scenario: Rc::new(prev),
                view: full.clone(),
                full,
                start: self.start.clone(),
                revision: fresh_revision(),
            }),
            step,
        ))
    }

    /// The scenario with `step` appended again (a redo), at its latest step: `edited`, keeping
    /// the step's note.
    pub fn redone(&self, step: Step) -> Result<Derived, LoadError> {
        let mut next = self.edited(vec![step.action])?;
        if step.note.is_some() {
            let mut scenario = (*next.scenario).clone();
            if let Some(last) = scenario.steps.last_mut() {
                last.note = step.note;
            }
            next.scenario = Rc::new(scenario);
        }
        Ok(next)
    }

    /// The scenario under another name: nothing runs again (a name is no step).
    pub fn renamed(&self, name: &str) -> Derived {
        let mut scenario = (*self.scenario).clone();
        scenario.name = name.to_owned();
        Derived {
            scenario: Rc::new(scenario),
            full: self.full.clone(),
            view: self.view.clone(),
            cursor: self.cursor,
            error_changes: self.error_changes.clone(),
            end_errors: self.end_errors.clone(),
            start_errors: self.start_errors.clone(),
            start: self.start.clone(),
            revision: fresh_revision(),
        }
    }

    /// The scenario with other simulator options, run again and seen at the same step.
    pub fn with_options(&self, options: Options) -> Result<Derived, LoadError> {
        let mut next = (*self.scenario).clone();
        next.options = options;
        Self::run(Rc::new(next), self.cursor)
    }

    /// The scenario with other organization settings (the default usage location, the country)
    /// and per-country plan restrictions, run again and seen at the same step: like the options,
    /// these describe the tenant rather than happen to it, so they are no step.
    pub fn with_organization(
        &self,
        organization: Organization,
        prohibited: Vec<ProhibitedLocationDef>,
    ) -> Result<Derived, LoadError> {
        let mut next = (*self.scenario).clone();
        next.organization = organization;
        next.catalog.prohibited_locations = prohibited;
        Self::run(Rc::new(next), self.cursor)
    }

    pub fn tenant(&self) -> &Tenant {
        self.view.tenant()
    }

    /// consumedUnits of product `s` before the first step (the chart's first point).
    pub fn start_consumed(&self, s: usize) -> u32 {
        self.start
            .tenant()
            .skus()
            .get(s)
            .map_or(0, |sku| sku.consumed())
    }

    /// The rows in error before the first step.
    pub fn start_errors(&self) -> &[ErrorKey] {
        &self.start_errors
    }

    pub fn step_count(&self) -> usize {
        self.scenario.steps.len()
    }

    /// Is the user looking at the latest state (where edits apply)?
    pub fn at_end(&self) -> bool {
        self.cursor == self.step_count()
    }

    pub fn reports(&self) -> &[StepReport] {
        self.full.reports()
    }
}

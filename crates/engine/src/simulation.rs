//! `Simulation`: a scenario being stepped through, the engine's one stateful value for front ends.

use crate::reconcile::undo::UndoLog;
use crate::reconcile::{self, Rejection};
use crate::report::{ResultDocument, StepReport};
use crate::scenario::{self, document::Scenario};
use crate::tenant::{self, Tenant};
use crate::LoadError;
use std::collections::VecDeque;

mod reprocess;
pub use reprocess::ReprocessOutcome;

/// A scenario being run: the tenant as it stands, and what each step did so far.
#[derive(Debug, Clone)]
pub struct Simulation {
    tenant: Tenant,
    steps: Vec<(reconcile::Op, &'static str)>,
    reports: Vec<StepReport>,
    warnings: Vec<String>,
    /// What undoes each of the latest steps run (at most `undo_levels`), oldest first.
    undo: VecDeque<UndoLog>,
    undo_levels: usize,
}

impl Simulation {
    /// Loads a scenario: resolves every reference and builds the starting tenant.
    pub fn new(scenario: &Scenario) -> Result<Self, LoadError> {
        Self::load(scenario, None)
    }

    /// Loads a scenario it is given, dropping the document part by part as it is resolved (as
    /// `from_json` and `from_reader` do): a front end that made a big scenario itself (an
    /// import) and needs it no more does not hold it beside the whole tenant. Errors carry the
    /// field path, no line or column.
    pub fn from_scenario(scenario: Scenario) -> Result<Self, LoadError> {
        Ok(Simulation::from_loaded(scenario::load_document(scenario)?))
    }

    /// Parses and loads scenario JSON; errors carry line and column. The parsed document is
    /// dropped as soon as it is resolved, before the tenant's groups are built.
    pub fn from_json(text: &str) -> Result<Self, LoadError> {
        Ok(Simulation::from_loaded(scenario::load_text(text)?))
    }

    /// Parses and loads scenario JSON from `reader` (a buffered file), never holding the text,
    /// so a file may be bigger than the text limit of `from_json` (up to 2 GiB). Only when
    /// loading fails is `text_again` called, after what was read is dropped, for the text (a
    /// front end reads its file again): the error then has the line, column and words
    /// `from_json` gives.
    pub fn from_reader(
        reader: impl std::io::Read,
        text_again: impl FnOnce() -> Option<String>,
    ) -> Result<Self, LoadError> {
        Ok(Simulation::from_loaded(scenario::load_reader(
            reader, text_again,
        )?))
    }

    /// Loads a scenario already parsed from `text` (errors get its lines and columns) without
    /// parsing it again: `check` reads the scenario's steps itself.
    pub(crate) fn from_parsed(scenario: &Scenario, text: &str) -> Result<Self, LoadError> {
        Self::load(scenario, Some(text))
    }

    fn load(scenario: &Scenario, text: Option<&str>) -> Result<Self, LoadError> {
        Ok(Simulation::from_loaded(scenario::load(scenario, text)?))
    }

    fn from_loaded(loaded: scenario::Loaded) -> Self {
        Simulation {
            tenant: loaded.tenant,
            steps: loaded.steps,
            reports: Vec::new(),
            warnings: loaded.warnings,
            undo: VecDeque::new(),
            undo_levels: 0,
        }
    }

    /// What the scenario loaded with but deserves a word (a catalog rule naming a plan that looks
    /// like a typo of one of the scenario's, or a rule left out because none of its plans exist),
    /// each starting with its field path.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Resolves and validates a scenario, then returns its starting tenant to be built in
    /// portions: `Loading::advance` builds some and says how far it is, `Loading::finish` builds
    /// the rest. A front end can show progress and stay responsive while a big tenant loads.
    /// The result is the same as `Simulation::new`.
    pub fn loading(scenario: &Scenario) -> Result<Loading, LoadError> {
        Ok(Loading {
            building: scenario::prepare(scenario, None)?,
        })
    }

    pub fn tenant(&self) -> &Tenant {
        &self.tenant
    }

    pub fn reports(&self) -> &[StepReport] {
        &self.reports
    }

    pub fn step_count(&self) -> usize {
        self.steps.len()
    }

    /// How many steps have run.
    pub fn position(&self) -> usize {
        self.reports.len()
    }

    /// Runs the next step; `None` when every step has run.
    pub fn step(&mut self) -> Option<&StepReport> {
        let index = self.reports.len();
        let (op, name) = self.steps.get(index)?;
        let audit_start = self.tenant.audit.len();
        let (outcome, log) = self.tenant.apply_undoable(op);
        if self.undo_levels > 0 {
            if self.undo.len() == self.undo_levels {
                self.undo.pop_front();
            }
            self.undo.push_back(log);
        }
        let consumed_after = self.tenant.skus.iter().map(|s| s.consumed).collect();
        self.reports.push(StepReport {
            index,
            op: name,
            outcome,
            audit: audit_start..self.tenant.audit.len(),
            consumed_after,
        });
        self.reports.last()
    }

    pub fn run_to_end(&mut self) {
        while self.step().is_some() {}
    }

    /// Keeps what undoes each of the latest `levels` steps run from now on (none by default:
    /// a run that never goes back keeps nothing). A step's record holds the prior value of what
    /// it changed, no more: a membership change keeps one user's rows and memberships.
    pub fn keep_undo(&mut self, levels: usize) {
        self.undo_levels = levels;
        while self.undo.len() > levels {
            self.undo.pop_front();
        }
    }

    /// How many of the latest steps `undo` can take back now.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    /// Takes back the latest step run, leaving the tenant equal to what it was before it; the
    /// step stays in the list, next to run (`step` runs it again: a redo). `false` when no step
    /// can be undone (none run, or older than `keep_undo`'s levels).
    pub fn undo(&mut self) -> bool {
        let Some(log) = self.undo.pop_back() else {
            return false;
        };
        self.tenant.undo(log);
        self.reports.pop();
        true
    }

    /// Forgets the steps not run yet (those `undo` took back, or a scenario's later steps), so
    /// that `push` appends after the steps run.
    pub fn forget_unrun(&mut self) {
        self.steps.truncate(self.reports.len());
    }

    /// Appends a step after every step so far and runs it, resolved against the tenant as it
    /// stands: what a front end does when an edit adds a step, without loading and running the
    /// whole scenario again. The result is the same as loading the scenario with the step added.
    /// Steps that create objects (`createUser`, `createGroup`, `addSubscribedSku`,
    /// `addServicePlan`) are refused with an error: load the edited scenario instead.
    pub fn push(&mut self, action: &scenario::document::Action) -> Result<&StepReport, LoadError> {
        let step = self.resolve(action)?;
        Ok(self.push_resolved(&step))
    }

    /// Resolves a step's references against the tenant as it stands, for `push_resolved`: a
    /// front end (or a benchmark) that runs the same step many times resolves it once.
    pub fn resolve(&self, action: &scenario::document::Action) -> Result<ResolvedStep, LoadError> {
        Ok(ResolvedStep {
            op: scenario::resolve_against(&self.tenant, action)?,
            name: action.op(),
        })
    }

    /// `push` for a step already resolved (by `resolve`, against this simulation or a clone of it
    /// with the same objects).
    pub fn push_resolved(&mut self, step: &ResolvedStep) -> &StepReport {
        self.run_to_end();
        self.steps.push((step.op.clone(), step.name));
        self.step().expect("a step was just added")
    }

    /// What a step would do if it ran now, without running it: the outcome, the plans gained and
    /// lost, who would join and leave which groups, and the tenant after it. The docs advise
    /// trying a rule change on a test group first; this makes that unnecessary. Costs a copy of
    /// the tenant (the preview's); joins and leaves are read from the step's undo record.
    pub fn preview(&self, action: &scenario::document::Action) -> Result<Preview, LoadError> {
        let op = scenario::resolve_against(&self.tenant, action)?;
        let mut tenant = self.tenant.clone();
        let (outcome, log) = tenant.apply_undoable(&op);
        let mut joined = Vec::new();
        let mut left = Vec::new();
        for (u, was) in log.memberships_before() {
            let user = tenant.user(u);
            joined.extend(
                user.memberships
                    .iter()
                    .filter(|g| !was.contains(g))
                    .map(|g| (*g, u)),
            );
            left.extend(
                was.iter()
                    .filter(|g| !user.memberships.contains(g))
                    .map(|g| (*g, u)),
            );
        }
        Ok(Preview {
            outcome,
            joined,
            left,
            tenant,
        })
    }

    /// The result document for the steps run so far.
    pub fn result(&self) -> ResultDocument<'_> {
        ResultDocument::new(&self.tenant, &self.reports)
    }
}

/// A step whose ids are resolved to the tenant's indices (see `Simulation::resolve`).
#[derive(Debug, Clone)]
pub struct ResolvedStep {
    op: reconcile::Op,
    name: &'static str,
}

/// A scenario whose starting tenant is being built (see `Simulation::loading`).
pub struct Loading {
    building: scenario::Building,
}

impl Loading {
    /// (work done, all the work), in units of users and memberships: for a progress bar.
    pub fn progress(&self) -> (usize, usize) {
        self.building.progress()
    }

    /// Builds about `budget` units of work more; returns whether the tenant is complete.
    pub fn advance(&mut self, budget: usize) -> Result<bool, LoadError> {
        self.building.advance(budget, None)
    }

    /// Builds what is left and returns the simulation, at its start.
    pub fn finish(mut self) -> Result<Simulation, LoadError> {
        self.building.advance(usize::MAX, None)?;
        Ok(Simulation::from_loaded(self.building.finish()))
    }
}

/// A step's effect, computed on a copy of the tenant (see `Simulation::preview`).
#[derive(Debug, Clone)]
pub struct Preview {
    pub outcome: Result<Vec<reconcile::journal::PlanChange>, Rejection>,
    /// (group, user) memberships the step would add, and remove.
    pub joined: Vec<(tenant::GroupIx, tenant::UserIx)>,
    pub left: Vec<(tenant::GroupIx, tenant::UserIx)>,
    /// The tenant as it would be after the step.
    pub tenant: Tenant,
}

#[cfg(test)]
mod push_tests {
    use super::*;
    use scenario::document::{Action, Step};

    const TENANT: &str = r#"{"licenselab": 1,
      "subscribedSkus": [{"skuId": "E3", "prepaidUnits": {"enabled": 1}, "servicePlans": [{"servicePlanId": "EXO"}]}],
      "users": [{"id": "a", "usageLocation": "US"}, {"id": "b", "usageLocation": "US"}],
      "groups": [{"id": "g", "members": ["a", "b"], "assignedLicenses": [{"skuId": "E3"}]}]}"#;

    #[test]
    fn a_pushed_step_gives_what_loading_it_gives() {
        let mut pushed = Simulation::from_json(TENANT).unwrap();
        let steps = [
            Action::SetPrepaidUnits {
                sku: "E3".into(),
                prepaid_units: scenario::document::PrepaidUnits {
                    enabled: 2,
                    ..Default::default()
                },
            },
            Action::Reprocess {
                user: None,
                group: Some("g".into()),
            },
            Action::RemoveMember {
                group: "g".into(),
                member: "a".into(),
            },
        ];
        let mut scenario = scenario::parse(TENANT).unwrap();
        for action in &steps {
            assert!(pushed.push(action).unwrap().outcome.is_ok());
            scenario.steps.push(Step {
                action: action.clone(),
                note: None,
            });
        }
        let mut loaded = Simulation::new(&scenario).unwrap();
        loaded.run_to_end();
        assert_eq!(pushed.result().to_json(), loaded.result().to_json());
        assert_eq!(pushed.step_count(), 3);
    }

    #[test]
    fn unknown_references_and_creations_are_refused_and_change_nothing() {
        let mut sim = Simulation::from_json(TENANT).unwrap();
        assert!(sim
            .push(&Action::DeleteUser {
                user: "nobody".into()
            })
            .is_err());
        let create = Action::CreateUser {
            user: scenario::document::UserDef {
                id: "c".into(),
                ..Default::default()
            },
        };
        assert!(sim.push(&create).is_err());
        assert_eq!(sim.step_count(), 0);
        assert_eq!(sim.tenant().users.len(), 2);
    }
}

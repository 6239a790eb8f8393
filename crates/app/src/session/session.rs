//! The session: what the page held before the engine moved into a Web Worker (the scenario run at
//! the cursor, `Derived`, and the redo list), answering one request at a time. Each change runs
//! the engine through the same functions as the reducer (`model::change`), so the worker and the
//! page cannot differ in what an edit does.

use licenselab_engine::{LoadError, Scenario, Simulation, Step};

use super::protocol::{History, Problem, Request, Response, Revision, Source};
use crate::model::change::{self, Refusal};
use crate::model::portions::Portions;
use crate::model::views::{answer, Summary};
use crate::model::Derived;

/// A scenario open in the worker, or none yet.
#[derive(Default)]
pub struct Session {
    derived: Option<Derived>,
    /// The steps undo took off, the latest last; emptied by a new edit, an options or
    /// organization change, or another scenario.
    redo: Vec<Step>,
    revision: Revision,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// The simulation at the cursor (for tests and for whoever embeds a session natively).
    pub fn derived(&self) -> Option<&Derived> {
        self.derived.as_ref()
    }

    pub fn revision(&self) -> Revision {
        self.revision
    }

    /// Handles one request; `emit` gets what it says back, in order (progress while opening,
    /// then the outcome). Every request gets at least one response.
    pub fn handle(&mut self, request: Request, emit: &mut dyn FnMut(Response)) {
        match request {
            Request::Open { source, step } => self.open(source, step, emit),
            Request::Query { id, query } => match &self.derived {
                Some(d) => emit(Response::Answer {
                    id,
                    revision: self.revision,
                    answer: answer(d, &query),
                }),
                None => emit(self.nothing_open()),
            },
            // Edits, undo and redo change the simulation in place: the session holds it alone,
            // so an edit copies neither the tenant nor the scenario.
            Request::Edit { actions } => {
                let outcome = self.in_place(|d| change::edit_in_place(d, actions));
                self.changed_in_place(outcome, true, emit);
            }
            Request::Undo => {
                let outcome = self
                    .in_place(|d| change::undo_in_place(d).unwrap_or_else(|| Err(nothing("undo"))));
                let outcome = outcome.map(|step| self.redo.push(step));
                self.changed_in_place(outcome, false, emit);
            }
            Request::Redo => {
                let outcome = match self.redo.pop() {
                    Some(step) => self.in_place(|d| change::redo_in_place(d, step)),
                    None => Err(nothing("redo")),
                };
                self.changed_in_place(outcome, false, emit);
            }
            Request::Cursor { step } => {
                let outcome = self.with_derived(|d| Ok(d.at(step)));
                self.changed(outcome, false, emit);
            }
            Request::Options { options } => {
                let outcome = self.with_derived(|d| change::with_options(d, options));
                self.changed(outcome, true, emit);
            }
            Request::Organization {
                organization,
                prohibited,
            } => {
                let outcome =
                    self.with_derived(|d| change::with_organization(d, organization, prohibited));
                self.changed(outcome, true, emit);
            }
        }
    }

    fn with_derived<T>(
        &self,
        f: impl FnOnce(&Derived) -> Result<T, Refusal>,
    ) -> Result<T, Refusal> {
        match &self.derived {
            Some(d) => f(d),
            None => Err(nothing_open()),
        }
    }

    fn in_place<T>(
        &mut self,
        f: impl FnOnce(&mut Derived) -> Result<T, Refusal>,
    ) -> Result<T, Refusal> {
        match &mut self.derived {
            Some(d) => f(d),
            None => Err(nothing_open()),
        }
    }

    /// Says what a change made in place did (see `changed`).
    fn changed_in_place(
        &mut self,
        outcome: Result<(), Refusal>,
        clears_redo: bool,
        emit: &mut dyn FnMut(Response),
    ) {
        let outcome = outcome.and_then(|()| self.derived.take().ok_or_else(nothing_open));
        self.changed(outcome, clears_redo, emit);
    }

    /// Keeps a change's simulation (`clears_redo`: a new edit or a new run of the scenario empties
    /// the redo list), or says why there is none.
    fn changed(
        &mut self,
        outcome: Result<Derived, Refusal>,
        clears_redo: bool,
        emit: &mut dyn FnMut(Response),
    ) {
        match outcome {
            Ok(next) => {
                if clears_redo {
                    self.redo.clear();
                }
                self.revision += 1;
                let summary = Summary::of(&next);
                self.derived = Some(next);
                emit(Response::Changed {
                    revision: self.revision,
                    summary,
                    history: self.history(),
                });
            }
            Err(refused) => emit(self.refused(refused)),
        }
    }

    fn open(&mut self, source: Source, step: Option<usize>, emit: &mut dyn FnMut(Response)) {
        match read(source, emit).and_then(|(text, scenario)| build(&text, scenario, step, emit)) {
            Ok(d) => {
                self.redo.clear();
                self.revision += 1;
                let summary = Summary::of(&d);
                let warnings = d.full.warnings().to_vec();
                self.derived = Some(d);
                emit(Response::Opened {
                    revision: self.revision,
                    summary,
                    warnings,
                    history: self.history(),
                });
            }
            Err(problem) => emit(Response::Failed { problem }),
        }
    }

    fn history(&self) -> History {
        History {
            steps: self.derived.as_ref().map_or(0, |d| d.step_count()),
            redo: self.redo.len(),
        }
    }

    fn refused(&self, r: Refusal) -> Response {
        Response::Refused {
            revision: self.revision,
            title: r.title,
            message: r.message,
            hint: r.hint,
        }
    }

    fn nothing_open(&self) -> Response {
        self.refused(nothing_open())
    }
}

fn nothing_open() -> Refusal {
    Refusal {
        title: "No scenario is open".to_owned(),
        message: "Open a scenario first.".to_owned(),
        hint: None,
        rejected: false,
    }
}

fn nothing(what: &str) -> Refusal {
    Refusal {
        title: format!("Nothing to {what}"),
        message: format!("There is no step to {what}."),
        hint: None,
        rejected: false,
    }
}

/// The scenario's text and document, from its text or bytes (progress said first: a big file
/// takes a second).
fn read(source: Source, emit: &mut dyn FnMut(Response)) -> Result<(String, Scenario), Problem> {
    let text = match source {
        Source::Text(text) => text,
        Source::Bytes(bytes) => String::from_utf8(bytes).map_err(|e| {
            problem(format!(
                "The file is not UTF-8 text (at byte {}): save the scenario as UTF-8 JSON.",
                e.utf8_error().valid_up_to()
            ))
        })?,
        Source::Attached => {
            return Err(problem(
                "No file came with the request to open one: attach the file or send its text."
                    .to_owned(),
            ))
        }
    };
    emit(Response::Progress {
        done: 0,
        total: 0,
        sentence: format!("Reading the scenario ({})…", size(text.len())),
    });
    let scenario = licenselab_engine::parse(&text)?;
    Ok((text, scenario))
}

/// Its starting tenant built in portions, with progress after each, then its steps run. An error
/// found after parsing names a field path only: loading `text` again gives its line and column.
fn build(
    text: &str,
    scenario: Scenario,
    step: Option<usize>,
    emit: &mut dyn FnMut(Response),
) -> Result<Derived, Problem> {
    let positioned = |e: LoadError| match e.line {
        Some(_) => Problem::from(e),
        None => Problem::from(Simulation::from_json(text).err().unwrap_or(e)),
    };
    let mut portions = Portions::new(&scenario).map_err(positioned)?;
    while let Some(progress) = portions.advance().map_err(positioned)? {
        emit(Response::Progress {
            done: progress.done,
            total: progress.total,
            sentence: progress.sentence,
        });
    }
    let start = portions.finish().map_err(positioned)?;
    Derived::open(scenario, Some(start), step.unwrap_or(usize::MAX)).map_err(positioned)
}

fn problem(message: String) -> Problem {
    Problem::from(LoadError {
        line: None,
        column: None,
        path: String::new(),
        message,
    })
}

fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{} KB", bytes.div_ceil(1 << 10))
    }
}

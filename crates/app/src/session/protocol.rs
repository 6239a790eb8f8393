//! What the page and the worker's session say to each other: serde data that crosses
//! `postMessage` as plain JavaScript objects (`{"type": "query", "id": 3, "query": "Summary"}`).
//!
//! The page asks (`Request`); the session answers each request in turn (`Response`). Every change of
//! the simulation (a scenario opened, an edit, undo, redo, the cursor, the options) raises the
//! `revision`, and every answer carries the revision it was computed at, so the page drops an
//! answer to a question asked about a state it has left.

use licenselab_engine::{Action, LoadError, Options, Organization, ProhibitedLocationDef};
use serde::{Deserialize, Serialize};

use crate::model::views::{Answer, Query, Summary};

/// A question's number, chosen by the page; its answer carries it back.
pub type RequestId = u32;

/// The number of changes the session has made: each change adds one.
pub type Revision = u32;

/// What the page asks the session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Request {
    /// Open a scenario (replacing the one open) and look at `step` (`None`: the latest).
    Open {
        source: Source,
        #[serde(default)]
        step: Option<usize>,
    },
    /// Answer `query` about the tenant at the cursor.
    Query { id: RequestId, query: Query },
    /// Append these steps at the latest step, in one run (as the reducer's `Action::Edit` and
    /// `EditAll`): all are kept or, when the engine refuses one, none.
    Edit { actions: Vec<Action> },
    /// Take the latest step back (it goes on the redo list).
    Undo,
    /// Append again the step the latest undo took back.
    Redo,
    /// Look at the tenant after this many steps (clamped to the number of steps).
    Cursor { step: usize },
    /// Run the scenario again with other simulator options, at the same step.
    Options { options: Options },
    /// Run the scenario again with other organization settings and plan restrictions.
    Organization {
        organization: Organization,
        prohibited: Vec<ProhibitedLocationDef>,
    },
}

/// Where a scenario to open comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "camelCase")]
pub enum Source {
    /// Its text (an example, a share link: small).
    Text(String),
    /// Its file's bytes, UTF-8.
    Bytes(Vec<u8>),
    /// The file or blob posted beside the request, which the worker reads into `Bytes`: a big
    /// scenario never passes through the page as a string.
    Attached,
}

/// What the session says back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Response {
    /// The worker runs and reads requests from now on (sent once, by the worker, not the session:
    /// a request posted before it would be lost, so the page holds requests until then).
    Ready,
    /// Opening is under way: `done` of `total` units of work, in words.
    Progress {
        done: usize,
        total: usize,
        sentence: String,
    },
    /// A scenario opened.
    Opened {
        revision: Revision,
        summary: Summary,
        /// What loading noticed (a catalog rule left out, a likely typo), with field paths.
        warnings: Vec<String>,
        history: History,
    },
    /// An edit, undo, redo, cursor, options or organization change was made.
    Changed {
        revision: Revision,
        summary: Summary,
        history: History,
    },
    /// A change was not made (the engine refused a step, nothing to undo, no scenario open):
    /// nothing changed, and the revision stays.
    Refused {
        revision: Revision,
        title: String,
        message: String,
        hint: Option<String>,
    },
    /// A scenario could not be opened: where (line and column of the text, field path) and what.
    /// The scenario open before, if any, stays open.
    Failed { problem: Problem },
    /// The answer to the question `id`, at `revision`.
    Answer {
        id: RequestId,
        revision: Revision,
        answer: Answer,
    },
}

/// What Undo and Redo can do now (for their buttons).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct History {
    /// Steps Undo can take back.
    pub steps: usize,
    /// Steps Redo can append again.
    pub redo: usize,
}

/// Why a scenario did not load, with where when known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// 1-based line and column in the scenario's text.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The field path, such as `groups[1].members[0]` (empty: the whole document).
    pub path: String,
    pub message: String,
}

impl From<LoadError> for Problem {
    fn from(e: LoadError) -> Self {
        Problem {
            line: e.line,
            column: e.column,
            path: e.path,
            message: e.message,
        }
    }
}

impl std::fmt::Display for Problem {
    /// As the engine's `LoadError` says it: "line 3, column 7: users[0].id: ...".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        LoadError {
            line: self.line,
            column: self.column,
            path: self.path.clone(),
            message: self.message.clone(),
        }
        .fmt(f)
    }
}

//! Load errors: what went wrong where, and how a field path becomes a line and column.

use super::locate::{locate, locate_in_string, FieldPath, Segment};
use std::fmt;

/// Why a scenario could not be loaded: where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// 1-based line and column in the JSON text, when the scenario came as text.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The field path, such as `groups[1].members[0]`; empty for the whole document.
    pub path: String,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "line {line}, column {column}: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for LoadError {}

/// An error found after parsing, when only the field path says where: the text (if any) gives
/// it a line and column at the end (`positioned`).
pub(super) struct PathError {
    pub(super) path: FieldPath,
    pub(super) message: String,
    /// For an error inside a string value (a membership rule): the character it starts at.
    pub(super) within: Option<usize>,
}

pub(super) type Resolved<T> = Result<T, PathError>;

pub(super) fn fail<T>(path: &FieldPath, message: impl Into<String>) -> Resolved<T> {
    Err(PathError {
        path: path.clone(),
        message: message.into(),
        within: None,
    })
}

/// Turns a `PathError` into a `LoadError`, positioned in `text` when there is one.
pub(super) fn positioned(e: PathError, text: Option<&str>) -> LoadError {
    let position = text.and_then(|t| match e.within {
        Some(offset) => locate_in_string(t, &e.path, offset),
        None => locate(t, &e.path),
    });
    let (line, column) = match position {
        Some((l, c)) => (Some(l), Some(c)),
        None => (None, None),
    };
    LoadError {
        line,
        column,
        path: e.path.to_string(),
        message: e.message,
    }
}

/// `i` when the path is inside `steps[i]`.
pub(super) fn step_of(path: &FieldPath) -> Option<usize> {
    match path.0.as_slice() {
        [Segment::Key(steps), Segment::Index(i), ..] if steps == "steps" => Some(*i),
        _ => None,
    }
}

pub(super) fn step_index(path: &FieldPath) -> usize {
    step_of(path).expect("step paths are steps[i]")
}

/// Whether the path is a step itself, `steps[i]`.
pub(super) fn is_step(path: &FieldPath) -> bool {
    path.0.len() == 2 && step_of(path).is_some()
}

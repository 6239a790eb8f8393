//! Text to `Scenario`: serde's errors told in the user's terms, with line, column and field path.

use super::document::Scenario;
use super::errors::{is_step, step_of, LoadError};
use super::limits;
use super::locate::{locate, locate_name, offset_of, path_at, ErrorKind, FieldPath, Segment};
use super::step_kinds;
use serde_json::Value;
use std::io::Read;

/// Parses scenario JSON, with line and column for syntax errors and the field path for the rest.
pub fn parse(text: &str) -> Result<Scenario, LoadError> {
    parse_document(text, "scenario")
}

/// Parses a document of the scenario family (a scenario, or `check`'s changes file, whose
/// `steps` are read the same way), with the same errors. `what` names it in messages.
pub(crate) fn parse_document<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
) -> Result<T, LoadError> {
    if text.len() > limits::MAX_SCENARIO_BYTES {
        return Err(LoadError {
            line: None,
            column: None,
            path: String::new(),
            message: format!(
                "the {what} is {} MB; licenselab reads scenarios of up to {} MB",
                text.len() / 1_000_000,
                limits::MAX_SCENARIO_BYTES / 1_000_000
            ),
        });
    }
    parse_any_size(text, what)
}

/// `parse_document` without the size limit: for text read again to say where an error is, after
/// a reader (which has its own limit) failed. Read without tracking field paths (a wrapper around
/// every deserializer, a tenth of the embed page's binary): an error's path is found from its
/// position in the text (`path_at`).
pub(super) fn parse_any_size<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
) -> Result<T, LoadError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let document = T::deserialize(&mut deserializer).map_err(|e| {
        let kind = match e.classify() {
            serde_json::error::Category::Data => ErrorKind::Data,
            serde_json::error::Category::Eof => ErrorKind::Eof,
            serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
                ErrorKind::Syntax
            }
        };
        let path = path_at(text, offset_of(text, e.line(), e.column()), kind);
        describe_parse_error(text, path, &e)
    })?;
    deserializer.end().map_err(|e| trailing_text(&e, what))?;
    Ok(document)
}

/// Parses scenario JSON from a reader, holding only the `Scenario`, never the text. Its errors
/// have serde_json's line and column but not the field path and words `parse` gives (those need
/// the text): `read::load_reader` reads the text again for them. Without the text, the path is
/// tracked as it reads (serde_path_to_error; only the native front ends read from readers).
pub(super) fn parse_reader(reader: impl Read) -> Result<Scenario, ReaderError> {
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let scenario: Scenario =
        serde_path_to_error::deserialize(&mut deserializer).map_err(ReaderError::Document)?;
    deserializer.end().map_err(ReaderError::Trailing)?;
    Ok(scenario)
}

/// Why `parse_reader` failed.
pub(super) enum ReaderError {
    Document(serde_path_to_error::Error<serde_json::Error>),
    Trailing(serde_json::Error),
}

impl ReaderError {
    /// The error as well as it can be told without the text: serde_json's position and words.
    pub(super) fn without_text(&self) -> LoadError {
        match self {
            ReaderError::Trailing(e) => trailing_text(e, "scenario"),
            ReaderError::Document(e) => {
                let inner = e.inner();
                let raw = inner.to_string();
                let raw = raw.rfind(" at line ").map_or(raw.as_str(), |i| &raw[..i]);
                LoadError {
                    line: Some(inner.line().max(1)),
                    column: Some(inner.column().max(1)),
                    path: path_of(e.path()).to_string(),
                    message: plain_types(raw),
                }
            }
        }
    }
}

fn trailing_text(e: &serde_json::Error, what: &str) -> LoadError {
    LoadError {
        line: Some(e.line()),
        column: Some(e.column().max(1)),
        path: String::new(),
        message: format!(
            "unexpected text after the {what} object; a {what} file holds one JSON object"
        ),
    }
}

fn describe_parse_error(text: &str, mut path: FieldPath, inner: &serde_json::Error) -> LoadError {
    let raw = inner.to_string();
    let raw = raw.rfind(" at line ").map_or(raw.as_str(), |i| &raw[..i]);
    let mut message = plain_types(raw);
    let mut point_at_name = false;
    if raw.starts_with("recursion limit exceeded") {
        // The path is as deep as the nesting; the first levels say where it starts.
        path.0.truncate(3);
        message = format!(
            "the JSON nests more than {} levels deep; a scenario needs about 8 (is a list or object left open?)",
            limits::MAX_JSON_DEPTH
        );
    }
    if let Some(field) = quoted_after(raw, "unknown field `") {
        point_at_name = true;
        if path.0.last() != Some(&Segment::Key(field.clone())) {
            path = path.key(&field);
        }
        message = match step_op(text, &path) {
            Some(op) => format!(
                "`{field}` is not a field of {} `{op}` step; it takes {}",
                if op.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                },
                step_kinds::fields_of(&op)
            ),
            None => {
                let expected: Vec<&str> = raw.split('`').skip(3).step_by(2).collect();
                let closest = expected
                    .iter()
                    .min_by_key(|e| strsim::levenshtein(&e.to_lowercase(), &field.to_lowercase()));
                match closest {
                    Some(close)
                        if strsim::levenshtein(&close.to_lowercase(), &field.to_lowercase())
                            <= 3 =>
                    {
                        format!("unknown field `{field}`; did you mean `{close}`? (field names are case-sensitive)")
                    }
                    _ => format!("{message} (field names are case-sensitive)"),
                }
            }
        };
    } else if let (Some(op), true) = (quoted_after(raw, "unknown variant `"), is_step(&path)) {
        path = path.key("op");
        let closest = step_kinds::STEP_KINDS
            .iter()
            .map(|kind| kind.op)
            .min_by_key(|name| strsim::levenshtein(name, &op));
        message = match closest {
            Some(close) if strsim::levenshtein(close, &op) <= 3 => {
                format!(
                    "unknown op '{op}'; did you mean '{close}'? The ops are: {}",
                    step_kinds::op_names()
                )
            }
            _ => format!("unknown op '{op}'; the ops are: {}", step_kinds::op_names()),
        };
    }
    let (line, column) = if inner.is_data() && !path.is_root() {
        // serde_json reports where it stopped reading, which for a step (read through a buffer)
        // is its end; the field's own position is more useful.
        let position = if point_at_name {
            locate_name(text, &path)
        } else {
            locate(text, &path)
        };
        position.unwrap_or((inner.line().max(1), inner.column().max(1)))
    } else {
        // serde_json says column 0 before the first character of a line; users count from 1.
        (inner.line().max(1), inner.column().max(1))
    };
    LoadError {
        line: Some(line),
        column: Some(column),
        path: path.to_string(),
        message,
    }
}

/// The `op` of the step that `path` is inside, read from the text.
fn step_op(text: &str, path: &FieldPath) -> Option<String> {
    let i = step_of(path)?;
    let document: Value = serde_json::from_str(text).ok()?;
    document
        .get("steps")?
        .get(i)?
        .get("op")?
        .as_str()
        .map(str::to_owned)
}

fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    Some(rest[..rest.find('`')?].to_owned())
}

/// serde names Rust types ("expected u32"); users read JSON.
fn plain_types(message: &str) -> String {
    if message.starts_with("EOF while parsing") {
        return format!(
            "the text ends too soon ({message}): is the file empty, or a bracket or quote missing?"
        );
    }
    message
        .replace("expected u32", "expected a whole number (0 or more)")
        .replace("expected a borrowed string", "expected a string")
        .replace("expected a sequence", "expected a list [...]")
        .replace("expected a map", "expected an object {...}")
        .replace("unknown variant", "unknown value")
}

fn path_of(path: &serde_path_to_error::Path) -> FieldPath {
    let mut out = FieldPath::root();
    for segment in path.iter() {
        out = match segment {
            serde_path_to_error::Segment::Seq { index } => out.index(*index),
            serde_path_to_error::Segment::Map { key } => out.key(key),
            serde_path_to_error::Segment::Enum { variant } => out.key(variant),
            serde_path_to_error::Segment::Unknown => out,
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error `parse` gives for a broken text (its path found from serde_json's position), and
    /// the one it gives with the path serde_path_to_error tracks while reading; `None` when the
    /// text parses.
    fn both_errors(text: &str) -> Option<(LoadError, LoadError)> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let tracked = serde_path_to_error::deserialize::<_, Scenario>(&mut deserializer).err()?;
        let found = parse(text).err()?;
        Some((
            found,
            describe_parse_error(text, path_of(tracked.path()), tracked.inner()),
        ))
    }

    /// Every way of breaking a scenario by one edit at each byte: deleting it, or putting a
    /// number, a list or a stray comma in its place.
    fn variants(text: &str) -> impl Iterator<Item = String> + '_ {
        (0..text.len())
            .filter(move |i| text.is_char_boundary(*i))
            .flat_map(move |i| {
                ["", "1", "[]", ","].into_iter().map(move |insert| {
                    let end = (i + 1..=text.len())
                        .find(|e| text.is_char_boundary(*e))
                        .unwrap_or(text.len());
                    format!("{}{insert}{}", &text[..i], &text[end..])
                })
            })
    }

    #[test]
    fn an_errors_path_from_its_position_is_the_path_tracked_while_reading() {
        let text = include_str!("../../../../tests/scenarios/b24-dependent-removal-error.json");
        let mut compared = 0;
        let mut differ = Vec::new();
        for broken in variants(text) {
            if let Some((found, tracked)) = both_errors(&broken) {
                compared += 1;
                if found != tracked {
                    eprintln!("{found}\n{tracked}\n");
                    differ.push(format!("{} != {}", found.path, tracked.path));
                }
            }
        }
        assert!(compared > 1000, "only {compared} broken texts");
        differ.sort();
        differ.dedup();
        assert!(
            differ.is_empty(),
            "{} of {compared} differ: {differ:#?}",
            differ.len()
        );
    }
}

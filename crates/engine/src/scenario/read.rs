//! Loading from text or from a reader while holding as little as possible: the text is never
//! kept beside the whole tenant, and a reader's text is never held at all.

use super::build::{load_owned, Loaded};
use super::document::Scenario;
use super::errors::{positioned, LoadError};
use super::limits;
use super::parse::{parse, parse_any_size, parse_reader};
use std::io::{self, Read};

/// Parses and loads scenario text; the parsed document is dropped once it is resolved.
pub(crate) fn load_text(text: &str) -> Result<Loaded, LoadError> {
    let scenario = parse(text)?;
    load_owned(scenario).map_err(|e| positioned(e, Some(text)))
}

/// Loads a scenario document it is given, dropping the document part by part as it is resolved
/// (as `load_text` does), so the document and the whole tenant are never held at once. Errors
/// have the field path only: there is no text to find a line in.
pub(crate) fn load_document(scenario: Scenario) -> Result<Loaded, LoadError> {
    load_owned(scenario).map_err(|e| positioned(e, None))
}

/// Parses and loads scenario JSON from `reader` (up to `limits::MAX_SCENARIO_READ_BYTES`).
/// When it fails, everything read is dropped first, then `text_again` is asked for the text
/// (a front end reads its file again) to give the error the line, column and words that
/// `load_text` gives; without it the error has serde_json's position, or only the field path.
pub(crate) fn load_reader(
    reader: impl Read,
    text_again: impl FnOnce() -> Option<String>,
) -> Result<Loaded, LoadError> {
    load_reader_within(reader, limits::MAX_SCENARIO_READ_BYTES, text_again)
}

fn load_reader_within(
    reader: impl Read,
    limit: u64,
    text_again: impl FnOnce() -> Option<String>,
) -> Result<Loaded, LoadError> {
    let mut counted = Counted {
        inner: reader.take(limit + 1),
        bytes: 0,
    };
    let failure = match parse_reader(&mut counted) {
        Ok(_) if counted.bytes > limit => return Err(too_big(limit)),
        Ok(scenario) => match load_owned(scenario) {
            Ok(loaded) => return Ok(loaded),
            Err(e) => Err(e),
        },
        // Cut off at the limit, the text ends too soon; that is not what is wrong with it.
        Err(_) if counted.bytes > limit => return Err(too_big(limit)),
        Err(e) => Ok(e),
    };
    let text = text_again();
    match (failure, text) {
        (Err(e), text) => Err(positioned(e, text.as_deref())),
        // The same error `load_text` gives; if the text now parses, the file changed while read.
        (Ok(e), Some(text)) => Err(
            parse_any_size::<super::document::Scenario>(&text, "scenario")
                .err()
                .unwrap_or_else(|| e.without_text()),
        ),
        (Ok(e), None) => Err(e.without_text()),
    }
}

fn too_big(limit: u64) -> LoadError {
    LoadError {
        line: None,
        column: None,
        path: String::new(),
        message: format!(
            "the scenario is over {} MB; licenselab reads scenario files of up to {} MB",
            limit / 1_000_000,
            limit / 1_000_000
        ),
    }
}

/// A reader that counts the bytes it gives.
struct Counted<R> {
    inner: R,
    bytes: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buffer)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"{"licenselab": 1,
      "subscribedSkus": [{"skuId": "ENTERPRISEPACK", "prepaidUnits": {"enabled": 1}}],
      "users": [{"id": "a", "usageLocation": "US"}],
      "groups": [{"id": "g", "members": ["a"], "assignedLicenses": [{"skuId": "ENTERPRISEPACK"}]}]}"#;

    fn error_of(loaded: Result<Loaded, LoadError>) -> LoadError {
        loaded.err().expect("the scenario must not load")
    }

    #[test]
    fn a_reader_loads_what_the_text_loads() {
        let read = crate::Simulation::from_reader(SCENARIO.as_bytes(), || None);
        if let Err(e) = &read {
            panic!("{e}")
        }
        let text = crate::Simulation::from_json(SCENARIO).expect("the text loads");
        let read = read.expect("the reader loads");
        assert_eq!(read.result().to_json(), text.result().to_json());
        assert!(read.result().to_json().contains("\"consumedUnits\": 1"));
    }

    #[test]
    fn a_document_given_loads_what_its_text_loads_and_fails_at_the_same_field() {
        let scenario = crate::parse(SCENARIO).expect("parses");
        let given = crate::Simulation::from_scenario(scenario).expect("the document loads");
        let text = crate::Simulation::from_json(SCENARIO).expect("the text loads");
        assert_eq!(given.result().to_json(), text.result().to_json());
        assert!(given.result().to_json().contains("\"consumedUnits\": 1"));
        let broken = SCENARIO.replace(r#"["a"]"#, r#"["nobody"]"#);
        let from_text = error_of(load_text(&broken));
        let given = error_of(load_document(crate::parse(&broken).expect("parses")));
        assert_eq!((given.line, given.column), (None, None));
        assert_eq!(given.path, from_text.path);
        assert_eq!(given.message, from_text.message);
        assert_eq!(given.path, "groups[0].members[0]");
    }

    #[test]
    fn a_reader_gives_the_errors_text_gives_when_it_can_read_again() {
        for broken in [
            // found after parsing, by field path
            SCENARIO.replace(r#"["a"]"#, r#"["nobody"]"#),
            // serde's data error, given its field path and words from the text
            SCENARIO.replace(r#""enabled": 1"#, r#""enabled": -1"#),
            SCENARIO.replace("usageLocation", "usageLocaton"),
            // syntax
            SCENARIO.replace("]}", "]"),
        ] {
            let from_text = error_of(load_text(&broken));
            assert!(!from_text.message.contains("servicePlans"), "{from_text}");
            let from_reader = error_of(load_reader(broken.as_bytes(), || Some(broken.clone())));
            assert_eq!(from_reader, from_text);
            assert!(from_text.line.is_some(), "{from_text}");
            // Without the text: the field path, and serde_json's position where it has one.
            let alone = error_of(load_reader(broken.as_bytes(), || None));
            assert_eq!(alone.path.is_empty(), from_text.path.is_empty(), "{alone}");
        }
    }

    #[test]
    fn a_reader_stops_at_its_limit_with_the_size_not_the_cut() {
        let error = error_of(load_reader_within(SCENARIO.as_bytes(), 50, || None));
        assert_eq!(error.line, None);
        assert!(
            error
                .message
                .contains("licenselab reads scenario files of up to"),
            "{error}"
        );
        let exact = SCENARIO.len() as u64;
        assert!(load_reader_within(SCENARIO.as_bytes(), exact, || None).is_ok());
    }
}

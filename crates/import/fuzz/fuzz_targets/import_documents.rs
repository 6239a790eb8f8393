//! Any bytes as a set of named documents for `licenselab_import::import`. It never panics; an
//! error names a file and says something; a scenario it gives serialises, parses back with
//! `licenselab_engine::parse` to the same scenario, and loading it in the engine does not panic.
//!
//! The input: one byte of flags (low 5 bits: the number of documents, bit 6: anonymize), then
//! for each document one byte of path length, the path, two bytes (little endian) of length and
//! the bytes; the last document takes what is left when the input is shorter. `seed.py` writes
//! the files under `tests/import/` in this shape.

#![no_main]

use libfuzzer_sys::fuzz_target;
use licenselab_import::{import, Document, ImportOptions};

fn documents(data: &[u8]) -> Option<(Vec<Document>, bool)> {
    let (&flags, mut rest) = data.split_first()?;
    let count = usize::from(flags & 0x1f);
    let anonymize = flags & 0x40 != 0;
    let mut documents = Vec::with_capacity(count);
    for _ in 0..count {
        let Some((&length, after)) = rest.split_first() else {
            break;
        };
        let (path, after) = after.split_at(usize::from(length).min(after.len()));
        let (length, after) = match after {
            [a, b, after @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), after),
            _ => (0, &[][..]),
        };
        let (bytes, after) = after.split_at(length.min(after.len()));
        documents.push(Document {
            path: String::from_utf8_lossy(path).into_owned(),
            bytes: bytes.to_vec(),
        });
        rest = after;
    }
    Some((documents, anonymize))
}

fuzz_target!(|data: &[u8]| {
    let Some((documents, anonymize)) = documents(data) else {
        return;
    };
    match import(&documents, ImportOptions { anonymize }) {
        Ok(imported) => {
            let _ = imported.report.to_string();
            let text = serde_json::to_string(&imported.scenario).expect("the scenario serialises");
            let parsed = licenselab_engine::parse(&text)
                .unwrap_or_else(|e| panic!("the scenario does not parse back: {e}\n{text}"));
            assert_eq!(parsed, imported.scenario, "the scenario changes when parsed back");
            let _ = licenselab_engine::Simulation::new(&parsed);
        }
        Err(e) => {
            assert!(!e.message.is_empty(), "an error without a message");
            assert!(
                documents.iter().any(|d| d.path == e.path),
                "the error names no document given: {}",
                e.path
            );
        }
    }
});

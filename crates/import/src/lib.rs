//! Tenant import: what an administrator can already export from Entra, turned into an observed
//! scenario (`docs/reference/tenant-import.md`).
//!
//! Pure like the engine: no file system, no network, no clock. A front end reads the files and
//! hands over their paths and bytes as [`Document`]s; [`import`] recognises each by its content
//! (raw Graph v1.0 list responses, an EntraExporter folder, Graph PowerShell SDK objects through
//! `ConvertTo-Json`), maps them onto a [`licenselab_engine::Scenario`] with
//! `"startingState": "observed"`, and says in a [`Report`] what it read, skipped and could not map.
//! A document it cannot use is an [`ImportError`] naming the file and what to do.

mod anonymize;
mod collect;
mod detect;
mod error;
mod json;
mod map;
mod paths;
mod pending;
mod powershell;
mod report;
mod text;

pub use error::ImportError;
pub use pending::pending_summary;
pub use report::{Counts, IgnoredFile, Report, SkipReason, SkippedMember};

use licenselab_engine::Scenario;

/// One exported file: its path (as the user named it, used in messages and to find EntraExporter's
/// layout and a members file's group) and its bytes (UTF-8 or UTF-16, with or without a BOM).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// How to import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Replace names, user principal names, mail and proxy addresses (`tenant-import.md` §4).
    pub anonymize: bool,
}

/// A successful import: the scenario and what was read to make it.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub scenario: Scenario,
    pub report: Report,
}

/// Imports a set of exported files, in any order.
pub fn import(documents: &[Document], options: ImportOptions) -> Result<Imported, ImportError> {
    let mut report = Report::default();
    let mut records = collect::Records::default();
    // An interrupted `licenselab export` is refused before anything else is read.
    let mut completions = Vec::new();
    for document in documents {
        if paths::is_export_completion(&document.path) {
            let text = text::decode(&document.path, &document.bytes)?;
            completions.push(detect::export_completion(&document.path, &text)?);
        }
    }
    let mut completions = completions.into_iter();
    for document in documents {
        report.files += 1;
        if paths::is_export_completion(&document.path) {
            report.ignored_files.extend(completions.next());
            continue;
        }
        let text = text::decode(&document.path, &document.bytes)?;
        for found in detect::read(&document.path, &text)? {
            match found {
                detect::Found::Record(record) => records.add(record)?,
                detect::Found::Page(page) => records.page(page),
                detect::Found::Ignored(ignored) => report.ignored_files.push(ignored),
            }
        }
    }
    let mut scenario = map::scenario(records, &mut report)?;
    if options.anonymize {
        anonymize::scenario(&mut scenario);
        report.anonymized = true;
    }
    Ok(Imported { scenario, report })
}

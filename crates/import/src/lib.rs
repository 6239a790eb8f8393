//! Tenant import: what an administrator can already export from Entra, turned into an observed
//! scenario (`docs/reference/tenant-import.md`).
//!
//! Pure like the engine: no file system, no network, no clock. A front end reads the files and
//! hands over their paths and bytes as [`Document`]s; [`import`] recognises each by its content
//! (raw Graph v1.0 list responses, an EntraExporter folder, Graph PowerShell SDK objects through
//! `ConvertTo-Json`), maps them onto a [`licenselab_engine::Scenario`] with
//! `"startingState": "observed"`, and says in a [`Report`] what it read, skipped and could not map.
//! A document it cannot use is an [`ImportError`] naming the file and what to do.
//!
//! [`import`] takes every document at once; an [`Importer`] takes them one at a time, so that a
//! front end reading files holds one file's bytes at a time (`licenselab import` of a
//! 100,000-user tenant reads 332 MB of pages).

mod anonymize;
mod collect;
mod detect;
mod error;
mod json;
mod map;
mod paths;
mod pending;
mod place;
mod powershell;
mod report;
mod shapes;
mod stream;
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
    // An interrupted `licenselab export` is refused before anything else is read.
    for document in documents.iter().filter(|d| reads_first(&d.path)) {
        let text = text::decode(&document.path, &document.bytes)?;
        detect::export_completion(&document.path, &text)?;
    }
    let mut importer = Importer::new(options);
    for document in documents {
        importer.add(document)?;
    }
    Ok(importer.finish())
}

/// Should a front end handing documents to an [`Importer`] one at a time hand this one before
/// the others? `licenselab export`'s completion file is, so that an interrupted export is
/// refused before anything else is read.
pub fn reads_first(path: &str) -> bool {
    paths::is_export_completion(path)
}

/// An import of documents handed one at a time, in any order: each is read as it is added (its
/// bytes are not needed afterwards), and [`Importer::finish`] joins them into the scenario.
/// The same documents give the same scenario and report as [`import`].
#[derive(Debug)]
pub struct Importer {
    options: ImportOptions,
    report: Report,
    records: collect::Records,
}

impl Importer {
    pub fn new(options: ImportOptions) -> Importer {
        Importer {
            options,
            report: Report::default(),
            records: collect::Records::default(),
        }
    }

    /// Reads one document. An error names it (or, for an object listed twice with different
    /// values, it and the other file); the import cannot go on after one.
    pub fn add(&mut self, document: &Document) -> Result<(), ImportError> {
        self.report.files += 1;
        let text = text::decode(&document.path, &document.bytes)?;
        if reads_first(&document.path) {
            let completion = detect::export_completion(&document.path, &text)?;
            self.report.ignored_files.push(completion);
            return Ok(());
        }
        for found in detect::read(&document.path, &text, self.records.names())? {
            match found {
                detect::Found::Record(record) => self.records.add(record)?,
                detect::Found::Page(page) => self.records.page(page),
                detect::Found::Ignored(ignored) => self.report.ignored_files.push(ignored),
            }
        }
        Ok(())
    }

    /// The scenario of the documents added, and the report.
    pub fn finish(self) -> Imported {
        let Importer {
            options,
            mut report,
            records,
        } = self;
        let mut scenario = map::scenario(records, &mut report);
        if options.anonymize {
            anonymize::scenario(&mut scenario);
            report.anonymized = true;
        }
        Imported { scenario, report }
    }
}

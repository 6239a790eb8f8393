//! `licenselab import`: the shell's part. It reads the files (walking folders), hands their bytes
//! to `licenselab-import`, prints the report to standard error and writes the scenario
//! atomically: a temporary file in the same folder, then a rename, so a failed import writes
//! nothing.

use crate::files::write_atomically;
use licenselab_engine::Simulation;
use licenselab_import::{import, pending_summary, Document, ImportOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(paths: &[PathBuf], output: &Path, anonymize: bool) -> ExitCode {
    let mut files = Vec::new();
    for path in paths {
        if let Err(e) = collect(path, &mut files) {
            eprintln!("licenselab: cannot read {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    let mut documents = Vec::with_capacity(files.len());
    for file in files {
        match std::fs::read(&file) {
            Ok(bytes) => documents.push(Document {
                path: file.display().to_string(),
                bytes,
            }),
            Err(e) => {
                eprintln!("licenselab: cannot read {}: {e}", file.display());
                return ExitCode::from(2);
            }
        }
    }
    if documents.is_empty() {
        eprintln!("licenselab: no .json files in the paths given; nothing was written");
        return ExitCode::from(1);
    }
    let imported = match import(&documents, ImportOptions { anonymize }) {
        Ok(imported) => imported,
        Err(e) => {
            eprintln!("licenselab: import failed: {e}");
            eprintln!("nothing was written to {}", output.display());
            return ExitCode::from(1);
        }
    };
    // The files' bytes are not needed any more: the peak is the loaded simulation's.
    drop(documents);
    eprint!("{}", imported.report);
    // The scenario must load: a load error here is the import's fault, not the export's. The
    // simulation is dropped before the scenario is written.
    match Simulation::new(&imported.scenario) {
        Ok(simulation) => eprint!("{}", pending_summary(simulation.tenant())),
        Err(e) => {
            eprintln!(
                "licenselab: the import made a scenario that does not load ({e}); this is a bug in licenselab import, please report it"
            );
            eprintln!("nothing was written to {}", output.display());
            return ExitCode::from(2);
        }
    }
    let text = match serde_json::to_string_pretty(&imported.scenario) {
        Ok(text) => text + "\n",
        Err(e) => {
            eprintln!("licenselab: cannot write the scenario: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = write_atomically(output, |out| out.write_all(text.as_bytes())) {
        eprintln!("licenselab: cannot write {}: {e}", output.display());
        return ExitCode::from(2);
    }
    eprintln!("wrote {}", output.display());
    ExitCode::SUCCESS
}

/// A file as it is; a folder's `.json` files, all the way down, in name order.
fn collect(path: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !path.is_dir() {
        std::fs::metadata(path)?;
        files.push(path.to_owned());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for entry in entries {
        let name = entry.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let is_json = entry
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if entry.is_dir() || is_json {
            collect(&entry, files)?;
        }
    }
    Ok(())
}

//! `licenselab import`: the shell's part. It reads the files (walking folders) and hands them to
//! `licenselab-import` one at a time, so that one file's bytes are in memory at a time; prints
//! the report to standard error and writes the scenario atomically: a temporary file in the same
//! folder, then a rename, so a failed import writes nothing.

use crate::files::{rename_over, write_temporary};
use licenselab_engine::{Scenario, Simulation};
use licenselab_import::{
    pending_summary, reads_first, Document, ImportOptions, Imported, Importer,
};
use std::io::{Read, Write};
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
    if files.is_empty() {
        eprintln!("licenselab: no .json files in the paths given; nothing was written");
        return ExitCode::from(1);
    }
    // `licenselab export`'s completion file first, so that an interrupted export is refused
    // before anything else is read; the rest in the order given.
    files.sort_by_key(|file| !reads_first(&file.display().to_string()));
    let mut importer = Importer::new(ImportOptions { anonymize });
    // One buffer for every file's bytes, read one file at a time: the importer keeps what it
    // read, not the text.
    let mut bytes = Vec::new();
    for file in files {
        bytes.clear();
        if let Err(e) = std::fs::File::open(&file).and_then(|mut f| f.read_to_end(&mut bytes)) {
            eprintln!("licenselab: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
        let document = Document {
            path: file.display().to_string(),
            bytes,
        };
        if let Err(e) = importer.add(&document) {
            eprintln!("licenselab: import failed: {e}");
            eprintln!("nothing was written to {}", output.display());
            return ExitCode::from(1);
        }
        bytes = document.bytes;
    }
    let Imported { scenario, report } = importer.finish();
    eprint!("{report}");
    // Written first, then handed to the loader, which drops it part by part as it resolves it,
    // as `licenselab validate` of the file does: the whole scenario is never held beside the
    // whole tenant. (Written on a second thread while a borrowed copy loaded, the import peaked
    // 32 MB higher at 100,000 users.)
    let temporary = match write_scenario(output, &scenario) {
        Ok(temporary) => temporary,
        Err(e) => {
            eprintln!("licenselab: cannot write {}: {e}", output.display());
            return ExitCode::from(2);
        }
    };
    // The scenario must load: a load error here is the import's fault, not the export's. The
    // file is renamed into place only once it has loaded.
    match Simulation::from_scenario(scenario) {
        Ok(simulation) => {
            eprint!("{}", pending_summary(simulation.tenant()));
            // Not freed piece by piece: see the end of `run`.
            std::mem::forget(simulation);
        }
        Err(e) => {
            let _ = std::fs::remove_file(temporary);
            eprintln!(
                "licenselab: the import made a scenario that does not load ({e}); this is a bug in licenselab import, please report it"
            );
            eprintln!("nothing was written to {}", output.display());
            return ExitCode::from(2);
        }
    }
    if let Err(e) = rename_over(&temporary, output) {
        eprintln!("licenselab: cannot write {}: {e}", output.display());
        return ExitCode::from(2);
    }
    eprintln!("wrote {}", output.display());
    // The command ends here, and the operating system takes the memory back at once: freeing
    // a big tenant's million strings one by one took half a second of the 100,000-user import.
    std::mem::forget(report);
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

/// Writes the scenario as pretty JSON, streamed rather than held as one string.
fn write_scenario(path: &Path, scenario: &Scenario) -> std::io::Result<PathBuf> {
    write_temporary(path, |writer| {
        serde_json::to_writer_pretty(&mut *writer, scenario)?;
        writer.write_all(b"\n")
    })
}

//! The command's file handling: scenarios read without holding their text, and output written
//! atomically (a temporary file beside the target, then a rename), so a failed or interrupted
//! write leaves the old file or none, never half of a new one.

use licenselab_engine::{LoadError, Simulation};
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Why a scenario did not load: the file could not be read, or it is not a valid scenario.
pub enum LoadFailure {
    Unreadable(String),
    Invalid(LoadError),
}

/// Loads the scenario at `path` (or standard input for `-`). A file is parsed from a buffered
/// reader, so its text is never whole in memory (files of up to 2 GiB); standard input is read
/// whole, within the engine's text limit.
pub fn load(path: &Path) -> Result<Simulation, LoadFailure> {
    let name = path.display();
    if path.as_os_str() == "-" {
        let text = std::io::read_to_string(std::io::stdin())
            .map_err(|e| LoadFailure::Unreadable(format!("cannot read {name}: {e}")))?;
        return Simulation::from_json(&text).map_err(LoadFailure::Invalid);
    }
    let file = File::open(path)
        .map_err(|e| LoadFailure::Unreadable(format!("cannot read {name}: {e}")))?;
    // Read again only to say where an error is: the engine has dropped what it read by then.
    let text_again = || std::fs::read_to_string(path).ok();
    Simulation::from_reader(BufReader::with_capacity(1 << 16, file), text_again)
        .map_err(LoadFailure::Invalid)
}

/// A file's text (or standard input's, for `-`) and the name to give it in messages; `None`
/// once the error has been printed.
pub fn read(path: &Path) -> Option<(String, String)> {
    let name = path.display().to_string();
    let result = if name == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    };
    match result {
        Ok(text) => Some((text, name)),
        Err(e) => {
            eprintln!("licenselab: cannot read {name}: {e}");
            None
        }
    }
}

/// Writes `bytes` to standard output. A reader that stops early (`| head`) is not a failure; any
/// other write error is, and is printed with `what` was being written. `false` when it failed.
pub fn print(bytes: &[u8], what: &str) -> bool {
    let mut out = std::io::stdout().lock();
    match reader_may_stop(out.write_all(bytes).and_then(|()| out.flush())) {
        Err(e) => {
            eprintln!("licenselab: cannot write {what}: {e}");
            false
        }
        Ok(()) => true,
    }
}

/// `result` of writing to standard output, with a reader that stopped early (`| head`) taken
/// as success.
pub fn reader_may_stop(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes `path` through `write`, atomically: readers see the old file or the whole new one.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let temporary = write_temporary(path, write)?;
    rename_over(&temporary, path)
}

/// Writes through `write` into a temporary file beside `path`, to be renamed over it with
/// [`rename_over`] once the caller knows the output is good (`import` loads the scenario
/// meanwhile). Nothing is left behind when writing fails.
pub fn write_temporary(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> std::io::Result<PathBuf> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = File::create(&temporary).and_then(|file| {
        let mut out = BufWriter::with_capacity(1 << 16, file);
        write(&mut out)?;
        out.flush()
    });
    match written {
        Ok(()) => Ok(temporary),
        Err(e) => {
            let _ = std::fs::remove_file(&temporary);
            Err(e)
        }
    }
}

/// Renames a finished temporary file over the target; removes it when that fails.
pub fn rename_over(temporary: &Path, path: &Path) -> std::io::Result<()> {
    let renamed = std::fs::rename(temporary, path);
    if renamed.is_err() {
        let _ = std::fs::remove_file(temporary);
    }
    renamed
}

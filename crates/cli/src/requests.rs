//! `licenselab requests PLAN.json --emit graph|powershell [-o OUT]`: the plan's steps as Graph
//! requests or a PowerShell script (`licenselab-requests` does the work; docs/requests.md).

use crate::files::write_atomically;
use clap::ValueEnum;
use licenselab_requests::Emit;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// The requests as JSON: method, URL, body, what to wait for and check after each.
    Graph,
    /// A PowerShell script of Invoke-MgGraphRequest calls with its waits and checks.
    Powershell,
}

impl Format {
    pub fn emit(self) -> Emit {
        match self {
            Format::Graph => Emit::Graph,
            Format::Powershell => Emit::PowerShell,
        }
    }
}

/// Exit 0 when written; 1 when the plan cannot be written as requests; 2 when a file cannot be
/// read or written.
pub fn run(plan: &Path, format: Format, output: Option<&PathBuf>) -> ExitCode {
    let Some((text, name)) = crate::files::read(plan) else {
        return ExitCode::from(2);
    };
    let written = match licenselab_requests::emit(&text, format.emit()) {
        Ok(written) => written,
        Err(e) => {
            eprintln!("licenselab: {name}: {e}");
            return ExitCode::from(1);
        }
    };
    match output {
        None => {
            if !crate::files::print(written.as_bytes(), "the requests") {
                return ExitCode::from(2);
            }
        }
        Some(path) => {
            if let Err(e) = write_atomically(path, |out| out.write_all(written.as_bytes())) {
                eprintln!("licenselab: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

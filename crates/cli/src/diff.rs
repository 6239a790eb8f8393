//! `licenselab diff OLD NEW`: the shell's part. It reads the two files, loads each (a load error
//! names the file, line and column), and prints `licenselab-diff`'s report; the exit code says
//! whether anything changed when `--exit-code` asks, as `git diff --exit-code` does.

use licenselab_diff::{compare, load, render_markdown, render_text};
use std::path::Path;
use std::process::ExitCode;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// A readable report: what changed, object by object.
    Text,
    /// The diff document (docs/ci.md describes its fields).
    Json,
    /// The readable report as Markdown tables, for a pull request or an issue.
    Markdown,
}

/// Exit codes: 0 (no change, or no `--exit-code`), 1 (changes, with `--exit-code`), 2 (a file
/// could not be read or loaded).
pub fn run(old: &Path, new: &Path, format: Format, exit_code: bool) -> ExitCode {
    let Some(old) = snapshot(old) else {
        return ExitCode::from(2);
    };
    let Some(new) = snapshot(new) else {
        return ExitCode::from(2);
    };
    let diff = compare(old.tenant(), new.tenant());
    let report = match format {
        Format::Text => render_text(&diff),
        Format::Json => diff.to_json(),
        Format::Markdown => render_markdown(&diff),
    };
    if !crate::files::print(report.as_bytes(), "the diff") {
        return ExitCode::from(2);
    }
    if exit_code && diff.changed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A file loaded and run to its end, its warnings on standard error; `None` (with the reason on
/// standard error) when it cannot be read or loaded.
fn snapshot(path: &Path) -> Option<licenselab_engine::Simulation> {
    let (text, name) = crate::files::read(path)?;
    match load(&text) {
        Ok(simulation) => {
            crate::warn(&name, &simulation);
            Some(simulation)
        }
        Err(e) => {
            eprintln!("licenselab: {name}: {e}");
            None
        }
    }
}

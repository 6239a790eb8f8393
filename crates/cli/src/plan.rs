//! `licenselab plan TENANT TARGET -o PLAN.json`: the shell's part. It reads and parses the two
//! files (a load error names the file, line and column), asks `licenselab-plan` for the plan,
//! writes the plan scenario atomically (and, with `--emit`, its steps as Graph requests or a
//! PowerShell script beside it, through `licenselab-requests`) and prints the summary.

use licenselab_engine::parse;
use licenselab_plan::{plan, render_text, PlanOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// A readable summary: seats to buy, steps, gaps, errors on the way, the obvious order.
    Text,
    /// The same as JSON (docs/plan.md describes its fields).
    Json,
}

pub fn run(
    tenant: &Path,
    target: &Path,
    output: &Path,
    naive: Option<&Path>,
    emit: Option<crate::requests::Format>,
    format: Format,
) -> ExitCode {
    let (Some(tenant), Some(target)) = (scenario(tenant), scenario(target)) else {
        return ExitCode::from(2);
    };
    let plan = match plan(&tenant, &target, &PlanOptions::default()) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("licenselab: {e}");
            return ExitCode::from(2);
        }
    };
    let scenario = plan.to_json();
    let requests = match emit {
        None => None,
        Some(format) => match licenselab_requests::emit(&scenario, format.emit()) {
            Ok(text) => Some((requests_path(output, format), text)),
            Err(e) => {
                eprintln!("licenselab: the plan cannot be written as requests: {e}");
                eprintln!("nothing was written");
                return ExitCode::from(2);
            }
        },
    };
    let naive = naive.map(|path| (path.to_owned(), plan.naive_json()));
    for (path, text) in std::iter::once((output.to_owned(), scenario))
        .chain(naive)
        .chain(requests)
    {
        if let Err(e) = crate::files::write_atomically(&path, |out| out.write_all(text.as_bytes()))
        {
            eprintln!("licenselab: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
        eprintln!("wrote {}", path.display());
    }
    let summary = match format {
        Format::Text => render_text(&plan),
        Format::Json => plan.report_json(),
    };
    if !crate::files::print(summary.as_bytes(), "the summary") {
        return ExitCode::from(2);
    }
    if plan.no_service_gap && plan.reaches_target {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Beside the plan: `PLAN.graph.json` for the requests, `PLAN.ps1` for the script.
fn requests_path(plan: &Path, format: crate::requests::Format) -> PathBuf {
    let stem = plan.file_stem().unwrap_or_default().to_string_lossy();
    let name = match format {
        crate::requests::Format::Graph => format!("{stem}.graph.json"),
        crate::requests::Format::Powershell => format!("{stem}.ps1"),
    };
    plan.with_file_name(name)
}

fn scenario(path: &Path) -> Option<licenselab_engine::Scenario> {
    let (text, name) = crate::files::read(path)?;
    match parse(&text) {
        Ok(scenario) => Some(scenario),
        Err(e) => {
            eprintln!("licenselab: {name}: {e}");
            None
        }
    }
}

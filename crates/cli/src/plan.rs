//! `licenselab plan TENANT TARGET -o PLAN.json`: the shell's part. It reads and parses the two
//! files (a load error names the file, line and column), asks `licenselab-plan` for the plan,
//! writes the plan scenario atomically and prints the summary.

use licenselab_engine::parse;
use licenselab_plan::{plan, render_text, PlanOptions};
use std::io::Write;
use std::path::Path;
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
    for (path, text) in
        std::iter::once((output, plan.to_json())).chain(naive.map(|path| (path, plan.naive_json())))
    {
        if let Err(e) = crate::import::write_atomically(path, text.as_bytes()) {
            eprintln!("licenselab: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    let summary = match format {
        Format::Text => render_text(&plan),
        Format::Json => plan.report_json(),
    };
    match std::io::stdout().lock().write_all(summary.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("licenselab: cannot write the summary: {e}");
            return ExitCode::from(2);
        }
        _ => {}
    }
    if plan.no_service_gap && plan.reaches_target {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn scenario(path: &Path) -> Option<licenselab_engine::Scenario> {
    let (text, name) = crate::read(path)?;
    match parse(&text) {
        Ok(scenario) => Some(scenario),
        Err(e) => {
            eprintln!("licenselab: {name}: {e}");
            None
        }
    }
}

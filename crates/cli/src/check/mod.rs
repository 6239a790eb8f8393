//! `licenselab check`: runs a scenario (and a changes file), evaluates its expectations and the
//! denied policies in the engine, prints the report in the chosen format and sets the exit code:
//! 0 all held, 1 something failed, 2 the input does not load.

mod junit;
mod markdown;
mod text;

use clap::ValueEnum;
use licenselab_engine::{CheckError, CheckOptions, CheckReport};
use std::path::Path;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    /// What failed, one line each, then a summary.
    Text,
    /// The check report (`docs/ci.md`), the same bytes as the JavaScript API's `check`.
    Json,
    /// JUnit XML for CI test reports: a test case per expectation and per denied policy.
    Junit,
    /// Markdown for a pull request comment: what failed, who gains and loses what, the seats.
    Markdown,
}

pub struct CheckArgs<'a> {
    pub scenario: &'a Path,
    pub changes: Option<&'a Path>,
    pub deny: &'a [String],
    pub allow: &'a [String],
    pub format: CheckFormat,
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let failed_to_load = ExitCode::from(2);
    let options = match CheckOptions::parse(args.deny, args.allow) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("licenselab: {message}");
            return failed_to_load;
        }
    };
    let Some((scenario_text, scenario_name)) = crate::files::read(args.scenario) else {
        return failed_to_load;
    };
    let changes = match args.changes {
        Some(path) => match crate::files::read(path) {
            Some(read) => Some(read),
            None => return failed_to_load,
        },
        None => None,
    };
    let report = licenselab_engine::check(
        &scenario_text,
        changes.as_ref().map(|(text, _)| text.as_str()),
        &options,
    );
    let report = match report {
        Ok(report) => report,
        Err(e) => {
            let file = match &e {
                CheckError::Scenario(_) => format!("{scenario_name}: "),
                CheckError::Changes(_) => {
                    format!(
                        "{}: ",
                        changes.as_ref().map_or("", |(_, name)| name.as_str())
                    )
                }
                CheckError::Options(_) => String::new(),
            };
            eprintln!("licenselab: {file}{e}");
            return failed_to_load;
        }
    };
    if !crate::files::print(
        render(&report, &scenario_name, args.format).as_bytes(),
        "the report",
    ) {
        return ExitCode::from(2);
    }
    if report.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn render(report: &CheckReport, name: &str, format: CheckFormat) -> String {
    match format {
        CheckFormat::Text => text::render(report, name),
        CheckFormat::Json => report.to_json(),
        CheckFormat::Junit => junit::render(report, name),
        CheckFormat::Markdown => markdown::render(report, name),
    }
}

/// `passed`, or `failed (N failures)`.
fn verdict(report: &CheckReport) -> String {
    match report.failures.len() {
        0 => "passed".to_owned(),
        1 => "failed (1 failure)".to_owned(),
        n => format!("failed ({n} failures)"),
    }
}

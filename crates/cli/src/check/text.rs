//! The check report as plain text: what failed, one line each, then what was checked.

use licenselab_engine::CheckReport;
use std::fmt::Write;

pub fn render(report: &CheckReport, name: &str) -> String {
    let mut out = String::new();
    let verdict = super::verdict(report);
    writeln!(out, "licenselab check {name}: {verdict}").unwrap();
    for failure in &report.failures {
        writeln!(out, "  {}: {}", failure.check, failure.message).unwrap();
    }
    let expectations = &report.expectations;
    let held = expectations.iter().filter(|e| e.passed).count();
    writeln!(out, "expectations: {held} of {} held", expectations.len()).unwrap();
    for policy in &report.policies {
        let allowed = match policy.allowed {
            0 => String::new(),
            n => format!(" ({n} allowed by exceptions)"),
        };
        let outcome = match policy.failures {
            0 => "holds".to_owned(),
            n => format!("{n} failures"),
        };
        writeln!(out, "--deny {}: {outcome}{allowed}", policy.policy).unwrap();
    }
    for seat in report.seats.iter().filter(|s| s.shortfall > 0) {
        writeln!(
            out,
            "seats: {} needs {} more ({} assignable, {} in use)",
            seat.sku_id, seat.shortfall, seat.assignable, seat.consumed_after
        )
        .unwrap();
    }
    out
}

//! The check report as Markdown for a pull request comment: what failed, who gains and who
//! loses what, and the seats.

use licenselab_engine::CheckReport;
use std::fmt::Write;

pub fn render(report: &CheckReport, name: &str) -> String {
    let mut out = String::new();
    let verdict = super::verdict(report);
    writeln!(out, "### licenselab check `{}`: {verdict}\n", cell(name)).unwrap();
    if !report.failures.is_empty() {
        out.push_str("| check | step | user | what failed |\n|---|---|---|---|\n");
        for f in &report.failures {
            let step = f.step.map_or(String::new(), |s| report.step_label(s));
            let who = f
                .user
                .as_deref()
                .or(f.group.as_deref())
                .or(f.sku_id.as_deref());
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&f.check),
                cell(&step),
                cell(who.unwrap_or("")),
                cell(&f.message)
            )
            .unwrap();
        }
        out.push('\n');
    }
    if !report.users.is_empty() {
        out.push_str("#### Who gains and who loses what\n\n");
        out.push_str(
            "| user | gains | loses | interrupted | plans lost |\n|---|---|---|---|---|\n",
        );
        for u in &report.users {
            let gaps: Vec<String> = u
                .service_gaps
                .iter()
                .map(|g| {
                    format!(
                        "{} (after step {} until step {})",
                        g.service, g.lost_after, g.back_after
                    )
                })
                .collect();
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&u.user),
                cell(&u.gained_services.join(", ")),
                cell(&u.lost_services.join(", ")),
                cell(&gaps.join(", ")),
                cell(&u.lost_plans.join(", "))
            )
            .unwrap();
        }
        out.push('\n');
    }
    out.push_str("#### Seats\n\n");
    out.push_str("| product | assignable | in use before | in use after | more needed |\n|---|---|---|---|---|\n");
    for s in &report.seats {
        let product = match &s.sku_part_number {
            Some(part) if *part != s.sku_id => format!("{} ({part})", s.sku_id),
            _ => s.sku_id.clone(),
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&product),
            s.assignable,
            s.consumed_before,
            s.consumed_after,
            s.shortfall
        )
        .unwrap();
    }
    out
}

/// Text safe in a table cell: pipes escaped, line breaks as spaces.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

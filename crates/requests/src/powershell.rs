//! `--emit powershell`: the request list as a script of `Invoke-MgGraphRequest` calls. A fixed
//! preamble (connection, polling and check functions) and, per entry, one call with its waits
//! and checks; every value is written as a single-quoted literal, so nothing in a plan is code.

use crate::model::{Action, Check, GraphRequest, PlanCheck, Wait, GRAPH_ROOT};
use crate::scopes::scopes;
use std::fmt::Write;

const PREAMBLE: &str = include_str!("preamble.ps1");

/// The script: stops at the first error (`$ErrorActionPreference = 'Stop'`, every failed check
/// throws), waits with a timeout after each step whose processing Graph does later.
pub fn powershell(requests: &[GraphRequest]) -> String {
    let mut script = String::new();
    script.push_str("# Written by licenselab requests --emit powershell (docs/requests.md).\n");
    script.push_str("# Run it with PowerShell 7 and the Microsoft.Graph.Authentication module.\n");
    script.push_str("#Requires -Modules Microsoft.Graph.Authentication\n");
    script.push_str(PREAMBLE);
    let scopes: Vec<String> = scopes(requests).into_iter().map(quote).collect();
    if scopes.is_empty() {
        // Only by-hand steps: nothing to send or read.
        script.push_str("\n# Every step is done by hand: no connection to Graph is needed.\n\n");
    } else {
        let _ = writeln!(
            script,
            "\nConnect-MgGraph -Scopes {} -NoWelcome\n",
            scopes.join(", ")
        );
    }
    let mut step = None;
    for request in requests {
        if step != Some(request.step) {
            step = Some(request.step);
            let _ = writeln!(script, "# Step {}: {}", request.step, request.op);
            if let Some(note) = &request.note {
                let _ = writeln!(script, "{}", comment(note));
            }
            let _ = writeln!(script, "$Step = {}", request.step);
        }
        match &request.action {
            Action::Call(call) => {
                let mut line = format!(
                    "Invoke-MgGraphRequest -Method {} -Uri {}",
                    call.method.as_str(),
                    quote(format!("{GRAPH_ROOT}{}", call.url))
                );
                if let Some(body) = &call.body {
                    let _ = write!(
                        line,
                        " -Body {} -ContentType 'application/json'",
                        quote(body.to_string())
                    );
                }
                let _ = writeln!(script, "{line} | Out-Null");
            }
            Action::ByHand { by_hand } => {
                let _ = writeln!(script, "# By hand: no Graph request does this.");
                let _ = writeln!(script, "{}", comment(by_hand));
                let _ = writeln!(script, "Wait-ByHand {}", quote(by_hand));
            }
        }
        for wait in &request.wait {
            let _ = writeln!(script, "{}", wait_line(wait));
        }
        for check in &request.checks {
            let _ = writeln!(script, "$Check = {}", quote(check_name(check)));
            let _ = writeln!(script, "{}", check_line(&check.check));
        }
        if !request.checks.is_empty() {
            script.push_str("$Check = $null\n");
        }
        script.push('\n');
    }
    script.push_str("Write-Host 'Done: every request was sent and every check held.'\n");
    script
}

fn uri(read: &str) -> String {
    quote(format!("{GRAPH_ROOT}{read}"))
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(quote).collect();
    format!("@({})", quoted.join(", "))
}

fn boolean(value: bool) -> &'static str {
    if value {
        "$true"
    } else {
        "$false"
    }
}

fn wait_line(wait: &Wait) -> String {
    match wait {
        Wait::GroupProcessed { group, read } => {
            format!(
                "Wait-GroupProcessed -Uri {} -Group {}",
                uri(read),
                quote(group)
            )
        }
        Wait::UserRows {
            user,
            group,
            sku_ids,
            present,
            read,
        } => format!(
            "Wait-UserRows -Uri {} -User {} -Group {} -SkuIds {} -Present {}",
            uri(read),
            quote(user),
            quote(group),
            list(sku_ids),
            boolean(*present)
        ),
    }
}

/// How a failed check names its expectation: `expect[3]`, with its note.
fn check_name(check: &PlanCheck) -> String {
    match &check.note {
        Some(note) => {
            let one_line: String = note
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            format!("expect[{}] ({one_line})", check.expect)
        }
        None => format!("expect[{}]", check.expect),
    }
}

fn check_line(check: &Check) -> String {
    match check {
        Check::Holds {
            user,
            sku_id,
            holds,
            read,
        } => format!(
            "Assert-Holds -Uri {} -User {} -SkuId {} -Holds {}",
            uri(read),
            quote(user),
            quote(sku_id),
            boolean(*holds)
        ),
        Check::EnabledPlans {
            user,
            sku_id,
            service_plans,
            product_plans,
            read,
        } => format!(
            "Assert-EnabledPlans -Uri {} -User {} -SkuId {} -ProductPlans {} -Enabled {}",
            uri(read),
            quote(user),
            quote(sku_id),
            list(product_plans),
            list(service_plans)
        ),
        Check::Row {
            user,
            sku_id,
            assigned_by_group,
            state,
            error,
            read,
        } => format!(
            "Assert-Row -Uri {} -User {} -SkuId {} -Group {} -State {} -ExpectedError {}",
            uri(read),
            quote(user),
            quote(sku_id),
            quote(assigned_by_group.as_deref().unwrap_or("")),
            quote(state),
            quote(error)
        ),
        Check::ConsumedUnits {
            sku_id,
            consumed_units,
            read,
        } => format!(
            "Assert-ConsumedUnits -Uri {} -SkuId {} -Expected {consumed_units}",
            uri(read),
            quote(sku_id)
        ),
        Check::GroupMembers {
            group,
            members,
            read,
        } => format!(
            "Assert-GroupMembers -Uri {} -Group {} -Members {}",
            uri(read),
            quote(group),
            list(members)
        ),
        Check::GroupErrors {
            group,
            members_with_license_errors,
            read,
        } => format!(
            "Assert-GroupErrors -Uri {} -Group {} -Expected {members_with_license_errors}",
            uri(read),
            quote(group)
        ),
        Check::WholeRun { kind } => format!(
            "# Not checked here: {kind} is about the whole run; licenselab check checks it on the plan."
        ),
    }
}

/// A PowerShell single-quoted string: a quote inside is doubled. PowerShell takes the
/// typographic single quotes (U+2018 to U+201B) for quotes too, so those are doubled as well.
pub(crate) fn quote(text: impl AsRef<str>) -> String {
    let text = text.as_ref();
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('\'');
    for c in text.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            quoted.push(c);
        }
        quoted.push(c);
    }
    quoted.push('\'');
    quoted
}

/// Text as comment lines (a line break in it would end the comment and start code).
fn comment(text: &str) -> String {
    text.lines()
        .map(|line| {
            let clean: String = line
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            format!("# {clean}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::{comment, quote};

    #[test]
    fn quotes_are_doubled_and_nothing_else_is_special() {
        assert_eq!(quote("it's"), "'it''s'");
        assert_eq!(quote("\u{2019}x"), "'\u{2019}\u{2019}x'");
        assert_eq!(quote("$ref `n \"x\""), "'$ref `n \"x\"'");
    }

    #[test]
    fn a_line_break_stays_in_the_comment() {
        assert_eq!(
            comment("a\nWrite-Host 1\r\nb\u{b}"),
            "# a\n# Write-Host 1\n# b "
        );
    }
}

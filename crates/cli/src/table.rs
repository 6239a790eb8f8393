//! `--format table`: the result as an administrator reads it.

use licenselab_engine::Simulation;
use licenselab_engine::{MemberRef, Source, Tenant, UserIx};
use std::fmt::Write;

pub fn render(simulation: &Simulation) -> String {
    let tenant = simulation.tenant();
    let mut out = String::new();

    if !simulation.reports().is_empty() {
        out.push_str("Steps\n");
        for report in simulation.reports() {
            match &report.outcome {
                Ok(changes) => {
                    let _ = writeln!(out, "  {:>3}  {:<18} applied", report.index, report.op);
                    for change in changes {
                        let mut parts = Vec::new();
                        if !change.gained.is_empty() {
                            parts.push(format!(
                                "gained {}",
                                tenant.plan_names(change.sku, change.gained).join(", ")
                            ));
                        }
                        if !change.lost.is_empty() {
                            parts.push(format!(
                                "LOST {}",
                                tenant.plan_names(change.sku, change.lost).join(", ")
                            ));
                        }
                        let _ = writeln!(
                            out,
                            "       {} / {}: {}",
                            tenant.user(change.user).id(),
                            tenant.sku(change.sku).display_name(),
                            parts.join("; ")
                        );
                    }
                }
                Err(rejection) => {
                    let _ = writeln!(out, "  {:>3}  {:<18} rejected", report.index, report.op);
                    let _ = writeln!(out, "       {}: {}", rejection.code, rejection.message);
                }
            }
        }
        out.push('\n');
    }

    out.push_str("Products\n");
    for sku in tenant.skus().iter().filter(|s| !s.is_pending()) {
        let _ = writeln!(
            out,
            "  {:<28} {:>6} consumed / {:<6} assignable  ({} plans)",
            sku.display_name(),
            sku.consumed(),
            tenant.assignable(sku),
            sku.plan_count()
        );
    }

    out.push_str("\nUsers\n");
    for (i, user) in tenant
        .users()
        .iter()
        .enumerate()
        .filter(|(_, u)| u.is_alive())
    {
        let location = match user.usage_location() {
            Some(l) => l.to_owned(),
            None => format!(
                "{} (inherited)",
                tenant.effective_location(UserIx::new(i)).unwrap_or("none")
            ),
        };
        let _ = writeln!(out, "  {} [{}]", user.id(), location);
        for row in user.rows() {
            let sku = tenant.sku(row.sku());
            let path = match row.source() {
                Source::Direct => "direct".to_owned(),
                Source::Group(g) => format!("via {}", tenant.group(g).display_name()),
            };
            let enabled = user.enabled(row.sku());
            let error = match row.error().as_str() {
                "None" => String::new(),
                code => format!(" {code}"),
            };
            let _ = writeln!(
                out,
                "      {:<28} {:<24} {}{}  ({} of {} plans)",
                sku.display_name(),
                path,
                row.state().as_str(),
                error,
                enabled.len(),
                sku.plan_count()
            );
            if let Some(reason) = tenant.explain_row(row) {
                let _ = writeln!(out, "          {reason}");
            }
        }
    }

    out.push_str("\nGroups\n");
    for (i, group) in tenant
        .groups()
        .iter()
        .enumerate()
        .filter(|(_, g)| g.is_alive())
    {
        let users = group
            .members()
            .iter()
            .filter(|m| matches!(m.who(), MemberRef::User(_)))
            .count();
        let nested = group.members().len() - users;
        let g = licenselab_engine::GroupIx::new(i);
        let errors = tenant
            .users_with_rows_from(g)
            .iter()
            .filter(|u| tenant.user(**u).has_errors_from(g))
            .count();
        let licenses: Vec<&str> = group
            .licenses()
            .iter()
            .map(|l| tenant.sku(l.sku()).display_name())
            .collect();
        let _ = writeln!(
            out,
            "  {:<32} {} users{}  licenses: {}  errors: {}",
            group.display_name(),
            users,
            if nested > 0 {
                format!(" + {nested} nested groups (not licensed through nesting)")
            } else {
                String::new()
            },
            if licenses.is_empty() {
                "none".to_owned()
            } else {
                licenses.join(", ")
            },
            errors
        );
    }
    pending(tenant, &mut out);
    let _ = compliance(tenant, &mut out);
    out
}

/// An observed tenant's pending work (what Entra's processing has yet to do), as the result
/// document's `pending` list says it; nothing for a tenant with none.
fn pending(tenant: &Tenant, out: &mut String) {
    let pending = tenant.pending();
    if pending.is_empty() {
        return;
    }
    out.push_str("\nPending work (a step that touches the user, or a reprocess, does it)\n");
    for item in &pending {
        let whom = item
            .user
            .map(|u| format!("{}: ", tenant.user(u).id()))
            .unwrap_or_default();
        let _ = writeln!(out, "  {whom}{}", tenant.explain_pending(item));
    }
}

/// B27: enough licenses for the unique members of licensed groups; informational.
fn compliance(tenant: &Tenant, out: &mut String) -> std::fmt::Result {
    let report = tenant.compliance();
    writeln!(out, "\nCompliance (informational, B27)")?;
    writeln!(
        out,
        "  {} unique members of licensed groups; {} Entra ID P1-capable seats: {}",
        report.licensed_group_members,
        report.p1_capable_seats,
        if report.p1_capable_seats >= report.licensed_group_members as u64 {
            "enough"
        } else {
            "NOT enough"
        }
    )
}

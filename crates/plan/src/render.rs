//! The plan as a readable summary: what to buy, the steps, the gaps or their absence, the
//! errors on the way, the obvious order beside it with its losses, and what the search did.

use crate::model::{Gap, Plan, PlanStep};
use std::fmt::Write;

/// At most this many lines of a long list (the rest is counted): a plan for 10,000 users is
/// read in its JSON, not on a terminal.
const SHOWN: usize = 20;

/// The summary `licenselab plan` prints.
pub fn render_text(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Plan: {} step(s) from the tenant to the target (order: {}).",
        plan.steps.len(),
        plan.search.chosen
    );
    if plan.no_service_gap {
        let _ = writeln!(
            out,
            "No user is without a service they have today and in the target, after any step."
        );
    } else {
        let _ = writeln!(
            out,
            "The planner found no order without a gap; this one has the shortest it found:"
        );
        gap_lines(&mut out, &plan.gaps);
    }
    if !plan.reaches_target {
        let _ = writeln!(
            out,
            "The plan does not reach the target for {} user(s): {}",
            plan.not_reached.len(),
            list(&plan.not_reached)
        );
        if !plan.target_in_error.is_empty() {
            let _ = writeln!(
                out,
                "  {} of them end in the target's own errors with another error named (the check a path fails first depends on the order Entra processes it; no order settles them: docs/plan.md, \"The end is the target\"): {}",
                plan.target_in_error.len(),
                list(&plan.target_in_error)
            );
        }
    }
    for r in &plan.refused {
        let _ = writeln!(
            out,
            "Refused by the engine, left out: {} ({})",
            r.note, r.message
        );
    }
    if !plan.seats_to_buy.is_empty() {
        let _ = writeln!(out, "\nSeats to buy before the first step:");
        for s in &plan.seats_to_buy {
            let name = s.sku_part_number.as_deref().unwrap_or(&s.sku_id);
            let _ = write!(out, "  {} of {name}", s.buy);
            if s.given_back > 0 {
                let _ = write!(out, " ({} given back by the last steps)", s.given_back);
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "\nSteps:");
    step_lines(&mut out, &plan.steps, &[]);
    if !plan.errors_on_the_way.is_empty() {
        let _ = writeln!(
            out,
            "\nErrors on the way (they cost no service; the target clears them):"
        );
        for e in plan.errors_on_the_way.iter().take(SHOWN) {
            let path = e
                .group_name
                .as_deref()
                .map_or("directly".to_owned(), |g| format!("from {g}"));
            let until = e
                .until_step
                .map_or("not cleared".to_owned(), |s| format!("cleared by step {s}"));
            let _ = writeln!(
                out,
                "  {}: {} {path}: {} after step {}, {until}",
                e.user_label, e.sku_name, e.error, e.from_step
            );
        }
        more(&mut out, plan.errors_on_the_way.len());
    }
    let _ = writeln!(
        out,
        "\nThe obvious order (every change in file order, removals first):"
    );
    step_lines(&mut out, &plan.naive.steps, &plan.naive.gaps);
    let mut users: Vec<&str> = plan
        .naive
        .gaps
        .iter()
        .map(|g| g.user_label.as_str())
        .collect();
    users.sort_unstable();
    users.dedup();
    if users.is_empty() {
        let _ = writeln!(out, "  It loses nobody's service either.");
    } else {
        let _ = writeln!(
            out,
            "  {} user(s) without a service on the way: {}",
            users.len(),
            list(&users)
        );
    }
    for r in &plan.naive.refused {
        let _ = writeln!(out, "  refused: {} ({})", r.note, r.message);
    }
    if !plan.naive.reaches_target {
        let _ = writeln!(out, "  It does not reach the target.");
    }
    let _ = writeln!(
        out,
        "\nSearch: {} change(s) derived from the target; orders run on the engine:",
        plan.search.changes
    );
    for o in &plan.search.orders {
        let _ = writeln!(
            out,
            "  {}: {} steps{}, {} user(s) with gaps, {} with errors on the way, {} seat(s) held twice, {} refused{}",
            o.name,
            o.steps,
            if o.temporary_steps > 0 {
                format!(" ({} temporary)", o.temporary_steps)
            } else {
                String::new()
            },
            o.users_with_gaps,
            o.users_with_errors,
            o.seats_held_twice,
            o.refused,
            match (o.reaches_target, o.target_in_error) {
                (true, _) => String::new(),
                (false, 0) => ", target not reached".to_owned(),
                (false, n) => format!(
                    ", target not reached ({n} user(s) in the target's own errors among them)"
                ),
            }
        );
    }
    out
}

fn list<S: AsRef<str>>(items: &[S]) -> String {
    let shown: Vec<&str> = items.iter().take(SHOWN).map(AsRef::as_ref).collect();
    let mut text = shown.join(", ");
    if items.len() > SHOWN {
        let _ = write!(text, " and {} more", items.len() - SHOWN);
    }
    text
}

fn more(out: &mut String, total: usize) {
    if total > SHOWN {
        let _ = writeln!(out, "  ... and {} more", total - SHOWN);
    }
}

fn gap_lines(out: &mut String, gaps: &[Gap]) {
    for g in gaps.iter().take(SHOWN) {
        let back = g.back_after.map_or("not back at the end".to_owned(), |s| {
            format!("back after step {s}")
        });
        let _ = writeln!(
            out,
            "  {}: {} lost after step {}, {back}",
            g.user_label, g.service, g.lost_after
        );
    }
    more(out, gaps.len());
}

/// Steps, each with the services users lose by it (from `gaps`).
fn step_lines(out: &mut String, steps: &[PlanStep], gaps: &[Gap]) {
    let width = steps.iter().map(|s| s.op.len()).max().unwrap_or(0);
    for s in steps.iter().take(SHOWN) {
        let _ = write!(out, "  {:>3}  {:width$}  {}", s.index, s.op, s.note);
        let lost: Vec<String> = gaps
            .iter()
            .filter(|g| g.lost_after == s.index)
            .map(|g| format!("{} loses {}", g.user_label, g.service))
            .collect();
        if !lost.is_empty() {
            let _ = write!(out, "  <- {}", list(&lost));
        }
        out.push('\n');
        let pad = width + 7;
        if let Some(why) = &s.temporary {
            let _ = writeln!(out, "  {:pad$}temporary: {why}", "");
        }
        if !s.undoes.is_empty() {
            let steps: Vec<String> = s.undoes.iter().map(usize::to_string).collect();
            let _ = writeln!(
                out,
                "  {:pad$}undoes the temporary step(s) {}",
                "",
                steps.join(", ")
            );
        }
    }
    if steps.len() > SHOWN {
        let lost = gaps.iter().filter(|g| g.lost_after >= SHOWN).count();
        let _ = writeln!(
            out,
            "  ... and {} more step(s){}",
            steps.len() - SHOWN,
            if lost > 0 {
                format!(", where {lost} service(s) are lost")
            } else {
                String::new()
            }
        );
    }
}

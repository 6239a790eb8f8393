//! The readable reports. Both are made from the same sections: each object a heading (its name,
//! id and change) and its changes as lines of words; `text.rs` indents them, `markdown.rs` puts
//! them in tables.

mod markdown;
mod text;

pub use markdown::render_markdown;
pub use text::render_text;

use crate::model::{
    Assignment, AssignmentError, Counts, Diff, GroupDiff, MemberChange, MemberKind, PlanRef,
    ProductDiff, ProductRef, UserDiff,
};

/// One kind of object: "Products", "Groups" or "Users".
struct Section {
    title: &'static str,
    /// What the first column's heading names: "Product", "Group", "User".
    column: &'static str,
    counts: Counts,
    entries: Vec<Entry>,
}

/// One object and its changes, in words.
struct Entry {
    name: String,
    id: String,
    change: &'static str,
    lines: Vec<String>,
}

fn sections(diff: &Diff) -> Vec<Section> {
    [
        Section {
            title: "Products",
            column: "Product",
            counts: diff.summary.products,
            entries: diff.products.iter().map(product_entry).collect(),
        },
        Section {
            title: "Groups",
            column: "Group",
            counts: diff.summary.groups,
            entries: diff.groups.iter().map(group_entry).collect(),
        },
        Section {
            title: "Users",
            column: "User",
            counts: diff.summary.users,
            entries: diff.users.iter().map(user_entry).collect(),
        },
    ]
    .into_iter()
    .filter(|section| !section.entries.is_empty())
    .collect()
}

/// "1 added, 2 changed": the non-zero counts.
fn counted(counts: Counts) -> String {
    [
        (counts.added, "added"),
        (counts.removed, "removed"),
        (counts.changed, "changed"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect::<Vec<_>>()
    .join(", ")
}

const NO_CHANGES: &str = "No changes.";

fn product_name(product: &ProductRef) -> String {
    match &product.sku_part_number {
        Some(part) if *part != product.display_name => format!("{} ({part})", product.display_name),
        _ => product.display_name.clone(),
    }
}

fn plan_name(plan: &PlanRef) -> String {
    match &plan.service_plan_name {
        Some(name) if *name != plan.display_name => format!("{} ({name})", plan.display_name),
        _ => plan.display_name.clone(),
    }
}

fn plan_names(plans: &[PlanRef]) -> String {
    plans.iter().map(plan_name).collect::<Vec<_>>().join(", ")
}

fn member(who: &MemberChange) -> String {
    let kind = match who.kind {
        MemberKind::User => "user",
        MemberKind::Group => "group",
    };
    format!("{} ({kind} {})", who.display_name, who.id)
}

fn assignment(path: &Assignment) -> String {
    match &path.assigned_by_group {
        None => format!("{}, assigned directly", product_name(&path.product)),
        Some(group) => format!(
            "{}, from group {}",
            product_name(&path.product),
            group.display_name
        ),
    }
}

fn error(path: &AssignmentError) -> String {
    format!(
        "{}: {} ({})",
        assignment(&path.assignment),
        path.error,
        path.state
    )
}

fn product_entry(diff: &ProductDiff) -> Entry {
    let mut lines: Vec<String> = diff
        .units
        .iter()
        .map(|u| format!("{}: {} -> {}", u.field.words(), u.before, u.after))
        .collect();
    lines.extend(
        diff.plans_added
            .iter()
            .map(|p| format!("plan added: {}", plan_name(p))),
    );
    lines.extend(
        diff.plans_removed
            .iter()
            .map(|p| format!("plan removed: {}", plan_name(p))),
    );
    Entry {
        name: product_name(&diff.product),
        id: diff.product.sku_id.clone(),
        change: diff.change.as_str(),
        lines,
    }
}

fn group_entry(diff: &GroupDiff) -> Entry {
    let mut lines = Vec::new();
    if let Some(before) = &diff.display_name_before {
        lines.push(format!("renamed from {before}"));
    }
    if let Some(rule) = &diff.membership_rule {
        let shown = |rule: &Option<String>| rule.clone().unwrap_or_else(|| "(none)".to_owned());
        lines.push(format!(
            "membership rule: {} -> {}",
            shown(&rule.before),
            shown(&rule.after)
        ));
    }
    for license in &diff.licenses_added {
        let mut line = format!("license added: {}", product_name(&license.product));
        if !license.disabled_plans.is_empty() {
            line += &format!(", plans disabled: {}", plan_names(&license.disabled_plans));
        }
        lines.push(line);
    }
    for license in &diff.licenses_removed {
        lines.push(format!(
            "license removed: {}",
            product_name(&license.product)
        ));
    }
    for license in &diff.licenses_changed {
        let product = product_name(&license.product);
        for plan in &license.plans_disabled {
            lines.push(format!(
                "license {product}: plan now disabled: {}",
                plan_name(plan)
            ));
        }
        for plan in &license.plans_enabled {
            lines.push(format!(
                "license {product}: plan now enabled: {}",
                plan_name(plan)
            ));
        }
    }
    lines.extend(
        diff.members_joined
            .iter()
            .map(|m| format!("member joined: {}", member(m))),
    );
    lines.extend(
        diff.members_left
            .iter()
            .map(|m| format!("member left: {}", member(m))),
    );
    Entry {
        name: diff.group.display_name.clone(),
        id: diff.group.id.clone(),
        change: diff.change.as_str(),
        lines,
    }
}

fn user_entry(diff: &UserDiff) -> Entry {
    let mut lines = Vec::new();
    if let Some(location) = &diff.usage_location {
        let shown = |l: &Option<String>| l.clone().unwrap_or_else(|| "(none)".to_owned());
        lines.push(format!(
            "usage location: {} -> {}",
            shown(&location.before),
            shown(&location.after)
        ));
    }
    lines.extend(
        diff.products_gained
            .iter()
            .map(|p| format!("product gained: {}", product_name(p))),
    );
    lines.extend(
        diff.products_lost
            .iter()
            .map(|p| format!("product lost: {}", product_name(p))),
    );
    for (word, list) in [("gained", &diff.plans_gained), ("lost", &diff.plans_lost)] {
        for product in list {
            for plan in &product.plans {
                lines.push(format!(
                    "plan {word}: {}, in {}",
                    plan_name(plan),
                    product_name(&product.product)
                ));
            }
        }
    }
    lines.extend(
        diff.assignments_added
            .iter()
            .map(|a| format!("license added: {}", assignment(a))),
    );
    lines.extend(
        diff.assignments_removed
            .iter()
            .map(|a| format!("license removed: {}", assignment(a))),
    );
    lines.extend(
        diff.errors_appeared
            .iter()
            .map(|e| format!("error appeared: {}", error(e))),
    );
    lines.extend(
        diff.errors_cleared
            .iter()
            .map(|e| format!("error cleared: {}", error(e))),
    );
    let name = match &diff.user_principal_name {
        Some(upn) if *upn != diff.display_name => format!("{} ({upn})", diff.display_name),
        _ => diff.display_name.clone(),
    };
    Entry {
        name,
        id: diff.id.clone(),
        change: diff.change.as_str(),
        lines,
    }
}

/// Text from a snapshot as it may be shown: control characters (a terminal's escape sequences, a
/// line break that would cut a table row) become a space or U+FFFD.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

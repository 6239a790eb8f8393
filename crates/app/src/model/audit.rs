//! The audit log as the Audit log view lists it: each entry's columns in Entra's words (category,
//! activity, status, target, result, actor), its result with disabled plans named rather than
//! given as GUIDs, and the filters (text, status, category, activity) that match what is shown.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use licenselab_engine::{Activity, AuditTarget, SkuIx, Tenant};

use super::Derived;

/// Entra's audit "Status".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditStatus {
    Success,
    Failure,
}

impl AuditStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditStatus::Success => "Success",
            AuditStatus::Failure => "Failure",
        }
    }
}

/// Entra's audit "Category" of an entry: by what it targets.
pub fn category(target: AuditTarget) -> &'static str {
    match target {
        AuditTarget::User(_) => "UserManagement",
        AuditTarget::Group(_) => "GroupManagement",
    }
}

/// The categories and statuses the filters offer, in Entra's words.
pub const CATEGORIES: [&str; 2] = ["GroupManagement", "UserManagement"];
pub const STATUSES: [AuditStatus; 2] = [AuditStatus::Success, AuditStatus::Failure];

/// The activities the filter offers (each name once: a direct and a group change of a user's
/// license are both "Change user license", as in Entra).
pub const ACTIVITIES: [Activity; 5] = [
    Activity::SetGroupLicense,
    Activity::StartApplyingGroupLicense,
    Activity::FinishApplyingGroupLicense,
    Activity::ChangeUserLicense,
    Activity::DynamicMembershipStopped,
];

/// The target's kind ("User", "Group") and display name.
pub fn target(t: &Tenant, target: AuditTarget) -> (&'static str, &str) {
    match target {
        AuditTarget::User(u) => ("User", t.user(u).display_name()),
        AuditTarget::Group(g) => ("Group", t.group(g).display_name()),
    }
}

/// Service plan GUIDs to the names the portal shows, for every product in the tenant.
pub struct PlanNames(HashMap<String, String>);

impl PlanNames {
    pub fn of(t: &Tenant) -> PlanNames {
        let mut names = HashMap::new();
        for s in 0..t.skus().len() {
            for plan in t.sku_plans(SkuIx::new(s)) {
                names
                    .entry(plan.id.to_ascii_lowercase())
                    .or_insert_with(|| plan.display_name.to_owned());
            }
        }
        PlanNames(names)
    }

    /// `text` with each plan of a "(disabled: a, b)" list (ids as Graph writes them: GUIDs, or
    /// the plan names a scenario used) replaced by the name the portal shows; an unknown id stays.
    pub fn name_plans(&self, text: &str) -> String {
        const LIST: &str = "(disabled: ";
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find(LIST) {
            let list_start = start + LIST.len();
            let Some(len) = rest[list_start..].find(')') else {
                break;
            };
            out.push_str(&rest[..list_start]);
            let named: Vec<&str> = rest[list_start..list_start + len]
                .split(", ")
                .map(|id| {
                    self.0
                        .get(&id.trim().to_ascii_lowercase())
                        .map_or(id, String::as_str)
                })
                .collect();
            out.push_str(&named.join(", "));
            rest = &rest[list_start + len..];
        }
        out.push_str(rest);
        out
    }
}

/// One entry as the view shows it: plain data, the Audit log view's answer carries it
/// (`model::views::audit`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    /// The entry's position in the tenant's audit log.
    pub index: usize,
    /// The step that wrote it (0: the starting tenant).
    pub step: usize,
    pub category: String,
    pub activity: String,
    pub target_kind: String,
    pub target_name: String,
    pub target_id: String,
    pub status: AuditStatus,
    /// The result (Entra's "modified properties"), plans by name.
    pub result: String,
    pub actor: String,
}

impl AuditRow {
    pub fn of(d: &Derived, names: &PlanNames, index: usize) -> AuditRow {
        let t = d.tenant();
        let entry = &t.audit()[index];
        let (target_kind, target_name) = target(t, entry.target());
        let raw = t.audit_result(entry);
        AuditRow {
            index,
            step: step_of(d, index),
            category: category(entry.target()).to_owned(),
            activity: entry.activity().as_str().to_owned(),
            target_kind: target_kind.to_owned(),
            target_name: target_name.to_owned(),
            target_id: t.audit_target_id(entry.target()).to_owned(),
            // As in Entra, a processing run that could not license some members still
            // succeeded: its result says how many failed.
            status: if raw.starts_with("failure") {
                AuditStatus::Failure
            } else {
                AuditStatus::Success
            },
            result: names.name_plans(&raw),
            actor: entry.activity().initiated_by().to_owned(),
        }
    }

    /// The texts the search box matches: every column as shown, and the target's id.
    pub fn texts(&self) -> [String; 8] {
        [
            self.step.to_string(),
            self.category.clone(),
            self.activity.clone(),
            format!("{}: {}", self.target_kind, self.target_name),
            self.target_id.clone(),
            self.status.as_str().to_owned(),
            self.result.clone(),
            self.actor.clone(),
        ]
    }

    /// The result split into its modified properties: a bracketed list ("[A (disabled: x), B]")
    /// gives one item per element, anything else is one item.
    pub fn properties(&self) -> Vec<String> {
        let text = self.result.trim().trim_end_matches(';');
        let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) else {
            return vec![self.result.clone()];
        };
        let mut items = Vec::new();
        let (mut depth, mut start) = (0i32, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(inner[start..i].trim().to_owned());
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.push(inner[start..].trim().trim_end_matches('.').to_owned());
        items.retain(|s| !s.is_empty());
        items
    }
}

/// The step that wrote audit entry `i` (0: the starting tenant).
fn step_of(d: &Derived, i: usize) -> usize {
    d.reports()
        .iter()
        .find(|r| r.audit.contains(&i))
        .map_or(0, |r| r.index + 1)
}

/// What the view's filters ask for, in Entra's words; `None` or empty: anything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub text: String,
    pub status: Option<AuditStatus>,
    pub category: Option<String>,
    pub activity: Option<String>,
}

impl AuditFilter {
    pub fn keeps(&self, row: &AuditRow) -> bool {
        self.status.is_none_or(|s| s == row.status)
            && self.category.as_ref().is_none_or(|c| *c == row.category)
            && self.activity.as_ref().is_none_or(|a| *a == row.activity)
            && {
                let wanted = self.text.trim().to_lowercase();
                wanted.is_empty()
                    || row
                        .texts()
                        .iter()
                        .any(|t| t.to_lowercase().contains(&wanted))
            }
    }
}

/// The entries the filter keeps (their positions in the audit log), newest first. With no filter
/// nothing is put into words: a large tenant's log has hundreds of thousands of entries, and only
/// the rows in view are.
pub fn filtered(d: &Derived, names: &PlanNames, filter: &AuditFilter) -> Vec<usize> {
    let all = (0..d.tenant().audit().len()).rev();
    if *filter == AuditFilter::default() {
        return all.collect();
    }
    all.filter(|i| filter.keeps(&AuditRow::of(d, names, *i)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> PlanNames {
        PlanNames(HashMap::from([
            (
                "57ff2da0-773e-42df-b2af-ffb7a2317929".to_owned(),
                "Microsoft Teams".to_owned(),
            ),
            (
                "efb87545-963c-4e0d-99df-69c6916d9eb0".to_owned(),
                "Exchange Online (Plan 1)".to_owned(),
            ),
            ("exo2".to_owned(), "Exchange Online (Plan 2)".to_owned()),
        ]))
    }

    #[test]
    fn disabled_plans_are_named_and_unknown_guids_kept() {
        let text = "[Office 365 E3 (disabled: 57FF2DA0-773e-42df-b2af-ffb7a2317929, efb87545-963c-4e0d-99df-69c6916d9eb0, 00000000-0000-0000-0000-000000000001), Äpfel EXO2, SPE_E3 (disabled: EXO2)]";
        assert_eq!(
            names().name_plans(text),
            "[Office 365 E3 (disabled: Microsoft Teams, Exchange Online (Plan 1), 00000000-0000-0000-0000-000000000001), Äpfel EXO2, SPE_E3 (disabled: Exchange Online (Plan 2))]"
        );
        // No list: nothing is replaced, however the text is cut.
        assert_eq!(
            names().name_plans("EXO2 (disabled: EXO2"),
            "EXO2 (disabled: EXO2"
        );
    }

    fn row(result: &str) -> AuditRow {
        AuditRow {
            index: 0,
            step: 1,
            category: "GroupManagement".to_owned(),
            activity: "Set group license".to_owned(),
            target_kind: "Group".to_owned(),
            target_name: "Sales".to_owned(),
            target_id: "g1".to_owned(),
            status: AuditStatus::Success,
            result: result.to_owned(),
            actor: "Administrator".to_owned(),
        }
    }

    #[test]
    fn properties_split_a_list_at_its_top_level_only() {
        assert_eq!(
            row("[Office 365 E3 (disabled: Microsoft Teams, Exchange Online (Plan 2)), EMS E5]")
                .properties(),
            [
                "Office 365 E3 (disabled: Microsoft Teams, Exchange Online (Plan 2))",
                "EMS E5"
            ]
        );
        assert_eq!(
            row("[Users successfully assigned licenses: 10, Users for whom license assignment failed: 2.];").properties(),
            ["Users successfully assigned licenses: 10", "Users for whom license assignment failed: 2"]
        );
        assert_eq!(
            row("failure: no seats, buy more").properties(),
            ["failure: no seats, buy more"]
        );
    }

    #[test]
    fn the_filter_matches_status_words_names_and_selects() {
        let mut failed = row("failure: Office 365 E3 has no available licenses");
        failed.status = AuditStatus::Failure;
        let ok = row("success");
        let text = |t: &str| AuditFilter {
            text: t.to_owned(),
            ..Default::default()
        };
        assert!(text("failure").keeps(&failed) && !text("Failure").keeps(&ok));
        assert!(text("success").keeps(&ok));
        assert!(text("group: sales").keeps(&ok) && text("Administrator").keeps(&ok));
        let status = AuditFilter {
            status: Some(AuditStatus::Failure),
            ..Default::default()
        };
        assert!(status.keeps(&failed) && !status.keeps(&ok));
        let category = AuditFilter {
            category: Some("UserManagement".to_owned()),
            ..Default::default()
        };
        assert!(!category.keeps(&ok));
        let activity = AuditFilter {
            activity: Some("Set group license".to_owned()),
            ..Default::default()
        };
        assert!(activity.keeps(&ok));
    }
}

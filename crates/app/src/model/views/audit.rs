//! The Audit log view's answer: a window of the entries its filters keep (newest first), each in
//! Entra's words (`model::audit::AuditRow`), how many there are, and the opened entry's details.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::kept::Kept;
use super::Window;
use crate::model::audit::{filtered, AuditFilter, AuditRow, PlanNames};
use crate::model::Derived;

/// What the Audit log view asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub filter: AuditFilter,
    /// Positions in the filtered list, newest first.
    pub window: Window,
    /// The opened entry, by its position in the tenant's audit log.
    pub opened: Option<usize>,
}

/// The entries in the window and the opened one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditAnswer {
    /// How many entries the filter keeps.
    pub total: usize,
    /// The position of `rows[0]` in the filtered list.
    pub offset: usize,
    pub rows: Vec<AuditRow>,
    /// `None` when nothing is opened, or the opened entry is not in the log at this step.
    pub opened: Option<AuditDetails>,
}

impl AuditAnswer {
    /// Row `i` of the filtered list, if it is in the window.
    pub fn row(&self, i: usize) -> Option<&AuditRow> {
        i.checked_sub(self.offset).and_then(|k| self.rows.get(k))
    }
}

/// An opened entry: its columns and its result split into modified properties.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditDetails {
    pub row: AuditRow,
    pub properties: Vec<String>,
}

pub fn audit_log(d: &Derived, q: &AuditQuery) -> AuditAnswer {
    let names = PlanNames::of(d.tenant());
    let entries = kept_entries(d, &names, &q.filter);
    let range = q.window.range(entries.len());
    AuditAnswer {
        total: entries.len(),
        offset: range.start,
        rows: entries[range]
            .iter()
            .map(|&i| AuditRow::of(d, &names, i))
            .collect(),
        opened: q.opened.filter(|&i| i < d.tenant().audit().len()).map(|i| {
            let row = AuditRow::of(d, &names, i);
            AuditDetails {
                properties: row.properties(),
                row,
            }
        }),
    }
}

thread_local! {
    /// The last filtered list: a scroll asks for another window of the same list, and filtering
    /// puts every entry of a long log into words.
    static KEPT: Kept<AuditFilter, Vec<usize>> = const { Kept::new() };
}

/// The positions the filter keeps, newest first, made again only for another state or filter.
fn kept_entries(d: &Derived, names: &PlanNames, filter: &AuditFilter) -> Rc<Vec<usize>> {
    KEPT.with(|kept| kept.get(d, filter.clone(), || filtered(d, names, filter)))
}

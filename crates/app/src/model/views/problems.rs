//! The Problems view's answer: the counts it leads with (rows in error, users, pending items, what
//! a reprocess clears now), the counts by product and by reason, the users "reprocess all"
//! reprocesses, and a window of the rows in error and of the pending items, each with the ids
//! its links and Reprocess buttons use. Decided by `model::problems::Problems`.

use serde::{Deserialize, Serialize};

use licenselab_engine::{Tenant, UserIx};

use super::Window;
use crate::model::problems::Problems;
use crate::model::queries::{sku_name, source_label};
use crate::model::Derived;

/// How many rows of each table the view shows.
pub const ROWS_SHOWN: usize = 500;

/// What the Problems view asks for: a window of the rows in error and one of the pending items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProblemsQuery {
    pub errors: Window,
    pub pending: Window,
}

impl Default for ProblemsQuery {
    fn default() -> Self {
        ProblemsQuery {
            errors: Window::first(ROWS_SHOWN),
            pending: Window::first(ROWS_SHOWN),
        }
    }
}

/// Everything in error or pending at the cursor, with the rows of the windows asked for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProblemsAnswer {
    /// License rows in error, and the users they belong to.
    pub error_rows: usize,
    pub error_users: usize,
    /// Rows a reprocess of their user alone would clear now.
    pub clearing: usize,
    pub pending_items: usize,
    /// Users in error whose reprocess was previewed, and those past the limit that were not.
    pub previewed_users: usize,
    pub unchecked_users: usize,
    /// The ids of the users "reprocess all" reprocesses, in scenario order.
    pub reprocess_all: Vec<String>,
    /// Users to reprocess after those (the next press).
    pub reprocess_later: usize,
    /// Users a reprocess alone would help whom "reprocess all" leaves out (they wait for the
    /// same seats as those before them).
    pub competing: usize,
    pub by_product: Vec<ProductProblems>,
    pub by_reason: Vec<ReasonCount>,
    /// The window of rows in error (users in scenario order), starting at `errors_offset`.
    pub errors_offset: usize,
    pub errors: Vec<ErrorShown>,
    /// The window of pending items (the users' in scenario order, then the products').
    pub pending_offset: usize,
    pub pending: Vec<PendingShown>,
}

impl ProblemsAnswer {
    pub fn is_empty(&self) -> bool {
        self.error_rows == 0 && self.pending_items == 0
    }
}

/// A user as a row names them: the id to navigate and reprocess by, the name shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserShown {
    pub id: String,
    pub name: String,
}

impl UserShown {
    fn of(t: &Tenant, u: UserIx) -> UserShown {
        let user = t.user(u);
        UserShown {
            id: user.id().to_owned(),
            name: user.display_name().to_owned(),
        }
    }
}

/// Rows in error and pending items of one product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductProblems {
    pub product: String,
    pub errors: usize,
    pub pending: usize,
}

/// Rows in error with one error code, and how many of them a reprocess clears now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonCount {
    pub code: String,
    pub rows: usize,
    pub clears_now: usize,
}

/// What a reprocess of the row's user alone would do to it now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    Clears,
    Stays,
    /// Past the preview limit.
    NotChecked,
}

impl From<Option<bool>> for Verdict {
    fn from(clears: Option<bool>) -> Verdict {
        match clears {
            Some(true) => Verdict::Clears,
            Some(false) => Verdict::Stays,
            None => Verdict::NotChecked,
        }
    }
}

/// One license row in error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorShown {
    pub user: UserShown,
    pub product: String,
    /// "Direct" or "Inherited (group)".
    pub path: String,
    /// Graph's error code (`CountViolation`, ...).
    pub code: String,
    /// The reason and the fix, in words.
    pub reason: String,
    pub verdict: Verdict,
}

/// One item of pending work.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingShown {
    /// `None`: an item about the product alone.
    pub user: Option<UserShown>,
    pub product: String,
    /// The group the item comes from, by name.
    pub group: Option<String>,
    pub reason: String,
}

pub fn problems(d: &Derived, q: &ProblemsQuery) -> ProblemsAnswer {
    let t = d.tenant();
    let p = Problems::of(d);
    let mut error_users: Vec<UserIx> = p.errors.iter().map(|e| e.user).collect();
    error_users.dedup();
    let clearing = p.errors.iter().filter(|e| e.reprocess_clears == Some(true));
    let mut helped: Vec<UserIx> = clearing.clone().map(|e| e.user).collect();
    helped.dedup();
    let errors = q.errors.range(p.errors.len());
    let pending = q.pending.range(p.pending.len());
    ProblemsAnswer {
        error_rows: p.errors.len(),
        error_users: error_users.len(),
        clearing: clearing.count(),
        pending_items: p.pending.len(),
        previewed_users: p.previewed_users,
        unchecked_users: p.unchecked_users,
        reprocess_all: p
            .reprocess_all
            .iter()
            .map(|&u| t.user(u).id().to_owned())
            .collect(),
        reprocess_later: p.reprocess_later,
        competing: helped
            .iter()
            .filter(|u| !p.reprocess_all.contains(u))
            .count(),
        by_product: p
            .by_product()
            .into_iter()
            .map(|(s, errors, pending)| ProductProblems {
                product: sku_name(t, s).to_owned(),
                errors,
                pending,
            })
            .collect(),
        by_reason: p
            .by_reason()
            .into_iter()
            .map(|(code, rows, clears_now)| ReasonCount {
                code: code.to_owned(),
                rows,
                clears_now,
            })
            .collect(),
        errors_offset: errors.start,
        errors: p.errors[errors]
            .iter()
            .map(|e| ErrorShown {
                user: UserShown::of(t, e.user),
                product: sku_name(t, e.sku).to_owned(),
                path: source_label(t, e.source),
                code: e.code.to_owned(),
                reason: e.reason.clone(),
                verdict: e.reprocess_clears.into(),
            })
            .collect(),
        pending_offset: pending.start,
        pending: p
            .pending
            .items()
            .skip(pending.start)
            .take(pending.len())
            .map(|item| PendingShown {
                user: item.user.map(|u| UserShown::of(t, u)),
                product: sku_name(t, item.sku).to_owned(),
                group: item.group.map(|g| t.group(g).display_name().to_owned()),
                reason: item.reason.clone(),
            })
            .collect(),
    }
}

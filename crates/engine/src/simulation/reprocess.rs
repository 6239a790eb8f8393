//! What a reprocess would clear now, decided by running it on a copy of the tenant: the question
//! an administrator has after a fix (seats bought, a usage location set), which the tenant
//! itself cannot answer because nothing retries on its own (B18). One copy per question: each
//! user's reprocess is applied, compared and undone on it (`Tenant::undo`).

use super::Simulation;
use crate::reconcile::undo::UndoLog;
use crate::reconcile::Op;
use crate::tenant::{SkuIx, Source, Tenant, UserIx};

/// One user's answer (see `Simulation::reprocess_clears`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReprocessOutcome {
    pub user: UserIx,
    /// The error rows (product and path) the reprocess takes out of error.
    pub cleared: Vec<(SkuIx, Source)>,
    /// Rows in error after the reprocess that were not before (a seat taken by another path).
    pub appeared: Vec<(SkuIx, Source)>,
}

impl ReprocessOutcome {
    /// The reprocess clears an error and makes none.
    pub fn succeeds(&self) -> bool {
        !self.cleared.is_empty() && self.appeared.is_empty()
    }
}

impl Simulation {
    /// For each of `users`, what reprocessing that user alone would do to their error rows now.
    /// Each is judged on the tenant as it stands (a preview: nothing here changes), so two users
    /// may each be told a freed seat would clear their error. Costs one tenant copy, then each
    /// user's reprocess and its undo.
    pub fn reprocess_clears(&self, users: &[UserIx]) -> Vec<ReprocessOutcome> {
        let mut copy = self.tenant.clone();
        users
            .iter()
            .map(|u| {
                let (outcome, log) = reprocess(&mut copy, *u);
                if let Some(log) = log {
                    copy.undo(log);
                }
                outcome
            })
            .collect()
    }

    /// The same for reprocessing `users` one after another, in that order, on one copy: each is
    /// judged after those before it, so a seat freed for one is not promised to two. What
    /// "reprocess every user that would now succeed" does.
    pub fn reprocess_in_turn(&self, users: &[UserIx]) -> Vec<ReprocessOutcome> {
        let mut copy = self.tenant.clone();
        users.iter().map(|u| reprocess(&mut copy, *u).0).collect()
    }
}

/// Reprocesses `u` in `tenant` and compares the user's error rows before and after; with what
/// undoes the reprocess when it ran.
fn reprocess(tenant: &mut Tenant, u: UserIx) -> (ReprocessOutcome, Option<UndoLog>) {
    let mut outcome = ReprocessOutcome {
        user: u,
        cleared: Vec::new(),
        appeared: Vec::new(),
    };
    if u.index() >= tenant.users().len() || !tenant.user(u).is_alive() {
        return (outcome, None);
    }
    let before = error_rows(tenant, u);
    let (applied, log) = tenant.apply_undoable(&Op::ReprocessUser { user: u });
    if applied.is_err() {
        return (outcome, None);
    }
    let after = error_rows(tenant, u);
    outcome.cleared = before
        .iter()
        .filter(|r| !after.contains(r))
        .copied()
        .collect();
    outcome.appeared = after
        .iter()
        .filter(|r| !before.contains(r))
        .copied()
        .collect();
    (outcome, Some(log))
}

fn error_rows(tenant: &Tenant, u: UserIx) -> Vec<(SkuIx, Source)> {
    tenant
        .user(u)
        .rows()
        .iter()
        .filter(|r| r.state().is_error())
        .map(|r| (r.sku(), r.source()))
        .collect()
}

//! The tenant-wide problems at the cursor: every license row in error and every item of pending
//! work, with what a reprocess would do about each, decided by the engine (a reprocess run on a
//! copy of the tenant and undone there, `Simulation::reprocess_clears`), never guessed from the
//! error's kind.

use std::collections::BTreeMap;

use licenselab_engine::{SkuIx, Source, UserIx};

use super::queries::{row_reason, Pending};
use super::Derived;

/// How many users' reprocess is previewed one by one. The previews share one copy of the tenant,
/// each reprocess undone on it by the engine, so a preview costs one user's processing, whatever
/// the tenant's size: about 0.1 ms at 100,000 users, natively on a loaded machine
/// (`examples/reprocess_all.rs`), so 2,000 add about 0.2 s to the copy (the view says how many
/// were not checked). It was 5 users at 100,000, when each preview copied the tenant.
pub const PREVIEW_LIMIT: usize = 2_000;

/// Users one "reprocess all" reprocesses at the most (a step each): the rest stay listed for
/// the next press.
pub const REPROCESS_ALL_LIMIT: usize = 200;

/// One license row in error.
pub struct ErrorRow {
    pub user: UserIx,
    pub sku: SkuIx,
    pub source: Source,
    /// Graph's error code (`CountViolation`, ...).
    pub code: &'static str,
    /// The reason and the fix, in words.
    pub reason: String,
    /// Would reprocessing this user alone take this row out of error now? `None`: not previewed
    /// (beyond `PREVIEW_LIMIT`).
    pub reprocess_clears: Option<bool>,
}

/// Everything in error or pending at the cursor.
pub struct Problems {
    pub errors: Vec<ErrorRow>,
    pub pending: Pending,
    /// Users in error whose reprocess was previewed, and those past the limit that were not.
    pub previewed_users: usize,
    pub unchecked_users: usize,
    /// The users a "reprocess all that would now succeed" reprocesses, in scenario order: each
    /// judged after those before it (one freed seat is not promised to two), plus every user with
    /// pending work (a reprocess does a user's pending items). At most `REPROCESS_ALL_LIMIT`;
    /// `reprocess_later` counts the rest.
    pub reprocess_all: Vec<UserIx>,
    pub reprocess_later: usize,
}

/// The error rows (product, path) a reprocess of each user alone would clear now, for the first
/// `PREVIEW_LIMIT` of `users` (the rest are left out: not checked), by the engine on a copy of
/// the tenant (`Simulation::reprocess_clears`). The Problems, Users and Groups views mark those
/// rows, so an error whose recorded reason is out of date (seats bought since) shows as such.
pub fn clears_now(d: &Derived, users: &[UserIx]) -> ClearsNow {
    let previewed = &users[..users.len().min(PREVIEW_LIMIT)];
    d.view
        .reprocess_clears(previewed)
        .into_iter()
        .map(|o| (o.user, o.cleared))
        .collect()
}

/// Per user checked, the error rows a reprocess would clear now.
pub type ClearsNow = BTreeMap<UserIx, Vec<(SkuIx, Source)>>;

/// A row's verdict in a `ClearsNow`: `None` when its user was not checked.
pub fn row_clears(clears: &ClearsNow, user: UserIx, sku: SkuIx, source: Source) -> Option<bool> {
    clears.get(&user).map(|c| c.contains(&(sku, source)))
}

impl Problems {
    pub fn of(d: &Derived) -> Problems {
        let t = d.tenant();
        let mut errors = Vec::new();
        for u in d.live_users() {
            for row in t.user(u).rows().iter().filter(|r| r.state().is_error()) {
                errors.push(ErrorRow {
                    user: u,
                    sku: row.sku(),
                    source: row.source(),
                    code: row.error().as_str(),
                    reason: row_reason(t, row),
                    reprocess_clears: None,
                });
            }
        }
        let pending = d.pending();
        let mut users: Vec<UserIx> = errors.iter().map(|e| e.user).collect();
        users.dedup();
        let previewed = &users[..users.len().min(PREVIEW_LIMIT)];
        let alone = clears_now(d, previewed);
        for e in &mut errors {
            e.reprocess_clears = row_clears(&alone, e.user, e.sku, e.source);
        }
        // "Reprocess all": the users whose errors a reprocess clears, and those with pending
        // work, judged in turn on one copy.
        let mut candidates: Vec<UserIx> = previewed
            .iter()
            .copied()
            .filter(|u| alone.get(u).is_some_and(|c| !c.is_empty()))
            .chain(pending.users())
            .collect();
        candidates.sort();
        candidates.dedup();
        let mut reprocess_all: Vec<UserIx> = d
            .view
            .reprocess_in_turn(&candidates)
            .into_iter()
            .filter(|o| {
                o.succeeds() || (o.appeared.is_empty() && !pending.of_user(o.user).is_empty())
            })
            .map(|o| o.user)
            .collect();
        let reprocess_later = reprocess_all.len().saturating_sub(REPROCESS_ALL_LIMIT);
        reprocess_all.truncate(REPROCESS_ALL_LIMIT);
        Problems {
            reprocess_later,
            errors,
            previewed_users: previewed.len(),
            unchecked_users: users.len() - previewed.len(),
            pending,
            reprocess_all,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.pending.is_empty()
    }

    /// How many rows in error and items pending per product, in product order.
    pub fn by_product(&self) -> Vec<(SkuIx, usize, usize)> {
        let mut counts: BTreeMap<SkuIx, (usize, usize)> = BTreeMap::new();
        for e in &self.errors {
            counts.entry(e.sku).or_default().0 += 1;
        }
        for item in self.pending.items() {
            counts.entry(item.sku).or_default().1 += 1;
        }
        counts.into_iter().map(|(s, (e, p))| (s, e, p)).collect()
    }

    /// How many rows are in error per error code, with how many a reprocess would clear now.
    pub fn by_reason(&self) -> Vec<(&'static str, usize, usize)> {
        let mut counts: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
        for e in &self.errors {
            let c = counts.entry(e.code).or_default();
            c.0 += 1;
            c.1 += usize::from(e.reprocess_clears == Some(true));
        }
        counts
            .into_iter()
            .map(|(r, (n, clear))| (r, n, clear))
            .collect()
    }
}

/// The rows in error of a tenant, as (user, product, path, error code), sorted: what the timeline
/// compares step by step to say which errors a step made and which it cleared.
pub type ErrorKey = (UserIx, SkuIx, Source, &'static str);

pub fn error_keys(t: &licenselab_engine::Tenant) -> Vec<ErrorKey> {
    // Users are walked in index order and each user's rows come by product, then path
    // (`User::rows`): the keys come sorted.
    let keys: Vec<ErrorKey> = t
        .users()
        .iter()
        .enumerate()
        .filter(|(_, user)| user.is_alive())
        .flat_map(|(i, user)| {
            user.rows()
                .iter()
                .filter(|r| r.state().is_error())
                .map(move |r| (UserIx::new(i), r.sku(), r.source(), r.error().as_str()))
        })
        .collect();
    debug_assert!(keys.is_sorted());
    keys
}

/// What one step did to the rows in error.
#[derive(Default, Clone, PartialEq, Debug)]
pub struct ErrorChanges {
    pub appeared: Vec<ErrorKey>,
    pub cleared: Vec<ErrorKey>,
}

impl ErrorChanges {
    pub fn between(before: &[ErrorKey], after: &[ErrorKey]) -> ErrorChanges {
        ErrorChanges {
            appeared: after
                .iter()
                .filter(|k| before.binary_search(k).is_err())
                .copied()
                .collect(),
            cleared: before
                .iter()
                .filter(|k| after.binary_search(k).is_err())
                .copied()
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.appeared.is_empty() && self.cleared.is_empty()
    }
}

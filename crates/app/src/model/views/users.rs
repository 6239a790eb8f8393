//! The Users view's answers: a window of the users table (filtered, with the counts) and one
//! user's details (each license with its paths, the enabled plans, the errors with their reason
//! and fix and whether a reprocess clears them now, pending work, groups, properties), with what
//! the editing controls need (the products left to assign directly, an unused id for a new user).

use licenselab_engine::{Source, UserIx};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::kept::Kept;
use super::Derived;
use super::Window;
use crate::model::problems::{clears_now, row_clears};
use crate::model::queries::{
    error_label, licensed_through_nesting_only, matches_filter, plan_names, row_reason, sku_name,
    source_label, user_licenses, Pending,
};

/// What the users table asks for: a filter and the window of matching users it shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersQuery {
    /// Text in the display name or the id, any case; empty: every user.
    pub filter: String,
    /// Only users with a license row in error.
    pub errors_only: bool,
    /// The first matching user of the window (in scenario order), and how many from there.
    pub offset: usize,
    pub limit: usize,
    /// Each row's pending work, and the count of the tenant's (the app's table badges and notes
    /// it; the embed's does not).
    pub pending: bool,
}

/// A window of the users table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersPage {
    /// Users at the cursor.
    pub total: usize,
    /// Of those, the ones the filter keeps.
    pub matching: usize,
    /// The position of `rows[0]` among the matching users: the query's offset, moved back when it
    /// would leave the window short at the end (as the table's scroll window is).
    pub offset: usize,
    pub rows: Vec<UserRow>,
    /// Items of pending work in the tenant (observed starting state), when asked.
    pub pending_items: usize,
}

/// One user, as a row of the table shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: String,
    pub name: String,
    pub usage_location: Option<String>,
    /// "Office 365 E3 (3/4)": each product held, with its enabled plans of all its plans.
    pub licenses: Vec<String>,
    /// The user's status (`Tenant::user_status`): Active, ActiveWithError, Error, ...
    pub status: String,
    /// Why each item of the user's pending work is pending (when asked).
    pub pending: Vec<String>,
}

/// One user's details.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UserDetails {
    pub id: String,
    pub name: String,
    pub usage_location: Option<String>,
    /// The location group licensing uses: the user's, else the organization's.
    pub effective_location: Option<String>,
    pub pending: Vec<PendingLine>,
    pub licenses: Vec<LicenseLine>,
    /// Names of licensed groups that reach the user only through a nested group (B2).
    pub nested_only: Vec<String>,
    /// The groups the user is a direct member of.
    pub groups: Vec<GroupLine>,
    /// Graph properties at the cursor (the starting object with the applied updates).
    pub properties: Map<String, Value>,
    /// Every path, in the tenant's row order ("Direct", "Inherited (Sales)").
    pub paths: Vec<String>,
    /// Products the user has no direct assignment of (id, name): what "Assign directly" offers.
    pub assignable: Vec<(String, String)>,
    /// The step the details are seen at (the properties form starts again at another).
    pub cursor: usize,
}

/// An item of pending work: the product and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLine {
    pub product: String,
    pub reason: String,
}

/// One product the user holds, with its paths.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseLine {
    pub sku_id: String,
    pub product: String,
    /// Enabled plans (the paths' together) and the product's plans.
    pub enabled: usize,
    pub total: usize,
    /// Is one of the paths a direct assignment (which the admin can remove)?
    pub direct: bool,
    pub paths: Vec<PathLine>,
    pub enabled_plans: Vec<String>,
    pub off_plans: Vec<String>,
}

/// One assignment path of a product.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathLine {
    /// The group it is inherited from; `None`: assigned directly.
    pub group: Option<GroupRef>,
    /// "Direct", "Inherited (Sales)".
    pub label: String,
    pub disabled_plans: usize,
    /// The row's state: Active, ActiveWithError, Error, Disabled.
    pub state: String,
    /// Graph's error code (`CountViolation`, ...), `None` for a row without error.
    pub error: Option<String>,
    /// The error's name in the Entra portal ("Not enough licenses").
    pub error_label: Option<String>,
    /// The reason for the state, with the fix; empty for a healthy row.
    pub reason: String,
    /// Would a reprocess of the user clear this error now (its recorded reason out of date)?
    pub clears_now: bool,
}

/// A group, named.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRef {
    pub id: String,
    pub name: String,
}

/// A group the user is a member of, and the products it assigns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupLine {
    pub group: GroupRef,
    pub assigns: Vec<String>,
}

thread_local! {
    /// The users the last filter kept, so a scroll slices it instead of filtering every user.
    /// With the count of users at the cursor, which needs the same pass.
    static MATCHING: Kept<(String, bool), (usize, Vec<UserIx>)> = const { Kept::new() };
    /// The pending work at the cursor, which the table and the details read a user at a time.
    static PENDING: Kept<(), Pending> = const { Kept::new() };
}

fn pending(d: &Derived) -> std::rc::Rc<Pending> {
    PENDING.with(|kept| kept.get(d, (), || d.pending()))
}

/// The users table's window: the users the filter keeps, from `offset`, at most `limit`.
pub fn users_page(d: &Derived, q: &UsersQuery) -> UsersPage {
    let t = d.tenant();
    let kept = MATCHING.with(|kept| {
        kept.get(d, (q.filter.clone(), q.errors_only), || {
            let live = d.live_users();
            let total = live.len();
            let matching = live
                .into_iter()
                .filter(|u| {
                    let user = t.user(*u);
                    matches_filter(&q.filter, &[user.display_name(), user.id()])
                        && (!q.errors_only || user.rows().iter().any(|r| r.state().is_error()))
                })
                .collect();
            (total, matching)
        })
    });
    let (total, matching) = (kept.0, &kept.1);
    let pending = q.pending.then(|| pending(d));
    let shown = Window {
        offset: q.offset,
        limit: q.limit,
    }
    .filled(matching.len());
    let offset = shown.start;
    let rows = matching[shown]
        .iter()
        .map(|&u| {
            let user = t.user(u);
            UserRow {
                id: user.id().to_owned(),
                name: user.display_name().to_owned(),
                usage_location: user.usage_location().map(str::to_owned),
                licenses: user_licenses(t, u)
                    .iter()
                    .map(|l| format!("{} ({}/{})", sku_name(t, l.sku), l.enabled.len(), l.total))
                    .collect(),
                status: t.user_status(u).as_str().to_owned(),
                pending: pending.as_ref().map_or_else(Vec::new, |p| {
                    p.of_user(u).iter().map(|i| i.reason.clone()).collect()
                }),
            }
        })
        .collect();
    UsersPage {
        total,
        matching: matching.len(),
        offset,
        rows,
        pending_items: pending.map_or(0, |p| p.len()),
    }
}

/// A user's details at the cursor; `None` for an id that names no user there (deleted, not yet
/// created, or none at all).
pub fn user_details(d: &Derived, id: &str) -> Option<UserDetails> {
    let u = d.user_ix(id).filter(|u| d.is_live_user(*u))?;
    let t = d.tenant();
    let user = t.user(u);
    // Which of the user's errors a reprocess clears now (the engine's preview on a copy).
    let clears = if user.rows().iter().any(|r| r.state().is_error()) {
        clears_now(d, &[u])
    } else {
        Default::default()
    };
    let group_ref = |g| GroupRef {
        id: t.group(g).id().to_owned(),
        name: t.group(g).display_name().to_owned(),
    };
    let licenses = user_licenses(t, u)
        .into_iter()
        .map(|lic| {
            let sku = t.sku(lic.sku);
            LicenseLine {
                sku_id: sku.id().to_owned(),
                product: sku_name(t, lic.sku).to_owned(),
                enabled: lic.enabled.len(),
                total: lic.total,
                direct: lic.rows.iter().any(|r| r.source() == Source::Direct),
                paths: lic
                    .rows
                    .iter()
                    .map(|row| {
                        let code = row.error().as_str();
                        PathLine {
                            group: match row.source() {
                                Source::Direct => None,
                                Source::Group(g) => Some(group_ref(g)),
                            },
                            label: source_label(t, row.source()),
                            disabled_plans: row.disabled().len(),
                            state: row.state().as_str().to_owned(),
                            error: (code != "None").then(|| code.to_owned()),
                            error_label: error_label(code).map(str::to_owned),
                            reason: row_reason(t, row),
                            clears_now: row_clears(&clears, u, row.sku(), row.source())
                                == Some(true),
                        }
                    })
                    .collect(),
                enabled_plans: plan_names(t, lic.sku, lic.enabled),
                off_plans: plan_names(t, lic.sku, sku.all_plans().difference(lic.enabled)),
            }
        })
        .collect();
    let assignable = d
        .live_skus()
        .into_iter()
        .filter(|s| {
            !user
                .rows()
                .iter()
                .any(|r| r.sku() == *s && r.source() == Source::Direct)
        })
        .map(|s| (t.sku(s).id().to_owned(), sku_name(t, s).to_owned()))
        .collect();
    Some(UserDetails {
        id: user.id().to_owned(),
        name: user.display_name().to_owned(),
        usage_location: user.usage_location().map(str::to_owned),
        effective_location: t.effective_location(u).map(str::to_owned),
        pending: pending(d)
            .of_user(u)
            .iter()
            .map(|i| PendingLine {
                product: sku_name(t, i.sku).to_owned(),
                reason: i.reason.clone(),
            })
            .collect(),
        licenses,
        nested_only: licensed_through_nesting_only(d, u)
            .into_iter()
            .map(|g| t.group(g).display_name().to_owned())
            .collect(),
        groups: user
            .memberships()
            .iter()
            .map(|&g| GroupLine {
                group: group_ref(g),
                assigns: t
                    .group(g)
                    .licenses()
                    .iter()
                    .map(|l| sku_name(t, l.sku()).to_owned())
                    .collect(),
            })
            .collect(),
        properties: d.user_properties(id),
        paths: user
            .rows()
            .iter()
            .map(|r| source_label(t, r.source()))
            .collect(),
        assignable,
        cursor: d.cursor,
    })
}

/// `base`, or `base-2`, `base-3`, ...: the first that no user or group of the scenario has (at
/// any step), for a new object's id.
pub fn unused_id(d: &Derived, base: &str) -> String {
    let mut id = base.to_owned();
    let mut n = 2;
    while d.user_ix(&id).is_some() || d.group_ix(&id).is_some() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

//! The Groups view's answers: the groups table (a window of the groups a filter matches), one
//! group's details (licenses with their plans, members in error with the reason and whether a
//! reprocess clears it now, pending work, nesting, the rule), a window of its members, the users
//! and groups that can be added to it, and the member its "Add a member" form means (a new
//! group's id is `users::unused_id`'s). Plain data: ids and texts as the view shows them.

use licenselab_engine::{GroupIx, GroupType, MemberRef, SeatOrder, Source, Tenant, UserIx};
use serde::{Deserialize, Serialize};

use super::Window;
use crate::model::problems::{clears_now, row_clears};
use crate::model::queries::{group_errors, matches_filter, sku_name};
use crate::model::Derived;

/// The groups table asks for the groups matching `filter` (name or id, case-insensitive) and the
/// rows `offset .. offset + limit` of them (the rows in view, with overscan).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupListQuery {
    pub filter: String,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupList {
    /// Live groups at the cursor.
    pub total: usize,
    /// How many of them the filter matches.
    pub matching: usize,
    /// Where `rows` starts among the matching groups: the asked offset, moved back so that the
    /// window is full when enough groups match (as the virtual table clamps its scroll).
    pub offset: usize,
    pub rows: Vec<GroupRow>,
}

/// One row of the groups table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRow {
    pub id: String,
    pub name: String,
    /// "Security, assigned": the type and how members come.
    pub kind: String,
    pub dynamic: bool,
    /// The group's type when it is not a security group ("Microsoft 365").
    pub type_note: Option<String>,
    /// Direct user members.
    pub users: usize,
    /// Has groups as members (whose members get nothing from this group).
    pub nested: bool,
    /// The products it assigns, by name.
    pub licenses: Vec<String>,
    /// Members (and blocked former members) with a row in error from this group.
    pub errors: usize,
    /// Has a `licenseProcessingState` (it assigns licenses).
    pub processed: bool,
}

/// The rows `offset .. offset + limit` of the groups the filter matches, with the counts.
pub fn group_list(d: &Derived, q: &GroupListQuery) -> GroupList {
    let t = d.tenant();
    let all = d.live_groups();
    let matching: Vec<GroupIx> = all
        .iter()
        .copied()
        .filter(|g| matches_filter(&q.filter, &[t.group(*g).display_name(), t.group(*g).id()]))
        .collect();
    let shown = Window {
        offset: q.offset,
        limit: q.limit,
    }
    .filled(matching.len());
    let offset = shown.start;
    let rows = matching[shown].iter().map(|g| group_row(t, *g)).collect();
    GroupList {
        total: all.len(),
        matching: matching.len(),
        offset,
        rows,
    }
}

fn group_row(t: &Tenant, g: GroupIx) -> GroupRow {
    let group = t.group(g);
    let errors = t
        .users_with_rows_from(g)
        .into_iter()
        .filter(|u| t.user(*u).has_errors_from(g))
        .count();
    GroupRow {
        id: group.id().to_owned(),
        name: group.display_name().to_owned(),
        kind: group_kind(t, g),
        dynamic: group.is_dynamic(),
        type_note: (group.group_type() != GroupType::Security)
            .then(|| group.group_type().as_str().to_owned()),
        users: user_member_count(t, g),
        nested: group
            .members()
            .iter()
            .any(|m| matches!(m.who(), MemberRef::Group(_))),
        licenses: group
            .licenses()
            .iter()
            .map(|l| sku_name(t, l.sku()).to_owned())
            .collect(),
        errors,
        processed: t.license_processing_state(g).is_some(),
    }
}

fn group_kind(t: &Tenant, g: GroupIx) -> String {
    let group = t.group(g);
    let membership = if group.is_dynamic() {
        "dynamic"
    } else {
        "assigned"
    };
    format!("{}, {membership}", group.group_type().as_str())
}

fn user_member_count(t: &Tenant, g: GroupIx) -> usize {
    t.group(g).user_members().count()
}

/// One group's details, with at most `errors_limit` members in error and as many with pending
/// work (the view shows more on request).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDetailQuery {
    pub id: String,
    pub errors_limit: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupDetail {
    pub id: String,
    pub name: String,
    /// "Security, assigned".
    pub kind: String,
    pub description: Option<String>,
    /// Security-enabled: can hold licenses.
    pub eligible: bool,
    /// Graph's `licenseProcessingState`, when it assigns licenses.
    pub processing_state: Option<String>,
    pub dynamic: bool,
    /// The membership rule's text (empty for an assigned group).
    pub rule: String,
    pub rule_paused: bool,
    /// The products it assigns, in its order.
    pub licenses: Vec<GroupLicense>,
    /// The live products it does not assign yet, to pick one to assign.
    pub assignable: Vec<Product>,
    /// Members holding rows in error from it, in scenario order: the first `errors_limit`.
    pub errors: Vec<MemberErrors>,
    /// How many members hold rows in error from it.
    pub errors_total: usize,
    /// Who waits for a seat, in words, when any row is a `CountViolation`.
    pub seat_order_note: Option<String>,
    /// Members with pending work from it (an observed tenant): the first `errors_limit`.
    pub pending: Vec<MemberPending>,
    pub pending_total: usize,
    /// Direct user members.
    pub members: usize,
    /// The live groups nested in it, as a tree.
    pub nested: Vec<NestedGroup>,
    /// Users who reach it only through nesting (they get none of its licenses): how many, and
    /// the first `NESTED_ONLY_NAMES` names.
    pub nested_only: usize,
    pub nested_only_names: Vec<String>,
    /// The `nestedWhatIf` option is on.
    pub nested_what_if: bool,
}

/// How many of the users reached only through nesting are named.
pub const NESTED_ONLY_NAMES: usize = 12;

/// How deep the nesting tree goes before it says how many groups lie below.
pub const NESTING_DEPTH: usize = 6;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: String,
    pub name: String,
}

/// A product a group assigns, with its plans as the group has them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupLicense {
    pub sku_id: String,
    pub name: String,
    /// The plans this assignment enables (prerequisites met).
    pub enabled: usize,
    pub plans: Vec<PlanSwitch>,
}

/// One service plan of a product a group assigns, in the product's plan order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSwitch {
    /// `servicePlanId`, as `disabledPlans` names it.
    pub id: String,
    pub name: String,
    /// Turned off by the assignment (`disabledPlans`).
    pub disabled: bool,
    /// Enabled by the assignment: not disabled, and its prerequisites enabled by it too.
    pub enabled: bool,
}

/// A member in error, with each failing row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberErrors {
    pub user_id: String,
    pub user_name: String,
    pub rows: Vec<ErrorLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorLine {
    pub sku_id: String,
    pub product: String,
    /// Graph's error code (`CountViolation`, ...).
    pub code: String,
    /// The reason and the fix, in words.
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberPending {
    pub user_id: String,
    pub user_name: String,
    pub items: Vec<PendingLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLine {
    pub product: String,
    pub reason: String,
}

/// A group nested in another, with the groups nested in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NestedGroup {
    pub id: String,
    pub name: String,
    /// Its direct user members.
    pub users: usize,
    /// It is already above in this branch: a cycle, shown once and not followed.
    pub cycle: bool,
    pub below: Below,
}

/// What is nested below a group in the tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Below {
    Groups(Vec<NestedGroup>),
    /// Deeper than `NESTING_DEPTH`: how many groups are nested at the next level.
    NotShown(usize),
}

/// The group's details; `None` when no group has that id at the cursor.
pub fn group_detail(d: &Derived, q: &GroupDetailQuery) -> Option<GroupDetail> {
    let g = live_group(d, &q.id)?;
    let t = d.tenant();
    let group = t.group(g);
    let errors = group_errors(t, g);
    let count_violation = errors
        .iter()
        .any(|(_, rows)| rows.iter().any(|(_, code, _)| code == "CountViolation"));
    let all_pending = d.pending();
    let pending = all_pending.in_group(g);
    let nested_only = if t.nested_groups(g).next().is_none() {
        Vec::new()
    } else {
        t.nested_only_users(g)
    };
    Some(GroupDetail {
        id: group.id().to_owned(),
        name: group.display_name().to_owned(),
        kind: group_kind(t, g),
        description: group.description().map(str::to_owned),
        eligible: group.is_license_eligible(),
        processing_state: t.license_processing_state(g).map(str::to_owned),
        dynamic: group.is_dynamic(),
        rule: group.membership_rule().unwrap_or_default().to_owned(),
        rule_paused: group.rule_paused(),
        licenses: group
            .licenses()
            .iter()
            .map(|l| GroupLicense {
                sku_id: t.sku(l.sku()).id().to_owned(),
                name: sku_name(t, l.sku()).to_owned(),
                enabled: l.enabled().len(),
                plans: t
                    .sku_plans(l.sku())
                    .enumerate()
                    .map(|(pos, plan)| PlanSwitch {
                        id: plan.id.to_owned(),
                        name: plan.display_name.to_owned(),
                        disabled: l.disabled().contains(pos),
                        enabled: l.enabled().contains(pos),
                    })
                    .collect(),
            })
            .collect(),
        assignable: d
            .live_skus()
            .into_iter()
            .filter(|s| group.license(*s).is_none())
            .map(|s| Product {
                id: t.sku(s).id().to_owned(),
                name: sku_name(t, s).to_owned(),
            })
            .collect(),
        errors_total: errors.len(),
        errors: errors
            .iter()
            .take(q.errors_limit)
            .map(|(u, rows)| MemberErrors {
                user_id: t.user(*u).id().to_owned(),
                user_name: t.user(*u).display_name().to_owned(),
                rows: rows
                    .iter()
                    .map(|(s, code, reason)| ErrorLine {
                        sku_id: t.sku(*s).id().to_owned(),
                        product: sku_name(t, *s).to_owned(),
                        code: code.clone(),
                        reason: reason.clone(),
                    })
                    .collect(),
            })
            .collect(),
        seat_order_note: count_violation
            .then(|| seat_order_note(d.scenario.options.seat_order).to_owned()),
        pending_total: pending.len(),
        pending: pending
            .iter()
            .take(q.errors_limit)
            .map(|(u, items)| MemberPending {
                user_id: t.user(*u).id().to_owned(),
                user_name: t.user(*u).display_name().to_owned(),
                items: items
                    .iter()
                    .map(|i| PendingLine {
                        product: sku_name(t, i.sku).to_owned(),
                        reason: i.reason.clone(),
                    })
                    .collect(),
            })
            .collect(),
        members: user_member_count(t, g),
        nested: match nested_below(t, &mut vec![g]) {
            Below::Groups(groups) => groups,
            Below::NotShown(_) => Vec::new(),
        },
        nested_only: nested_only.len(),
        nested_only_names: nested_only
            .iter()
            .take(NESTED_ONLY_NAMES)
            .map(|u| t.user(*u).display_name().to_owned())
            .collect(),
        nested_what_if: t.options().nested_what_if,
    })
}

/// The rows in error from a group that a reprocess of their user would clear now (their recorded
/// reason, "10 of 10 assigned", may be out of date, and the view marks them): asked apart from
/// the details, since the engine's preview copies the tenant (seconds at 100,000 users), once per
/// state and group rather than per window of errors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupClears {
    /// (user id, product id) of each row a reprocess clears, for the first `PREVIEW_LIMIT`
    /// members in error.
    pub rows: Vec<(String, String)>,
    /// How many members in error have such a row.
    pub clearable: usize,
}

pub fn group_clears(d: &Derived, id: &str) -> GroupClears {
    let Some(g) = live_group(d, id) else {
        return GroupClears::default();
    };
    let t = d.tenant();
    let errors = group_errors(t, g);
    if errors.is_empty() {
        return GroupClears::default();
    }
    let users: Vec<UserIx> = errors.iter().map(|(u, _)| *u).collect();
    let clears = clears_now(d, &users);
    let mut answer = GroupClears::default();
    for (u, rows) in &errors {
        let before = answer.rows.len();
        for (s, _, _) in rows {
            if row_clears(&clears, *u, *s, Source::Group(g)) == Some(true) {
                answer
                    .rows
                    .push((t.user(*u).id().to_owned(), t.sku(*s).id().to_owned()));
            }
        }
        answer.clearable += usize::from(answer.rows.len() > before);
    }
    answer
}

fn seat_order_note(order: SeatOrder) -> &'static str {
    match order {
        SeatOrder::JoinOrder => "Who waits for a seat: members are served in the order they joined the group, then by id (seatOrder: joinOrder); a held seat is never taken back.",
        SeatOrder::UserId => "Who waits for a seat: members are served by user id (seatOrder: userId); a held seat is never taken back.",
    }
}

/// The groups nested below the last group of `path`. `path` holds the groups above, so a cycle
/// is shown once and marked, not followed; below `NESTING_DEPTH` levels only a count is given,
/// so a deep chain stays readable.
fn nested_below(t: &Tenant, path: &mut Vec<GroupIx>) -> Below {
    let Some(&g) = path.last() else {
        return Below::Groups(Vec::new());
    };
    let children: Vec<GroupIx> = t.nested_groups(g).collect();
    if path.len() > NESTING_DEPTH && !children.is_empty() {
        return Below::NotShown(children.len());
    }
    Below::Groups(
        children
            .into_iter()
            .map(|c| {
                let cycle = path.contains(&c);
                let below = if cycle {
                    Below::Groups(Vec::new())
                } else {
                    path.push(c);
                    let below = nested_below(t, path);
                    path.pop();
                    below
                };
                NestedGroup {
                    id: t.group(c).id().to_owned(),
                    name: t.group(c).display_name().to_owned(),
                    users: user_member_count(t, c),
                    cycle,
                    below,
                }
            })
            .collect(),
    )
}

/// A window of a group's direct user members: those matching `filter` (name or id), from
/// `offset`, at most `limit`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMembersQuery {
    pub id: String,
    pub filter: String,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMembers {
    /// All its direct user members (the filter aside).
    pub total: usize,
    pub rows: Vec<MemberRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: String,
    pub name: String,
    /// Holds a row in error from this group.
    pub error: bool,
}

/// The members' window (empty for a group that is not there at the cursor). Without a filter
/// it reads only the members in the window; a filter reads members until the window is full.
pub fn group_members(d: &Derived, q: &GroupMembersQuery) -> GroupMembers {
    let Some(g) = live_group(d, &q.id) else {
        return GroupMembers {
            total: 0,
            rows: Vec::new(),
        };
    };
    let t = d.tenant();
    let group = t.group(g);
    let rows = group
        .user_members()
        .map(|(u, _)| (u, t.user(u)))
        .filter(|(_, user)| matches_filter(&q.filter, &[user.display_name(), user.id()]))
        .skip(q.offset)
        .take(q.limit)
        .map(|(_, user)| MemberRow {
            id: user.id().to_owned(),
            name: user.display_name().to_owned(),
            error: user.has_errors_from(g),
        })
        .collect();
    GroupMembers {
        total: user_member_count(t, g),
        rows,
    }
}

/// The most users offered as new members (a search box's suggestions, not a directory).
pub const CANDIDATE_USERS: usize = 3000;

/// Who can be added to a group: live users and groups that are not direct members yet (the
/// group itself aside), in scenario order; at most `CANDIDATE_USERS` users.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCandidates {
    pub users: Vec<Candidate>,
    pub groups: Vec<Candidate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: String,
    pub name: String,
}

pub fn member_candidates(d: &Derived, group: &str) -> MemberCandidates {
    let Some(g) = live_group(d, group) else {
        return MemberCandidates {
            users: Vec::new(),
            groups: Vec::new(),
        };
    };
    let t = d.tenant();
    MemberCandidates {
        users: d
            .live_users()
            .into_iter()
            .filter(|u| !t.is_member(g, MemberRef::User(*u)))
            .take(CANDIDATE_USERS)
            .map(|u| Candidate {
                id: t.user(u).id().to_owned(),
                name: t.user(u).display_name().to_owned(),
            })
            .collect(),
        groups: d
            .live_groups()
            .into_iter()
            .filter(|x| *x != g && !t.is_member(g, MemberRef::Group(*x)))
            .map(|x| Candidate {
                id: t.group(x).id().to_owned(),
                name: t.group(x).display_name().to_owned(),
            })
            .collect(),
    }
}

/// The member a person typed into "Add a member": "Name (id)" as the suggestions offer it, an
/// id, or a display name; a user before a group. Its id, or `None` when nothing live matches.
pub fn member_named(d: &Derived, text: &str) -> Option<String> {
    let t = d.tenant();
    let wanted = text.trim();
    let id = wanted
        .rsplit_once(" (")
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .unwrap_or(wanted);
    d.user_ix(id)
        .filter(|u| t.user(*u).is_alive())
        .map(|u| t.user(u).id().to_owned())
        .or_else(|| live_group_alive(d, id).map(|g| t.group(g).id().to_owned()))
        .or_else(|| {
            d.live_users()
                .into_iter()
                .find(|u| t.user(*u).display_name() == wanted)
                .map(|u| t.user(u).id().to_owned())
        })
        .or_else(|| {
            d.live_groups()
                .into_iter()
                .find(|x| t.group(*x).display_name() == wanted)
                .map(|x| t.group(x).id().to_owned())
        })
}

/// The group with id `id`, when it exists at the cursor.
fn live_group(d: &Derived, id: &str) -> Option<GroupIx> {
    d.group_ix(id).filter(|g| d.is_live_group(*g))
}

/// The group with id `id`, when it is not deleted (as "Add a member" has always accepted it).
fn live_group_alive(d: &Derived, id: &str) -> Option<GroupIx> {
    d.group_ix(id).filter(|g| d.tenant().group(*g).is_alive())
}

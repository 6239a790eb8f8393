//! What each view shows, as plain data: a view's `Query` (what it asks for: a window of users, one
//! group, a filter) and its `Answer`, computed by `answer` from the simulation at the cursor.
//!
//! This is the line along which the engine moves into a Web Worker (issue 14): the components
//! render answers and build actions from the ids in them; they never read the `Tenant`. Whoever
//! holds the `Derived` (today the page, then the worker's session) runs `answer`, and both types
//! are serde data, so they cross `postMessage` unchanged. Answers carry ids and text as shown,
//! never engine indices, and a list the page scrolls through comes as a window with its total.

use serde::{Deserialize, Serialize};

use super::Derived;

mod kept;
pub mod organization;
pub mod products;
// The Users view.
pub mod users;
// Problems and Audit log views
mod audit;
mod problems;
mod window;
pub use audit::{audit_log, AuditAnswer, AuditDetails, AuditQuery};
pub use problems::{
    problems, ErrorShown, PendingShown, ProblemsAnswer, ProblemsQuery, ProductProblems,
    ReasonCount, UserShown, Verdict, ROWS_SHOWN,
};
pub use window::Window;
// The Timeline, the step bar and the header.
pub mod timeline;
// The Groups view.
pub mod groups;

/// What a view asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Query {
    /// The tenant's size and the cursor, for the header and for a view's empty state.
    Summary,
    // Products view (and the embed's products table); organization settings.
    Products,
    Organization,
    // The Users view (`users`): a window of the table, one user's details, an id for a new user.
    Users(users::UsersQuery),
    User {
        id: String,
    },
    UnusedId {
        base: String,
    },
    // Problems and Audit log views
    Problems(ProblemsQuery),
    AuditLog(AuditQuery),
    // The Timeline, the step bar and the header (views/timeline.rs).
    Header,
    StepBar,
    Timeline(timeline::TimelineQuery),
    // The Groups view (`groups`); a new group's id is `UnusedId`.
    GroupList(groups::GroupListQuery),
    GroupDetail(groups::GroupDetailQuery),
    GroupMembers(groups::GroupMembersQuery),
    /// The rows in error from the group with this id that a reprocess clears now.
    GroupClears(String),
    /// Who can be added to the group with this id.
    MemberCandidates(String),
    /// The member "Add a member" means by this text.
    MemberNamed(String),
}

/// What it gets back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Summary(Summary),
    // Products view (and the embed's products table); organization settings.
    Products(Box<products::Products>),
    Organization(Box<organization::Settings>),
    // The Users view.
    Users(users::UsersPage),
    User(Option<Box<users::UserDetails>>),
    UnusedId(String),
    // Problems and Audit log views
    Problems(ProblemsAnswer),
    AuditLog(AuditAnswer),
    // The Timeline, the step bar and the header.
    Header(timeline::ScenarioHeading),
    StepBar(timeline::Position),
    Timeline(Box<timeline::Timeline>),
    // The Groups view (`groups`).
    GroupList(groups::GroupList),
    GroupDetail(Option<Box<groups::GroupDetail>>),
    GroupMembers(groups::GroupMembers),
    GroupClears(groups::GroupClears),
    MemberCandidates(groups::MemberCandidates),
    MemberNamed(Option<String>),
}

/// Runs a query on the simulation at its cursor.
pub fn answer(d: &Derived, query: &Query) -> Answer {
    match query {
        Query::Summary => Answer::Summary(Summary::of(d)),
        // Products view (and the embed's products table); organization settings.
        Query::Products => Answer::Products(Box::new(products::Products::of(d))),
        Query::Organization => Answer::Organization(Box::new(organization::Settings::of(d))),
        // The Users view.
        Query::Users(q) => Answer::Users(users::users_page(d, q)),
        Query::User { id } => Answer::User(users::user_details(d, id).map(Box::new)),
        Query::UnusedId { base } => Answer::UnusedId(users::unused_id(d, base)),
        // Problems and Audit log views
        Query::Problems(q) => Answer::Problems(problems(d, q)),
        Query::AuditLog(q) => Answer::AuditLog(audit_log(d, q)),
        // The Timeline, the step bar and the header.
        Query::Header => Answer::Header(timeline::ScenarioHeading::of(d)),
        Query::StepBar => Answer::StepBar(timeline::Position::of(d)),
        Query::Timeline(q) => Answer::Timeline(Box::new(timeline::Timeline::of(d, q))),
        // The Groups view.
        Query::GroupList(q) => Answer::GroupList(groups::group_list(d, q)),
        Query::GroupDetail(q) => Answer::GroupDetail(groups::group_detail(d, q).map(Box::new)),
        Query::GroupMembers(q) => Answer::GroupMembers(groups::group_members(d, q)),
        Query::GroupClears(id) => Answer::GroupClears(groups::group_clears(d, id)),
        Query::MemberCandidates(g) => Answer::MemberCandidates(groups::member_candidates(d, g)),
        Query::MemberNamed(text) => Answer::MemberNamed(groups::member_named(d, text)),
    }
}

/// The tenant's size at the cursor.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub users: usize,
    pub groups: usize,
    pub products: usize,
    pub steps: usize,
    pub cursor: usize,
}

impl Summary {
    pub fn of(d: &Derived) -> Summary {
        Summary {
            users: d.live_users().len(),
            groups: d.live_groups().len(),
            products: d.live_skus().len(),
            steps: d.step_count(),
            cursor: d.cursor,
        }
    }
}

//! The state machine: tenant + step -> tenant' + what the step changed.
//!
//! A step touches only what it affects: a membership change evaluates that user, a group license
//! change evaluates that group's members, a seat purchase changes a counter. Nothing recomputes
//! the tenant.

mod columns;
mod direct;
pub(crate) mod dynamic;
mod group_ops;
pub(crate) mod journal;
mod paths;
pub(crate) mod undo;

use crate::tenant::{GroupIx, MemberRef, PlanIx, PlanSet, SkuIx, Tenant, UserIx};
use rustc_hash::FxHashMap;
use serde_json::Value;
use std::fmt;
use std::ops::{Deref, DerefMut};

/// The working data of one step, or of building the starting tenant: what the transitions need
/// while they run and drop afterwards, kept apart from the tenant's state.
#[derive(Debug, Default)]
pub(crate) struct Work {
    /// Each touched user's enabled plans before the step, to report what changed.
    journal: journal::Journal,
    /// The prior value of everything the step changes, so that it can be undone (none while
    /// the starting tenant is built).
    undo: Option<undo::UndoLog>,
    /// Rule work queued by the step's changes (`Transition::settle` drains it).
    cascade: dynamic::Cascade,
    /// While the starting tenant is built: groups arrive one by one, so a group run evaluates
    /// only the new group's path (adding a path cannot change another's outcome), and nothing is
    /// journaled (the timeline starts with the steps).
    building: bool,
    /// While an observed starting tenant is built: its rows are as Graph reported them, so no
    /// path is evaluated (memberships and dynamic rules still load; `scenario-format.md`).
    frozen: bool,
    /// While a starting tenant is built and no rule reads `memberOf`: nothing reads a user's
    /// list of groups until every group is in place, so joins go into the groups' member lists
    /// only, and the users' lists are made from those in one pass at the end
    /// (`Tenant::list_user_memberships`), instead of a write at a random user per membership.
    user_memberships_later: bool,
    /// Users by folded property value, for the properties rules filter on; built and used only
    /// while `building`, when users do not change (see `evaluate_dynamic_group`).
    value_index: FxHashMap<licenselab_rules::Property, FxHashMap<String, Vec<UserIx>>>,
    /// The properties rules read, a column each, read instead of the users while `building`.
    columns: columns::PropertyColumns,
}

impl Work {
    /// The working data of building a starting tenant; `observed` when it is built from
    /// reported rows, which nothing recomputes.
    pub(crate) fn building(observed: bool, user_memberships_later: bool) -> Self {
        Work {
            building: true,
            frozen: observed,
            user_memberships_later,
            ..Work::default()
        }
    }

    /// Whether a join is recorded on the user's side now (see `user_memberships_later`).
    pub(crate) fn users_join_now(&self) -> bool {
        !self.user_memberships_later
    }

    /// From now on joins are recorded on both sides (the users' lists have been made).
    pub(crate) fn record_joins_on_users(&mut self) {
        self.user_memberships_later = false;
    }
}

/// A tenant being changed: the transitions are its methods. It reads and writes the tenant
/// through `Deref`, as the tenant's own queries do, and keeps its working data beside it.
pub(crate) struct Transition<'a> {
    tenant: &'a mut Tenant,
    work: &'a mut Work,
}

impl<'a> Transition<'a> {
    pub(crate) fn new(tenant: &'a mut Tenant, work: &'a mut Work) -> Self {
        Transition { tenant, work }
    }
}

impl Deref for Transition<'_> {
    type Target = Tenant;

    fn deref(&self) -> &Tenant {
        self.tenant
    }
}

impl DerefMut for Transition<'_> {
    fn deref_mut(&mut self) -> &mut Tenant {
        self.tenant
    }
}

/// A step refused synchronously, as Graph refuses a request: nothing changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub code: RejectionCode,
    pub message: String,
}

impl Rejection {
    pub fn new(code: RejectionCode, message: impl Into<String>) -> Self {
        Rejection {
            code,
            message: message.into(),
        }
    }
}

/// Why Graph refused a request: its error codes, as `RejectionCode::as_str` writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectionCode {
    BadRequest,
    ResourceNotFound,
    ObjectConflict,
    InvalidUsageLocation,
    LicenseInheritedFromGroup,
    LicenseNotAssigned,
    SkuNotAssignableToUsers,
    GroupNotSecurityEnabled,
    GroupHasLicenses,
    CountViolation,
    MutuallyExclusiveViolation,
    DependencyViolation,
    ProhibitedInUsageLocationViolation,
    UniquenessViolation,
}

impl RejectionCode {
    /// Graph's code, as the result document and every front end show it.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectionCode::BadRequest => "Request_BadRequest",
            RejectionCode::ResourceNotFound => "Request_ResourceNotFound",
            RejectionCode::ObjectConflict => "ObjectConflict",
            RejectionCode::InvalidUsageLocation => "InvalidUsageLocation",
            RejectionCode::LicenseInheritedFromGroup => "LicenseInheritedFromGroup",
            RejectionCode::LicenseNotAssigned => "LicenseNotAssigned",
            RejectionCode::SkuNotAssignableToUsers => "SkuNotAssignableToUsers",
            RejectionCode::GroupNotSecurityEnabled => "GroupNotSecurityEnabled",
            RejectionCode::GroupHasLicenses => "GroupHasLicenses",
            RejectionCode::CountViolation => "CountViolation",
            RejectionCode::MutuallyExclusiveViolation => "MutuallyExclusiveViolation",
            RejectionCode::DependencyViolation => "DependencyViolation",
            RejectionCode::ProhibitedInUsageLocationViolation => {
                "ProhibitedInUsageLocationViolation"
            }
            RejectionCode::UniquenessViolation => "UniquenessViolation",
        }
    }
}

impl fmt::Display for RejectionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an administrator can do about a rejection whose message is Microsoft's own text (which
/// says what went wrong, not what to do).
pub fn advice(code: &RejectionCode) -> Option<&'static str> {
    Some(match code {
        RejectionCode::InvalidUsageLocation => {
            "Set the user's usageLocation first: unlike group-based licensing, a direct assignment does not fall back to the organization's location."
        }
        RejectionCode::LicenseInheritedFromGroup => {
            "Remove the user from the group, or change the license on the group."
        }
        RejectionCode::DependencyViolation => {
            "Assign or keep a product that enables the required plan, or disable the dependent plan, then try again."
        }
        _ => return None,
    })
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// The rows of one source for one user: almost always a handful, so they live on the stack.
pub(crate) type RowList = smallvec::SmallVec<[crate::tenant::Row; 4]>;

/// A product and the plans an assignment disables.
pub type LicenseChoice = (SkuIx, PlanSet);

/// A step with every reference resolved to an index.
#[derive(Debug, Clone)]
pub enum Op {
    AssignUserLicense {
        user: UserIx,
        add: Vec<LicenseChoice>,
        remove: Vec<SkuIx>,
    },
    AssignGroupLicense {
        group: GroupIx,
        add: Vec<LicenseChoice>,
        remove: Vec<SkuIx>,
    },
    AddMember {
        group: GroupIx,
        member: MemberRef,
    },
    RemoveMember {
        group: GroupIx,
        member: MemberRef,
    },
    CreateUser {
        user: UserIx,
        licenses: Vec<LicenseChoice>,
    },
    UpdateUser {
        user: UserIx,
        update: UserUpdate,
    },
    DeleteUser {
        user: UserIx,
    },
    CreateGroup {
        group: GroupIx,
        members: Vec<MemberRef>,
        licenses: Vec<LicenseChoice>,
    },
    UpdateGroup {
        group: GroupIx,
        update: GroupUpdate,
    },
    DeleteGroup {
        group: GroupIx,
    },
    AddSubscribedSku {
        sku: SkuIx,
    },
    SetPrepaidUnits {
        sku: SkuIx,
        units: crate::scenario::document::PrepaidUnits,
    },
    AddServicePlan {
        sku: SkuIx,
        plan: PlanIx,
    },
    ReprocessUser {
        user: UserIx,
    },
    ReprocessGroup {
        group: GroupIx,
    },
}

/// `updateUser`'s `set`, validated. `None` leaves a field alone; `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct UserUpdate {
    pub usage_location: Option<Option<String>>,
    pub proxy_addresses: Option<Vec<String>>,
    /// (n, value) for `extensionAttribute{n}`.
    pub extension_attributes: Vec<(u8, Option<String>)>,
    pub properties: Vec<(String, Option<Value>)>,
}

impl UserUpdate {
    /// The rule properties this update may change, so only the rules reading them run again.
    pub(crate) fn properties_read_by_rules(&self) -> Vec<licenselab_rules::Property> {
        use licenselab_rules::{ObjectKind, Property};
        let mut properties = Vec::new();
        if self.usage_location.is_some() {
            properties.push(Property::UsageLocation);
        }
        if self.proxy_addresses.is_some() {
            properties.push(Property::ProxyAddresses);
        }
        properties.extend(
            self.extension_attributes
                .iter()
                .map(|(n, _)| Property::ExtensionAttribute(*n)),
        );
        properties.extend(
            self.properties
                .iter()
                .filter_map(|(name, _)| Property::lookup(ObjectKind::User, name)),
        );
        properties
    }
}

/// `updateGroup`'s `set`, validated.
#[derive(Debug, Clone, Default)]
pub struct GroupUpdate {
    pub display_name: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub security_enabled: Option<bool>,
    pub mail_enabled: Option<bool>,
    pub group_types: Option<Vec<String>>,
    pub membership_rule: Option<Option<(String, licenselab_rules::Rule)>>,
    pub rule_paused: Option<bool>,
}

//! Why a path failed, kept as indices and put into words only when someone reads it.
//!
//! A 100,000-user tenant can hold tens of thousands of failed paths; a sentence each would be
//! most of its memory.

use crate::tenant::{LicenseError, PlanIx, SkuIx, Source, Tenant, UserIx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// CountViolation: the numbers when it was evaluated.
    NoSeats {
        sku: SkuIx,
        consumed: u32,
        assignable: u32,
    },
    /// MutuallyExclusiveViolation.
    Conflict {
        plan: PlanIx,
        sku: SkuIx,
        other_plan: PlanIx,
        other_sku: SkuIx,
        other: ConflictWith,
    },
    /// ProhibitedInUsageLocationViolation.
    Prohibited {
        plan: PlanIx,
        sku: SkuIx,
        location: [u8; 2],
        inherited: bool,
    },
    /// UniquenessViolation: this address of the user's is also another user's (kept as text:
    /// the user's addresses may change before the path is reprocessed).
    DuplicateProxy {
        address: Box<str>,
        owner: Option<UserIx>,
    },
    /// `Other`: a sibling product of the same group failed (B9).
    Sibling { sku: SkuIx, error: LicenseError },
    /// A removal blocked because a dependent plan still needs this path's plan (B14b, §8.6).
    RemovalBlocked {
        dependent: PlanIx,
        prerequisite: PlanIx,
    },
    /// An old product kept after an in-place swap failed (`swapFailure: keepOld`).
    KeptAfterFailedSwap,
}

/// Where the conflicting plan comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictWith {
    Path(Source),
    SameGroup,
    SameRequest,
}

impl Tenant {
    /// The reason in words an administrator can act on: what is wrong and what to do.
    pub fn explain(&self, reason: &Reason) -> String {
        let plan = |p: PlanIx| self.plans.plan(p).display_name();
        let sku = |s: SkuIx| self.sku(s).display_name();
        match reason {
            &Reason::NoSeats { sku: s, consumed, assignable } => format!(
                "{} has no available licenses ({consumed} of {assignable} assigned). Buy more licenses or free some, then reprocess: freed or bought seats are not used until then.",
                sku(s)
            ),
            &Reason::Conflict { plan: p, sku: s, other_plan, other_sku, other } => format!(
                "{} ({}) conflicts with {} ({}), which the user has through {}. Entra ID does not resolve conflicts: disable one of the two plans or remove the other product, then reprocess.",
                plan(p),
                sku(s),
                plan(other_plan),
                sku(other_sku),
                match other {
                    ConflictWith::Path(source) => self.describe_source(source),
                    ConflictWith::SameGroup => "the same group".to_owned(),
                    ConflictWith::SameRequest => "this request".to_owned(),
                }
            ),
            &Reason::Prohibited { plan: p, sku: s, location, inherited } => format!(
                "{} ({}) is not available in usage location {}{}. Set a usage location where it is offered, or disable the plan in the group, then reprocess the user.",
                plan(p),
                sku(s),
                String::from_utf8_lossy(&location),
                if inherited { ", which the user inherits from the organization" } else { "" }
            ),
            Reason::DuplicateProxy { address, owner } => format!(
                "The proxy address {address} is already used by {}, so Exchange Online cannot be provisioned. Fix the address, then reprocess the user.",
                owner.map_or("another recipient", |o| self.user(o).id.as_str())
            ),
            &Reason::Sibling { sku: s, error } => format!(
                "Not assigned because {} from the same group failed ({}): a group's licenses are assigned all or nothing. Fix that error, then reprocess.",
                sku(s),
                error.as_str()
            ),
            &Reason::RemovalBlocked { dependent, prerequisite } => format!(
                "Removing this license would leave {} without {}, which it depends on. Remove or disable {} first, or give the user {} another way, then reprocess.",
                plan(dependent),
                plan(prerequisite),
                plan(dependent),
                plan(prerequisite)
            ),
            Reason::KeptAfterFailedSwap => {
                "Kept while the group's new product cannot be assigned (swapFailure: keepOld).".to_owned()
            }
        }
    }

    pub(crate) fn describe_source(&self, source: Source) -> String {
        match source {
            Source::Direct => "a direct assignment".to_owned(),
            Source::Group(g) => format!("group {}", self.group(g).display_name()),
        }
    }
}

/// A two-letter country code as bytes (validated when loaded).
pub(crate) fn country(code: &str) -> [u8; 2] {
    let bytes = code.as_bytes();
    [
        bytes.first().copied().unwrap_or(b'?').to_ascii_uppercase(),
        bytes.get(1).copied().unwrap_or(b'?').to_ascii_uppercase(),
    ]
}

//! Failure reasons and audit results put into words, when someone reads them: the tenant keeps
//! `Reason` values (indices), so a big tenant does not hold a sentence per failed path.

use crate::tenant::reason::{ConflictWith, Reason};
use crate::tenant::{
    AuditEntry, AuditResult, PendingReason, PendingWork, PlanIx, SkuIx, Source, Tenant,
};
use std::borrow::Cow;

impl Tenant {
    /// A pending item in words: what processing would change, and how to have it done.
    pub fn explain_pending(&self, item: &PendingWork) -> String {
        let sku = self.sku(item.sku).display_name();
        let group = item.group.map_or("", |g| self.group(g).display_name());
        match item.reason {
            PendingReason::NoRow => format!(
                "a member of {group}, which assigns {sku}, with no license from it yet; processing the user (or a reprocess) assigns it"
            ),
            PendingReason::NotAMember => format!(
                "still has {sku} from {group} without being a licensed member; processing the user (or a reprocess) removes it"
            ),
            PendingReason::NotAssigned => format!(
                "still has {sku} from {group}, which no longer assigns it; processing the user (or a reprocess) removes it"
            ),
            PendingReason::DisabledPlansDiffer => format!(
                "has {sku} from {group} with other disabled plans than the group assigns; processing the user (or a reprocess) applies the group's"
            ),
            PendingReason::ErrorWouldClear => format!(
                "the error on {sku} from {group} would clear now; reprocess the user or the group"
            ),
            PendingReason::ConsumedUnitsDiffer { consumed, holders } => format!(
                "consumedUnits is {consumed} but {holders} {} a seat of {sku}; a reprocess of a group or user with {sku} counts again",
                if holders == 1 { "user holds" } else { "users hold" }
            ),
        }
    }

    /// An audit entry's result as Entra words it.
    pub fn audit_result<'a>(&'a self, entry: &'a AuditEntry) -> Cow<'a, str> {
        match &entry.result {
            AuditResult::Text(text) => Cow::Borrowed(text),
            AuditResult::Failure(reason) => format!("failure: {}", self.explain(reason)).into(),
        }
    }

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
            Reason::Reported(error) => format!(
                "Entra reported {} for this license in the imported state, which has not been evaluated since. Reprocess the user to have the path evaluated and the cause named.",
                error.as_str()
            ),
        }
    }

    pub(crate) fn describe_source(&self, source: Source) -> String {
        match source {
            Source::Direct => "a direct assignment".to_owned(),
            Source::Group(g) => format!("group {}", self.group(g).display_name()),
        }
    }
}

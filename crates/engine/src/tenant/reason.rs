//! Why a path failed, kept as indices and put into words only when someone reads it
//! (`report::explain`).
//!
//! A 100,000-user tenant can hold tens of thousands of failed paths; a sentence each would be
//! most of its memory.

use super::{LicenseError, PlanIx, SkuIx, Source, UserIx};

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
    /// An observed row's error, as Graph reported it: nothing here has evaluated the path, so
    /// only the error code is known.
    Reported(LicenseError),
}

/// Where the conflicting plan comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictWith {
    Path(Source),
    SameGroup,
    SameRequest,
}

/// A two-letter country code as bytes (validated when loaded).
pub(crate) fn country(code: &str) -> [u8; 2] {
    let bytes = code.as_bytes();
    [
        bytes.first().copied().unwrap_or(b'?').to_ascii_uppercase(),
        bytes.get(1).copied().unwrap_or(b'?').to_ascii_uppercase(),
    ]
}

//! The scenario's options (`licensing-behaviour.md` §8), validated once at load into the values
//! the transitions read.

use crate::scenario::document::{DependentRemoval, Options, SeatOrder, SwapFailure};
use licenselab_rules::DateTime;

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub seat_order: SeatOrder,
    pub dependent_removal: DependentRemoval,
    pub swap_failure: SwapFailure,
    pub nested_what_if: bool,
    /// Units in their grace period can be assigned (see `Tenant::assignable`).
    pub warning_units_assignable: bool,
    /// `system.now` for membership rules (`evaluationTime`).
    pub now: DateTime,
    /// Read when the plan rules are linked at load; kept only to write the options back.
    legacy_exchange_conflict: bool,
    community_dependencies: bool,
    /// `evaluationTime` as written, so that a snapshot writes back the same text.
    evaluation_time: String,
}

impl Policy {
    /// The options' policy; the error is what is wrong with `evaluationTime`, the only option
    /// whose type does not already validate it.
    pub fn new(options: &Options) -> Result<Self, String> {
        let now = DateTime::parse_iso8601(&options.evaluation_time).ok_or_else(|| {
            format!(
                "'{}' is not an ISO-8601 date and time such as 2025-06-01T00:00:00Z",
                options.evaluation_time
            )
        })?;
        Ok(Policy {
            seat_order: options.seat_order,
            dependent_removal: options.dependent_removal,
            swap_failure: options.swap_failure,
            nested_what_if: options.nested_what_if,
            warning_units_assignable: options.warning_units_assignable,
            now,
            legacy_exchange_conflict: options.legacy_exchange_conflict,
            community_dependencies: options.community_dependencies,
            evaluation_time: options.evaluation_time.clone(),
        })
    }

    /// The options this policy was made from (a snapshot writes them back).
    pub fn options(&self) -> Options {
        Options {
            seat_order: self.seat_order,
            dependent_removal: self.dependent_removal,
            legacy_exchange_conflict: self.legacy_exchange_conflict,
            swap_failure: self.swap_failure,
            nested_what_if: self.nested_what_if,
            community_dependencies: self.community_dependencies,
            evaluation_time: self.evaluation_time.clone(),
            warning_units_assignable: self.warning_units_assignable,
        }
    }
}

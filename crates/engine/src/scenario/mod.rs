//! The scenario format: the public input contract, its parsing and its resolution.
pub(crate) mod document;
mod fragments;
pub(crate) mod limits;
pub(crate) mod load;
pub(crate) mod locate;
mod snapshot;

pub use fragments::{check_rule, parse_step, RuleError};
pub use load::{parse, LoadError};

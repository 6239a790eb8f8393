//! The scenario format: the public input contract, its parsing and its resolution.
//!
//! From the document to the dense tenant: `parse` reads the text, `checks` and `resolve` check
//! every value and turn every string reference into an index, and `build` makes the starting
//! tenant as if created in file order. `errors` says where a problem is; `fragments` reads a step
//! or a rule on its own; `read` loads from text or a reader holding as little as it can.
mod build;
mod checks;
pub(crate) mod document;
mod errors;
pub(crate) mod expectations;
mod fragments;
pub(crate) mod limits;
pub(crate) mod locate;
mod parse;
mod read;
mod resolve;
mod snapshot;
mod step_kinds;

pub(crate) use build::{load, prepare, Building, Loaded};
pub use errors::LoadError;
pub use fragments::{check_rule, parse_step, RuleError};
pub use parse::parse;
pub(crate) use parse::parse_document;
pub(crate) use read::{load_document, load_reader, load_text};
pub(crate) use resolve::resolve_against;

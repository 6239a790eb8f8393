//! The scenario format: the public input contract, its parsing and its resolution.
//!
//! From the document to the dense tenant: `parse` reads the text, `checks` and `resolve` check
//! every value and turn every string reference into an index, and `build` makes the starting
//! tenant as if created in file order. `errors` says where a problem is.
mod build;
mod checks;
pub mod document;
mod errors;
pub mod limits;
pub mod locate;
mod parse;
mod resolve;
pub mod snapshot;
mod step_kinds;

pub(crate) use build::{load, prepare, Building};
pub use errors::LoadError;
pub use parse::parse;
pub(crate) use resolve::resolve_against;

//! The scenario format: the public input contract, its parsing and its resolution.
pub mod document;
pub mod limits;
pub mod load;
pub mod locate;
pub mod snapshot;

//! The built-in catalog (Microsoft's product table, conflict sets, dependencies).
mod builtin;
mod encoded;
pub use builtin::*;

//! The built-in catalog (Microsoft's product table, conflict sets, dependencies) and the service
//! families derived from it.
mod builtin;
mod services;
pub use builtin::*;
pub(crate) use services::{family_by_plan_name, EXCHANGE_MAILBOX};
pub use services::{service_families, ServiceFamily};

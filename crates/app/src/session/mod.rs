//! The engine's session as the Web Worker runs it (issue 14): the worker holds the tenant, and the
//! page asks for what it shows. Pure Rust (no browser bindings, no clock), so it is tested
//! natively (`tests/session.rs`); `worker_main.rs` carries it over `postMessage` and `remote.rs`
//! is the page's end.

mod protocol;
#[allow(clippy::module_inception)] // The session module's one job is the `Session`.
mod session;

pub use protocol::{History, Problem, Request, RequestId, Response, Revision, Source};
pub use session::Session;

//! What the app shows, derived from its state and free of the DOM (tested natively and in Node):
//! the simulation cache (`simulation`), scenario edits (`edits`), the tenant import (`import`) and the views' queries on the
//! tenant at the cursor (`queries`).

pub mod edits;
pub mod import;
pub mod plan;
pub mod queries;
pub mod simulation;

pub use simulation::Derived;

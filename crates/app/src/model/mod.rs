//! What the app shows, derived from its state and free of the DOM (tested natively and in Node):
//! the simulation cache (`simulation`), a starting tenant built in portions (`portions`), scenario
//! edits (`edits`), the engine's work for each change of the scenario (`change`) and the edits'
//! drafts' impact (`draft`), the tenant import (`import`), the views' queries on the tenant at the
//! cursor (`queries`, and `views`: their questions and answers as data) and its problems: rows in error, pending work, what a reprocess
//! would clear, and what each step did to the errors (`problems`).

pub mod audit;
pub mod change;
pub mod draft;
pub mod edits;
pub mod import;
pub mod plan;
pub mod portions;
pub mod problems;
pub mod queries;
pub mod simulation;
pub mod views;

pub use simulation::Derived;

//! The licenselab browser app: loads an example scenario, runs it with the engine and shows the
//! result, or the reason there is none. Built by Trunk from the root `index.html`.

mod fetch;
pub mod scenario;
mod view;

pub use scenario::{Example, Outcome};
pub use view::{App, ErrorBox, ErrorBoxProps, ResultView};

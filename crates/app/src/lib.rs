//! The licenselab browser app: a library of components (products, groups, users, timeline, audit
//! log, example gallery, rule editor, embed view) and two thin entry points, the full app and the
//! compact embed page. The state (`state`) is the edited `Scenario` and the step being looked at,
//! changed only by a pure reducer; everything else is derived by running the engine (`model`).

pub mod browser;
pub mod components;
pub mod crash;
pub mod export;
pub mod library;
pub mod loading;
#[cfg(not(feature = "regex"))]
pub mod matcher;
pub mod model;
mod picked;
pub mod remote;
pub mod saved;
pub mod scenario;
pub mod session;
pub mod share;
pub mod state;

pub use components::app::App;
pub use components::common::{ErrorBox, ErrorBoxProps};
pub use components::embed::EmbedApp;
pub use scenario::Example;

/// Which entry point a page asks for: `<body data-view="embed">` mounts the embed view, and
/// `"bridge"` nothing (the test pages that drive the worker's bridge, `tests/bench/worker.html`).
pub fn mount() {
    let view = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .and_then(|b| b.get_attribute("data-view"));
    match view.as_deref() {
        Some("embed") => {
            crash::install(crash::Page::Embed);
            yew::Renderer::<EmbedApp>::new().render();
        }
        Some("bridge") => {}
        _ => {
            crash::install(crash::Page::App);
            yew::Renderer::<App>::new().render();
        }
    }
}

/// The embed page's entry point: the compact view only (its own, smaller binary).
pub fn mount_embed() {
    crash::install(crash::Page::Embed);
    yew::Renderer::<EmbedApp>::new().render();
}

//! When the app itself fails (a bug), the page says so and hands back the saved work instead of
//! freezing. A panic stops the wasm module for good, so this runs in the panic hook and uses the
//! DOM directly; text goes in as text, never as HTML.

use crate::saved::{decode_from_storage, AUTOSAVE_KEY, CORRUPT_KEY};
use wasm_bindgen::JsCast;

/// Where the page that failed came from: the app (which has saved work to hand back) or the
/// read-only embed (which stores nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    App,
    Embed,
}

/// Shows `show`'s page on any panic (and still logs it to the console).
pub fn install(page: Page) {
    std::panic::set_hook(Box::new(move |info| {
        web_sys::console::error_1(&info.to_string().into());
        show(page, &info.to_string());
    }));
}

/// Replaces the page with what happened and a way back: in the app, a download of the autosaved
/// scenario, a reload that restores it, and a reload without it (in case the saved scenario is
/// what fails); in an embed, a reload.
pub fn show(page: Page, what: &str) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        show_in(&body, page, what);
    }
}

/// `show`, into any element (the page's body in the app).
pub fn show_in(container: &web_sys::Element, page: Page, what: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let element = |tag: &str, text: &str| {
        let e = document.create_element(tag).ok()?;
        e.set_text_content(Some(text));
        Some(e)
    };
    let Some(panel) = document.create_element("main").ok() else {
        return;
    };
    panel.set_class_name("crash");
    panel.set_attribute("role", "alert").ok();
    let explanation = match page {
        Page::App => "Your scenario is saved in this browser shortly after each edit (the very last edit may be missing). Reload the page to continue from the saved scenario, or download it below. If the same error comes back after a reload, reload without it: it is kept aside, not deleted.",
        Page::Embed => "This embedded scenario could not be shown. Reload the page, or open the scenario in the full app.",
    };
    let parts = [
        element("h1", "licenselab stopped because of a bug"),
        element("p", explanation),
        element("pre", what),
    ];
    for part in parts.into_iter().flatten() {
        panel.append_child(&part).ok();
    }
    let actions = document.create_element("p").ok();
    let add = |child: Option<web_sys::Element>| {
        if let (Some(actions), Some(child)) = (&actions, child) {
            actions.append_child(&child).ok();
            actions.append_child(&document.create_text_node(" ")).ok();
        }
    };
    if page == Page::App {
        add(saved_scenario_link(&document));
    }
    add(button(&document, "Reload", || {}));
    if page == Page::App && stored(AUTOSAVE_KEY).is_some() {
        add(button(
            &document,
            "Reload without the saved scenario",
            || {
                let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
                if let (Some(storage), Some(text)) = (storage, stored(AUTOSAVE_KEY)) {
                    storage.remove_item(AUTOSAVE_KEY).ok();
                    storage.set_item(CORRUPT_KEY, &text).ok();
                }
            },
        ));
    }
    if let Some(actions) = actions {
        panel.append_child(&actions).ok();
    }
    container.set_text_content(None);
    container.append_child(&panel).ok();
}

/// A button that runs `before` and reloads the page.
fn button(
    document: &web_sys::Document,
    label: &str,
    before: impl Fn() + 'static,
) -> Option<web_sys::Element> {
    let button = document.create_element("button").ok()?;
    button.set_attribute("type", "button").ok();
    button.set_text_content(Some(label));
    let on_click = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        before();
        if let Some(window) = web_sys::window() {
            window.location().reload().ok();
        }
    });
    button
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
        .ok();
    // The page is over: the handler lives as long as it does.
    on_click.forget();
    Some(button)
}

fn stored(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

/// A download link for the autosaved scenario, if there is one.
fn saved_scenario_link(document: &web_sys::Document) -> Option<web_sys::Element> {
    let stored = stored(AUTOSAVE_KEY)?;
    let text = decode_from_storage(&stored).ok()?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let link = document.create_element("a").ok()?;
    link.set_attribute("href", &url).ok()?;
    link.set_attribute("download", "licenselab-scenario.json")
        .ok()?;
    link.set_text_content(Some("Download the saved scenario"));
    Some(link)
}

//! When the app itself fails (a bug), the page says so and hands back the saved work instead of
//! freezing. A panic stops the wasm module for good, so this runs in the panic hook and uses the
//! DOM directly; text goes in as text, never as HTML.

use crate::saved::{decode_from_storage, AUTOSAVE_KEY};
use wasm_bindgen::JsCast;

/// Shows `show`'s page on any panic (and still logs it to the console).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        show(&info.to_string());
    }));
}

/// Replaces the page with what happened and a way back: a download of the autosaved scenario
/// (saved after every edit) and a reload, which restores it.
pub fn show(what: &str) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        show_in(&body, what);
    }
}

/// `show`, into any element (the page's body in the app).
pub fn show_in(container: &web_sys::Element, what: &str) {
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
    let parts = [
        element("h1", "licenselab stopped because of a bug"),
        element(
            "p",
            "Your scenario is saved in this browser after every edit. Reload the page to continue from your last edit, or download the saved scenario below.",
        ),
        element("pre", what),
    ];
    for part in parts.into_iter().flatten() {
        panel.append_child(&part).ok();
    }
    if let Some(link) = saved_scenario_link(&document) {
        panel.append_child(&link).ok();
    }
    if let Some(reload) = element("button", "Reload") {
        let on_click = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
            if let Some(window) = web_sys::window() {
                window.location().reload().ok();
            }
        });
        reload
            .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
            .ok();
        // The page is over: the handler lives as long as it does.
        on_click.forget();
        panel.append_child(&reload).ok();
    }
    container.set_text_content(None);
    container.append_child(&panel).ok();
}

/// A download link for the autosaved scenario, if there is one.
fn saved_scenario_link(document: &web_sys::Document) -> Option<web_sys::Element> {
    let stored = web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(AUTOSAVE_KEY)
        .ok()??;
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

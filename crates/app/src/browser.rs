use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

// Thin wrappers over the browser: fetch, the URL, downloads, files, the embedding parent.

/// GETs a URL relative to the page and returns its body, or a message fit for the error box.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("there is no browser window to fetch from")?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .and_then(JsValue::dyn_into)
        .map_err(|e| format!("{url}: {}", js_message(&e)))?;
    if !response.ok() {
        return Err(format!(
            "{url}: HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let body = response
        .text()
        .map_err(|e| format!("{url}: {}", js_message(&e)))?;
    let text = JsFuture::from(body)
        .await
        .map_err(|e| format!("{url}: {}", js_message(&e)))?;
    text.as_string()
        .ok_or_else(|| format!("{url}: the response is not text"))
}

/// The `?name=value` query parameter of the page's URL.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// A JavaScript error or thrown value in words.
pub fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// The URL fragment, with its `#`.
pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The page's query string, with its `?`.
pub fn location_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Drops the query and fragment from the address without adding a history entry: a shared
/// scenario or an example, once opened, belongs to the autosave, and reloading must not open the
/// link again over later edits.
pub fn clear_location() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&path));
    }
}

/// Offers `text` as a file download.
pub fn download(file_name: &str, mime: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document.create_element("a").and_then(|e| {
        e.dyn_into::<web_sys::HtmlAnchorElement>()
            .map_err(JsValue::from)
    }) {
        a.set_href(&url);
        a.set_download(file_name);
        if let Some(body) = document.body() {
            let _ = body.append_child(&a);
            a.click();
            let _ = body.remove_child(&a);
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The text of a file the user picked.
pub async fn read_file_text(file: &web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text())
        .await
        .map_err(|e| format!("the file could not be read: {}", js_message(&e)))?;
    text.as_string()
        .ok_or_else(|| "the file is not text".to_owned())
}

/// Puts `text` on the clipboard; or why not, in words (a page served over plain http has no
/// clipboard, and a browser may refuse).
pub async fn copy_text(text: &str) -> Result<(), String> {
    const SELECT: &str = "select the text and copy it with Ctrl+C (⌘C on a Mac)";
    let navigator = web_sys::window().ok_or("no window")?.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).unwrap_or_default();
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(format!("This page cannot use the clipboard: {SELECT}."));
    }
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| format!("The browser did not allow copying: {SELECT}."))
}

/// Tells the page that embeds this one (if any) how tall the content is, so it can size the iframe.
pub fn post_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    // The body's own height: the document's is never less than the iframe's.
    let Some(height) = window
        .document()
        .and_then(|d| d.body())
        .map(|b| b.get_bounding_client_rect().height().ceil() as i32)
    else {
        return;
    };
    thread_local!(static LAST: std::cell::Cell<i32> = const { std::cell::Cell::new(-1) });
    if LAST.with(|last| last.replace(height)) == height {
        return;
    }
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"licenselab:height".into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    let _ = parent.post_message(&message, "*");
}

/// Reports the height again whenever the page's content changes size (a table filtered, a tab
/// switched, the window resized), not only after the embed view renders. Installed once.
pub fn observe_height() {
    thread_local!(static INSTALLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new(post_height);
    if let Ok(observer) =
        web_sys::ResizeObserver::new(wasm_bindgen::JsCast::unchecked_ref(callback.as_ref()))
    {
        observer.observe(&body);
    }
    // The observer lives as long as the page.
    callback.forget();
}

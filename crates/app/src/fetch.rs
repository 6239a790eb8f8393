use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

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

fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

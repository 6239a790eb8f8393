//! Engine errors as JS errors.

use js_sys::{Error, Reflect};
use licenselab_engine::LoadError;
use licenselab_requests::RequestsError;
use wasm_bindgen::JsValue;

/// A `LoadError` as a JS `Error` named `LoadError`. Its `message` is exactly what the native
/// command prints after `licenselab: FILE: `, so documentation and tools show the same words; the
/// parts are there too for tools that point at the spot (`line`, `column`: 1-based, or `null`
/// when unknown; `path`: the field path, `""` for the whole document).
pub fn load_error(error: &LoadError) -> JsValue {
    let js_error = Error::new(&error.to_string());
    js_error.set_name("LoadError");
    let position = |value: Option<usize>| value.map_or(JsValue::NULL, |n| JsValue::from(n as f64));
    for (key, value) in [
        ("line", position(error.line)),
        ("column", position(error.column)),
        ("path", JsValue::from_str(&error.path)),
    ] {
        // Setting a property on a fresh, extensible Error object cannot fail.
        Reflect::set(&js_error, &JsValue::from_str(key), &value).expect("an Error is extensible");
    }
    js_error.into()
}

/// A `LoadError` of one of `diff`'s two scenarios: `load_error` with `document`, `"old"` or
/// `"new"`, saying which.
pub fn snapshot_load_error(error: &LoadError, document: &str) -> JsValue {
    let js_error = load_error(error);
    Reflect::set(
        &js_error,
        &JsValue::from_str("document"),
        &JsValue::from_str(document),
    )
    .expect("an Error is extensible");
    js_error
}

/// `requests`' error: the scenario's `LoadError`, or an `Error` named `RequestsError` whose
/// `message` is what the command prints after `licenselab: FILE: ` and whose `path` is the field
/// path (`steps[2].addLicenses[0].skuId`).
pub fn requests_error(error: &RequestsError) -> JsValue {
    match error {
        RequestsError::Load(load) => load_error(load),
        RequestsError::Plan { path, .. } => {
            let js_error = Error::new(&error.to_string());
            js_error.set_name("RequestsError");
            Reflect::set(
                &js_error,
                &JsValue::from_str("path"),
                &JsValue::from_str(path),
            )
            .expect("an Error is extensible");
            js_error.into()
        }
    }
}

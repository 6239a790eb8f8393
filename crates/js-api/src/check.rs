//! `check`: the engine's check report as the same JSON bytes `licenselab check --format json`
//! prints, with the command's options given as an object.

use crate::errors;
use js_sys::{Array, Reflect};
use licenselab_engine::{CheckError, CheckOptions};
use wasm_bindgen::{JsCast, JsValue};

/// Runs `check` with `options` (`{steps?, deny?, allow?}`, `undefined` for none).
pub fn check(scenario_json: &str, options: &JsValue) -> Result<String, JsValue> {
    let steps = field(options, "steps")?
        .map(|v| {
            v.as_string()
                .ok_or_else(|| type_error("options.steps must be the changes file's JSON text"))
        })
        .transpose()?;
    let words = |name: &str| -> Result<Vec<String>, JsValue> {
        let Some(value) = field(options, name)? else {
            return Ok(Vec::new());
        };
        let list = value
            .dyn_into::<Array>()
            .map_err(|_| type_error(&format!("options.{name} must be an array of strings")))?;
        list.iter()
            .map(|item| {
                item.as_string().ok_or_else(|| {
                    type_error(&format!("options.{name} must be an array of strings"))
                })
            })
            .collect()
    };
    let options = CheckOptions::parse(&words("deny")?, &words("allow")?)
        .map_err(|message| JsValue::from(js_sys::RangeError::new(&message)))?;
    licenselab_engine::check_json(scenario_json, steps.as_deref(), &options).map_err(|e| match e {
        CheckError::Scenario(e) => with_file(errors::load_error(&e), "scenario"),
        CheckError::Changes(e) => with_file(errors::load_error(&e), "steps"),
        CheckError::Options(message) => js_sys::RangeError::new(&message).into(),
    })
}

/// `options[name]`, `None` when the options or the field are `undefined` or `null`.
fn field(options: &JsValue, name: &str) -> Result<Option<JsValue>, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    if !options.is_object() {
        return Err(type_error(
            "check's options must be an object {steps, deny, allow}",
        ));
    }
    let value = Reflect::get(options, &JsValue::from_str(name))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// A `LoadError` that says which input it is about: `"scenario"` or `"steps"`.
fn with_file(error: JsValue, file: &str) -> JsValue {
    Reflect::set(&error, &JsValue::from_str("file"), &JsValue::from_str(file))
        .expect("an Error is extensible");
    error
}

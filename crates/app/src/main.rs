use std::rc::Rc;

use licenselab_app::model::views::{Answer, Query};
use licenselab_app::remote::{Event, Remote};
use licenselab_app::session::Request;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use yew::Callback;

fn main() {
    licenselab_app::mount();
}

/// The page's bridge to the engine's worker (`remote.rs`) as JavaScript sees it, for the pages
/// that prove it in Chromium (`tests/bench/worker.html`: `tests/e2e/worker.test.mjs` and
/// `tests/bench/worker.mjs`), until the app's views ask the worker themselves. Those pages mount
/// no app (`<body data-view="bridge">`); nothing in the app creates one.
#[wasm_bindgen]
pub struct Bridge(Remote);

#[wasm_bindgen]
impl Bridge {
    /// Starts the worker at `url` (relative to the page); `on_event` gets every response as a
    /// plain object (answers go to whoever asked), or `{type: "stopped", message}`.
    #[wasm_bindgen(constructor)]
    pub fn new(url: &str, on_event: js_sys::Function) -> Bridge {
        let emit = Callback::from(move |event: Event| {
            let value = match event {
                Event::Response(response) => plain(&response),
                Event::Stopped(message) => {
                    let o = js_sys::Object::new();
                    let _ = js_sys::Reflect::set(&o, &"type".into(), &"stopped".into());
                    let _ = js_sys::Reflect::set(&o, &"message".into(), &message.into());
                    o.into()
                }
            };
            let _ = on_event.call1(&JsValue::NULL, &value);
        });
        Bridge(Remote::spawn(url, emit))
    }

    /// Sends a request (`{type: "edit", actions: [...]}`, `{type: "undo"}`, ...).
    pub fn send(&self, request: JsValue) -> Result<(), JsError> {
        let request: Request = serde_wasm_bindgen::from_value(request)?;
        self.0.send(&request);
        Ok(())
    }

    /// Opens the scenario in `file`, posted to the worker as it is.
    #[wasm_bindgen(js_name = openFile)]
    pub fn open_file(&self, file: web_sys::Blob) {
        self.0.open_file(&file, None);
    }

    /// Asks `query` (`"Summary"`, ...); `on_answer` gets its answer as a plain object, unless a
    /// change overtook it. Returns the question's id.
    pub fn ask(&self, query: JsValue, on_answer: js_sys::Function) -> Result<u32, JsError> {
        let query: Query = serde_wasm_bindgen::from_value(query)?;
        Ok(self.0.ask(
            query,
            Callback::from(move |answer: Rc<Answer>| {
                let _ = on_answer.call1(&JsValue::NULL, &plain(&*answer));
            }),
        ))
    }

    /// The latest revision the page has seen.
    pub fn revision(&self) -> u32 {
        self.0.revision()
    }
}

fn plain(value: &impl Serialize) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

//! The Web Worker's entry point (issue 14): the engine's session (`licenselab_app::session`) on its
//! own thread, so loading a big tenant, steps and queries never hold up the page. Trunk builds it
//! from `index.html` as a classic worker script with a loader (`licenselab-worker_loader.js`);
//! the page's end is `remote.rs`.
//!
//! Messages in: `{request, file?}`, the request as the session's `Request` (a plain object) and,
//! for `{"type": "open", "source": {"type": "attached"}}`, the `File` or `Blob` to read here, so a
//! big scenario is never a string on the page. Messages out: the session's `Response`s, the first
//! `{"type": "ready"}` once requests are read (a message before that would be lost).

use std::cell::RefCell;

use licenselab_app::browser::js_message;
use licenselab_app::session::{Request, Response, Session, Source};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

thread_local! {
    static SESSION: RefCell<Session> = RefCell::new(Session::new());
}

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let mut emit = |response: Response| post(&scope, &response);
        match read_request(&event.data()) {
            Ok(request) => SESSION.with(|s| s.borrow_mut().handle(request, &mut emit)),
            Err(message) => emit(Response::Refused {
                revision: SESSION.with(|s| s.borrow().revision()),
                title: "The engine could not read a request".to_owned(),
                message,
                hint: Some("Reload the page.".to_owned()),
            }),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&scope, &Response::Ready);
}

/// The message's request, with an attached file read into its bytes.
fn read_request(data: &JsValue) -> Result<Request, String> {
    let field = |name: &str| js_sys::Reflect::get(data, &JsValue::from_str(name)).ok();
    let request = field("request").ok_or("The message has no request.")?;
    let mut request: Request =
        serde_wasm_bindgen::from_value(request).map_err(|e| e.to_string())?;
    if let Request::Open { source, .. } = &mut request {
        if *source == Source::Attached {
            if let Some(file) = field("file").and_then(|f| f.dyn_into::<Blob>().ok()) {
                *source = Source::Bytes(read_blob(&file)?);
            }
        }
    }
    Ok(request)
}

/// A file's bytes, read synchronously: a worker may, and the session handles one request at a time.
fn read_blob(file: &Blob) -> Result<Vec<u8>, String> {
    let reader = FileReaderSync::new().map_err(|e| js_message(&e))?;
    let buffer = reader
        .read_as_array_buffer(file)
        .map_err(|e| js_message(&e))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn post(scope: &DedicatedWorkerGlobalScope, response: &Response) {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    match response.serialize(&serializer) {
        Ok(value) => {
            // Posting fails only for values that cannot be cloned, which plain data never is.
            let _ = scope.post_message(&value);
        }
        Err(e) => web_sys::console::error_1(&JsValue::from_str(&e.to_string())),
    }
}

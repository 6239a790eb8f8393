//! The page's end of the engine's Web Worker (issue 14): it starts the worker (`worker_main.rs`),
//! sends the session's requests (`session::Request`), and hands what comes back to a Yew
//! `Callback`. The worker holds the tenant; the page holds answers.
//!
//! Requests posted before the worker says it is ready are held and sent then (a message to a
//! worker still loading its code would be lost). A file to open is posted as the `Blob` itself,
//! never read into a string on the page. Every change raises the session's revision; an answer
//! computed at a revision older than the latest change the page has seen is dropped, and whoever
//! asked asks again at the new revision (`use_answer`). A worker that cannot start, does not say
//! it is ready within `START_TIMEOUT_MS`, or stops (a crash in the engine) is reported as
//! `Event::Stopped` with words for the user; the remote then sends nothing more.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use gloo::timers::callback::Timeout;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, ErrorEvent, MessageEvent, Worker};
use yew::prelude::*;

use crate::browser::js_message;
use crate::model::views::{Answer, Query};
use crate::session::{Request, RequestId, Response, Revision, Source};

/// The worker's script, relative to the page (the app is served from any folder).
pub const WORKER_URL: &str = "./licenselab-worker_loader.js";

/// How long the worker may take to load its code and say it is ready.
const START_TIMEOUT_MS: u32 = 30_000;

/// What the worker says, or that it stopped.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A response other than an answer (answers go to whoever asked): progress, opened, changed,
    /// refused, failed.
    Response(Box<Response>),
    /// The worker could not start or stopped: what to tell the user.
    Stopped(String),
}

/// A running worker and its session; clones share it. Equal when it is the same worker.
#[derive(Clone)]
pub struct Remote(Rc<Inner>);

impl PartialEq for Remote {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

struct Inner {
    worker: Option<Worker>,
    link: RefCell<Link>,
    on_event: Callback<Event>,
    /// The handlers the worker calls, kept as long as the remote lives.
    _handlers: Option<Handlers>,
}

#[derive(Default)]
struct Link {
    ready: bool,
    stopped: bool,
    /// Messages posted before the worker was ready, in order.
    held: Vec<JsValue>,
    /// The latest revision the page has seen (an opened scenario or a change).
    revision: Revision,
    next_id: RequestId,
    /// Who waits for which answer.
    waiting: HashMap<RequestId, Callback<Rc<Answer>>>,
    start_timer: Option<Timeout>,
}

impl Remote {
    /// Starts the worker at `url` (`WORKER_URL` in the app); `on_event` gets what it says.
    pub fn spawn(url: &str, on_event: Callback<Event>) -> Remote {
        let worker = Worker::new(url);
        let remote = Remote(Rc::new_cyclic(|weak: &Weak<Inner>| {
            let worker = worker.as_ref().ok().cloned();
            Inner {
                _handlers: worker.as_ref().map(|w| listen(w, weak)),
                worker,
                link: RefCell::default(),
                on_event,
            }
        }));
        match worker {
            Err(e) => remote.stop(&format!("it could not be started ({})", js_message(&e))),
            Ok(_) => {
                let weak = Rc::downgrade(&remote.0);
                let timer = Timeout::new(START_TIMEOUT_MS, move || {
                    if let Some(inner) = weak.upgrade() {
                        Remote(inner).stop("it did not start (its code did not load)");
                    }
                });
                remote.0.link.borrow_mut().start_timer = Some(timer);
            }
        }
        remote
    }

    /// Sends a request (an open with `Source::Attached` needs `open_file`).
    pub fn send(&self, request: &Request) {
        self.post(request, None);
    }

    /// Opens the scenario in `file` (a picked `File`, or any `Blob`), read by the worker.
    pub fn open_file(&self, file: &Blob, step: Option<usize>) {
        let request = Request::Open {
            source: Source::Attached,
            step,
        };
        self.post(&request, Some(file));
    }

    /// Asks `query` about the tenant at the cursor; `answer` gets it unless a change overtook it.
    pub fn ask(&self, query: Query, answer: Callback<Rc<Answer>>) -> RequestId {
        let id = {
            let mut link = self.0.link.borrow_mut();
            let id = link.next_id.wrapping_add(1);
            link.next_id = id;
            link.waiting.insert(id, answer);
            id
        };
        self.send(&Request::Query { id, query });
        id
    }

    /// The latest revision the page has seen: a view asks again when it changes.
    pub fn revision(&self) -> Revision {
        self.0.link.borrow().revision
    }

    fn post(&self, request: &Request, file: Option<&Blob>) {
        let message = js_sys::Object::new();
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let Ok(value) = request.serialize(&serializer) else {
            return;
        };
        let _ = js_sys::Reflect::set(&message, &"request".into(), &value);
        if let Some(file) = file {
            let _ = js_sys::Reflect::set(&message, &"file".into(), file);
        }
        let mut link = self.0.link.borrow_mut();
        if link.stopped {
            return;
        }
        if !link.ready {
            link.held.push(message.into());
            return;
        }
        drop(link);
        if let Some(worker) = &self.0.worker {
            if let Err(e) = worker.post_message(&message) {
                self.stop(&format!("a request could not be sent ({})", js_message(&e)));
            }
        }
    }

    fn receive(&self, data: JsValue) {
        let response: Response = match serde_wasm_bindgen::from_value(data) {
            Ok(r) => r,
            Err(e) => return self.stop(&format!("it said something unreadable ({e})")),
        };
        let mut link = self.0.link.borrow_mut();
        match response {
            Response::Ready => {
                link.ready = true;
                link.start_timer = None;
                let held = std::mem::take(&mut link.held);
                drop(link);
                for message in held {
                    if let Some(worker) = &self.0.worker {
                        let _ = worker.post_message(&message);
                    }
                }
                return;
            }
            Response::Answer {
                id,
                revision,
                answer,
            } => {
                let asker = link.waiting.remove(&id);
                // Computed before a change the page has seen: the asker asks again.
                if revision < link.revision {
                    return;
                }
                drop(link);
                if let Some(asker) = asker {
                    asker.emit(Rc::new(answer));
                }
                return;
            }
            Response::Opened { revision, .. } | Response::Changed { revision, .. } => {
                link.revision = revision;
            }
            _ => {}
        }
        drop(link);
        self.0.on_event.emit(Event::Response(Box::new(response)));
    }

    /// Stops the worker and tells the user (once).
    fn stop(&self, why: &str) {
        {
            let mut link = self.0.link.borrow_mut();
            if link.stopped {
                return;
            }
            link.stopped = true;
            link.held.clear();
            link.waiting.clear();
            link.start_timer = None;
        }
        if let Some(worker) = &self.0.worker {
            worker.terminate();
        }
        self.0.on_event.emit(Event::Stopped(format!(
            "The simulator's engine stopped: {why}. Your scenario is kept; reload the page to start it again."
        )));
    }
}

/// The worker's message and error handlers.
type Handlers = (
    Closure<dyn Fn(MessageEvent)>,
    Closure<dyn Fn(web_sys::Event)>,
);

/// Handles the worker's messages and errors while the remote lives.
fn listen(worker: &Worker, weak: &Weak<Inner>) -> Handlers {
    let on_message = {
        let weak = weak.clone();
        Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(inner) = weak.upgrade() {
                Remote(inner).receive(event.data());
            }
        })
    };
    let on_error = {
        let weak = weak.clone();
        Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            let what = event
                .dyn_ref::<ErrorEvent>()
                .map(|e| e.message())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "its code could not be loaded or crashed".to_owned());
            if let Some(inner) = weak.upgrade() {
                Remote(inner).stop(&what);
            }
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
    (on_message, on_error)
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(worker) = &self.worker {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            worker.set_onmessageerror(None);
            worker.terminate();
        }
    }
}

/// The answer to `query` at the latest revision: `None` until it comes, asked again at every
/// change of the session (for the views, once they read answers instead of the tenant).
#[hook]
pub fn use_answer(remote: &Remote, query: Query) -> Option<Rc<Answer>> {
    let answer = use_state(|| None::<Rc<Answer>>);
    let setter = answer.setter();
    use_effect_with(
        (remote.clone(), remote.revision(), query),
        move |(remote, _, query)| {
            remote.ask(query.clone(), Callback::from(move |a| setter.set(Some(a))));
        },
    );
    (*answer).clone()
}

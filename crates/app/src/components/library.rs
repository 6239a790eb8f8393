//! The library panel (every scenario the user worked on: open, rename, duplicate, delete) and the
//! "New" panel (a blank tenant with a name, or a file to start from). Only the full app has them.

use std::rc::Rc;

use yew::prelude::*;

use super::app::load_in_portions;
use super::common::input_event_value;
use crate::library::{changed_words, display_name, Entry, Library};
use crate::saved::shelf;
use crate::state::{Action, AppState, Notice, Open};

/// Opens a library entry at the step it was left at; the work it replaces is kept in turn.
/// `title`: the notice that says it opened (none when restoring from a notice).
pub(crate) fn open_entry(id: Rc<str>, title: Option<String>, d: UseReducerDispatcher<AppState>) {
    yew::platform::spawn_local(async move {
        let cursor = shelf::library()
            .ok()
            .and_then(|l| l.get(&id).map(|e| e.cursor))
            .unwrap_or(usize::MAX);
        let loaded = match shelf::read(&id) {
            Ok(text) => load_in_portions(&text, &d).await,
            Err(message) => Err(message),
        };
        match loaded {
            Ok((scenario, simulation)) => d.dispatch(Action::open(Open {
                notice: title.map(Notice::restorable),
                step: cursor,
                keep_previous: true,
                entry: Some(id),
                ..Open::new(scenario, Some(simulation))
            })),
            Err(message) => {
                d.dispatch(Action::Busy(None));
                d.dispatch(Action::Notice(Notice::error(
                    "This scenario could not be opened from the library",
                    message,
                )));
            }
        }
    });
}

/// A date and time as the reader's browser writes them (their time zone and language).
fn local_date(ms: f64) -> String {
    js_sys::Date::new(&ms.into())
        .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

#[derive(Properties, PartialEq)]
pub struct LibraryProps {
    pub dispatch: UseReducerDispatcher<AppState>,
    /// The entry of the work in memory (it cannot be deleted while it is open).
    pub open: Option<Rc<str>>,
}

/// What a row is doing: being renamed (with the text typed), or asking to confirm a deletion.
#[derive(Clone, PartialEq)]
enum RowMode {
    Rename(String, String),
    ConfirmDelete(String),
}

#[component]
pub fn LibraryPanel(p: &LibraryProps) -> Html {
    let reread = use_state(|| 0u64);
    let mode = use_state(|| None::<RowMode>);
    let failure = use_state(|| None::<String>);
    // Read at every render (the index is small), so the autosave's latest change shows.
    let library = shelf::library();
    let now = js_sys::Date::now();
    // An operation's outcome: the listing read again, or what went wrong in words.
    let done = {
        let (reread, mode, failure) = (reread.clone(), mode.clone(), failure.clone());
        move |outcome: Result<(), String>| {
            failure.set(outcome.err());
            mode.set(None);
            reread.set(*reread + 1);
        }
    };
    let entries = match &library {
        Ok(Library { entries }) => entries.clone(),
        Err(message) => {
            return html! {
                <section id="library-panel" class="panel library" aria-label="Library">
                    <p class="form-error" role="alert">{ format!("The library could not be read: {message}.") }</p>
                </section>
            }
        }
    };
    let row = |e: &Entry| {
        let id: Rc<str> = e.id.as_str().into();
        let is_open = p.open.as_deref() == Some(e.id.as_str());
        let name = e.name.clone();
        let on_open = {
            let (d, id, name) = (p.dispatch.clone(), id.clone(), name.clone());
            Callback::from(move |_: MouseEvent| {
                open_entry(
                    id.clone(),
                    Some(format!("Opened “{name}” from the library")),
                    d.clone(),
                )
            })
        };
        let start_rename = {
            let (mode, id, name) = (mode.clone(), e.id.clone(), name.clone());
            Callback::from(move |_: MouseEvent| {
                mode.set(Some(RowMode::Rename(id.clone(), name.clone())))
            })
        };
        let on_duplicate = {
            let (done, id) = (done.clone(), id.clone());
            Callback::from(move |_: MouseEvent| done(shelf::duplicate(&id).map(|_| ())))
        };
        let ask_delete = {
            let (mode, id) = (mode.clone(), e.id.clone());
            Callback::from(move |_: MouseEvent| mode.set(Some(RowMode::ConfirmDelete(id.clone()))))
        };
        let cancel = {
            let mode = mode.clone();
            Callback::from(move |_: MouseEvent| mode.set(None))
        };
        let actions = match &*mode {
            Some(RowMode::Rename(row, text)) if *row == e.id => {
                let on_save = {
                    let (done, id, text, d, is_open) = (
                        done.clone(),
                        id.clone(),
                        text.clone(),
                        p.dispatch.clone(),
                        is_open,
                    );
                    Callback::from(move |ev: SubmitEvent| {
                        ev.prevent_default();
                        if text.trim().is_empty() {
                            return;
                        }
                        if is_open {
                            // The open work is renamed in memory; the autosave files it.
                            d.dispatch(Action::Rename(text.clone()));
                            done(Ok(()));
                        } else {
                            done(shelf::rename(&id, &text));
                        }
                    })
                };
                let on_input = {
                    let (mode, row) = (mode.clone(), row.clone());
                    Callback::from(move |ev: InputEvent| {
                        mode.set(Some(RowMode::Rename(row.clone(), input_event_value(&ev))))
                    })
                };
                html! {
                    <form class="inline-form" onsubmit={on_save}>
                        <label>{ "New name " }<input type="text" value={text.clone()} oninput={on_input} autofocus=true /></label>
                        <button type="submit">{ "Save name" }</button>
                        <button type="button" onclick={cancel}>{ "Cancel" }</button>
                    </form>
                }
            }
            Some(RowMode::ConfirmDelete(row)) if *row == e.id => {
                let on_delete = {
                    let (done, id) = (done.clone(), id.clone());
                    Callback::from(move |_: MouseEvent| done(shelf::delete(&id)))
                };
                html! {
                    <span class="confirm" role="group" aria-label={format!("Delete {name}?")}>
                        { format!("Delete “{name}” and its steps for good? ") }
                        <button type="button" class="danger" onclick={on_delete}>{ "Delete for good" }</button>
                        <button type="button" onclick={cancel}>{ "Keep it" }</button>
                    </span>
                }
            }
            _ => html! {
                <>
                    <button type="button" onclick={on_open} disabled={is_open} aria-label={format!("Open {name}")}>{ "Open" }</button>
                    <button type="button" onclick={start_rename} aria-label={format!("Rename {name}")}>{ "Rename" }</button>
                    <button type="button" onclick={on_duplicate} aria-label={format!("Duplicate {name}")}>{ "Duplicate" }</button>
                    <button type="button" class="danger" onclick={ask_delete} disabled={is_open}
                            title={is_open.then_some("It is open: open another scenario first")}
                            aria-label={format!("Delete {name}")}>{ "Delete" }</button>
                </>
            },
        };
        html! {
            <tr key={e.id.clone()} class={classes!(is_open.then_some("open-entry"))}>
                <th scope="row"><span class="name">{ &e.name }</span>
                    if is_open { { " " }<span class="badge ok">{ "open" }</span> }</th>
                <td>{ e.size() }</td>
                <td>{ changed_words(e.changed, now, local_date) }</td>
                <td class="library-actions">{ actions }</td>
            </tr>
        }
    };
    html! {
        <section id="library-panel" class="panel library" aria-label="Library">
            <h3>{ "Library" }</h3>
            <p class="muted">{ "Every scenario you worked on, kept in this browser with its steps. Opening an example, a file or a link never replaces your work: it is kept here first." }</p>
            if let Some(message) = &*failure { <p class="form-error" role="alert">{ message }</p> }
            if entries.is_empty() {
                <p>{ "Nothing yet: a scenario you create, import or change is kept here." }</p>
            } else {
                <div class="table-scroll">
                    <table class="grid library-table">
                        <caption class="visually-hidden">{ "Your scenarios" }</caption>
                        <thead><tr>
                            <th scope="col">{ "Name" }</th>
                            <th scope="col">{ "Size" }</th>
                            <th scope="col">{ "Last changed" }</th>
                            <th scope="col">{ "Actions" }</th>
                        </tr></thead>
                        <tbody>{ for entries.iter().map(row) }</tbody>
                    </table>
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct NewProps {
    pub dispatch: UseReducerDispatcher<AppState>,
    /// The chooser of a scenario file ("Import JSON") and the tenant import.
    pub on_import_file: Callback<MouseEvent>,
    pub on_import_tenant: Callback<MouseEvent>,
    pub on_close: Callback<()>,
}

/// "New": a blank tenant with the name typed, or a file to start from.
#[component]
pub fn NewPanel(p: &NewProps) -> Html {
    let name = use_state(String::new);
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                let _ = i.focus();
            }
        });
    }
    let onsubmit = {
        let (name, d, close) = (name.clone(), p.dispatch.clone(), p.on_close.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            d.dispatch(Action::New(name.trim().to_owned()));
            close.emit(());
        })
    };
    html! {
        <section id="new-panel" class="panel new-scenario" aria-label="New scenario">
            <form class="inline-form" {onsubmit}>
                <label>{ "Name " }
                    <input ref={input} type="text" placeholder={display_name("").to_owned()} value={(*name).clone()}
                           oninput={let n = name.clone(); move |e: InputEvent| n.set(input_event_value(&e))} />
                </label>
                <button type="submit">{ "Create blank tenant" }</button>
            </form>
            <p class="muted">{ "A tenant with no products, users or groups: add them in the Products, Users and Groups views. Or start from a file: " }
                <button type="button" class="link" onclick={p.on_import_file.clone()}>{ "a scenario (Import JSON)" }</button>{ " or " }
                <button type="button" class="link" onclick={p.on_import_tenant.clone()}>{ "an export of your tenant (Import tenant)" }</button>{ "." }</p>
            <p class="muted">{ "Your work in memory is kept in the Library." }</p>
        </section>
    }
}

//! The full app: the scenario being edited, the views on it, and the work-is-never-lost plumbing
//! (autosave, restore, import, export, share links).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use licenselab_engine::Scenario;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::audit::AuditLog;
use super::common::*;
use super::draft::DraftPanel;
use super::gallery::Gallery;
use super::groups::GroupsView;
use super::import::ImportPanelView;
use super::library::{open_entry, LibraryPanel, NewPanel};
use super::plan::PlanView;
use super::problems::ProblemsView;
use super::products::ProductsView;
use super::rename::ScenarioName;
use super::timeline::{StepBar, Timeline};
use super::users::UsersView;
use crate::browser::{
    clear_location, download, fetch_text, location_hash, query_param, read_file_text,
};
use crate::model::views::timeline::ScenarioHeading;
use crate::saved::{self, browser as store, shelf};
use crate::scenario::{parse_index, pick_example, Example, EXAMPLES_DIR};
use crate::share;
use crate::state::{Action, AppState, ImportPanel, Kept, Notice, NoticeAction, Open, Tab, Target};

const TABS: [(Tab, &str); 8] = [
    (Tab::Products, "Products"),
    (Tab::Groups, "Groups"),
    (Tab::Users, "Users"),
    (Tab::Problems, "Problems"),
    (Tab::Timeline, "Timeline"),
    (Tab::Audit, "Audit log"),
    (Tab::Plan, "Plan a change"),
    (Tab::Examples, "Examples"),
];

/// Opens the scenario of a share link in the address (`#s=...`, or `?s=...`), if there is one; the work it
/// replaces stays restorable. Returns whether a scenario opened.
fn open_shared_link(state: &UseReducerDispatcher<AppState>) -> bool {
    let link = share::param(&location_hash(), share::SCENARIO_KEY)
        .or_else(|| share::param(&crate::browser::location_search(), share::SCENARIO_KEY));
    let Some(link) = link else { return false };
    clear_location();
    match share::decompress(&link).and_then(|t| saved::read_and_load(&t)) {
        Ok((scenario, simulation)) => {
            state.dispatch(Action::open(Open {
                notice: Some(Notice::restorable(format!(
                    "Opened the shared scenario “{}”",
                    scenario.name
                ))),
                keep_previous: true,
                ..Open::new(scenario, Some(simulation))
            }));
            true
        }
        Err(message) => {
            state.dispatch(Action::Notice(
                Notice::error("The link's scenario could not be opened", message).sticky(),
            ));
            false
        }
    }
}

/// Reads scenario text and builds its tenant in portions, the progress shown as the busy notice.
pub(crate) async fn load_in_portions(
    text: &str,
    d: &UseReducerDispatcher<AppState>,
) -> Result<(Scenario, licenselab_engine::Simulation), String> {
    crate::loading::load_in_portions(text, |m| d.dispatch(Action::Busy(Some(m)))).await
}

/// Builds a scenario's starting tenant in portions, the progress shown as the busy notice.
pub(crate) async fn load_scenario_in_portions(
    scenario: &Scenario,
    d: &UseReducerDispatcher<AppState>,
) -> Result<licenselab_engine::Simulation, String> {
    crate::loading::build_in_portions(scenario, |m| d.dispatch(Action::Busy(Some(m)))).await
}

/// Opens an example at its step; `restorable`: the work it replaces was kept and can be restored
/// from the notice.
async fn open_example(example: Example, state: UseReducerDispatcher<AppState>, restorable: bool) {
    let Example { file, step, .. } = example;
    match fetch_text(&format!("{EXAMPLES_DIR}/{file}"))
        .await
        .and_then(|t| saved::read_and_load(&t))
    {
        Ok((scenario, simulation)) => state.dispatch(Action::open(Open {
            notice: restorable
                .then(|| Notice::restorable(format!("Opened the example “{}”", scenario.name))),
            example: Some(file),
            step,
            show_problems: true,
            // From the gallery, the work in memory is kept; from the address, the autosave already was.
            keep_previous: restorable,
            published: true,
            ..Open::new(scenario, Some(simulation))
        })),
        Err(message) => state.dispatch(Action::Failed(
            format!("Could not load the example {file}"),
            message,
        )),
    }
}

/// The page: header, toolbar, step bar, tabs and the current view.
#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let examples = use_state(|| Rc::new(Vec::<Example>::new()));
    let share_url = use_state(|| None::<String>);
    let file_input = use_node_ref();
    // The "New" or "Library" panel under the toolbar, when one is open.
    let shelf_panel = use_state(|| None::<ShelfPanel>);

    // Start: a shared link, else ?example=, else the autosave, else the first example.
    {
        let (state, examples) = (state.dispatcher(), examples.clone());
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                let index = fetch_text(&format!("{EXAMPLES_DIR}/index.json"))
                    .await
                    .and_then(|t| parse_index(&t));
                let list = match index {
                    Ok(list) => list,
                    Err(message) => {
                        state.dispatch(Action::Failed(
                            "Could not load the example list".into(),
                            message,
                        ));
                        Vec::new()
                    }
                };
                examples.set(Rc::new(list.clone()));
                // The autosave, if it is the user's work, is in the library before anything opens.
                let autosaved = match shelf::autosave_entry() {
                    Ok(entry) => entry,
                    Err(message) => {
                        state.dispatch(Action::Notice(
                            Notice::error("Your library could not be read", message).sticky(),
                        ));
                        None
                    }
                };
                if let Some((entry, name)) = autosaved.clone() {
                    state.dispatch(Action::Kept(Kept { entry, name }));
                }
                if open_shared_link(&state) {
                    return;
                }
                let requested = query_param("example");
                if let Some(example) = requested
                    .as_deref()
                    .and_then(|r| list.iter().find(|e| e.file == r))
                {
                    // Once open, the example is the work: a reload restores the autosave, not the example.
                    clear_location();
                    open_example(example.clone(), state, autosaved.is_some()).await;
                    return;
                }
                // The autosave may be a big tenant: it is built in portions, with progress shown.
                let saved_text = store::get(saved::AUTOSAVE_KEY).filter(|t| !t.trim().is_empty());
                if let Some(stored) = saved_text {
                    let restored = match saved::decode_from_storage(&stored) {
                        Ok(text) => load_in_portions(&text, &state).await,
                        Err(reason) => Err(reason),
                    };
                    match restored {
                        Ok((scenario, simulation)) => {
                            let published = autosaved.is_none();
                            state.dispatch(Action::open(Open {
                                keep_previous: true,
                                entry: autosaved.map(|(entry, _)| entry),
                                published,
                                ..Open::new(scenario, Some(simulation))
                            }));
                            return;
                        }
                        Err(reason) => {
                            state.dispatch(Action::Busy(None));
                            // Moved, not copied: a copy of an entry near the storage quota
                            // would not fit beside it.
                            store::remove(saved::AUTOSAVE_KEY);
                            let hint = match store::set(saved::CORRUPT_KEY, &stored) {
                                Ok(()) => format!("It was set aside (browser storage key “{}”), not deleted. An example opened instead.", saved::CORRUPT_KEY),
                                Err(_) => "The browser could not keep it in storage, so download it now: it is kept only until this page is closed. An example opened instead.".to_owned(),
                            };
                            state.dispatch(Action::Notice(Notice {
                                error: true,
                                title: "Your saved work could not be read".into(),
                                message: reason,
                                hint: Some(hint),
                                action: Some(NoticeAction::DownloadUnreadable(Rc::new(stored))),
                                sticky: true,
                            }));
                        }
                    }
                }
                if let Some(first) = pick_example(&list, None) {
                    open_example(first.clone(), state, false).await;
                }
            });
        });
    }

    // A share link pasted into the address bar of an open app changes only the fragment.
    {
        let state = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new(&w, "hashchange", move |_| {
                    open_shared_link(&state);
                })
            });
            move || drop(listener)
        });
    }

    // Ctrl+Z undoes the last step, Ctrl+Shift+Z and Ctrl+Y redo (Cmd on a Mac), except in a
    // text field, where they undo typing.
    {
        let state = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                // Not passive: the key's default (the browser's own undo) is prevented.
                let options = gloo::events::EventListenerOptions::enable_prevent_default();
                gloo::events::EventListener::new_with_options(&w, "keydown", options, move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if let Some(action) = undo_key(e) {
                        e.prevent_default();
                        state.dispatch(action);
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Autosave shortly after each change (a 2,000-user scenario is half a megabyte of JSON), and
    // at once if the page goes away before that; the user's work is filed in the library too.
    {
        let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
        let pending: Rc<RefCell<Option<ToSave>>> = use_mut_ref(|| None);
        let to_save = state.derived.as_ref().map(|d| ToSave {
            scenario: PtrEq(d.scenario.clone()),
            cursor: d.cursor,
            entry: state.work.entry.clone(),
            users: state.is_users_work(),
            opened: state.work.opened,
        });
        let dispatch = state.dispatcher();
        {
            let (pending, dispatch) = (pending.clone(), dispatch.clone());
            use_effect_with((), move |_| {
                let listener = web_sys::window().map(|w| {
                    gloo::events::EventListener::new(&w, "pagehide", move |_| {
                        if let Some(work) = pending.borrow_mut().take() {
                            work.save(&dispatch);
                        }
                    })
                });
                move || drop(listener)
            });
        }
        use_effect_with(to_save, move |to_save| {
            if let Some(work) = to_save.clone() {
                *pending.borrow_mut() = Some(work);
                *timer.borrow_mut() = Some(Timeout::new(300, move || {
                    if let Some(work) = pending.borrow_mut().take() {
                        work.save(&dispatch);
                    }
                }));
            }
        });
    }

    // The user's work an opened scenario replaced, filed in the library ("Restore previous work").
    {
        let dispatch = state.dispatcher();
        let replaced = state.previous.clone();
        use_effect_with(
            replaced.as_ref().map(|r| PtrEq(r.scenario.clone())),
            move |_| {
                if let Some(r) = replaced {
                    match shelf::file(&r.scenario, r.cursor, r.entry.as_deref()) {
                        Ok(entry) => dispatch.dispatch(Action::PreviousKept(r.scenario, entry)),
                        Err(message) => dispatch.dispatch(Action::Notice(
                            Notice::error("Your previous work could not be kept", message).sticky(),
                        )),
                    }
                }
            },
        );
    }

    let dispatch = state.dispatcher();
    let on_edit = {
        let d = dispatch.clone();
        Callback::from(move |e: Edit| d.dispatch(Action::Edit(e)))
    };
    let on_cursor = {
        let d = dispatch.clone();
        Callback::from(move |c: usize| d.dispatch(Action::Cursor(c)))
    };
    let on_options = {
        let d = dispatch.clone();
        Callback::from(move |o| d.dispatch(Action::Options(o)))
    };
    let on_navigate = {
        let d = dispatch.clone();
        Callback::from(move |target: Target| d.dispatch(Action::Navigate(target)))
    };
    let on_open_example = {
        let (d, examples) = (dispatch.clone(), examples.clone());
        Callback::from(move |file: String| {
            let Some(example) = examples.iter().find(|e| e.file == file).cloned() else {
                return;
            };
            let d = d.clone();
            yew::platform::spawn_local(open_example(example, d, true));
        })
    };

    // What the header shows (the name, the description, the cursor among the steps), asked for.
    let header = use_memo(state.derived.clone(), |d| {
        d.as_deref().map(ScenarioHeading::of)
    });
    let (Some(derived), Some(header)) = (state.derived.clone(), header.as_ref()) else {
        return html! {
            <>
                <Header />
                <main id="main">
                    { notices_html(&state.notices, state.work.kept.as_ref(), &dispatch) }
                    { match &state.failure {
                        Some((title, message)) => html! { <ErrorBox title={title.clone()} message={message.clone()} /> },
                        None => html! { <p class="loading" role="status">{ "Loading the simulator…" }</p> },
                    } }
                </main>
            </>
        };
    };

    let on_undo = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Undo))
    };
    let on_redo = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Redo))
    };
    let on_export = {
        let d = derived.clone();
        Callback::from(move |_: MouseEvent| {
            download(
                &format!("{}.json", file_stem(&d.scenario.name)),
                "application/json",
                &saved::to_text(&d.scenario),
            )
        })
    };
    let on_csv = {
        let d = derived.clone();
        Callback::from(move |_: MouseEvent| {
            download(
                &format!("{}-users.csv", file_stem(&d.scenario.name)),
                "text/csv",
                &crate::export::users_csv(&d),
            )
        })
    };
    let on_result = {
        let d = derived.clone();
        Callback::from(move |_: MouseEvent| {
            download(
                &format!("{}-result.json", file_stem(&d.scenario.name)),
                "application/json",
                &d.full.result().to_json(),
            )
        })
    };
    let on_share = {
        let (d, share_url) = (derived.clone(), share_url.clone());
        Callback::from(move |_: MouseEvent| {
            if share_url.is_some() {
                share_url.set(None);
                return;
            }
            let link = share::compress(&serde_json::to_string(&*d.scenario).unwrap_or_default());
            share_url.set(Some(link));
        })
    };
    let on_import_click = click_input(&file_input);
    let on_import = {
        let d = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let d = d.clone();
            yew::platform::spawn_local(async move {
                let name = file.name();
                d.dispatch(Action::Busy(Some(format!(
                    "Reading {name} ({} KB)…",
                    (file.size() / 1024.0).round()
                ))));
                // Let the page show that before the engine runs (a large tenant takes a moment).
                yew::platform::time::sleep(std::time::Duration::from_millis(16)).await;
                let imported = match read_file_text(&file).await {
                    Ok(text) => match crate::picked::not_a_scenario(&name, &text) {
                        Some(message) => Err(message),
                        None => load_in_portions(&text, &d).await,
                    },
                    Err(message) => Err(message),
                };
                match imported {
                    Ok((scenario, simulation)) => d.dispatch(Action::open(Open {
                        notice: Some(Notice::restorable(format!("Imported {name}"))),
                        keep_previous: true,
                        ..Open::new(scenario, Some(simulation))
                    })),
                    Err(message) => {
                        d.dispatch(Action::Busy(None));
                        d.dispatch(Action::Notice(
                            Notice::error(format!("{name} could not be imported"), message)
                                .sticky(),
                        ));
                    }
                }
            });
        })
    };

    let on_import_tenant = {
        let (d, open, panel) = (
            dispatch.clone(),
            state.import.is_some(),
            shelf_panel.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            panel.set(None);
            d.dispatch(Action::Import((!open).then_some(ImportPanel::Choose(None))))
        })
    };
    let toggle = |which: ShelfPanel| {
        let panel = shelf_panel.clone();
        Callback::from(move |_: MouseEvent| {
            panel.set((*panel != Some(which)).then_some(which));
        })
    };
    let on_rename = {
        let d = dispatch.clone();
        Callback::from(move |name: String| d.dispatch(Action::Rename(name)))
    };

    let drafts = {
        let (open, d) = (state.draft.clone(), dispatch.clone());
        let on_action = Callback::from(move |a: Action| d.dispatch(a));
        let shown = open.clone();
        Drafts {
            open,
            panel: Callback::from(move |()| match &shown {
                Some(draft) => {
                    html! { <DraftPanel key={draft.place().to_owned()} draft={draft.clone()} on_action={on_action.clone()} /> }
                }
                None => Html::default(),
            }),
        }
    };
    let view = ViewProps {
        d: derived.clone(),
        on_edit: Some(on_edit.clone()),
        selected: None,
        on_select: None,
        on_navigate: Some(on_navigate.clone()),
        on_options: Some(on_options),
        drafts: Some(drafts),
    };
    let tab_panel = match state.tab {
        Tab::Products => html! { <ProductsView ..view.clone() /> },
        Tab::Groups => {
            let d = dispatch.clone();
            html! { <GroupsView ..ViewProps { selected: state.selected_group.clone().map(AttrValue::from), on_select: Some(Callback::from(move |g| d.dispatch(Action::SelectGroup(g)))), ..view.clone() } /> }
        }
        Tab::Users => {
            let d = dispatch.clone();
            html! { <UsersView ..ViewProps { selected: state.selected_user.clone().map(AttrValue::from), on_select: Some(Callback::from(move |u| d.dispatch(Action::SelectUser(u)))), ..view.clone() } /> }
        }
        Tab::Problems => {
            let d = dispatch.clone();
            let on_edits = Callback::from(move |edits| d.dispatch(Action::EditAll(edits)));
            let d = dispatch.clone();
            let on_organization =
                Callback::from(move |(o, p)| d.dispatch(Action::Organization(o, p)));
            html! { <ProblemsView view={view.clone()} {on_edits} {on_organization} /> }
        }
        Tab::Timeline => html! { <Timeline d={derived.clone()} on_cursor={on_cursor.clone()} /> },
        Tab::Audit => html! { <AuditLog d={derived.clone()} /> },
        Tab::Plan => {
            html! { <PlanView d={derived.clone()} planning={state.planning.clone()} dispatch={dispatch.clone()} busy={state.busy.is_some()} /> }
        }
        Tab::Examples => {
            html! { <Gallery examples={(*examples).clone()} on_open={on_open_example} current={state.example.clone().map(AttrValue::from)} /> }
        }
    };
    let on_tab_key = {
        let (d, current) = (dispatch.clone(), state.tab);
        Callback::from(move |e: KeyboardEvent| {
            let i = TABS.iter().position(|(t, _)| *t == current).unwrap_or(0);
            if let Some(next) = tab_key(&e, i, TABS.len(), "tab-") {
                d.dispatch(Action::Tab(TABS[next].0));
            }
        })
    };
    let page_url = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let base = page_url
        .split(['#', '?'])
        .next()
        .unwrap_or_default()
        .to_owned();
    html! {
        <>
            <Header />
            <main id="main">
                <div class="scenario-bar">
                    <div class="scenario-title">
                        <ScenarioName name={header.name.clone()} on_rename={on_rename} />
                        if !header.description.is_empty() { <p class="scenario-desc">{ &header.description }</p> }
                    </div>
                    <div class="toolbar" role="toolbar" aria-label="Scenario">
                        <button type="button" id="new-scenario" onclick={toggle(ShelfPanel::New)} aria-expanded={(*shelf_panel == Some(ShelfPanel::New)).to_string()} aria-controls="new-panel"
                                title="A blank tenant, or one from a file; your work is kept in the Library">{ "New" }</button>
                        <button type="button" id="library" onclick={toggle(ShelfPanel::Library)} aria-expanded={(*shelf_panel == Some(ShelfPanel::Library)).to_string()} aria-controls="library-panel"
                                title="Every scenario you worked on, kept in this browser">{ "Library" }</button>
                        <button type="button" onclick={on_undo} disabled={!header.can_undo()}
                                title="Remove the last step (Ctrl+Z)" aria-keyshortcuts="Control+Z">{ "↶ Undo" }</button>
                        <button type="button" onclick={on_redo} disabled={state.redo.is_empty()}
                                title="Add back the step Undo removed (Ctrl+Shift+Z or Ctrl+Y)" aria-keyshortcuts="Control+Shift+Z Control+Y">{ "↷ Redo" }</button>
                        <button type="button" onclick={on_import_click.clone()}>{ "Import JSON" }</button>
                        <input type="file" accept=".json,application/json" class="visually-hidden" tabindex="-1" aria-hidden="true"
                               ref={file_input} onchange={on_import} />
                        <button type="button" id="import-tenant" onclick={on_import_tenant.clone()} aria-expanded={state.import.is_some().to_string()} aria-controls="import-panel"
                                title="Read an export of your tenant (EntraExporter, Graph responses, Graph PowerShell SDK) in this browser">{ "Import tenant" }</button>
                        <button type="button" onclick={on_export}>{ "Export JSON" }</button>
                        <button type="button" onclick={on_result} title="The engine's result document: what each step did, and the final tenant as Graph shows it">{ "Export result" }</button>
                        <button type="button" onclick={on_csv}>{ "Export users CSV" }</button>
                        <button type="button" onclick={on_share} aria-expanded={share_url.is_some().to_string()}>{ "Share link" }</button>
                    </div>
                </div>
                if *shelf_panel == Some(ShelfPanel::New) {
                    <NewPanel dispatch={dispatch.clone()} on_import_file={on_import_click.clone()} on_import_tenant={on_import_tenant.clone()}
                              on_close={let p = shelf_panel.clone(); Callback::from(move |()| p.set(None))} />
                }
                if *shelf_panel == Some(ShelfPanel::Library) {
                    <LibraryPanel dispatch={dispatch.clone()} open={state.work.entry.clone()} />
                }
                if let Some(link) = &*share_url {
                    <SharePanel base={base.clone()} link={link.clone()} />
                }
                if let Some(panel) = &state.import {
                    <ImportPanelView panel={panel.clone()} dispatch={dispatch.clone()} busy={state.busy.is_some()} />
                }
                if let Some(what) = &state.busy {
                    <p class="busy" role="status"><span class="spinner" aria-hidden="true"></span>{ what }</p>
                }
                { notices_html(&state.notices, state.work.kept.as_ref(), &dispatch) }
                <StepBar d={derived.clone()} on_cursor={on_cursor.clone()} />
                if !header.at_end() {
                    <p class="past-banner" role="status">{ format!("You are looking at the tenant after step {} of {}. It is read-only: go to the latest step to make changes.", header.cursor, header.steps) }</p>
                }
                <div class="tabs" role="tablist" aria-label="Views" onkeydown={on_tab_key}>
                    { for TABS.iter().enumerate().map(|(i, (tab, label))| {
                        let (d, tab) = (dispatch.clone(), *tab);
                        tab_button(i, "tab-", "panel", label, state.tab == tab, Callback::from(move |_| d.dispatch(Action::Tab(tab))))
                    }) }
                </div>
                <div id="panel" role="tabpanel" aria-labelledby={format!("tab-{}", TABS.iter().position(|(t, _)| *t == state.tab).unwrap_or(0))}>
                    { tab_panel }
                </div>
            </main>
        </>
    }
}

/// A button's click that opens a hidden file input's chooser.
pub(crate) fn click_input(input: &NodeRef) -> Callback<MouseEvent> {
    let input = input.clone();
    Callback::from(move |_: MouseEvent| {
        if let Some(i) = input.cast::<HtmlInputElement>() {
            i.click();
        }
    })
}

/// The panels the toolbar's "New" and "Library" open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ShelfPanel {
    New,
    Library,
}

/// The work in memory, as the autosave writes it.
#[derive(Clone, PartialEq)]
struct ToSave {
    scenario: PtrEq,
    cursor: usize,
    entry: Option<Rc<str>>,
    /// The user's work (not an example as published): filed in the library too.
    users: bool,
    opened: u64,
}

impl ToSave {
    /// Writes the autosave and, for the user's work, its library entry; failures become notices.
    fn save(self, dispatch: &UseReducerDispatcher<AppState>) {
        let scenario = &self.scenario.0;
        if let Err(message) = saved::store_scenario(saved::AUTOSAVE_KEY, scenario) {
            dispatch.dispatch(Action::Notice(Notice::error("Autosave failed", message)));
        }
        if !self.users {
            shelf::mark_autosave(None);
            return;
        }
        match shelf::file(scenario, self.cursor, self.entry.as_deref()) {
            Ok(entry) => {
                shelf::mark_autosave(Some(&entry));
                if self.entry.is_none() {
                    dispatch.dispatch(Action::Filed {
                        opened: self.opened,
                        entry,
                    });
                }
            }
            Err(message) => dispatch.dispatch(Action::Notice(Notice::error(
                "Not saved in the library",
                message,
            ))),
        }
    }
}

/// Compares an `Rc` by pointer, so effects run once per new scenario.
#[derive(Clone)]
struct PtrEq(Rc<Scenario>);

impl PartialEq for PtrEq {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn notices_html(
    notices: &[Notice],
    kept: Option<&Kept>,
    dispatch: &UseReducerDispatcher<AppState>,
) -> Html {
    let kept = kept.cloned();
    html! {
        <div class="notices" aria-live="polite">
            { for notices.iter().enumerate().map(|(i, n)| {
                let d = dispatch.clone();
                let dismiss = Callback::from(move |_: MouseEvent| d.dispatch(Action::Dismiss(i)));
                let action = n.action.clone().map(|a| {
                    let d = dispatch.clone();
                    match a {
                        NoticeAction::RestorePrevious => {
                            let kept = kept.clone();
                            html! {
                                <button type="button" onclick={Callback::from(move |_: MouseEvent| match &kept {
                                    Some(k) => open_entry(k.entry.clone(), None, d.clone()),
                                    None => d.dispatch(Action::Notice(Notice::error("There is no previous work to restore", "Nothing was kept before this scenario opened."))),
                                })}>{ "Restore previous work" }</button>
                            }
                        }
                        NoticeAction::DownloadUnreadable(stored) => html! {
                            <button type="button" onclick={let stored = stored.clone(); Callback::from(move |_: MouseEvent| {
                                let text = saved::decode_from_storage(&stored).unwrap_or_else(|_| (*stored).clone());
                                download("licenselab-unreadable-autosave.json", "application/json", &text)
                            })}>{ "Download it" }</button>
                        },
                    }
                });
                html! {
                    <div class={classes!("notice", if n.error { "notice-error" } else { "notice-info" })} role={if n.error { "alert" } else { "status" }}>
                        <div class="notice-body">
                            <strong>{ &n.title }</strong>{ " " }{ &n.message }
                            if let Some(h) = &n.hint { <div class="hint">{ h }</div> }
                        </div>
                        { action.unwrap_or_default() }
                        <button type="button" class="small" onclick={dismiss} aria-label={format!("Dismiss: {}", n.title)}>{ "✕" }</button>
                    </div>
                }
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SharePanelProps {
    base: String,
    link: String,
}

#[component]
fn SharePanel(p: &SharePanelProps) -> Html {
    let app_url = format!("{}#{}={}", p.base, share::SCENARIO_KEY, p.link);
    let dir = p.base.rsplit_once('/').map_or(p.base.as_str(), |(d, _)| d);
    let embed_url = format!("{dir}/embed.html#{}={}", share::SCENARIO_KEY, p.link);
    let iframe = format!("<iframe src=\"{embed_url}\" title=\"licenselab scenario\" style=\"width:100%;height:480px;border:0\" loading=\"lazy\"></iframe>");
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(i) = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        {
            i.select();
        }
    });
    let copied = use_state(|| None::<Result<&'static str, String>>);
    let copy = |what: &'static str, text: String| {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let (copied, text) = (copied.clone(), text.clone());
            yew::platform::spawn_local(async move {
                copied.set(Some(crate::browser::copy_text(&text).await.map(|()| what)));
            });
        })
    };
    html! {
        <section class="panel share" aria-label="Share">
            <label class="block-label" for="share-link">{ format!("Link to this scenario ({} characters; it opens a copy, your work stays yours)", app_url.len()) }</label>
            <div class="copy-row">
                <input id="share-link" type="text" readonly=true value={app_url.clone()} onfocus={select_all.clone()} class="wide mono" />
                <button type="button" onclick={copy("The link", app_url.clone())}>{ "Copy link" }</button>
            </div>
            <label class="block-label" for="share-embed">{ "Embed it in a documentation page (see docs/embedding.md)" }</label>
            <div class="copy-row">
                <input id="share-embed" type="text" readonly=true value={iframe.clone()} onfocus={select_all} class="wide mono" />
                <button type="button" onclick={copy("The embed code", iframe)}>{ "Copy embed code" }</button>
            </div>
            <p role="status" class={classes!("copy-status", matches!(&*copied, Some(Err(_))).then_some("form-error"))}>{ match &*copied {
                Some(Ok(what)) => format!("{what} is on the clipboard."),
                Some(Err(why)) => why.clone(),
                None => String::new(),
            } }</p>
            <p><a href={app_url} target="_blank" rel="noopener">{ "Open the link in a new tab" }</a>{ " · " }
               <a href={embed_url} target="_blank" rel="noopener">{ "Preview the embed" }</a></p>
        </section>
    }
}

#[component]
fn Header() -> Html {
    html! {
        <header class="site-header">
            <a class="skip" href="#main">{ "Skip to content" }</a>
            <h1>{ "licenselab" }</h1>
            <p class="tagline">{ "Microsoft Entra ID group-based licensing, simulated step by step. Try a change here before you make it in your tenant." }</p>
        </header>
    }
}

pub(crate) fn file_stem(name: &str) -> String {
    let stem = super::groups::slug(name);
    if stem == "new" {
        "scenario".into()
    } else {
        stem
    }
}

/// The undo or redo a key press asks for: Ctrl (or Cmd) with Z, Shift+Z or Y, outside the text
/// fields (which undo their own typing).
fn undo_key(e: &web_sys::KeyboardEvent) -> Option<Action> {
    if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
        return None;
    }
    let in_text = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.has_attribute("contenteditable")
        });
    if in_text {
        return None;
    }
    match (e.key().to_ascii_lowercase().as_str(), e.shift_key()) {
        ("z", false) => Some(Action::Undo),
        ("z", true) | ("y", false) => Some(Action::Redo),
        _ => None,
    }
}

//! "Import tenant": the panel where the user picks an export (files, a folder, or a drop), the
//! effect that reads the files and imports them in the browser, and the report shown before the
//! scenario opens. Only the full app has it (the embed's binary does not link the importer).

use std::rc::Rc;

use licenselab_import::{Report, SkippedMember};
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::app::{click_input, load_scenario_in_portions};
use super::common::count;
use crate::model::import::{self as model, Failure, Review};
use crate::state::{Action, AppState, ImportPanel};

/// What the panel says about privacy (the e2e test and SECURITY.md quote it).
pub const PRIVACY: &str = "Nothing leaves the browser: the files are read and imported on this device, and nothing is uploaded or sent anywhere.";

/// Reads the files (yielding to the page between them, with the progress shown), imports them,
/// loads the scenario in portions, and puts the result (a review, or the failure) in the panel.
pub async fn import_files(files: Vec<web_sys::File>, d: UseReducerDispatcher<AppState>) {
    let chosen: Vec<(String, web_sys::File)> = files
        .into_iter()
        .map(|f| {
            // A picked folder's files carry their path in it (`webkitRelativePath`); others, their name.
            let relative = js_sys::Reflect::get(&f, &"webkitRelativePath".into())
                .ok()
                .and_then(|p| p.as_string())
                .unwrap_or_default();
            let path = if relative.is_empty() {
                f.name()
            } else {
                relative
            };
            (path, f)
        })
        .filter(|(path, _)| model::wanted(path))
        .collect();
    let total_bytes: f64 = chosen.iter().map(|(_, f)| f.size()).sum();
    let mut read = Vec::with_capacity(chosen.len());
    let mut done_bytes = 0.0;
    for (i, (path, file)) in chosen.iter().enumerate() {
        d.dispatch(Action::Busy(Some(format!(
            "Reading the export: file {} of {} ({} of {})…",
            i + 1,
            chosen.len(),
            size(done_bytes),
            size(total_bytes)
        ))));
        yew::platform::time::sleep(std::time::Duration::from_millis(0)).await;
        match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => read.push((path.clone(), js_sys::Uint8Array::new(&buffer).to_vec())),
            Err(e) => {
                return d.dispatch(Action::Import(Some(ImportPanel::Choose(Some(Failure {
                    file: path.clone(),
                    message: format!(
                        "the browser could not read it ({}); check that it is still there and choose it again",
                        crate::browser::js_message(&e)
                    ),
                })))));
            }
        }
        done_bytes += file.size();
    }
    d.dispatch(Action::Busy(Some(format!(
        "Importing {} ({})…",
        count(read.len(), "file"),
        size(total_bytes)
    ))));
    yew::platform::time::sleep(std::time::Duration::from_millis(16)).await;
    let imported = match model::run(read) {
        Ok(imported) => imported,
        Err(failure) => {
            return d.dispatch(Action::Import(Some(ImportPanel::Choose(Some(failure)))))
        }
    };
    match load_scenario_in_portions(&imported.scenario, &d).await {
        Ok(simulation) => d.dispatch(Action::Import(Some(ImportPanel::Review(Rc::new(
            model::review(imported, simulation),
        ))))),
        Err(message) => d.dispatch(Action::Import(Some(ImportPanel::Choose(Some(Failure {
            file: String::new(),
            message: format!("the imported scenario could not be loaded: {message}"),
        }))))),
    }
}

fn size(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / 1024.0 / 1024.0)
    } else {
        format!("{} KB", (bytes / 1024.0).ceil())
    }
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    pub panel: ImportPanel,
    pub dispatch: UseReducerDispatcher<AppState>,
    /// Work under way: the choosers are disabled meanwhile.
    pub busy: bool,
}

/// The panel: choosing an export (and the last failure), or the report of one to open.
#[component]
pub fn ImportPanelView(p: &ImportPanelProps) -> Html {
    let files_input = use_node_ref();
    let folder_input = use_node_ref();
    let dragging = use_state(|| false);
    let start = {
        let d = p.dispatch.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            if !files.is_empty() {
                yew::platform::spawn_local(import_files(files, d.clone()));
            }
        })
    };
    let on_change = {
        let start = start.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let files = files_of(input.files());
            input.set_value("");
            start.emit(files);
        })
    };
    let on_drag = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(e.type_() != "dragleave");
        })
    };
    let on_drop = {
        let (dragging, start) = (dragging.clone(), start.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            start.emit(files_of(e.data_transfer().and_then(|t| t.files())));
        })
    };
    let close = {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Import(None)))
    };
    let body = match &p.panel {
        ImportPanel::Choose(failure) => html! { <>
            <p>{ "Choose an export of your tenant: an EntraExporter folder, a folder of Microsoft Graph responses, or Graph PowerShell SDK objects saved with ConvertTo-Json (docs/import.md says how to make each). Every .json file in it is read; the report shows what was read before the scenario opens." }</p>
            <div class={classes!("drop-zone", dragging.then_some("dragging"))}
                 ondragenter={on_drag.clone()} ondragover={on_drag.clone()} ondragleave={on_drag} ondrop={on_drop}>
                <button type="button" id="import-folder" onclick={click_input(&folder_input)} disabled={p.busy}>{ "Choose a folder…" }</button>
                <button type="button" id="import-files" onclick={click_input(&files_input)} disabled={p.busy}>{ "Choose files…" }</button>
                <span class="muted">{ "or drop the export's .json files here" }</span>
            </div>
            <input type="file" multiple=true accept=".json,application/json" class="visually-hidden" tabindex="-1" aria-hidden="true"
                   id="import-files-input" ref={files_input} onchange={on_change.clone()} />
            <input type="file" multiple=true webkitdirectory=true class="visually-hidden" tabindex="-1" aria-hidden="true"
                   id="import-folder-input" ref={folder_input} onchange={on_change} />
            if let Some(f) = failure {
                <div class="notice notice-error import-error" role="alert">
                    <div class="notice-body">
                        <strong>{ if f.file.is_empty() { "The export could not be imported".to_owned() } else { format!("{} could not be imported", f.file) } }</strong>
                        { " " }{ &f.message }
                        <div class="hint">{ "Nothing was opened; your work is as it was. Fix or leave out that file (or export it again as docs/import.md shows), then choose the export again." }</div>
                    </div>
                </div>
            }
            <div class="actions"><button type="button" onclick={close}>{ "Close" }</button></div>
        </> },
        ImportPanel::Review(review) => {
            let d = p.dispatch.clone();
            let open = Callback::from(move |_: MouseEvent| d.dispatch(Action::OpenImport));
            html! { <>
                <ReportView review={review.clone()} />
                <div class="actions">
                    <button type="button" class="primary" id="import-open" onclick={open}>{ "Open" }</button>
                    <button type="button" id="import-cancel" onclick={close}>{ "Cancel" }</button>
                </div>
            </> }
        }
    };
    html! {
        <section class="panel import-panel" id="import-panel" aria-labelledby="import-h">
            <h3 id="import-h">{ "Import a tenant" }</h3>
            <p class="privacy" role="note">{ PRIVACY }</p>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ReportViewProps {
    review: Rc<Review>,
}

/// The skipped members grouped by why: devices first, members in no export last.
fn skipped_by_reason(report: &Report) -> Vec<((u8, String), Vec<&SkippedMember>)> {
    let mut groups: Vec<((u8, String), Vec<&SkippedMember>)> = Vec::new();
    for m in &report.skipped_members {
        let label = (m.reason.rank(), m.reason.label());
        match groups.iter_mut().find(|(l, _)| *l == label) {
            Some((_, of)) => of.push(m),
            None => groups.push((label, vec![m])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
}

/// Lists at most this many members per skipped kind.
const LISTED: usize = 10;

#[component]
fn ReportView(p: &ReportViewProps) -> Html {
    let r = &p.review.report;
    let c = &r.read;
    let counts = [
        ("Files", r.files),
        ("Organizations", c.organizations),
        ("Products", c.products),
        ("Users", c.users),
        ("Groups", c.groups),
        ("Memberships", c.memberships),
        ("Skipped members", r.skipped_members.len()),
        ("Pending work", p.review.pending),
    ];
    let group_name = |id: &str| -> String {
        p.review
            .scenario
            .groups
            .iter()
            .find(|g| g.id == id)
            .and_then(|g| g.display_name.clone())
            .unwrap_or_else(|| id.to_owned())
    };
    let list = |id: &'static str, title: &str, lines: &[String]| {
        if lines.is_empty() {
            return Html::default();
        }
        html! {
            <section class="import-lines" id={id}>
                <h4>{ format!("{title} ({})", lines.len()) }</h4>
                <ul>{ for lines.iter().map(|l| html! { <li>{ l }</li> }) }</ul>
            </section>
        }
    };
    html! {
        <div class="import-report" aria-label="Import report">
            <h4>{ format!("Read: {}", p.review.scenario.name) }</h4>
            <dl class="import-counts">
                { for counts.iter().map(|(label, n)| html! { <div><dt>{ *label }</dt><dd>{ n }</dd></div> }) }
            </dl>
            <p class={classes!("import-pending", (p.review.pending > 0).then_some("warning-box"))}>
                { match p.review.pending {
                    0 => "Nothing pending: the simulation starts from exactly the state Entra reported.".to_owned(),
                    n => format!("{} pending: work Entra's license processing has yet to do in this state. The Users and Groups views mark each with its reason; a step that touches the user, or a reprocess, does it.", count(n, "item")),
                } }
            </p>
            if !r.skipped_members.is_empty() {
                <section class="import-lines" id="import-skipped">
                    <h4>{ format!("Skipped members ({})", r.skipped_members.len()) }</h4>
                    <ul>
                    { for skipped_by_reason(r).into_iter().map(|((_, label), of)| html! {
                        <li><strong>{ format!("{} {label}", of.len()) }</strong>
                            <ul class="compact">
                                { for of.iter().take(LISTED).map(|m| html! { <li><code>{ &m.member }</code>{ format!(" in group {} ({})", group_name(m.group.as_str()), m.place) }</li> }) }
                                if of.len() > LISTED { <li>{ format!("and {} more", of.len() - LISTED) }</li> }
                            </ul>
                        </li>
                    }) }
                    </ul>
                </section>
            }
            { list("import-missing", "Missing for licensing", &r.missing) }
            { list("import-not-mapped", "Not mapped", &r.not_mapped) }
            if !r.ignored_files.is_empty() {
                <details class="import-lines" id="import-ignored">
                    <summary>{ format!("Ignored files ({}): they say nothing about licensing", r.ignored_files.len()) }</summary>
                    <ul class="compact">{ for r.ignored_files.iter().map(|f| html! { <li><code>{ &f.path }</code>{ format!(": {}", f.reason) }</li> }) }</ul>
                </details>
            }
            <details>
                <summary>{ "The report as licenselab import prints it" }</summary>
                <pre class="import-text">{ &p.review.text }</pre>
            </details>
        </div>
    }
}

//! The audit log as Entra shows it: category, activity, target, status, result, actor (the service
//! is always Core Directory).

use std::rc::Rc;

use licenselab_engine::AuditTarget;
use yew::prelude::*;

use super::common::*;
use crate::model::Derived;

#[derive(Properties, PartialEq)]
pub struct AuditProps {
    pub d: Rc<Derived>,
}

/// The step that wrote audit entry `i` (0: the starting tenant).
fn step_of(d: &Derived, i: usize) -> usize {
    d.reports()
        .iter()
        .find(|r| r.audit.contains(&i))
        .map_or(0, |r| r.index + 1)
}

#[component]
pub fn AuditLog(p: &AuditProps) -> Html {
    let d = p.d.clone();
    let filter = use_state(String::new);
    let t = d.tenant();
    let f = (*filter).clone();
    let entries: Rc<Vec<usize>> = Rc::new(
        (0..t.audit().len())
            .filter(|i| {
                let a = &t.audit()[*i];
                let target = match a.target() {
                    AuditTarget::User(u) => t.user(u).display_name(),
                    AuditTarget::Group(g) => t.group(g).display_name(),
                };
                matches_filter(&f, &[a.activity().as_str(), target])
            })
            .rev()
            .collect(),
    );
    let head = html! { <tr>
        <th scope="col" class="c-step">{ "Step" }</th><th scope="col" class="c-category">{ "Category" }</th>
        <th scope="col" class="c-activity">{ "Activity" }</th><th scope="col" class="c-target">{ "Target" }</th>
        <th scope="col" class="c-status">{ "Status" }</th><th scope="col" class="c-result">{ "Result (modified properties)" }</th>
        <th scope="col" class="c-actor">{ "Initiated by (actor)" }</th>
    </tr> };
    let row = {
        let (d, entries) = (d.clone(), entries.clone());
        Callback::from(move |i: usize| {
            let t = d.tenant();
            let index = entries[i];
            let a = &t.audit()[index];
            let (kind, target) = match a.target() {
                AuditTarget::User(u) => ("User", t.user(u).display_name()),
                AuditTarget::Group(g) => ("Group", t.group(g).display_name()),
            };
            let result = crate::model::queries::audit_text(t, a);
            // As in Entra, a processing run that could not license some members still succeeded:
            // its result says how many failed.
            let failed = result.starts_with("failure");
            html! {
                <tr key={index}>
                    <td class="c-step">{ step_of(&d, index) }</td>
                    <td class="c-category">{ match a.target() { AuditTarget::User(_) => "UserManagement", AuditTarget::Group(_) => "GroupManagement" } }</td>
                    <td class="c-activity">{ a.activity().as_str() }</td>
                    <td class="c-target" title={format!("{kind}: {}", t.audit_target_id(a.target()))}>{ format!("{kind}: {target}") }</td>
                    <td class="c-status">
                        { if failed { html!{ <span class="badge bad">{ "✕ Failure" }</span> } } else { html!{ <span class="badge ok">{ "✓ Success" }</span> } } }
                    </td>
                    <td class="c-result" title={result.clone()}><bdi>{ result }</bdi></td>
                    <td class="c-actor" title={a.activity().initiated_by()}>{ a.activity().initiated_by() }</td>
                </tr>
            }
        })
    };
    html! {
        <section class="view audit-view" aria-labelledby="audit-h">
            <h2 id="audit-h">{ "Audit log" }</h2>
            <p class="lead">{ "Entries as Microsoft Entra writes them for group-based licensing (service: Core Directory), newest first, up to the step you are looking at." }</p>
            <div class="table-tools">
                <label>{ "Filter " }<input type="search" value={(*filter).clone()} placeholder="activity or target"
                    oninput={let f = filter.clone(); move |e: InputEvent| f.set(input_event_value(&e))} /></label>
                <span class="muted">{ count_as(entries.len(), "entry", "entries") }</span>
            </div>
            <VirtualTable head={head} rows={entries.len()} row={row} label="Audit log" height={560} class="grid audit-grid" />
        </section>
    }
}

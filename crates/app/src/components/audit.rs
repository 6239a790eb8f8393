//! The audit log as Entra shows it: category, activity, target, status, result, actor (the service
//! is always Core Directory), filtered by text, status, category and activity; a row opens its
//! details (every modified property in full, plans by name).

use std::rc::Rc;

use yew::prelude::*;

use super::common::*;
use crate::model::audit::{AuditFilter, AuditStatus, ACTIVITIES, CATEGORIES, STATUSES};
use crate::model::views::{audit_log, AuditDetails, AuditQuery, Window};
use crate::model::Derived;

#[derive(Properties, PartialEq)]
pub struct AuditProps {
    pub d: Rc<Derived>,
}

/// Rows asked for beyond those the table renders, on each side: a scroll of up to this many rows
/// is served by the answer in hand.
const MARGIN: usize = 32;

/// A filter's select: "All" and Entra's words.
fn filter_select(
    label: &'static str,
    id: &'static str,
    options: &[&'static str],
    chosen: Option<&str>,
    on_pick: Callback<Option<&'static str>>,
) -> Html {
    let options_owned: Vec<&'static str> = options.to_vec();
    let onchange = Callback::from(move |e: Event| {
        let value = select_value(&e);
        on_pick.emit(options_owned.iter().copied().find(|o| *o == value));
    });
    html! {
        <label for={id}>{ label }{ " " }
            <select id={id} onchange={onchange}>
                <option value="" selected={chosen.is_none()}>{ "All" }</option>
                { for options.iter().map(|o| html! { <option value={*o} selected={chosen == Some(*o)}>{ *o }</option> }) }
            </select>
        </label>
    }
}

fn status_badge(status: AuditStatus) -> Html {
    match status {
        AuditStatus::Failure => html! { <span class="badge bad">{ "✕ Failure" }</span> },
        AuditStatus::Success => html! { <span class="badge ok">{ "✓ Success" }</span> },
    }
}

/// The opened entry: every field and modified property in full.
fn details(opened: &AuditDetails, on_close: Callback<MouseEvent>) -> Html {
    let row = &opened.row;
    html! {
        <section id="audit-details" class="audit-details" aria-labelledby="audit-details-h">
            <header class="detail-head">
                <h3 id="audit-details-h">{ format!("Audit log details: {}", row.activity) }</h3>
                <button type="button" class="small" onclick={on_close}>{ "Close details" }</button>
            </header>
            <dl class="props">
                <dt>{ "Service" }</dt><dd>{ "Core Directory" }</dd>
                <dt>{ "Category" }</dt><dd>{ &row.category }</dd>
                <dt>{ "Activity" }</dt><dd>{ &row.activity }</dd>
                <dt>{ "Status" }</dt><dd>{ status_badge(row.status) }</dd>
                <dt>{ "Step" }</dt><dd>{ if row.step == 0 { "0 (the starting tenant)".to_owned() } else { row.step.to_string() } }</dd>
                <dt>{ "Initiated by (actor)" }</dt><dd>{ &row.actor }</dd>
                <dt>{ "Target" }</dt><dd><bdi>{ format!("{}: {}", row.target_kind, row.target_name) }</bdi></dd>
                <dt>{ "Object ID" }</dt><dd><code>{ &row.target_id }</code></dd>
            </dl>
            <h4>{ "Modified properties" }</h4>
            <ul class="audit-properties">
                { for opened.properties.iter().map(|p| html! { <li><bdi>{ p }</bdi></li> }) }
            </ul>
        </section>
    }
}

#[component]
pub fn AuditLog(p: &AuditProps) -> Html {
    let d = p.d.clone();
    let filter = use_state(AuditFilter::default);
    let opened = use_state(|| None::<usize>);
    let window = use_state(|| Window::first(4 * MARGIN));
    let query = AuditQuery {
        filter: (*filter).clone(),
        window: *window,
        opened: *opened,
    };
    let answer = use_memo((d, query), |(d, q)| audit_log(d, q));
    // The table renders rows first..last: a new window is asked for once they leave this one.
    let on_window = {
        let window = window.clone();
        Callback::from(move |(first, last): (usize, usize)| {
            if !window.covers(first, last) {
                window.set(Window::around(first, last, MARGIN));
            }
        })
    };
    let set = |change: fn(&mut AuditFilter, Option<&'static str>)| {
        let filter = filter.clone();
        Callback::from(move |value: Option<&'static str>| {
            let mut next = (*filter).clone();
            change(&mut next, value);
            filter.set(next);
        })
    };
    let toggle = {
        let opened = opened.clone();
        move |index: usize| {
            let opened = opened.clone();
            Callback::from(move |()| {
                opened.set(if *opened == Some(index) {
                    None
                } else {
                    Some(index)
                })
            })
        }
    };
    let head = html! { <tr>
        <th scope="col" class="c-step">{ "Step" }</th><th scope="col" class="c-category">{ "Category" }</th>
        <th scope="col" class="c-activity">{ "Activity" }</th><th scope="col" class="c-target">{ "Target" }</th>
        <th scope="col" class="c-status">{ "Status" }</th><th scope="col" class="c-result">{ "Result (modified properties)" }</th>
        <th scope="col" class="c-actor">{ "Initiated by (actor)" }</th>
    </tr> };
    let row = {
        let (answer, opened) = (answer.clone(), opened.clone());
        Callback::from(move |i: usize| {
            let Some(row) = answer.row(i) else {
                // Not in the answer yet (a jump past its window): an empty row of the same height.
                return html! { <tr key={format!("waiting-{i}")} class="audit-waiting" aria-hidden="true"><td colspan="7"></td></tr> };
            };
            let index = row.index;
            let open = toggle(index);
            let onclick = {
                let open = open.clone();
                Callback::from(move |_: MouseEvent| open.emit(()))
            };
            let onkeydown = Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    open.emit(());
                }
            });
            let is_open = *opened == Some(index);
            html! {
                <tr key={index} class={classes!("audit-row", is_open.then_some("open"))} tabindex="0"
                    aria-expanded={is_open.to_string()} aria-controls="audit-details"
                    title="Open the details (Enter)" onclick={onclick} onkeydown={onkeydown}>
                    <td class="c-step">{ row.step }</td>
                    <td class="c-category">{ &row.category }</td>
                    <td class="c-activity">{ &row.activity }</td>
                    <td class="c-target"><bdi>{ format!("{}: {}", row.target_kind, row.target_name) }</bdi></td>
                    <td class="c-status">{ status_badge(row.status) }</td>
                    <td class="c-result"><bdi>{ &row.result }</bdi></td>
                    <td class="c-actor">{ &row.actor }</td>
                </tr>
            }
        })
    };
    let close = {
        let opened = opened.clone();
        Callback::from(move |_: MouseEvent| opened.set(None))
    };
    let f = (*filter).clone();
    html! {
        <section class="view audit-view" aria-labelledby="audit-h">
            <h2 id="audit-h">{ "Audit log" }</h2>
            <p class="lead">{ "Entries as Microsoft Entra writes them for group-based licensing (service: Core Directory), newest first, up to the step you are looking at. Select a row (or press Enter on it) to see its details." }</p>
            <div class="table-tools audit-filters">
                <label>{ "Filter " }<input type="search" value={f.text.clone()} placeholder="name, Failure, …"
                    oninput={let filter = filter.clone(); move |e: InputEvent| {
                        let mut next = (*filter).clone();
                        next.text = input_event_value(&e);
                        filter.set(next);
                    }} /></label>
                { filter_select("Status", "audit-status", &STATUSES.map(AuditStatus::as_str), f.status.map(AuditStatus::as_str),
                    set(|f, v| f.status = STATUSES.into_iter().find(|s| Some(s.as_str()) == v))) }
                { filter_select("Category", "audit-category", &CATEGORIES, f.category.as_deref(), set(|f, v| f.category = v.map(str::to_owned))) }
                { filter_select("Activity", "audit-activity", &ACTIVITIES.map(|a| a.as_str()), f.activity.as_deref(), set(|f, v| f.activity = v.map(str::to_owned))) }
                <span class="muted" role="status">{ count_as(answer.total, "entry", "entries") }</span>
            </div>
            <VirtualTable head={head} rows={answer.total} row={row} label="Audit log" height={560} class="grid audit-grid" {on_window} />
            if let Some(opened) = &answer.opened { { details(opened, close) } }
        </section>
    }
}

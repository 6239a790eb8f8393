//! The draft panel: shown where the admin clicked, it says what the change would do (who gains,
//! loses, gets an error; the seats it needs) with Apply and Cancel. A loss of service needs an
//! explicit confirmation naming it; a new assignment picks its plans here first. Enter applies,
//! Escape cancels, and focus comes back to the control when the panel goes.

use std::rc::Rc;

use licenselab_engine::SkuIx;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use super::common::*;
use crate::model::draft::{and_list, with_disabled_plans, Draft, Impact};
use crate::model::queries::isolate;
use crate::state::Action;

/// Rows listed per part before "and N more".
const SHOWN: usize = 8;

#[derive(Properties, PartialEq)]
pub struct DraftPanelProps {
    pub draft: Rc<Draft>,
    /// Dispatches `ApplyDraft`, `ConfirmDraft`, `CancelDraft` and, for the plan picker, `Edit`.
    pub on_action: Callback<Action>,
}

#[component]
pub fn DraftPanel(p: &DraftPanelProps) -> Html {
    let panel = use_node_ref();
    // Focus moves into the panel when it opens (to Apply, or to the confirmation a loss needs)
    // and back to the control that opened it when it closes.
    {
        let panel = panel.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let opener = document.as_ref().and_then(|d| d.active_element());
            if let Some(el) = panel
                .cast::<HtmlElement>()
                .and_then(|p| p.query_selector(".draft-focus").ok().flatten())
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            {
                let _ = el.focus();
            }
            move || {
                if let Some(el) = opener.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                    if el.is_connected() {
                        let _ = el.focus();
                    }
                }
            }
        });
    }
    let draft = &p.draft;
    let act = |action: fn() -> Action| {
        let on = p.on_action.clone();
        Callback::from(move |_: MouseEvent| on.emit(action()))
    };
    let onkeydown = {
        let on = p.on_action.clone();
        Callback::from(move |e: KeyboardEvent| {
            let target = e.target_dyn_into::<HtmlElement>();
            let tag = target.as_ref().map(|t| t.tag_name()).unwrap_or_default();
            let search = target
                .as_ref()
                .and_then(|t| {
                    t.dyn_ref::<HtmlInputElement>()
                        .map(|i| i.type_() == "search")
                })
                .unwrap_or(false);
            match e.key().as_str() {
                "Escape" => {
                    e.prevent_default();
                    on.emit(Action::CancelDraft);
                }
                // Buttons do their own Enter; in the search box Enter only searches.
                "Enter" if tag != "BUTTON" && !search => {
                    e.prevent_default();
                    on.emit(Action::ApplyDraft);
                }
                _ => {}
            }
        })
    };
    let loss = draft.impact.as_ref().ok().and_then(Impact::loss_sentence);
    let confirm = {
        let on = p.on_action.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on.emit(Action::ConfirmDraft(input.checked()));
        })
    };
    let refused = draft.impact.as_ref().map_or(true, |i| i.refusal.is_some());
    html! {
        <section class="draft" ref={panel} onkeydown={onkeydown} role="group" aria-label={format!("Draft: {}", draft.title)}>
            <h5 class="draft-title">{ "Draft: " }{ &draft.title }</h5>
            if let Some((sku, _)) = draft.new_assignment() {
                <PlanPicker draft={draft.clone()} sku={sku.index()} on_action={p.on_action.clone()} />
            }
            { match &draft.impact {
                Err(message) => html! { <p class="form-error" role="alert">{ message }</p> },
                Ok(impact) => impact_html(impact),
            } }
            if loss.is_some() {
                <label class="draft-confirm">
                    <input type="checkbox" class="draft-focus" checked={draft.confirmed} onchange={confirm} />
                    { " I confirm this loss of service" }
                </label>
            }
            <div class="actions">
                <button type="button" class={classes!(loss.is_some().then_some("danger"), loss.is_none().then_some("draft-focus"))}
                        disabled={draft.needs_confirmation()} onclick={act(|| Action::ApplyDraft)}>
                    { match (&loss, refused) {
                        (Some(sentence), _) => format!("Remove: {sentence}"),
                        (None, true) => "Apply (it will be refused)".to_owned(),
                        (None, false) => "Apply".to_owned(),
                    } }
                </button>
                <button type="button" onclick={act(|| Action::CancelDraft)}>{ "Cancel" }</button>
            </div>
        </section>
    }
}

fn impact_html(i: &Impact) -> Html {
    if let Some(r) = &i.refusal {
        return html! {
            <div class="rejection" role="note">
                <p>{ "The engine would refuse this: " }<strong>{ &r.code }</strong>{ ": " }{ &r.message }</p>
                if let Some(a) = r.advice { <p class="hint">{ "What to do: " }{ a }</p> }
                <p class="muted">{ "A refused change adds no step." }</p>
            </div>
        };
    }
    if i.is_quiet() {
        return html! { <p class="muted draft-quiet">{ "No one gains or loses a service plan, and no seat or error changes." }</p> };
    }
    let more = |n: usize| {
        (n > SHOWN).then(|| html! { <li class="muted">{ format!("and {} more", n - SHOWN) }</li> })
    };
    html! {
        <div class="draft-impact">
            if !i.losses.is_empty() {
                <div class="draft-part loses">
                    <strong>{ format!("Loses service ({})", count(i.losses.len(), "user")) }</strong>
                    <ul class="compact">
                        { for i.losses.iter().take(SHOWN).map(|l| html! {
                            <li>{ &l.user }{ ": − " }{ and_list(&l.services) }</li>
                        }) }
                        { more(i.losses.len()).unwrap_or_default() }
                    </ul>
                </div>
            }
            if !i.replaced.is_empty() {
                <p class="muted">{ format!("{} plans another product still provides: no loss of service.", if i.replaced.len() == 1 { format!("{} loses", isolate(&i.replaced[0])) } else { format!("{} lose", count(i.replaced.len(), "user")) }) }</p>
            }
            if !i.gains.is_empty() {
                <div class="draft-part gains">
                    <strong>{ format!("Gains ({})", count(i.gains.len(), "license")) }</strong>
                    <ul class="compact">
                        { for i.gains.iter().take(SHOWN).map(|g| html! {
                            <li>{ &g.user }<span class="sub">{ format!(" · {}", g.product) }</span>{ format!(": + {}", gained_words(&g.plans)) }</li>
                        }) }
                        { more(i.gains.len()).unwrap_or_default() }
                    </ul>
                </div>
            }
            if !i.errors.is_empty() {
                <div class="draft-part errors">
                    <strong>{ format!("Gets an error ({})", count(i.errors.len(), "row")) }</strong>
                    <ul class="compact">
                        { for i.errors.iter().take(SHOWN).map(|e| html! {
                            <li>{ &e.user }<span class="sub">{ format!(" · {}", e.product) }</span>{ ": " }
                                <span class="badge bad">{ format!("✕ {}", e.code) }</span>
                                if let Some(label) = e.label { { " " }{ label } }</li>
                        }) }
                        { more(i.errors.len()).unwrap_or_default() }
                    </ul>
                </div>
            }
            if i.cleared > 0 { <p class="muted">{ format!("Clears {}.", count(i.cleared, "row in error")) }</p> }
            if !i.joined.is_empty() || !i.left.is_empty() {
                <p class="muted">{ membership_words(i) }</p>
            }
            { for i.seats.iter().map(|s| html! {
                <p class={classes!("draft-seats", s.warns().then_some("warning-box"))}>
                    <strong>{ &s.product }</strong>{ ": " }{ seat_words(s) }
                </p>
            }) }
        </div>
    }
}

/// "+ Exchange Online (Plan 2), Microsoft Teams" (the first few of many, with the count).
fn gained_words(plans: &[String]) -> String {
    const NAMED: usize = 4;
    if plans.len() <= NAMED {
        return plans.join(", ");
    }
    format!("{} plans ({}, …)", plans.len(), plans[..NAMED].join(", "))
}

fn membership_words(i: &Impact) -> String {
    let part = |list: &[(String, String)], verb: &str| {
        (!list.is_empty()).then(|| {
            format!(
                "{} {verb} {}",
                count(list.len(), "membership"),
                and_list(
                    &list
                        .iter()
                        .take(3)
                        .map(|(u, g)| format!("{u} in {g}"))
                        .collect::<Vec<_>>()
                )
            )
        })
    };
    [part(&i.joined, "added:"), part(&i.left, "removed:")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; ")
}

fn seat_words(s: &crate::model::draft::Seats) -> String {
    let used = match s.used_after.cmp(&s.used_before) {
        std::cmp::Ordering::Greater => format!(
            "{} more needed ({} in use after, {} assignable)",
            count((s.used_after - s.used_before) as usize, "seat"),
            s.used_after,
            s.assignable_after
        ),
        std::cmp::Ordering::Less => format!(
            "{} freed ({} in use after, {} assignable)",
            count((s.used_before - s.used_after) as usize, "seat"),
            s.used_after,
            s.assignable_after
        ),
        std::cmp::Ordering::Equal => format!(
            "{} assignable after this (was {}), {} in use",
            s.assignable_after, s.assignable_before, s.used_after
        ),
    };
    if s.warns() {
        format!(
            "{used}. Warning: {} in use beyond the seats you have; new assignments fail with CountViolation (Not enough licenses) until you buy more.",
            count(s.short() as usize, "seat")
        )
    } else {
        used
    }
}

#[derive(Properties, PartialEq)]
struct PlanPickerProps {
    draft: Rc<Draft>,
    sku: usize,
    on_action: Callback<Action>,
}

/// A new assignment's plans, all on at first, sorted by name, with a search box for products
/// with many (86 in Microsoft 365 E5): the draft follows each switch.
#[component]
fn PlanPicker(p: &PlanPickerProps) -> Html {
    let search = use_state(String::new);
    let Some((_, license)) = p.draft.new_assignment() else {
        return html! {};
    };
    let t = p.draft.based_on.tenant();
    let s = SkuIx::new(p.sku);
    let mut plans: Vec<(String, String)> = t
        .sku_plans(s)
        .map(|pl| (pl.display_name.to_owned(), pl.id.to_owned()))
        .collect();
    plans.sort_by_key(|(name, _)| name.to_lowercase());
    let off = |id: &str| {
        license
            .disabled_plans
            .iter()
            .any(|d| d.eq_ignore_ascii_case(id))
    };
    let on_count = plans.iter().filter(|(_, id)| !off(id)).count();
    let set = |disabled: Vec<String>| {
        let (on, edit) = (p.on_action.clone(), p.draft.edit.clone());
        move || {
            on.emit(Action::Edit(Edit {
                action: with_disabled_plans(&edit.action, disabled.clone()),
                ..edit.clone()
            }))
        }
    };
    let toggle = |id: &str| {
        let mut disabled: Vec<String> = license
            .disabled_plans
            .iter()
            .filter(|d| !d.eq_ignore_ascii_case(id))
            .cloned()
            .collect();
        if !off(id) {
            disabled.push(id.to_owned());
        }
        let go = set(disabled);
        Callback::from(move |_: Event| go())
    };
    let all = |disabled: Vec<String>| {
        let go = set(disabled);
        Callback::from(move |_: MouseEvent| go())
    };
    let shown: Vec<&(String, String)> = plans
        .iter()
        .filter(|(name, id)| matches_filter(&search, &[name, id]))
        .collect();
    let picker_id = format!("pick-{}", p.sku);
    html! {
        <fieldset class="plan-picker">
            <legend>{ format!("Service plans: {on_count} of {} on", plans.len()) }</legend>
            <div class="inline-form">
                if plans.len() > 8 {
                    <label>{ "Find a plan " }
                        <input type="search" value={(*search).clone()} placeholder="name"
                               oninput={let f = search.clone(); move |e: InputEvent| f.set(input_event_value(&e))} />
                    </label>
                }
                <button type="button" class="small" onclick={all(Vec::new())}>{ "All on" }</button>
                <button type="button" class="small" onclick={all(plans.iter().map(|(_, id)| id.clone()).collect())}>{ "All off" }</button>
            </div>
            <ul class="switches picker">
                { for shown.iter().enumerate().map(|(i, (name, id))| {
                    let input_id = format!("{picker_id}-{i}");
                    html! {
                        <li key={id.clone()}>
                            <input type="checkbox" role="switch" id={input_id.clone()} checked={!off(id)} onchange={toggle(id)} />
                            <label for={input_id}>{ name }</label>
                        </li>
                    }
                }) }
            </ul>
            if shown.is_empty() { <p class="muted">{ "No plan matches." }</p> }
        </fieldset>
    }
}

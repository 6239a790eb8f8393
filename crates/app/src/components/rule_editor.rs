//! The dynamic membership rule editor: validates as you type, underlines the error, and previews
//! who would join and leave before the rule is saved.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use licenselab_engine::check_rule;
use serde_json::Value;
use yew::prelude::*;

use super::common::*;
use super::groups::update_group;
use crate::model::queries::change_counts;
use crate::model::Derived;

#[derive(Properties, PartialEq)]
pub struct RuleEditorProps {
    pub d: Rc<Derived>,
    pub group: AttrValue,
    pub rule: AttrValue,
    pub paused: bool,
    pub on_edit: Option<Callback<Edit>>,
}

/// What saving the rule would do.
#[derive(Clone, PartialEq, Debug)]
pub struct RulePreview {
    pub joined: Vec<(String, String)>,
    pub left: Vec<(String, String)>,
    pub gained: usize,
    pub lost: usize,
    pub rejection: Option<String>,
}

/// Runs the engine's preview of a rule change on the tenant as it stands.
pub fn preview_rule(d: &Derived, group: &str, rule: &str) -> Result<RulePreview, String> {
    let action = update_group(group, "membershipRule", Value::String(rule.to_owned()));
    let preview = d.view.preview(&action).map_err(|e| e.message.clone())?;
    let t = &preview.tenant;
    let names = |list: &[(licenselab_engine::GroupIx, licenselab_engine::UserIx)]| {
        list.iter()
            .map(|(g, u)| {
                (
                    t.group(*g).display_name().to_owned(),
                    t.user(*u).display_name().to_owned(),
                )
            })
            .collect::<Vec<_>>()
    };
    let (gained, lost, rejection) = match &preview.outcome {
        Ok(changes) => {
            let (g, l) = change_counts(changes);
            (g, l, None)
        }
        Err(r) => (0, 0, Some(format!("{}: {}", r.code, r.message))),
    };
    Ok(RulePreview {
        joined: names(&preview.joined),
        left: names(&preview.left),
        gained,
        lost,
        rejection,
    })
}

#[component]
pub fn RuleEditor(p: &RuleEditorProps) -> Html {
    let text = use_state(|| p.rule.to_string());
    let preview = use_state(|| None::<Result<RulePreview, String>>);
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let error = check_rule(&text).err();
    let changed = *text != p.rule.as_str();

    // Preview a valid, changed rule shortly after typing stops (each preview runs the engine).
    {
        let (preview, d, group, timer) =
            (preview.clone(), p.d.clone(), p.group.clone(), timer.clone());
        let valid = error.is_none();
        use_effect_with(
            ((*text).clone(), changed, valid),
            move |(rule, changed, valid)| {
                timer.borrow_mut().take();
                if !*changed || !*valid {
                    preview.set(None);
                } else {
                    let rule = rule.clone();
                    *timer.borrow_mut() = Some(Timeout::new(150, move || {
                        preview.set(Some(preview_rule(&d, &group, &rule)));
                    }));
                }
            },
        );
    }

    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(textarea_value(&e)))
    };
    let save = {
        let (text, edit, group) = (text.clone(), p.on_edit.clone(), p.group.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(edit) = &edit {
                edit.emit(Edit::new(update_group(
                    &group,
                    "membershipRule",
                    Value::String((*text).clone()),
                )));
            }
        })
    };
    let toggle_pause = {
        let (edit, group, paused) = (p.on_edit.clone(), p.group.clone(), p.paused);
        Callback::from(move |_: MouseEvent| {
            if let Some(edit) = &edit {
                let state = if paused { "On" } else { "Paused" };
                edit.emit(Edit::new(update_group(
                    &group,
                    "membershipRuleProcessingState",
                    Value::String(state.into()),
                )));
            }
        })
    };
    let reset = {
        let (text, rule) = (text.clone(), p.rule.to_string());
        Callback::from(move |_: MouseEvent| text.set(rule.clone()))
    };

    // The text with the error's span marked, drawn under the (transparent) textarea.
    let mirror = match &error {
        Some(err) => {
            let span = err.span();
            let start = floor_boundary(&text, span.start);
            let end = floor_boundary(&text, span.end()).max(start);
            let marked = &text[start..end];
            html! { <>{ &text[..start] }<mark class="rule-err">{ if marked.is_empty() { "\u{a0}" } else { marked } }</mark>{ &text[end..] }{ "\u{a0}" }</> }
        }
        None => html! { <>{ (*text).clone() }{ "\u{a0}" }</> },
    };
    let readonly = p.on_edit.is_none();
    let field_id = format!("rule-{}", p.group);
    html! {
        <form class="rule-editor" onsubmit={save}>
            <label for={field_id.clone()} class="block-label">{ "Dynamic membership rule" }
                if p.paused { { " " }<span class="badge off">{ "‖ Processing paused: membership is frozen" }</span> }
            </label>
            <div class={classes!("rule-field", error.is_some().then_some("invalid"))}>
                <div class="rule-mirror" aria-hidden="true">{ mirror }</div>
                <textarea id={field_id} class="rule-text" spellcheck="false" rows="3" value={(*text).clone()} oninput={oninput}
                    readonly={readonly} aria-invalid={error.is_some().to_string()} aria-describedby="rule-status" />
            </div>
            <div id="rule-status" class="rule-status" aria-live="polite">
                { match &error {
                    Some(err) => html! {
                        <div class="rule-problem" role="alert">
                            <strong>{ err.class().title() }</strong>{ " " }
                            { err.message() }
                            { format!(" (at character {})", err.char_offset(&text) + 1) }
                            <div class="hint">{ err.hint() }</div>
                        </div>
                    },
                    None if changed => html! { <span class="badge ok">{ "✓ Valid rule" }</span> },
                    None => html! { <span class="muted">{ "The rule in effect." }</span> },
                } }
            </div>
            if let Some(result) = &*preview {
                { match result {
                    Err(message) => html! { <p class="form-error" role="alert">{ message }</p> },
                    Ok(pv) => preview_html(pv),
                } }
            }
            if !readonly {
                <div class="actions">
                    <button type="submit" disabled={error.is_some() || !changed}>{ "Save rule" }</button>
                    <button type="button" disabled={!changed} onclick={reset}>{ "Discard changes" }</button>
                    <button type="button" onclick={toggle_pause}>{ if p.paused { "Resume processing" } else { "Pause processing" } }</button>
                </div>
            }
        </form>
    }
}

fn preview_html(pv: &RulePreview) -> Html {
    let list = |items: &[(String, String)]| {
        html! {
            <ul class="compact">
                { for items.iter().take(50).map(|(g, u)| html! { <li>{ u }<span class="sub">{ format!(" · {g}") }</span></li> }) }
                if items.len() > 50 { <li class="muted">{ format!("and {} more", items.len() - 50) }</li> }
            </ul>
        }
    };
    html! {
        <div class="rule-preview" aria-live="polite">
            <h5>{ "If you save this rule" }</h5>
            if let Some(r) = &pv.rejection { <p class="form-error">{ format!("It would be rejected: {r}") }</p> }
            <div class="preview-cols">
                <div class="joins"><strong>{ format!("Would join ({})", pv.joined.len()) }</strong>{ list(&pv.joined) }</div>
                <div class="leaves"><strong>{ format!("Would leave ({})", pv.left.len()) }</strong>{ list(&pv.left) }</div>
            </div>
            <p>{ format!("Service plans gained: {}, lost: {}", pv.gained, pv.lost) }
                if pv.lost > 0 { { " " }<span class="badge bad">{ "✕ possible loss of service or data" }</span> }</p>
        </div>
    }
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

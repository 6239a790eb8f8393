//! The scenario's name in the header, with "Rename" to change it (no step: the export's file name
//! and the library's listing follow).

use yew::prelude::*;

use super::common::input_event_value;
use crate::library::display_name;

#[derive(Properties, PartialEq)]
pub struct ScenarioNameProps {
    pub name: AttrValue,
    /// The new name (none in a read-only view).
    pub on_rename: Option<Callback<String>>,
}

#[component]
pub fn ScenarioName(p: &ScenarioNameProps) -> Html {
    let editing = use_state(|| None::<String>);
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with(editing.is_some(), move |editing| {
            if let (true, Some(i)) = (*editing, input.cast::<web_sys::HtmlInputElement>()) {
                let _ = i.focus();
                i.select();
            }
        });
    }
    let (Some(text), Some(on_rename)) = ((*editing).clone(), p.on_rename.clone()) else {
        let start = {
            let (editing, name) = (editing.clone(), p.name.to_string());
            Callback::from(move |_: MouseEvent| editing.set(Some(name.clone())))
        };
        return html! {
            <div class="scenario-name-row">
                <h2 class="scenario-name" title={p.name.clone()}>{ display_name(&p.name) }</h2>
                if p.on_rename.is_some() {
                    <button type="button" class="small" onclick={start} aria-label="Rename this scenario">{ "Rename" }</button>
                }
            </div>
        };
    };
    let onsubmit = {
        let (editing, text) = (editing.clone(), text.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !text.trim().is_empty() {
                on_rename.emit(text.trim().to_owned());
            }
            editing.set(None);
        })
    };
    let cancel = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(None))
    };
    let onkeydown = {
        let editing = editing.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                editing.set(None);
            }
        })
    };
    html! {
        <form class="inline-form scenario-rename" {onsubmit} {onkeydown}>
            <label>{ "Scenario name " }
                <input ref={input} type="text" value={text} maxlength="200"
                       oninput={let e = editing.clone(); move |ev: InputEvent| e.set(Some(input_event_value(&ev)))} />
            </label>
            <button type="submit">{ "Save name" }</button>
            <button type="button" onclick={cancel}>{ "Cancel" }</button>
        </form>
    }
}

//! The organization's settings a scenario uses: its country, its default usage location (which
//! group licensing evaluates users without one in) and the plans it prohibits per country. Like
//! the options, they describe the tenant rather than happen to it: changing them runs the whole
//! scenario again and adds no step (`organization` and `catalog.prohibitedLocations` in the
//! scenario format).

use std::rc::Rc;

use licenselab_engine::{Organization, ProhibitedLocationDef};
use yew::prelude::*;

use super::common::input_event_value;
use crate::model::views::organization::Settings;
use crate::model::Derived;

/// New settings: the organization and the per-country plan restrictions.
pub type OrganizationChange = (Organization, Vec<ProhibitedLocationDef>);

#[derive(Properties, PartialEq)]
pub struct OrganizationProps {
    pub d: Rc<Derived>,
    pub on_change: Callback<OrganizationChange>,
}

/// One restriction as typed: a plan, and countries separated by commas or spaces.
#[derive(Clone, PartialEq, Default)]
struct Draft {
    country: String,
    default_location: String,
    prohibited: Vec<(String, String)>,
}

impl Draft {
    fn of(s: &Settings) -> Draft {
        Draft {
            country: s.country.clone(),
            default_location: s.default_location.clone(),
            prohibited: s
                .prohibited
                .iter()
                .map(|p| (p.plan.clone(), p.countries.join(", ")))
                .collect(),
        }
    }

    /// The draft as settings: codes upper-cased, empty rows left out. The loader checks the
    /// rest (two-letter codes, plans that exist) and says which field is wrong.
    fn settings(&self) -> OrganizationChange {
        let code = |s: &str| s.trim().to_uppercase();
        let default = code(&self.default_location);
        (
            Organization {
                country_letter_code: code(&self.country),
                default_usage_location: (!default.is_empty()).then_some(default),
            },
            self.prohibited
                .iter()
                .filter(|(plan, _)| !plan.trim().is_empty())
                .map(|(plan, countries)| ProhibitedLocationDef {
                    plan: plan.trim().to_owned(),
                    countries: countries
                        .split([',', ' ', ';'])
                        .map(code)
                        .filter(|c| !c.is_empty())
                        .collect(),
                })
                .collect(),
        )
    }
}

#[component]
pub fn OrganizationSettings(p: &OrganizationProps) -> Html {
    let answer = use_memo(p.d.clone(), |d| Settings::of(d));
    let saved = Draft::of(&answer);
    let draft = use_state(|| saved.clone());
    // Another scenario, an undo or an applied change: the form shows what the scenario says.
    {
        let (draft, saved) = (draft.clone(), saved.clone());
        use_effect_with(saved, move |saved| draft.set(saved.clone()));
    }
    let set = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            f(&mut next, input_event_value(&e));
            draft.set(next);
        })
    };
    let set_row = |i: usize, plan: bool| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            if let Some(row) = next.prohibited.get_mut(i) {
                let value = input_event_value(&e);
                if plan {
                    row.0 = value
                } else {
                    row.1 = value
                }
            }
            draft.set(next);
        })
    };
    let remove_row = |i: usize| {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.prohibited.remove(i);
            draft.set(next);
        })
    };
    let add_row = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.prohibited.push(Default::default());
            draft.set(next);
        })
    };
    let apply = {
        let (draft, on) = (draft.clone(), p.on_change.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on.emit(draft.settings());
        })
    };
    let changed = draft.settings() != saved.settings();
    html! {
        <section class="organization-settings" aria-labelledby="org-h">
            <h3 id="org-h">{ "Organization settings" }</h3>
            <p class="muted">{ "Users without a usage location are evaluated in the default usage location, else in the organization's country; a plan prohibited in that country fails with ProhibitedInUsageLocationViolation. Changing these runs the whole scenario again; no step is added." }</p>
            <form onsubmit={apply}>
                <div class="field-grid">
                    <div class="field"><label for="org-country">{ "Country (countryLetterCode)" }</label>
                        <input id="org-country" maxlength="2" size="4" value={draft.country.clone()} oninput={set(|d, v| d.country = v)} /></div>
                    <div class="field"><label for="org-default">{ "Default usage location" }</label>
                        <input id="org-default" maxlength="2" size="4" placeholder="none" value={draft.default_location.clone()} oninput={set(|d, v| d.default_location = v)} /></div>
                </div>
                <table class="grid prohibited-table">
                    <caption>{ "Plans prohibited per country" }</caption>
                    <thead><tr><th scope="col">{ "Plan" }</th><th scope="col">{ "Countries" }</th><th scope="col"><span class="visually-hidden">{ "Remove" }</span></th></tr></thead>
                    <tbody>
                    { for draft.prohibited.iter().enumerate().map(|(i, (plan, countries))| html! {
                        <tr>
                            <td><input list="org-plans" aria-label={format!("Plan of restriction {}", i + 1)} value={plan.clone()} oninput={set_row(i, true)} /></td>
                            <td><input aria-label={format!("Countries of restriction {}", i + 1)} placeholder="CN, RU" value={countries.clone()} oninput={set_row(i, false)} /></td>
                            <td><button type="button" class="small" onclick={remove_row(i)} aria-label={format!("Remove restriction {}", i + 1)}>{ "✕" }</button></td>
                        </tr>
                    }) }
                    if draft.prohibited.is_empty() { <tr><td colspan="3" class="muted">{ "No plan is prohibited in any country." }</td></tr> }
                    </tbody>
                </table>
                <datalist id="org-plans">{ for answer.plans.iter().map(|n| html! { <option value={n.clone()} /> }) }</datalist>
                <div class="actions">
                    <button type="button" onclick={add_row}>{ "Add a restriction" }</button>
                    <button type="submit" class="primary" disabled={!changed}>{ "Apply organization settings" }</button>
                </div>
            </form>
        </section>
    }
}

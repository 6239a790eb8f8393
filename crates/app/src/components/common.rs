//! Small pieces shared by the views.

use std::rc::Rc;

use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::model::draft::Draft;
pub use crate::model::edits::Edit;
use crate::model::Derived;
use crate::state::Target;

/// What every view receives: the scenario run at the cursor, and where edits go (`None`: read-only).
#[derive(Properties, PartialEq, Clone)]
pub struct ViewProps {
    pub d: Rc<Derived>,
    #[prop_or_default]
    pub on_edit: Option<Callback<Edit>>,
    #[prop_or_default]
    pub selected: Option<AttrValue>,
    #[prop_or_default]
    pub on_select: Option<Callback<Option<String>>>,
    /// Opens another view on an object.
    #[prop_or_default]
    pub on_navigate: Option<Callback<Target>>,
    /// Changes the scenario's simulator options (not a step: the whole scenario runs again).
    #[prop_or_default]
    pub on_options: Option<Callback<licenselab_engine::Options>>,
    /// The open draft and its panel (the full app's; the read-only embed has none).
    #[prop_or_default]
    pub drafts: Option<Drafts>,
}

/// The draft a control opened, and the panel that shows it where that control is.
#[derive(Clone, PartialEq)]
pub struct Drafts {
    pub open: Option<Rc<Draft>>,
    /// Renders the open draft's panel (the app's component, so the embed never links it).
    pub panel: Callback<(), Html>,
}

impl ViewProps {
    /// Edits are allowed only at the latest step (the past is read-only).
    pub fn editor(&self) -> Option<Callback<Edit>> {
        self.on_edit.clone().filter(|_| self.d.at_end())
    }

    /// The open draft, when the control at `place` made it.
    pub fn draft(&self, place: &str) -> Option<&Rc<Draft>> {
        let drafts = self.drafts.as_ref()?;
        drafts.open.as_ref().filter(|d| d.place() == place)
    }

    /// The draft panel, shown at `place` when the open draft is that control's.
    pub fn draft_at(&self, place: &str) -> Html {
        match (self.draft(place), &self.drafts) {
            (Some(_), Some(drafts)) => drafts.panel.emit(()),
            _ => Html::default(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorBoxProps {
    pub title: AttrValue,
    pub message: AttrValue,
    #[prop_or_default]
    pub children: Html,
}

/// Why there is nothing else to show, in words a person can act on.
#[component]
pub fn ErrorBox(props: &ErrorBoxProps) -> Html {
    html! {
        <section class="error-box" role="alert">
            <h2>{ &props.title }</h2>
            <p class="error-message">{ &props.message }</p>
            { props.children.clone() }
        </section>
    }
}

/// A state with its text and a color (never the color alone).
pub fn state_badge(state: &str) -> Html {
    let class = match state {
        "Active" => "badge ok",
        "ActiveWithError" => "badge warn",
        "Error" => "badge bad",
        "Disabled" => "badge off",
        "Unlicensed" => "badge none",
        "rejected" => "badge bad",
        "applied" => "badge ok",
        _ => "badge",
    };
    let icon = match state {
        "Active" | "applied" => "✓ ",
        "ActiveWithError" => "! ",
        "Error" | "rejected" => "✕ ",
        "Disabled" => "○ ",
        _ => "",
    };
    html! { <span class={class}><span aria-hidden="true">{ icon }</span>{ state }</span> }
}

#[derive(Properties, PartialEq)]
pub struct SeatBarProps {
    pub consumed: u32,
    pub enabled: u32,
    #[prop_or_default]
    pub warning: u32,
    #[prop_or_default]
    pub suspended: u32,
    #[prop_or_default]
    pub locked_out: u32,
}

/// Consumed / assignable / suspended seats, as a bar with the numbers written beside it.
#[component]
pub fn SeatBar(p: &SeatBarProps) -> Html {
    let assignable = p.enabled + p.warning;
    let total = u64::from(
        (assignable + p.suspended + p.locked_out)
            .max(p.consumed)
            .max(1),
    );
    // Hundredths of a percent in integers: float formatting would be the only reason the embed's
    // binary carries Rust's float printing.
    let pct = |n: u32| {
        let hundredths = (u64::from(n) * 10_000 + total / 2) / total;
        format!("{}.{:02}%", hundredths / 100, hundredths % 100)
    };
    let used = p.consumed.min(assignable);
    let over = p.consumed.saturating_sub(assignable);
    let free = assignable.saturating_sub(p.consumed);
    let full = assignable > 0 && p.consumed >= assignable;
    let label = format!(
        "{} of {} assignable seats used{}{}",
        p.consumed,
        assignable,
        if p.suspended > 0 {
            format!(", {} suspended", p.suspended)
        } else {
            String::new()
        },
        if p.locked_out > 0 {
            format!(", {} locked out", p.locked_out)
        } else {
            String::new()
        },
    );
    html! {
        <div class="seat-bar-wrap">
            <div class="seat-bar" role="img" aria-label={label.clone()}>
                <span class={classes!("seg", "used", full.then_some("full"))} style={format!("width:{}", pct(used))}></span>
                <span class="seg over" style={format!("width:{}", pct(over))}></span>
                <span class="seg free" style={format!("width:{}", pct(free))}></span>
                <span class="seg suspended" style={format!("width:{}", pct(p.suspended + p.locked_out))}></span>
            </div>
            <span class="seat-text">
                <strong>{ p.consumed }</strong>{ format!(" / {assignable} used") }
                if over > 0 {
                    <span class="badge bad" title="More seats are in use than the subscription has">{ format!("✕ {over} over") }</span>
                } else if full { <span class="badge bad">{ "Full" }</span> }
                if p.suspended + p.locked_out > 0 {
                    <span class="muted">{ format!(" · {} suspended", p.suspended + p.locked_out) }</span>
                }
                if p.warning > 0 {
                    <span class="muted">{ format!(" · {} in grace period", p.warning) }</span>
                }
            </span>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct PolicyProps {
    pub children: Html,
}

/// Marks what licenselab decides where Microsoft documents nothing (docs/behaviour.md, "policy").
#[component]
pub fn PolicyNote(p: &PolicyProps) -> Html {
    html! {
        <p class="policy-note">
            <span class="policy-tag" title="Microsoft documents nothing here; licenselab does one definite thing, described in docs/behaviour.md">
                { "Simulator policy" }
            </span>
            { " " }{ p.children.clone() }
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct VirtualTableProps {
    /// The `<thead>` row.
    pub head: Html,
    pub rows: usize,
    /// Renders row i as a `<tr>`.
    pub row: Callback<usize, Html>,
    pub label: AttrValue,
    #[prop_or(34)]
    pub row_height: u32,
    /// Visible height in pixels before scrolling.
    #[prop_or(480)]
    pub height: u32,
    #[prop_or_default]
    pub class: Classes,
    /// Told the rows it renders (first, end), each time they change: a table whose rows are
    /// answers asks for that window.
    #[prop_or_default]
    pub on_window: Option<Callback<(usize, usize)>>,
}

/// Rows rendered above and below those in view.
const OVERSCAN: usize = 8;

/// How many rows a `VirtualTable` of that height renders at most (those in view and the overscan).
pub fn window_rows(height: u32, row_height: u32) -> usize {
    (height / row_height.max(1)) as usize + 2 * OVERSCAN + 1
}

/// A table that renders only the rows in view (2,000 users stay fast); rows have a fixed height.
#[component]
pub fn VirtualTable(p: &VirtualTableProps) -> Html {
    let scroll = use_state(|| 0u32);
    let onscroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: Event| {
            let el: Element = e.target_unchecked_into();
            scroll.set(el.scroll_top().max(0) as u32);
        })
    };
    let h = p.row_height.max(1);
    let visible = window_rows(p.height, h);
    // Clamped, so that a shorter list (a filter) never renders an empty window.
    let first = ((*scroll / h) as usize)
        .saturating_sub(OVERSCAN)
        .min(p.rows.saturating_sub(visible));
    let last = (first + visible).min(p.rows);
    {
        let on_window = p.on_window.clone();
        use_effect_with((first, last), move |&(first, last)| {
            if let Some(on_window) = on_window {
                on_window.emit((first, last));
            }
        });
    }
    let top = first as u32 * h;
    let bottom = (p.rows - last) as u32 * h;
    let max_height = (p.rows as u32 * h + 40).min(p.height + 40);
    html! {
        <div class="vtable" style={format!("max-height:{max_height}px")}
             onscroll={onscroll} tabindex="0" role="region" aria-label={p.label.clone()}>
            <table class={p.class.clone()} style={format!("--row-h:{h}px")} aria-rowcount={(p.rows + 1).to_string()}>
                <thead>{ p.head.clone() }</thead>
                <tbody>
                    if top > 0 { <tr class="spacer" aria-hidden="true" style={format!("height:{top}px")}></tr> }
                    { for (first..last).map(|i| p.row.emit(i)) }
                    if bottom > 0 { <tr class="spacer" aria-hidden="true" style={format!("height:{bottom}px")}></tr> }
                </tbody>
            </table>
        </div>
    }
}

pub fn input_event_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

pub fn textarea_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlTextAreaElement>().value()
}

pub fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

/// The mark beside an error that a reprocess would clear now (the engine's preview): its
/// recorded reason is out of date, as the Problems, Users and Groups views show.
pub fn clears_now_badge() -> Html {
    html! { <span class="badge ok clears-now">{ "✓ A reprocess clears this now" }</span> }
}

pub use crate::model::queries::matches_filter;

/// A view with a list on the left and the selected object's details on the right.
pub fn split_view(
    class: &'static str,
    title: &'static str,
    list: Html,
    detail: Option<Html>,
    empty: &'static str,
) -> Html {
    let heading = format!("{class}-h");
    html! {
        <section class={classes!("view", class)} aria-labelledby={heading.clone()}>
            <h2 id={heading}>{ title }</h2>
            <div class="split">
                <div class="list-pane">{ list }</div>
                <div class="detail-pane">
                    { detail.unwrap_or_else(|| html! { <p class="muted empty">{ empty }</p> }) }
                </div>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ProductPickerProps {
    pub label: AttrValue,
    /// (skuId, display name) of the products that can be picked.
    pub options: Vec<(String, String)>,
    pub on_pick: Callback<String>,
}

/// A select of products and a button: assigns the chosen one (to a group or directly). Choosing a
/// product in the list opens its draft at once (its plans to pick, then Apply): nothing applies
/// before Apply, so the choice needs no second click; the button assigns the product shown.
#[component]
pub fn ProductPicker(p: &ProductPickerProps) -> Html {
    let choice = use_state(String::new);
    if p.options.is_empty() {
        return html! {};
    }
    let onsubmit = {
        let (choice, on, first) = (choice.clone(), p.on_pick.clone(), p.options[0].0.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on.emit(if choice.is_empty() {
                first.clone()
            } else {
                (*choice).clone()
            });
        })
    };
    html! {
        <form class="inline-form" onsubmit={onsubmit}>
            <label>{ &p.label }{ " " }
                <select onchange={let (c, on) = (choice.clone(), p.on_pick.clone()); move |e: Event| {
                    let sku = select_value(&e);
                    c.set(sku.clone());
                    on.emit(sku);
                }}>
                    { for p.options.iter().map(|(id, name)| html! { <option value={id.clone()} selected={*choice == *id}>{ name }</option> }) }
                </select>
            </label>
            <button type="submit">{ "Assign" }</button>
        </form>
    }
}

pub use crate::model::queries::{count, count_as};

/// Where assigning a product to the user or group `id` shows as a draft (below its picker).
pub fn assign_place(id: &str) -> String {
    format!("assign-{id}")
}

/// Assigning `sku` to a user or a group with every plan on, as a draft at its picker, where the
/// admin picks the plans before applying it.
pub fn assign_draft(user: Option<String>, group: Option<String>, sku: String) -> Edit {
    let place = assign_place(user.as_deref().or(group.as_deref()).unwrap_or_default());
    Edit::draft(
        licenselab_engine::Action::AssignLicense {
            user,
            group,
            add_licenses: vec![licenselab_engine::AssignedLicenseDef {
                sku_id: sku,
                disabled_plans: vec![],
            }],
            remove_licenses: vec![],
        },
        place,
    )
}

/// The tab a key moves to in a tab list of `len` tabs (arrow keys wrap, Home and End), focusing
/// it by its id (`id_prefix` + index); `None` for other keys. The WAI-ARIA tabs pattern.
pub fn tab_key(e: &KeyboardEvent, current: usize, len: usize, id_prefix: &str) -> Option<usize> {
    let next = match e.key().as_str() {
        "ArrowRight" => (current + 1) % len,
        "ArrowLeft" => (current + len - 1) % len,
        "Home" => 0,
        "End" => len - 1,
        _ => return None,
    };
    e.prevent_default();
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|doc| doc.get_element_by_id(&format!("{id_prefix}{next}")))
    {
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
            let _ = el.focus();
        }
    }
    Some(next)
}

/// One tab of a tab list: `id_prefix` + index is its id, `panel` the tab panel's id; only the
/// selected tab is in the tab order (the arrow keys move between tabs, see `tab_key`).
pub fn tab_button(
    index: usize,
    id_prefix: &str,
    panel: &'static str,
    label: &'static str,
    selected: bool,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" role="tab" id={format!("{id_prefix}{index}")} aria-selected={selected.to_string()} aria-controls={panel}
                tabindex={if selected { "0" } else { "-1" }} class={classes!("tab", selected.then_some("active"))}
                onclick={onclick}>{ label }</button>
    }
}

/// The longest display name Entra takes for a user or a group.
const DISPLAY_NAME_MAX: usize = 256;

/// A new user's or group's display name, trimmed; or why it cannot be created, in words (an empty
/// name, or one longer than Entra takes).
pub fn checked_display_name(name: &str, what: &str) -> Result<String, String> {
    let name = name.trim();
    let chars = name.chars().count();
    if name.is_empty() {
        Err(format!("Type a display name for the new {what}."))
    } else if chars > DISPLAY_NAME_MAX {
        Err(format!(
            "A display name may have at most {DISPLAY_NAME_MAX} characters; this one has {chars}. Shorten it."
        ))
    } else {
        Ok(name.to_owned())
    }
}

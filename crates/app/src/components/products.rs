//! Products: each subscribed SKU with its seats, plans and the groups that assign it.

use std::rc::Rc;

use licenselab_engine::{Action, PrepaidUnits, ServicePlanDef, SkuDef};
use yew::prelude::*;

use super::common::*;
use crate::model::views::products::{Product, Products, SeatWarning, Seats};
use crate::state::Target;

/// The products table alone (the embed view shows this).
#[component]
pub fn ProductsTable(p: &ViewProps) -> Html {
    let answer = use_memo(p.d.clone(), |d| Products::of(d));
    html! {
        <table class="grid products-table">
            <caption class="visually-hidden">{ "Products (subscribed SKUs)" }</caption>
            <thead><tr>
                <th scope="col">{ "Product" }</th>
                <th scope="col" class="seats-col">{ "Seats" }</th>
                <th scope="col">{ "Plans" }</th>
                <th scope="col">{ "Assigned by groups" }</th>
            </tr></thead>
            <tbody>
            { for answer.products.iter().map(|product| html! {
                <tr key={product.id.clone()}>
                    <th scope="row">
                        <span class="name">{ &product.name }</span>
                        if let Some(part) = &product.part_number { <span class="sub">{ part }</span> }
                    </th>
                    <td>{ seat_bar(&product.seats) }</td>
                    <td>{ count(product.plans.len(), "plan") }</td>
                    <td>{ if product.groups.is_empty() { html!{ <span class="muted">{ "none" }</span> } } else {
                        product.groups.iter().map(|g| html! { <span class="chip">{ &g.name }</span> }).collect::<Html>()
                    } }</td>
                </tr>
            }) }
            </tbody>
        </table>
    }
}

/// A product's seats as a bar.
fn seat_bar(seats: &Seats) -> Html {
    html! {
        <SeatBar consumed={seats.consumed} enabled={seats.enabled} warning={seats.warning}
                 suspended={seats.suspended} locked_out={seats.locked_out} />
    }
}

/// The Products view: the table, a card per product with its actions, the catalog and the B27 report.
#[component]
pub fn ProductsView(p: &ViewProps) -> Html {
    let answer = use_memo(p.d.clone(), |d| Products::of(d));
    let editor = p.editor();
    let report = answer.entitlement;
    html! {
        <section class="view products-view" aria-labelledby="products-h">
            <h2 id="products-h">{ "Products" }</h2>
            <p class="lead">{ "Licenses your organization has bought (subscribed SKUs), with their seats and service plans." }</p>
            <div class="cards">
                { for answer.products.iter().map(|product| html! {
                    <ProductCard key={format!("{}-{}", product.id, product.seats.enabled)} product={product.clone()} view={p.clone()} editable={editor.is_some()} />
                }) }
            </div>
            if let Some(edit) = editor.clone() {
                <AddProduct products={answer.clone()} on_edit={edit} />
                // Microsoft's catalog, compiled into the engine: no tenant involved.
                <datalist id="catalog-plans">
                    { for licenselab_engine::catalog_plans().iter().filter(|pl| !pl.name.is_empty()).map(|pl| html! { <option value={pl.name}>{ pl.friendly_name }</option> }) }
                </datalist>
            }
            <section class="panel">
                <h3>{ "Group-based licensing entitlement" }</h3>
                <p>
                    { format!("Direct members of licensed groups: {}. Seats of products that include Microsoft Entra ID P1 (or an entitling Office 365 suite): {}.",
                        report.licensed_group_members, report.p1_capable_seats) }
                    { " " }
                    if !report.covered {
                        <span class="badge warn">{ "! Not enough P1 seats for every member" }</span>
                    } else {
                        <span class="badge ok">{ "✓ Covered" }</span>
                    }
                </p>
                <p class="muted">{ "Microsoft asks for at least as many of these seats as members of licensed groups. It is a licensing requirement, never a technical block." }</p>
            </section>
            <Policies options={answer.options.clone()} on_options={p.on_options.clone().filter(|_| editor.is_some())} />
        </section>
    }
}

/// Where a product's seat change shows as a draft.
fn seats_place(sku: &str) -> String {
    format!("seats-{sku}")
}

#[derive(Properties, PartialEq)]
struct ProductCardProps {
    product: Product,
    view: ViewProps,
    editable: bool,
}

#[component]
fn ProductCard(p: &ProductCardProps) -> Html {
    let product = &p.product;
    let seats = use_state(|| product.seats.enabled.to_string());
    let plan_input = use_state(String::new);
    let id = product.id.clone();
    let on_buy = {
        let (seats, id, edit, prepaid) = (
            seats.clone(),
            id.clone(),
            p.view.editor(),
            product.seats.prepaid(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let (Some(edit), Ok(n)) = (&edit, seats.trim().parse::<u32>()) {
                edit.emit(Edit::draft(
                    Action::SetPrepaidUnits {
                        sku: id.clone(),
                        prepaid_units: PrepaidUnits {
                            enabled: n,
                            ..prepaid
                        },
                    },
                    seats_place(&id),
                ));
            }
        })
    };
    let on_add_plan = {
        let (plan_input, id, edit) = (plan_input.clone(), id.clone(), p.view.editor());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = plan_input.trim().to_owned();
            if text.is_empty() {
                return;
            }
            let def = match licenselab_engine::catalog_plans().iter().find(|pl| {
                pl.name.eq_ignore_ascii_case(&text) || pl.friendly_name.eq_ignore_ascii_case(&text)
            }) {
                Some(pl) => ServicePlanDef {
                    service_plan_id: licenselab_engine::format_guid(pl.guid),
                    service_plan_name: Some(pl.name.to_owned()),
                    provisioning_status: None,
                    applies_to: None,
                },
                None => ServicePlanDef {
                    service_plan_id: text.clone(),
                    service_plan_name: Some(text.clone()),
                    provisioning_status: None,
                    applies_to: None,
                },
            };
            if let Some(edit) = &edit {
                edit.emit(Edit::new(Action::AddServicePlan {
                    sku: id.clone(),
                    service_plan: def,
                }));
                plan_input.set(String::new());
            }
        })
    };
    html! {
        <article class="card product-card" aria-label={product.name.clone()}>
            <header>
                <h3>{ &product.name }</h3>
                <span class="sub">{ product.part_number.clone().unwrap_or_default() }{ " · " }<code>{ &product.id }</code></span>
            </header>
            { seat_bar(&product.seats) }
            { match product.seat_warning {
                Some(SeatWarning::OverUsed) => html! {
                    <p class="warning-box" role="note">{ format!(
                        "More seats are in use than this subscription has: {} in use, {} available. Those users keep the product, but new assignments of it fail with CountViolation until you buy seats or free some.",
                        product.seats.consumed, product.seats.assignable) }</p>
                },
                Some(SeatWarning::NoneLeft) => html! {
                    <p class="hint">{ "No seats left: new assignments fail with CountViolation. Buy seats, then reprocess the groups with errors (bought seats are not used until then)." }</p>
                },
                None => Html::default(),
            } }
            if p.editable {
                <form class="inline-form" onsubmit={on_buy}>
                    <label>{ "Enabled seats " }
                        <input type="number" min="0" max="1000000" class="num" value={(*seats).clone()}
                               oninput={let seats = seats.clone(); move |e: InputEvent| seats.set(input_event_value(&e))} />
                    </label>
                    <button type="submit">{ "Set seats" }</button>
                </form>
                { p.view.draft_at(&seats_place(&id)) }
                <SubscriptionStates id={id.clone()} seats={product.seats} view={p.view.clone()} />
            }
            <details>
                <summary>{ format!("{} service plans", product.plans.len()) }</summary>
                <ul class="plan-list">
                    { for product.plans.iter().map(|plan| {
                        html! { <li>{ &plan.display_name }{ " " }<span class="sub">{ &plan.name }</span></li> }
                    }) }
                </ul>
            </details>
            <p class="assigned-by">{ "Assigned by: " }
                if product.groups.is_empty() { <span class="muted">{ "no group" }</span> }
                { for product.groups.iter().map(|g| {
                    let gid = g.id.clone();
                    let nav = p.view.on_navigate.clone();
                    html! { <button type="button" class="chip link" onclick={move |_| if let Some(n) = &nav { n.emit(Target::Group(gid.clone())) }}>
                        { &g.name }</button> }
                }) }
            </p>
            if p.editable {
                <form class="inline-form" onsubmit={on_add_plan}>
                    <label>{ "Microsoft adds a service plan " }
                        <input type="text" list="catalog-plans" placeholder="plan name, e.g. COPILOT_STUDIO_IN_COPILOT_FOR_M365" value={(*plan_input).clone()}
                               oninput={let plan_input = plan_input.clone(); move |e: InputEvent| plan_input.set(input_event_value(&e))} />
                    </label>
                    <button type="submit">{ "Add plan" }</button>
                </form>
            }
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct AddProductProps {
    products: Rc<Products>,
    on_edit: Callback<Edit>,
}

/// Buys a product from Microsoft's catalog, found by name; its plans are the real ones.
#[component]
fn AddProduct(p: &AddProductProps) -> Html {
    let name = use_state(String::new);
    let seats = use_state(|| "25".to_owned());
    let error = use_state(|| None::<String>);
    let onsubmit = {
        let (name, seats, error, edit, products) = (
            name.clone(),
            seats.clone(),
            error.clone(),
            p.on_edit.clone(),
            p.products.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let wanted = name.trim();
            // Microsoft's catalog, compiled into the engine: no tenant involved.
            let product = licenselab_engine::catalog_products().iter().find(|pr| {
                pr.display_name.eq_ignore_ascii_case(wanted)
                    || pr.part_number.eq_ignore_ascii_case(wanted)
            });
            let Some(product) = product else {
                error.set(Some(format!(
                    "\"{wanted}\" is not a product in Microsoft's catalog: pick one from the list."
                )));
                return;
            };
            let guid = licenselab_engine::format_guid(product.guid);
            if products.in_tenant.contains(&guid) {
                error.set(Some(format!(
                    "{} is already in the tenant: set its seats on its card.",
                    product.display_name
                )));
                return;
            }
            let Ok(n) = seats.trim().parse::<u32>() else {
                error.set(Some("Seats must be a whole number.".into()));
                return;
            };
            error.set(None);
            name.set(String::new());
            edit.emit(Edit::new(Action::AddSubscribedSku {
                sku: SkuDef {
                    sku_id: guid,
                    sku_part_number: Some(product.part_number.to_owned()),
                    prepaid_units: PrepaidUnits {
                        enabled: n,
                        ..Default::default()
                    },
                    service_plans: None,
                    applies_to: None,
                    consumed_units: None,
                },
            }));
        })
    };
    html! {
        <section class="panel add-product">
            <h3>{ "Add a product from Microsoft's catalog" }</h3>
            <form class="inline-form" onsubmit={onsubmit}>
                <label>{ "Product " }
                    <input type="text" list="catalog-products" class="wide" placeholder="e.g. Microsoft 365 E5" value={(*name).clone()}
                           oninput={let name = name.clone(); move |e: InputEvent| name.set(input_event_value(&e))} />
                </label>
                <label>{ "Seats " }
                    <input type="number" min="0" class="num" value={(*seats).clone()}
                           oninput={let seats = seats.clone(); move |e: InputEvent| seats.set(input_event_value(&e))} />
                </label>
                <button type="submit">{ "Buy" }</button>
            </form>
            if let Some(message) = &*error { <p class="form-error" role="alert">{ message }</p> }
            <datalist id="catalog-products">
                { for licenselab_engine::catalog_products().iter().map(|pr| html! { <option value={pr.display_name}>{ pr.part_number }</option> }) }
            </datalist>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct PoliciesProps {
    /// The scenario's options.
    pub options: licenselab_engine::Options,
    /// Lets the user change the options (the scenario runs again with them).
    #[prop_or_default]
    pub on_options: Option<Callback<licenselab_engine::Options>>,
}

/// The scenario's options: licenselab's choices where Microsoft documents nothing.
#[component]
pub fn Policies(p: &PoliciesProps) -> Html {
    use licenselab_engine::{DependentRemoval, SeatOrder, SwapFailure};
    let o = &p.options;
    html! {
        <section class="panel policies">
            <h3>{ "How this scenario is simulated" }</h3>
            <PolicyNote>
                { match o.seat_order {
                    SeatOrder::JoinOrder => "Seats: when a group has more members than free seats, members are served in the order they joined the group, then by id (seatOrder: joinOrder). A seat once held is never taken away by others' demand.",
                    SeatOrder::UserId => "Seats: when a group has more members than free seats, members are served by user id (seatOrder: userId). A seat once held is never taken away by others' demand.",
                } }
            </PolicyNote>
            <PolicyNote>{ "Checks on one path run in this order, and only the first failure is reported: usage location, conflicts, proxy address uniqueness, seats." }</PolicyNote>
            <PolicyNote>
                { match o.dependent_removal {
                    DependentRemoval::Error => "When a group drops a product that a member's other plan depends on, the rows go to Error (DependencyViolation) and keep their seat until resolved (dependentRemoval: error, the 2025 documentation).",
                    DependentRemoval::ConvertToDirect => "When a group drops a product that a member's other plan depends on, the member's license becomes a direct assignment (dependentRemoval: convertToDirect, the 2018-2024 documentation).",
                } }
            </PolicyNote>
            <PolicyNote>
                { match o.swap_failure {
                    SwapFailure::LoseOld => "An in-place product swap that fails for a member still removes the old product (swapFailure: loseOld): the member loses it.",
                    SwapFailure::KeepOld => "An in-place product swap that fails for a member keeps the old product until the new one succeeds (swapFailure: keepOld).",
                } }
            </PolicyNote>
            <PolicyNote>{ format!("Dynamic membership rules read system.now as {} (evaluationTime), so results never depend on the clock. Processing is instant: Entra takes minutes to hours.", o.evaluation_time) }</PolicyNote>
            if let Some(on) = &p.on_options {
                <OptionsForm options={o.clone()} on_options={on.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct OptionsFormProps {
    options: licenselab_engine::Options,
    on_options: Callback<licenselab_engine::Options>,
}

/// The options as controls: try the same scenario under another policy.
#[component]
fn OptionsForm(p: &OptionsFormProps) -> Html {
    use licenselab_engine::{DependentRemoval, SeatOrder, SwapFailure};
    let o = &p.options;
    let change = |f: fn(&mut licenselab_engine::Options, &str)| {
        let (on, o) = (p.on_options.clone(), o.clone());
        Callback::from(move |e: Event| {
            let mut next = o.clone();
            let value = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let text = if value.type_() == "checkbox" {
                value.checked().to_string()
            } else {
                select_value(&e)
            };
            f(&mut next, &text);
            on.emit(next);
        })
    };
    html! {
        <details class="options">
            <summary>{ "Change the options (the whole scenario runs again; no step is added)" }</summary>
            <div class="field-grid">
                <div class="field"><label for="opt-seat">{ "seatOrder" }</label>
                    <select id="opt-seat" onchange={change(|o, v| o.seat_order = if v == "userId" { SeatOrder::UserId } else { SeatOrder::JoinOrder })}>
                        <option value="joinOrder" selected={o.seat_order == SeatOrder::JoinOrder}>{ "joinOrder" }</option>
                        <option value="userId" selected={o.seat_order == SeatOrder::UserId}>{ "userId" }</option>
                    </select></div>
                <div class="field"><label for="opt-dep">{ "dependentRemoval" }</label>
                    <select id="opt-dep" onchange={change(|o, v| o.dependent_removal = if v == "convertToDirect" { DependentRemoval::ConvertToDirect } else { DependentRemoval::Error })}>
                        <option value="error" selected={o.dependent_removal == DependentRemoval::Error}>{ "error" }</option>
                        <option value="convertToDirect" selected={o.dependent_removal == DependentRemoval::ConvertToDirect}>{ "convertToDirect" }</option>
                    </select></div>
                <div class="field"><label for="opt-swap">{ "swapFailure" }</label>
                    <select id="opt-swap" onchange={change(|o, v| o.swap_failure = if v == "keepOld" { SwapFailure::KeepOld } else { SwapFailure::LoseOld })}>
                        <option value="loseOld" selected={o.swap_failure == SwapFailure::LoseOld}>{ "loseOld" }</option>
                        <option value="keepOld" selected={o.swap_failure == SwapFailure::KeepOld}>{ "keepOld" }</option>
                    </select></div>
                <div class="field"><label><input type="checkbox" checked={o.legacy_exchange_conflict}
                    onchange={change(|o, v| o.legacy_exchange_conflict = v == "true")} />{ " legacyExchangeConflict (pre-2023 rule)" }</label></div>
                <div class="field"><label><input type="checkbox" checked={o.community_dependencies}
                    onchange={change(|o, v| o.community_dependencies = v == "true")} />{ " communityDependencies (2019 rows)" }</label></div>
                <div class="field"><label><input type="checkbox" checked={o.nested_what_if}
                    onchange={change(|o, v| o.nested_what_if = v == "true")} />{ " nestedWhatIf (who a flattened group would cover)" }</label></div>
                <div class="field"><label><input type="checkbox" checked={o.warning_units_assignable}
                    onchange={change(|o, v| o.warning_units_assignable = v == "true")} />{ " warningUnitsAssignable (grace-period units can be assigned)" }</label></div>
            </div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct SubscriptionStatesProps {
    /// The product's id.
    id: String,
    seats: Seats,
    view: ViewProps,
}

/// Units in their grace period, suspended or locked out: what happens when a subscription lapses.
#[component]
fn SubscriptionStates(p: &SubscriptionStatesProps) -> Html {
    let prepaid = p.seats.prepaid();
    let fields = use_state(|| {
        [prepaid.warning, prepaid.suspended, prepaid.locked_out].map(|n| n.to_string())
    });
    let onsubmit = {
        let (fields, edit, id) = (fields.clone(), p.view.editor(), p.id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let [warning, suspended, locked_out] = (*fields)
                .clone()
                .map(|f| f.trim().parse::<u32>().unwrap_or(0));
            if let Some(edit) = &edit {
                edit.emit(Edit::draft(
                    Action::SetPrepaidUnits {
                        sku: id.clone(),
                        prepaid_units: PrepaidUnits {
                            warning,
                            suspended,
                            locked_out,
                            ..prepaid
                        },
                    },
                    format!("subscription-{id}"),
                ));
            }
        })
    };
    let field = |i: usize, label: &str| {
        let fields = fields.clone();
        html! {
            <label>{ label.to_owned() }{ " " }
                <input type="number" min="0" class="num" value={fields[i].clone()}
                       oninput={let f = fields.clone(); move |e: InputEvent| { let mut next = (*f).clone(); next[i] = input_event_value(&e); f.set(next); }} />
            </label>
        }
    };
    html! {
        <details class="subscription">
            <summary>{ "Subscription state (grace period, suspended, locked out)" }</summary>
            <form class="inline-form" onsubmit={onsubmit}>
                { field(0, "In grace period") }{ field(1, "Suspended") }{ field(2, "Locked out") }
                <button type="submit">{ "Set subscription state" }</button>
            </form>
            { p.view.draft_at(&format!("subscription-{}", p.id)) }
            <p class="sub">{ "Assignable seats are enabled plus grace period (unless the warningUnitsAssignable option is off). With none left, held licenses become Disabled: they keep the seat but their plans are off until units return." }</p>
        </details>
    }
}

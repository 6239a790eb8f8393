//! "Plan a change": setting the target (a copy of today's tenant edited in the app, or a target
//! file), the effect that runs the planner with the page told it is busy, and the plan: the safe
//! order beside the obvious one, step by step, with the obvious order's losses marked, the seats
//! to buy, the downloads, and opening either order on the Timeline. Only the full app has it (the
//! embed's binary does not link the planner).

use std::rc::Rc;

use licenselab_engine::Scenario;
use licenselab_requests::Emit;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::app::{click_input, file_stem};
use super::common::count;
use super::timeline::outcome_meta;
use crate::browser::{download, read_file_text};
use crate::model::plan::{self as model, Planned};
use crate::model::queries::describe_step;
use crate::model::views::timeline::StepOutcome;
use crate::model::Derived;
use crate::state::{Action, AppState, Notice, Planning};

/// Steps listed per order; a longer plan is downloaded or opened on the Timeline.
const LISTED: usize = 200;

/// Plans from `today` to `target` after the page has shown that it is busy (a big tenant takes a
/// while), and puts the plan or the failure in the state.
async fn plan(today: Scenario, target: Scenario, d: UseReducerDispatcher<AppState>) {
    d.dispatch(Action::Busy(Some(format!(
        "Planning: running orders of the changes on the engine ({})…",
        count(today.users.len(), "user")
    ))));
    // Let the page show that before the engine runs.
    yew::platform::time::sleep(std::time::Duration::from_millis(16)).await;
    let outcome = model::run(&today, &target).map(Rc::new);
    d.dispatch(Action::Planned(outcome));
}

#[derive(Properties, PartialEq)]
pub struct PlanViewProps {
    pub d: Rc<Derived>,
    pub planning: Planning,
    pub dispatch: UseReducerDispatcher<AppState>,
    /// Work under way: planning is disabled meanwhile.
    pub busy: bool,
}

#[component]
pub fn PlanView(p: &PlanViewProps) -> Html {
    let file_input = use_node_ref();
    let dispatch = p.dispatch.clone();
    let today = p.planning.today.clone();
    let on_start = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::StartPlanning))
    };
    let on_stop = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::StopPlanning))
    };
    let on_plan = {
        let (d, derived, today) = (dispatch.clone(), p.d.clone(), today.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(today) = &today else { return };
            let target = model::edited_target(&derived);
            yew::platform::spawn_local(plan((**today).clone(), target, d.clone()));
        })
    };
    let on_target_file = {
        let (d, derived, today) = (dispatch.clone(), p.d.clone(), today.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            // Today's tenant: the one kept by "Start planning", else the scenario as it stands.
            let today = today
                .as_deref()
                .cloned()
                .unwrap_or_else(|| model::today(&derived));
            let d = d.clone();
            yew::platform::spawn_local(async move {
                let name = file.name();
                d.dispatch(Action::Busy(Some(format!("Reading {name}…"))));
                let target = match read_file_text(&file).await {
                    Ok(text) => model::read_target(&name, &text),
                    Err(message) => Err(model::unreadable_target(&name, message)),
                };
                match target {
                    Ok(target) => plan(today, target, d).await,
                    Err(failure) => d.dispatch(Action::Planned(Err(failure))),
                }
            });
        })
    };
    let file_picker = html! {
        <input type="file" accept=".json,application/json" class="visually-hidden" tabindex="-1" aria-hidden="true"
               id="plan-target-input" ref={file_input.clone()} onchange={on_target_file} />
    };
    let steps = p.d.step_count();
    let target = match &today {
        None => html! { <>
            <p>{ "Today's tenant is this scenario" }{ if steps > 0 { format!(" as it stands after its {}", count(steps, "step")) } else { String::new() } }
               { ". Set the target, the tenant as it should be, in one of two ways: edit a copy of it here (each edit is a step), or load a target file (a scenario without steps, such as an Export JSON edited elsewhere)." }</p>
            <div class="actions">
                <button type="button" class="primary" id="plan-start" onclick={on_start} disabled={p.busy}>{ "Start planning: edit a copy into the target" }</button>
                <button type="button" id="plan-load-target" onclick={click_input(&file_input)} disabled={p.busy}>{ "Load a target file…" }</button>
                { file_picker }
            </div>
        </> },
        Some(kept) => html! { <>
            <p class="plan-session" role="status">
                <strong>{ "Planning. " }</strong>
                { format!("Today's tenant is kept ({}, {}, {}). Edit this scenario into the tenant as it should be in the Groups, Users and Products views ({} so far), then plan.",
                    count(kept.users.len(), "user"), count(kept.groups.len(), "group"), count(kept.subscribed_skus.len(), "product"), count(steps, "edit")) }
            </p>
            <div class="actions">
                <button type="button" class="primary" id="plan-run" onclick={on_plan} disabled={p.busy}>{ "Plan" }</button>
                <button type="button" id="plan-load-target" onclick={click_input(&file_input)} disabled={p.busy}>{ "Load a target file instead…" }</button>
                <button type="button" id="plan-stop" onclick={on_stop}>{ "Stop planning" }</button>
                { file_picker }
            </div>
        </> },
    };
    html! {
        <section class="view plan-view" aria-labelledby="plan-h">
            <h2 id="plan-h">{ "Plan a change" }</h2>
            <p class="lead">{ "From today's tenant to a target in an order that leaves nobody without a service they have today and in the target: the planner tries orders of the changes on the simulation and keeps one without a gap (docs/plan.md)." }</p>
            <section class="panel plan-target" aria-labelledby="plan-target-h">
                <h3 id="plan-target-h">{ "1. The target" }</h3>
                { target }
            </section>
            { match &p.planning.outcome {
                None => Html::default(),
                Some(Err(f)) => html! {
                    <div class="notice notice-error plan-error" role="alert">
                        <div class="notice-body">
                            <strong>{ &f.title }</strong>{ " " }<span class="pre-line">{ &f.message }</span>
                            <div class="hint">{ &f.hint }</div>
                        </div>
                    </div>
                },
                Some(Ok(planned)) => html! { <PlanResult planned={planned.clone()} dispatch={dispatch.clone()} /> },
            } }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PlanResultProps {
    planned: Rc<Planned>,
    dispatch: UseReducerDispatcher<AppState>,
}

#[component]
fn PlanResult(p: &PlanResultProps) -> Html {
    let planned = &p.planned;
    let plan = &planned.plan;
    let naive_gaps = planned.naive_users_with_gaps();
    let seats: u32 = plan.seats_to_buy.iter().map(|s| s.buy).sum();
    let verdict = if plan.no_service_gap {
        "No user is without a service they have today and in the target, after any step.".to_owned()
    } else {
        format!(
            "No order without a gap was found: {} without a service for a while (marked below). This is the order with the shortest gaps.",
            count(planned.safe_users_with_gaps(), "user")
        )
    };
    let numbers = [
        ("Steps", plan.steps.len().to_string()),
        (
            "Users with a gap",
            planned.safe_users_with_gaps().to_string(),
        ),
        (
            "Errors on the way",
            plan.errors_on_the_way.len().to_string(),
        ),
        ("Seats to buy", seats.to_string()),
        ("Obvious order: users with a gap", naive_gaps.to_string()),
        ("Changes in the target", plan.search.changes.to_string()),
    ];
    let name = file_stem(&planned.safe.scenario.name);
    let download_plan = {
        let (planned, name) = (planned.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            download(
                &format!("{name}-plan.json"),
                "application/json",
                &planned.plan.to_json(),
            )
        })
    };
    let download_requests = |emit: Emit, file: String, mime: &'static str| {
        let (planned, d) = (planned.clone(), p.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            match planned.requests(emit) {
            Ok(text) => download(&file, mime, &text),
            Err(message) => d.dispatch(Action::Notice(
                Notice {
                    hint: Some("Graph takes GUIDs: products, plans, users and groups need their Graph ids (docs/requests.md). The plan scenario can still be downloaded.".to_owned()),
                    ..Notice::error("The plan cannot be written as Graph requests", message)
                },
            )),
        }
        })
    };
    let open = |safe: bool| {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::OpenPlan(safe)))
    };
    html! {
        <section class="plan-result" aria-labelledby="plan-result-h">
            <h3 id="plan-result-h">{ "2. The plan" }</h3>
            <p class={classes!("plan-verdict", if plan.no_service_gap { "ok" } else { "bad" })}>
                { verdict }
                if !plan.reaches_target { { " " }<strong>{ format!("It does not quite reach the target for {} (docs/plan.md, \"The end is the target\").", planned.not_reached(10)) }</strong> }
            </p>
            <dl class="plan-numbers">
                { for numbers.iter().map(|(label, n)| html! { <div><dt>{ *label }</dt><dd>{ n }</dd></div> }) }
            </dl>
            if !plan.seats_to_buy.is_empty() {
                <ul class="plan-seats" aria-label="Seats to buy">
                    { for plan.seats_to_buy.iter().map(|s| html! {
                        <li>{ format!("Buy {} of {} first", count(s.buy as usize, "seat"), s.sku_part_number.as_deref().unwrap_or(&s.sku_id)) }
                            { if s.given_back > 0 { format!("; {} only the move needs, given back by the last steps.", s.given_back) } else { ".".to_owned() } }</li>
                    }) }
                </ul>
            }
            if !plan.refused.is_empty() {
                <div class="warning-box plan-refused">
                    <strong>{ "Left out: the engine refuses these steps in every order." }</strong>
                    <ul class="compact">{ for plan.refused.iter().map(|r| html! { <li>{ format!("{} ({}): {}", r.note, r.op, r.message) }</li> }) }</ul>
                </div>
            }
            <div class="plan-orders">
                <section class="plan-order safe" aria-labelledby="plan-safe-h">
                    <h4 id="plan-safe-h">{ "The safe order" }<span class="sub">{ format!(" ({})", plan.search.chosen) }</span></h4>
                    <OrderSteps planned={planned.clone()} safe=true />
                </section>
                <section class="plan-order naive" aria-labelledby="plan-naive-h">
                    <h4 id="plan-naive-h">{ "The obvious order" }<span class="sub">{ " (every change in file order, removals first)" }</span></h4>
                    <OrderSteps planned={planned.clone()} safe=false />
                    <p class={classes!("plan-order-sum", (naive_gaps > 0).then_some("loss"))}>
                        { match naive_gaps {
                            0 => "Nobody is without a service on the way.".to_owned(),
                            n => format!("{} without a service on the way.", count(n, "user")),
                        } }
                    </p>
                </section>
            </div>
            <h3>{ "3. Download or open it" }</h3>
            <p class="muted">{ "The plan scenario runs as it is in licenselab run and check; the requests and the script send its steps to Microsoft Graph, waiting for each to be processed and checking the plan's expectations (docs/requests.md)." }</p>
            <div class="actions">
                <button type="button" id="plan-download" onclick={download_plan}>{ "Download the plan (JSON)" }</button>
                <button type="button" id="plan-download-graph" onclick={download_requests(Emit::Graph, format!("{name}-plan.graph.json"), "application/json")}>{ "Graph requests (JSON)" }</button>
                <button type="button" id="plan-download-powershell" onclick={download_requests(Emit::PowerShell, format!("{name}-plan.ps1"), "text/plain")}>{ "PowerShell script" }</button>
                <button type="button" class="primary" id="plan-open" onclick={open(true)}>{ "Open the plan on the Timeline" }</button>
                <button type="button" id="plan-open-naive" onclick={open(false)}>{ "Open the obvious order" }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct OrderStepsProps {
    planned: Rc<Planned>,
    /// The plan (`true`) or the obvious order.
    safe: bool,
}

/// One order's steps as the Timeline says them, each with the engine's outcome, the plans gained
/// and lost, the errors it leaves on the way (the plan) and the services it takes from whom.
#[component]
fn OrderSteps(p: &OrderStepsProps) -> Html {
    let planned = &p.planned;
    let d = if p.safe {
        &planned.safe
    } else {
        &planned.naive
    };
    let t = d.full.tenant();
    let n = d.step_count();
    if n == 0 {
        return html! { <p class="muted">{ "No steps: the target is today's tenant." }</p> };
    }
    html! {
        <>
        <ol class="plan-steps">
            { for d.scenario.steps.iter().enumerate().take(LISTED).map(|(i, step)| {
                let losses = if p.safe { planned.safe_losses(i) } else { planned.naive_losses(i) };
                let errors = if p.safe { planned.errors_from(i) } else { Vec::new() };
                html! {
                    <li class={classes!((!losses.is_empty()).then_some("has-loss"))}>
                        <div class="plan-step">
                            <span class="step-no">{ i + 1 }</span>
                            <span class="plan-step-text">{ describe_step(t, d, &step.action) }</span>
                            { outcome_meta(&StepOutcome::of(d, i)) }
                        </div>
                        if !losses.is_empty() || !errors.is_empty() {
                            <ul class="plan-step-notes">
                                { for losses.iter().map(|l| html! {
                                    <li class="plan-loss">
                                        <strong>{ match l.services.as_slice() {
                                            [one] => format!("{} loses {one}", l.user),
                                            many => format!("{} loses {} services", l.user, many.len()),
                                        } }</strong>
                                        { match l.back_after { Some(b) => format!(" until step {}", b + 1), None => ", not back at the end".to_owned() } }
                                        if l.services.len() > 1 { { ": " }{ l.services.join(", ") } }
                                    </li>
                                }) }
                                { for errors.iter().map(|e| html! { <li class="plan-way-error">{ e }</li> }) }
                            </ul>
                        }
                    </li>
                }
            }) }
        </ol>
        if n > LISTED { <p class="muted">{ format!("and {} more steps (open the order on the Timeline, or download the plan)", n - LISTED) }</p> }
        </>
    }
}

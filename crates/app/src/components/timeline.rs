//! The timeline: every step of the scenario (every edit in the UI is one), what each changed (plans
//! gained and lost, errors made and cleared), and a chart of seats consumed per product over the steps.
//! Each component asks for its answer (`model::views::timeline`) and renders only from it.

use std::rc::Rc;

use yew::prelude::*;

use super::common::*;
use crate::model::views::timeline::{
    self as view, ErrorTable, Position, SeatsChart, StepDetail, StepEffect, StepOutcome,
    TimelineQuery,
};
use crate::model::Derived;

#[derive(Properties, PartialEq)]
pub struct StepBarProps {
    pub d: Rc<Derived>,
    pub on_cursor: Callback<usize>,
    #[prop_or_default]
    pub compact: bool,
}

/// A slider over the steps, with the step shown in words.
#[component]
pub fn StepBar(p: &StepBarProps) -> Html {
    let at = use_memo(p.d.clone(), |d| Position::of(d));
    let (n, c) = (at.steps, at.cursor);
    let oninput = {
        let on = p.on_cursor.clone();
        Callback::from(move |e: InputEvent| {
            if let Ok(v) = input_event_value(&e).parse::<usize>() {
                on.emit(v)
            }
        })
    };
    let go = |to: usize| {
        let on = p.on_cursor.clone();
        Callback::from(move |_: MouseEvent| on.emit(to))
    };
    let label = at.label.clone();
    html! {
        <div class={classes!("step-bar", p.compact.then_some("compact"))}>
            <button type="button" class="small" disabled={c == 0} onclick={go(c.saturating_sub(1))} aria-label="Previous step">{ "◀" }</button>
            <label class="step-slider">
                <span class="visually-hidden">{ "Step" }</span>
                <input type="range" min="0" max={n.to_string()} value={c.to_string()} oninput={oninput}
                       aria-valuetext={label.clone()} disabled={n == 0} />
            </label>
            <button type="button" class="small" disabled={c >= n} onclick={go(c + 1)} aria-label="Next step">{ "▶" }</button>
            <span class="step-label" aria-live="polite"><strong>{ format!("Step {c} of {n}") }</strong>{ ": " }{ label }</span>
            if !at.at_end() && !p.compact {
                <button type="button" class="small" onclick={go(n)}>{ "Go to latest" }</button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub d: Rc<Derived>,
    pub on_cursor: Callback<usize>,
}

#[component]
pub fn Timeline(p: &TimelineProps) -> Html {
    let answer = use_memo((p.d.clone(), TimelineQuery::default()), |(d, q)| {
        view::Timeline::of(d, q)
    });
    let cursor = answer.cursor;
    let select = |i: usize| {
        let on = p.on_cursor.clone();
        Callback::from(move |_: MouseEvent| on.emit(i))
    };
    html! {
        <section class="view timeline-view" aria-labelledby="timeline-h">
            <h2 id="timeline-h">{ "Timeline" }</h2>
            <p class="lead">{ "Every step of the scenario; every edit you make is a new step. Select a step to see the tenant just after it." }</p>
            { seats_chart(&answer.chart, cursor) }
            <div class="split">
                <div class="list-pane">
                    <ol class="steps" start="0">
                        <li class={classes!((cursor == 0).then_some("current"))}>
                            <button type="button" class="step-btn" aria-current={(cursor == 0).then_some("step")} onclick={select(0)}>
                                <span class="step-no">{ "0" }</span>{ " Starting tenant" }
                            </button>
                        </li>
                        { for answer.steps.iter().enumerate().map(|(i, step)| {
                            let current = cursor == i + 1;
                            let rejected = step.outcome.state == view::Outcome::Rejected;
                            html! {
                                <li class={classes!(current.then_some("current"), rejected.then_some("rejected"))}>
                                    <button type="button" class="step-btn" aria-current={current.then_some("step")} onclick={select(i + 1)}>
                                        <span class="step-no">{ i + 1 }</span>
                                        { " " }{ &step.text }
                                        if let Some(note) = &step.note { <span class="sub">{ format!(" · {note}") }</span> }
                                    </button>
                                    { outcome_meta(&step.outcome) }
                                </li>
                            }
                        }) }
                    </ol>
                </div>
                <div class="detail-pane">
                    { answer.detail.as_ref().map_or_else(Html::default, step_detail) }
                </div>
            </div>
        </section>
    }
}

/// A step's badge and counts, as a step list shows them beside the step (the Timeline's and the
/// plan view's).
pub fn outcome_meta(o: &StepOutcome) -> Html {
    let (gained, lost) = (o.gained, o.lost);
    html! {
        <span class="step-meta">
            { state_badge(o.state.as_str()) }
            if gained > 0 { <span class="gain">{ format!(" +{}", count(gained, "plan")) }</span> }
            if lost > 0 { <span class="loss">{ format!(" −{}", count(lost, "plan")) }</span> }
            if o.errors_made > 0 { <span class="loss errors-made">{ format!(" +{}", count(o.errors_made, "error")) }</span> }
            if o.errors_cleared > 0 { <span class="gain errors-cleared">{ format!(" −{}", count(o.errors_cleared, "error")) }</span> }
        </span>
    }
}

/// What the step at the cursor did: rejection and advice, or plans gained and lost per user.
fn step_detail(detail: &StepDetail) -> Html {
    let step = match detail {
        StepDetail::Start(start) => {
            return html! {
                <article class="detail">
                    <h3>{ "Starting tenant" }</h3>
                    <p>{ format!("{}, {}, {}. {} follow.", count(start.products, "product"), count(start.users, "user"), count(start.groups, "group"), count(start.steps, "step")) }</p>
                    if !start.description.is_empty() { <p>{ &start.description }</p> }
                    <p class="muted">{ format!("{} from building it.", count_as(start.audit_entries, "audit entry", "audit entries")) }</p>
                    { error_table("Errors in the starting tenant", "start-errors", &start.errors) }
                </article>
            };
        }
        StepDetail::Step(step) => step,
    };
    let rejected = matches!(step.effect, StepEffect::Rejected { .. });
    html! {
        <article class="detail step-detail" aria-labelledby="step-detail-h">
            <h3 id="step-detail-h">{ format!("Step {}: {}", step.number, step.text) }</h3>
            if let Some(note) = &step.note { <p class="note">{ note }</p> }
            <p><code>{ &step.op }</code>{ " " }{ state_badge(if rejected { "rejected" } else { "applied" }) }</p>
            { match &step.effect {
                StepEffect::Rejected { code, message, advice } => html! {
                    <div class="rejection" role="note">
                        <p><strong>{ code }</strong>{ ": " }{ message }</p>
                        if let Some(a) = advice { <p class="hint">{ "What to do: " }{ a }</p> }
                        <p class="muted">{ "A rejected step changes nothing. Undo removes it." }</p>
                    </div>
                },
                StepEffect::Unchanged => html! { <p class="muted">{ "No user gained or lost a service plan." }</p> },
                StepEffect::Changed(changes) => {
                    let (gained, lost, really_lost) = (changes.gained, changes.lost, changes.lost_for_good);
                    html! {
                        <>
                        <p>{ format!("{}: {} gained, {lost} lost", count(changes.changes, "change"), count(gained, "plan")) }
                            { if really_lost < lost { format!(" ({} of them still enabled through another product).", lost - really_lost) } else { ".".to_owned() } }
                            if really_lost > 0 { { " " }<span class="badge bad">{ format!("✕ {} lost: possible loss of service or data", count(really_lost, "plan")) }</span> }</p>
                        <table class="grid changes stack">
                            <caption class="visually-hidden">{ "Plans gained and lost" }</caption>
                            <thead><tr><th scope="col">{ "User" }</th><th scope="col">{ "Product" }</th><th scope="col">{ "Gained" }</th><th scope="col">{ "Lost" }</th></tr></thead>
                            <tbody>
                            { for changes.rows.iter().map(|c| html! {
                                <tr class={classes!((!c.lost.is_empty()).then_some("loss-row"))}>
                                    <th scope="row">{ &c.user }</th>
                                    <td data-label="Product">{ &c.product }</td>
                                    <td class="gain" data-label="Gained">{ if c.gained.is_empty() { String::new() } else { format!("+ {}", c.gained.join(", ")) } }</td>
                                    <td class="loss" data-label="Lost">
                                        if !c.lost.is_empty() { <strong>{ "− " }</strong>{ c.lost.join(", ") }<span class="visually-hidden">{ " (lost)" }</span> }
                                        if !c.kept.is_empty() { <div class="kept">{ format!("− {} (still enabled through another product)", c.kept.join(", ")) }</div> }
                                        if !c.services.is_empty() { <div class="kept services">{ &c.services }</div> }
                                    </td>
                                </tr>
                            }) }
                            </tbody>
                        </table>
                        if changes.changes > changes.rows.len() { <p class="muted">{ format!("and {} more rows (export the result for all)", changes.changes - changes.rows.len()) }</p> }
                        </>
                    }
                }
            } }
            { error_table("Errors this step made", "errors-made", &step.errors_made) }
            { error_table("Errors this step cleared", "errors-cleared", &step.errors_cleared) }
            <details>
                <summary>{ format!("Audit entries of this step ({})", step.audit_total) }</summary>
                <ul class="compact">
                    { for step.audit.iter().map(|a| html! {
                        <li>{ &a.activity }{ " · " }{ &a.target }{ " · " }{ &a.result }</li>
                    }) }
                </ul>
            </details>
        </article>
    }
}

/// Rows in error (made or cleared by a step, or in the starting tenant), with the reason each
/// row has now when it is still in error.
fn error_table(title: &str, class: &'static str, errors: &ErrorTable) -> Html {
    if errors.total == 0 {
        return html! {};
    }
    html! {
        <section class={classes!("step-errors", class)}>
            <h4>{ format!("{title} ({})", errors.total) }</h4>
            <table class="grid stack">
                <thead><tr><th scope="col">{ "User" }</th><th scope="col">{ "Product and path" }</th><th scope="col">{ "Error" }</th></tr></thead>
                <tbody>
                { for errors.rows.iter().map(|e| html! {
                    <tr>
                        <th scope="row">{ &e.user }</th>
                        <td data-label="Product and path">{ &e.product }<span class="sub">{ format!(" · {}", e.path) }</span></td>
                        <td data-label="Error"><code>{ &e.code }</code>if !e.reason.is_empty() { <div class="sub">{ &e.reason }</div> }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            if errors.total > errors.rows.len() { <p class="muted">{ format!("and {} more", errors.total - errors.rows.len()) }</p> }
        </section>
    }
}

const PALETTE: &[&str] = &[
    "#0f6cbd", "#c239b3", "#107c10", "#d83b01", "#5c2e91", "#008575", "#986f0b", "#4f6bed",
    "#c50f1f", "#393939",
];

/// Seats consumed per product over the steps, as a small SVG line chart with a text legend.
fn seats_chart(chart: &SeatsChart, cursor: usize) -> Html {
    if chart.products.is_empty() {
        return html! {};
    }
    let (n, max) = (chart.steps, chart.max);
    let (w, h, pad_l, pad_b, pad_t) = (640.0, 160.0, 40.0, 20.0, 8.0);
    let x = |i: usize| pad_l + (w - pad_l - 8.0) * if n == 0 { 0.0 } else { i as f64 / n as f64 };
    let y = |v: u32| pad_t + (h - pad_t - pad_b) * (1.0 - f64::from(v) / f64::from(max));
    let cursor_x = x(cursor);
    let summary = chart
        .products
        .iter()
        .map(|p| {
            format!(
                "{}: {} at the start, {} at the end",
                p.name,
                p.start(),
                p.end()
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        <figure class="chart">
            <svg viewBox={format!("0 0 {w} {h}")} role="img" aria-label={format!("Seats consumed per product over {n} steps. {summary}")} preserveAspectRatio="none">
                <line x1={pad_l.to_string()} y1={y(0).to_string()} x2={(w - 8.0).to_string()} y2={y(0).to_string()} class="axis" />
                <line x1={pad_l.to_string()} y1={y(max).to_string()} x2={(w - 8.0).to_string()} y2={y(max).to_string()} class="grid-line" />
                <text x={(pad_l - 4.0).to_string()} y={(y(max) + 4.0).to_string()} class="tick" text-anchor="end">{ max }</text>
                <text x={(pad_l - 4.0).to_string()} y={(y(0) + 4.0).to_string()} class="tick" text-anchor="end">{ "0" }</text>
                <line x1={cursor_x.to_string()} y1={pad_t.to_string()} x2={cursor_x.to_string()} y2={y(0).to_string()} class="cursor-line" />
                { for chart.products.iter().enumerate().map(|(s, p)| {
                    let points = p.consumed.iter().enumerate().map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v))).collect::<Vec<_>>().join(" ");
                    html! { <polyline points={points} fill="none" stroke={PALETTE[s % PALETTE.len()]} stroke-width="2" /> }
                }) }
            </svg>
            <figcaption>
                <span class="muted">{ "Seats consumed per product, step 0 to " }{ n }{ ". " }</span>
                { for chart.products.iter().enumerate().map(|(s, p)| html! {
                    <span class="legend"><span class="swatch" style={format!("background:{}", PALETTE[s % PALETTE.len()])}></span>
                        { format!("{} ({} → {})", p.name, p.start(), p.end()) }</span>
                }) }
            </figcaption>
        </figure>
    }
}

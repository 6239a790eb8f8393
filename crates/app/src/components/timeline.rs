//! The timeline: every step of the scenario (every edit in the UI is one), what each changed (plans
//! gained and lost, errors made and cleared), and a chart of seats consumed per product over the steps.

use std::rc::Rc;

use licenselab_engine::advice;
use yew::prelude::*;

use super::common::*;
use crate::model::problems::{error_keys, ErrorKey};
use crate::model::queries::{
    change_counts, describe_step, plan_names, row_reason, sku_name, source_label,
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
    let n = p.d.step_count();
    let c = p.d.cursor;
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
    let label = step_label(&p.d, c);
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
            if !p.d.at_end() && !p.compact {
                <button type="button" class="small" onclick={go(n)}>{ "Go to latest" }</button>
            }
        </div>
    }
}

/// "Starting tenant" or the step's description (the one just run at `cursor`).
pub fn step_label(d: &Derived, cursor: usize) -> String {
    if cursor == 0 {
        return "the starting tenant".into();
    }
    let step = &d.scenario.steps[cursor - 1];
    let mut text = describe_step(d.full.tenant(), d, &step.action);
    if let Some(note) = &step.note {
        text = format!("{text} ({note})");
    }
    if let Some(Err(r)) = d.reports().get(cursor - 1).map(|r| &r.outcome) {
        text = format!("{text}: rejected, {}", r.code);
    }
    text
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub d: Rc<Derived>,
    pub on_cursor: Callback<usize>,
}

#[component]
pub fn Timeline(p: &TimelineProps) -> Html {
    let d = &p.d;
    let t = d.full.tenant();
    let select = |i: usize| {
        let on = p.on_cursor.clone();
        Callback::from(move |_: MouseEvent| on.emit(i))
    };
    html! {
        <section class="view timeline-view" aria-labelledby="timeline-h">
            <h2 id="timeline-h">{ "Timeline" }</h2>
            <p class="lead">{ "Every step of the scenario; every edit you make is a new step. Select a step to see the tenant just after it." }</p>
            <SeatsChart d={d.clone()} />
            <div class="split">
                <div class="list-pane">
                    <ol class="steps" start="0">
                        <li class={classes!((d.cursor == 0).then_some("current"))}>
                            <button type="button" class="step-btn" aria-current={(d.cursor == 0).then_some("step")} onclick={select(0)}>
                                <span class="step-no">{ "0" }</span>{ " Starting tenant" }
                            </button>
                        </li>
                        { for d.scenario.steps.iter().enumerate().map(|(i, step)| {
                            let outcome = StepOutcome::of(d, i);
                            let current = d.cursor == i + 1;
                            html! {
                                <li class={classes!(current.then_some("current"), (outcome.state == "rejected").then_some("rejected"))}>
                                    <button type="button" class="step-btn" aria-current={current.then_some("step")} onclick={select(i + 1)}>
                                        <span class="step-no">{ i + 1 }</span>
                                        { " " }{ describe_step(t, d, &step.action) }
                                        if let Some(note) = &step.note { <span class="sub">{ format!(" · {note}") }</span> }
                                    </button>
                                    { outcome.meta() }
                                </li>
                            }
                        }) }
                    </ol>
                </div>
                <div class="detail-pane">
                    <StepDetail d={d.clone()} />
                </div>
            </div>
        </section>
    }
}

/// What the engine did with step `i` of a scenario: applied or rejected, and the plans gained and
/// lost (the Timeline's and the plan view's step lists).
pub struct StepOutcome {
    /// "applied", "rejected", or "" for a step not run.
    pub state: &'static str,
    pub gained: usize,
    pub lost: usize,
    /// Rows the step put into error, and took out of it.
    pub errors_made: usize,
    pub errors_cleared: usize,
}

impl StepOutcome {
    pub fn of(d: &Derived, i: usize) -> StepOutcome {
        let (state, gained, lost) = match d.reports().get(i).map(|r| &r.outcome) {
            Some(Ok(changes)) => {
                let (g, l) = change_counts(changes);
                ("applied", g, l)
            }
            Some(Err(_)) => ("rejected", 0, 0),
            None => ("", 0, 0),
        };
        let errors = d.error_changes.get(i);
        StepOutcome {
            state,
            gained,
            lost,
            errors_made: errors.map_or(0, |e| e.appeared.len()),
            errors_cleared: errors.map_or(0, |e| e.cleared.len()),
        }
    }

    /// The badge and the counts, as a step list shows them beside the step.
    pub fn meta(&self) -> Html {
        let (gained, lost) = (self.gained, self.lost);
        html! {
            <span class="step-meta">
                { state_badge(self.state) }
                if gained > 0 { <span class="gain">{ format!(" +{}", count(gained, "plan")) }</span> }
                if lost > 0 { <span class="loss">{ format!(" −{}", count(lost, "plan")) }</span> }
                if self.errors_made > 0 { <span class="loss errors-made">{ format!(" +{}", count(self.errors_made, "error")) }</span> }
                if self.errors_cleared > 0 { <span class="gain errors-cleared">{ format!(" −{}", count(self.errors_cleared, "error")) }</span> }
            </span>
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct StepDetailProps {
    pub d: Rc<Derived>,
}

/// What the step at the cursor did: rejection and advice, or plans gained and lost per user.
#[component]
pub fn StepDetail(p: &StepDetailProps) -> Html {
    let d = &p.d;
    if d.cursor == 0 {
        let t = d.tenant();
        return html! {
            <article class="detail">
                <h3>{ "Starting tenant" }</h3>
                <p>{ format!("{}, {}, {}. {} follow.", count(d.live_skus().len(), "product"), count(d.live_users().len(), "user"), count(d.live_groups().len(), "group"), count(d.step_count(), "step")) }</p>
                if !d.scenario.description.is_empty() { <p>{ &d.scenario.description }</p> }
                <p class="muted">{ format!("{} from building it.", count_as(t.audit().len(), "audit entry", "audit entries")) }</p>
                { error_table(d, "Errors in the starting tenant", "start-errors", &error_keys(t)) }
            </article>
        };
    }
    let i = d.cursor - 1;
    let t = d.full.tenant();
    let Some(report) = d.reports().get(i) else {
        return html! {};
    };
    let step = &d.scenario.steps[i];
    html! {
        <article class="detail step-detail" aria-labelledby="step-detail-h">
            <h3 id="step-detail-h">{ format!("Step {}: {}", i + 1, describe_step(t, d, &step.action)) }</h3>
            if let Some(note) = &step.note { <p class="note">{ note }</p> }
            <p><code>{ report.op }</code>{ " " }{ state_badge(if report.outcome.is_ok() { "applied" } else { "rejected" }) }</p>
            { match &report.outcome {
                Err(r) => html! {
                    <div class="rejection" role="note">
                        <p><strong>{ r.code.as_str() }</strong>{ ": " }{ &r.message }</p>
                        if let Some(a) = advice(&r.code) { <p class="hint">{ "What to do: " }{ a }</p> }
                        <p class="muted">{ "A rejected step changes nothing. Undo removes it." }</p>
                    </div>
                },
                Ok(changes) if changes.is_empty() => html! { <p class="muted">{ "No user gained or lost a service plan." }</p> },
                Ok(changes) => {
                    let (gained, lost) = change_counts(changes);
                    let after = d.tenant();
                    let really_lost: usize = changes.iter().map(|c| after.losses(c).0.len()).sum();
                    html! {
                        <>
                        <p>{ format!("{}: {} gained, {lost} lost", count(changes.len(), "change"), count(gained, "plan")) }
                            { if really_lost < lost { format!(" ({} of them still enabled through another product).", lost - really_lost) } else { ".".to_owned() } }
                            if really_lost > 0 { { " " }<span class="badge bad">{ format!("✕ {} lost: possible loss of service or data", count(really_lost, "plan")) }</span> }</p>
                        <table class="grid changes stack">
                            <caption class="visually-hidden">{ "Plans gained and lost" }</caption>
                            <thead><tr><th scope="col">{ "User" }</th><th scope="col">{ "Product" }</th><th scope="col">{ "Gained" }</th><th scope="col">{ "Lost" }</th></tr></thead>
                            <tbody>
                            { for changes.iter().take(300).map(|c| {
                                let (lost, kept) = after.losses(c);
                                let services = after.service_losses(c);
                                html! {
                                <tr class={classes!((!lost.is_empty()).then_some("loss-row"))}>
                                    <th scope="row">{ t.user(c.user).display_name() }</th>
                                    <td data-label="Product">{ sku_name(t, c.sku) }</td>
                                    <td class="gain" data-label="Gained">{ if c.gained.is_empty() { String::new() } else { format!("+ {}", plan_names(t, c.sku, c.gained).join(", ")) } }</td>
                                    <td class="loss" data-label="Lost">
                                        if !lost.is_empty() { <strong>{ "− " }</strong>{ lost.join(", ") }<span class="visually-hidden">{ " (lost)" }</span> }
                                        if !kept.is_empty() { <div class="kept">{ format!("− {} (still enabled through another product)", kept.join(", ")) }</div> }
                                        if !services.is_empty() { <div class="kept services">{ service_words(&services) }</div> }
                                    </td>
                                </tr>
                            } }) }
                            </tbody>
                        </table>
                        if changes.len() > 300 { <p class="muted">{ format!("and {} more rows (export the result for all)", changes.len() - 300) }</p> }
                        </>
                    }
                }
            } }
            if let Some(errors) = d.error_changes.get(i) {
                { error_table(d, "Errors this step made", "errors-made", &errors.appeared) }
                { error_table(d, "Errors this step cleared", "errors-cleared", &errors.cleared) }
            }
            <details>
                <summary>{ format!("Audit entries of this step ({})", report.audit.len()) }</summary>
                <ul class="compact">
                    { for t.audit()[report.audit.clone()].iter().take(100).map(|a| html! {
                        <li>{ a.activity().as_str() }{ " · " }{ t.audit_target_id(a.target()) }{ " · " }{ crate::model::queries::audit_text(t, a) }</li>
                    }) }
                </ul>
            </details>
        </article>
    }
}

/// Rows in error (made or cleared by a step, or in the starting tenant), with the reason each
/// row has now when it is still in error.
fn error_table(d: &Derived, title: &str, class: &'static str, keys: &[ErrorKey]) -> Html {
    if keys.is_empty() {
        return html! {};
    }
    let t = d.full.tenant();
    let now = d.tenant();
    html! {
        <section class={classes!("step-errors", class)}>
            <h4>{ format!("{title} ({})", keys.len()) }</h4>
            <table class="grid stack">
                <thead><tr><th scope="col">{ "User" }</th><th scope="col">{ "Product and path" }</th><th scope="col">{ "Error" }</th></tr></thead>
                <tbody>
                { for keys.iter().take(300).map(|(u, s, source, code)| {
                    let reason = now.user(*u).rows().iter()
                        .find(|r| r.sku() == *s && r.source() == *source && r.state().is_error())
                        .map(|r| row_reason(now, r))
                        .unwrap_or_default();
                    html! {
                        <tr>
                            <th scope="row">{ t.user(*u).display_name() }</th>
                            <td data-label="Product and path">{ sku_name(t, *s) }<span class="sub">{ format!(" · {}", source_label(t, *source)) }</span></td>
                            <td data-label="Error"><code>{ *code }</code>if !reason.is_empty() { <div class="sub">{ reason }</div> }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            if keys.len() > 300 { <p class="muted">{ format!("and {} more", keys.len() - 300) }</p> }
        </section>
    }
}

/// The services behind a change's lost plans, as the loss view says them: a plan id can go while
/// its service stays (Exchange Online Plan 2 replaces Plan 1, and the mailbox stays).
fn service_words(services: &[licenselab_engine::ServiceLoss]) -> String {
    let words: Vec<String> = services
        .iter()
        .map(|s| {
            let graph = s
                .graph_service
                .map_or(String::new(), |g| format!(", Graph: {g}"));
            let state = if s.still_provided {
                "still provided"
            } else {
                "service lost"
            };
            format!("{} ({state}{graph})", s.service)
        })
        .collect();
    format!("Services: {}", words.join("; "))
}

const PALETTE: &[&str] = &[
    "#0f6cbd", "#c239b3", "#107c10", "#d83b01", "#5c2e91", "#008575", "#986f0b", "#4f6bed",
    "#c50f1f", "#393939",
];

/// Seats consumed per product over the steps, as a small SVG line chart with a text legend.
#[component]
pub fn SeatsChart(p: &StepDetailProps) -> Html {
    let d = &p.d;
    let t = d.full.tenant();
    let n = d.reports().len();
    let skus = t.skus().len();
    if skus == 0 {
        return html! {};
    }
    let series: Vec<Vec<u32>> = (0..skus)
        .map(|s| {
            std::iter::once(d.start_consumed(s))
                .chain(
                    d.reports()
                        .iter()
                        .map(|r| r.consumed_after.get(s).copied().unwrap_or(0)),
                )
                .collect()
        })
        .collect();
    let max = series
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(t.skus().iter().map(|s| t.assignable(s)).max().unwrap_or(0))
        .max(1);
    let (w, h, pad_l, pad_b, pad_t) = (640.0, 160.0, 40.0, 20.0, 8.0);
    let x = |i: usize| pad_l + (w - pad_l - 8.0) * if n == 0 { 0.0 } else { i as f64 / n as f64 };
    let y = |v: u32| pad_t + (h - pad_t - pad_b) * (1.0 - f64::from(v) / f64::from(max));
    let cursor_x = x(d.cursor);
    let summary = t
        .skus()
        .iter()
        .enumerate()
        .map(|(s, sku)| {
            format!(
                "{}: {} at the start, {} at the end",
                sku.display_name(),
                series[s][0],
                series[s][n]
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
                { for series.iter().enumerate().map(|(s, values)| {
                    let points = values.iter().enumerate().map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v))).collect::<Vec<_>>().join(" ");
                    html! { <polyline points={points} fill="none" stroke={PALETTE[s % PALETTE.len()]} stroke-width="2" /> }
                }) }
            </svg>
            <figcaption>
                <span class="muted">{ "Seats consumed per product, step 0 to " }{ n }{ ". " }</span>
                { for t.skus().iter().enumerate().map(|(s, sku)| html! {
                    <span class="legend"><span class="swatch" style={format!("background:{}", PALETTE[s % PALETTE.len()])}></span>
                        { format!("{} ({} → {})", sku.display_name(), series[s][0], series[s][n]) }</span>
                }) }
            </figcaption>
        </figure>
    }
}

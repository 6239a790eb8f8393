//! The embed view: a compact, read-only look at a scenario for documentation pages, reusing the
//! app's tables and its state (`state::reduce`: opening, moving the cursor, the table shown). The
//! scenario comes compressed in the URL (`#s=...`) or from a file (`?src=URL`).

use yew::prelude::*;

use licenselab_engine::UserIx;

use super::common::*;
use super::groups::GroupsTable;
use super::products::ProductsTable;
use super::timeline::StepBar;
use super::users::UsersTable;
use crate::browser::{fetch_text, location_hash, location_search, observe_height};
use crate::loading::load_in_portions;
use crate::model::queries::{error_label, row_reason, sku_name, source_label, user_licenses};
use crate::model::Derived;
use crate::share;
use crate::state::{Action, AppState, Open, Tab, ViewState};

/// The largest scenario file an embed fetches (characters).
const MAX_SOURCE_CHARS: usize = 20_000_000;

/// Where the embed's scenario comes from, read from the page's URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbedSource {
    Inline(String),
    Url(String),
    Missing,
}

pub fn embed_source(hash: &str, search: &str) -> EmbedSource {
    if let Some(s) = share::param(hash, share::SCENARIO_KEY)
        .or_else(|| share::param(search, share::SCENARIO_KEY))
    {
        return EmbedSource::Inline(s);
    }
    match share::param(search, "src").or_else(|| share::param(hash, "src")) {
        Some(url) => EmbedSource::Url(url),
        None => EmbedSource::Missing,
    }
}

/// A `src` the embed may fetch: http(s) or a relative path; never `javascript:` or `data:`.
pub fn allowed_source(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') => scheme == "https" || scheme == "http",
        _ => !lower.is_empty(),
    }
}

const TABLES: [(Tab, &str); 3] = [
    (Tab::Users, "Users"),
    (Tab::Groups, "Groups"),
    (Tab::Products, "Products"),
];

#[component]
pub fn EmbedApp() -> Html {
    let state = use_reducer(|| {
        ViewState(AppState {
            tab: Tab::Users,
            ..AppState::default()
        })
    });
    let link = use_state(String::new);
    // The user whose licenses are opened below the table: a reader sees why a row says Error.
    let opened = use_state(|| None::<String>);
    {
        let (state, link) = (state.dispatcher(), link.clone());
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                let (hash, search) = (location_hash(), location_search());
                let step = share::param(&search, "step")
                    .or_else(|| share::param(&hash, "step"))
                    .and_then(|s| s.parse::<usize>().ok());
                let text = match embed_source(&hash, &search) {
                    EmbedSource::Inline(s) => share::decompress(&s).map_err(|m| ("This embed's link is damaged".to_owned(), m)),
                    EmbedSource::Url(url) if !allowed_source(&url) => Err(("This embed's scenario address is not allowed".into(), format!("“{url}” is not an http(s) or relative address."))),
                    EmbedSource::Url(url) => fetch_text(&url).await.map_err(|m| ("Could not load the scenario file".to_owned(), m))
                        .and_then(|t| if t.len() > MAX_SOURCE_CHARS { Err(("The scenario file is too large".into(), format!("{} characters; an embed shows at most {MAX_SOURCE_CHARS}.", t.len()))) } else { Ok(t) }),
                    EmbedSource::Missing => Err(("No scenario to show".into(), "Add #s=<compressed scenario> or ?src=<scenario file URL> to this page's address.".into())),
                };
                // A big tenant is built in portions, the page kept responsive and the progress shown.
                // The embed's binary has no regex: a scenario that may use -match fetches it first.
                #[cfg(not(feature = "regex"))]
                let text = match text {
                    Ok(t) => crate::matcher::prepare(&t)
                        .await
                        .map(|()| t)
                        .map_err(|m| ("This scenario could not be loaded".to_owned(), m)),
                    Err(e) => Err(e),
                };
                let loaded = match text {
                    Ok(t) => load_in_portions(&t, |m| state.dispatch(Action::Busy(Some(m))))
                        .await
                        .map_err(|m| ("This scenario could not be loaded".into(), m)),
                    Err(e) => Err(e),
                };
                match loaded {
                    Ok((scenario, simulation)) => {
                        let compact = serde_json::to_string(&scenario).unwrap_or_default();
                        link.set(share::compress(&compact));
                        state.dispatch(Action::open(Open {
                            step: step.unwrap_or(usize::MAX),
                            ..Open::new(scenario, Some(simulation))
                        }));
                    }
                    Err((title, message)) => state.dispatch(Action::Failed(title, message)),
                }
            });
        });
    }
    // Report the height to the embedding page whenever it changes (the observer also reports it
    // once when it starts).
    use_effect_with((), |_| observe_height());
    let on_cursor = {
        let state = state.dispatcher();
        Callback::from(move |c: usize| state.dispatch(Action::Cursor(c)))
    };
    let body = match (&state.derived, &state.failure) {
        (None, None) => {
            html! { <p class="loading" role="status">{ state.busy.as_deref().unwrap_or("Loading the scenario…") }</p> }
        }
        (None, Some((title, message))) => {
            html! { <ErrorBox title={title.clone()} message={message.clone()} /> }
        }
        (Some(d), _) => {
            let on_open = {
                let opened = opened.clone();
                Callback::from(move |id: Option<String>| opened.set(id))
            };
            let view = ViewProps {
                d: d.clone(),
                on_edit: None,
                selected: None,
                on_select: None,
                on_navigate: None,
                on_options: None,
                drafts: None,
            };
            let current = TABLES
                .iter()
                .position(|(t, _)| *t == state.tab)
                .unwrap_or(0);
            let on_tab_key = {
                let state = state.dispatcher();
                Callback::from(move |e: KeyboardEvent| {
                    if let Some(next) = tab_key(&e, current, TABLES.len(), "embed-tab-") {
                        state.dispatch(Action::Tab(TABLES[next].0));
                    }
                })
            };
            let full_app = format!("./#{}={}", share::SCENARIO_KEY, *link);
            html! {
                <>
                    <header class="embed-head">
                        <div>
                            <h1 class="embed-title" title={d.scenario.name.clone()}>{ if d.scenario.name.is_empty() { "Scenario" } else { d.scenario.name.as_str() } }</h1>
                            if !d.scenario.description.is_empty() { <p class="embed-desc">{ &d.scenario.description }</p> }
                        </div>
                        <a class="open-full" href={full_app} target="_blank" rel="noopener">{ "Open in licenselab ↗" }</a>
                    </header>
                    <StepBar d={d.clone()} on_cursor={on_cursor} compact=true />
                    <div class="tabs" role="tablist" aria-label="Tables" onkeydown={on_tab_key}>
                        { for TABLES.iter().enumerate().map(|(i, (t, label))| {
                            let (state, t) = (state.dispatcher(), *t);
                            tab_button(i, "embed-tab-", "embed-panel", label, i == current, Callback::from(move |_| state.dispatch(Action::Tab(t))))
                        }) }
                    </div>
                    <div role="tabpanel" id="embed-panel" class="embed-table" aria-labelledby={format!("embed-tab-{current}")}>
                        { match TABLES[current].0 {
                            Tab::Groups => html! { <GroupsTable ..view.clone() /> },
                            Tab::Products => html! { <ProductsTable ..view.clone() /> },
                            _ => html! { <>
                                <UsersTable view={ViewProps { selected: opened.as_deref().map(AttrValue::from), on_select: Some(on_open.clone()), ..view.clone() }} height={300} />
                                if let Some(u) = opened.as_deref().and_then(|id| d.user_ix(id)).filter(|u| d.is_live_user(*u)) {
                                    { user_why(d, u, &on_open) }
                                }
                            </> },
                        } }
                    </div>
                    <p class="embed-foot">{ "Simulated by licenselab: Entra ID group-based licensing, step by step." }</p>
                </>
            }
        }
    };
    html! { <main class="embed">{ body }</main> }
}

/// An opened user's licenses in the embed, path by path: the state, the error as the portal names
/// it with its code, and why, with what to do.
fn user_why(d: &Derived, u: UserIx, on_open: &Callback<Option<String>>) -> Html {
    let t = d.tenant();
    let user = t.user(u);
    let close = {
        let on_open = on_open.clone();
        Callback::from(move |_: MouseEvent| on_open.emit(None))
    };
    let licenses = user_licenses(t, u);
    html! {
        <section class="embed-why" aria-labelledby="embed-why-h">
            <div class="embed-why-head">
                <h2 id="embed-why-h" title={user.display_name().to_owned()}>{ user.display_name() }</h2>
                <button type="button" class="small" onclick={close} aria-label={format!("Close: {}", user.display_name())}>{ "✕" }</button>
            </div>
            if licenses.is_empty() { <p class="muted">{ "No licenses." }</p> }
            <ul class="why-list">
                { for licenses.iter().flat_map(|lic| lic.rows.iter().map(move |row| (lic.sku, row))).map(|(sku, row)| {
                    let code = row.error().as_str();
                    let reason = row_reason(t, row);
                    html! {
                        <li>
                            <strong>{ sku_name(t, sku) }</strong>{ " · " }{ source_label(t, row.source()) }{ " " }{ state_badge(row.state().as_str()) }
                            if code != "None" {
                                <div>{ error_label(code).unwrap_or_default() }{ " " }<code>{ code }</code></div>
                            }
                            if !reason.is_empty() { <p class="hint">{ reason }</p> }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

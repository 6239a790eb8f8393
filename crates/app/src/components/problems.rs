//! The problems view: every user with a license error or pending work at the cursor, counted by
//! product and by reason, each error with whether a reprocess would clear it now (the engine
//! reprocesses a copy to tell) and, when it would, a Reprocess beside it; one button reprocesses
//! every user that would now succeed. The organization's settings sit below, since a usage
//! location is often the cause.

use licenselab_engine::{Action, UserIx};
use yew::prelude::*;

use super::common::*;
use super::organization::{OrganizationChange, OrganizationSettings};
use crate::model::problems::Problems;
use crate::model::queries::{error_label, isolate, sku_name, source_label};
use crate::state::Target;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub view: ViewProps,
    /// Steps to append, in order (a reprocess, or several).
    pub on_edits: Callback<Vec<Edit>>,
    pub on_organization: Callback<OrganizationChange>,
}

#[component]
pub fn ProblemsView(p: &ProblemsProps) -> Html {
    let d = p.view.d.clone();
    let problems = use_memo(d.clone(), |d| Problems::of(d));
    let t = d.tenant();
    let at_end = p.view.editor().is_some();
    let reprocess = |users: Vec<UserIx>| {
        let (on, ids): (_, Vec<String>) = (
            p.on_edits.clone(),
            users.iter().map(|u| t.user(*u).id().to_owned()).collect(),
        );
        Callback::from(move |_: MouseEvent| {
            on.emit(
                ids.iter()
                    .map(|id| {
                        Edit::new(Action::Reprocess {
                            user: Some(id.clone()),
                            group: None,
                        })
                    })
                    .collect(),
            )
        })
    };
    let go = |u: UserIx| {
        let (nav, id) = (p.view.on_navigate.clone(), t.user(u).id().to_owned());
        Callback::from(move |_: MouseEvent| {
            if let Some(nav) = &nav {
                nav.emit(Target::User(id.clone()))
            }
        })
    };
    let user_link = |u: UserIx| {
        html! {
            <button type="button" class="link" onclick={go(u)}>{ t.user(u).display_name() }</button>
        }
    };
    let errors = &problems.errors;
    let mut error_users: Vec<UserIx> = errors.iter().map(|e| e.user).collect();
    error_users.dedup();
    let clearing = errors
        .iter()
        .filter(|e| e.reprocess_clears == Some(true))
        .count();
    let all = problems.reprocess_all.clone();
    // Users each of whom a reprocess alone would help, but not all together (one seat, two users).
    let mut helped: Vec<UserIx> = errors
        .iter()
        .filter(|e| e.reprocess_clears == Some(true))
        .map(|e| e.user)
        .collect();
    helped.dedup();
    let competing = helped.iter().filter(|u| !all.contains(u)).count();

    html! {
        <section class="view problems-view" aria-labelledby="problems-h">
            <h2 id="problems-h">{ "Problems" }</h2>
            <p class="lead">{ "Every license error and every item of pending work in the tenant at this step. Nothing retries on its own: after a fix (seats bought, a usage location set) an error stays until the user is reprocessed. Whether a reprocess would clear an error now is worked out by reprocessing a copy of the tenant." }</p>
            if problems.is_empty() {
                <p class="problems-none"><span class="badge ok">{ "✓ No problems" }</span>{ " No user has a license error or pending work at this step." }</p>
            } else {
                <div class="problems-summary" role="status">
                    <p>
                        <strong>{ format!("{} in error", count(errors.len(), "license row")) }</strong>
                        { format!(" for {}", count(error_users.len(), "user")) }
                        if !problems.pending.is_empty() { { format!("; {} of pending work", count(problems.pending.len(), "item")) } }
                        { format!(". A reprocess would clear {clearing} of the errors now.") }
                    </p>
                    if competing > 0 {
                        <p class="muted">{ format!("Reprocessed one after another, {} would succeed: the others wait for the same seats.", count(all.len(), "user")) }</p>
                    }
                    if at_end && !all.is_empty() {
                        <button type="button" class="primary" id="reprocess-all" onclick={reprocess(all.clone())}>
                            { format!("Reprocess all that would now succeed ({})", count(all.len(), "user")) }</button>
                    }
                    if at_end && problems.reprocess_later > 0 {
                        <p class="muted">{ format!("{} more after these: press again once they are done.", count(problems.reprocess_later, "user")) }</p>
                    }
                    if !at_end { <p class="muted">{ "This is a past step: go to the latest step to reprocess." }</p> }
                    if problems.unchecked_users > 0 {
                        <p class="muted">{ format!("A reprocess was previewed for the first {} in error; {} more were not checked (to keep this view quick).", count(problems.previewed_users, "user"), problems.unchecked_users) }</p>
                    }
                </div>
                <div class="problems-counts">
                    <table class="grid by-product">
                        <caption>{ "By product" }</caption>
                        <thead><tr><th scope="col">{ "Product" }</th><th scope="col" class="n">{ "Errors" }</th><th scope="col" class="n">{ "Pending" }</th></tr></thead>
                        <tbody>
                        { for problems.by_product().into_iter().map(|(s, e, pending)| html! {
                            <tr><th scope="row">{ sku_name(t, s) }</th><td class="n">{ e }</td><td class="n">{ pending }</td></tr>
                        }) }
                        </tbody>
                    </table>
                    if !errors.is_empty() {
                        <table class="grid by-reason">
                            <caption>{ "By reason" }</caption>
                            <thead><tr><th scope="col">{ "Error" }</th><th scope="col" class="n">{ "Rows" }</th><th scope="col" class="n">{ "A reprocess clears now" }</th></tr></thead>
                            <tbody>
                            { for problems.by_reason().into_iter().map(|(code, n, clear)| html! {
                                <tr><th scope="row">{ entra_error_name(code) }</th><td class="n">{ n }</td><td class="n">{ clear }</td></tr>
                            }) }
                            </tbody>
                        </table>
                    }
                </div>
                if !errors.is_empty() {
                    <table class="grid problems-table">
                        <caption class="visually-hidden">{ "License rows in error" }</caption>
                        <thead><tr><th scope="col">{ "User" }</th><th scope="col">{ "Product and path" }</th><th scope="col">{ "Error and reason" }</th><th scope="col">{ "Reprocess" }</th></tr></thead>
                        <tbody>
                        { for errors.iter().take(500).map(|e| html! {
                            <tr class={classes!(match e.reprocess_clears { Some(true) => "would-clear", _ => "stays" })}>
                                <th scope="row">{ user_link(e.user) }</th>
                                <td>{ sku_name(t, e.sku) }<span class="sub">{ source_label(t, e.source) }</span></td>
                                <td>{ entra_error_name(e.code) }<div class="sub">{ &e.reason }</div></td>
                                <td><div class="reprocess-cell">
                                    { match e.reprocess_clears {
                                        Some(true) => html! {
                                            <>
                                            { clears_now_badge() }
                                            if at_end {
                                                <button type="button" class="small" onclick={reprocess(vec![e.user])}
                                                    aria-label={format!("Reprocess {}", isolate(t.user(e.user).display_name()))}>{ "Reprocess" }</button>
                                            }
                                            </>
                                        },
                                        Some(false) => html! { <span class="badge none">{ "A reprocess would not clear this yet" }</span> },
                                        None => html! { <span class="muted">{ "not checked" }</span> },
                                    } }
                                </div></td>
                            </tr>
                        }) }
                        </tbody>
                    </table>
                    if errors.len() > 500 { <p class="muted">{ format!("and {} more rows in error (export the users CSV for all)", errors.len() - 500) }</p> }
                }
                if !problems.pending.is_empty() {
                    <h3>{ "Pending work" }</h3>
                    <p class="muted">{ "What processing would still change in the imported state; a reprocess of the user does all of that user's items." }</p>
                    <table class="grid pending-table">
                        <thead><tr><th scope="col">{ "User" }</th><th scope="col">{ "Product" }</th><th scope="col">{ "What is pending" }</th><th scope="col">{ "Reprocess" }</th></tr></thead>
                        <tbody>
                        { for problems.pending.items().take(500).map(|item| html! {
                            <tr>
                                <th scope="row">{ item.user.map(user_link).unwrap_or_else(|| html! { <span class="muted">{ "the product" }</span> }) }</th>
                                <td>{ sku_name(t, item.sku) }
                                    if let Some(g) = item.group { <span class="sub">{ t.group(g).display_name() }</span> }</td>
                                <td>{ &item.reason }</td>
                                <td>
                                    if let (Some(u), true) = (item.user, at_end) {
                                        <button type="button" class="small" onclick={reprocess(vec![u])}
                                            aria-label={format!("Reprocess {}", isolate(t.user(u).display_name()))}>{ "Reprocess" }</button>
                                    }
                                </td>
                            </tr>
                        }) }
                        </tbody>
                    </table>
                }
            }
            <OrganizationSettings d={d.clone()} on_change={p.on_organization.clone()} />
        </section>
    }
}

/// An error as the Entra portal names it, with the code Graph reports (what an admin searches
/// for) beside it: "Not enough licenses CountViolation".
fn entra_error_name(code: &str) -> Html {
    html! {
        <>
            if let Some(label) = error_label(code) { { label }{ " " } }
            <code>{ code }</code>
        </>
    }
}

//! The problems view: every user with a license error or pending work at the cursor, counted by
//! product and by reason, each error with whether a reprocess would clear it now (the engine
//! reprocesses a copy to tell) and, when it would, a Reprocess beside it; one button reprocesses
//! every user that would now succeed. The organization's settings sit below, since a usage
//! location is often the cause.

use licenselab_engine::Action;
use yew::prelude::*;

use super::common::*;
use super::organization::{OrganizationChange, OrganizationSettings};
use crate::model::queries::{error_label, isolate};
use crate::model::views::{problems, ProblemsQuery, UserShown, Verdict, ROWS_SHOWN};
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
    let problems = use_memo((d.clone(), ProblemsQuery::default()), |(d, q)| {
        problems(d, q)
    });
    let at_end = p.view.editor().is_some();
    let reprocess = |ids: Vec<String>| {
        let on = p.on_edits.clone();
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
    let go = |id: &str| {
        let (nav, id) = (p.view.on_navigate.clone(), id.to_owned());
        Callback::from(move |_: MouseEvent| {
            if let Some(nav) = &nav {
                nav.emit(Target::User(id.clone()))
            }
        })
    };
    let user_link = |u: &UserShown| {
        html! {
            <button type="button" class="link" onclick={go(&u.id)}>{ &u.name }</button>
        }
    };
    let errors = &problems.errors;
    let all = problems.reprocess_all.clone();

    html! {
        <section class="view problems-view" aria-labelledby="problems-h">
            <h2 id="problems-h">{ "Problems" }</h2>
            <p class="lead">{ "Every license error and every item of pending work in the tenant at this step. Nothing retries on its own: after a fix (seats bought, a usage location set) an error stays until the user is reprocessed. Whether a reprocess would clear an error now is worked out by reprocessing a copy of the tenant." }</p>
            if problems.is_empty() {
                <p class="problems-none"><span class="badge ok">{ "✓ No problems" }</span>{ " No user has a license error or pending work at this step." }</p>
            } else {
                <div class="problems-summary" role="status">
                    <p>
                        <strong>{ format!("{} in error", count(problems.error_rows, "license row")) }</strong>
                        { format!(" for {}", count(problems.error_users, "user")) }
                        if problems.pending_items > 0 { { format!("; {} of pending work", count(problems.pending_items, "item")) } }
                        { format!(". A reprocess would clear {} of the errors now.", problems.clearing) }
                    </p>
                    if problems.competing > 0 {
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
                        { for problems.by_product.iter().map(|c| html! {
                            <tr><th scope="row">{ &c.product }</th><td class="n">{ c.errors }</td><td class="n">{ c.pending }</td></tr>
                        }) }
                        </tbody>
                    </table>
                    if problems.error_rows > 0 {
                        <table class="grid by-reason">
                            <caption>{ "By reason" }</caption>
                            <thead><tr><th scope="col">{ "Error" }</th><th scope="col" class="n">{ "Rows" }</th><th scope="col" class="n">{ "A reprocess clears now" }</th></tr></thead>
                            <tbody>
                            { for problems.by_reason.iter().map(|c| html! {
                                <tr><th scope="row">{ entra_error_name(&c.code) }</th><td class="n">{ c.rows }</td><td class="n">{ c.clears_now }</td></tr>
                            }) }
                            </tbody>
                        </table>
                    }
                </div>
                if problems.error_rows > 0 {
                    <table class="grid problems-table">
                        <caption class="visually-hidden">{ "License rows in error" }</caption>
                        <thead><tr><th scope="col">{ "User" }</th><th scope="col">{ "Product and path" }</th><th scope="col">{ "Error and reason" }</th><th scope="col">{ "Reprocess" }</th></tr></thead>
                        <tbody>
                        { for errors.iter().map(|e| html! {
                            <tr class={classes!(match e.verdict { Verdict::Clears => "would-clear", _ => "stays" })}>
                                <th scope="row">{ user_link(&e.user) }</th>
                                <td>{ &e.product }<span class="sub">{ &e.path }</span></td>
                                <td>{ entra_error_name(&e.code) }<div class="sub">{ &e.reason }</div></td>
                                <td><div class="reprocess-cell">
                                    { match e.verdict {
                                        Verdict::Clears => html! {
                                            <>
                                            { clears_now_badge() }
                                            if at_end {
                                                <button type="button" class="small" onclick={reprocess(vec![e.user.id.clone()])}
                                                    aria-label={format!("Reprocess {}", isolate(&e.user.name))}>{ "Reprocess" }</button>
                                            }
                                            </>
                                        },
                                        Verdict::Stays => html! { <span class="badge none">{ "A reprocess would not clear this yet" }</span> },
                                        Verdict::NotChecked => html! { <span class="muted">{ "not checked" }</span> },
                                    } }
                                </div></td>
                            </tr>
                        }) }
                        </tbody>
                    </table>
                    if problems.error_rows > ROWS_SHOWN { <p class="muted">{ format!("and {} more rows in error (export the users CSV for all)", problems.error_rows - ROWS_SHOWN) }</p> }
                }
                if problems.pending_items > 0 {
                    <h3>{ "Pending work" }</h3>
                    <p class="muted">{ "What processing would still change in the imported state; a reprocess of the user does all of that user's items." }</p>
                    <table class="grid pending-table">
                        <thead><tr><th scope="col">{ "User" }</th><th scope="col">{ "Product" }</th><th scope="col">{ "What is pending" }</th><th scope="col">{ "Reprocess" }</th></tr></thead>
                        <tbody>
                        { for problems.pending.iter().map(|item| html! {
                            <tr>
                                <th scope="row">{ item.user.as_ref().map(user_link).unwrap_or_else(|| html! { <span class="muted">{ "the product" }</span> }) }</th>
                                <td>{ &item.product }
                                    if let Some(g) = &item.group { <span class="sub">{ g }</span> }</td>
                                <td>{ &item.reason }</td>
                                <td>
                                    if let (Some(u), true) = (&item.user, at_end) {
                                        <button type="button" class="small" onclick={reprocess(vec![u.id.clone()])}
                                            aria-label={format!("Reprocess {}", isolate(&u.name))}>{ "Reprocess" }</button>
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

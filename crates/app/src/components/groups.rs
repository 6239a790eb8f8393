//! Groups: type and eligibility, members (static and dynamic), nesting, licenses with a switch per
//! service plan, processing state, members with errors, reprocess and delete.

use std::rc::Rc;

use licenselab_engine::{Action, AssignedLicenseDef, GroupDef, DYNAMIC_MEMBERSHIP};
use licenselab_engine::{GroupIx, GroupType, MemberRef, SkuIx, Source, Tenant};
use serde_json::{Map, Value};
use yew::prelude::*;

use super::common::*;
use super::rule_editor::RuleEditor;
use super::users::pending_badge;
use crate::model::problems::{clears_now, row_clears};
use crate::model::queries::{group_errors, sku_name};
use crate::model::Derived;
use crate::state::Target;

fn group_kind(t: &Tenant, g: GroupIx) -> String {
    let group = t.group(g);
    let membership = if group.is_dynamic() {
        "dynamic"
    } else {
        "assigned"
    };
    format!("{}, {membership}", group.group_type().as_str())
}

/// The groups nested below the last group of `path`, drawn as a tree. `path` holds the groups
/// above, so a cycle is shown once and marked, not followed; the depth is bounded so a deep chain
/// stays readable. `remove` adds a button to the first level (the group's own members).
fn nesting_tree(
    t: &Tenant,
    path: &mut Vec<GroupIx>,
    go: &dyn Fn(Target) -> Callback<MouseEvent>,
    remove: &dyn Fn(GroupIx) -> Html,
) -> Html {
    const MAX_DEPTH: usize = 6;
    let Some(&g) = path.last() else {
        return Html::default();
    };
    let children: Vec<GroupIx> = t.nested_groups(g).collect();
    if children.is_empty() {
        return Html::default();
    }
    if path.len() > MAX_DEPTH {
        return html! { <ul class="tree"><li class="sub">{ format!("… {} more levels of nesting", count(children.len(), "group")) }</li></ul> };
    }
    let first_level = path.len() == 1;
    html! {
        <ul class="tree">
            { for children.into_iter().map(|c| {
                let cycle = path.contains(&c);
                html! {
                    <li>
                        <span aria-hidden="true">{ "└ " }</span>
                        <button type="button" class="link" onclick={go(Target::Group(t.group(c).id().to_owned()))}>{ t.group(c).display_name() }</button>
                        if cycle {
                            <span class="sub">{ " (already above: a cycle, which is harmless)" }</span>
                        } else {
                            <span class="sub">{ format!(" {}", count(user_member_count(t, c), "user")) }</span>
                        }
                        if first_level { { remove(c) } }
                        if !cycle {
                            { { path.push(c); let inner = nesting_tree(t, path, go, &|_| Html::default()); path.pop(); inner } }
                        }
                    </li>
                }
            }) }
        </ul>
    }
}

fn user_member_count(t: &Tenant, g: GroupIx) -> usize {
    t.group(g).user_members().count()
}

/// The groups table, virtualised, with a search box (the embed view shows this too).
#[component]
pub fn GroupsTable(p: &ViewProps) -> Html {
    let filter = use_state(String::new);
    let t = p.d.tenant();
    let all = p.d.live_groups();
    let groups: Rc<Vec<GroupIx>> = Rc::new(
        all.iter()
            .copied()
            .filter(|g| matches_filter(&filter, &[t.group(*g).display_name(), t.group(*g).id()]))
            .collect(),
    );
    let head = html! { <tr>
        <th scope="col" class="c-name">{ "Group" }</th><th scope="col" class="c-type">{ "Membership" }</th><th scope="col" class="n c-members">{ "Users" }</th>
        <th scope="col" class="c-lic">{ "Licenses" }</th><th scope="col" class="c-status">{ "Status" }</th>
    </tr> };
    let row = {
        let (view, groups) = (p.clone(), groups.clone());
        Callback::from(move |i: usize| group_row(&view, view.d.tenant(), groups[i]))
    };
    html! {
        <div class="groups-table">
            if all.len() > 8 {
                <div class="table-tools">
                    <label>{ "Search groups " }
                        <input type="search" value={(*filter).clone()} placeholder="name or id"
                               oninput={let f = filter.clone(); move |e: InputEvent| f.set(input_event_value(&e))} />
                    </label>
                    <span class="muted">{ if groups.len() == all.len() { count(all.len(), "group") } else { format!("{} of {} groups", groups.len(), all.len()) } }</span>
                </div>
            }
            <VirtualTable head={head} rows={groups.len()} row={row} label="Groups" height={420} class="grid groups-grid" />
        </div>
    }
}

fn group_row(p: &ViewProps, t: &Tenant, g: GroupIx) -> Html {
    let group = t.group(g);
    let errors = t
        .users_with_rows_from(g)
        .into_iter()
        .filter(|u| t.user(*u).has_errors_from(g))
        .count();
    let selected = p.selected.as_deref() == Some(group.id());
    let name = match &p.on_select {
        Some(select) => {
            let (select, id) = (select.clone(), group.id().to_owned());
            html! { <button type="button" class="link" aria-pressed={selected.to_string()}
            onclick={move |_| select.emit(Some(id.clone()))}>{ group.display_name() }</button> }
        }
        None => html! { <span class="name">{ group.display_name() }</span> },
    };
    let licenses: Vec<&str> = group
        .licenses()
        .iter()
        .map(|l| sku_name(t, l.sku()))
        .collect();
    let nested = group
        .members()
        .iter()
        .any(|m| matches!(m.who(), MemberRef::Group(_)));
    html! {
        <tr key={group.id().to_owned()} class={classes!(selected.then_some("selected"))}>
            <th scope="row" class="c-name" title={group.display_name().to_owned()}>{ name }</th>
            <td class="c-type" title={group_kind(t, g)}>{ if group.is_dynamic() { "Dynamic" } else { "Assigned" } }
                if group.group_type() != GroupType::Security { <span class="sub">{ format!(" · {}", group.group_type().as_str()) }</span> }</td>
            <td class="n c-members" title={if nested { "plus nested groups, whose members get nothing from this group" } else { "" }}>
                { user_member_count(t, g) }{ if nested { " +" } else { "" } }
            </td>
            <td class="c-lic" title={licenses.join(", ")}>{ if licenses.is_empty() { "—".to_owned() } else { licenses.join(", ") } }</td>
            <td class="c-status">{
                if errors > 0 { html! { <span class="badge bad">{ format!("✕ {errors} with errors") }</span> } }
                else if t.license_processing_state(g).is_some() { html! { <span class="badge ok">{ "✓ Complete" }</span> } }
                else { html! { <span class="muted">{ "—" }</span> } }
            }</td>
        </tr>
    }
}

/// The Groups view: the table and the selected group's details.
#[component]
pub fn GroupsView(p: &ViewProps) -> Html {
    let t = p.d.tenant();
    let selected = p
        .selected
        .as_deref()
        .and_then(|id| p.d.group_ix(id))
        .filter(|g| p.d.is_live_group(*g));
    let list = html! { <>
        <GroupsTable ..p.clone() />
        if let Some(edit) = p.editor() { <CreateGroup on_edit={edit} d={p.d.clone()} /> }
    </> };
    let detail = selected.map(|g| html! { <GroupDetail key={t.group(g).id().to_owned()} group={g.index()} view={p.clone()} /> });
    split_view(
        "groups-view",
        "Groups",
        list,
        detail,
        "Select a group to see its members, licenses and errors.",
    )
}

#[derive(Properties, PartialEq)]
pub struct GroupDetailProps {
    pub group: usize,
    pub view: ViewProps,
}

/// "A reprocess clears 3 of them now", when any (the rows the engine's preview clears).
fn clearable_summary(
    errors: &[(
        licenselab_engine::UserIx,
        Vec<crate::model::queries::RowError>,
    )],
    clears: &crate::model::problems::ClearsNow,
    g: GroupIx,
) -> Option<String> {
    let n = errors
        .iter()
        .filter(|(u, rows)| {
            rows.iter()
                .any(|(s, _, _)| row_clears(clears, *u, *s, Source::Group(g)) == Some(true))
        })
        .count();
    (n > 0).then(|| format!("A reprocess clears {n} of them now"))
}

/// Where removing `member` from `group` shows as a draft.
fn member_place(group: &str, member: &str) -> String {
    format!("member-{group}-{member}")
}

/// Where a change to the product `sku` a group assigns shows as a draft.
fn license_place(group: &str, sku: &str) -> String {
    format!("license-{group}-{sku}")
}

/// Members and errors listed at first; more are shown on request, and a search finds any.
const LIST_PAGE: usize = 300;

#[component]
pub fn GroupDetail(p: &GroupDetailProps) -> Html {
    let member_filter = use_state(String::new);
    let members_shown = use_state(|| LIST_PAGE);
    let errors_shown = use_state(|| LIST_PAGE);
    let d = &p.view.d;
    let t = d.tenant();
    let g = GroupIx::new(p.group);
    let group = t.group(g);
    let id = group.id().to_owned();
    let editor = p.view.editor();
    let more = |shown: &UseStateHandle<usize>| {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + LIST_PAGE))
    };
    let emit = {
        let editor = editor.clone();
        move |edit: Edit| {
            let editor = editor.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(e) = &editor {
                    e.emit(edit.clone())
                }
            })
        }
    };
    // A member's removal shows as a draft beside that member.
    let remove_member = |member: &str| {
        Edit::draft(
            Action::RemoveMember {
                group: id.clone(),
                member: member.to_owned(),
            },
            member_place(&id, member),
        )
    };
    let nav = p.view.on_navigate.clone();
    let go = |target: Target| {
        let nav = nav.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(n) = &nav {
                n.emit(target.clone())
            }
        })
    };
    let errors = group_errors(t, g);
    // Which errors a reprocess clears now: their recorded reason ("10 of 10 assigned") may be
    // out of date, and the mark says so.
    let clears = use_memo((d.clone(), g), |(d, g)| {
        let users: Vec<_> = group_errors(d.tenant(), *g)
            .into_iter()
            .map(|(u, _)| u)
            .collect();
        clears_now(d, &users)
    });
    let all_pending = use_memo(d.clone(), |d| d.pending());
    let pending = all_pending.in_group(g);
    let nested: Vec<GroupIx> = t.nested_groups(g).collect();
    let nested_only = if nested.is_empty() {
        Vec::new()
    } else {
        t.nested_only_users(g)
    };
    let members: Vec<_> = group.user_members().map(|(u, _)| u).collect();
    html! {
        <article class="detail group-detail" aria-labelledby="group-detail-h">
            <header class="detail-head">
                <h3 id="group-detail-h" title={group.display_name().to_owned()}>{ group.display_name() }</h3>
                <span class="sub">{ group_kind(t, g) }{ " · " }<code>{ &group.id() }</code></span>
            </header>
            <p>
                if group.is_license_eligible() {
                    <span class="badge ok">{ "✓ Can hold licenses (security-enabled)" }</span>
                } else {
                    <span class="badge off">{ "Cannot hold licenses: not security-enabled" }</span>
                }
                { " " }
                { match t.license_processing_state(g) {
                    Some(state) => html! { <span class="badge ok wrap" title={format!("licenseProcessingState: {state}")}>{ processing_words(state) }</span> },
                    None => html! {},
                } }
            </p>
            if let Some(desc) = &group.description() { <p class="muted">{ desc }</p> }
            if !errors.is_empty() || editor.is_some() {
                <div class="group-summary">
                    if editor.is_some() {
                        <button type="button" onclick={emit(Edit::new(Action::Reprocess { user: None, group: Some(id.clone()) }))}
                            aria-label={format!("Reprocess {}", group.display_name())}>{ "Reprocess" }</button>
                    }
                    if !errors.is_empty() {
                        <a class="badge bad" href="#g-err-h">{ format!("✕ {} with license errors", count(errors.len(), "member")) }</a>
                    }
                    if let Some(reprocessable) = clearable_summary(&errors, &clears, g) { <span class="muted">{ reprocessable }</span> }
                </div>
            }

            <section aria-labelledby="g-lic-h">
                <h4 id="g-lic-h">{ "Licenses" }</h4>
                if group.licenses().is_empty() { <p class="muted">{ "This group assigns no license." }</p> }
                { for group.licenses().iter().map(|l| html! {
                    <GroupLicenseEditor key={t.sku(l.sku()).id().to_owned()} group={p.group} sku={l.sku().index()} view={p.view.clone()} />
                }) }
                if editor.is_some() && group.is_license_eligible() {
                    <AssignToGroup group={p.group} view={p.view.clone()} />
                }
            </section>

            if !errors.is_empty() {
                <section aria-labelledby="g-err-h" class="errors">
                    <h4 id="g-err-h">{ format!("Members with license errors ({})", errors.len()) }</h4>
                    <ul class="error-list">
                        { for errors.iter().take(*errors_shown).map(|(u, rows)| html! {
                            <li>
                                <button type="button" class="link" onclick={go(Target::User(t.user(*u).id().to_owned()))}>{ t.user(*u).display_name() }</button>
                                { for rows.iter().map(|(s, code, reason)| html! {
                                    <div class="error-row"><span class="badge bad">{ format!("✕ {code}") }</span>{ " " }
                                        if row_clears(&clears, *u, *s, Source::Group(g)) == Some(true) { { clears_now_badge() }{ " " } }
                                        <strong>{ sku_name(t, *s) }</strong>{ ": " }{ reason }</div>
                                }) }
                            </li>
                        }) }
                    </ul>
                    if errors.len() > *errors_shown {
                        <p class="muted">{ format!("and {} more ", errors.len() - *errors_shown) }
                            <button type="button" class="small" onclick={more(&errors_shown)}>{ format!("Show {} more", LIST_PAGE.min(errors.len() - *errors_shown)) }</button></p>
                    }
                    if errors.iter().any(|(_, rows)| rows.iter().any(|(_, code, _)| code == "CountViolation")) {
                        <PolicyNote>{ match d.scenario.options.seat_order {
                            licenselab_engine::SeatOrder::JoinOrder => "Who waits for a seat: members are served in the order they joined the group, then by id (seatOrder: joinOrder); a held seat is never taken back.",
                            licenselab_engine::SeatOrder::UserId => "Who waits for a seat: members are served by user id (seatOrder: userId); a held seat is never taken back.",
                        } }</PolicyNote>
                    }
                </section>
            }

            if !pending.is_empty() {
                <section aria-labelledby="g-pend-h" class="pending-work">
                    <h4 id="g-pend-h">{ pending_badge(&[]) }{ format!(" Members with pending work ({})", pending.len()) }</h4>
                    <ul class="pending-list">
                        { for pending.iter().take(*errors_shown).map(|(u, items)| html! {
                            <li>
                                <button type="button" class="link" onclick={go(Target::User(t.user(*u).id().to_owned()))}>{ t.user(*u).display_name() }</button>
                                { for items.iter().map(|i| html! {
                                    <div class="pending-row"><strong>{ sku_name(t, i.sku) }</strong>{ ": " }{ &i.reason }</div>
                                }) }
                            </li>
                        }) }
                    </ul>
                    if pending.len() > *errors_shown {
                        <p class="muted">{ format!("and {} more", pending.len() - *errors_shown) }</p>
                    }
                </section>
            }

            <section aria-labelledby="g-mem-h">
                <h4 id="g-mem-h">{ format!("Members ({})", count(members.len(), "user")) }</h4>
                if group.is_dynamic() {
                    <RuleEditor key={format!("{}-{}", group.id(), group.membership_rule().map(str::to_owned).unwrap_or_default())}
                        d={d.clone()} group={id.clone()} rule={group.membership_rule().map(str::to_owned).unwrap_or_default()}
                        paused={group.rule_paused()} on_edit={editor.clone()} />
                }
                if !nested.is_empty() {
                    <div class="nesting">
                        <p><strong>{ "Nested groups" }</strong>{ " (members that are groups):" }</p>
                        { nesting_tree(t, &mut vec![g], &go, &|c: GroupIx| if editor.is_some() && !group.is_dynamic() {
                            html! { <>{ " " }<button type="button" class="small" aria-label={format!("Remove nested group {}", t.group(c).display_name())}
                                onclick={emit(remove_member(t.group(c).id()))}>{ "Remove" }</button>
                                { p.view.draft_at(&member_place(&id, t.group(c).id())) }</> }
                        } else { Html::default() }) }
                        if !group.licenses().is_empty() && !nested_only.is_empty() {
                            <p class="warning-box" role="note">
                                <strong>{ format!("Not licensed through nesting: {}", count(nested_only.len(), "user")) }</strong>
                                { " reach this group only through a nested group and get none of its licenses. Group-based licensing applies to direct members only; add them directly (or license the nested group)." }
                                <br />
                                <span class="sub">{ nested_only.iter().take(12).map(|u| t.user(*u).display_name().to_owned()).collect::<Vec<_>>().join(", ") }
                                    { if nested_only.len() > 12 { format!(" and {} more", nested_only.len() - 12) } else { String::new() } }</span>
                            </p>
                        }
                        if t.options().nested_what_if && !nested_only.is_empty() {
                            <p class="info-box" role="note">
                                <strong>{ "What if nesting were flattened (nestedWhatIf): " }</strong>
                                { format!("this group would also cover {}. Entra does not do this; the option only shows who a flattened group (or a memberOf dynamic group) would reach.", count(nested_only.len(), "user")) }
                            </p>
                        }
                    </div>
                }
                if members.len() > LIST_PAGE {
                    <label class="member-search">{ "Find a member " }
                        <input type="search" value={(*member_filter).clone()} placeholder="name or id"
                               oninput={let f = member_filter.clone(); move |e: InputEvent| f.set(input_event_value(&e))} />
                    </label>
                }
                <ul class="member-list">
                    { for members.iter().filter(|u| {
                        let user = t.user(**u);
                        matches_filter(&member_filter, &[user.display_name(), user.id()])
                    }).take(*members_shown).map(|u| {
                        let user = t.user(*u);
                        let has_err = user.has_errors_from(g);
                        html! {
                            <li>
                                <button type="button" class="link" onclick={go(Target::User(user.id().to_owned()))}>{ user.display_name() }</button>
                                if has_err { { " " }<span class="badge bad">{ "✕ error" }</span> }
                                if editor.is_some() && !group.is_dynamic() {
                                    { " " }<button type="button" class="small" aria-label={format!("Remove {} from {}", user.display_name(), group.display_name())}
                                        onclick={emit(remove_member(user.id()))}>{ "Remove" }</button>
                                    { p.view.draft_at(&member_place(&id, user.id())) }
                                }
                            </li>
                        }
                    }) }
                </ul>
                if member_filter.is_empty() && members.len() > *members_shown {
                    <p class="muted">{ format!("and {} more members ", members.len() - *members_shown) }
                        <button type="button" class="small" onclick={more(&members_shown)}>{ format!("Show {} more", LIST_PAGE.min(members.len() - *members_shown)) }</button></p>
                }
                if editor.is_some() && !group.is_dynamic() { <AddMember group={p.group} view={p.view.clone()} /> }
            </section>

            if let Some(_) = editor {
                <div class="actions">
                    <button type="button" class="danger" onclick={emit(Edit::new(Action::DeleteGroup { group: id.clone() }))}>{ "Delete group" }</button>
                </div>
                <p class="muted small">{ "Deleting a group that still assigns licenses is refused (GroupHasLicenses): remove its licenses first." }</p>
            }
        </article>
    }
}

/// The plans a draft of a group's license turns off, as positions in the product's `plans`.
fn drafted_disabled(
    draft: Option<&std::rc::Rc<crate::model::draft::Draft>>,
    plans: &[String],
) -> Option<licenselab_engine::PlanSet> {
    let Action::AssignLicense { add_licenses, .. } = &draft?.edit.action else {
        return None;
    };
    let license = add_licenses.first()?;
    let mut set = licenselab_engine::PlanSet::default();
    for id in &license.disabled_plans {
        if let Some(pos) = plans.iter().position(|p| p.eq_ignore_ascii_case(id)) {
            set.insert(pos);
        }
    }
    Some(set)
}

#[derive(Properties, PartialEq)]
struct GroupLicenseProps {
    group: usize,
    sku: usize,
    view: ViewProps,
}

/// One product a group assigns, with a switch per service plan.
#[component]
fn GroupLicenseEditor(p: &GroupLicenseProps) -> Html {
    let t = p.view.d.tenant();
    let (g, s) = (GroupIx::new(p.group), SkuIx::new(p.sku));
    let group = t.group(g);
    let Some(license) = group.license(s) else {
        return html! {};
    };
    let sku = t.sku(s);
    let editor = p.view.editor();
    let enabled_count = license.enabled().len();
    let place = license_place(group.id(), sku.id());
    let plans: Vec<String> = t.sku_plans(s).map(|pl| pl.id.to_owned()).collect();
    // The plans turned off: as the open draft of this license has them (switches flipped one
    // after another make one change), else as the group assigns them.
    let disabled = drafted_disabled(p.view.draft(&place), &plans).unwrap_or(license.disabled());
    let toggle = |pos: usize| {
        let editor = editor.clone();
        let (gid, sid, place, plans) = (
            group.id().to_owned(),
            sku.id().to_owned(),
            place.clone(),
            plans.clone(),
        );
        Callback::from(move |_: Event| {
            let mut next = disabled;
            if next.contains(pos) {
                next = next.difference(licenselab_engine::PlanSet::single(pos));
            } else {
                next.insert(pos);
            }
            if let Some(e) = &editor {
                e.emit(Edit::draft(
                    Action::AssignLicense {
                        user: None,
                        group: Some(gid.clone()),
                        add_licenses: vec![AssignedLicenseDef {
                            sku_id: sid.clone(),
                            disabled_plans: next.iter().map(|i| plans[i].clone()).collect(),
                        }],
                        remove_licenses: vec![],
                    },
                    place.clone(),
                ));
            }
        })
    };
    let remove = {
        let editor = editor.clone();
        let (gid, sid, place) = (group.id().to_owned(), sku.id().to_owned(), place.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(e) = &editor {
                e.emit(Edit::draft(
                    Action::AssignLicense {
                        user: None,
                        group: Some(gid.clone()),
                        add_licenses: vec![],
                        remove_licenses: vec![sid.clone()],
                    },
                    place.clone(),
                ));
            }
        })
    };
    html! {
        <div class="license-box">
            <div class="license-head">
                <strong>{ sku_name(t, s) }</strong>
                <span class="sub">{ format!(" {enabled_count} of {} enabled", count(sku.plan_count(), "plan")) }</span>
                if editor.is_some() {
                    <button type="button" class="small danger" onclick={remove}
                            aria-label={format!("Remove {} from {}", sku_name(t, s), group.display_name())}>{ "Remove license" }</button>
                }
            </div>
            <details class="plan-switches" open={sku.plan_count() <= 16}>
            <summary>{ format!("Service plans ({} on, {} off)", enabled_count, sku.plan_count() - enabled_count) }</summary>
            <ul class="switches">
                { for t.sku_plans(s).enumerate().map(|(pos, plan)| {
                    let on = !disabled.contains(pos);
                    let held_back = on && !license.enabled().contains(pos);
                    let input_id = format!("sw-{}-{}-{}", p.group, p.sku, pos);
                    html! {
                        <li class={classes!(held_back.then_some("held-back"))}>
                            <input type="checkbox" role="switch" id={input_id.clone()} checked={on}
                                   disabled={editor.is_none()} onchange={toggle(pos)} />
                            <label for={input_id}>{ plan.display_name }</label>
                            if held_back { <span class="sub">{ " (off: its prerequisite is not enabled by this group)" }</span> }
                        </li>
                    }
                }) }
            </ul>
            </details>
            // Below the switches, so the panel never moves the switch just flipped.
            { p.view.draft_at(&place) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct GroupActionProps {
    group: usize,
    view: ViewProps,
}

#[component]
fn AssignToGroup(p: &GroupActionProps) -> Html {
    let t = p.view.d.tenant();
    let g = GroupIx::new(p.group);
    let options: Vec<(String, String)> = p
        .view
        .d
        .live_skus()
        .into_iter()
        .filter(|s| t.group(g).license(*s).is_none())
        .map(|s| (t.sku(s).id().to_owned(), sku_name(t, s).to_owned()))
        .collect();
    let on_pick = {
        let (editor, gid) = (p.view.editor(), t.group(g).id().to_owned());
        Callback::from(move |sku: String| {
            if let Some(edit) = &editor {
                edit.emit(assign_draft(None, Some(gid.clone()), sku));
            }
        })
    };
    html! {
        <>
            <ProductPicker label="Assign a product" options={options} on_pick={on_pick} />
            { p.view.draft_at(&assign_place(t.group(g).id())) }
        </>
    }
}

#[component]
fn AddMember(p: &GroupActionProps) -> Html {
    let d = &p.view.d;
    let t = d.tenant();
    let g = GroupIx::new(p.group);
    let text = use_state(String::new);
    let error = use_state(|| None::<String>);
    let onsubmit = {
        let (text, error, editor, gid, d) = (
            text.clone(),
            error.clone(),
            p.view.editor(),
            t.group(g).id().to_owned(),
            d.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let wanted = text.trim().to_owned();
            let t = d.tenant();
            // Accept "Name (id)" as the list offers it, an id, or a display name.
            let id = wanted
                .rsplit_once(" (")
                .and_then(|(_, rest)| rest.strip_suffix(')'))
                .unwrap_or(&wanted);
            let member = d
                .user_ix(id)
                .filter(|u| t.user(*u).is_alive())
                .map(|u| t.user(u).id().to_owned())
                .or_else(|| {
                    d.group_ix(id)
                        .filter(|g| t.group(*g).is_alive())
                        .map(|g| t.group(g).id().to_owned())
                })
                .or_else(|| {
                    d.live_users()
                        .into_iter()
                        .find(|u| t.user(*u).display_name() == wanted)
                        .map(|u| t.user(u).id().to_owned())
                })
                .or_else(|| {
                    d.live_groups()
                        .into_iter()
                        .find(|x| t.group(*x).display_name() == wanted)
                        .map(|x| t.group(x).id().to_owned())
                });
            match member {
                Some(m) => {
                    error.set(None);
                    text.set(String::new());
                    if let Some(edit) = &editor {
                        edit.emit(Edit::draft(
                            Action::AddMember {
                                group: gid.clone(),
                                member: m,
                            },
                            format!("add-member-{gid}"),
                        ));
                    }
                }
                None => error.set(Some(format!("No user or group named \"{wanted}\"."))),
            }
        })
    };
    let list = format!("members-{}", p.group);
    let members: Vec<_> = t.group(g).members().iter().map(|m| m.who()).collect();
    html! {
        <>
            <form class="inline-form" onsubmit={onsubmit}>
                <label>{ "Add a member " }
                    <input type="text" list={list.clone()} placeholder="user or group name" value={(*text).clone()}
                           oninput={let t = text.clone(); move |e: InputEvent| t.set(input_event_value(&e))} />
                </label>
                <button type="submit">{ "Add" }</button>
            </form>
            if let Some(message) = &*error { <p class="form-error" role="alert">{ message }</p> }
            { p.view.draft_at(&format!("add-member-{}", t.group(g).id())) }
            <datalist id={list}>
                { for d.live_users().into_iter().filter(|u| !members.contains(&MemberRef::User(*u))).take(3000)
                    .map(|u| html! { <option value={format!("{} ({})", t.user(u).display_name(), t.user(u).id())}>{ "user" }</option> }) }
                { for d.live_groups().into_iter().filter(|x| *x != g && !members.contains(&MemberRef::Group(*x)))
                    .map(|x| html! { <option value={format!("{} ({})", t.group(x).display_name(), t.group(x).id())}>{ "group (nested: its members get nothing)" }</option> }) }
            </datalist>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CreateGroupProps {
    on_edit: Callback<Edit>,
    d: Rc<Derived>,
}

#[component]
fn CreateGroup(p: &CreateGroupProps) -> Html {
    // A tenant without groups shows the form open (the first thing to do there); opened once, it
    // is the admin's to close: the attribute is fixed at mount so that Yew never toggles it.
    let open = *use_state(|| p.d.tenant().groups().is_empty());
    let name = use_state(String::new);
    let dynamic = use_state(|| false);
    let problem = use_state(|| None::<String>);
    let onsubmit = {
        let (name, dynamic, edit, d, problem) = (
            name.clone(),
            dynamic.clone(),
            p.on_edit.clone(),
            p.d.clone(),
            problem.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let display = match checked_display_name(&name, "group") {
                Ok(display) => display,
                Err(message) => return problem.set(Some(message)),
            };
            problem.set(None);
            let base = format!("g-{}", slug(&display));
            let mut id = base.clone();
            let mut n = 2;
            while d.group_ix(&id).is_some() || d.user_ix(&id).is_some() {
                id = format!("{base}-{n}");
                n += 1;
            }
            edit.emit(Edit::new(Action::CreateGroup {
                group: GroupDef {
                    id,
                    display_name: Some(display),
                    description: None,
                    security_enabled: true,
                    mail_enabled: false,
                    group_types: if *dynamic {
                        vec![DYNAMIC_MEMBERSHIP.to_owned()]
                    } else {
                        vec![]
                    },
                    members: vec![],
                    membership_rule: dynamic.then(|| "user.accountEnabled -eq true".to_owned()),
                    membership_rule_processing_state: None,
                    assigned_licenses: vec![],
                },
            }));
            name.set(String::new());
        })
    };
    html! {
        <details class="panel create" open={open}>
            <summary>{ "New group" }</summary>
            <form class="inline-form" onsubmit={onsubmit}>
                <label>{ "Name " }<input type="text" value={(*name).clone()} oninput={let n = name.clone(); move |e: InputEvent| n.set(input_event_value(&e))} /></label>
                <label><input type="checkbox" checked={*dynamic} onchange={let dy = dynamic.clone(); move |_| dy.set(!*dy)} />{ " Dynamic membership" }</label>
                <button type="submit">{ "Create security group" }</button>
            </form>
            if let Some(message) = &*problem { <p class="form-error" role="alert">{ message }</p> }
        </details>
    }
}

/// The longest slug: an id made from a long name stays well inside the 256 characters an id may
/// have (and a file name made from it stays short).
const SLUG_MAX: usize = 48;

/// An id from a name: lower-case letters, digits and dashes, at most `SLUG_MAX` of them.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if out.len() >= SLUG_MAX {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_owned();
    if out.is_empty() {
        "new".to_owned()
    } else {
        out
    }
}

/// `updateGroup` with one property.
pub fn update_group(group: &str, key: &str, value: Value) -> Action {
    let mut set = Map::new();
    set.insert(key.to_owned(), value);
    Action::UpdateGroup {
        group: group.to_owned(),
        set,
    }
}

/// A group's `licenseProcessingState` in the portal's words (the Graph value is the badge's title).
fn processing_words(state: &str) -> String {
    match state {
        "ProcessingComplete" => "✓ Latest license changes have been applied to all users".into(),
        "ProcessingInProgress" => "License changes are being processed".into(),
        other => format!("License processing: {other}"),
    }
}

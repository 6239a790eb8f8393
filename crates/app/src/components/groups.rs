//! Groups: type and eligibility, members (static and dynamic), nesting, licenses with a switch per
//! service plan, processing state, members with errors, reprocess and delete. Rendered from the
//! answers of `model::views::groups`, asked once per change of the simulation or the question.

use std::collections::HashSet;
use std::rc::Rc;

use licenselab_engine::{Action, AssignedLicenseDef, GroupDef, DYNAMIC_MEMBERSHIP};
use serde_json::{Map, Value};
use yew::prelude::*;

use super::common::*;
use super::rule_editor::RuleEditor;
use super::users::pending_badge;
use crate::model::views::groups::{
    group_clears, group_detail, group_list, group_members, member_candidates, member_named, Below,
    GroupDetailQuery, GroupLicense, GroupListQuery, GroupMembersQuery, GroupRow, NestedGroup,
};
use crate::model::views::users::unused_id;
use crate::model::views::{answer, Answer, Query};
use crate::model::Derived;
use crate::state::Target;

/// The groups table's height in pixels, and its rows'.
const TABLE_HEIGHT: u32 = 420;
const ROW_HEIGHT: u32 = 34;

/// The groups nested in a group, drawn as a tree (a cycle is marked, not followed; below a depth,
/// a count). `remove` adds a button to the first level (the group's own members).
fn nesting_tree(
    groups: &[NestedGroup],
    go: &dyn Fn(Target) -> Callback<MouseEvent>,
    remove: &dyn Fn(&NestedGroup) -> Html,
) -> Html {
    if groups.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="tree">
            { for groups.iter().map(|c| html! {
                <li>
                    <span aria-hidden="true">{ "└ " }</span>
                    <button type="button" class="link" onclick={go(Target::Group(c.id.clone()))}>{ &c.name }</button>
                    if c.cycle {
                        <span class="sub">{ " (already above: a cycle, which is harmless)" }</span>
                    } else {
                        <span class="sub">{ format!(" {}", count(c.users, "user")) }</span>
                    }
                    { remove(c) }
                    if !c.cycle {
                        { match &c.below {
                            Below::Groups(below) => nesting_tree(below, go, &|_| Html::default()),
                            Below::NotShown(n) => html! { <ul class="tree"><li class="sub">{ format!("… {} more levels of nesting", count(*n, "group")) }</li></ul> },
                        } }
                    }
                </li>
            }) }
        </ul>
    }
}

/// The groups table, virtualised, with a search box (the embed view shows this too). It asks for
/// the rows the table renders.
#[component]
pub fn GroupsTable(p: &ViewProps) -> Html {
    let filter = use_state(String::new);
    let limit = window_rows(TABLE_HEIGHT, ROW_HEIGHT);
    // The first row the table renders (it reports it as it scrolls).
    let first = use_state_eq(|| 0);
    let query = GroupListQuery {
        filter: (*filter).clone(),
        offset: *first,
        limit,
    };
    let list = use_memo((p.d.clone(), query), |(d, q)| group_list(d, q));
    let head = html! { <tr>
        <th scope="col" class="c-name">{ "Group" }</th><th scope="col" class="c-type">{ "Membership" }</th><th scope="col" class="n c-members">{ "Users" }</th>
        <th scope="col" class="c-lic">{ "Licenses" }</th><th scope="col" class="c-status">{ "Status" }</th>
    </tr> };
    let row = {
        let (view, list) = (p.clone(), list.clone());
        Callback::from(move |i: usize| {
            i.checked_sub(list.offset)
                .and_then(|k| list.rows.get(k))
                .map_or_else(Html::default, |r| group_row(&view, r))
        })
    };
    let on_window = Callback::from(move |(start, _end): (usize, usize)| first.set(start));
    html! {
        <div class="groups-table">
            if list.total > 8 {
                <div class="table-tools">
                    <label>{ "Search groups " }
                        <input type="search" value={(*filter).clone()} placeholder="name or id"
                               oninput={let f = filter.clone(); move |e: InputEvent| f.set(input_event_value(&e))} />
                    </label>
                    <span class="muted">{ if list.matching == list.total { count(list.total, "group") } else { format!("{} of {} groups", list.matching, list.total) } }</span>
                </div>
            }
            <VirtualTable head={head} rows={list.matching} row={row} label="Groups" height={TABLE_HEIGHT} row_height={ROW_HEIGHT} class="grid groups-grid" on_window={on_window} />
        </div>
    }
}

fn group_row(p: &ViewProps, group: &GroupRow) -> Html {
    let selected = p.selected.as_deref() == Some(group.id.as_str());
    let name = match &p.on_select {
        Some(select) => {
            let (select, id) = (select.clone(), group.id.clone());
            html! { <button type="button" class="link" aria-pressed={selected.to_string()}
            onclick={move |_| select.emit(Some(id.clone()))}>{ &group.name }</button> }
        }
        None => html! { <span class="name">{ &group.name }</span> },
    };
    let licenses = group.licenses.join(", ");
    html! {
        <tr key={group.id.clone()} class={classes!(selected.then_some("selected"))}>
            <th scope="row" class="c-name" title={group.name.clone()}>{ name }</th>
            <td class="c-type" title={group.kind.clone()}>{ if group.dynamic { "Dynamic" } else { "Assigned" } }
                if let Some(kind) = &group.type_note { <span class="sub">{ format!(" · {kind}") }</span> }</td>
            <td class="n c-members" title={if group.nested { "plus nested groups, whose members get nothing from this group" } else { "" }}>
                { group.users }{ if group.nested { " +" } else { "" } }
            </td>
            <td class="c-lic" title={licenses.clone()}>{ if licenses.is_empty() { "—".to_owned() } else { licenses } }</td>
            <td class="c-status">{
                if group.errors > 0 { html! { <span class="badge bad">{ format!("✕ {} with errors", group.errors) }</span> } }
                else if group.processed { html! { <span class="badge ok">{ "✓ Complete" }</span> } }
                else { html! { <span class="muted">{ "—" }</span> } }
            }</td>
        </tr>
    }
}

/// What the details pane says when no group is selected (or the selected one is not there).
const NO_GROUP: &str = "Select a group to see its members, licenses and errors.";

/// The Groups view: the table and the selected group's details.
#[component]
pub fn GroupsView(p: &ViewProps) -> Html {
    let list = html! { <>
        <GroupsTable ..p.clone() />
        if let Some(edit) = p.editor() { <CreateGroup on_edit={edit} d={p.d.clone()} /> }
    </> };
    let detail = p.selected.clone().map(
        |id| html! { <GroupDetail key={id.to_string()} group={id.clone()} view={p.clone()} /> },
    );
    split_view("groups-view", "Groups", list, detail, NO_GROUP)
}

#[derive(Properties, PartialEq)]
pub struct GroupDetailProps {
    /// The group's id.
    pub group: AttrValue,
    pub view: ViewProps,
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
    let detail = use_memo(
        (
            d.clone(),
            GroupDetailQuery {
                id: p.group.to_string(),
                errors_limit: *errors_shown,
            },
        ),
        |(d, q)| group_detail(d, q),
    );
    let members = use_memo(
        (
            d.clone(),
            GroupMembersQuery {
                id: p.group.to_string(),
                filter: (*member_filter).clone(),
                offset: 0,
                limit: *members_shown,
            },
        ),
        |(d, q)| group_members(d, q),
    );
    // Which errors a reprocess clears now (the engine's preview, once per state and group).
    let clears = use_memo((d.clone(), p.group.to_string()), |(d, id)| {
        let answer = group_clears(d, id);
        let rows: HashSet<(String, String)> = answer.rows.into_iter().collect();
        (answer.clearable, rows)
    });
    let clears_row = |user: &str, sku: &str| clears.1.contains(&(user.to_owned(), sku.to_owned()));
    // A group deleted at the cursor (or not yet created) shows as none selected.
    let Some(group) = detail.as_ref() else {
        return html! { <p class="muted empty">{ NO_GROUP }</p> };
    };
    let id = group.id.clone();
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
    let errors_total = group.errors_total;
    let pending_total = group.pending_total;
    html! {
        <article class="detail group-detail" aria-labelledby="group-detail-h">
            <header class="detail-head">
                <h3 id="group-detail-h" title={group.name.clone()}>{ &group.name }</h3>
                <span class="sub">{ &group.kind }{ " · " }<code>{ &group.id }</code></span>
            </header>
            <p>
                if group.eligible {
                    <span class="badge ok">{ "✓ Can hold licenses (security-enabled)" }</span>
                } else {
                    <span class="badge off">{ "Cannot hold licenses: not security-enabled" }</span>
                }
                { " " }
                { match &group.processing_state {
                    Some(state) => html! { <span class="badge ok wrap" title={format!("licenseProcessingState: {state}")}>{ processing_words(state) }</span> },
                    None => html! {},
                } }
            </p>
            if let Some(desc) = &group.description { <p class="muted">{ desc }</p> }
            if errors_total > 0 || editor.is_some() {
                <div class="group-summary">
                    if editor.is_some() {
                        <button type="button" onclick={emit(Edit::new(Action::Reprocess { user: None, group: Some(id.clone()) }))}
                            aria-label={format!("Reprocess {}", group.name)}>{ "Reprocess" }</button>
                    }
                    if errors_total > 0 {
                        <a class="badge bad" href="#g-err-h">{ format!("✕ {} with license errors", count(errors_total, "member")) }</a>
                    }
                    if clears.0 > 0 { <span class="muted">{ format!("A reprocess clears {} of them now", clears.0) }</span> }
                </div>
            }

            <section aria-labelledby="g-lic-h">
                <h4 id="g-lic-h">{ "Licenses" }</h4>
                if group.licenses.is_empty() { <p class="muted">{ "This group assigns no license." }</p> }
                { for group.licenses.iter().enumerate().map(|(ordinal, l)| html! {
                    <GroupLicenseEditor key={l.sku_id.clone()} group={id.clone()} group_name={group.name.clone()} ordinal={ordinal} license={l.clone()} view={p.view.clone()} />
                }) }
                if editor.is_some() && group.eligible {
                    <AssignToGroup group={id.clone()} options={group.assignable.iter().map(|s| (s.id.clone(), s.name.clone())).collect::<Vec<_>>()} view={p.view.clone()} />
                }
            </section>

            if errors_total > 0 {
                <section aria-labelledby="g-err-h" class="errors">
                    <h4 id="g-err-h">{ format!("Members with license errors ({errors_total})") }</h4>
                    <ul class="error-list">
                        { for group.errors.iter().map(|member| html! {
                            <li>
                                <button type="button" class="link" onclick={go(Target::User(member.user_id.clone()))}>{ &member.user_name }</button>
                                { for member.rows.iter().map(|row| html! {
                                    <div class="error-row"><span class="badge bad">{ format!("✕ {}", row.code) }</span>{ " " }
                                        if clears_row(&member.user_id, &row.sku_id) { { clears_now_badge() }{ " " } }
                                        <strong>{ &row.product }</strong>{ ": " }{ &row.reason }</div>
                                }) }
                            </li>
                        }) }
                    </ul>
                    if errors_total > *errors_shown {
                        <p class="muted">{ format!("and {} more ", errors_total - *errors_shown) }
                            <button type="button" class="small" onclick={more(&errors_shown)}>{ format!("Show {} more", LIST_PAGE.min(errors_total - *errors_shown)) }</button></p>
                    }
                    if let Some(note) = &group.seat_order_note {
                        <PolicyNote>{ note }</PolicyNote>
                    }
                </section>
            }

            if pending_total > 0 {
                <section aria-labelledby="g-pend-h" class="pending-work">
                    <h4 id="g-pend-h">{ pending_badge(&[]) }{ format!(" Members with pending work ({pending_total})") }</h4>
                    <ul class="pending-list">
                        { for group.pending.iter().map(|member| html! {
                            <li>
                                <button type="button" class="link" onclick={go(Target::User(member.user_id.clone()))}>{ &member.user_name }</button>
                                { for member.items.iter().map(|i| html! {
                                    <div class="pending-row"><strong>{ &i.product }</strong>{ ": " }{ &i.reason }</div>
                                }) }
                            </li>
                        }) }
                    </ul>
                    if pending_total > *errors_shown {
                        <p class="muted">{ format!("and {} more", pending_total - *errors_shown) }</p>
                    }
                </section>
            }

            <section aria-labelledby="g-mem-h">
                <h4 id="g-mem-h">{ format!("Members ({})", count(members.total, "user")) }</h4>
                if group.dynamic {
                    <RuleEditor key={format!("{}-{}", id, group.rule)}
                        d={d.clone()} group={id.clone()} rule={group.rule.clone()}
                        paused={group.rule_paused} on_edit={editor.clone()} />
                }
                if !group.nested.is_empty() {
                    <div class="nesting">
                        <p><strong>{ "Nested groups" }</strong>{ " (members that are groups):" }</p>
                        { nesting_tree(&group.nested, &go, &|c: &NestedGroup| if editor.is_some() && !group.dynamic {
                            html! { <>{ " " }<button type="button" class="small" aria-label={format!("Remove nested group {}", c.name)}
                                onclick={emit(remove_member(&c.id))}>{ "Remove" }</button>
                                { p.view.draft_at(&member_place(&id, &c.id)) }</> }
                        } else { Html::default() }) }
                        if !group.licenses.is_empty() && group.nested_only > 0 {
                            <p class="warning-box" role="note">
                                <strong>{ format!("Not licensed through nesting: {}", count(group.nested_only, "user")) }</strong>
                                { " reach this group only through a nested group and get none of its licenses. Group-based licensing applies to direct members only; add them directly (or license the nested group)." }
                                <br />
                                <span class="sub">{ group.nested_only_names.join(", ") }
                                    { if group.nested_only > group.nested_only_names.len() { format!(" and {} more", group.nested_only - group.nested_only_names.len()) } else { String::new() } }</span>
                            </p>
                        }
                        if group.nested_what_if && group.nested_only > 0 {
                            <p class="info-box" role="note">
                                <strong>{ "What if nesting were flattened (nestedWhatIf): " }</strong>
                                { format!("this group would also cover {}. Entra does not do this; the option only shows who a flattened group (or a memberOf dynamic group) would reach.", count(group.nested_only, "user")) }
                            </p>
                        }
                    </div>
                }
                if members.total > LIST_PAGE {
                    <label class="member-search">{ "Find a member " }
                        <input type="search" value={(*member_filter).clone()} placeholder="name or id"
                               oninput={let f = member_filter.clone(); move |e: InputEvent| f.set(input_event_value(&e))} />
                    </label>
                }
                <ul class="member-list">
                    { for members.rows.iter().map(|user| html! {
                        <li>
                            <button type="button" class="link" onclick={go(Target::User(user.id.clone()))}>{ &user.name }</button>
                            if user.error { { " " }<span class="badge bad">{ "✕ error" }</span> }
                            if editor.is_some() && !group.dynamic {
                                { " " }<button type="button" class="small" aria-label={format!("Remove {} from {}", user.name, group.name)}
                                    onclick={emit(remove_member(&user.id))}>{ "Remove" }</button>
                                { p.view.draft_at(&member_place(&id, &user.id)) }
                            }
                        </li>
                    }) }
                </ul>
                if member_filter.is_empty() && members.total > *members_shown {
                    <p class="muted">{ format!("and {} more members ", members.total - *members_shown) }
                        <button type="button" class="small" onclick={more(&members_shown)}>{ format!("Show {} more", LIST_PAGE.min(members.total - *members_shown)) }</button></p>
                }
                if editor.is_some() && !group.dynamic { <AddMember group={id.clone()} view={p.view.clone()} /> }
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

/// The plans a draft of a group's license turns off, by position in the product's `plans`.
fn drafted_disabled(
    draft: Option<&std::rc::Rc<crate::model::draft::Draft>>,
    license: &GroupLicense,
) -> Option<Vec<bool>> {
    let Action::AssignLicense { add_licenses, .. } = &draft?.edit.action else {
        return None;
    };
    let off = &add_licenses.first()?.disabled_plans;
    Some(
        license
            .plans
            .iter()
            .map(|plan| off.iter().any(|id| plan.id.eq_ignore_ascii_case(id)))
            .collect(),
    )
}

#[derive(Properties, PartialEq)]
struct GroupLicenseProps {
    group: AttrValue,
    group_name: AttrValue,
    /// Its place among the group's licenses (for the switches' element ids).
    ordinal: usize,
    license: GroupLicense,
    view: ViewProps,
}

/// One product a group assigns, with a switch per service plan.
#[component]
fn GroupLicenseEditor(p: &GroupLicenseProps) -> Html {
    let license = &p.license;
    let editor = p.view.editor();
    let plan_count = license.plans.len();
    let enabled_count = license.enabled;
    let place = license_place(&p.group, &license.sku_id);
    // The plans turned off: as the open draft of this license has them (switches flipped one
    // after another make one change), else as the group assigns them.
    let disabled = drafted_disabled(p.view.draft(&place), license)
        .unwrap_or_else(|| license.plans.iter().map(|plan| plan.disabled).collect());
    let toggle = |pos: usize| {
        let editor = editor.clone();
        let (gid, sid, place, plans) = (
            p.group.to_string(),
            license.sku_id.clone(),
            place.clone(),
            license.plans.clone(),
        );
        let mut next = disabled.clone();
        next[pos] = !next[pos];
        Callback::from(move |_: Event| {
            if let Some(e) = &editor {
                e.emit(Edit::draft(
                    Action::AssignLicense {
                        user: None,
                        group: Some(gid.clone()),
                        add_licenses: vec![AssignedLicenseDef {
                            sku_id: sid.clone(),
                            disabled_plans: plans
                                .iter()
                                .zip(&next)
                                .filter(|(_, off)| **off)
                                .map(|(plan, _)| plan.id.clone())
                                .collect(),
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
        let (gid, sid, place) = (p.group.to_string(), license.sku_id.clone(), place.clone());
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
                <strong>{ &license.name }</strong>
                <span class="sub">{ format!(" {enabled_count} of {} enabled", count(plan_count, "plan")) }</span>
                if editor.is_some() {
                    <button type="button" class="small danger" onclick={remove}
                            aria-label={format!("Remove {} from {}", license.name, p.group_name)}>{ "Remove license" }</button>
                }
            </div>
            <details class="plan-switches" open={plan_count <= 16}>
            <summary>{ format!("Service plans ({} on, {} off)", enabled_count, plan_count - enabled_count) }</summary>
            <ul class="switches">
                { for license.plans.iter().enumerate().map(|(pos, plan)| {
                    let on = !disabled[pos];
                    let held_back = on && !plan.enabled;
                    let input_id = format!("sw-{}-{}", p.ordinal, pos);
                    html! {
                        <li class={classes!(held_back.then_some("held-back"))}>
                            <input type="checkbox" role="switch" id={input_id.clone()} checked={on}
                                   disabled={editor.is_none()} onchange={toggle(pos)} />
                            <label for={input_id}>{ &plan.name }</label>
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
struct AssignToGroupProps {
    group: AttrValue,
    /// (skuId, display name) of the products the group does not assign yet.
    options: Vec<(String, String)>,
    view: ViewProps,
}

#[component]
fn AssignToGroup(p: &AssignToGroupProps) -> Html {
    let on_pick = {
        let (editor, gid) = (p.view.editor(), p.group.to_string());
        Callback::from(move |sku: String| {
            if let Some(edit) = &editor {
                edit.emit(assign_draft(None, Some(gid.clone()), sku));
            }
        })
    };
    html! {
        <>
            <ProductPicker label="Assign a product" options={p.options.clone()} on_pick={on_pick} />
            { p.view.draft_at(&assign_place(&p.group)) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct AddMemberProps {
    group: AttrValue,
    view: ViewProps,
}

#[component]
fn AddMember(p: &AddMemberProps) -> Html {
    let d = &p.view.d;
    let text = use_state(String::new);
    let error = use_state(|| None::<String>);
    let candidates = use_memo((d.clone(), p.group.to_string()), |(d, g)| {
        member_candidates(d, g)
    });
    let onsubmit = {
        let (text, error, editor, gid, d) = (
            text.clone(),
            error.clone(),
            p.view.editor(),
            p.group.to_string(),
            d.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let wanted = text.trim().to_owned();
            match member_named(&d, &wanted) {
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
    let list = "members-candidates";
    html! {
        <>
            <form class="inline-form" onsubmit={onsubmit}>
                <label>{ "Add a member " }
                    <input type="text" list={list} placeholder="user or group name" value={(*text).clone()}
                           oninput={let t = text.clone(); move |e: InputEvent| t.set(input_event_value(&e))} />
                </label>
                <button type="submit">{ "Add" }</button>
            </form>
            if let Some(message) = &*error { <p class="form-error" role="alert">{ message }</p> }
            { p.view.draft_at(&format!("add-member-{}", p.group)) }
            <datalist id={list}>
                { for candidates.users.iter()
                    .map(|u| html! { <option value={format!("{} ({})", u.name, u.id)}>{ "user" }</option> }) }
                { for candidates.groups.iter()
                    .map(|x| html! { <option value={format!("{} ({})", x.name, x.id)}>{ "group (nested: its members get nothing)" }</option> }) }
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
    let open =
        *use_state(|| matches!(answer(&p.d, &Query::Summary), Answer::Summary(s) if s.groups == 0));
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
            let id = unused_id(&d, &format!("g-{}", slug(&display)));
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

//! Users: properties, each license with its paths (direct or inherited from which group), the
//! enabled plans, and the error on each failing path with the reason and the fix.

use std::rc::Rc;

use licenselab_engine::{Action, UserDef};
use serde_json::{Map, Value};
use yew::prelude::*;

use super::common::*;
use crate::model::views::users::{
    unused_id, user_details, users_page, UserDetails, UserRow, UsersQuery,
};
use crate::model::views::{answer, Answer, Query};
use crate::model::Derived;
use crate::state::Target;

/// Asks the users table to badge each user's pending work (an observed starting state's) and to
/// say above it how much there is: the full app's Users view does, the embed does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShowPending;

#[derive(Properties, PartialEq, Clone)]
pub struct UsersTableProps {
    pub view: ViewProps,
    #[prop_or(480)]
    pub height: u32,
    #[prop_or_default]
    pub pending: Option<ShowPending>,
}

/// The "Pending" badge, with the reasons as its title.
pub fn pending_badge(reasons: &[String]) -> Html {
    html! { <span class="badge pending" title={reasons.join("\n")}>{ "Pending" }</span> }
}

/// The height of a users table's row, in pixels.
const ROW_HEIGHT: u32 = 34;

/// The users table, virtualised (the embed view shows this too): it asks for the window of
/// matching users it renders.
#[component]
pub fn UsersTable(p: &UsersTableProps) -> Html {
    let filter = use_state(String::new);
    let errors_only = use_state(|| false);
    let first = use_state_eq(|| 0usize);
    let query = UsersQuery {
        filter: (*filter).clone(),
        errors_only: *errors_only,
        offset: *first,
        limit: window_rows(p.height, ROW_HEIGHT),
        pending: p.pending.is_some(),
    };
    let page = use_memo((p.view.d.clone(), query), |(d, q)| users_page(d, q));
    let head = html! { <tr>
        <th scope="col" class="c-name">{ "Name" }</th><th scope="col" class="c-loc">{ "Location" }</th>
        <th scope="col" class="c-lic" title="Product (enabled plans / plans)">{ "Licenses (plans on)" }</th><th scope="col" class="c-status">{ "Status" }</th>
    </tr> };
    let row = {
        let (page, view) = (page.clone(), p.view.clone());
        Callback::from(move |i: usize| {
            match i.checked_sub(page.offset).and_then(|at| page.rows.get(at)) {
                Some(user) => user_row(user, &view),
                // Outside the answer's window until the window asked for arrives.
                None => {
                    html! { <tr key={format!("row-{i}")} class="spacer" aria-hidden="true" style={format!("height:{ROW_HEIGHT}px")}></tr> }
                }
            }
        })
    };
    let on_window = {
        let first = first.clone();
        Callback::from(move |(start, _end): (usize, usize)| first.set(start))
    };
    let (shown, total) = (page.matching, page.total);
    html! { <>
        if p.pending.is_some() && page.pending_items > 0 {
            <p class="pending-note" role="note">{ pending_summary(page.pending_items) }</p>
        }
        <div class="users-table">
            <div class="table-tools">
                <label>{ "Search users " }
                    <input type="search" value={(*filter).clone()} placeholder="name or id"
                           oninput={let f = filter.clone(); move |e: InputEvent| f.set(input_event_value(&e))} />
                </label>
                <label><input type="checkbox" checked={*errors_only} onchange={let e = errors_only.clone(); move |_| e.set(!*e)} />{ " Only users with errors" }</label>
                <span class="muted">{ if shown == total { count(total, "user") } else { format!("{shown} of {total} users") } }</span>
            </div>
            <VirtualTable head={head} rows={shown} row={row} label="Users" height={p.height} row_height={ROW_HEIGHT} class="grid users-grid" on_window={on_window} />
        </div>
    </> }
}

/// One row of the users table.
fn user_row(user: &UserRow, view: &ViewProps) -> Html {
    let selected = view.selected.as_deref() == Some(user.id.as_str());
    let licenses = user.licenses.join(", ");
    let name = match &view.on_select {
        Some(select) => {
            let (select, id) = (select.clone(), user.id.clone());
            html! { <button type="button" class="link" aria-pressed={selected.to_string()}
            onclick={move |_| select.emit(Some(id.clone()))}>{ &user.name }</button> }
        }
        None => html! { <span>{ &user.name }</span> },
    };
    html! {
        <tr key={user.id.clone()} class={classes!(selected.then_some("selected"))}>
            <th scope="row" class="c-name" title={user.id.clone()}>{ name }</th>
            <td class="c-loc">{ user.usage_location.clone().unwrap_or_else(|| "—".into()) }</td>
            <td class="c-lic" title={licenses.clone()}>{ if licenses.is_empty() { "—".to_owned() } else { licenses } }</td>
            <td class="c-status">{ state_badge(&user.status) }
                if !user.pending.is_empty() { { " " }{ pending_badge(&user.pending) } }
            </td>
        </tr>
    }
}

/// The Users view: the table and the selected user's details.
#[component]
pub fn UsersView(p: &ViewProps) -> Html {
    let details = use_memo((p.d.clone(), p.selected.clone()), |(d, id)| {
        id.as_deref()
            .and_then(|id| user_details(d, id))
            .map(Rc::new)
    });
    let list = html! { <>
        <UsersTable view={p.clone()} pending={ShowPending} />
        if let Some(edit) = p.editor() { <CreateUser on_edit={edit} d={p.d.clone()} /> }
    </> };
    let detail = (*details).as_ref().map(
        |user| html! { <UserDetail key={user.id.clone()} user={user.clone()} view={p.clone()} /> },
    );
    split_view(
        "users-view",
        "Users",
        list,
        detail,
        "Select a user to see their licenses, where each comes from, and any errors.",
    )
}

#[derive(Properties, PartialEq)]
pub struct UserDetailProps {
    pub user: Rc<UserDetails>,
    pub view: ViewProps,
}

/// "3 items of pending work ...": what the observed state has yet to have done, in short.
pub fn pending_summary(items: usize) -> String {
    format!(
        "{} of pending work in this observed state: Entra's license processing has yet to do it. A step that touches the user, or a reprocess, does it.",
        count(items, "item")
    )
}

#[component]
pub fn UserDetail(p: &UserDetailProps) -> Html {
    let user = &p.user;
    let id = user.id.clone();
    let editor = p.view.editor();
    let emit = |edit: Edit| {
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(e) = &editor {
                e.emit(edit.clone())
            }
        })
    };
    let nav = p.view.on_navigate.clone();
    let go_group = |gid: String| {
        let nav = nav.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(n) = &nav {
                n.emit(Target::Group(gid.clone()))
            }
        })
    };
    let pending = &user.pending;
    html! {
        <article class="detail user-detail" aria-labelledby="user-detail-h">
            <header class="detail-head">
                <h3 id="user-detail-h" title={user.name.clone()}>{ &user.name }</h3>
                <span class="sub"><code>{ &user.id }</code></span>
            </header>
            <p>
                { "Usage location: " }
                { match (&user.usage_location, &user.effective_location) {
                    (Some(l), _) => html! { <strong>{ l }</strong> },
                    (None, Some(e)) => html! { <><strong>{ "not set" }</strong>{ format!(" (group licensing uses the organization's {e}; a direct assignment is refused)") }</> },
                    (None, None) => html! { <strong>{ "not set" }</strong> },
                } }
            </p>

            if !pending.is_empty() {
                <section aria-labelledby="u-pend-h" class="pending-work">
                    <h4 id="u-pend-h">{ pending_badge(&[]) }{ format!(" Pending work ({})", pending.len()) }</h4>
                    <ul class="pending-list">
                        { for pending.iter().map(|i| html! {
                            <li><strong>{ &i.product }</strong>{ ": " }{ &i.reason }</li>
                        }) }
                    </ul>
                </section>
            }
            <section aria-labelledby="u-lic-h">
                <h4 id="u-lic-h">{ "Licenses" }</h4>
                if user.licenses.is_empty() { <p class="muted">{ "No licenses." }</p> }
                { for user.licenses.iter().map(|lic| {
                    let place = format!("direct-{id}-{}", lic.sku_id);
                    html! {
                        <div class="license-box" key={lic.sku_id.clone()}>
                            <div class="license-head">
                                <strong>{ &lic.product }</strong>
                                <span class="plans-count">{ format!(" {} of {} enabled", lic.enabled, count(lic.total, "plan")) }</span>
                                if lic.direct && editor.is_some() {
                                    <button type="button" class="small danger" onclick={emit(Edit::draft(Action::AssignLicense {
                                        user: Some(id.clone()), group: None, add_licenses: vec![], remove_licenses: vec![lic.sku_id.clone()] }, place.clone()))}
                                        aria-label={format!("Remove the direct assignment of {}", lic.product)}>{ "Remove direct" }</button>
                                }
                            </div>
                            { p.view.draft_at(&place) }
                            <table class="grid paths stack">
                                <caption class="visually-hidden">{ format!("Assignment paths of {}", lic.product) }</caption>
                                <thead><tr><th scope="col">{ "Assignment path" }</th><th scope="col">{ "State" }</th><th scope="col">{ "Why, and what to do" }</th></tr></thead>
                                <tbody>
                                { for lic.paths.iter().map(|path| html! {
                                    <tr>
                                        <td>{ match &path.group {
                                            None => html! { "Direct" },
                                            Some(g) => html! { <>{ "Inherited from " }
                                                <button type="button" class="link" onclick={go_group(g.id.clone())}>{ &g.name }</button></> },
                                        } }
                                        if path.disabled_plans > 0 { <div class="sub">{ format!("{} disabled", count(path.disabled_plans, "plan")) }</div> }
                                        </td>
                                        <td>{ state_badge(&path.state) }
                                            if let Some(code) = &path.error { <div class="sub">
                                                if let Some(label) = &path.error_label { { label }<br /> }
                                                <code>{ code }</code></div> }
                                            if path.clears_now { <div class="sub">{ clears_now_badge() }</div> }</td>
                                        <td class="reason" data-label="Why, and what to do">{ if path.reason.is_empty() { html! { <span class="muted">{ "—" }</span> } } else { html! { &path.reason } } }</td>
                                    </tr>
                                }) }
                                </tbody>
                            </table>
                            <details>
                                <summary>{ format!("Enabled plans ({} of {})", lic.enabled, lic.total) }</summary>
                                <ul class="plan-list">
                                    { for lic.enabled_plans.iter().map(|n| html! { <li>{ n }</li> }) }
                                </ul>
                                if lic.enabled < lic.total {
                                    <p class="sub">{ "Off: " }{ lic.off_plans.join(", ") }</p>
                                }
                            </details>
                        </div>
                    }
                }) }
                if editor.is_some() { <AssignDirect user={id.clone()} options={user.assignable.clone()} view={p.view.clone()} /> }
            </section>

            if !user.nested_only.is_empty() {
                <p class="warning-box" role="note"><strong>{ "Not licensed through nesting: " }</strong>
                    { user.nested_only.join(", ") }
                    { " reach this user only through a nested group, so their licenses do not apply. Group-based licensing covers direct members only." }</p>
            }
            <section aria-labelledby="u-grp-h">
                <h4 id="u-grp-h">{ "Groups" }</h4>
                if user.groups.is_empty() { <p class="muted">{ "Not a direct member of any group." }</p> }
                <ul class="compact">
                    { for user.groups.iter().map(|g| html! {
                        <li><button type="button" class="link" onclick={go_group(g.group.id.clone())}>{ &g.group.name }</button>
                            if !g.assigns.is_empty() { <span class="sub">{ format!(" · assigns {}", g.assigns.join(", ")) }</span> }
                        </li>
                    }) }
                </ul>
            </section>

            <PropertiesEditor key={format!("{}-{}", id, user.cursor)} user={id.clone()} props={Rc::new(user.properties.clone())} on_edit={editor.clone()}
                draft={p.view.draft_at(&format!("properties-{id}"))} />

            if editor.is_some() {
                <div class="actions">
                    <button type="button" onclick={emit(Edit::new(Action::Reprocess { user: Some(id.clone()), group: None }))}>{ "Reprocess" }</button>
                    <button type="button" class="danger" onclick={emit(Edit::draft(Action::DeleteUser { user: id.clone() }, format!("delete-{id}")))}>{ "Delete user" }</button>
                </div>
                { p.view.draft_at(&format!("delete-{id}")) }
            }
            <p class="sub">{ format!("Paths: {}", user.paths.join(", ")) }</p>
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct AssignDirectProps {
    user: String,
    /// (skuId, display name) of the products the user has no direct assignment of.
    options: Vec<(String, String)>,
    view: ViewProps,
}

#[component]
fn AssignDirect(p: &AssignDirectProps) -> Html {
    let on_pick = {
        let (editor, uid) = (p.view.editor(), p.user.clone());
        Callback::from(move |sku: String| {
            if let Some(edit) = &editor {
                edit.emit(assign_draft(Some(uid.clone()), None, sku));
            }
        })
    };
    html! {
        <>
            <ProductPicker label="Assign directly" options={p.options.clone()} on_pick={on_pick} />
            { p.view.draft_at(&assign_place(&p.user)) }
        </>
    }
}

/// Properties an administrator or directory sync changes, and that rules read.
const EDITABLE: &[(&str, &str)] = &[
    ("usageLocation", "Usage location"),
    ("department", "Department"),
    ("jobTitle", "Job title"),
    ("companyName", "Company"),
    ("country", "Country"),
    ("city", "City"),
    ("employeeId", "Employee id"),
    ("userType", "User type"),
];

#[derive(Properties, PartialEq)]
struct PropertiesEditorProps {
    user: AttrValue,
    props: Rc<Map<String, Value>>,
    on_edit: Option<Callback<Edit>>,
    /// The draft of a save, shown under the form.
    #[prop_or_default]
    draft: Html,
}

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// The user's properties as a form; saving appends one `updateUser` step with what changed.
#[component]
fn PropertiesEditor(p: &PropertiesEditorProps) -> Html {
    let ext = p
        .props
        .get("onPremisesExtensionAttributes")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let initial = {
        let props = p.props.clone();
        let ext = ext.clone();
        move || {
            let mut fields: Vec<(String, String)> = EDITABLE
                .iter()
                .map(|(k, _)| (k.to_string(), text_of(props.get(*k))))
                .collect();
            fields.push((
                "accountEnabled".into(),
                text_of(props.get("accountEnabled")),
            ));
            fields.push((
                "proxyAddresses".into(),
                props
                    .get("proxyAddresses")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default(),
            ));
            for n in 1..=15 {
                let k = format!("extensionAttribute{n}");
                fields.push((k.clone(), text_of(ext.get(&k))));
            }
            fields
        }
    };
    let fields = use_state(initial.clone());
    let original = use_memo(p.props.clone(), move |_| initial());
    let readonly = p.on_edit.is_none();
    let set_field = |key: String| {
        let fields = fields.clone();
        Callback::from(move |value: String| {
            let mut next = (*fields).clone();
            if let Some(f) = next.iter_mut().find(|(k, _)| *k == key) {
                f.1 = value;
            }
            fields.set(next);
        })
    };
    let changes = {
        let mut set = Map::new();
        let mut ext = Map::new();
        for ((key, now), (_, was)) in fields.iter().zip(original.iter()) {
            if now == was {
                continue;
            }
            let value = if now.trim().is_empty() {
                Value::Null
            } else {
                Value::String(now.trim().to_owned())
            };
            if key.starts_with("extensionAttribute") {
                ext.insert(key.clone(), value);
            } else if key == "proxyAddresses" {
                set.insert(
                    key.clone(),
                    Value::Array(
                        now.lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .map(|l| Value::String(l.to_owned()))
                            .collect(),
                    ),
                );
            } else if key == "accountEnabled" {
                set.insert(
                    key.clone(),
                    match now.trim() {
                        "false" => Value::Bool(false),
                        "" => Value::Null,
                        _ => Value::Bool(true),
                    },
                );
            } else {
                set.insert(key.clone(), value);
            }
        }
        if !ext.is_empty() {
            set.insert("onPremisesExtensionAttributes".into(), Value::Object(ext));
        }
        set
    };
    let onsubmit = {
        let (edit, user, set) = (p.on_edit.clone(), p.user.clone(), changes.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let (Some(edit), false) = (&edit, set.is_empty()) {
                edit.emit(Edit::draft(
                    Action::UpdateUser {
                        user: user.to_string(),
                        set: set.clone(),
                    },
                    format!("properties-{user}"),
                ));
            }
        })
    };
    let label_of = |key: &str| -> String {
        EDITABLE
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, l)| l.to_string())
            .unwrap_or_else(|| match key {
                "accountEnabled" => "Account enabled (true/false)".into(),
                "proxyAddresses" => "Proxy addresses (one a line)".into(),
                other => other.replace("extensionAttribute", "extensionAttribute "),
            })
    };
    let extras: Vec<(String, String)> = p
        .props
        .iter()
        .filter(|(k, _)| {
            !EDITABLE.iter().any(|(e, _)| e == k)
                && !matches!(
                    k.as_str(),
                    "id" | "proxyAddresses" | "onPremisesExtensionAttributes" | "accountEnabled"
                )
        })
        .map(|(k, v)| (k.clone(), text_of(Some(v))))
        .collect();
    let field = |i: usize, key: &String, value: &String| {
        let id = format!("prop-{i}");
        let on = set_field(key.clone());
        html! {
            <div class={classes!("field", (key == "proxyAddresses").then_some("wide"))}>
                <label for={id.clone()}>{ label_of(key) }</label>
                if key == "proxyAddresses" {
                    <textarea id={id} rows="2" value={value.clone()} readonly={readonly}
                        oninput={move |e: InputEvent| on.emit(textarea_value(&e))} />
                } else {
                    <input id={id} type="text" value={value.clone()} readonly={readonly}
                        oninput={move |e: InputEvent| on.emit(input_event_value(&e))} />
                }
            </div>
        }
    };
    html! {
        <section aria-labelledby="u-props-h">
            <h4 id="u-props-h">{ "Properties" }</h4>
            <dl class="props">
                { for extras.iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd>{ v }</dd></> }) }
            </dl>
            <form class="props-form" onsubmit={onsubmit}>
                <div class="field-grid">
                { for fields.iter().enumerate().filter(|(_, (k, _))| !k.starts_with("extensionAttribute")).map(|(i, (key, value))| field(i, key, value)) }
                </div>
                <details open={fields.iter().any(|(k, v)| k.starts_with("extensionAttribute") && !v.is_empty())}>
                    <summary>{ "Extension attributes (onPremisesExtensionAttributes)" }</summary>
                    <div class="field-grid">
                    { for fields.iter().enumerate().filter(|(_, (k, _))| k.starts_with("extensionAttribute")).map(|(i, (key, value))| field(i, key, value)) }
                    </div>
                </details>
                if !readonly {
                    <div class="actions">
                        <button type="submit" disabled={changes.is_empty()}>{ if changes.is_empty() { "Save properties".to_owned() } else { format!("Save {}", count(changes.len(), "change")) } }</button>
                        <span class="muted small">{ "Fixes to usage location or proxy addresses take effect at the next reprocess, as in Entra." }</span>
                    </div>
                }
            </form>
            { p.draft.clone() }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CreateUserProps {
    on_edit: Callback<Edit>,
    d: Rc<Derived>,
}

#[component]
fn CreateUser(p: &CreateUserProps) -> Html {
    // A tenant without users shows the form open (the first thing to do there); opened once, it
    // is the admin's to close: the attribute is fixed at mount so that Yew never toggles it.
    let open =
        *use_state(|| matches!(answer(&p.d, &Query::Summary), Answer::Summary(s) if s.users == 0));
    let name = use_state(String::new);
    let location = use_state(|| "US".to_owned());
    let problem = use_state(|| None::<String>);
    let onsubmit = {
        let (name, location, edit, d, problem) = (
            name.clone(),
            location.clone(),
            p.on_edit.clone(),
            p.d.clone(),
            problem.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let display = match checked_display_name(&name, "user") {
                Ok(display) => display,
                Err(message) => return problem.set(Some(message)),
            };
            problem.set(None);
            let id = unused_id(&d, &format!("u-{}", super::groups::slug(&display)));
            let mut properties = Map::new();
            properties.insert("displayName".into(), Value::String(display.clone()));
            properties.insert(
                "userPrincipalName".into(),
                Value::String(format!("{}@contoso.example", id.trim_start_matches("u-"))),
            );
            properties.insert("accountEnabled".into(), Value::Bool(true));
            let loc = location.trim().to_uppercase();
            edit.emit(Edit::new(Action::CreateUser {
                user: UserDef {
                    id,
                    usage_location: (!loc.is_empty()).then_some(loc),
                    properties,
                    ..Default::default()
                },
            }));
            name.set(String::new());
        })
    };
    html! {
        <details class="panel create" open={open}>
            <summary>{ "New user" }</summary>
            <form class="inline-form" onsubmit={onsubmit}>
                <label>{ "Display name " }<input type="text" value={(*name).clone()} oninput={let n = name.clone(); move |e: InputEvent| n.set(input_event_value(&e))} /></label>
                <label>{ "Usage location " }<input type="text" class="num" maxlength="2" value={(*location).clone()} oninput={let l = location.clone(); move |e: InputEvent| l.set(input_event_value(&e))} /></label>
                <button type="submit">{ "Create user" }</button>
            </form>
            if let Some(message) = &*problem { <p class="form-error" role="alert">{ message }</p> }
        </details>
    }
}

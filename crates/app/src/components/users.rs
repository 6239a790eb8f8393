//! Users: properties, each license with its paths (direct or inherited from which group), the
//! enabled plans, and the error on each failing path with the reason and the fix.

use std::rc::Rc;

use licenselab_engine::{Action, UserDef};
use licenselab_engine::{Source, UserIx};
use serde_json::{Map, Value};
use yew::prelude::*;

use super::common::*;
use crate::model::problems::{clears_now, row_clears};
use crate::model::queries::{
    error_label, licensed_through_nesting_only, plan_names, row_reason, sku_name, source_label,
    user_licenses, Pending,
};
use crate::model::Derived;
use crate::state::Target;

#[derive(Properties, PartialEq, Clone)]
pub struct UsersTableProps {
    pub view: ViewProps,
    #[prop_or(480)]
    pub height: u32,
    /// The pending work of an observed starting state, badged in the status column (the full app's
    /// Users view passes it; the embed does not).
    #[prop_or_default]
    pub pending: Option<Rc<Pending>>,
}

/// The "Pending" badge, with the reasons as its title.
pub fn pending_badge(reasons: &[String]) -> Html {
    html! { <span class="badge pending" title={reasons.join("\n")}>{ "Pending" }</span> }
}

/// The users table, virtualised (the embed view shows this too).
#[component]
pub fn UsersTable(p: &UsersTableProps) -> Html {
    let d = &p.view.d;
    let filter = use_state(String::new);
    let errors_only = use_state(|| false);
    let t = d.tenant();
    let users: Rc<Vec<UserIx>> = {
        let f = (*filter).clone();
        Rc::new(
            d.live_users()
                .into_iter()
                .filter(|u| {
                    let user = t.user(*u);
                    matches_filter(&f, &[user.display_name(), user.id()])
                        && (!*errors_only || user.rows().iter().any(|r| r.state().is_error()))
                })
                .collect(),
        )
    };
    let head = html! { <tr>
        <th scope="col" class="c-name">{ "Name" }</th><th scope="col" class="c-loc">{ "Location" }</th>
        <th scope="col" class="c-lic" title="Product (enabled plans / plans)">{ "Licenses (plans on)" }</th><th scope="col" class="c-status">{ "Status" }</th>
    </tr> };
    let row = {
        let (d, users, view, pending) =
            (d.clone(), users.clone(), p.view.clone(), p.pending.clone());
        Callback::from(move |i: usize| {
            let t = d.tenant();
            let u = users[i];
            let user = t.user(u);
            let selected = view.selected.as_deref() == Some(user.id());
            let licenses = user_licenses(t, u);
            let names: Vec<String> = licenses
                .iter()
                .map(|l| format!("{} ({}/{})", sku_name(t, l.sku), l.enabled.len(), l.total))
                .collect();
            let name = match &view.on_select {
                Some(select) => {
                    let (select, id) = (select.clone(), user.id().to_owned());
                    html! { <button type="button" class="link" aria-pressed={selected.to_string()}
                    onclick={move |_| select.emit(Some(id.clone()))}>{ user.display_name() }</button> }
                }
                None => html! { <span>{ user.display_name() }</span> },
            };
            html! {
                <tr key={user.id().to_owned()} class={classes!(selected.then_some("selected"))}>
                    <th scope="row" class="c-name" title={user.id().to_owned()}>{ name }</th>
                    <td class="c-loc">{ user.usage_location().map(str::to_owned).unwrap_or_else(|| "—".into()) }</td>
                    <td class="c-lic" title={names.join(", ")}>{ if names.is_empty() { "—".to_owned() } else { names.join(", ") } }</td>
                    <td class="c-status">{ state_badge(t.user_status(u).as_str()) }
                        { match pending.as_ref().map(|p| p.of_user(u)).filter(|items| !items.is_empty()) {
                            Some(items) => html! { <>{ " " }{ pending_badge(&items.iter().map(|i| i.reason.clone()).collect::<Vec<_>>()) }</> },
                            None => Html::default(),
                        } }
                    </td>
                </tr>
            }
        })
    };
    let total = d.live_users().len();
    html! {
        <div class="users-table">
            <div class="table-tools">
                <label>{ "Search users " }
                    <input type="search" value={(*filter).clone()} placeholder="name or id"
                           oninput={let f = filter.clone(); move |e: InputEvent| f.set(input_event_value(&e))} />
                </label>
                <label><input type="checkbox" checked={*errors_only} onchange={let e = errors_only.clone(); move |_| e.set(!*e)} />{ " Only users with errors" }</label>
                <span class="muted">{ if users.len() == total { count(total, "user") } else { format!("{} of {total} users", users.len()) } }</span>
            </div>
            <VirtualTable head={head} rows={users.len()} row={row} label="Users" height={p.height} class="grid users-grid" />
        </div>
    }
}

/// The Users view: the table and the selected user's details.
#[component]
pub fn UsersView(p: &ViewProps) -> Html {
    let t = p.d.tenant();
    let selected = p
        .selected
        .as_deref()
        .and_then(|id| p.d.user_ix(id))
        .filter(|u| p.d.is_live_user(*u));
    let pending = use_memo(p.d.clone(), |d| d.pending());
    let list = html! { <>
        if !pending.is_empty() {
            <p class="pending-note" role="note">{ pending_summary(&pending) }</p>
        }
        <UsersTable view={p.clone()} pending={Some(pending.clone())} />
        if let Some(edit) = p.editor() { <CreateUser on_edit={edit} d={p.d.clone()} /> }
    </> };
    let detail = selected.map(
        |u| html! { <UserDetail key={t.user(u).id().to_owned()} user={u.index()} view={p.clone()} pending={pending.clone()} /> },
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
    pub user: usize,
    pub view: ViewProps,
    /// The pending work at the cursor (the user's is shown with its reason).
    #[prop_or_default]
    pub pending: Rc<Pending>,
}

/// "3 items of pending work ...": what the observed state has yet to have done, in short.
pub fn pending_summary(pending: &Pending) -> String {
    format!(
        "{} of pending work in this observed state: Entra's license processing has yet to do it. A step that touches the user, or a reprocess, does it.",
        count(pending.len(), "item")
    )
}

#[component]
pub fn UserDetail(p: &UserDetailProps) -> Html {
    let d = &p.view.d;
    let t = d.tenant();
    let u = UserIx::new(p.user);
    let user = t.user(u);
    let id = user.id().to_owned();
    let editor = p.view.editor();
    let props = d.user_properties(&id);
    // Which of the user's errors a reprocess clears now (their recorded reason may be stale).
    let clears = use_memo((d.clone(), u), |(d, u)| {
        let in_error = d
            .tenant()
            .user(*u)
            .rows()
            .iter()
            .any(|r| r.state().is_error());
        if in_error {
            clears_now(d, &[*u])
        } else {
            Default::default()
        }
    });
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
    let effective = t.effective_location(u).map(str::to_owned);
    let licenses = user_licenses(t, u);
    let nested_only = licensed_through_nesting_only(d, u);
    let pending = p.pending.of_user(u);
    html! {
        <article class="detail user-detail" aria-labelledby="user-detail-h">
            <header class="detail-head">
                <h3 id="user-detail-h" title={user.display_name().to_owned()}>{ user.display_name() }</h3>
                <span class="sub"><code>{ &user.id() }</code></span>
            </header>
            <p>
                { "Usage location: " }
                { match (&user.usage_location(), &effective) {
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
                            <li><strong>{ sku_name(t, i.sku) }</strong>{ ": " }{ &i.reason }</li>
                        }) }
                    </ul>
                </section>
            }
            <section aria-labelledby="u-lic-h">
                <h4 id="u-lic-h">{ "Licenses" }</h4>
                if licenses.is_empty() { <p class="muted">{ "No licenses." }</p> }
                { for licenses.iter().map(|lic| {
                    let sku = t.sku(lic.sku);
                    let has_direct = lic.rows.iter().any(|r| r.source() == Source::Direct);
                    html! {
                        <div class="license-box" key={sku.id().to_owned()}>
                            <div class="license-head">
                                <strong>{ sku_name(t, lic.sku) }</strong>
                                <span class="plans-count">{ format!(" {} of {} enabled", lic.enabled.len(), count(lic.total, "plan")) }</span>
                                if has_direct && editor.is_some() {
                                    <button type="button" class="small danger" onclick={emit(Edit::draft(Action::AssignLicense {
                                        user: Some(id.clone()), group: None, add_licenses: vec![], remove_licenses: vec![sku.id().to_owned()] }, format!("direct-{id}-{}", sku.id())))}
                                        aria-label={format!("Remove the direct assignment of {}", sku_name(t, lic.sku))}>{ "Remove direct" }</button>
                                }
                            </div>
                            { p.view.draft_at(&format!("direct-{id}-{}", sku.id())) }
                            <table class="grid paths stack">
                                <caption class="visually-hidden">{ format!("Assignment paths of {}", sku_name(t, lic.sku)) }</caption>
                                <thead><tr><th scope="col">{ "Assignment path" }</th><th scope="col">{ "State" }</th><th scope="col">{ "Why, and what to do" }</th></tr></thead>
                                <tbody>
                                { for lic.rows.iter().map(|row| {
                                    let reason = row_reason(t, row);
                                    html! {
                                        <tr>
                                            <td>{ match row.source() {
                                                Source::Direct => html! { "Direct" },
                                                Source::Group(g) => html! { <>{ "Inherited from " }
                                                    <button type="button" class="link" onclick={go_group(t.group(g).id().to_owned())}>{ t.group(g).display_name() }</button></> },
                                            } }
                                            if !row.disabled().is_empty() { <div class="sub">{ format!("{} disabled", count(row.disabled().len(), "plan")) }</div> }
                                            </td>
                                            <td>{ state_badge(row.state().as_str()) }
                                                if row.error().as_str() != "None" { <div class="sub">
                                                    if let Some(label) = error_label(row.error().as_str()) { { label }<br /> }
                                                    <code>{ row.error().as_str() }</code></div> }
                                                if row_clears(&clears, u, row.sku(), row.source()) == Some(true) { <div class="sub">{ clears_now_badge() }</div> }</td>
                                            <td class="reason" data-label="Why, and what to do">{ if reason.is_empty() { html! { <span class="muted">{ "—" }</span> } } else { html! { reason } } }</td>
                                        </tr>
                                    }
                                }) }
                                </tbody>
                            </table>
                            <details>
                                <summary>{ format!("Enabled plans ({} of {})", lic.enabled.len(), lic.total) }</summary>
                                <ul class="plan-list">
                                    { for plan_names(t, lic.sku, lic.enabled).into_iter().map(|n| html! { <li>{ n }</li> }) }
                                </ul>
                                if lic.enabled.len() < lic.total {
                                    <p class="sub">{ "Off: " }{ plan_names(t, lic.sku, sku.all_plans().difference(lic.enabled)).join(", ") }</p>
                                }
                            </details>
                        </div>
                    }
                }) }
                if editor.is_some() { <AssignDirect user={p.user} view={p.view.clone()} /> }
            </section>

            if !nested_only.is_empty() {
                <p class="warning-box" role="note"><strong>{ "Not licensed through nesting: " }</strong>
                    { nested_only.iter().map(|g| t.group(*g).display_name().to_owned()).collect::<Vec<_>>().join(", ") }
                    { " reach this user only through a nested group, so their licenses do not apply. Group-based licensing covers direct members only." }</p>
            }
            <section aria-labelledby="u-grp-h">
                <h4 id="u-grp-h">{ "Groups" }</h4>
                if user.memberships().is_empty() { <p class="muted">{ "Not a direct member of any group." }</p> }
                <ul class="compact">
                    { for user.memberships().iter().map(|g| html! {
                        <li><button type="button" class="link" onclick={go_group(t.group(*g).id().to_owned())}>{ t.group(*g).display_name() }</button>
                            if !t.group(*g).licenses().is_empty() { <span class="sub">{ format!(" · assigns {}", t.group(*g).licenses().iter().map(|l| sku_name(t, l.sku())).collect::<Vec<_>>().join(", ")) }</span> }
                        </li>
                    }) }
                </ul>
            </section>

            <PropertiesEditor key={format!("{}-{}", id, d.cursor)} user={id.clone()} props={Rc::new(props)} on_edit={editor.clone()}
                draft={p.view.draft_at(&format!("properties-{id}"))} />

            if editor.is_some() {
                <div class="actions">
                    <button type="button" onclick={emit(Edit::new(Action::Reprocess { user: Some(id.clone()), group: None }))}>{ "Reprocess" }</button>
                    <button type="button" class="danger" onclick={emit(Edit::draft(Action::DeleteUser { user: id.clone() }, format!("delete-{id}")))}>{ "Delete user" }</button>
                </div>
                { p.view.draft_at(&format!("delete-{id}")) }
            }
            <p class="sub">{ format!("Paths: {}", user.rows().iter().map(|r| source_label(t, r.source())).collect::<Vec<_>>().join(", ")) }</p>
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct AssignDirectProps {
    user: usize,
    view: ViewProps,
}

#[component]
fn AssignDirect(p: &AssignDirectProps) -> Html {
    let t = p.view.d.tenant();
    let u = UserIx::new(p.user);
    let options: Vec<(String, String)> = p
        .view
        .d
        .live_skus()
        .into_iter()
        .filter(|s| {
            !t.user(u)
                .rows()
                .iter()
                .any(|r| r.sku() == *s && r.source() == Source::Direct)
        })
        .map(|s| (t.sku(s).id().to_owned(), sku_name(t, s).to_owned()))
        .collect();
    let on_pick = {
        let (editor, uid) = (p.view.editor(), t.user(u).id().to_owned());
        Callback::from(move |sku: String| {
            if let Some(edit) = &editor {
                edit.emit(assign_draft(Some(uid.clone()), None, sku));
            }
        })
    };
    html! {
        <>
            <ProductPicker label="Assign directly" options={options} on_pick={on_pick} />
            { p.view.draft_at(&assign_place(t.user(u).id())) }
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
    let open = *use_state(|| p.d.tenant().users().is_empty());
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
            let base = format!("u-{}", super::groups::slug(&display));
            let mut id = base.clone();
            let mut n = 2;
            while d.user_ix(&id).is_some() || d.group_ix(&id).is_some() {
                id = format!("{base}-{n}");
                n += 1;
            }
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

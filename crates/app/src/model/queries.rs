//! The views' queries on the tenant at the cursor: names, live objects, a user's licenses and
//! status, a group's errors, what a step did, in words. Read-only; facts the engine answers
//! itself (processing state, a user's status, lost plans, nesting) are read from `Tenant`.

use licenselab_engine::Action;
use licenselab_engine::PlanChange;
use licenselab_engine::{GroupIx, MemberRef, PlanSet, Row, SkuIx, Source, State, Tenant, UserIx};
use serde_json::{Map, Value};

use super::Derived;

impl Derived {
    pub fn user_ix(&self, id: &str) -> Option<UserIx> {
        // Every user the scenario has or creates has its id in the tenant's index from the start.
        self.full.tenant().user_ix(id)
    }

    pub fn group_ix(&self, id: &str) -> Option<GroupIx> {
        self.full.tenant().group_ix(id)
    }

    /// A user that exists at the cursor (created, not deleted).
    pub fn is_live_user(&self, u: UserIx) -> bool {
        let user = self.tenant().user(u);
        user.is_alive() && !user.is_pending()
    }

    /// A group that exists at the cursor (created, not deleted).
    pub fn is_live_group(&self, g: GroupIx) -> bool {
        let group = self.tenant().group(g);
        group.is_alive() && !group.is_pending()
    }

    /// Live users in scenario order.
    pub fn live_users(&self) -> Vec<UserIx> {
        (0..self.tenant().users().len())
            .map(UserIx::new)
            .filter(|u| self.is_live_user(*u))
            .collect()
    }

    pub fn live_groups(&self) -> Vec<GroupIx> {
        (0..self.tenant().groups().len())
            .map(GroupIx::new)
            .filter(|g| self.is_live_group(*g))
            .collect()
    }

    /// The product a step names, by its id or its part number (steps may use either). Like users
    /// and groups, every product the scenario has or buys is in the tenant from the start.
    pub fn sku_ix(&self, id: &str) -> Option<SkuIx> {
        let t = self.full.tenant();
        (0..t.skus().len())
            .map(SkuIx::new)
            .find(|s| t.sku(*s).id() == id || t.sku(*s).part_number() == Some(id))
    }

    pub fn live_skus(&self) -> Vec<SkuIx> {
        let t = self.tenant();
        (0..t.skus().len())
            .map(SkuIx::new)
            .filter(|s| !t.sku(*s).is_pending())
            .collect()
    }

    /// A user's Graph properties at the cursor: the starting object (or the `createUser` step),
    /// with every applied `updateUser` before the cursor merged in.
    pub fn user_properties(&self, id: &str) -> Map<String, Value> {
        let mut props = Map::new();
        let start = self.scenario.users.iter().find(|u| u.id == id);
        if let Some(def) = start {
            props = user_def_json(def);
        }
        for (i, step) in self.scenario.steps.iter().enumerate().take(self.cursor) {
            let applied = self.reports().get(i).is_some_and(|r| r.outcome.is_ok());
            if !applied {
                continue;
            }
            match &step.action {
                Action::CreateUser { user } if user.id == id => props = user_def_json(user),
                Action::UpdateUser { user, set } if user == id => merge_set(&mut props, set),
                _ => {}
            }
        }
        // Licenses are shown as paths, not as properties (an observed user carries its rows).
        props.remove("assignedLicenses");
        props.remove("licenseAssignmentStates");
        props
    }
}

fn user_def_json(def: &licenselab_engine::UserDef) -> Map<String, Value> {
    match serde_json::to_value(def) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// `updateUser`'s `set` applied to a user object: extension attributes merge one by one, `null` clears.
pub fn merge_set(props: &mut Map<String, Value>, set: &Map<String, Value>) {
    for (key, value) in set {
        if key == "onPremisesExtensionAttributes" {
            let entry = props
                .entry(key.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if let (Value::Object(target), Value::Object(changes)) = (entry, value) {
                for (k, v) in changes {
                    if v.is_null() {
                        target.remove(k);
                    } else {
                        target.insert(k.clone(), v.clone());
                    }
                }
            }
        } else if value.is_null() {
            props.remove(key);
        } else {
            props.insert(key.clone(), value.clone());
        }
    }
}

pub fn sku_name(t: &Tenant, s: SkuIx) -> &str {
    t.sku(s).display_name()
}

/// Names of a product's plans in a set, in the product's plan order.
pub fn plan_names(t: &Tenant, s: SkuIx, set: PlanSet) -> Vec<String> {
    t.plan_names(s, set)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The groups that assign a product (alive, in scenario order).
pub fn groups_assigning(t: &Tenant, s: SkuIx) -> Vec<GroupIx> {
    (0..t.groups().len())
        .map(GroupIx::new)
        .filter(|g| {
            let group = t.group(*g);
            group.is_alive() && !group.is_pending() && group.license(s).is_some()
        })
        .collect()
}

/// A failing row: the product, the error code, and the reason with the fix.
pub type RowError = (SkuIx, String, String);

/// Users holding rows in error from a group, with the reason for each failing row.
pub fn group_errors(t: &Tenant, g: GroupIx) -> Vec<(UserIx, Vec<RowError>)> {
    t.users_with_rows_from(g)
        .into_iter()
        .filter_map(|u| {
            let errors: Vec<_> = t
                .user(u)
                .rows()
                .iter()
                .filter(|r| r.source() == Source::Group(g) && r.state().is_error())
                .map(|r| (r.sku(), r.error().as_str().to_owned(), row_reason(t, r)))
                .collect();
            (!errors.is_empty()).then_some((u, errors))
        })
        .collect()
}

/// The plain-language reason for a row's state, with the fix; empty for a healthy row.
pub fn row_reason(t: &Tenant, row: &Row) -> String {
    if let Some(reason) = t.explain_row(row) {
        return reason;
    }
    match row.state() {
        State::Disabled => format!(
            "{} has no assignable units (the subscription is suspended or locked out): the seat is kept but its plans are off until units return.",
            t.sku(row.sku()).display_name()
        ),
        _ => String::new(),
    }
}

/// Where a path comes from, in words.
pub fn source_label(t: &Tenant, source: Source) -> String {
    match source {
        Source::Direct => "Direct".to_owned(),
        Source::Group(g) => format!("Inherited ({})", isolate(t.group(g).display_name())),
    }
}

/// A name from the scenario, set into a sentence of ours: isolated (U+2068 ... U+2069), so a
/// right-to-left name, or one with direction controls in it, cannot reorder the words around it.
pub fn isolate(name: &str) -> String {
    format!("\u{2068}{name}\u{2069}")
}

/// One product as a user has it: its paths and the plans they enable together.
pub struct UserLicense<'a> {
    pub sku: SkuIx,
    pub enabled: PlanSet,
    pub total: usize,
    pub rows: Vec<&'a Row>,
}

pub fn user_licenses(t: &Tenant, u: UserIx) -> Vec<UserLicense<'_>> {
    let user = t.user(u);
    let mut skus: Vec<SkuIx> = user.rows().iter().map(|r| r.sku()).collect();
    skus.sort();
    skus.dedup();
    skus.into_iter()
        .map(|s| UserLicense {
            sku: s,
            enabled: user.enabled(s),
            total: t.sku(s).plan_count(),
            rows: user.rows_for(s).collect(),
        })
        .collect()
}

/// Licensed groups that reach a user only through nesting (the user gets nothing from them, B2).
pub fn licensed_through_nesting_only(d: &Derived, u: UserIx) -> Vec<GroupIx> {
    let t = d.tenant();
    d.live_groups()
        .into_iter()
        .filter(|g| {
            let group = t.group(*g);
            !group.licenses().is_empty()
                && group
                    .members()
                    .iter()
                    .any(|m| matches!(m.who(), MemberRef::Group(_)))
                && t.nested_only_users(*g).contains(&u)
        })
        .collect()
}

/// What a step is, in words, with the scenario's names ("Add Bram to Sales").
pub fn describe_step(t: &Tenant, d: &Derived, action: &Action) -> String {
    let user = |id: &str| isolate(d.user_ix(id).map_or(id, |u| t.user(u).display_name()));
    let group = |id: &str| isolate(d.group_ix(id).map_or(id, |g| t.group(g).display_name()));
    let member = |id: &str| {
        if d.user_ix(id).is_some() {
            user(id)
        } else {
            group(id)
        }
    };
    let sku = |id: &str| {
        d.sku_ix(id)
            .map_or_else(|| id.to_owned(), |s| t.sku(s).display_name().to_owned())
    };
    match action {
        Action::AssignLicense {
            user: u,
            group: g,
            add_licenses,
            remove_licenses,
        } => {
            let target = u
                .as_deref()
                .map(user)
                .or(g.as_deref().map(group))
                .unwrap_or_default();
            let mut parts = Vec::new();
            if !add_licenses.is_empty() {
                parts.push(format!(
                    "assign {}",
                    add_licenses
                        .iter()
                        .map(|l| {
                            if l.disabled_plans.is_empty() {
                                sku(&l.sku_id)
                            } else {
                                format!(
                                    "{} ({} off)",
                                    sku(&l.sku_id),
                                    count(l.disabled_plans.len(), "plan")
                                )
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if !remove_licenses.is_empty() {
                parts.push(format!(
                    "remove {}",
                    remove_licenses
                        .iter()
                        .map(|s| sku(s))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            format!("{}: {}", target, parts.join("; "))
        }
        Action::AddMember {
            group: g,
            member: m,
        } => format!("Add {} to {}", member(m), group(g)),
        Action::RemoveMember {
            group: g,
            member: m,
        } => {
            format!("Remove {} from {}", member(m), group(g))
        }
        Action::CreateUser { user: def } => format!(
            "Create user {}",
            isolate(
                def.properties
                    .get("displayName")
                    .and_then(Value::as_str)
                    .unwrap_or(&def.id)
            )
        ),
        Action::UpdateUser { user: u, set } => format!("Update {}: {}", user(u), describe_set(set)),
        Action::DeleteUser { user: u } => format!("Delete user {}", user(u)),
        Action::CreateGroup { group: def } => format!(
            "Create group {}",
            def.display_name.as_deref().unwrap_or(&def.id)
        ),
        Action::UpdateGroup { group: g, set } => {
            format!("Update {}: {}", group(g), describe_set(set))
        }
        Action::DeleteGroup { group: g } => format!("Delete group {}", group(g)),
        Action::AddSubscribedSku { sku: def } => format!(
            "Buy {} ({} seats)",
            licenselab_engine::find_product(def.sku_part_number.as_deref().unwrap_or(&def.sku_id))
                .map_or_else(
                    || def
                        .sku_part_number
                        .clone()
                        .unwrap_or_else(|| def.sku_id.clone()),
                    |p| p.display_name.to_owned()
                ),
            def.prepaid_units.enabled
        ),
        Action::SetPrepaidUnits {
            sku: s,
            prepaid_units,
        } => format!(
            "{}: {} seats enabled{}",
            sku(s),
            prepaid_units.enabled,
            if prepaid_units.suspended + prepaid_units.locked_out + prepaid_units.warning > 0 {
                format!(
                    ", {} warning, {} suspended, {} locked out",
                    prepaid_units.warning, prepaid_units.suspended, prepaid_units.locked_out
                )
            } else {
                String::new()
            }
        ),
        Action::AddServicePlan {
            sku: s,
            service_plan,
        } => format!(
            "Microsoft adds {} to {}",
            plan_display_name(
                service_plan
                    .service_plan_name
                    .as_deref()
                    .unwrap_or(&service_plan.service_plan_id)
            ),
            sku(s)
        ),
        Action::Reprocess { user: u, group: g } => format!(
            "Reprocess {}",
            u.as_deref()
                .map(user)
                .or(g.as_deref().map(group))
                .unwrap_or_default()
        ),
    }
}

/// Does `text` match a filter (case-insensitive substring), for the tables' search boxes?
pub fn matches_filter(filter: &str, texts: &[&str]) -> bool {
    let filter = filter.trim().to_lowercase();
    filter.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(&filter))
}

/// "1 user", "2 users".
pub fn count(n: usize, noun: &str) -> String {
    count_as(n, noun, &format!("{noun}s"))
}

/// "1 entry", "2 entries": a noun whose plural is not its singular and an s.
pub fn count_as(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A license error's name in the Entra portal (licensing-behaviour.md, section 2), for the code
/// Graph reports; `None` for a code the portal has no name for.
pub fn error_label(code: &str) -> Option<&'static str> {
    Some(match code {
        "CountViolation" => "Not enough licenses",
        "MutuallyExclusiveViolation" => "Conflicting service plans",
        "DependencyViolation" => "Other products depend on this license",
        "ProhibitedInUsageLocationViolation" => "Usage location isn't allowed",
        "UniquenessViolation" => "Duplicate proxy addresses",
        "Other" => "Other",
        _ => return None,
    })
}

/// A service plan as the portal names it: the catalog's friendly name for a plan name or id it
/// knows ("Microsoft Loop" for MICROSOFT_LOOP), else what the scenario wrote.
pub fn plan_display_name(name_or_id: &str) -> String {
    licenselab_engine::catalog_plans()
        .iter()
        .find(|p| {
            p.name.eq_ignore_ascii_case(name_or_id)
                || licenselab_engine::format_guid(p.guid).eq_ignore_ascii_case(name_or_id)
        })
        .map_or_else(|| name_or_id.to_owned(), |p| p.friendly_name.to_owned())
}

/// An update's `set`, in short: `key = value, ...`, a nested object (the extension attributes)
/// flattened to its own keys, and a cleared value said in words, never as JSON.
fn describe_set(set: &Map<String, Value>) -> String {
    let mut parts = Vec::new();
    for (k, v) in set {
        match v {
            Value::Object(inner) if !inner.is_empty() => parts.push(describe_set(inner)),
            _ => parts.push(format!("{k} = {}", short_value(v))),
        }
    }
    parts.join(", ")
}

fn short_value(v: &Value) -> String {
    let text = match v {
        Value::String(s) => format!("\"{s}\""),
        Value::Null => "(cleared)".to_owned(),
        Value::Array(items) if items.is_empty() => "(none)".to_owned(),
        Value::Array(items) => items.iter().map(short_value).collect::<Vec<_>>().join(", "),
        Value::Object(_) => "(cleared)".to_owned(),
        other => other.to_string(),
    };
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(59).collect::<String>())
    } else {
        text
    }
}

/// Plans gained and lost in one step, summed up.
pub fn change_counts(changes: &[PlanChange]) -> (usize, usize) {
    changes
        .iter()
        .fold((0, 0), |(g, l), c| (g + c.gained.len(), l + c.lost.len()))
}

/// An audit entry's result as Entra words it.
pub fn audit_text(t: &Tenant, entry: &licenselab_engine::AuditEntry) -> String {
    t.audit_result(entry).into_owned()
}

/// One item of pending work, with its reason in words.
pub struct PendingItem {
    pub user: Option<UserIx>,
    pub group: Option<GroupIx>,
    pub sku: SkuIx,
    pub reason: String,
}

/// The work an observed starting state has pending at the cursor (`Tenant::pending`), by user;
/// empty for a scenario that starts from nothing.
#[derive(Default)]
pub struct Pending {
    by_user: std::collections::BTreeMap<UserIx, Vec<PendingItem>>,
    /// Items about a product alone (its `consumedUnits`).
    pub products: Vec<PendingItem>,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Pending {
    pub fn of(t: &Tenant) -> Pending {
        let mut pending = Pending::default();
        for item in t.pending() {
            let entry = PendingItem {
                user: item.user,
                group: item.group,
                sku: item.sku,
                reason: t.explain_pending(&item),
            };
            match item.user {
                Some(u) => pending.by_user.entry(u).or_default().push(entry),
                None => pending.products.push(entry),
            }
        }
        pending
    }

    /// The user's pending items (none: an empty slice).
    pub fn of_user(&self, u: UserIx) -> &[PendingItem] {
        self.by_user.get(&u).map_or(&[], Vec::as_slice)
    }

    /// Users with pending work from (or about) group `g`, each with those items.
    pub fn in_group(&self, g: GroupIx) -> Vec<(UserIx, Vec<&PendingItem>)> {
        self.by_user
            .iter()
            .filter_map(|(u, items)| {
                let of: Vec<&PendingItem> = items.iter().filter(|i| i.group == Some(g)).collect();
                (!of.is_empty()).then_some((*u, of))
            })
            .collect()
    }

    /// Users with pending work, in scenario order.
    pub fn users(&self) -> impl Iterator<Item = UserIx> + '_ {
        self.by_user.keys().copied()
    }

    /// Every item: the users' in scenario order, then the products'.
    pub fn items(&self) -> impl Iterator<Item = &PendingItem> {
        self.by_user.values().flatten().chain(&self.products)
    }

    pub fn len(&self) -> usize {
        self.by_user.values().map(Vec::len).sum::<usize>() + self.products.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_user.is_empty() && self.products.is_empty()
    }
}

impl Derived {
    /// The pending work at the cursor.
    pub fn pending(&self) -> Pending {
        Pending::of(self.tenant())
    }
}

//! From the scenario document to the dense tenant: parse, resolve every reference, build the
//! starting tenant as if created in file order.

use super::document::*;
use super::limits;
use super::locate::{locate, FieldPath};
use crate::catalog;
use crate::reconcile::{GroupUpdate, LicenseChoice, Op, Transition, UserUpdate, Work};
use crate::tenant::attributes::{AttributeNames, Attributes};
use crate::tenant::id_index::IdIndex;
use crate::tenant::plans::Requirement;
use crate::tenant::planset::MAX_PLANS_PER_SKU;
use crate::tenant::{
    Group, GroupIx, MemberRef, PlanIx, PlanRules, PlanSet, Sku, SkuIx, Tenant, User, UserIx,
};
use licenselab_rules::{ObjectKind, Rule, RuleOptions};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// Why a scenario could not be loaded: where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// 1-based line and column in the JSON text, when the scenario came as text.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The field path, such as `groups[1].members[0]`; empty for the whole document.
    pub path: String,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "line {line}, column {column}: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for LoadError {}

struct PathError {
    path: FieldPath,
    message: String,
    /// For an error inside a string value (a membership rule): the character it starts at.
    within: Option<usize>,
}

type Resolved<T> = Result<T, PathError>;

fn fail<T>(path: &FieldPath, message: impl Into<String>) -> Resolved<T> {
    Err(PathError {
        path: path.clone(),
        message: message.into(),
        within: None,
    })
}

/// Parses scenario JSON, with line and column for syntax errors and the field path for the rest.
pub fn parse(text: &str) -> Result<Scenario, LoadError> {
    if text.len() > limits::MAX_SCENARIO_BYTES {
        return Err(LoadError {
            line: None,
            column: None,
            path: String::new(),
            message: format!(
                "the scenario is {} MB; licenselab reads scenarios of up to {} MB",
                text.len() / 1_000_000,
                limits::MAX_SCENARIO_BYTES / 1_000_000
            ),
        });
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let scenario: Scenario = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| describe_parse_error(text, &e))?;
    deserializer.end().map_err(|e| LoadError {
        line: Some(e.line()),
        column: Some(e.column().max(1)),
        path: String::new(),
        message: "unexpected text after the scenario object; a scenario file holds one JSON object"
            .into(),
    })?;
    Ok(scenario)
}

fn describe_parse_error(
    text: &str,
    error: &serde_path_to_error::Error<serde_json::Error>,
) -> LoadError {
    let inner = error.inner();
    let mut path = path_of(error.path());
    let raw = inner.to_string();
    let raw = raw.rfind(" at line ").map_or(raw.as_str(), |i| &raw[..i]);
    let mut message = plain_types(raw);
    let mut point_at_name = false;
    if raw.starts_with("recursion limit exceeded") {
        // The path is as deep as the nesting; the first levels say where it starts.
        path.0.truncate(3);
        message = format!(
            "the JSON nests more than {} levels deep; a scenario needs about 8 (is a list or object left open?)",
            limits::MAX_JSON_DEPTH
        );
    }
    if let Some(field) = quoted_after(raw, "unknown field `") {
        point_at_name = true;
        if path.0.last() != Some(&super::locate::Segment::Key(field.clone())) {
            path = path.key(&field);
        }
        message = match step_op(text, &path) {
            Some(op) => format!(
                "`{field}` is not a field of {} `{op}` step; it takes {}",
                if op.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                },
                step_fields(&op)
            ),
            None => {
                let expected: Vec<&str> = raw.split('`').skip(3).step_by(2).collect();
                let closest = expected
                    .iter()
                    .min_by_key(|e| strsim::levenshtein(&e.to_lowercase(), &field.to_lowercase()));
                match closest {
                    Some(close)
                        if strsim::levenshtein(&close.to_lowercase(), &field.to_lowercase())
                            <= 3 =>
                    {
                        format!("unknown field `{field}`; did you mean `{close}`? (field names are case-sensitive)")
                    }
                    _ => format!("{message} (field names are case-sensitive)"),
                }
            }
        };
    } else if let (Some(op), true) = (quoted_after(raw, "unknown variant `"), is_step(&path)) {
        path = path.key("op");
        let closest = STEP_FIELDS
            .iter()
            .map(|(name, _)| *name)
            .min_by_key(|name| strsim::levenshtein(name, &op));
        message = match closest {
            Some(close) if strsim::levenshtein(close, &op) <= 3 => {
                format!(
                    "unknown op '{op}'; did you mean '{close}'? The ops are: {}",
                    step_names()
                )
            }
            _ => format!("unknown op '{op}'; the ops are: {}", step_names()),
        };
    }
    let (line, column) = if inner.is_data() && !path.is_root() {
        // serde_json reports where it stopped reading, which for a step (read through a buffer)
        // is its end; the field's own position is more useful.
        let position = if point_at_name {
            super::locate::locate_name(text, &path)
        } else {
            locate(text, &path)
        };
        position.unwrap_or((inner.line().max(1), inner.column().max(1)))
    } else {
        // serde_json says column 0 before the first character of a line; users count from 1.
        (inner.line().max(1), inner.column().max(1))
    };
    LoadError {
        line: Some(line),
        column: Some(column),
        path: path.to_string(),
        message,
    }
}

/// The fields of each step kind, for messages about a step's fields.
const STEP_FIELDS: &[(&str, &str)] = &[
    (
        "assignLicense",
        "`user` or `group`, `addLicenses`, `removeLicenses`",
    ),
    ("addMember", "`group`, `member`"),
    ("removeMember", "`group`, `member`"),
    ("createUser", "`user` (a user object)"),
    ("updateUser", "`user`, `set`"),
    ("deleteUser", "`user`"),
    ("createGroup", "`group` (a group object)"),
    ("updateGroup", "`group`, `set`"),
    ("deleteGroup", "`group`"),
    ("addSubscribedSku", "`sku` (a product object)"),
    ("setPrepaidUnits", "`sku`, `prepaidUnits`"),
    ("addServicePlan", "`sku`, `servicePlan`"),
    ("reprocess", "`user` or `group`"),
];

fn step_names() -> String {
    STEP_FIELDS
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn step_fields(op: &str) -> String {
    let fields = STEP_FIELDS
        .iter()
        .find(|(name, _)| *name == op)
        .map_or("", |(_, f)| f);
    format!("{fields} and an optional `note`")
}

fn is_step(path: &FieldPath) -> bool {
    matches!(path.0.as_slice(), [super::locate::Segment::Key(k), super::locate::Segment::Index(_)] if k == "steps")
}

/// The `op` of the step that `path` is inside, read from the text.
fn step_op(text: &str, path: &FieldPath) -> Option<String> {
    let [super::locate::Segment::Key(k), super::locate::Segment::Index(i), ..] = path.0.as_slice()
    else {
        return None;
    };
    if k != "steps" {
        return None;
    }
    let document: Value = serde_json::from_str(text).ok()?;
    document
        .get("steps")?
        .get(*i)?
        .get("op")?
        .as_str()
        .map(str::to_owned)
}

fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    Some(rest[..rest.find('`')?].to_owned())
}

/// serde names Rust types ("expected u32"); users read JSON.
fn plain_types(message: &str) -> String {
    if message.starts_with("EOF while parsing") {
        return format!(
            "the text ends too soon ({message}): is the file empty, or a bracket or quote missing?"
        );
    }
    message
        .replace("expected u32", "expected a whole number (0 or more)")
        .replace("expected a borrowed string", "expected a string")
        .replace("expected a sequence", "expected a list [...]")
        .replace("expected a map", "expected an object {...}")
        .replace("unknown variant", "unknown value")
}

fn path_of(path: &serde_path_to_error::Path) -> FieldPath {
    let mut out = FieldPath::root();
    for segment in path.iter() {
        out = match segment {
            serde_path_to_error::Segment::Seq { index } => out.index(*index),
            serde_path_to_error::Segment::Map { key } => out.key(key),
            serde_path_to_error::Segment::Enum { variant } => out.key(variant),
            serde_path_to_error::Segment::Unknown => out,
        };
    }
    out
}

/// The tenant after the starting state is built, and the steps with their references resolved.
pub(crate) struct Loaded {
    pub tenant: Tenant,
    pub steps: Vec<(Op, &'static str)>,
}

/// Resolves and builds. `text` (when the scenario came as JSON) adds line and column to errors.
/// Resolves and builds. `text` (when the scenario came as JSON) adds line and column to errors.
pub(crate) fn load(scenario: &Scenario, text: Option<&str>) -> Result<Loaded, LoadError> {
    let mut building = prepare(scenario, text)?;
    building.advance(usize::MAX, text)?;
    Ok(building.finish())
}

/// Turns a `PathError` into a `LoadError`, positioned in `text` when there is one.
fn positioned(e: PathError, text: Option<&str>) -> LoadError {
    let position = text.and_then(|t| match e.within {
        Some(offset) => super::locate::locate_in_string(t, &e.path, offset),
        None => locate(t, &e.path),
    });
    let (line, column) = match position {
        Some((l, c)) => (Some(l), Some(c)),
        None => (None, None),
    };
    LoadError {
        line,
        column,
        path: e.path.to_string(),
        message: e.message,
    }
}

/// Resolves every reference and validates, then hands back the starting tenant to be built in
/// portions (`Building::advance`), so a front end can show progress on a big tenant.
pub(crate) fn prepare(scenario: &Scenario, text: Option<&str>) -> Result<Building, LoadError> {
    resolve(scenario).map_err(|e| positioned(e, text))
}

fn resolve(scenario: &Scenario) -> Resolved<Building> {
    let root = FieldPath::root();
    if scenario.licenselab != FORMAT_VERSION {
        return fail(
            &root.key("licenselab"),
            format!(
                "this is format version {}; licenselab reads version {FORMAT_VERSION}",
                scenario.licenselab
            ),
        );
    }
    check_country(
        || root.key("organization").key("countryLetterCode"),
        &scenario.organization.country_letter_code,
    )?;
    if let Some(location) = &scenario.organization.default_usage_location {
        check_country(
            || root.key("organization").key("defaultUsageLocation"),
            location,
        )?;
    }

    check_sizes(scenario)?;
    let mut resolver = Resolver::default();
    resolver.declare_skus(scenario)?;
    resolver.declare_principals(scenario)?;
    resolver.plans.link_builtin_rules(
        scenario.options.legacy_exchange_conflict,
        scenario.options.community_dependencies,
    );
    resolver.add_catalog_extension(&scenario.catalog)?;

    let policy = crate::tenant::Policy::new(&scenario.options)
        .or_else(|message| fail(&root.key("options").key("evaluationTime"), message))?;
    let mut tenant = Tenant::new(
        policy,
        scenario.organization.clone(),
        resolver.plans.clone(),
    );
    tenant.catalog_extension = scenario.catalog.clone();
    tenant.skus = resolver.skus.clone();
    for s in 0..tenant.skus.len() {
        tenant.refresh_masks(crate::tenant::SkuIx::new(s));
    }
    // Moved, not copied: a big tenant's users are most of its memory.
    tenant.users = std::mem::take(&mut resolver.users);
    tenant.attribute_names = std::mem::take(&mut resolver.attribute_names);
    tenant.attribute_names.release_pool();
    tenant.groups = std::mem::take(&mut resolver.groups);
    tenant.user_ids = resolver.user_ids.clone();
    tenant.group_ids = resolver.group_ids.clone();
    tenant.index_rules();

    let steps = scenario
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            Ok((
                resolver.step(&root.key("steps").index(i), &step.action)?,
                step.action.op(),
            ))
        })
        .collect::<Resolved<Vec<_>>>()?;
    if let Some((path, message)) =
        limits::member_of_rules_over_limit(&tenant, steps.iter().map(|(op, _)| op), |i| {
            root.key("steps").index(i)
        })
    {
        return fail(&path, message);
    }

    for i in 0..scenario.users.len() {
        tenant.register_proxies(UserIx::new(i), true);
    }
    let groups = scenario.groups.iter().map(|g| g.security_enabled).collect();
    let work = resolver.initial_user_licenses.len()
        + resolver
            .initial_group_members
            .iter()
            .map(|m| m.len() + 1)
            .sum::<usize>()
        + scenario.groups.iter().filter(|g| g.is_dynamic()).count()
            * (scenario.users.len() / 10 + 1);
    Ok(Building {
        tenant,
        work: Work::building(),
        steps,
        user_licenses: std::mem::take(&mut resolver.initial_user_licenses),
        group_members: std::mem::take(&mut resolver.initial_group_members),
        group_licenses: std::mem::take(&mut resolver.initial_group_licenses),
        group_security: groups,
        phase: Phase::Users(0),
        work_done: 0,
        work_total: work + 1,
    })
}

/// The starting tenant being built, as if created in file order: each user's direct
/// assignments, then each group with its members and licenses.
pub(crate) struct Building {
    tenant: Tenant,
    work: Work,
    steps: Vec<(Op, &'static str)>,
    user_licenses: Vec<Vec<LicenseChoice>>,
    group_members: Vec<Vec<MemberRef>>,
    group_licenses: Vec<Vec<LicenseChoice>>,
    group_security: Vec<bool>,
    phase: Phase,
    work_done: usize,
    work_total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Users(usize),
    Groups(usize),
    Done,
}

impl Building {
    /// (work done, all the work), in units of users and memberships.
    pub(crate) fn progress(&self) -> (usize, usize) {
        (self.work_done.min(self.work_total), self.work_total)
    }

    pub(crate) fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// Builds until about `budget` units of work are done (a group is never split); returns
    /// whether the tenant is complete.
    pub(crate) fn advance(&mut self, budget: usize, text: Option<&str>) -> Result<bool, LoadError> {
        let target = self.work_done.saturating_add(budget);
        while self.phase != Phase::Done && self.work_done < target {
            self.advance_one().map_err(|e| positioned(e, text))?;
        }
        Ok(self.phase == Phase::Done)
    }

    fn advance_one(&mut self) -> Resolved<()> {
        let mut tenant = Transition::new(&mut self.tenant, &mut self.work);
        match self.phase {
            Phase::Users(i) if i < self.user_licenses.len() => {
                self.work_done += 1;
                self.phase = Phase::Users(i + 1);
                let licenses = &self.user_licenses[i];
                if licenses.is_empty() {
                    return Ok(());
                }
                if let Err(rejection) = tenant.assign_direct(UserIx::new(i), licenses, &[]) {
                    return fail(
                        &FieldPath::root().key("users").index(i).key("assignedLicenses"),
                        format!(
                            "a tenant cannot start with this direct assignment, because Entra rejects it with {}: \"{}\" {}Or make the assignment a step, to see the rejection in the timeline.",
                            rejection.code,
                            rejection.message,
                            crate::reconcile::advice(&rejection.code).map(|a| format!("{a} ")).unwrap_or_default(),
                        ),
                    );
                }
                Ok(())
            }
            Phase::Users(_) => {
                self.phase = Phase::Groups(0);
                Ok(())
            }
            Phase::Groups(i) if i < self.group_members.len() => {
                self.phase = Phase::Groups(i + 1);
                self.work_done += self.group_members[i].len() + 1;
                let g = GroupIx::new(i);
                for &member in &self.group_members[i] {
                    tenant.add_membership(g, member);
                }
                if tenant.group(g).is_dynamic() {
                    self.work_done += tenant.users.len() / 10 + 1;
                }
                tenant.evaluate_dynamic_group(g);
                let licenses = &self.group_licenses[i];
                if licenses.is_empty() {
                    return Ok(());
                }
                let path = FieldPath::root()
                    .key("groups")
                    .index(i)
                    .key("assignedLicenses");
                if !self.group_security[i] {
                    return fail(
                        &path,
                        "a group that is not security-enabled cannot have licenses: group-based licensing needs a security group or a Microsoft 365 group with securityEnabled = true",
                    );
                }
                if let Some((s, _)) = licenses
                    .iter()
                    .find(|(s, _)| !tenant.sku(*s).applies_to_user)
                {
                    return fail(
                        &path,
                        format!(
                            "{} applies to the company (appliesTo: Company) and cannot be assigned",
                            tenant.sku(*s).id
                        ),
                    );
                }
                // A starting group lacking an add-on's prerequisite keeps the add-on's plan disabled (B14c).
                tenant.groups[i].licenses = tenant.effective_group_licenses(licenses);
                tenant.audit_set_group_license(g);
                tenant.run_group(g);
                Ok(())
            }
            Phase::Groups(_) => {
                self.finish_building()?;
                self.work_done = self.work_total;
                self.phase = Phase::Done;
                Ok(())
            }
            Phase::Done => Ok(()),
        }
    }

    /// What needs every group in place: dynamic cascades, direct add-ons whose prerequisite
    /// comes from a group, and giving back the memory that growth reserved.
    fn finish_building(&mut self) -> Resolved<()> {
        let mut tenant = Transition::new(&mut self.tenant, &mut self.work);
        tenant.settle();
        for (i, licenses) in self.user_licenses.iter().enumerate() {
            if licenses.is_empty() {
                continue;
            }
            if let Some(message) = tenant.unmet_direct_dependency(UserIx::new(i)) {
                return fail(
                    &FieldPath::root().key("users").index(i).key("assignedLicenses"),
                    format!(
                        "a tenant cannot start with this direct assignment, because Entra rejects it with DependencyViolation: \"{message}\" {}",
                        crate::reconcile::advice(&crate::reconcile::RejectionCode::DependencyViolation).unwrap_or_default()
                    ),
                );
            }
        }
        // Vectors grew by doubling while the tenant was built; give back what is not used.
        for user in &mut tenant.users {
            user.rows.shrink_to_fit();
            user.memberships.shrink_to_fit();
        }
        for group in &mut tenant.groups {
            group.members.shrink_to_fit();
        }
        tenant.audit.shrink_to_fit();
        // The build's working data (its value index is big) is not needed any more.
        self.work = Work::default();
        Ok(())
    }

    /// The built tenant and the resolved steps.
    pub(crate) fn finish(self) -> Loaded {
        debug_assert!(self.is_done(), "finish after advance reported completion");
        Loaded {
            tenant: self.tenant,
            steps: self.steps,
        }
    }
}

/// The counts of `limits`, checked before anything is built.
fn check_sizes(scenario: &Scenario) -> Resolved<()> {
    let root = FieldPath::root();
    let created = |f: fn(&Action) -> bool| scenario.steps.iter().filter(|s| f(&s.action)).count();
    let counts = [
        (
            "users",
            scenario.users.len() + created(|a| matches!(a, Action::CreateUser { .. })),
            limits::MAX_USERS,
        ),
        (
            "groups",
            scenario.groups.len() + created(|a| matches!(a, Action::CreateGroup { .. })),
            limits::MAX_GROUPS,
        ),
        (
            "subscribedSkus",
            scenario.subscribed_skus.len()
                + created(|a| matches!(a, Action::AddSubscribedSku { .. })),
            limits::MAX_PRODUCTS,
        ),
        ("steps", scenario.steps.len(), limits::MAX_STEPS),
    ];
    for (field, count, limit) in counts {
        if count > limit {
            return fail(
                &root.key(field),
                format!("{count} {field} (with those the steps create) is more than licenselab simulates ({limit}); split the scenario"),
            );
        }
    }
    for (i, group) in scenario.groups.iter().enumerate() {
        if group.members.len() > limits::MAX_MEMBERS_PER_GROUP {
            return fail(
                &root.key("groups").index(i).key("members"),
                format!(
                    "{} members is more than one group may list ({})",
                    group.members.len(),
                    limits::MAX_MEMBERS_PER_GROUP
                ),
            );
        }
    }
    Ok(())
}

// The checks below take the field path as a closure: it is made only for an error, since a big
// tenant checks a hundred thousand ids and locations that are fine.

fn check_id(path: impl FnOnce() -> FieldPath, id: &str) -> Resolved<()> {
    if id.is_empty() {
        return fail(&path(), "id must not be empty");
    }
    if id.chars().count() > limits::MAX_ID_CHARS {
        return fail(
            &path(),
            format!("an id may have at most {} characters", limits::MAX_ID_CHARS),
        );
    }
    Ok(())
}

fn check_country(path: impl FnOnce() -> FieldPath, code: &str) -> Resolved<()> {
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(())
    } else {
        fail(
            &path(),
            format!("'{code}' is not a two-letter ISO 3166 country code (such as US, GB, JP)"),
        )
    }
}

/// Where a user or group is defined: `users[i]`/`groups[i]`, or inside `steps[i]`.
#[derive(Debug, Clone, Copy)]
enum Place {
    Listed(&'static str, usize),
    InStep(usize, &'static str),
}

impl Place {
    fn path(&self) -> FieldPath {
        match *self {
            Place::Listed(list, i) => FieldPath::root().key(list).index(i),
            Place::InStep(i, field) => FieldPath::root().key("steps").index(i).key(field),
        }
    }
}

#[derive(Default)]
struct Resolver {
    plans: PlanRules,
    attribute_names: AttributeNames,
    skus: Vec<Sku>,
    /// Every plan a SKU will ever have (its plans plus those `addServicePlan` steps add), so
    /// references resolve before the step that adds the plan runs; positions never move.
    final_plans: Vec<Vec<PlanIx>>,
    service_plan_steps: HashMap<usize, PlanIx>,
    /// (SKU, plan position) -> the `addServicePlan` step that adds it; a step may refer to the
    /// plan only after that step.
    plan_added_by_step: HashMap<(usize, usize), usize>,
    /// SKU -> the `addSubscribedSku` step that creates it.
    sku_added_by_step: HashMap<usize, usize>,
    users: Vec<User>,
    groups: Vec<Group>,
    /// Shared with the built tenant, which resolves later steps (`resolve_against`) with them.
    user_ids: Arc<IdIndex>,
    group_ids: Arc<IdIndex>,
    initial_user_licenses: Vec<Vec<LicenseChoice>>,
    initial_group_members: Vec<Vec<MemberRef>>,
    initial_group_licenses: Vec<Vec<LicenseChoice>>,
    created_user_licenses: HashMap<usize, Vec<LicenseChoice>>,
    created_group_parts: HashMap<usize, (Vec<MemberRef>, Vec<LicenseChoice>)>,
}

impl Resolver {
    // ---- products and plans ---------------------------------------------------------------

    fn declare_skus(&mut self, scenario: &Scenario) -> Resolved<()> {
        let root = FieldPath::root();
        let initial = scenario
            .subscribed_skus
            .iter()
            .enumerate()
            .map(|(i, s)| (root.key("subscribedSkus").index(i), s, None));
        let created =
            scenario
                .steps
                .iter()
                .enumerate()
                .filter_map(|(i, step)| match &step.action {
                    Action::AddSubscribedSku { sku } => {
                        Some((root.key("steps").index(i).key("sku"), sku, Some(i)))
                    }
                    _ => None,
                });
        for (path, def, created_by) in initial.chain(created).collect::<Vec<_>>() {
            if let Some(step) = created_by {
                self.sku_added_by_step.insert(self.skus.len(), step);
            }
            self.declare_sku(&path, def, created_by.is_some())?;
        }
        for (i, step) in scenario.steps.iter().enumerate() {
            if let Action::AddServicePlan { sku, service_plan } = &step.action {
                let path = root.key("steps").index(i);
                let s = self.sku_ref(&path.key("sku"), sku)?;
                // Positions in plan sets follow the order of these steps, so each must apply.
                if let Some(&created) = self.sku_added_by_step.get(&s.index()) {
                    if created > i {
                        return fail(
                            &path.key("sku"),
                            format!(
                                "{} is subscribed only by steps[{created}] (addSubscribedSku), so no plan can be added to it before then; move this step after steps[{created}]",
                                self.skus[s.index()].id
                            ),
                        );
                    }
                }
                let plan = self.plans.intern(
                    &service_plan.service_plan_id,
                    service_plan.service_plan_name.as_deref(),
                );
                if self.final_plans[s.index()].contains(&plan) {
                    return fail(
                        &path.key("servicePlan"),
                        format!(
                            "{} already includes service plan {}",
                            self.skus[s.index()].id,
                            service_plan.service_plan_id
                        ),
                    );
                }
                self.final_plans[s.index()].push(plan);
                self.plan_added_by_step
                    .insert((s.index(), self.final_plans[s.index()].len() - 1), i);
                if self.final_plans[s.index()].len() > MAX_PLANS_PER_SKU {
                    return fail(
                        &path,
                        format!("a product can have at most {MAX_PLANS_PER_SKU} service plans"),
                    );
                }
                self.service_plan_steps.insert(i, plan);
            }
        }
        Ok(())
    }

    fn declare_sku(&mut self, path: &FieldPath, def: &SkuDef, pending: bool) -> Resolved<()> {
        check_id(|| path.key("skuId"), &def.sku_id)?;
        if self.skus.iter().any(|s| s.id == def.sku_id) {
            return fail(
                &path.key("skuId"),
                format!(
                    "two products have skuId '{}'; ids must be unique",
                    def.sku_id
                ),
            );
        }
        let mut part_number = def.sku_part_number.clone();
        let plans: Vec<PlanIx> = match &def.service_plans {
            Some(list) => {
                let mut plans = Vec::with_capacity(list.len());
                for (j, plan) in list.iter().enumerate() {
                    check_id(
                        || path.key("servicePlans").index(j).key("servicePlanId"),
                        &plan.service_plan_id,
                    )?;
                    let ix = self
                        .plans
                        .intern(&plan.service_plan_id, plan.service_plan_name.as_deref());
                    if plans.contains(&ix) {
                        return fail(
                            &path.key("servicePlans").index(j),
                            format!(
                                "service plan '{}' is listed twice in this product",
                                plan.service_plan_id
                            ),
                        );
                    }
                    plans.push(ix);
                }
                plans
            }
            None => {
                let product = def
                    .sku_part_number
                    .as_deref()
                    .and_then(catalog::find_product)
                    .or_else(|| catalog::find_product(&def.sku_id));
                let Some(product) = product else {
                    return fail(
                        path,
                        format!(
                            "product '{}' lists no servicePlans and is not in Microsoft's product table (by skuPartNumber or skuId); list its servicePlans, or use a known skuPartNumber such as ENTERPRISEPACK",
                            def.sku_part_number.as_deref().unwrap_or(&def.sku_id)
                        ),
                    );
                };
                part_number.get_or_insert_with(|| product.part_number.to_owned());
                product
                    .plans()
                    .map(|p| {
                        self.plans
                            .intern(&catalog::format_guid(p.guid), Some(p.name))
                    })
                    .collect()
            }
        };
        if plans.len() > MAX_PLANS_PER_SKU {
            return fail(
                &path.key("servicePlans"),
                format!("a product can have at most {MAX_PLANS_PER_SKU} service plans"),
            );
        }
        self.final_plans.push(plans.clone());
        self.skus.push(Sku {
            id: def.sku_id.clone(),
            part_number,
            prepaid: def.prepaid_units,
            applies_to_user: def.applies_to != Some(AppliesTo::Company),
            plans,
            consumed: 0,
            pending,
            masks: Default::default(),
        });
        Ok(())
    }

    /// A product named by `skuId`, or by `skuPartNumber` when that is unambiguous.
    fn sku_ref(&self, path: &FieldPath, key: &str) -> Resolved<SkuIx> {
        if let Some(i) = self.skus.iter().position(|s| s.id == key) {
            return Ok(SkuIx::new(i));
        }
        let by_part: Vec<usize> = (0..self.skus.len())
            .filter(|i| {
                self.skus[*i]
                    .part_number
                    .as_deref()
                    .is_some_and(|p| p.eq_ignore_ascii_case(key))
            })
            .collect();
        match by_part.as_slice() {
            [one] => Ok(SkuIx::new(*one)),
            [] => {
                let known: Vec<&str> = self.skus.iter().map(|s| s.id.as_str()).collect();
                fail(
                    path,
                    format!(
                        "unknown product '{key}'; the scenario's products are: {}",
                        known.join(", ")
                    ),
                )
            }
            _ => fail(
                path,
                format!(
                    "'{key}' is the part number of several products; refer to one by its skuId"
                ),
            ),
        }
    }

    fn plan_in_sku(&self, path: &FieldPath, s: SkuIx, key: &str) -> Resolved<usize> {
        let plans = &self.final_plans[s.index()];
        let found = plans
            .iter()
            .position(|p| self.plans.plan(*p).id == key)
            .or_else(|| {
                plans.iter().position(|p| {
                    self.plans
                        .plan(*p)
                        .name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(key))
                })
            });
        let Some(position) = found else {
            return fail(
                path,
                format!(
                    "service plan '{key}' is not part of {}; use one of its plans' servicePlanId or servicePlanName",
                    self.skus[s.index()].id
                ),
            );
        };
        if let Some(&added) = self.plan_added_by_step.get(&(s.index(), position)) {
            let referring_step = step_of(path);
            if referring_step.is_none_or(|step| step <= added) {
                let place = match referring_step {
                    Some(step) => format!("steps[{step}] comes before it"),
                    None => "the starting state cannot refer to it".to_owned(),
                };
                return fail(
                    path,
                    format!(
                        "service plan '{key}' joins {} only at steps[{added}] (addServicePlan), and {place}; refer to it only in a step after steps[{added}]",
                        self.skus[s.index()].id
                    ),
                );
            }
        }
        Ok(position)
    }

    fn license(&self, path: &FieldPath, def: &AssignedLicenseDef) -> Resolved<LicenseChoice> {
        let s = self.sku_ref(&path.key("skuId"), &def.sku_id)?;
        let mut disabled = PlanSet::EMPTY;
        for (k, plan) in def.disabled_plans.iter().enumerate() {
            disabled.insert(self.plan_in_sku(&path.key("disabledPlans").index(k), s, plan)?);
        }
        Ok((s, disabled))
    }

    fn licenses(
        &self,
        path: &FieldPath,
        defs: &[AssignedLicenseDef],
    ) -> Resolved<Vec<LicenseChoice>> {
        let mut out: Vec<LicenseChoice> = Vec::new();
        for (j, def) in defs.iter().enumerate() {
            let choice = self.license(&path.index(j), def)?;
            if out.iter().any(|(s, _)| *s == choice.0) {
                return fail(
                    &path.index(j).key("skuId"),
                    format!("product '{}' is assigned twice in this list", def.sku_id),
                );
            }
            out.push(choice);
        }
        Ok(out)
    }

    fn catalog_plan(&self, path: &FieldPath, key: &str) -> Resolved<PlanIx> {
        self.plans.find(key).map_or_else(
            || fail(path, format!("unknown service plan '{key}'; catalog rules must name a plan of one of the scenario's products")),
            Ok,
        )
    }

    fn add_catalog_extension(&mut self, extension: &CatalogExtension) -> Resolved<()> {
        let root = FieldPath::root().key("catalog");
        for (i, set) in extension.conflicts.iter().enumerate() {
            let path = root.key("conflicts").index(i);
            if set.len() < 2 {
                return fail(&path, "a conflict set needs at least two plans");
            }
            let members = set
                .iter()
                .enumerate()
                .map(|(j, p)| self.catalog_plan(&path.index(j), p))
                .collect::<Resolved<Vec<_>>>()?;
            self.plans.add_conflict_set(members);
        }
        for (i, dependency) in extension.dependencies.iter().enumerate() {
            let path = root.key("dependencies").index(i);
            let plan = self.catalog_plan(&path.key("plan"), &dependency.plan)?;
            let resolve = |field: &str, list: &[String]| {
                list.iter()
                    .enumerate()
                    .map(|(j, p)| self.catalog_plan(&path.key(field).index(j), p))
                    .collect::<Resolved<Vec<_>>>()
            };
            let alternatives = match (
                dependency.requires_all_of.is_empty(),
                dependency.requires_any_of.is_empty(),
            ) {
                (false, true) => vec![resolve("requiresAllOf", &dependency.requires_all_of)?],
                (true, false) => resolve("requiresAnyOf", &dependency.requires_any_of)?
                    .into_iter()
                    .map(|p| vec![p])
                    .collect(),
                _ => return fail(&path, "give exactly one of requiresAllOf and requiresAnyOf"),
            };
            self.plans
                .add_requirement(Requirement { plan, alternatives });
        }
        for (i, rule) in extension.prohibited_locations.iter().enumerate() {
            let path = root.key("prohibitedLocations").index(i);
            let plan = self.catalog_plan(&path.key("plan"), &rule.plan)?;
            for (j, country) in rule.countries.iter().enumerate() {
                check_country(|| path.key("countries").index(j), country)?;
            }
            self.plans
                .add_prohibition(plan, rule.countries.iter().cloned());
        }
        Ok(())
    }

    // ---- users and groups -----------------------------------------------------------------

    fn declare_principals(&mut self, scenario: &Scenario) -> Resolved<()> {
        // Field paths are made only for an error or a non-empty part: a big tenant has a
        // hundred thousand users and millions of members.
        let mut user_defs: Vec<(Place, &UserDef, Option<usize>)> = scenario
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| (Place::Listed("users", i), u, None))
            .collect();
        let mut group_defs: Vec<(Place, &GroupDef, Option<usize>)> = scenario
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (Place::Listed("groups", i), g, None))
            .collect();
        for (i, step) in scenario.steps.iter().enumerate() {
            match &step.action {
                Action::CreateUser { user } => {
                    user_defs.push((Place::InStep(i, "user"), user, Some(i)))
                }
                Action::CreateGroup { group } => {
                    group_defs.push((Place::InStep(i, "group"), group, Some(i)))
                }
                _ => {}
            }
        }
        Arc::make_mut(&mut self.user_ids).reserve(user_defs.len());
        for (place, def, _) in &user_defs {
            check_id(|| place.path().key("id"), &def.id)?;
            if Arc::make_mut(&mut self.user_ids).insert(&def.id).is_err() {
                return fail(
                    &place.path().key("id"),
                    format!("two users have id '{}'; ids must be unique", def.id),
                );
            }
            let user = self.user(place, def)?;
            self.users.push(user);
            self.users.last_mut().expect("just pushed").pending = false;
        }
        for (place, def, step) in &user_defs {
            let u = self.known_user(&def.id);
            self.users[u.index()].alive = step.is_none();
            self.users[u.index()].pending = step.is_some();
            let licenses = self.licenses_of(place, &def.assigned_licenses)?;
            match step {
                None => self.initial_user_licenses.push(licenses),
                Some(i) => {
                    self.created_user_licenses.insert(*i, licenses);
                }
            }
        }
        for (place, def, step) in &group_defs {
            check_id(|| place.path().key("id"), &def.id)?;
            if self.user_ids.get(&def.id).is_some() {
                return fail(
                    &place.path().key("id"),
                    format!(
                        "'{}' is already a user's id; users and groups need distinct ids",
                        def.id
                    ),
                );
            }
            if Arc::make_mut(&mut self.group_ids).insert(&def.id).is_err() {
                return fail(
                    &place.path().key("id"),
                    format!("two groups have id '{}'; ids must be unique", def.id),
                );
            }
            self.groups.push(group(def, step.is_some()));
        }
        // For each user, the last group that listed it plus one: finds a member listed twice
        // without a set per group.
        let mut listed_by = vec![0usize; self.users.len()];
        for (place, def, step) in &group_defs {
            let g = self.known_group(&def.id);
            self.groups[g.index()].rule = if def.is_dynamic() || def.membership_rule.is_some() {
                self.membership_rule(&place.path(), def)?
            } else {
                None
            };
            let mut members = Vec::with_capacity(def.members.len());
            for (j, member) in def.members.iter().enumerate() {
                let member_path = || place.path().key("members").index(j);
                let Some(who) = self.find_member(member) else {
                    return self.member_ref(&member_path(), member).map(|_| ());
                };
                let twice = match who {
                    MemberRef::Group(child) if child == g => {
                        return fail(&member_path(), "a group cannot be a member of itself");
                    }
                    MemberRef::Group(_) => members.contains(&who),
                    MemberRef::User(u) => {
                        std::mem::replace(&mut listed_by[u.index()], g.index() + 1) == g.index() + 1
                    }
                };
                if twice {
                    return fail(&member_path(), format!("'{member}' is listed twice"));
                }
                members.push(who);
            }
            let licenses = self.licenses_of(place, &def.assigned_licenses)?;
            match step {
                None => {
                    self.initial_group_members.push(members);
                    self.initial_group_licenses.push(licenses);
                }
                Some(i) => {
                    self.created_group_parts.insert(*i, (members, licenses));
                }
            }
        }
        Ok(())
    }

    /// The `assignedLicenses` of a user or group (no field path is made for an empty list).
    fn licenses_of(
        &self,
        place: &Place,
        defs: &[AssignedLicenseDef],
    ) -> Resolved<Vec<LicenseChoice>> {
        if defs.is_empty() {
            return Ok(Vec::new());
        }
        self.licenses(&place.path().key("assignedLicenses"), defs)
    }

    fn membership_rule(&self, path: &FieldPath, def: &GroupDef) -> Resolved<Option<Rule>> {
        if !def.is_dynamic() {
            if def.membership_rule.is_some() {
                return fail(
                    &path.key("membershipRule"),
                    "membershipRule is set but groupTypes does not contain \"DynamicMembership\"; add it to make the group dynamic, or remove the rule",
                );
            }
            return Ok(None);
        }
        if !def.members.is_empty() {
            return fail(
                &path.key("members"),
                "a dynamic group has no members list: its membershipRule decides who is in it",
            );
        }
        match &def.membership_rule {
            Some(text) => Ok(Some(self.compile_rule(&path.key("membershipRule"), text)?)),
            None => fail(
                &path.key("groupTypes"),
                "a DynamicMembership group needs a membershipRule",
            ),
        }
    }

    /// Parses a membership rule; errors give the character offset inside the rule.
    fn compile_rule(&self, path: &FieldPath, text: &str) -> Resolved<Rule> {
        let rule =
            licenselab_rules::parse(text, &RuleOptions::default()).map_err(|e| PathError {
                path: path.clone(),
                within: Some(e.char_offset(text)),
                message: format!(
                    "invalid membership rule ({}): {} at character {} of the rule; {}",
                    e.class().title(),
                    e.message(),
                    e.char_offset(text),
                    e.hint()
                ),
            })?;
        if rule.object_kind() == ObjectKind::Device {
            return fail(
                path,
                "this is a device rule; licenselab simulates user licensing, so dynamic groups need user rules (user.department, ...)",
            );
        }
        if let Some(missing) = rule
            .member_of_groups()
            .iter()
            .find(|id| !self.group_ids.ids().any(|k| k.eq_ignore_ascii_case(id)))
        {
            return fail(path, format!("the rule's memberOf list names '{missing}', which is not a group of the scenario"));
        }
        Ok(rule)
    }

    fn user(&mut self, place: &Place, def: &UserDef) -> Resolved<User> {
        if let Some(location) = &def.usage_location {
            check_country(|| place.path().key("usageLocation"), location)?;
        }
        let mut extension_attributes: Vec<(u8, Box<str>)> = Vec::new();
        for (name, value) in &def.on_premises_extension_attributes {
            let n = check_extension_attribute(
                &place.path().key("onPremisesExtensionAttributes").key(name),
                name,
            )?;
            if let Some(value) = value {
                extension_attributes.push((n, value.as_str().into()));
            }
        }
        let mut attributes = Attributes::default();
        for (name, value) in &def.properties {
            let (key, first_use) = self.attribute_names.intern_new(name);
            if first_use || name == "manager" {
                check_user_property(&place.path().key(name), name, value)?;
            }
            attributes.set(key, self.attribute_names.value(value));
        }
        attributes.shrink();
        Ok(User {
            id: def.id.clone(),
            alive: true,
            pending: false,
            usage_location: def.usage_location.clone(),
            proxy_addresses: def.proxy_addresses.clone(),
            proxy_keys: def
                .proxy_addresses
                .iter()
                .map(|a| a.to_lowercase().into_boxed_str())
                .collect(),
            extension_attributes,
            attributes,
            rows: Vec::new(),
            memberships: Vec::new(),
        })
    }

    /// An id declared already (every user and group is declared before anything refers to it).
    fn known_user(&self, id: &str) -> UserIx {
        UserIx::new(self.user_ids.get(id).expect("declared users have ids"))
    }

    fn known_group(&self, id: &str) -> GroupIx {
        GroupIx::new(self.group_ids.get(id).expect("declared groups have ids"))
    }

    fn user_ref(&self, path: &FieldPath, id: &str) -> Resolved<UserIx> {
        match self.user_ids.get(id) {
            Some(u) => Ok(UserIx::new(u)),
            None if self.group_ids.get(id).is_some() => {
                fail(path, format!("'{id}' is a group, not a user"))
            }
            None => fail(
                path,
                format!("unknown user '{id}'; no user in the scenario has this id"),
            ),
        }
    }

    fn group_ref(&self, path: &FieldPath, id: &str) -> Resolved<GroupIx> {
        match self.group_ids.get(id) {
            Some(g) => Ok(GroupIx::new(g)),
            None if self.user_ids.get(id).is_some() => {
                fail(path, format!("'{id}' is a user, not a group"))
            }
            None => fail(
                path,
                format!("unknown group '{id}'; no group in the scenario has this id"),
            ),
        }
    }

    fn find_member(&self, id: &str) -> Option<MemberRef> {
        if let Some(u) = self.user_ids.get(id) {
            return Some(MemberRef::User(UserIx::new(u)));
        }
        self.group_ids
            .get(id)
            .map(|g| MemberRef::Group(GroupIx::new(g)))
    }

    fn member_ref(&self, path: &FieldPath, id: &str) -> Resolved<MemberRef> {
        self.find_member(id).map_or_else(
            || {
                fail(
                    path,
                    format!("unknown member '{id}'; no user or group in the scenario has this id"),
                )
            },
            Ok,
        )
    }

    // ---- steps ------------------------------------------------------------------------------

    fn step(&self, path: &FieldPath, action: &Action) -> Resolved<Op> {
        Ok(match action {
            Action::AssignLicense {
                user,
                group,
                add_licenses,
                remove_licenses,
            } => {
                let add = self.licenses(&path.key("addLicenses"), add_licenses)?;
                let remove = remove_licenses
                    .iter()
                    .enumerate()
                    .map(|(j, s)| self.sku_ref(&path.key("removeLicenses").index(j), s))
                    .collect::<Resolved<Vec<_>>>()?;
                match (user, group) {
                    (Some(u), None) => Op::AssignUserLicense {
                        user: self.user_ref(&path.key("user"), u)?,
                        add,
                        remove,
                    },
                    (None, Some(g)) => Op::AssignGroupLicense {
                        group: self.group_ref(&path.key("group"), g)?,
                        add,
                        remove,
                    },
                    _ => {
                        return fail(
                            path,
                            "assignLicense needs exactly one of `user` and `group`",
                        )
                    }
                }
            }
            Action::AddMember { group, member } => Op::AddMember {
                group: self.group_ref(&path.key("group"), group)?,
                member: self.member_ref(&path.key("member"), member)?,
            },
            Action::RemoveMember { group, member } => Op::RemoveMember {
                group: self.group_ref(&path.key("group"), group)?,
                member: self.member_ref(&path.key("member"), member)?,
            },
            Action::CreateUser { user } => {
                let index = step_index(path);
                Op::CreateUser {
                    user: self.known_user(&user.id),
                    licenses: self
                        .created_user_licenses
                        .get(&index)
                        .cloned()
                        .unwrap_or_default(),
                }
            }
            Action::UpdateUser { user, set } => Op::UpdateUser {
                user: self.user_ref(&path.key("user"), user)?,
                update: user_update(&path.key("set"), set)?,
            },
            Action::DeleteUser { user } => Op::DeleteUser {
                user: self.user_ref(&path.key("user"), user)?,
            },
            Action::CreateGroup { group } => {
                let (members, licenses) = self
                    .created_group_parts
                    .get(&step_index(path))
                    .cloned()
                    .unwrap_or_default();
                Op::CreateGroup {
                    group: self.known_group(&group.id),
                    members,
                    licenses,
                }
            }
            Action::UpdateGroup { group, set } => Op::UpdateGroup {
                group: self.group_ref(&path.key("group"), group)?,
                update: self.group_update(&path.key("set"), set)?,
            },
            Action::DeleteGroup { group } => Op::DeleteGroup {
                group: self.group_ref(&path.key("group"), group)?,
            },
            Action::AddSubscribedSku { sku } => Op::AddSubscribedSku {
                sku: self.sku_ref(&path.key("sku"), &sku.sku_id)?,
            },
            Action::SetPrepaidUnits { sku, prepaid_units } => Op::SetPrepaidUnits {
                sku: self.sku_ref(&path.key("sku"), sku)?,
                units: *prepaid_units,
            },
            Action::AddServicePlan { sku, .. } => Op::AddServicePlan {
                sku: self.sku_ref(&path.key("sku"), sku)?,
                plan: self.service_plan_steps[&step_index(path)],
            },
            Action::Reprocess { user, group } => match (user, group) {
                (Some(u), None) => Op::ReprocessUser {
                    user: self.user_ref(&path.key("user"), u)?,
                },
                (None, Some(g)) => Op::ReprocessGroup {
                    group: self.group_ref(&path.key("group"), g)?,
                },
                _ => return fail(path, "reprocess needs exactly one of `user` and `group`"),
            },
        })
    }

    fn group_update(
        &self,
        path: &FieldPath,
        set: &serde_json::Map<String, Value>,
    ) -> Resolved<GroupUpdate> {
        let mut update = GroupUpdate::default();
        for (key, value) in set {
            let at = path.key(key);
            match key.as_str() {
                "displayName" => update.display_name = Some(optional_string(&at, value)?),
                "description" => update.description = Some(optional_string(&at, value)?),
                "securityEnabled" => update.security_enabled = Some(boolean(&at, value)?),
                "mailEnabled" => update.mail_enabled = Some(boolean(&at, value)?),
                "groupTypes" => {
                    let types = value
                        .as_array()
                        .filter(|items| items.iter().all(Value::is_string))
                        .map_or_else(|| fail(&at, "expected a list of strings, such as [\"DynamicMembership\"]"), Ok)?;
                    update.group_types = Some(types.iter().filter_map(Value::as_str).map(str::to_owned).collect());
                }
                "membershipRule" => {
                    update.membership_rule = Some(match optional_string(&at, value)? {
                        Some(text) => Some((text.clone(), self.compile_rule(&at, &text)?)),
                        None => None,
                    })
                }
                "membershipRuleProcessingState" => {
                    update.rule_paused = Some(match value.as_str() {
                        Some("On") => false,
                        Some("Paused") => true,
                        _ => return fail(&at, "expected \"On\" or \"Paused\""),
                    })
                }
                other => {
                    return fail(
                        &at,
                        format!(
                            "'{other}' cannot be changed by updateGroup; use displayName, description, securityEnabled, mailEnabled, groupTypes, membershipRule or membershipRuleProcessingState{}",
                            match other {
                                "assignedLicenses" => " (licenses change through assignLicense)",
                                "members" => " (members change through addMember and removeMember)",
                                _ => "",
                            }
                        ),
                    )
                }
            }
        }
        Ok(update)
    }
}

fn group(def: &GroupDef, pending: bool) -> Group {
    Group {
        id: def.id.clone(),
        alive: !pending,
        pending,
        display_name: def.display_name.clone(),
        description: def.description.clone(),
        security_enabled: def.security_enabled,
        mail_enabled: def.mail_enabled,
        group_types: def.group_types.clone(),
        membership_rule: def.membership_rule.clone(),
        rule: None,
        rule_paused: def.membership_rule_processing_state == Some(RuleProcessingState::Paused),
        members: Vec::new(),
        parents: Vec::new(),
        licenses: Vec::new(),
        former_members_with_rows: Vec::new(),
    }
}

fn step_index(path: &FieldPath) -> usize {
    step_of(path).expect("step paths are steps[i]")
}

/// `i` when the path is inside `steps[i]`.
fn step_of(path: &FieldPath) -> Option<usize> {
    match path.0.as_slice() {
        [super::locate::Segment::Key(steps), super::locate::Segment::Index(i), ..]
            if steps == "steps" =>
        {
            Some(*i)
        }
        _ => None,
    }
}

/// `extensionAttribute{n}` -> n.
fn check_extension_attribute(path: &FieldPath, name: &str) -> Resolved<u8> {
    match (1..=15u8).find(|n| name == format!("extensionAttribute{n}")) {
        Some(n) => Ok(n),
        None => fail(
            path,
            format!("'{name}' is not an on-premises extension attribute; use extensionAttribute1 to extensionAttribute15"),
        ),
    }
}

/// Any Graph user property may appear, but a near miss of one that rules read is a typo.
fn check_user_property(path: &FieldPath, name: &str, value: &Value) -> Resolved<()> {
    use licenselab_rules::{ObjectKind, Property};
    if matches!(
        name,
        "assignedPlans" | "provisionedPlans" | "licenseAssignmentStates" | "memberOf"
    ) {
        return fail(
            path,
            format!("'{name}' is derived by the simulation; describe licenses with assignedLicenses and membership with groups[].members"),
        );
    }
    if name == "manager" && !value.is_string() && !value.is_null() {
        return fail(path, "manager is the manager's user id, a string");
    }
    if Property::lookup(ObjectKind::User, name).is_some()
        || name.starts_with("extension_")
        || OTHER_GRAPH_PROPERTIES.contains(&name)
    {
        return Ok(());
    }
    let distance = |known: &str| strsim::levenshtein(&known.to_lowercase(), &name.to_lowercase());
    let known = RULE_USER_PROPERTIES
        .iter()
        .chain(OTHER_GRAPH_PROPERTIES)
        .copied();
    match known.min_by_key(|k| distance(k)) {
        Some(close) if distance(close) <= 2 => fail(
            path,
            format!("unknown user property '{name}'; did you mean '{close}'?"),
        ),
        _ => Ok(()),
    }
}

/// The user properties membership rules read (the rule language's property table).
const RULE_USER_PROPERTIES: &[&str] = &[
    "accountEnabled",
    "dirSyncEnabled",
    "employeeHireDate",
    "city",
    "country",
    "companyName",
    "department",
    "displayName",
    "employeeId",
    "facsimileTelephoneNumber",
    "givenName",
    "jobTitle",
    "mail",
    "mailNickName",
    "mobile",
    "objectId",
    "onPremisesDistinguishedName",
    "onPremisesSecurityIdentifier",
    "passwordPolicies",
    "physicalDeliveryOfficeName",
    "postalCode",
    "preferredLanguage",
    "sipProxyAddress",
    "state",
    "streetAddress",
    "surname",
    "telephoneNumber",
    "usageLocation",
    "userPrincipalName",
    "userType",
    "otherMails",
    "proxyAddresses",
];

/// Graph user properties rules do not read, accepted as they are.
const OTHER_GRAPH_PROPERTIES: &[&str] = &[
    "manager",
    "officeLocation",
    "mobilePhone",
    "businessPhones",
    "onPremisesSyncEnabled",
    "employeeType",
    "ageGroup",
    "createdDateTime",
    "onPremisesSamAccountName",
    "onPremisesUserPrincipalName",
    "onPremisesDomainName",
    "onPremisesImmutableId",
    "externalUserState",
    "creationType",
    "identities",
    "imAddresses",
    "showInAddressList",
    "faxNumber",
    "employeeOrgData",
    "aboutMe",
    "birthday",
    "hireDate",
    "interests",
    "mySite",
    "pastProjects",
    "preferredName",
    "responsibilities",
    "schools",
    "skills",
    "securityIdentifier",
    "passwordProfile",
    "legalAgeGroupClassification",
    "consentProvidedForMinor",
    "isResourceAccount",
];

fn optional_string(path: &FieldPath, value: &Value) -> Resolved<Option<String>> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        _ => fail(path, "expected a string or null"),
    }
}

fn boolean(path: &FieldPath, value: &Value) -> Resolved<bool> {
    value
        .as_bool()
        .map_or_else(|| fail(path, "expected true or false"), Ok)
}

fn user_update(path: &FieldPath, set: &serde_json::Map<String, Value>) -> Resolved<UserUpdate> {
    let mut update = UserUpdate::default();
    for (key, value) in set {
        let at = path.key(key);
        match key.as_str() {
            "id" => return fail(&at, "a user's id cannot change"),
            "assignedLicenses" => {
                return fail(&at, "licenses change through assignLicense, not updateUser")
            }
            "usageLocation" => {
                let location = optional_string(&at, value)?.filter(|s| !s.is_empty());
                if let Some(code) = &location {
                    check_country(|| at.clone(), code)?;
                }
                update.usage_location = Some(location);
            }
            "proxyAddresses" => {
                let addresses = match value {
                    Value::Null => Vec::new(),
                    Value::Array(items) => items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| {
                            v.as_str()
                                .map(str::to_owned)
                                .map_or_else(|| fail(&at.index(i), "expected a string"), Ok)
                        })
                        .collect::<Resolved<Vec<_>>>()?,
                    _ => return fail(&at, "expected a list of proxy addresses"),
                };
                update.proxy_addresses = Some(addresses);
            }
            "onPremisesExtensionAttributes" => {
                let Value::Object(attributes) = value else {
                    return fail(&at, "expected an object of extension attributes, such as {\"extensionAttribute1\": \"EMS\"}");
                };
                for (name, v) in attributes {
                    let n = check_extension_attribute(&at.key(name), name)?;
                    update
                        .extension_attributes
                        .push((n, optional_string(&at.key(name), v)?));
                }
            }
            _ => {
                check_user_property(&at, key, value)?;
                update
                    .properties
                    .push((key.clone(), (!value.is_null()).then(|| value.clone())));
            }
        }
    }
    Ok(update)
}

/// Resolves one step against a tenant as it stands (for previews): ids of existing objects only.
pub fn resolve_against(tenant: &Tenant, action: &Action) -> Result<Op, LoadError> {
    let as_error = |e: PathError| LoadError {
        line: None,
        column: None,
        path: e.path.to_string(),
        message: e.message,
    };
    if matches!(
        action,
        Action::CreateUser { .. }
            | Action::CreateGroup { .. }
            | Action::AddSubscribedSku { .. }
            | Action::AddServicePlan { .. }
    ) {
        return Err(as_error(PathError {
            path: FieldPath::root().key("op"),
            message: format!(
                "a `{}` step cannot be previewed; previews show changes to the objects that exist (add it as a step instead)",
                action.op()
            ),
            within: None,
        }));
    }
    let resolver = Resolver {
        plans: tenant.plans.clone(),
        skus: tenant.skus.clone(),
        final_plans: tenant.skus.iter().map(|s| s.plans.clone()).collect(),
        user_ids: tenant.user_ids.clone(),
        group_ids: tenant.group_ids.clone(),
        ..Resolver::default()
    };
    let op = resolver
        .step(&FieldPath::root(), action)
        .map_err(as_error)?;
    match limits::member_of_rules_over_limit(tenant, [&op], |_| FieldPath::root()) {
        Some((path, message)) => Err(as_error(PathError {
            path,
            message,
            within: None,
        })),
        None => Ok(op),
    }
}

//! The starting tenant, built as if created in file order, in portions a front end can show
//! progress for.

use super::checks::{check_header, check_sizes};
use super::document::{Scenario, StartingState};
use super::errors::{fail, positioned, LoadError, Resolved};
use super::limits;
use super::locate::FieldPath;
use super::resolve::{Handed, Resolver};
use crate::reconcile::{advice, LicenseChoice, Op, Rejection, RejectionCode, Transition, Work};
use crate::tenant::{GroupIx, MemberRef, Policy, Row, SkuIx, Source, Standing, Tenant, UserIx};

/// The tenant after the starting state is built, and the steps with their references resolved.
pub(crate) struct Loaded {
    pub tenant: Tenant,
    pub steps: Vec<(Op, &'static str)>,
    /// What loaded but deserves a word, each with its field path.
    pub warnings: Vec<String>,
}

/// Resolves and builds. `text` (when the scenario came as JSON) adds line and column to errors.
pub(crate) fn load(scenario: &Scenario, text: Option<&str>) -> Result<Loaded, LoadError> {
    let mut building = prepare(scenario, text)?;
    building.advance(usize::MAX, text)?;
    Ok(building.finish())
}

/// Resolves and builds a scenario it owns, dropping the document as soon as it is resolved:
/// building the groups (most of a big tenant's memory) needs only the resolved lists, so the
/// document and the whole tenant are never held at once. Errors are positioned by the caller.
pub(super) fn load_owned(mut scenario: Scenario) -> Resolved<Loaded> {
    check_header(&scenario)?;
    check_sizes(&scenario)?;
    // Most of a big document, dropped part by part as users and groups are resolved.
    let handed = Handed::take_from(&mut scenario);
    let mut building = Building::resolve(&scenario, handed)?;
    drop(scenario);
    while !building.is_done() {
        building.advance_one()?;
    }
    Ok(building.finish())
}

/// Resolves every reference and validates, then hands back the starting tenant to be built in
/// portions (`Building::advance`), so a front end can show progress on a big tenant.
pub(crate) fn prepare(scenario: &Scenario, text: Option<&str>) -> Result<Building, LoadError> {
    Building::new(scenario).map_err(|e| positioned(e, text))
}

/// The starting tenant being built, as if created in file order: each user's direct
/// assignments, then each group with its members and licenses.
pub(crate) struct Building {
    tenant: Tenant,
    /// The transitions' working data, kept for the whole build (its value index serves every
    /// dynamic group).
    work: Work,
    steps: Vec<(Op, &'static str)>,
    user_licenses: Vec<Vec<LicenseChoice>>,
    group_members: Vec<Vec<MemberRef>>,
    group_licenses: Vec<Vec<LicenseChoice>>,
    /// Whether the starting state is observed: its rows are in the tenant from the start (rules
    /// on `assignedPlans` read them), and what they mean is settled once every group is in place
    /// (`settle_observed_rows`).
    observed: bool,
    warnings: Vec<String>,
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

/// Said after a rejected starting assignment that a step could make instead.
const OR_MAKE_IT_A_STEP: &str =
    " Or make the assignment a step, to see the rejection in the timeline.";

/// Why the starting state cannot be as written: Entra would reject the `assignedLicenses` of
/// `list[i]` (`users` or `groups`), and says so in the words it rejects the same change in a
/// step with.
fn rejected<T>(list: &str, i: usize, rejection: &Rejection, then: &str) -> Resolved<T> {
    let what = match list {
        "users" => "direct assignment",
        _ => "group assignment",
    };
    fail(
        &FieldPath::root().key(list).index(i).key("assignedLicenses"),
        format!(
            "a tenant cannot start with this {what}, because Entra rejects it with {}: \"{}\"{}{then}",
            rejection.code,
            rejection.message,
            advice(&rejection.code)
                .map(|a| format!(" {a}"))
                .unwrap_or_default(),
        ),
    )
}

impl Building {
    /// Checks and resolves the whole scenario, then makes the tenant with every object declared
    /// and nothing assigned yet.
    fn new(scenario: &Scenario) -> Resolved<Building> {
        check_header(scenario)?;
        check_sizes(scenario)?;
        Building::resolve(scenario, Handed::default())
    }

    /// `new` after the checks of the document as a whole; `handed` as for `Resolver::new`.
    fn resolve(scenario: &Scenario, handed: Handed) -> Resolved<Building> {
        let mut resolver = Resolver::new(scenario, handed)?;
        let policy = Policy::new(&scenario.options).or_else(|message| {
            fail(
                &FieldPath::root().key("options").key("evaluationTime"),
                message,
            )
        })?;
        let mut tenant = Tenant::new(
            policy,
            scenario.organization.clone(),
            resolver.plans.clone(),
        );
        tenant.catalog_extension = scenario.catalog.clone();
        tenant.skus = resolver.skus.clone();
        for s in 0..tenant.skus.len() {
            tenant.refresh_masks(SkuIx::new(s));
        }
        // Moved, not copied: a big tenant's users are most of its memory.
        tenant.users = std::mem::take(&mut resolver.users);
        tenant.attribute_names = std::mem::take(&mut resolver.attribute_names);
        tenant.attribute_names.release_pool();
        tenant.proxies = std::mem::take(&mut resolver.proxies);
        tenant.groups = std::mem::take(&mut resolver.groups);
        tenant.user_ids = resolver.user_ids.clone();
        tenant.group_ids = resolver.group_ids.clone();
        tenant.index_rules();

        let steps = resolver.steps(scenario)?;
        if let Some((path, message)) =
            limits::member_of_rules_over_limit(&tenant, steps.iter().map(|(op, _)| op), |i| {
                FieldPath::root().key("steps").index(i)
            })
        {
            return fail(&path, message);
        }

        for i in 0..scenario.users.len() {
            tenant.register_proxies(UserIx::new(i), true);
        }
        // Nothing reads a user's list of groups while the groups are built unless a rule reads
        // `memberOf`; then the lists are made at the end, in one pass.
        let user_memberships_later = tenant.rule_index.by_member_of.is_empty();
        reserve_memberships(
            &mut tenant,
            &resolver.initial_group_members,
            !user_memberships_later,
        );
        let work = resolver.initial_user_licenses.len()
            + resolver
                .initial_group_members
                .iter()
                .map(|m| m.len() + 1)
                .sum::<usize>()
            + scenario.groups.iter().filter(|g| g.is_dynamic()).count()
                * (scenario.users.len() / 10 + 1);
        let observed = scenario.starting_state == StartingState::Observed;
        if observed {
            let consumed: Vec<Option<u32>> = scenario
                .subscribed_skus
                .iter()
                .map(|s| s.consumed_units)
                .collect();
            install_observed_rows(
                &mut tenant,
                std::mem::take(&mut resolver.observed_rows),
                &consumed,
            );
        }
        Ok(Building {
            work: Work::building(tenant.observed, user_memberships_later),
            tenant,
            observed,
            warnings: std::mem::take(&mut resolver.warnings),
            steps,
            user_licenses: std::mem::take(&mut resolver.initial_user_licenses),
            group_members: std::mem::take(&mut resolver.initial_group_members),
            group_licenses: std::mem::take(&mut resolver.initial_group_licenses),
            phase: Phase::Users(0),
            work_done: 0,
            work_total: work + 1,
        })
    }

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
                tenant
                    .assign_direct(UserIx::new(i), licenses, &[])
                    .or_else(|r| rejected("users", i, &r, OR_MAKE_IT_A_STEP))
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
                tenant
                    .check_group_can_be_licensed(g, licenses)
                    .or_else(|r| rejected("groups", i, &r, OR_MAKE_IT_A_STEP))?;
                // A starting group lacking an add-on's prerequisite keeps the add-on's plan disabled (B14c).
                tenant.groups[i].licenses = tenant.effective_group_licenses(licenses);
                if self.observed {
                    // Reported, not made now: no audit entry and no processing run.
                    return Ok(());
                }
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
        if !self.work.users_join_now() {
            self.tenant.list_user_memberships();
            self.work.record_joins_on_users();
        }
        let mut tenant = Transition::new(&mut self.tenant, &mut self.work);
        tenant.settle();
        if self.observed {
            settle_observed_rows(&mut tenant);
        }
        for (i, licenses) in self.user_licenses.iter().enumerate() {
            if licenses.is_empty() {
                continue;
            }
            if let Some(message) = tenant.unmet_direct_dependency(UserIx::new(i)) {
                let rejection = Rejection::new(RejectionCode::DependencyViolation, message);
                return rejected("users", i, &rejection, "");
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
            warnings: self.warnings,
        }
    }
}

/// Gives every user's and group's membership list the room its listed memberships need, in
/// one pass before any is added: a list grown by doubling as 2.4 million memberships arrive in
/// group order reallocates each user's list about five times, at a random place in memory.
/// `users`: the users' lists too (when they are not made at the end).
fn reserve_memberships(tenant: &mut Tenant, group_members: &[Vec<MemberRef>], users: bool) {
    if users {
        let mut per_user = vec![0u32; tenant.users.len()];
        for members in group_members {
            for member in members {
                if let MemberRef::User(u) = member {
                    per_user[u.index()] += 1;
                }
            }
        }
        for (user, count) in tenant.users.iter_mut().zip(per_user) {
            user.memberships.reserve_exact(count as usize);
        }
    }
    for (group, members) in tenant.groups.iter_mut().zip(group_members) {
        group.members.reserve_exact(members.len());
    }
}

/// Puts an observed scenario's reported rows and seat counts in place, as they are, before any
/// group is built: dynamic rules on `assignedPlans` read them, and nothing will process them.
fn install_observed_rows(tenant: &mut Tenant, rows: Vec<Vec<Row>>, consumed: &[Option<u32>]) {
    tenant.observed = true;
    for (user, mut rows) in tenant.users.iter_mut().zip(rows) {
        crate::order::sort_by_key(&mut rows, |r| (r.sku, r.source));
        user.rows = rows;
    }
    for (s, reported) in consumed.iter().enumerate() {
        let sku = SkuIx::new(s);
        tenant.skus[s].consumed = reported.unwrap_or_else(|| tenant.holders(sku));
    }
}

/// What the observed rows mean once memberships and group licenses are loaded: a group row
/// provides the group's effective plans, a row the group no longer gives with a
/// DependencyViolation is a blocked removal, and a former member's row lingers.
fn settle_observed_rows(tenant: &mut Tenant) {
    for i in 0..tenant.users.len() {
        let u = UserIx::new(i);
        let mut rows = std::mem::take(&mut tenant.users[i].rows);
        for row in &mut rows {
            let Source::Group(g) = row.source else {
                continue;
            };
            let assigning = tenant
                .is_licensed_member(u, g)
                .then(|| tenant.group(g).license(row.sku))
                .flatten();
            match assigning {
                // The group's assignment as it stands, dependent plans narrowed (B14c).
                Some(license) if license.disabled == row.disabled => row.enabled = license.enabled,
                Some(_) => {}
                // A row the group no longer gives, kept by a dependent plan (B14b, §8.6).
                None if row.error == crate::tenant::LicenseError::DependencyViolation => {
                    row.standing = Standing::RemovalBlocked
                }
                None => {}
            }
            // Users come in order, so a user already listed is the list's last: no scan of a
            // group that many have left.
            let lingering = &mut tenant.groups[g.index()].former_members_with_rows;
            if !tenant.users[i].memberships.contains(&g) && lingering.last() != Some(&u) {
                lingering.push(u);
            }
        }
        tenant.users[i].rows = rows;
    }
}

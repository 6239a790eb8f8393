//! Resolving the document's string references (products, plans, users, groups) to indices,
//! checking each as it is resolved.

mod observed;
mod principals;
mod products;
mod steps;

pub(crate) use steps::resolve_against;

use super::document::Scenario;
use super::errors::Resolved;
use crate::reconcile::LicenseChoice;
use crate::tenant::attributes::AttributeNames;
use crate::tenant::id_index::IdIndex;
use crate::tenant::proxies::ProxyIndex;
use crate::tenant::{Group, MemberRef, PlanIx, PlanRules, Row, Sku, User};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// The scenario's objects with their references resolved, before the tenant is built.
#[derive(Default)]
pub(super) struct Resolver {
    pub(super) plans: PlanRules,
    pub(super) attribute_names: AttributeNames,
    /// Users' proxy addresses, numbered as users are declared.
    pub(super) proxies: ProxyIndex,
    pub(super) skus: Vec<Sku>,
    /// Every plan a SKU will ever have (its plans plus those `addServicePlan` steps add), so
    /// references resolve before the step that adds the plan runs; positions never move.
    final_plans: Vec<Vec<PlanIx>>,
    service_plan_steps: HashMap<usize, PlanIx>,
    /// (SKU, plan position) -> the `addServicePlan` step that adds it; a step may refer to the
    /// plan only after that step.
    plan_added_by_step: HashMap<(usize, usize), usize>,
    /// SKU -> the `addSubscribedSku` step that creates it.
    sku_added_by_step: HashMap<usize, usize>,
    pub(super) users: Vec<User>,
    pub(super) groups: Vec<Group>,
    /// Shared with the built tenant, which resolves later steps (`resolve_against`) with them.
    pub(super) user_ids: Arc<IdIndex>,
    pub(super) group_ids: Arc<IdIndex>,
    pub(super) initial_user_licenses: Vec<Vec<LicenseChoice>>,
    pub(super) initial_group_members: Vec<Vec<MemberRef>>,
    pub(super) initial_group_licenses: Vec<Vec<LicenseChoice>>,
    /// An observed scenario's reported rows, per starting user (empty for a computed one).
    pub(super) observed_rows: Vec<Vec<Row>>,
    /// What loads but deserves a word (`Simulation::warnings`), each with its field path.
    pub(super) warnings: Vec<String>,
    handed: Handed,
    created_user_licenses: HashMap<usize, Vec<LicenseChoice>>,
    created_group_parts: HashMap<usize, (Vec<MemberRef>, Vec<LicenseChoice>)>,
}

/// The bulk of the listed users and groups, taken out of the document by a loader that owns it,
/// each part dropped as soon as its user or group is resolved: a big tenant's property maps and
/// member ids are then not all held beside the users and groups they become. Empty when the
/// document is borrowed (the resolver then reads the document's own).
#[derive(Default)]
pub(super) struct Handed {
    /// `users[i].properties`.
    pub(super) properties: Vec<Map<String, Value>>,
    /// `groups[i].members`.
    pub(super) members: Vec<Vec<String>>,
}

impl Handed {
    /// Takes the parts out of `scenario` (after its sizes are checked: the lists are empty after).
    pub(super) fn take_from(scenario: &mut Scenario) -> Handed {
        Handed {
            properties: scenario
                .users
                .iter_mut()
                .map(|user| std::mem::take(&mut user.properties))
                .collect(),
            members: scenario
                .groups
                .iter_mut()
                .map(|group| std::mem::take(&mut group.members))
                .collect(),
        }
    }
}

impl Resolver {
    /// Declares every product, plan, user and group (those steps create too), so that any
    /// reference, also one to an object a later step creates, resolves.
    /// `handed` holds what a loader that owns `scenario` took out of it (or nothing).
    pub(super) fn new(scenario: &Scenario, handed: Handed) -> Resolved<Resolver> {
        let mut resolver = Resolver {
            handed,
            ..Resolver::default()
        };
        resolver.declare_skus(scenario)?;
        resolver.declare_principals(scenario)?;
        resolver.resolve_observed(scenario)?;
        resolver.plans.link_builtin_rules(
            scenario.options.legacy_exchange_conflict,
            scenario.options.community_dependencies,
        );
        resolver.add_catalog_extension(&scenario.catalog)?;
        Ok(resolver)
    }
}

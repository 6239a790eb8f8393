//! Services per user across a run: what each user has at the start, after each step and at the
//! end, to find service gaps (held at the start and the end, missing in between), lost services
//! (held at the start, not at the end) and lost plans.

use crate::catalog::{family_by_plan_name, service_families, EXCHANGE_MAILBOX};
use crate::reconcile::journal::PlanChange;
use crate::tenant::{PlanIx, Tenant, UserIx};

/// A service as a user has it: a family of plans, or one plan (by identity) in no family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Service {
    Family(usize),
    Plan(PlanIx),
}

/// Each plan's service, computed once per tenant (by `PlanIx`).
pub(crate) struct ServiceMap {
    of_plan: Vec<Service>,
}

impl ServiceMap {
    pub(crate) fn new(tenant: &Tenant) -> Self {
        let of_plan = (0..tenant.plans.plans.len())
            .map(|i| service_of(tenant, PlanIx::new(i)))
            .collect();
        ServiceMap { of_plan }
    }

    /// What administrators call the service, and Graph's `service` name when known.
    pub(crate) fn describe<'t>(
        &self,
        tenant: &'t Tenant,
        service: Service,
    ) -> (&'t str, Option<&'static str>) {
        describe(tenant, service)
    }

    /// The services a user has now: those of every enabled plan, sorted.
    pub(crate) fn services_of(&self, tenant: &Tenant, u: UserIx) -> Vec<Service> {
        let mut services: Vec<Service> = enabled_plans(tenant, u)
            .map(|p| self.of_plan[p.index()])
            .collect();
        services.sort();
        services.dedup();
        services
    }
}

/// Each user's services by name, for comparing two tenants (a planner's today and target): the
/// plan-to-service map is built once per tenant, and names are the same in every tenant.
pub struct UserServices {
    map: ServiceMap,
}

impl UserServices {
    pub fn new(tenant: &Tenant) -> Self {
        UserServices {
            map: ServiceMap::new(tenant),
        }
    }

    /// The names of the services the user has now (a family's name, or a plan's display name),
    /// sorted, each once; none for a deleted user.
    pub fn of<'t>(&self, tenant: &'t Tenant, u: UserIx) -> Vec<&'t str> {
        if !tenant.user(u).alive {
            return Vec::new();
        }
        let mut names: Vec<&str> = self
            .map
            .services_of(tenant, u)
            .into_iter()
            .map(|s| describe(tenant, s).0)
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// What administrators call a service, and Graph's `service` name when known.
fn describe(tenant: &Tenant, service: Service) -> (&str, Option<&'static str>) {
    match service {
        Service::Family(f) => (
            service_families()[f].name,
            service_families()[f].graph_service,
        ),
        Service::Plan(p) => (tenant.plans.plan(p).display_name(), None),
    }
}

/// A plan's service: the Exchange mailbox family, its family by name, or the plan itself.
fn service_of(tenant: &Tenant, ix: PlanIx) -> Service {
    let plan = tenant.plans.plan(ix);
    if tenant.plans.provisions_mailbox(ix) {
        Service::Family(EXCHANGE_MAILBOX)
    } else {
        match plan.name.as_deref().and_then(family_by_plan_name) {
            Some(f) => Service::Family(f),
            None => Service::Plan(plan.identity),
        }
    }
}

/// The service of a plan a step took away, and whether the user still has that service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceLoss<'a> {
    /// What administrators call the service (a family's name, or the plan's display name).
    pub service: &'a str,
    /// Graph's `assignedPlans[].service`, when known.
    pub graph_service: Option<&'static str>,
    /// Another enabled plan still provides the service (Exchange Online Plan 2 for Plan 1).
    pub still_provided: bool,
}

impl Tenant {
    /// The services of the plans a change took away, each once, in the product's plan order,
    /// read against the tenant as it stands (after the change): for the timeline's loss view.
    pub fn service_losses(&self, change: &PlanChange) -> Vec<ServiceLoss<'_>> {
        let sku = self.sku(change.sku);
        let held: Vec<Service> = if self.user(change.user).alive {
            enabled_plans(self, change.user)
                .map(|p| service_of(self, p))
                .collect()
        } else {
            Vec::new()
        };
        let mut seen: Vec<Service> = Vec::new();
        let mut losses = Vec::new();
        for position in change.lost.iter() {
            let service = service_of(self, sku.plans[position]);
            if seen.contains(&service) {
                continue;
            }
            seen.push(service);
            let (name, graph_service) = describe(self, service);
            losses.push(ServiceLoss {
                service: name,
                graph_service,
                still_provided: held.contains(&service),
            });
        }
        losses
    }
}

/// The plans a user has enabled now, by `PlanIx` (a plan in two products appears twice).
fn enabled_plans(tenant: &Tenant, u: UserIx) -> impl Iterator<Item = PlanIx> + '_ {
    let user = tenant.user(u);
    let mut skus: Vec<_> = user.rows.iter().map(|r| r.sku).collect();
    skus.sort();
    skus.dedup();
    skus.into_iter()
        .filter(move |_| user.alive)
        .flat_map(move |s| {
            let sku = tenant.sku(s);
            user.enabled(s).iter().map(move |pos| sku.plans[pos])
        })
}

/// The plan identities a user has enabled now, sorted.
pub(crate) fn plan_identities(tenant: &Tenant, u: UserIx) -> Vec<PlanIx> {
    let mut plans: Vec<PlanIx> = enabled_plans(tenant, u)
        .map(|p| tenant.plans.plan(p).identity)
        .collect();
    plans.sort();
    plans.dedup();
    plans
}

/// A service missing after `lost_after` and present again after `back_after` (step indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Interruption {
    pub service: Service,
    pub lost_after: usize,
    pub back_after: Option<usize>,
}

/// Follows every user's services through the steps.
pub(crate) struct ServiceTracker {
    pub map: ServiceMap,
    /// At the start, by user (empty for users that do not exist yet).
    pub start: Vec<Vec<Service>>,
    pub start_plans: Vec<Vec<PlanIx>>,
    /// The first interruption of each start service, by user (only users a step touched).
    pub interruptions: Vec<Vec<Interruption>>,
    pub touched: Vec<bool>,
}

impl ServiceTracker {
    pub(crate) fn new(tenant: &Tenant) -> Self {
        let map = ServiceMap::new(tenant);
        let users = tenant.users.len();
        let start = (0..users)
            .map(|i| map.services_of(tenant, UserIx::new(i)))
            .collect();
        let start_plans = (0..users)
            .map(|i| plan_identities(tenant, UserIx::new(i)))
            .collect();
        ServiceTracker {
            map,
            start,
            start_plans,
            interruptions: vec![Vec::new(); users],
            touched: vec![false; users],
        }
    }

    /// After step `index` made `changes`: notes which start services the users it touched miss.
    pub(crate) fn after_step(&mut self, tenant: &Tenant, index: usize, changes: &[PlanChange]) {
        let mut users: Vec<UserIx> = changes.iter().map(|c| c.user).collect();
        users.dedup();
        for u in users {
            self.touched[u.index()] = true;
            let now = self.map.services_of(tenant, u);
            let interruptions = &mut self.interruptions[u.index()];
            for service in &self.start[u.index()] {
                let present = now.binary_search(service).is_ok();
                match interruptions.iter_mut().find(|i| i.service == *service) {
                    Some(i) if present && i.back_after.is_none() => i.back_after = Some(index),
                    Some(_) => {}
                    None if !present => interruptions.push(Interruption {
                        service: *service,
                        lost_after: index,
                        back_after: None,
                    }),
                    None => {}
                }
            }
        }
    }
}

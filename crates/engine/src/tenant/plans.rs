//! The service plans a scenario knows, and the rules between them: conflict sets, dependencies,
//! usage-location prohibitions, and which plans provision an Exchange mailbox.

use super::ids::PlanIx;
use crate::catalog;

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub id: String,
    pub name: Option<String>,
    /// Index into Microsoft's table when the plan is one of Microsoft's (by GUID or name).
    pub builtin: Option<u16>,
    /// Plans that are the same Microsoft plan share an identity, so a plan never conflicts with,
    /// or fails to satisfy, itself under another id.
    pub identity: PlanIx,
}

impl Plan {
    /// The friendliest name to show: Microsoft's product name, else the given name, else the id.
    pub fn display_name(&self) -> &str {
        match self.builtin {
            Some(b) if !catalog::plans()[b as usize].friendly_name.is_empty() => {
                catalog::plans()[b as usize].friendly_name
            }
            _ => self.name.as_deref().unwrap_or(&self.id),
        }
    }
}

/// A dependent plan works only if, for at least one alternative, every plan of it is enabled.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub plan: PlanIx,
    pub alternatives: Vec<Vec<PlanIx>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanRules {
    pub plans: Vec<Plan>,
    conflict_sets: Vec<Vec<PlanIx>>,
    sets_of: Vec<Vec<u32>>,
    pub requirements: Vec<Requirement>,
    requirements_of: Vec<Vec<u32>>,
    prohibited: Vec<Vec<String>>,
    exchange_mailbox: Vec<bool>,
}

impl PlanRules {
    pub fn plan(&self, plan: PlanIx) -> &Plan {
        &self.plans[plan.index()]
    }

    /// Adds a plan (or returns the one with this id) and links it to Microsoft's table.
    pub fn intern(&mut self, id: &str, name: Option<&str>) -> PlanIx {
        if let Some(existing) = self.find_by_id(id) {
            if self.plans[existing.index()].name.is_none() {
                self.plans[existing.index()].name = name.map(str::to_owned);
            }
            return existing;
        }
        let builtin = catalog::find_plan(id)
            .or_else(|| name.and_then(catalog::find_plan))
            .map(catalog::plan_index);
        let ix = PlanIx::new(self.plans.len());
        let identity = builtin
            .and_then(|b| {
                self.plans
                    .iter()
                    .find(|p| p.builtin == Some(b))
                    .map(|p| p.identity)
            })
            .unwrap_or(ix);
        let name = name
            .map(str::to_owned)
            .or_else(|| builtin.map(|b| catalog::plans()[b as usize].name.to_owned()));
        self.plans.push(Plan {
            id: id.to_owned(),
            name,
            builtin,
            identity,
        });
        ix
    }

    pub fn find_by_id(&self, id: &str) -> Option<PlanIx> {
        self.plans.iter().position(|p| p.id == id).map(PlanIx::new)
    }

    /// A plan named by id first, then by `servicePlanName` (case-insensitive), as the format allows.
    pub fn find(&self, key: &str) -> Option<PlanIx> {
        self.find_by_id(key).or_else(|| {
            self.plans
                .iter()
                .position(|p| {
                    p.name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(key))
                })
                .map(PlanIx::new)
        })
    }

    pub fn builtin_plans(&self, builtin: u16) -> impl Iterator<Item = PlanIx> + '_ {
        self.plans
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.builtin == Some(builtin))
            .map(|(i, _)| PlanIx::new(i))
    }

    /// Builds the rule tables once every plan of the scenario is interned.
    pub fn link_builtin_rules(
        &mut self,
        legacy_exchange_conflict: bool,
        community_dependencies: bool,
    ) {
        for set in catalog::conflict_sets(legacy_exchange_conflict) {
            let members: Vec<PlanIx> = set.iter().flat_map(|&b| self.builtin_plans(b)).collect();
            self.add_conflict_set(members);
        }
        let mut community: Vec<Requirement> = Vec::new();
        for dependency in catalog::dependencies(community_dependencies) {
            let required: Vec<Vec<PlanIx>> = dependency
                .required
                .iter()
                .map(|&b| self.builtin_plans(b).collect::<Vec<_>>())
                .collect();
            // A required plan the scenario never has makes its alternative unsatisfiable; it
            // still counts, because a dependent plan without its prerequisite must fail.
            let alternatives: Vec<Vec<PlanIx>> = if dependency.any_of {
                required
                    .iter()
                    .map(|r| r.first().copied().into_iter().collect())
                    .collect()
            } else {
                vec![required.iter().filter_map(|r| r.first().copied()).collect()]
            };
            let unsatisfiable = required.iter().any(Vec::is_empty) && !dependency.any_of;
            for plan in self.builtin_plans(dependency.plan).collect::<Vec<_>>() {
                let alternatives = if unsatisfiable {
                    vec![Vec::new()]
                } else {
                    alternatives.clone()
                };
                let alternatives = if alternatives.is_empty() {
                    vec![Vec::new()]
                } else {
                    alternatives
                };
                if dependency.microsoft_evidence {
                    self.add_requirement(Requirement { plan, alternatives });
                } else {
                    // Community rows for one plan are alternatives of one requirement.
                    match community.iter_mut().find(|r| r.plan == plan) {
                        Some(r) => r.alternatives.extend(alternatives),
                        None => community.push(Requirement { plan, alternatives }),
                    }
                }
            }
        }
        for requirement in community {
            self.add_requirement(requirement);
        }
        for b in catalog::exchange_mailbox_plans() {
            for plan in self.builtin_plans(b).collect::<Vec<_>>() {
                self.set_exchange_mailbox(plan);
            }
        }
    }

    fn grow(&mut self) {
        let n = self.plans.len();
        self.sets_of.resize(n, Vec::new());
        self.requirements_of.resize(n, Vec::new());
        self.prohibited.resize(n, Vec::new());
        self.exchange_mailbox.resize(n, false);
    }

    pub fn add_conflict_set(&mut self, members: Vec<PlanIx>) {
        self.grow();
        let set = self.conflict_sets.len() as u32;
        for plan in &members {
            if !self.sets_of[plan.index()].contains(&set) {
                self.sets_of[plan.index()].push(set);
            }
        }
        self.conflict_sets.push(members);
    }

    pub fn add_requirement(&mut self, requirement: Requirement) {
        self.grow();
        let ix = self.requirements.len() as u32;
        self.requirements_of[requirement.plan.index()].push(ix);
        self.requirements.push(requirement);
    }

    pub fn add_prohibition(&mut self, plan: PlanIx, countries: impl IntoIterator<Item = String>) {
        self.grow();
        for country in countries {
            let country = country.to_ascii_uppercase();
            if !self.prohibited[plan.index()].contains(&country) {
                self.prohibited[plan.index()].push(country);
            }
        }
    }

    pub fn set_exchange_mailbox(&mut self, plan: PlanIx) {
        self.grow();
        self.exchange_mailbox[plan.index()] = true;
    }

    /// Two plans conflict when they share a conflict set and are not the same plan.
    pub fn conflicts(&self, a: PlanIx, b: PlanIx) -> bool {
        if self.plan(a).identity == self.plan(b).identity {
            return false;
        }
        let (sa, sb) = (self.sets_of.get(a.index()), self.sets_of.get(b.index()));
        match (sa, sb) {
            (Some(sa), Some(sb)) => sa.iter().any(|s| sb.contains(s)),
            _ => false,
        }
    }

    pub fn in_any_conflict_set(&self, plan: PlanIx) -> bool {
        self.sets_of
            .get(plan.index())
            .is_some_and(|s| !s.is_empty())
    }

    pub fn requirements_of(&self, plan: PlanIx) -> impl Iterator<Item = &Requirement> {
        self.requirements_of
            .get(plan.index())
            .into_iter()
            .flatten()
            .map(|&i| &self.requirements[i as usize])
    }

    pub fn prohibited_in(&self, plan: PlanIx, country: &str) -> bool {
        self.prohibited
            .get(plan.index())
            .is_some_and(|c| c.iter().any(|c| c.eq_ignore_ascii_case(country)))
    }

    pub fn has_prohibitions(&self, plan: PlanIx) -> bool {
        self.prohibited
            .get(plan.index())
            .is_some_and(|c| !c.is_empty())
    }

    pub fn provisions_mailbox(&self, plan: PlanIx) -> bool {
        self.exchange_mailbox
            .get(plan.index())
            .copied()
            .unwrap_or(false)
    }

    /// Is the requirement met when `enabled` says which plan identities the user has?
    pub fn satisfied(&self, requirement: &Requirement, enabled: impl Fn(PlanIx) -> bool) -> bool {
        requirement
            .alternatives
            .iter()
            .any(|alt| !alt.is_empty() && alt.iter().all(|p| enabled(self.plan(*p).identity)))
    }
}

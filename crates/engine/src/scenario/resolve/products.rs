//! Products and their service plans: declaring the scenario's products (and those steps
//! subscribe), the plans steps add, catalog rules, and references to products and plans.

use super::Resolver;
use crate::catalog;
use crate::reconcile::LicenseChoice;
use crate::scenario::checks::{check_country, check_id, closest};
use crate::scenario::document::{
    Action, AppliesTo, AssignedLicenseDef, CatalogExtension, Scenario, SkuDef,
};
use crate::scenario::errors::{fail, step_of, Resolved};
use crate::scenario::locate::FieldPath;
use crate::tenant::plans::Requirement;
use crate::tenant::planset::MAX_PLANS_PER_SKU;
use crate::tenant::{PlanIx, PlanSet, Sku, SkuIx};

impl Resolver {
    pub(super) fn declare_skus(&mut self, scenario: &Scenario) -> Resolved<()> {
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
    pub(super) fn sku_ref(&self, path: &FieldPath, key: &str) -> Resolved<SkuIx> {
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

    pub(super) fn plan_in_sku(&self, path: &FieldPath, s: SkuIx, key: &str) -> Resolved<usize> {
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

    pub(super) fn licenses(
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

    /// The `requiresAnyOf` alternatives that are plans of this scenario. Microsoft's dependency
    /// data names plans a real tenant does not have, so a missing alternative is left out
    /// without an error; only a name a typo away from a present plan gets a warning.
    fn present_alternatives(&mut self, path: &FieldPath, keys: &[String]) -> Vec<Vec<PlanIx>> {
        let mut alternatives = Vec::new();
        for (j, key) in keys.iter().enumerate() {
            if let Some(plan) = self.plans.find(key) {
                alternatives.push(vec![plan]);
                continue;
            }
            let names = self
                .plans
                .plans
                .iter()
                .flat_map(|p| std::iter::once(p.id.as_str()).chain(p.name.as_deref()));
            if let Some(near) = closest(key, names, 2) {
                self.warnings.push(format!(
                    "{}: '{key}' is no service plan of this scenario, so the alternative is left out; did you mean '{near}'?",
                    path.key("requiresAnyOf").index(j)
                ));
            }
        }
        alternatives
    }

    pub(super) fn add_catalog_extension(&mut self, extension: &CatalogExtension) -> Resolved<()> {
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
                (true, false) => {
                    let alternatives =
                        self.present_alternatives(&path, &dependency.requires_any_of);
                    if alternatives.is_empty() {
                        self.warnings.push(format!("{path}: none of requiresAnyOf is a service plan of this scenario; the rule is left out"));
                        continue;
                    }
                    alternatives
                }
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
}

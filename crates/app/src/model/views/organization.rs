//! The organization settings' answer: the scenario's country, default usage location and plans
//! prohibited per country (what the form edits), and the names of the plans the tenant's
//! products have (what the form offers for a restriction). The settings are the scenario's; the
//! plan names are the tenant's, since a product's plans may come from Microsoft's catalog.

use licenselab_engine::SkuIx;
use serde::{Deserialize, Serialize};

use crate::model::Derived;

/// The organization's settings as the scenario states them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// `countryLetterCode`.
    pub country: String,
    /// `defaultUsageLocation`, empty when there is none.
    pub default_location: String,
    /// `catalog.prohibitedLocations`, in the scenario's order.
    pub prohibited: Vec<Restriction>,
    /// Every plan of every product in the tenant, by `servicePlanName` (else its id), sorted,
    /// each once.
    pub plans: Vec<String>,
}

/// A plan and the countries it is prohibited in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Restriction {
    pub plan: String,
    pub countries: Vec<String>,
}

impl Settings {
    pub fn of(d: &Derived) -> Settings {
        let s = &d.scenario;
        let t = d.tenant();
        let mut plans: Vec<String> = (0..t.skus().len())
            .flat_map(|s| t.sku_plans(SkuIx::new(s)))
            .map(|plan| plan.name.unwrap_or(plan.id).to_owned())
            .collect();
        plans.sort();
        plans.dedup();
        Settings {
            country: s.organization.country_letter_code.clone(),
            default_location: s
                .organization
                .default_usage_location
                .clone()
                .unwrap_or_default(),
            prohibited: s
                .catalog
                .prohibited_locations
                .iter()
                .map(|p| Restriction {
                    plan: p.plan.clone(),
                    countries: p.countries.clone(),
                })
                .collect(),
            plans,
        }
    }
}

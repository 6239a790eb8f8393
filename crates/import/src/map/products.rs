//! The organization's location and the products.

use crate::collect::{Listed, Records};
use crate::shapes::GraphSku;
use crate::Report;
use licenselab_engine::{AppliesTo, Organization, PrepaidUnits, ServicePlanDef, SkuDef};

pub(super) fn organization(records: &Records, report: &mut Report) -> Organization {
    let mut organization = Organization::default();
    let Some(first) = records.organizations.values().next() else {
        report.missing.push("no organization in the export: its countryLetterCode (the location users without a usageLocation inherit) is taken as US; export GET /organization?$select=id,countryLetterCode".to_owned());
        return organization;
    };
    if records.organizations.len() > 1 {
        report.not_mapped.push(format!(
            "{} organizations: only the first ({}) is used",
            records.organizations.len(),
            first.place
        ));
    }
    match &first.object.country_letter_code {
        Some(code) => organization.country_letter_code = code.clone(),
        None => report.missing.push(format!(
            "the organization ({}) has no countryLetterCode: it is taken as US; export GET /organization?$select=id,countryLetterCode",
            first.place.path
        )),
    }
    organization
}

pub(super) fn sku(id: String, record: Listed<Box<GraphSku>>, report: &mut Report) -> SkuDef {
    let s = record.object;
    let name = s.sku_part_number.clone().unwrap_or_else(|| id.clone());
    if let Some(status) = s.capability_status.as_deref().filter(|s| *s != "Enabled") {
        report.not_mapped.push(format!(
            "product {name} has capabilityStatus {status}: the scenario has no subscription status; its prepaidUnits say what can be assigned"
        ));
    }
    let applies_to = match s.applies_to.as_deref() {
        None => None,
        Some("User") => Some(AppliesTo::User),
        Some("Company") => Some(AppliesTo::Company),
        Some(other) => {
            report.not_mapped.push(format!(
                "product {name} has appliesTo {other}, which is neither User nor Company; left out"
            ));
            None
        }
    };
    let prepaid = s
        .prepaid_units
        .map_or(PrepaidUnits::default(), |p| PrepaidUnits {
            enabled: p.enabled.unwrap_or(0),
            warning: p.warning.unwrap_or(0),
            suspended: p.suspended.unwrap_or(0),
            locked_out: p.locked_out.unwrap_or(0),
        });
    SkuDef {
        sku_id: id,
        sku_part_number: s.sku_part_number,
        prepaid_units: prepaid,
        service_plans: s.service_plans.map(|plans| {
            plans
                .into_iter()
                .map(|p| ServicePlanDef {
                    service_plan_id: p.service_plan_id,
                    service_plan_name: p.service_plan_name,
                    provisioning_status: p.provisioning_status,
                    applies_to: p.applies_to,
                })
                .collect()
        }),
        applies_to,
        consumed_units: s.consumed_units,
    }
}

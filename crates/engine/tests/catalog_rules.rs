//! A scenario's own catalog rules against a real tenant's plans (issue 13): Microsoft's
//! dependency data names plans a tenant may not have, so a missing `requiresAnyOf` alternative
//! is no error; a rule none of whose alternatives exist is left out, and a name a typo away from
//! a present plan is a warning.

use licenselab_engine::{RejectionCode, Simulation};

/// A tenant with an add-on whose plan depends on the base product's plan, the given
/// `requiresAnyOf`, and one step: assigning the add-on alone to a user.
fn scenario(requires_any_of: &str) -> String {
    format!(
        r#"{{"licenselab": 1,
          "catalog": {{"dependencies": [{{"plan": "ADDONPLAN", "requiresAnyOf": {requires_any_of}}}]}},
          "subscribedSkus": [
            {{"skuId": "BASE", "prepaidUnits": {{"enabled": 5}}, "servicePlans": [{{"servicePlanId": "BASEPLAN"}}]}},
            {{"skuId": "ADDON", "prepaidUnits": {{"enabled": 5}}, "servicePlans": [{{"servicePlanId": "ADDONPLAN"}}]}}],
          "users": [{{"id": "u1", "usageLocation": "US"}}],
          "steps": [{{"op": "assignLicense", "user": "u1", "addLicenses": [{{"skuId": "ADDON"}}]}}]}}"#
    )
}

fn run(requires_any_of: &str) -> (Vec<String>, Option<RejectionCode>) {
    let mut simulation = Simulation::from_json(&scenario(requires_any_of)).unwrap();
    let warnings = simulation.warnings().to_vec();
    let rejected = simulation
        .step()
        .unwrap()
        .outcome
        .as_ref()
        .err()
        .map(|r| r.code);
    (warnings, rejected)
}

#[test]
fn an_alternative_the_tenant_lacks_is_left_out_silently_and_the_rule_holds() {
    let (warnings, rejected) = run(r#"["TEAMS_GOV", "BASEPLAN"]"#);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(rejected, Some(RejectionCode::DependencyViolation));
}

#[test]
fn an_alternative_a_typo_away_from_a_plan_is_a_warning() {
    let (warnings, rejected) = run(r#"["BASEPLAN", "BASEPLNA"]"#);
    assert_eq!(
        warnings,
        ["catalog.dependencies[0].requiresAnyOf[1]: 'BASEPLNA' is no service plan of this scenario, so the alternative is left out; did you mean 'BASEPLAN'?"]
    );
    assert_eq!(rejected, Some(RejectionCode::DependencyViolation));
}

#[test]
fn a_rule_none_of_whose_plans_exist_is_left_out_with_a_warning() {
    let (warnings, rejected) = run(r#"["TEAMS_GOV", "TEAMS_AR_DOD"]"#);
    assert_eq!(
        warnings,
        ["catalog.dependencies[0]: none of requiresAnyOf is a service plan of this scenario; the rule is left out"]
    );
    assert_eq!(rejected, None);
}

#[test]
fn a_scenario_without_such_rules_loads_without_warnings() {
    let (warnings, _) = run(r#"["BASEPLAN"]"#);
    assert!(warnings.is_empty());
}

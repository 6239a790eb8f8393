//! "Would a reprocess clear this error now?", answered by reprocessing a copy (B18: after seats are
//! bought or a usage location is fixed, nothing retries on its own; a reprocess does).

use licenselab_engine::{Action, ReprocessOutcome, Simulation, Source, Tenant, UserIx};

/// Three members, two seats: the third in join order gets CountViolation (B17, S1).
const SEATS: &str = r#"{"licenselab": 1,
  "subscribedSkus": [{"skuId": "E3", "prepaidUnits": {"enabled": 2}, "servicePlans": [{"servicePlanId": "EXO"}]}],
  "users": [{"id": "a", "usageLocation": "US"}, {"id": "b", "usageLocation": "US"},
            {"id": "c", "usageLocation": "US"}, {"id": "d", "usageLocation": "US"}],
  "groups": [{"id": "g", "members": ["a", "b", "c", "d"], "assignedLicenses": [{"skuId": "E3"}]}]}"#;

/// Ada has no usage location: she is evaluated in the organization's default, CN, where Teams is
/// prohibited (B14); Bea's GB is fine.
const LOCATION: &str = r#"{"licenselab": 1,
  "organization": {"countryLetterCode": "GB", "defaultUsageLocation": "CN"},
  "catalog": {"prohibitedLocations": [{"plan": "TEAMS", "countries": ["CN"]}]},
  "subscribedSkus": [{"skuId": "E3", "prepaidUnits": {"enabled": 5},
    "servicePlans": [{"servicePlanId": "EXO"}, {"servicePlanId": "TEAMS"}]}],
  "users": [{"id": "ada"}, {"id": "bea", "usageLocation": "GB"}],
  "groups": [{"id": "g", "members": ["ada", "bea"], "assignedLicenses": [{"skuId": "E3"}]}]}"#;

fn step(sim: &mut Simulation, json: &str) {
    let action: Action = serde_json::from_str(json).unwrap();
    sim.push(&action).unwrap().outcome.as_ref().unwrap();
}

fn user(t: &Tenant, id: &str) -> UserIx {
    t.user_ix(id).unwrap()
}

fn in_error(t: &Tenant, id: &str) -> bool {
    t.user(user(t, id))
        .rows()
        .iter()
        .any(|r| r.state().is_error())
}

/// The ids of the users whose reprocess succeeds.
fn succeeding(t: &Tenant, outcomes: &[ReprocessOutcome]) -> Vec<String> {
    outcomes
        .iter()
        .filter(|o| o.succeeds())
        .map(|o| t.user(o.user).id().to_owned())
        .collect()
}

#[test]
fn seats_bought_clear_a_count_violation_only_through_a_reprocess() {
    let mut sim = Simulation::from_json(SEATS).unwrap();
    let t = sim.tenant();
    let (c, d) = (user(t, "c"), user(t, "d"));
    assert!(in_error(t, "c") && in_error(t, "d"));
    // With no seat free, a reprocess changes nothing.
    let now = sim.reprocess_clears(&[c, d]);
    assert!(now.iter().all(|o| o.cleared.is_empty() && !o.succeeds()));

    step(
        &mut sim,
        r#"{"op": "setPrepaidUnits", "sku": "E3", "prepaidUnits": {"enabled": 4}}"#,
    );
    // The seats do not clear the errors by themselves (B18)...
    assert!(in_error(sim.tenant(), "c") && in_error(sim.tenant(), "d"));
    // ...a reprocess would, and the answer names the row: product E3 from group g.
    let t = sim.tenant();
    let outcomes = sim.reprocess_clears(&[c, d]);
    assert_eq!(succeeding(t, &outcomes), ["c", "d"]);
    let g = t.group_ix("g").unwrap();
    assert_eq!(
        outcomes[0].cleared,
        [(t.user(c).rows()[0].sku(), Source::Group(g))]
    );
    // Asking changed nothing.
    assert!(in_error(sim.tenant(), "c") && in_error(sim.tenant(), "d"));
}

#[test]
fn one_seat_freed_for_two_is_promised_to_each_alone_but_to_one_in_turn() {
    let mut sim = Simulation::from_json(SEATS).unwrap();
    step(
        &mut sim,
        r#"{"op": "setPrepaidUnits", "sku": "E3", "prepaidUnits": {"enabled": 3}}"#,
    );
    let t = sim.tenant();
    let both = [user(t, "c"), user(t, "d")];
    assert_eq!(succeeding(t, &sim.reprocess_clears(&both)), ["c", "d"]);
    // One after another, the first takes the seat and the second stays in error.
    let in_turn = sim.reprocess_in_turn(&both);
    assert_eq!(succeeding(t, &in_turn), ["c"]);
    assert!(in_turn[1].cleared.is_empty());
}

#[test]
fn a_usage_location_fix_clears_the_prohibited_plan_error_only_once_reprocessed() {
    let mut sim = Simulation::from_json(LOCATION).unwrap();
    let ada = user(sim.tenant(), "ada");
    assert!(in_error(sim.tenant(), "ada"));
    assert!(!sim.reprocess_clears(&[ada])[0].succeeds());

    step(
        &mut sim,
        r#"{"op": "updateUser", "user": "ada", "set": {"usageLocation": "GB"}}"#,
    );
    assert!(
        in_error(sim.tenant(), "ada"),
        "setting usageLocation alone reprocesses nothing"
    );
    assert!(sim.reprocess_clears(&[ada])[0].succeeds());
}

#[test]
fn a_user_without_errors_or_deleted_has_nothing_to_clear() {
    let mut sim = Simulation::from_json(SEATS).unwrap();
    let a = user(sim.tenant(), "a");
    assert_eq!(sim.reprocess_clears(&[a])[0].cleared, []);
    step(&mut sim, r#"{"op": "deleteUser", "user": "c"}"#);
    let c = user(sim.tenant(), "c");
    let gone = &sim.reprocess_in_turn(&[c])[0];
    assert!(gone.cleared.is_empty() && gone.appeared.is_empty());
}

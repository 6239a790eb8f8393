//! The Products view's and the organization settings' answers (`model::views::products`,
//! `model::views::organization`), checked against the documented behaviour
//! (docs/reference/licensing-behaviour.md): seats held and assignable (B6, B12, B28), the groups
//! assigning a product, plans added to a product (B25), the entitlement report (B27), and the
//! organization's settings with the plans a restriction can name (§1.7, B15).

use std::rc::Rc;

use licenselab_app::model::views::organization::{Restriction, Settings};
use licenselab_app::model::views::products::{
    Entitlement, GroupRef, Plan, Product, Products, SeatWarning, Seats,
};
use licenselab_app::model::views::{answer, Answer, Query};
use licenselab_app::model::Derived;
use licenselab_app::saved::read_scenario;
use licenselab_engine::{Action, Organization, PrepaidUnits, ProhibitedLocationDef};

const SEATS: &str = include_str!("../../../web/examples/seat-exhaustion.json");
const NEW_PLAN: &str = include_str!("../../../web/examples/new-service-plan.json");
const LOCATION: &str = include_str!("../../../web/examples/usage-location.json");
const REDUCED: &str =
    include_str!("../../../tests/scenarios/b28-seat-reduction-below-consumption.json");
const BOUGHT_LATER: &str =
    include_str!("../../../tests/scenarios/steps-refer-only-to-objects-that-exist.json");

const E3_GUID: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";

fn derived(text: &str, cursor: usize) -> Derived {
    Derived::run(Rc::new(read_scenario(text).unwrap()), cursor).unwrap()
}

fn products(d: &Derived) -> Products {
    match answer(d, &Query::Products) {
        Answer::Products(p) => p,
        other => panic!("asked for the products, got {other:?}"),
    }
}

fn settings(d: &Derived) -> Settings {
    match answer(d, &Query::Organization) {
        Answer::Organization(s) => s,
        other => panic!("asked for the organization settings, got {other:?}"),
    }
}

fn plan(display_name: &str, name: &str) -> Plan {
    Plan {
        display_name: display_name.into(),
        name: name.into(),
    }
}

fn group(id: &str, name: &str) -> GroupRef {
    GroupRef {
        id: id.into(),
        name: name.into(),
    }
}

/// Seats without grace-period, suspended or locked-out units.
fn seats(consumed: u32, enabled: u32) -> Seats {
    Seats {
        consumed,
        enabled,
        assignable: enabled,
        available: i64::from(enabled) - i64::from(consumed),
        ..Seats::default()
    }
}

fn set_seats(sku: &str, enabled: u32) -> Action {
    Action::SetPrepaidUnits {
        sku: sku.into(),
        prepaid_units: PrepaidUnits {
            enabled,
            ..PrepaidUnits::default()
        },
    }
}

#[test]
fn seat_exhaustion_shows_ten_seats_held_of_ten_and_the_group_assigning_them() {
    // 12 members of one group, 10 seats: 10 hold a seat, the last two are in CountViolation.
    let p = products(&derived(SEATS, 0));
    assert_eq!(
        p.products,
        vec![Product {
            id: E3_GUID.into(),
            name: "Office 365 E3".into(),
            part_number: Some("ENTERPRISEPACK".into()),
            seats: seats(10, 10),
            seat_warning: Some(SeatWarning::NoneLeft),
            plans: vec![
                plan("Exchange Online (Plan 2)", "EXCHANGE_S_ENTERPRISE"),
                plan("SharePoint (Plan 2)", "SHAREPOINTENTERPRISE"),
                plan("Microsoft Teams", "TEAMS1"),
                plan("Microsoft 365 Apps for enterprise", "OFFICESUBSCRIPTION"),
            ],
            groups: vec![group("g1", "Licensing_Office365_E3_Sales")],
        }]
    );
    assert_eq!(p.in_tenant, vec![E3_GUID.to_owned()]);
    // B27: 12 direct members of a licensed group against E3's 10 seats (an entitling suite).
    assert_eq!(
        p.entitlement,
        Entitlement {
            licensed_group_members: 12,
            p1_capable_seats: 10,
            covered: false,
        }
    );
    assert_eq!(p.options, licenselab_engine::Options::default());
}

#[test]
fn bought_seats_are_free_until_the_group_is_reprocessed() {
    // B12: buying seats does not license the two in error; a reprocess of the group does.
    let d = derived(SEATS, 0)
        .edited(vec![set_seats(E3_GUID, 15)])
        .unwrap();
    let bought = &products(&d).products[0];
    assert_eq!((bought.seats, bought.seat_warning), (seats(10, 15), None));
    assert_eq!(products(&d).entitlement.p1_capable_seats, 15);
    assert!(products(&d).entitlement.covered);

    let d = d
        .edited(vec![Action::Reprocess {
            user: None,
            group: Some("g1".into()),
        }])
        .unwrap();
    assert_eq!(products(&d).products[0].seats, seats(12, 15));
}

#[test]
fn seats_reduced_below_consumption_keep_their_holders_and_say_so() {
    // B28: consumedUnits may exceed the assignable units; nobody is evicted, new members fail.
    let e3 = |d: &Derived| products(d).products[0].clone();
    let at_start = derived(REDUCED, 0);
    assert_eq!(
        (e3(&at_start).seats, e3(&at_start).seat_warning),
        (seats(5, 5), Some(SeatWarning::NoneLeft))
    );
    let reduced = at_start.at(1);
    assert_eq!(
        (e3(&reduced).seats, e3(&reduced).seat_warning),
        (seats(5, 3), Some(SeatWarning::OverUsed))
    );
    assert_eq!(e3(&reduced).seats.available, -2);
    let end = at_start.at(2);
    assert_eq!(e3(&end).seats, seats(5, 3), "the new hire gets no seat");

    // Units in their grace period are assignable (G3): EMS has 0 enabled, 2 in grace, both held.
    let ems = &products(&at_start).products[1];
    assert_eq!(ems.part_number.as_deref(), Some("EMS"));
    assert_eq!(
        (ems.seats, ems.seat_warning),
        (
            Seats {
                consumed: 2,
                enabled: 0,
                warning: 2,
                suspended: 0,
                locked_out: 0,
                assignable: 2,
                available: 0,
            },
            Some(SeatWarning::NoneLeft)
        )
    );
    assert_eq!(ems.groups, vec![group("g2", "Licensing_EMS")]);

    // B27 at the end: u1..u6 are direct members of licensed groups; E3 (3) and EMS (AAD_PREMIUM,
    // 2) are the P1-capable seats.
    assert_eq!(
        products(&end).entitlement,
        Entitlement {
            licensed_group_members: 6,
            p1_capable_seats: 5,
            covered: false,
        }
    );
    assert!(products(&at_start).entitlement.covered);
}

#[test]
fn without_grace_units_assignable_nothing_of_ems_can_be_held() {
    let d = derived(REDUCED, 0);
    let options = licenselab_engine::Options {
        warning_units_assignable: false,
        ..d.scenario.options.clone()
    };
    let d = d.with_options(options.clone()).unwrap();
    let p = products(&d);
    let ems = &p.products[1];
    assert_eq!(
        ems.seats,
        Seats {
            consumed: 0,
            enabled: 0,
            warning: 2,
            suspended: 0,
            locked_out: 0,
            assignable: 0,
            available: 0,
        }
    );
    // No seat can be assigned at all: not "no seats left" of some.
    assert_eq!(ems.seat_warning, None);
    assert_eq!(p.options, options);
}

#[test]
fn a_product_bought_by_a_later_step_is_listed_from_that_step_on() {
    let d = derived(BOUGHT_LATER, 0);
    let before = products(&d);
    assert_eq!(before.products, vec![]);
    // Known to the tenant from the start, so the catalog form refuses to buy it again.
    assert_eq!(before.in_tenant, vec!["e5".to_owned()]);

    // After the purchase (step 4): no group assigns it yet, the earlier assignment was rejected.
    let bought = products(&d.at(4));
    assert_eq!(
        bought.products,
        vec![Product {
            id: "E5".into(),
            name: "E5".into(),
            part_number: None,
            seats: seats(0, 5),
            seat_warning: None,
            plans: vec![
                plan("Exchange Online (Plan 2)", "EXCHANGE_S_ENTERPRISE"),
                plan("TEAMS", ""),
            ],
            groups: vec![],
        }]
    );
    let end = products(&d.at(usize::MAX));
    assert_eq!(end.products[0].groups, vec![group("g1", "Licensing_E5")]);
    // ann directly and through g1 (one seat, B6), bob through g1.
    assert_eq!(end.products[0].seats, seats(2, 5));
}

#[test]
fn a_plan_microsoft_adds_is_listed_with_the_product() {
    // B25: the plan joins the product's list at the step that adds it.
    let d = derived(NEW_PLAN, 0);
    let names = |d: &Derived| -> Vec<String> {
        products(d).products[0]
            .plans
            .iter()
            .map(|p| p.name.clone())
            .collect()
    };
    assert_eq!(names(&d), ["EXCHANGE_S_ENTERPRISE", "SHAREPOINTENTERPRISE"]);
    assert_eq!(
        products(&d.at(1)).products[0].plans[2],
        plan("Microsoft Loop", "MICROSOFT_LOOP")
    );
}

#[test]
fn a_products_seats_become_the_step_that_sets_them() {
    let p = products(&derived(REDUCED, 0));
    let ems = p.products[1].seats;
    assert_eq!(
        ems.prepaid(),
        PrepaidUnits {
            enabled: 0,
            warning: 2,
            suspended: 0,
            locked_out: 0,
        }
    );
}

#[test]
fn the_organization_settings_are_the_scenarios_with_the_tenants_plans() {
    // §1.7: defaultUsageLocation (CN) is preferred over countryLetterCode (GB); Teams is
    // prohibited in CN.
    let d = derived(LOCATION, 0);
    assert_eq!(
        settings(&d),
        Settings {
            country: "GB".into(),
            default_location: "CN".into(),
            prohibited: vec![Restriction {
                plan: "TEAMS".into(),
                countries: vec!["CN".into()],
            }],
            plans: vec![
                "EXCHANGE_S_ENTERPRISE".into(),
                "SHAREPOINTENTERPRISE".into(),
                "TEAMS1".into(),
            ],
        }
    );

    let changed = d
        .with_organization(
            Organization {
                country_letter_code: "US".into(),
                default_usage_location: None,
            },
            vec![ProhibitedLocationDef {
                plan: "SPO2".into(),
                countries: vec!["RU".into(), "CN".into()],
            }],
        )
        .unwrap();
    let s = settings(&changed);
    assert_eq!(
        (s.country.as_str(), s.default_location.as_str()),
        ("US", "")
    );
    assert_eq!(
        s.prohibited,
        vec![Restriction {
            plan: "SPO2".into(),
            countries: vec!["RU".into(), "CN".into()],
        }]
    );
}

#[test]
fn a_restriction_can_name_a_plan_of_a_product_bought_later_or_one_without_a_name() {
    // E5 is bought at step 4; its TEAMS plan has no servicePlanName, so its id stands in.
    let s = settings(&derived(BOUGHT_LATER, 0));
    assert_eq!(s.plans, vec!["EXCHANGE_S_ENTERPRISE", "TEAMS"]);
    assert_eq!(
        (s.country.as_str(), s.default_location.as_str()),
        ("US", "")
    );
    assert_eq!(s.prohibited, vec![]);
}

#[test]
fn products_and_organization_answers_cross_a_message_unchanged() {
    for (text, cursor) in [(SEATS, 0), (REDUCED, 1), (LOCATION, 0), (BOUGHT_LATER, 4)] {
        let d = derived(text, cursor);
        for q in [Query::Products, Query::Organization] {
            let sent = serde_json::to_string(&q).unwrap();
            assert_eq!(serde_json::from_str::<Query>(&sent).unwrap(), q);
            let a = answer(&d, &q);
            let sent = serde_json::to_string(&a).unwrap();
            assert_eq!(serde_json::from_str::<Answer>(&sent).unwrap(), a);
        }
    }
}

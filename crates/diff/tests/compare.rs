//! The comparison against its documented rules (`docs/ci.md`, "Watching a tenant: diff"), on small
//! hand-written snapshots: objects matched by id (products by skuId, else part number), what is
//! compared for each kind, and the reports' escaping.

use licenselab_diff::{compare, load, render_markdown, render_text, Change, Diff, UnitField};
use serde_json::{json, Value};

const PLANS: [&str; 3] = ["EXO2", "TEAMS", "SWAY"];

/// A snapshot: E3 (2 seats) and EMS; users u1 to u3 in the US; group `e3` (E3 without SWAY) with
/// u1 and u2, and `team`, licensing nothing, with u3.
fn base() -> Value {
    json!({
        "licenselab": 1,
        "subscribedSkus": [
            { "skuId": "E3", "skuPartNumber": "ENTERPRISEPACK", "prepaidUnits": { "enabled": 2 },
              "servicePlans": PLANS.iter().map(|p| json!({ "servicePlanId": p, "servicePlanName": p })).collect::<Vec<_>>() },
            { "skuId": "EMS", "skuPartNumber": "EMS", "prepaidUnits": { "enabled": 5 },
              "servicePlans": [{ "servicePlanId": "INTUNE", "servicePlanName": "INTUNE_A" }] }
        ],
        "users": [
            { "id": "u1", "displayName": "Una", "userPrincipalName": "una@example.com", "usageLocation": "US" },
            { "id": "u2", "displayName": "Uli", "usageLocation": "US" },
            { "id": "u3", "displayName": "Ute", "usageLocation": "US" }
        ],
        "groups": [
            { "id": "e3", "displayName": "E3 users", "members": ["u1", "u2"],
              "assignedLicenses": [{ "skuId": "E3", "disabledPlans": ["SWAY"] }] },
            { "id": "team", "displayName": "Team", "members": ["u3"] }
        ],
        "steps": []
    })
}

fn diff(old: &Value, new: &Value) -> Diff {
    let old = load(&old.to_string()).expect("old loads");
    let new = load(&new.to_string()).expect("new loads");
    compare(old.tenant(), new.tenant())
}

/// The diff as JSON, for asserting on parts of it.
fn json_of(diff: &Diff) -> Value {
    serde_json::from_str(&diff.to_json()).unwrap()
}

#[test]
fn the_same_snapshot_twice_has_no_changes() {
    let d = diff(&base(), &base());
    assert!(!d.changed);
    assert!(d.products.is_empty() && d.groups.is_empty() && d.users.is_empty());
    assert_eq!(render_text(&d), "No changes.\n");
    assert_eq!(render_markdown(&d), "# licenselab diff\n\nNo changes.\n");
    assert_eq!(
        json_of(&d),
        json!({
            "licenselabDiff": 1, "changed": false,
            "summary": {
                "products": { "added": 0, "removed": 0, "changed": 0 },
                "groups": { "added": 0, "removed": 0, "changed": 0 },
                "users": { "added": 0, "removed": 0, "changed": 0 }
            },
            "products": [], "groups": [], "users": []
        })
    );
}

#[test]
fn products_bought_added_and_removed_in_the_new_order_then_the_old() {
    let mut new = base();
    new["subscribedSkus"][0]["prepaidUnits"] = json!({ "enabled": 5, "warning": 1 });
    // EMS is gone; Visio is new.
    new["subscribedSkus"][1] = json!({ "skuId": "VISIO", "skuPartNumber": "VISIOCLIENT",
        "prepaidUnits": { "enabled": 3 }, "servicePlans": [{ "servicePlanId": "VISIO_PLAN" }] });
    let d = diff(&base(), &new);
    let summary: Vec<_> = d
        .products
        .iter()
        .map(|p| (p.product.sku_id.as_str(), p.change))
        .collect();
    assert_eq!(
        summary,
        [
            ("E3", Change::Changed),
            ("VISIO", Change::Added),
            ("EMS", Change::Removed)
        ]
    );
    let units = |i: usize| {
        d.products[i]
            .units
            .iter()
            .map(|u| (u.field, u.before, u.after))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        units(0),
        [(UnitField::Enabled, 2, 5), (UnitField::Warning, 0, 1)]
    );
    assert_eq!(units(1), [(UnitField::Enabled, 0, 3)]);
    assert_eq!(units(2), [(UnitField::Enabled, 5, 0)]);
    // The catalog names the products.
    assert_eq!(d.products[0].product.display_name, "Office 365 E3");
    assert_eq!(d.summary.products.added, 1);
    assert_eq!(d.summary.products.removed, 1);
    assert_eq!(d.summary.products.changed, 1);
    assert!(d.groups.is_empty() && d.users.is_empty());
}

#[test]
fn a_product_under_another_id_is_matched_by_part_number() {
    let mut new = base();
    new["subscribedSkus"][0]["skuId"] = json!("6fd2c87f-b296-42f0-b197-1e91e994b900");
    new["groups"][0]["assignedLicenses"][0]["skuId"] = new["subscribedSkus"][0]["skuId"].clone();
    let d = diff(&base(), &new);
    assert!(!d.changed, "{}", d.to_json());
}

#[test]
fn a_product_plan_added_by_microsoft_is_listed_and_gained_by_its_holders() {
    let mut new = base();
    let plans = new["subscribedSkus"][0]["servicePlans"]
        .as_array_mut()
        .unwrap();
    plans.push(json!({ "servicePlanId": "FORMS", "servicePlanName": "FORMS_PLAN_E3" }));
    let d = diff(&base(), &new);
    let added: Vec<_> = d.products[0]
        .plans_added
        .iter()
        .map(|p| p.service_plan_id.as_str())
        .collect();
    assert_eq!(added, ["FORMS"]);
    let gained: Vec<_> = d
        .users
        .iter()
        .map(|u| {
            (
                u.id.as_str(),
                u.plans_gained[0].plans[0].service_plan_id.as_str(),
            )
        })
        .collect();
    assert_eq!(gained, [("u1", "FORMS"), ("u2", "FORMS")]);
}

#[test]
fn a_group_license_with_other_disabled_plans_and_its_effect_on_members() {
    let mut new = base();
    new["groups"][0]["assignedLicenses"][0]["disabledPlans"] = json!(["TEAMS"]);
    let d = diff(&base(), &new);
    let v = json_of(&d);
    assert_eq!(v["groups"].as_array().unwrap().len(), 1);
    let change = &v["groups"][0]["licensesChanged"][0];
    assert_eq!(change["product"]["skuId"], "E3");
    assert_eq!(change["plansDisabled"][0]["servicePlanId"], "TEAMS");
    assert_eq!(change["plansEnabled"][0]["servicePlanId"], "SWAY");
    for user in v["users"].as_array().unwrap() {
        assert_eq!(user["plansGained"][0]["plans"][0]["servicePlanId"], "SWAY");
        assert_eq!(user["plansLost"][0]["plans"][0]["servicePlanId"], "TEAMS");
        // The same paths, with no error: only the plans changed.
        assert_eq!(user.get("assignmentsAdded"), None);
        assert_eq!(user.get("productsGained"), None);
    }
    assert_eq!(d.summary.users.changed, 2);
    let text = render_text(&d);
    assert!(
        text.contains("    - license Office 365 E3 (ENTERPRISEPACK): plan now disabled: TEAMS\n"),
        "{text}"
    );
    assert!(
        text.contains("    - plan gained: Sway (SWAY), in Office 365 E3 (ENTERPRISEPACK)\n"),
        "{text}"
    );
}

#[test]
fn members_are_listed_for_licensed_groups_only_and_renames_and_rules_always() {
    let mut new = base();
    // u3 leaves the unlicensed group for the licensed one; u1 moves the other way.
    new["groups"][0]["members"] = json!(["u2", "u3"]);
    new["groups"][1]["members"] = json!(["u1"]);
    new["groups"][1]["displayName"] = json!("Team A");
    let d = diff(&base(), &new);
    let v = json_of(&d);
    assert_eq!(v["groups"][0]["id"], "e3");
    assert_eq!(
        v["groups"][0]["membersJoined"],
        json!([{ "id": "u3", "displayName": "Ute", "type": "user" }])
    );
    assert_eq!(
        v["groups"][0]["membersLeft"],
        json!([{ "id": "u1", "displayName": "Una", "type": "user" }])
    );
    // The unlicensed group: renamed, its members not listed.
    assert_eq!(v["groups"][1]["id"], "team");
    assert_eq!(v["groups"][1]["displayNameBefore"], "Team");
    assert_eq!(v["groups"][1].get("membersJoined"), None);
    // u1 loses E3 (a seat freed), u3 gains it.
    let users: Vec<_> = d.users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(users, ["u1", "u3"]);
    assert_eq!(d.users[0].products_lost[0].sku_id, "E3");
    assert_eq!(d.users[1].products_gained[0].sku_id, "E3");
}

#[test]
fn a_membership_rule_change_is_listed() {
    let mut old = base();
    old["groups"][1] = json!({ "id": "team", "displayName": "Team", "groupTypes": ["DynamicMembership"],
        "membershipRule": "user.usageLocation -eq \"US\"" });
    let mut new = old.clone();
    new["groups"][1]["membershipRule"] = json!("user.usageLocation -eq \"GB\"");
    let d = diff(&old, &new);
    let v = json_of(&d);
    assert_eq!(
        v["groups"][0]["membershipRule"],
        json!({ "before": "user.usageLocation -eq \"US\"", "after": "user.usageLocation -eq \"GB\"" })
    );
    // The group licenses nothing: who its rule matches changes nobody's licenses.
    assert!(d.users.is_empty());
}

#[test]
fn seats_reduced_below_the_members_make_an_error_appear() {
    let mut new = base();
    new["subscribedSkus"][0]["prepaidUnits"]["enabled"] = json!(1);
    let d = diff(&base(), &new);
    // Seats go in join order (u1 first): u2's path stays, in error, and u2 loses the product.
    let v = json_of(&d);
    assert_eq!(v["users"].as_array().unwrap().len(), 1);
    let u2 = &v["users"][0];
    assert_eq!(u2["id"], "u2");
    assert_eq!(u2["productsLost"][0]["skuId"], "E3");
    assert_eq!(
        u2["errorsAppeared"],
        json!([{ "product": { "skuId": "E3", "skuPartNumber": "ENTERPRISEPACK", "displayName": "Office 365 E3" },
                 "assignedByGroup": { "id": "e3", "displayName": "E3 users" },
                 "state": "Error", "error": "CountViolation" }])
    );
    assert_eq!(u2.get("assignmentsRemoved"), None);
    // A user with nothing to show is not listed: u1 keeps the seat.
    assert_eq!(
        d.summary.users,
        licenselab_diff::Counts {
            added: 0,
            removed: 0,
            changed: 1
        }
    );
}

#[test]
fn users_added_removed_and_deleted_by_a_step_compare_with_nothing() {
    let mut new = base();
    new["users"][2] = json!({ "id": "u4", "displayName": "Uwe", "usageLocation": "GB" });
    new["groups"][1]["members"] = json!([]);
    new["groups"][0]["members"] = json!(["u1", "u2", "u4"]);
    new["subscribedSkus"][0]["prepaidUnits"]["enabled"] = json!(3);
    new["steps"] = json!([{ "op": "deleteUser", "user": "u2" }]);
    let d = diff(&base(), &new);
    let users: Vec<_> = d.users.iter().map(|u| (u.id.as_str(), u.change)).collect();
    // New order first (u4), then the old snapshot's users the new one lacks (u2 deleted, u3 gone).
    assert_eq!(
        users,
        [
            ("u4", Change::Added),
            ("u2", Change::Removed),
            ("u3", Change::Removed)
        ]
    );
    assert_eq!(d.users[0].products_gained[0].sku_id, "E3");
    assert_eq!(
        d.users[0].assignments_added[0]
            .assigned_by_group
            .as_ref()
            .unwrap()
            .id,
        "e3"
    );
    assert_eq!(d.users[1].products_lost[0].sku_id, "E3");
    // u3 had no license: listed as removed, with nothing else.
    assert!(d.users[2].products_lost.is_empty() && d.users[2].assignments_removed.is_empty());
    let v = json_of(&d);
    let members = &v["groups"][0];
    assert_eq!(members["membersJoined"][0]["id"], "u4");
    assert_eq!(members["membersLeft"][0]["id"], "u2");
}

#[test]
fn a_usage_location_change_is_listed_with_its_effect() {
    let mut new = base();
    new["users"][2]["usageLocation"] = Value::Null;
    let d = diff(&base(), &new);
    let v = json_of(&d);
    assert_eq!(v["users"][0]["id"], "u3");
    assert_eq!(
        v["users"][0]["usageLocation"],
        json!({ "before": "US", "after": null })
    );
}

#[test]
fn reports_escape_what_a_snapshot_names() {
    let mut new = base();
    new["groups"][0]["displayName"] = json!("R&D | *Sales*\u{1b}[31m");
    let d = diff(&base(), &new);
    let markdown = render_markdown(&d);
    assert!(
        markdown.contains(
            "| R\\&D \\| \\*Sales\\*\u{FFFD}\\[31m | e3 | changed | renamed from E3 users |\n"
        ),
        "{markdown}"
    );
    let text = render_text(&d);
    assert!(
        text.contains("  R&D | *Sales*\u{FFFD}[31m [e3]: changed\n"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'));
}

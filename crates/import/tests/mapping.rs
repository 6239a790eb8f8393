//! The mapping rules of `tenant-import.md` §2, read off the test exports' scenario, and the
//! messages for what an export lacks.

mod common;
use common::*;
use licenselab_engine::{AppliesTo, PrepaidUnits, RuleProcessingState, Scenario, UserDef};
use licenselab_import::{import, Document, ImportOptions, Imported, Report};

const E3: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";
const EMS: &str = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
const MFA: &str = "8a256a2b-b617-496d-b51b-e76466e88db0";
const SALES: &str = "2b000000-0000-4000-8000-000000000001";

fn scenario() -> Scenario {
    import_folder("powershell").scenario
}

fn user(scenario: &Scenario, n: u32) -> &UserDef {
    let id = format!("1a000000-0000-4000-8000-{n:012}");
    scenario.users.iter().find(|u| u.id == id).unwrap()
}

/// The user's direct assignments: in an observed scenario, the rows without `assignedByGroup`
/// (`assignedLicenses`, which Graph fills with inherited products too, stays empty).
fn skus(user: &UserDef) -> Vec<&str> {
    assert!(user.assigned_licenses.is_empty(), "{}", user.id);
    user.license_assignment_states
        .iter()
        .flatten()
        .filter(|r| r.assigned_by_group.is_none())
        .map(|r| r.sku_id.as_str())
        .collect()
}

#[test]
fn direct_assignments_come_only_from_rows_without_assigned_by_group() {
    let s = scenario();
    // Alice: a direct row and a group row for E3 (her assignedLicenses listed E3 once).
    assert_eq!(skus(user(&s, 1)), [E3]);
    assert_eq!(
        user(&s, 1)
            .license_assignment_states
            .as_ref()
            .unwrap()
            .len(),
        2
    );
    // Bob: only a group row (in CountViolation): no direct assignment.
    assert!(skus(user(&s, 2)).is_empty());
    // Carol: assignedLicenses lists EMS, inherited from the dynamic group: not direct.
    assert!(skus(user(&s, 3)).is_empty());
    // Dave: no rows at all; Erin: two direct rows.
    assert!(skus(user(&s, 4)).is_empty());
    assert_eq!(user(&s, 4).license_assignment_states, Some(vec![]));
    assert_eq!(skus(user(&s, 5)), [E3, EMS]);
}

#[test]
fn rows_keep_state_error_disabled_plans_and_time() {
    let s = scenario();
    let bob = &user(&s, 2).license_assignment_states.as_ref().unwrap()[0];
    assert_eq!(bob.assigned_by_group.as_deref(), Some(SALES));
    assert_eq!(
        (bob.state.as_str(), bob.error.as_deref()),
        ("Error", Some("CountViolation"))
    );
    // "None" (what Graph writes) and null (what the documentation says) are both no error.
    let alice = &user(&s, 1).license_assignment_states.as_ref().unwrap()[0];
    assert_eq!(alice.error, None);
    let carol = &user(&s, 3).license_assignment_states.as_ref().unwrap()[0];
    assert_eq!(carol.error, None);
    assert_eq!(carol.disabled_plans, [MFA]);
    // Windows PowerShell's \/Date(ms)\/ and PowerShell 7's ISO text give the same time.
    assert_eq!(
        carol.last_updated_date_time.as_deref(),
        Some("2023-11-14T22:13:20Z")
    );
    let erin = &user(&s, 5).license_assignment_states.as_ref().unwrap()[0];
    assert_eq!(
        erin.last_updated_date_time.as_deref(),
        Some("2023-11-14T22:13:20Z")
    );
}

#[test]
fn products_keep_ids_names_units_and_plans() {
    let s = scenario();
    let e3 = s.subscribed_skus.iter().find(|p| p.sku_id == E3).unwrap();
    assert_eq!(e3.sku_part_number.as_deref(), Some("ENTERPRISEPACK"));
    assert_eq!(e3.applies_to, Some(AppliesTo::User));
    assert_eq!(e3.consumed_units, Some(2));
    assert_eq!(
        e3.prepaid_units,
        PrepaidUnits {
            enabled: 2,
            warning: 0,
            suspended: 0,
            locked_out: 0
        }
    );
    let plans = e3.service_plans.as_ref().unwrap();
    assert_eq!(
        plans[0].service_plan_id,
        "efb87545-963c-4e0d-99df-69c6916d9eb0"
    );
    assert_eq!(
        plans[0].service_plan_name.as_deref(),
        Some("EXCHANGE_S_ENTERPRISE")
    );
    assert_eq!(plans[0].provisioning_status.as_deref(), Some("Success"));
    let ems = s.subscribed_skus.iter().find(|p| p.sku_id == EMS).unwrap();
    assert_eq!(ems.prepaid_units.warning, 1);
    let store = s
        .subscribed_skus
        .iter()
        .find(|p| p.sku_part_number.as_deref() == Some("WINDOWS_STORE"))
        .unwrap();
    assert_eq!(store.applies_to, Some(AppliesTo::Company));
    for product in &s.subscribed_skus {
        let catalog = licenselab_engine::find_product(&product.sku_id).expect("a real product");
        assert_eq!(
            catalog.part_number,
            product.sku_part_number.as_deref().unwrap()
        );
    }
}

#[test]
fn groups_keep_their_licensing_fields_and_members() {
    let s = scenario();
    let [sales, dynamic, interns] = &s.groups[..] else {
        panic!("three groups")
    };
    assert!(sales.security_enabled && !sales.mail_enabled && sales.group_types.is_empty());
    assert_eq!(sales.assigned_licenses[0].sku_id, E3);
    // Users and groups (nesting) are kept; the device, service principal, contact and the user
    // in no export are not.
    assert_eq!(
        sales.members,
        [
            "1a000000-0000-4000-8000-000000000001",
            "1a000000-0000-4000-8000-000000000002",
            interns.id.as_str()
        ]
    );
    assert!(dynamic.is_dynamic() && dynamic.members.is_empty());
    assert_eq!(
        dynamic.membership_rule.as_deref(),
        Some("(user.department -eq \"Engineering\") and (user.mail -ne null)")
    );
    assert_eq!(
        dynamic.membership_rule_processing_state,
        Some(RuleProcessingState::On)
    );
    assert_eq!(dynamic.assigned_licenses[0].disabled_plans, [MFA]);
    assert_eq!(interns.members, ["1a000000-0000-4000-8000-000000000004"]);
}

#[test]
fn users_keep_the_properties_rules_read() {
    let s = scenario();
    let erin = user(&s, 5);
    assert_eq!(erin.usage_location.as_deref(), Some("IE"));
    assert_eq!(erin.properties["department"], "Support");
    // Windows PowerShell's \u0027 and \u0026 escapes.
    assert_eq!(erin.properties["displayName"], "Erin O'Brien");
    assert_eq!(erin.properties["companyName"], "Contoso & Partners");
    assert_eq!(erin.properties["accountEnabled"], true);
    let alice = user(&s, 1);
    assert_eq!(
        user(&s, 4).proxy_addresses,
        ["SMTP:dave@contoso.com", "smtp:sales@contoso.com"]
    );
    assert_eq!(
        alice.on_premises_extension_attributes["extensionAttribute1"].as_deref(),
        Some("FTE")
    );
    // Carol has no usageLocation: she inherits the organization's.
    assert_eq!(user(&s, 3).usage_location, None);
    assert_eq!(s.organization.country_letter_code, "GB");
    // Packaging is not a property: no AdditionalProperties, @odata annotations or null values.
    assert!(alice
        .properties
        .keys()
        .all(|k| !k.contains('@') && k != "additionalProperties"));
    assert!(alice.properties.values().all(|v| !v.is_null()));
}

#[test]
fn null_extension_attributes_are_left_out_and_a_later_null_unsets_one() {
    let users = graph(
        "users",
        r#"[{"id": "a", "onPremisesExtensionAttributes": {"extensionAttribute1": "FTE", "extensionAttribute2": null, "extensionAttribute3": "x", "extensionAttribute3": null}},
            {"id": "b", "onPremisesExtensionAttributes": {"extensionAttribute1": null}},
            {"id": "c", "onPremisesExtensionAttributes": null}]"#,
    );
    // The same users listed again with the null attributes absent: the same objects.
    let again = graph(
        "users",
        r#"[{"id": "a", "onPremisesExtensionAttributes": {"extensionAttribute1": "FTE"}}]"#,
    );
    let imported = import(
        &[doc("users.json", &users), doc("again.json", &again)],
        ImportOptions::default(),
    )
    .unwrap();
    let attributes = |i: usize| {
        let user = &imported.scenario.users[i];
        let set: Vec<(&str, Option<&str>)> = user
            .on_premises_extension_attributes
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_deref()))
            .collect();
        set
    };
    assert_eq!(attributes(0), [("extensionAttribute1", Some("FTE"))]);
    assert!(attributes(1).is_empty() && attributes(2).is_empty());
    let text = serde_json::to_string(&imported.scenario).unwrap();
    assert!(!text.contains("extensionAttribute2"), "{text}");
    assert!(!text.contains("extensionAttribute3"), "{text}");
    // Not an object: said of the field, as before.
    let broken = graph(
        "users",
        r#"[{"id": "a", "onPremisesExtensionAttributes": "FTE"}]"#,
    );
    let error = import(&[doc("users.json", &broken)], ImportOptions::default()).unwrap_err();
    assert!(
        error.to_string().contains("onPremisesExtensionAttributes"),
        "{error}"
    );
}

fn graph(set: &str, value: &str) -> String {
    format!(
        r#"{{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#{set}", "value": {value}}}"#
    )
}

fn report_of(documents: &[Document]) -> Report {
    import(documents, ImportOptions::default()).unwrap().report
}

const ORG: &str = r#"[{"id": "9c3e0a4b-5d6f-4a1b-8c2d-3e4f5a6b7c8d", "countryLetterCode": "GB"}]"#;
const SKUS: &str = r#"[{"skuId": "6fd2c87f-b296-42f0-b197-1e91e994b900", "skuPartNumber": "ENTERPRISEPACK", "consumedUnits": 1, "prepaidUnits": {"enabled": 5}}]"#;

#[test]
fn users_without_license_assignment_states_are_reported() {
    let users = r#"[
        {"id": "1a000000-0000-4000-8000-000000000001", "assignedLicenses": [{"skuId": "6fd2c87f-b296-42f0-b197-1e91e994b900", "disabledPlans": []}]},
        {"id": "1a000000-0000-4000-8000-000000000002", "displayName": "No licensing fields"}]"#;
    let imported = import(
        &[
            doc("o.json", &graph("organization", ORG)),
            doc("s.json", &graph("subscribedSkus", SKUS)),
            doc("export/users.json", &graph("users", users)),
        ],
        ImportOptions::default(),
    )
    .unwrap();
    // assignedLicenses is never taken as direct.
    assert!(imported.scenario.users[0].assigned_licenses.is_empty());
    assert_eq!(imported.scenario.users[0].license_assignment_states, None);
    assert_eq!(
        imported.report.missing,
        [
            "1 user exported with assignedLicenses but without licenseAssignmentStates (export/users.json): direct and inherited licenses cannot be told apart (assignedLicenses lists both), so none is taken as direct; export users with $select=id,userPrincipalName,displayName,mail,proxyAddresses,usageLocation,accountEnabled,userType,department,jobTitle,companyName,country,city,state,employeeId,onPremisesExtensionAttributes,assignedLicenses,licenseAssignmentStates (Graph), add them to the Select of the EntraExporter schema's entry, or list them in -Property (Graph PowerShell); see docs/import.md",
            "1 user exported without licenseAssignmentStates (export/users.json): their licenses are unknown, so they start with none; export users with $select=id,userPrincipalName,displayName,mail,proxyAddresses,usageLocation,accountEnabled,userType,department,jobTitle,companyName,country,city,state,employeeId,onPremisesExtensionAttributes,assignedLicenses,licenseAssignmentStates (Graph), add them to the Select of the EntraExporter schema's entry, or list them in -Property (Graph PowerShell); see docs/import.md",
        ]
    );
}

#[test]
fn groups_without_assigned_licenses_and_unexported_members() {
    let groups = r#"[{"id": "2b000000-0000-4000-8000-000000000001", "displayName": "Sales", "securityEnabled": true},
        {"id": "2b000000-0000-4000-8000-000000000002", "assignedLicenses": [{"skuId": "6fd2c87f-b296-42f0-b197-1e91e994b900"}]}]"#;
    let stray = graph(
        "directoryObjects",
        r##"[{"@odata.type": "#microsoft.graph.user", "id": "1a000000-0000-4000-8000-000000000001"}]"##,
    );
    let report = report_of(&[
        doc("o.json", &graph("organization", ORG)),
        doc("s.json", &graph("subscribedSkus", SKUS)),
        doc("groups.json", &graph("groups", groups)),
        doc("members-2b000000-0000-4000-8000-000000000003.json", &stray),
    ]);
    assert_eq!(
        report.missing,
        [
            "members of groups that are in no groups export (2b000000-0000-4000-8000-000000000003; members-2b000000-0000-4000-8000-000000000003.json): left out; export GET /groups?$select=id,displayName,securityEnabled,mailEnabled,groupTypes,membershipRule,membershipRuleProcessingState,assignedLicenses,licenseProcessingState",
            "1 group exported without assignedLicenses (groups.json): they license nobody in the scenario; export groups with $select=id,displayName,securityEnabled,mailEnabled,groupTypes,membershipRule,membershipRuleProcessingState,assignedLicenses,licenseProcessingState (Graph), add them to the Select of the EntraExporter schema's entry, or list them in -Property (Graph PowerShell); see docs/import.md",
            "no members were exported for 1 licensed group (2b000000-0000-4000-8000-000000000002): they start empty; if they are not, export GET /groups/<id>/members?$select=id for each",
        ]
    );
}

#[test]
fn missing_organization_products_and_pages() {
    let page1 = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=X",
        "value": [{"id": "1a000000-0000-4000-8000-000000000001", "licenseAssignmentStates": [
            {"skuId": "efccb6f7-5641-4e0e-bd10-b4976e1bf68e", "assignedByGroup": "2b000000-0000-4000-8000-000000000009", "state": "Active", "error": "None"}]}]}"#;
    let report = report_of(&[
        doc("s.json", &graph("subscribedSkus", SKUS)),
        doc("users-1.json", page1),
    ]);
    assert_eq!(
        report.missing,
        [
            "no organization in the export: its countryLetterCode (the location users without a usageLocation inherit) is taken as US; export GET /organization?$select=id,countryLetterCode",
            "users: 1 of 1 pages say more follow (@odata.nextLink) but no last page was given (users-1.json): fetch every page, following @odata.nextLink until there is none",
            "products that licenses name but no subscribedSkus export lists (efccb6f7-5641-4e0e-bd10-b4976e1bf68e): export GET /subscribedSkus",
            "license rows come from groups that no groups export lists (2b000000-0000-4000-8000-000000000009): export GET /groups?$select=id,displayName,securityEnabled,mailEnabled,groupTypes,membershipRule,membershipRuleProcessingState,assignedLicenses,licenseProcessingState",
        ]
    );
    let report = report_of(&[doc("o.json", &graph("organization", ORG))]);
    assert_eq!(
        report.missing,
        ["no products in the export: export GET /subscribedSkus (or Get-MgSubscribedSku, or EntraExporter's SKUs)"]
    );
}

#[test]
fn pages_in_one_file_and_pages_in_several() {
    // The test exports page users over two files and groups within one file (appended).
    let report = import_folder("graph").report;
    assert_eq!(report.read.users, 5);
    assert_eq!(report.read.groups, 3);
    // A JSON array of pages is read the same way.
    let pages = format!(
        "[{}, {}]",
        graph("organization", ORG),
        graph("subscribedSkus", SKUS)
    );
    let report = import(&[doc("all.json", &pages)], ImportOptions::default())
        .unwrap()
        .report;
    assert_eq!((report.read.organizations, report.read.products), (1, 1));
}

#[test]
fn license_processing_state_as_object_or_string() {
    let groups = r#"[{"id": "2b000000-0000-4000-8000-000000000001", "displayName": "A", "assignedLicenses": [], "licenseProcessingState": {"state": "ProcessingFailed"}},
        {"id": "2b000000-0000-4000-8000-000000000002", "displayName": "B", "assignedLicenses": [], "licenseProcessingState": "ProcessingInProgress"},
        {"id": "2b000000-0000-4000-8000-000000000003", "displayName": "C", "assignedLicenses": [], "licenseProcessingState": {"state": "ProcessingComplete"}, "membershipRuleProcessingState": "Evaluating"}]"#;
    let report = report_of(&[doc("g.json", &graph("groups", groups))]);
    assert_eq!(
        report.not_mapped,
        [
            "group A has licenseProcessingState ProcessingFailed: Entra had not finished its licenses when exported; the scenario's pending work shows what processing would change",
            "group B has licenseProcessingState ProcessingInProgress: Entra had not finished its licenses when exported; the scenario's pending work shows what processing would change",
            "group C has membershipRuleProcessingState Evaluating, which is neither On nor Paused; left out",
        ]
    );
}

/// The import of the organization, the products, `users` and `groups` (Graph lists) and the
/// members files.
fn with_members(
    users: &str,
    groups: &str,
    members: impl IntoIterator<Item = Document>,
) -> Imported {
    let mut documents = vec![
        doc("o.json", &graph("organization", ORG)),
        doc("s.json", &graph("subscribedSkus", SKUS)),
        doc("u.json", &graph("users", users)),
        doc("groups.json", &graph("groups", groups)),
    ];
    documents.extend(members);
    import(&documents, ImportOptions::default()).unwrap()
}

#[test]
fn members_listed_twice_or_out_of_order_are_kept_once_in_id_order() {
    let groups = r#"[{"id": "2b000000-0000-4000-8000-000000000001", "assignedLicenses": []}]"#;
    let users = r#"[{"id": "1a000000-0000-4000-8000-000000000001", "licenseAssignmentStates": []},
        {"id": "1a000000-0000-4000-8000-000000000002", "licenseAssignmentStates": []}]"#;
    let member = |kind: &str, id: &str| {
        format!(r##"{{"@odata.type": "#microsoft.graph.{kind}", "id": "{id}"}}"##)
    };
    let first = graph(
        "directoryObjects",
        &format!(
            "[{}, {}]",
            member("user", "1a000000-0000-4000-8000-000000000002"),
            member("device", "3d000000-0000-4000-8000-000000000001")
        ),
    );
    let second = graph(
        "directoryObjects",
        &format!(
            "[{}, {}, {}]",
            member("device", "3d000000-0000-4000-8000-000000000001"),
            member("user", "1a000000-0000-4000-8000-000000000002"),
            member("user", "1a000000-0000-4000-8000-000000000001")
        ),
    );
    let imported = with_members(
        users,
        groups,
        [
            doc(
                "a/2b000000-0000-4000-8000-000000000001/members.json",
                &first,
            ),
            doc(
                "b/2b000000-0000-4000-8000-000000000001/members.json",
                &second,
            ),
        ],
    );
    assert_eq!(
        imported.scenario.groups[0].members,
        [
            "1a000000-0000-4000-8000-000000000001",
            "1a000000-0000-4000-8000-000000000002"
        ]
    );
    // The device is skipped once, where it was listed first.
    let skipped = &imported.report.skipped_members;
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0].member, "3d000000-0000-4000-8000-000000000001");
    assert_eq!(
        skipped[0].place,
        "a/2b000000-0000-4000-8000-000000000001/members.json, item 2"
    );
    assert_eq!(imported.report.read.memberships, 2);
}

#[test]
fn a_member_id_written_with_escapes_is_the_same_id() {
    let groups = r#"[{"id": "2b000000-0000-4000-8000-000000000001", "assignedLicenses": []}]"#;
    let users =
        r#"[{"id": "1a000000-0000-4000-8000-000000000001", "licenseAssignmentStates": []}]"#;
    // The same user twice, once with its last digit escaped (JSON allows it; the reader cannot
    // borrow that text).
    let members = r##"[{"@odata.type": "#microsoft.graph.user", "id": "1a000000-0000-4000-8000-00000000000\u0031"},
        {"@odata.type": "#microsoft.graph.user", "id": "1a000000-0000-4000-8000-000000000001"}]"##;
    let imported = with_members(
        users,
        groups,
        [doc(
            "2b000000-0000-4000-8000-000000000001/members.json",
            &graph("directoryObjects", members),
        )],
    );
    assert_eq!(
        imported.scenario.groups[0].members,
        ["1a000000-0000-4000-8000-000000000001"]
    );
    assert!(imported.report.skipped_members.is_empty());
    assert_eq!(imported.report.read.memberships, 1);
}

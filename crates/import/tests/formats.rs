//! The three export formats of `tenant-import.md` §1, describing the same tenant, import to the
//! same scenario (`tests/import/expected.json`), whatever the order of the files.

mod common;
use common::*;
use licenselab_engine::StartingState;
use licenselab_import::{import, reads_first, ImportOptions, Importer, SkipReason};

const FORMATS: [&str; 4] = ["graph", "entra-exporter", "powershell", "licenselab-export"];

#[test]
fn every_format_imports_to_the_expected_scenario() {
    let expected = std::fs::read_to_string(exports().join("expected.json")).unwrap();
    for folder in FORMATS {
        let imported = import_folder(folder);
        assert_eq!(imported.scenario.starting_state, StartingState::Observed);
        assert_eq!(pretty(&imported), expected, "{folder}");
    }
    let parsed = licenselab_engine::parse(&expected).expect("the expected scenario parses");
    assert_eq!(parsed, import_folder("graph").scenario);
}

#[test]
fn file_order_does_not_matter() {
    for folder in FORMATS {
        let mut documents = documents(folder);
        let forward = import(&documents, ImportOptions::default()).unwrap();
        documents.reverse();
        let backward = import(&documents, ImportOptions::default()).unwrap();
        assert_eq!(forward.scenario, backward.scenario, "{folder}");
    }
}

#[test]
fn documents_handed_one_at_a_time_import_as_all_at_once() {
    for folder in FORMATS {
        let mut documents = documents(folder);
        let at_once = import(&documents, ImportOptions::default()).unwrap();
        // As the command hands them: the completion file first, then the rest in path order.
        documents.sort_by_key(|d| !reads_first(&d.path));
        let mut importer = Importer::new(ImportOptions::default());
        for document in &documents {
            importer.add(document).unwrap();
        }
        let mut one_at_a_time = importer.finish();
        assert_eq!(one_at_a_time.scenario, at_once.scenario, "{folder}");
        // Only the order in which the ignored files were met can differ.
        let mut report = at_once.report;
        report.ignored_files.sort_by(|a, b| a.path.cmp(&b.path));
        one_at_a_time
            .report
            .ignored_files
            .sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(one_at_a_time.report, report, "{folder}");
    }
    assert!(reads_first("export/licenselab-export.json"));
    assert!(!reads_first("export/users/page-0001.json"));
}

#[test]
fn the_same_objects_in_two_formats_are_merged() {
    // Graph's organization page selects two properties, EntraExporter's has them all: not identical.
    let mut documents = documents("graph");
    documents.extend(
        common::documents("entra-exporter")
            .into_iter()
            .filter(|d| !d.path.ends_with("Organization.json")),
    );
    let both = import(&documents, ImportOptions::default()).unwrap();
    assert_eq!(both.scenario, import_folder("graph").scenario);
    assert_eq!(both.report.read.users, 5);
}

#[test]
fn reports_count_what_was_read_and_skipped() {
    for (folder, files, ignored) in [
        ("graph", 11, 1),
        ("entra-exporter", 26, 5),
        ("powershell", 8, 0),
        ("licenselab-export", 13, 2),
    ] {
        let report = import_folder(folder).report;
        assert_eq!(report.files, files, "{folder}");
        assert_eq!(report.ignored_files.len(), ignored, "{folder}");
        let read = report.read;
        assert_eq!(
            (
                read.organizations,
                read.products,
                read.users,
                read.groups,
                read.memberships
            ),
            (1, 3, 5, 3, 4),
            "{folder}"
        );
        let skipped: Vec<(&str, &SkipReason)> = report
            .skipped_members
            .iter()
            .map(|m| (&m.member[..2], &m.reason))
            .collect();
        assert_eq!(
            skipped,
            [
                ("1a", &SkipReason::NotExported),
                ("3c", &SkipReason::Device),
                ("4d", &SkipReason::ServicePrincipal),
                ("5e", &SkipReason::Contact),
            ],
            "{folder}"
        );
        assert!(report.missing.is_empty(), "{folder}: {:?}", report.missing);
        assert_eq!(
            report.not_mapped,
            [
                "product WINDOWS_STORE has capabilityStatus Warning: the scenario has no subscription status; its prepaidUnits say what can be assigned",
                "group Engineering (dynamic) has licenseProcessingState ProcessingFailed: Entra had not finished its licenses when exported; the scenario's pending work shows what processing would change",
                "the members listed for 1 dynamic group (2b000000-0000-4000-8000-000000000002): a dynamic group's membershipRule decides who is in it",
            ],
            "{folder}"
        );
    }
}

#[test]
fn ignored_files_say_why() {
    let report = import_folder("entra-exporter").report;
    let reasons: Vec<&str> = report
        .ignored_files
        .iter()
        .map(|f| f.reason.as_str())
        .collect();
    assert_eq!(
        reasons,
        [
            "EntraExporter's Admin export says nothing about licensing",
            "group settings say nothing about licensing",
            "a group's owners are not its members",
            "organization branding and settings say nothing about licensing",
            "EntraExporter's Policies export says nothing about licensing",
        ]
    );
    let report = import_folder("graph").report;
    assert_eq!(
        report.ignored_files[0].reason,
        "membersWithLicenseErrors repeats what the users' licenseAssignmentStates say"
    );
    let report = import_folder("licenselab-export").report;
    let ignored: Vec<(&str, &str)> = report
        .ignored_files
        .iter()
        .map(|f| (f.path.as_str(), f.reason.as_str()))
        .collect();
    assert_eq!(
        ignored,
        [
            (
                "licenselab-export/groups/2b000000-0000-4000-8000-000000000001/membersWithLicenseErrors/page-0001.json",
                "membersWithLicenseErrors repeats what the users' licenseAssignmentStates say"
            ),
            (
                "licenselab-export/licenselab-export.json",
                "licenselab export's completion file (the export finished)"
            ),
        ]
    );
}

#[test]
fn the_report_reads_as_text() {
    let text = import_folder("powershell").report.to_string();
    assert!(text.starts_with(
        "read 8 files: 1 organization, 3 products, 5 users, 3 groups, 4 memberships\nskipped 4 members:\n  1 device:\n"
    ), "{text}");
}

#[test]
fn ignored_files_are_summed_up_by_reason() {
    let owner = r#"{"id": "1a000000-0000-4000-8000-000000000001"}"#;
    let documents = [
        doc("export/Devices/d1/d1.json", owner),
        doc("export/Devices/d2/d2.json", owner),
        doc("export/Devices/d3/d3.json", owner),
        doc("export/Admin/Teams/settings.json", owner),
    ];
    let text = import(&documents, ImportOptions::default())
        .unwrap()
        .report
        .to_string();
    assert_eq!(
        text,
        "read 4 files: 0 organizations, 0 products, 0 users, 0 groups, 0 memberships\n\
         ignored 4 files:\n\
         \x20 export/Admin/Teams/settings.json: EntraExporter's Admin export says nothing about licensing\n\
         \x20 3 files such as export/Devices/d1/d1.json: EntraExporter's Devices export says nothing about licensing\n\
         missing for licensing:\n\
         \x20 - no organization in the export: its countryLetterCode (the location users without a usageLocation inherit) is taken as US; export GET /organization?$select=id,countryLetterCode\n\
         \x20 - no products in the export: export GET /subscribedSkus (or Get-MgSubscribedSku, or EntraExporter's SKUs)\n"
    );
}

/// tenant-import.md §3: an export with nothing pending, run with no steps, gives back exactly the
/// rows and seat counts Graph reported (here: Bob's CountViolation while the seats are held by
/// others stays as reported).
#[test]
fn the_imported_tenant_runs_to_exactly_the_reported_rows() {
    let expected = std::fs::read_to_string(exports().join("expected.json")).unwrap();
    let scenario = licenselab_engine::parse(&expected).unwrap();
    let mut simulation = licenselab_engine::Simulation::new(&scenario).expect("the import loads");
    assert!(
        simulation.tenant().pending().is_empty(),
        "nothing is pending"
    );
    simulation.run_to_end();
    let result: serde_json::Value = serde_json::from_str(&simulation.result().to_json()).unwrap();
    let final_users = result["final"]["users"].as_array().unwrap();
    let mut compared = 0;
    for user in &scenario.users {
        let reported = user.license_assignment_states.clone().unwrap_or_default();
        let after = final_users
            .iter()
            .find(|u| u["id"] == user.id.as_str())
            .unwrap()["licenseAssignmentStates"]
            .as_array()
            .unwrap();
        let key = |sku: &str, group: Option<&str>| (sku.to_owned(), group.map(str::to_owned));
        let mut want: Vec<_> = reported
            .iter()
            .map(|r| {
                let error = r.error.clone().unwrap_or_else(|| "None".into());
                (
                    key(&r.sku_id, r.assigned_by_group.as_deref()),
                    r.state.clone(),
                    error,
                )
            })
            .collect();
        let mut got: Vec<_> = after
            .iter()
            .map(|r| {
                (
                    key(r["skuId"].as_str().unwrap(), r["assignedByGroup"].as_str()),
                    r["state"].as_str().unwrap().to_owned(),
                    r["error"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{}", user.id);
        compared += want.len();
    }
    assert!(compared >= 5, "the test tenant has rows to compare");
    for sku in &scenario.subscribed_skus {
        let after = result["final"]["subscribedSkus"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["skuId"] == sku.sku_id.as_str())
            .unwrap();
        assert_eq!(
            after["consumedUnits"].as_u64(),
            sku.consumed_units.map(u64::from)
        );
    }
}

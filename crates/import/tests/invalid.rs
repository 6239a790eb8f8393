//! Inputs the import refuses, each with its exact message: the file, what is wrong, what to do.

mod common;
use common::*;
use licenselab_import::{import, Document, ImportOptions};

fn error(documents: &[Document]) -> String {
    import(documents, ImportOptions::default())
        .expect_err("the import fails")
        .to_string()
}

#[test]
fn a_file_of_no_format() {
    assert_eq!(
        error(&[doc("notes/settings.json", r#"{"theme": "dark"}"#)]),
        "notes/settings.json: is none of the formats licenselab reads: not a Graph response (no @odata.context), not an EntraExporter file (not in its <Type>/<id>/<id>.json folders) and not Graph PowerShell output (no PascalCase Id); export it as docs/import.md describes"
    );
    assert_eq!(
        error(&[doc("list.json", "[1, 2]")]),
        "list.json: is none of the formats licenselab reads: not a Graph response (no @odata.context), not an EntraExporter file (not in its <Type>/<id>/<id>.json folders) and not Graph PowerShell output (no PascalCase Id); export it as docs/import.md describes"
    );
    assert_eq!(
        error(&[doc("ps/things.json", r#"[{"Id": "x", "Colour": "red"}]"#)]),
        "ps/things.json: holds Graph PowerShell objects that are not users, groups, subscribed SKUs, the organization or group members; export them as docs/import.md describes"
    );
}

#[test]
fn truncated_and_broken_json() {
    let cut = "{\n  \"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#users\",\n  \"value\": [\n    {\"id\": \"1a000000-0000-4000-8000-000000000001\"";
    assert_eq!(
        error(&[doc("graph/users.json", cut)]),
        "graph/users.json: the JSON ends too early at line 4, column 49: the file is cut short; export it again, or copy the whole response"
    );
    assert_eq!(
        error(&[doc("graph/users.json", "{\n  \"value\": [1,, 2]\n}")]),
        "graph/users.json: is not valid JSON at line 2, column 15 (expected value); export it again as JSON"
    );
    assert_eq!(
        error(&[doc("graph/users.json", " \n")]),
        "graph/users.json: is empty; export it again (a Graph response, an EntraExporter file or ConvertTo-Json output)"
    );
    assert_eq!(
        error(&[Document {
            path: "graph/users.json".to_owned(),
            bytes: vec![b'{', 0xFF, b'}'],
        }]),
        "graph/users.json: is not UTF-8 or UTF-16 text (invalid byte at offset 1); export it again as JSON"
    );
}

#[test]
fn a_powershell_dump_cut_short_by_depth() {
    let shallow = r#"[{"Id": "1a000000-0000-4000-8000-000000000001", "UserPrincipalName": "alice@contoso.com",
        "LicenseAssignmentStates": ["Microsoft.Graph.PowerShell.Models.MicrosoftGraphLicenseAssignmentState"]}]"#;
    assert_eq!(
        error(&[doc("ps/users.json", shallow)]),
        "ps/users.json: [0].LicenseAssignmentStates[0] holds the type name \"Microsoft.Graph.PowerShell.Models.MicrosoftGraphLicenseAssignmentState\" instead of its value: ConvertTo-Json cut the objects short at its -Depth (2 by default); export again with ConvertTo-Json -Depth 10"
    );
    let hashtable = r#"{"Id": "g", "SecurityEnabled": true, "LicenseProcessingState": {"State": "ProcessingComplete", "AdditionalProperties": "System.Collections.Generic.Dictionary`2[System.String,System.Object]"}}"#;
    assert_eq!(
        error(&[doc("ps/group.json", hashtable)]),
        "ps/group.json: LicenseProcessingState.AdditionalProperties holds the type name \"System.Collections.Generic.Dictionary`2[System.String,System.Object]\" instead of its value: ConvertTo-Json cut the objects short at its -Depth (2 by default); export again with ConvertTo-Json -Depth 10"
    );
}

#[test]
fn members_whose_group_cannot_be_found() {
    let page = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects", "value": []}"#;
    assert_eq!(
        error(&[doc("graph/page-3.json", page)]),
        "graph/page-3.json: is a page of group members (@odata.context ...#directoryObjects), which does not say whose: name the file members-<groupId>.json or put it in a folder named after the group (<groupId>/members.json)"
    );
    let members = r##"{"Id": "1a000000-0000-4000-8000-000000000001", "DeletedDateTime": null, "AdditionalProperties": {"@odata.type": "#microsoft.graph.user"}}"##;
    assert_eq!(
        error(&[doc("ps/sales-members.json", members)]),
        "ps/sales-members.json: holds group members (Get-MgGroupMember), which do not say whose: name the file members-<groupId>.json or put it in a folder named after the group (<groupId>/members.json)"
    );
}

#[test]
fn an_interrupted_licenselab_export() {
    // Refused before any other file is read, whatever the order.
    let mut documents = documents("licenselab-export");
    documents.retain(|d| !d.path.ends_with("licenselab-export.json"));
    documents.push(doc(
        "licenselab-export/licenselab-export.json",
        r#"{"complete": false, "started": "2026-12-01T08:00:00Z"}"#,
    ));
    documents.push(doc("notes/settings.json", r#"{"theme": "dark"}"#));
    documents.reverse();
    assert_eq!(
        error(&documents),
        "licenselab-export/licenselab-export.json: says \"complete\": false: the licenselab export that wrote this folder was interrupted, so its files are not the whole tenant; run licenselab export again into the same folder, then import it"
    );
    assert_eq!(
        error(&[doc("export/licenselab-export.json", r#"{"started": "2026-12-01T08:00:00Z"}"#)]),
        "export/licenselab-export.json: is not a licenselab export completion file (it has no \"complete\": true or false); run licenselab export again into the same folder, or leave this file out"
    );
    assert_eq!(
        error(&[doc("export/licenselab-export.json", r#"{"complete": tru"#)]),
        "export/licenselab-export.json: the JSON ends too early at line 1, column 16: the file is cut short; export it again, or copy the whole response"
    );
}

#[test]
fn the_same_object_listed_twice_with_different_values() {
    let page = |department: &str| {
        format!(
            r#"{{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": [
                {{"id": "1a000000-0000-4000-8000-000000000001", "department": "{department}", "licenseAssignmentStates": []}}]}}"#
        )
    };
    assert_eq!(
        error(&[doc("monday/users.json", &page("Sales")), doc("tuesday/users.json", &page("Finance"))]),
        "tuesday/users.json: user 1a000000-0000-4000-8000-000000000001 is listed twice with different values, at monday/users.json, item 1 and at tuesday/users.json, item 1; give files from one export only"
    );
}

#[test]
fn an_object_not_in_graphs_shape() {
    let page = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscribedSkus", "value": [{"skuId": "x", "consumedUnits": "two"}]}"#;
    assert_eq!(
        error(&[doc("graph/skus.json", page)]),
        "graph/skus.json: item 1: the product is not in Graph's shape (invalid type: string \"two\", expected u32); export it again"
    );
}

#[test]
fn an_object_without_its_id() {
    let page = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscribedSkus", "value": [{"skuPartNumber": "EMS"}]}"#;
    assert_eq!(
        error(&[doc("graph/skus.json", page)]),
        "graph/skus.json: item 1 has no skuId; export it again with skuId selected"
    );
}

#[test]
fn an_object_not_in_graphs_shape_in_a_file_of_pages() {
    let page = |next: &str, units: &str| {
        format!(
            r#"{{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscribedSkus",{next} "value": [{{"skuId": "a"}}, {{"skuId": "b", "consumedUnits": {units}}}]}}"#
        )
    };
    let link =
        r#" "@odata.nextLink": "https://graph.microsoft.com/v1.0/subscribedSkus?$skiptoken=2","#;
    // The first of two pages appended to one file: numbered, though the second is not read yet
    // when the first fails.
    let two = page(link, "\"two\"") + "\n" + &page("", "2");
    assert_eq!(
        error(&[doc("graph/skus.json", &two)]),
        "graph/skus.json: (page 1), item 2: the product is not in Graph's shape (invalid type: string \"two\", expected u32); export it again"
    );
    // A user's field is named.
    let users = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": [
        {"id": "1a000000-0000-4000-8000-000000000001", "usageLocation": 44}]}"#;
    assert_eq!(
        error(&[doc("graph/users.json", users)]),
        "graph/users.json: item 1: usageLocation is not in Graph's shape (invalid type: integer `44`, expected a string); export it again"
    );
    // A syntax error anywhere in the file comes first.
    let broken = page(link, "\"two\"") + "\n{\"value\": [1,, 2]}";
    assert_eq!(
        error(&[doc("graph/skus.json", &broken)]),
        "graph/skus.json: is not valid JSON at line 2, column 14 (expected value); export it again as JSON"
    );
}

//! Files in UTF-8 or UTF-16 (little and big endian), with or without a byte-order mark, and both
//! PowerShell shapes for one object or a list.

mod common;
use common::*;
use licenselab_import::{import, Document, ImportOptions};

const ORG: &str = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#organization", "value": [{"id": "9c3e0a4b-5d6f-4a1b-8c2d-3e4f5a6b7c8d", "countryLetterCode": "JP"}]}"#;

fn encoded(bom: &[u8], unit: fn(u16) -> [u8; 2]) -> Vec<u8> {
    let mut bytes = bom.to_vec();
    bytes.extend(ORG.encode_utf16().flat_map(unit));
    bytes
}

#[test]
fn utf8_and_utf16_with_and_without_bom() {
    let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
    utf8_bom.extend(ORG.as_bytes());
    for (name, bytes) in [
        ("utf-8", ORG.as_bytes().to_vec()),
        ("utf-8 with BOM", utf8_bom),
        (
            "utf-16le with BOM",
            encoded(&[0xFF, 0xFE], u16::to_le_bytes),
        ),
        ("utf-16le", encoded(&[], u16::to_le_bytes)),
        (
            "utf-16be with BOM",
            encoded(&[0xFE, 0xFF], u16::to_be_bytes),
        ),
        ("utf-16be", encoded(&[], u16::to_be_bytes)),
    ] {
        let document = Document {
            path: "organization.json".to_owned(),
            bytes,
        };
        let imported =
            import(&[document], ImportOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            imported.scenario.organization.country_letter_code, "JP",
            "{name}"
        );
    }
}

#[test]
fn the_test_exports_mix_encodings() {
    let starts: Vec<[u8; 2]> = documents("entra-exporter")
        .iter()
        .chain(documents("powershell").iter())
        .map(|d| [d.bytes[0], d.bytes[1]])
        .collect();
    assert!(starts.contains(&[0xFF, 0xFE]), "UTF-16LE with a BOM");
    assert!(starts.contains(&[b'{', 0]), "UTF-16LE without a BOM");
    assert!(starts.contains(&[0xEF, 0xBB]), "UTF-8 with a BOM");
    assert!(starts.contains(b"{\n") || starts.contains(b"[\n"), "UTF-8");
}

#[test]
fn an_odd_number_of_utf16_bytes_is_cut_short() {
    let mut bytes = encoded(&[0xFF, 0xFE], u16::to_le_bytes);
    bytes.pop();
    let error = import(
        &[Document {
            path: "org.json".to_owned(),
            bytes,
        }],
        ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "org.json: is UTF-16 text with an odd number of bytes: the file is cut short; export it again"
    );
}

#[test]
fn one_object_where_a_list_was_expected() {
    // Get-MgOrganization and Get-MgGroupMember of one member give an object, not a list.
    let one = r#"{"Id": "9c3e0a4b-5d6f-4a1b-8c2d-3e4f5a6b7c8d", "CountryLetterCode": "NL", "AdditionalProperties": {}}"#;
    let list = format!("[{one}]");
    for text in [one, list.as_str()] {
        let imported = import(&[doc("org.json", text)], ImportOptions::default()).unwrap();
        assert_eq!(imported.scenario.organization.country_letter_code, "NL");
    }
    let powershell = documents("powershell");
    let single = powershell
        .iter()
        .find(|d| {
            d.path
                .ends_with("members-2b000000-0000-4000-8000-000000000003.json")
        })
        .unwrap();
    assert_eq!(single.bytes[0], b'{');
}

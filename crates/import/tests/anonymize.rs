//! `--anonymize` (`tenant-import.md` §4): names and addresses replaced consistently and
//! deterministically; properties the membership rules read kept.

mod common;
use common::*;
use licenselab_import::{import, ImportOptions};

fn anonymized(folder: &str) -> licenselab_import::Imported {
    import(&documents(folder), ImportOptions { anonymize: true }).unwrap()
}

#[test]
fn names_and_addresses_are_replaced_consistently() {
    let imported = anonymized("graph");
    assert!(imported.report.anonymized);
    let s = &imported.scenario;
    let text = serde_json::to_string(s).unwrap();
    // Mail is kept (a rule reads it); the rest goes.
    for personal in [
        "Alice",
        "Adams",
        "Bob Brown",
        "O'Brien",
        "sales@",
        "Sales licensing",
        "Office 365 E3 for Sales",
    ] {
        assert!(
            !text.contains(personal),
            "{personal} is still in the scenario"
        );
    }
    let [alice, bob, _, dave, _] = &s.users[..] else {
        panic!("five users")
    };
    assert_eq!(alice.properties["displayName"], "User 1");
    assert_eq!(
        alice.properties["userPrincipalName"],
        "user1@domain1.example"
    );
    assert_eq!(alice.proxy_addresses, ["SMTP:user1@domain1.example"]);
    assert_eq!(
        bob.proxy_addresses,
        ["SMTP:user2@domain1.example", "smtp:user3@domain1.example"]
    );
    // Two users who shared an address still share one (so UniquenessViolation survives).
    assert_eq!(dave.proxy_addresses[1], bob.proxy_addresses[1]);
    assert_ne!(dave.proxy_addresses[0], bob.proxy_addresses[0]);
    assert_eq!(s.groups[0].display_name.as_deref(), Some("Group 1"));
    // What licensing reads is untouched.
    assert_eq!(
        alice.license_assignment_states,
        import_folder("graph").scenario.users[0].license_assignment_states
    );
}

#[test]
fn properties_the_rules_read_are_kept() {
    // The dynamic group's rule reads user.department and user.mail.
    let s = anonymized("graph").scenario;
    assert_eq!(s.users[0].properties["department"], "Sales");
    assert_eq!(s.users[0].properties["mail"], "alice@contoso.com");
    assert_ne!(
        s.users[0].properties["userPrincipalName"],
        "alice@contoso.com"
    );
}

#[test]
fn the_same_export_gives_the_same_pseudonyms_in_every_format() {
    let graph = anonymized("graph").scenario;
    assert_eq!(graph, anonymized("graph").scenario);
    assert_eq!(graph, anonymized("entra-exporter").scenario);
    assert_eq!(graph, anonymized("powershell").scenario);
    assert!(licenselab_engine::parse(&serde_json::to_string(&graph).unwrap()).is_ok());
}

//! Evaluation semantics of the rule language (reference §3.2 and §5).

mod common;

use common::*;
use licenselab_rules::{
    AssignedPlan, AssignedPlanRef, DateTime, EvalContext, ObjectKind, Property, Record, Subject,
    Value,
};

// ---- precedence (§3.2) ----

#[test]
fn and_binds_tighter_than_or() {
    let text = r#"user.city -eq "a" -or user.department -eq "b" -and user.country -eq "c""#;
    let only_city = user().with("city", "a");
    let department_without_country = user().with("department", "b");
    let department_and_country = user().with("department", "b").with("country", "c");
    assert!(matches(text, &only_city));
    assert!(!matches(text, &department_without_country));
    assert!(matches(text, &department_and_country));
}

#[test]
fn parentheses_override_precedence() {
    let text = r#"(user.city -eq "a" -or user.department -eq "b") -and user.country -eq "c""#;
    assert!(!matches(text, &user().with("city", "a")));
    assert!(matches(
        text,
        &user().with("city", "a").with("country", "c")
    ));
}

#[test]
fn not_binds_tighter_than_and_and_looser_than_comparisons() {
    let text = r#"-not user.department -eq "Sales" -and user.city -eq "Lagos""#;
    assert!(matches(
        text,
        &user().with("department", "HR").with("city", "Lagos")
    ));
    assert!(!matches(
        text,
        &user().with("department", "Sales").with("city", "Lagos")
    ));
    assert!(!matches(
        text,
        &user().with("department", "HR").with("city", "Abuja")
    ));
}

#[test]
fn double_negation_cancels() {
    assert!(matches(
        r#"-not -not (user.city -eq "x")"#,
        &user().with("city", "x")
    ));
    assert!(matches(
        r#"not (not (user.city -eq "x"))"#,
        &user().with("city", "x")
    ));
}

#[test]
fn or_and_and_are_left_associative_chains() {
    let text = r#"user.city -eq "a" -or user.city -eq "b" -or user.city -eq "c""#;
    for city in ["a", "b", "c"] {
        assert!(matches(text, &user().with("city", city)));
    }
    assert!(!matches(text, &user().with("city", "d")));
}

#[test]
fn logical_operators_work_without_hyphen_and_in_any_case() {
    let subject = user().with("city", "a").with("country", "c");
    for text in [
        r#"user.city -eq "a" and user.country -eq "c""#,
        r#"user.city -eq "a" -AND user.country -eq "c""#,
        r#"user.city -eq "x" Or user.country -eq "c""#,
        r#"user.city -eq "a" -and NOT (user.country -eq "x")"#,
    ] {
        assert!(matches(text, &subject), "{text}");
    }
}

#[test]
fn unparenthesised_any_body_takes_the_rest_of_the_group() {
    let text = r#"user.proxyAddresses -any _ -startsWith "a" -or _ -startsWith "b""#;
    assert!(matches(text, &user().with("proxyAddresses", vec!["b@x"])));
    let plans = r#"(user.assignedPlans -any assignedPlan.service -eq "SCO" -and assignedPlan.capabilityStatus -eq "Enabled") -and user.city -eq "x""#;
    let enabled = user()
        .with("city", "x")
        .with_assigned_plan(AssignedPlan::new("1", "SCO", "Enabled"));
    let suspended = user()
        .with("city", "x")
        .with_assigned_plan(AssignedPlan::new("1", "SCO", "Suspended"));
    assert!(matches(plans, &enabled));
    assert!(!matches(plans, &suspended));
}

#[test]
fn parenthesised_any_body_ends_at_its_parenthesis() {
    let text = r#"user.assignedPlans -any (assignedPlan.service -eq "exchange") -and user.accountEnabled -eq true"#;
    let plan = AssignedPlan::new("1", "exchange", "Enabled");
    assert!(matches(
        text,
        &user()
            .with("accountEnabled", true)
            .with_assigned_plan(plan.clone())
    ));
    assert!(!matches(
        text,
        &user()
            .with("accountEnabled", false)
            .with_assigned_plan(plan)
    ));
}

// ---- operators (§5.2–5.6) ----

#[test]
fn every_string_operator_and_its_negation() {
    let subject = user().with("department", "Sales and Marketing");
    let cases = [
        ("-eq \"sales and marketing\"", true),
        ("-eq \"Sales\"", false),
        ("-ne \"Sales\"", true),
        ("-ne \"SALES AND MARKETING\"", false),
        ("-startsWith \"sales\"", true),
        ("-notStartsWith \"sales\"", false),
        ("-startsWith \"Marketing\"", false),
        ("-endsWith \"MARKETING\"", true),
        ("-notEndsWith \"marketing\"", false),
        ("-endsWith \"Sales\"", false),
        ("-contains \"s and m\"", true),
        ("-notContains \"s and m\"", false),
        ("-contains \"finance\"", false),
        ("-notContains \"finance\"", true),
        ("-match \"^sales.*ing$\"", true),
        ("-notMatch \"^sales\"", false),
        ("-match \"and\"", true),
        ("-match \"^and\"", false),
        ("-in [\"Sales\", \"sales and marketing\"]", true),
        ("-notIn [\"Sales\", \"sales and marketing\"]", false),
        ("-in [\"Sales\"]", false),
        ("-notIn [\"Sales\"]", true),
    ];
    for (operation, expected) in cases {
        let text = format!("user.department {operation}");
        assert_eq!(matches(&text, &subject), expected, "{text}");
    }
}

#[test]
fn operators_are_case_insensitive_and_hyphen_is_optional() {
    let subject = user().with("department", "Sales");
    for text in [
        r#"user.department eq "Sales""#,
        r#"user.department -EQ "Sales""#,
        r#"user.department -startswith "Sa""#,
        r#"user.department STARTSWITH "Sa""#,
        r#"user.department -EndsWith "es""#,
        r#"user.department notin ["HR"]"#,
        r#"user.department -In ["sales"]"#,
        r#"user.department -NOTCONTAINS "x""#,
    ] {
        assert!(matches(text, &subject), "{text}");
    }
}

#[test]
fn literal_operators_treat_wildcards_and_regex_characters_literally() {
    let subject = user().with("displayName", "[Ext] Dave*");
    assert!(matches(r#"user.displayName -startsWith "[Ext]""#, &subject));
    assert!(matches(r#"user.displayName -endsWith "*""#, &subject));
    assert!(!matches(r#"user.displayName -contains ".*""#, &subject));
    assert!(!matches(r#"user.displayName -eq "*""#, &subject));
}

#[test]
fn match_is_an_unanchored_case_insensitive_search() {
    let text = r#"user.displayName -match "Da.*""#;
    assert!(matches(text, &user().with("displayName", "aDa")));
    assert!(matches(text, &user().with("displayName", "DAVID")));
    assert!(!matches(
        r#"user.displayName -match "^Da.*""#,
        &user().with("displayName", "aDa")
    ));
    assert!(matches(
        r#"user.city -match ".*on""#,
        &user().with("city", "Londonderry")
    ));
    assert!(matches(
        r#"user.city -match "\d{3}""#,
        &user().with("city", "Area 51 and 123")
    ));
}

#[test]
fn regex_dot_does_not_match_newline_by_default() {
    let subject = user().with("streetAddress", "line one\nline two");
    assert!(!matches(
        r#"user.streetAddress -match "one.line""#,
        &subject
    ));
    assert!(matches(
        r#"user.streetAddress -match "one\nline""#,
        &subject
    ));
}

#[test]
fn unicode_values_compare_case_insensitively() {
    let subject = user()
        .with("city", "İSTANBUL")
        .with("department", "ÉQUIPE Ärzte");
    assert!(matches(r#"user.department -eq "équipe ärzte""#, &subject));
    assert!(matches(r#"user.department -startsWith "éQUIPE""#, &subject));
    assert!(matches(r#"user.department -endsWith "ÄRZTE""#, &subject));
    assert!(matches(r#"user.department -contains "PE Ä""#, &subject));
    assert!(matches(
        r#"user.department -in ["x", "ÉQUIPE ÄRZTE"]"#,
        &subject
    ));
    assert!(matches(r#"user.department -match "ärzte$""#, &subject));
    // İ lower-cases to i + combining dot, so only that spelling matches.
    assert!(matches("user.city -eq \"i\u{307}stanbul\"", &subject));
    assert!(!matches(r#"user.city -eq "istanbul""#, &subject));
}

#[test]
fn eq_compares_the_whole_value() {
    let text = r#"user.passwordPolicies -eq "DisableStrongPassword""#;
    let both = user().with(
        "passwordPolicies",
        "DisablePasswordExpiration, DisableStrongPassword",
    );
    assert!(!matches(text, &both));
    assert!(matches(
        text,
        &user().with("passwordPolicies", "disablestrongpassword")
    ));
}

#[test]
fn booleans_compare_with_unquoted_true_and_false() {
    assert!(matches(
        "user.accountEnabled -eq true",
        &user().with("accountEnabled", true)
    ));
    assert!(matches(
        "user.accountEnabled -eq TRUE",
        &user().with("accountEnabled", true)
    ));
    assert!(matches(
        "user.accountEnabled -ne true",
        &user().with("accountEnabled", false)
    ));
    assert!(matches(
        "user.accountEnabled -eq false",
        &user().with("accountEnabled", false)
    ));
    assert!(!matches(
        "user.accountEnabled -eq false",
        &user().with("accountEnabled", true)
    ));
    assert!(matches(
        "device.isRooted -eq true",
        &user().with("isRooted", true)
    ));
}

// ---- null (§5.7) ----

#[test]
fn null_and_dollar_null_test_for_a_missing_value() {
    for null in ["null", "$null", "NULL", "$Null"] {
        assert!(matches(&format!("user.mail -eq {null}"), &user()));
        assert!(!matches(
            &format!("user.mail -eq {null}"),
            &user().with("mail", "a@b")
        ));
        assert!(matches(
            &format!("user.mail -ne {null}"),
            &user().with("mail", "a@b")
        ));
        assert!(!matches(&format!("user.mail -ne {null}"), &user()));
    }
    assert!(matches("user.accountEnabled -eq null", &user()));
    assert!(matches(
        "user.employeeHireDate -ne null",
        &user().with("employeeHireDate", NOW)
    ));
    assert!(matches(
        "user.proxyAddresses -eq null",
        &user().with("proxyAddresses", Vec::<String>::new())
    ));
}

#[test]
fn quoted_null_is_the_string_null() {
    assert!(matches(
        r#"user.department -eq "null""#,
        &user().with("department", "NULL")
    ));
    assert!(!matches(r#"user.department -eq "null""#, &user()));
    assert!(matches(
        r#"user.employeeId -ne "null""#,
        &user().with("employeeId", "12345")
    ));
}

#[test]
fn positive_operators_on_a_missing_value_are_false() {
    let nobody = user();
    for operation in [
        "-eq \"x\"",
        "-startsWith \"x\"",
        "-endsWith \"x\"",
        "-contains \"\"",
        "-match \".*\"",
        "-in [\"x\"]",
    ] {
        assert!(
            !matches(&format!("user.department {operation}"), &nobody),
            "{operation}"
        );
    }
    assert!(!matches("user.accountEnabled -eq true", &nobody));
    assert!(!matches("user.employeeHireDate -le system.now", &nobody));
    assert!(!matches("user.employeeHireDate -ge 1900-01-01", &nobody));
}

#[test]
fn negative_operators_on_a_missing_value_are_true_by_default() {
    let nobody = user();
    for operation in [
        "-ne \"x\"",
        "-notStartsWith \"x\"",
        "-notEndsWith \"x\"",
        "-notContains \"x\"",
        "-notMatch \"x\"",
        "-notIn [\"x\"]",
    ] {
        assert!(
            matches(&format!("user.department {operation}"), &nobody),
            "{operation}"
        );
    }
    assert!(matches("user.accountEnabled -ne true", &nobody));
}

// ---- lists (§2.4, §5.6) ----

#[test]
fn list_syntax_variants() {
    let subject = user().with("department", "R, D");
    for text in [
        r#"user.department -in ["R, D","Sales"]"#,
        r#"user.department -in [ "Sales" , "R, D" ]"#,
        "user.department -in ['R, D']",
        "user.department -in ['x', \"R, D\"]",
        "user.department -in [\n\"R, D\"\n]",
    ] {
        assert!(matches(text, &subject), "{text}");
    }
    assert!(!matches("user.department -in []", &subject));
    assert!(matches("user.department -notIn []", &subject));
}

#[test]
fn long_lists_find_values_in_any_case() {
    let items: Vec<String> = (0..300).map(|i| format!("\"D{i}\"")).collect();
    let text = format!(
        "user.department -in [{}, \"Ünïcode Dept\"]",
        items.join(",")
    );
    let rule = rule(&text);
    for (value, expected) in [
        ("d0", true),
        ("D299", true),
        ("d300", false),
        ("ÜNÏCODE DEPT", true),
        ("", false),
    ] {
        assert_eq!(
            rule.matches(&user().with("department", value), &now()),
            expected,
            "{value}"
        );
    }
    let long_value = "x".repeat(1000);
    assert!(!rule.matches(&user().with("department", long_value.as_str()), &now()));
}

// ---- collections (§5.9) ----

#[test]
fn any_is_false_and_all_is_true_on_empty_or_missing_collections() {
    let empty = user().with("proxyAddresses", Vec::<String>::new());
    let missing = user();
    for subject in [&empty, &missing] {
        assert!(!matches(r#"user.proxyAddresses -any (_ -eq "x")"#, subject));
        assert!(matches(r#"user.proxyAddresses -all (_ -eq "x")"#, subject));
        assert!(!matches(
            r#"user.assignedPlans -any (assignedPlan.service -eq "x")"#,
            subject
        ));
        assert!(matches(
            r#"user.assignedPlans -all (assignedPlan.service -eq "x")"#,
            subject
        ));
    }
}

#[test]
fn any_and_all_test_each_item() {
    let subject = user().with(
        "proxyAddresses",
        vec!["SMTP:a@contoso.com", "smtp:b@fabrikam.com"],
    );
    assert!(matches(
        r#"user.proxyAddresses -any (_ -contains "fabrikam")"#,
        &subject
    ));
    assert!(!matches(
        r#"user.proxyAddresses -all (_ -contains "fabrikam")"#,
        &subject
    ));
    assert!(matches(
        r#"user.proxyAddresses -all (_ -startsWith "smtp:")"#,
        &subject
    ));
    assert!(matches(r#"user.proxyAddresses -any (_ -ne "x")"#, &subject));
    assert!(matches(r#"user.otherMails -all (_ -eq null)"#, &user()));
}

#[test]
fn assigned_plan_conditions_hold_for_the_same_plan() {
    let text = r#"user.assignedPlans -any (assignedPlan.servicePlanId -eq "A" -and assignedPlan.capabilityStatus -eq "Enabled")"#;
    let split = user()
        .with_assigned_plan(AssignedPlan::new("A", "s", "Deleted"))
        .with_assigned_plan(AssignedPlan::new("B", "s", "Enabled"));
    let same = user().with_assigned_plan(AssignedPlan::new("a", "s", "ENABLED"));
    assert!(!matches(text, &split));
    assert!(matches(text, &same));
    let none = r#"user.assignedPlans -all (assignedPlan.servicePlanId -eq null)"#;
    assert!(matches(none, &user()));
    assert!(matches(
        none,
        &user().with_assigned_plan(AssignedPlan::default())
    ));
    assert!(!matches(none, &same));
}

#[test]
fn string_operators_on_collections_test_any_item_by_default() {
    let subject = user().with(
        "proxyAddresses",
        vec!["SMTP:a@contoso.com", "smtp:b@outlook.com"],
    );
    assert!(matches(
        r#"user.proxyAddresses -startsWith "smtp:b""#,
        &subject
    ));
    assert!(matches(
        r#"user.proxyAddresses -contains "contoso""#,
        &subject
    ));
    assert!(!matches(
        r#"user.proxyAddresses -notEndsWith "@outlook.com""#,
        &subject
    ));
    assert!(matches(
        r#"user.proxyAddresses -notEndsWith "@gmail.com""#,
        &subject
    ));
    assert!(matches(r#"user.otherMails -notContains "x""#, &user()));
}

// ---- memberOf and Direct Reports (§5.11, §5.12) ----

#[test]
fn member_of_tests_direct_membership_of_any_listed_group() {
    let text = "user.memberOf -any (group.objectId -in ['g1', 'G2', 'g1'])";
    let rule = rule(text);
    assert_eq!(
        rule.member_of_groups(),
        ["g1".to_string(), "G2".to_string()]
    );
    assert_eq!(rule.properties(), [Property::MemberOf]);
    assert!(rule.matches(&user().with_member_of("g2"), &now()));
    assert!(!rule.matches(&user().with_member_of("g3"), &now()));
    assert!(!rule.matches(&user(), &now()));
    assert!(matches(
        "(user.memberof -any group.objectId -in [\"g3\"])",
        &user().with_member_of("g3")
    ));
    assert_eq!(
        self::rule("device.memberOf -any (group.objectId -in ['d'])").object_kind(),
        ObjectKind::Device
    );
}

#[test]
fn direct_reports_match_the_manager() {
    let text = r#"Direct Reports for "62e19b97-8b3d-4d4a-a106-4ce66896a863""#;
    let rule = rule(text);
    assert_eq!(
        rule.direct_reports_manager(),
        Some("62e19b97-8b3d-4d4a-a106-4ce66896a863")
    );
    assert_eq!(rule.object_kind(), ObjectKind::User);
    assert!(rule.properties().is_empty());
    assert!(rule.matches(
        &user().with_manager("62E19B97-8B3D-4D4A-A106-4CE66896A863"),
        &now()
    ));
    assert!(!rule.matches(&user().with_manager("someone-else"), &now()));
    assert!(!rule.matches(&user(), &now()));
    assert!(matches(
        "  direct reports FOR \"u1\"\n",
        &user().with_manager("u1")
    ));
}

// ---- dates (§5.10) ----

#[test]
fn hire_date_compares_with_system_now_and_durations() {
    let hired_recently = r#"user.employeeHireDate -ge system.now -minus P30D -and user.employeeHireDate -le system.now"#;
    let subject = user().with("employeeHireDate", "2025-05-15T00:00:00Z");
    assert!(rule(hired_recently).matches(&subject, &at("2025-06-01T00:00:00Z")));
    assert!(!rule(hired_recently).matches(&subject, &at("2025-06-15T00:00:01Z")));
    assert!(rule(hired_recently).matches(&subject, &at("2025-06-14T00:00:00Z")));
    assert!(!rule(hired_recently).matches(&subject, &at("2025-05-14T23:59:59Z")));
}

#[test]
fn date_values_in_all_documented_forms() {
    let subject = user().with("employeeHireDate", "2020-06-10T18:13:20Z");
    for value in [
        "2020-06-10T18:13:20Z",
        "\"2020-06-10T18:13:20Z\"",
        "2020-06-10T20:13:20+02:00",
        "(2020-06-10T18:13:20Z)",
        "2020-06-09T18:13:20Z -plus p1d",
        "(2020-06-11T18:13:20Z -minus P1D)",
        "\"2020-06-10T17:13:20Z\" -plus PT1H",
        "2020-06-10T18:13:20.0000000Z",
    ] {
        assert!(
            matches(&format!("user.employeeHireDate -eq {value}"), &subject),
            "{value}"
        );
    }
    assert!(matches(
        "user.employeeHireDate -le 2020-06-10",
        &user().with("employeeHireDate", "2020-06-09T23:59:59Z")
    ));
}

#[test]
fn hire_date_comparisons_use_the_full_instant() {
    let text = "user.employeeHireDate -le 2020-06-10T18:13:20Z";
    assert!(matches(
        text,
        &user().with("employeeHireDate", "2020-06-10T18:13:20Z")
    ));
    assert!(!matches(
        text,
        &user().with("employeeHireDate", "2020-06-10T18:13:20.0000001Z")
    ));
}

#[test]
fn duration_forms() {
    let subject = user().with(
        "employeeHireDate",
        DateTime::parse_iso8601("2025-05-24T21:00:00Z").unwrap(),
    );
    for duration in [
        "P7DT3H",
        "p7dt3h",
        "P1WT3H",
        "PT171H",
        "PT10260M",
        "PT615600S",
    ] {
        let text = format!("user.employeeHireDate -ge system.now -minus {duration}");
        assert!(matches(&text, &subject), "{text}");
    }
    assert!(!matches(
        "user.employeeHireDate -ge system.now -minus P1W",
        &subject
    ));
    assert!(!matches(
        "user.employeeHireDate -ge system.now -minus P7DT2H",
        &subject
    ));
}

#[test]
fn rules_with_system_now_report_it() {
    assert!(rule("user.employeeHireDate -ge system.now -minus P1D").reads_now());
    assert!(rule("user.employeeHireDate -ge (system.now)").reads_now());
    assert!(!rule("user.employeeHireDate -ge 2025-01-01").reads_now());
}

// ---- extension attributes (§4.1) ----

#[test]
fn extension_attributes_in_both_forms() {
    for n in 1..=15 {
        let text = format!("user.extensionAttribute{n} -eq \"v{n}\"");
        let rule = rule(&text);
        assert_eq!(rule.properties(), [Property::ExtensionAttribute(n)]);
        let subject = user().with(&format!("extensionattribute{n}"), format!("V{n}"));
        assert!(rule.matches(&subject, &now()), "{text}");
        assert!(
            self::rule(&format!("device.extensionAttribute{n} -ne null")).matches(&subject, &now())
        );
    }
    let custom = "user.extension_9d98ed114c4840d298fad781915f27e4_division -eq \"Sales\"";
    let rule = rule(custom);
    assert_eq!(
        rule.properties(),
        [Property::CustomExtension(
            "extension_9d98ed114c4840d298fad781915f27e4_division".into()
        )]
    );
    let subject = user().with(
        "extension_9D98ED114C4840D298FAD781915F27E4_Division",
        "sales",
    );
    assert!(rule.matches(&subject, &now()));
    assert!(matches(
        "user.extension_app1_costCenter -startsWith \"CC\"",
        &user().with("extension_app1_costCenter", "CC-1")
    ));
}

// ---- the rule's metadata for the engine ----

#[test]
fn properties_lists_each_property_once_in_order() {
    let rule = rule(
        r#"user.department -eq "a" -and (user.city -eq "b" -or user.department -eq "c") -and user.assignedPlans -any (assignedPlan.service -eq "x")"#,
    );
    assert_eq!(
        rule.properties(),
        [
            Property::Department,
            Property::City,
            Property::AssignedPlans
        ]
    );
    assert!(rule.reads_assigned_plans());
    assert!(rule.reads(&Property::City));
    assert!(!rule.reads(&Property::Country));
    assert!(rule.member_of_groups().is_empty());
    assert_eq!(rule.direct_reports_manager(), None);
    let device = self::rule(r#"device.devicePhysicalIDs -any _ -startsWith "[ZTDId]""#);
    assert_eq!(device.object_kind(), ObjectKind::Device);
    assert_eq!(device.properties(), [Property::DevicePhysicalIds]);
    assert!(!device.reads_assigned_plans());
}

#[test]
fn property_names_resolve_case_insensitively_to_one_property() {
    let a = rule(r#"user.CompanyName -eq "x""#);
    let b = rule(r#"USER.companyname -eq "x""#);
    assert_eq!(a.properties(), b.properties());
    assert_eq!(a.properties()[0].name(), "companyName");
    assert_eq!(
        Property::lookup(ObjectKind::Device, "DEVICEOSTYPE"),
        Some(Property::DeviceOSType)
    );
    assert_eq!(Property::lookup(ObjectKind::Device, "department"), None);
}

#[test]
fn the_listed_names_are_those_lookup_knows_for_the_object_kind() {
    let users: Vec<&str> = Property::names(ObjectKind::User).collect();
    assert!(users.contains(&"department") && users.contains(&"memberOf"));
    assert!(!users.contains(&"deviceOSType"));
    for kind in [ObjectKind::User, ObjectKind::Device] {
        for name in Property::names(kind) {
            assert_eq!(
                Property::lookup(kind, name).map(|p| p.name().to_owned()),
                Some(name.to_owned())
            );
        }
    }
}

// ---- subjects that store values in another shape ----

/// A subject that returns whatever the test sets, to check lenient reading of values.
struct Fixed<'a>(Value<'a>);

impl Subject for Fixed<'_> {
    fn value(&self, _: &Property) -> Value<'_> {
        self.0
    }
    fn any_assigned_plan(&self, _: &mut dyn FnMut(AssignedPlanRef<'_>) -> bool) -> bool {
        false
    }
    fn is_direct_member_of(&self, _: &str) -> bool {
        false
    }
    fn manager(&self) -> Option<&str> {
        None
    }
}

#[test]
fn values_of_another_shape_are_read_leniently() {
    let context = EvalContext::at_unix_seconds(1_748_736_000);
    let check = |text: &str, value: Value<'_>| rule(text).matches(&Fixed(value), &context);
    assert!(check("user.accountEnabled -eq true", Value::Str("TRUE")));
    assert!(!check("user.accountEnabled -eq true", Value::Str("yes")));
    assert!(check(r#"user.department -eq "true""#, Value::Bool(true)));
    let list = ["a", "Sales"];
    assert!(check(
        r#"user.department -eq "sales""#,
        Value::Strings(&list)
    ));
    assert!(check(
        r#"user.proxyAddresses -any (_ -eq "x")"#,
        Value::Str("X")
    ));
    assert!(check(
        "user.employeeHireDate -le system.now",
        Value::Str("2025-01-01T00:00:00Z")
    ));
    assert!(!check(
        "user.employeeHireDate -le system.now",
        Value::Str("not a date")
    ));
    assert!(!check(
        r#"user.department -eq "x""#,
        Value::DateTime(DateTime::UNIX_EPOCH)
    ));
    assert!(check(
        "user.department -ne null",
        Value::DateTime(DateTime::UNIX_EPOCH)
    ));
}

#[test]
fn evaluation_reads_a_trait_object_subject() {
    let subject: Box<dyn Subject> = Box::new(Record::new().with("city", "x"));
    assert!(rule(r#"user.city -eq "X""#).matches(subject.as_ref(), &now()));
}

#[test]
fn a_device_rule_is_rejected_for_a_user_group_with_a_clear_message() {
    let device = rule(r#"(device.deviceOSType -eq "Windows")"#);
    assert!(device.require_object_kind(ObjectKind::Device).is_ok());
    let error = device.require_object_kind(ObjectKind::User).unwrap_err();
    assert_eq!(
        error.class(),
        licenselab_rules::ErrorClass::ObjectKindMismatch
    );
    assert_eq!(error.span().start, 1);
    assert_eq!(
        error.to_string(),
        "This is a device rule, but the group's members are users at offset 1; use only user. \
         properties in this group's rule, or put the device rule on a dynamic device group"
    );
    assert!(rule(r#"Direct Reports for "m""#)
        .require_object_kind(ObjectKind::User)
        .is_ok());
}

#[test]
fn rules_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync + Clone>() {}
    shareable::<licenselab_rules::Rule>();
    shareable::<licenselab_rules::RuleError>();
}

#[test]
fn equality_prefilters_name_conditions_every_match_meets() {
    use licenselab_rules::{parse, Property, RuleOptions};
    let options = RuleOptions::default();
    let filters = |text: &str| {
        let rule = parse(text, &options).unwrap();
        rule.equality_prefilters()
            .into_iter()
            .map(|(p, mut v)| {
                v.sort_unstable();
                (
                    p.clone(),
                    v.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        filters(r#"user.department -eq "Sales""#),
        vec![(Property::Department, vec!["sales".into()])]
    );
    assert_eq!(
        filters(
            r#"user.accountEnabled -eq true -and user.country -in ["DE", "fr"] -and user.department -eq "HR""#
        ),
        vec![
            (Property::Country, vec!["de".into(), "fr".into()]),
            (Property::Department, vec!["hr".into()])
        ]
    );
    assert_eq!(
        filters(
            r#"(user.department -eq "A") -or (user.department -eq "B" -and user.country -eq "C")"#
        ),
        vec![(Property::Department, vec!["a".into(), "b".into()])]
    );
    // No sound filter: a different property per branch, a negation, a substring test.
    assert!(filters(r#"user.department -eq "A" -or user.country -eq "B""#).is_empty());
    assert!(filters(r#"user.department -ne "Sales""#).is_empty());
    assert!(filters(r#"-not (user.department -eq "Sales")"#).is_empty());
    assert!(filters(r#"user.department -contains "Sal""#).is_empty());
    let rule = parse(r#"user.department -eq "SALES""#, &options).unwrap();
    assert_eq!(rule.fold("Sales"), "sales");
}

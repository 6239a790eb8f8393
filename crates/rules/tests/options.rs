//! The switches for undocumented behaviour (reference §7): defaults and alternatives.

mod common;

use common::*;
use licenselab_rules::{
    CaseFolding, CollectionOperators, CompilationReason, ErrorClass, NameMatching, NullNegation,
    NumberLiterals, OperatorSpacing, Record, RuleOptions, Typography,
};

fn with(change: impl FnOnce(&mut RuleOptions)) -> RuleOptions {
    let mut options = RuleOptions::default();
    change(&mut options);
    options
}

#[test]
fn defaults_are_the_documented_or_recommended_choices() {
    let defaults = RuleOptions::default();
    assert_eq!(defaults.null_negation, NullNegation::True);
    assert_eq!(
        defaults.collection_operators,
        CollectionOperators::AnyElement
    );
    assert_eq!(defaults.property_names, NameMatching::CaseInsensitive);
    assert_eq!(defaults.typography, Typography::Reject);
    assert!(defaults.single_quoted_strings);
    assert_eq!(
        defaults.operator_spacing,
        OperatorSpacing::ValueMayTouchOperator
    );
    assert!(!defaults.regex_dot_matches_newline);
    assert_eq!(defaults.case_folding, CaseFolding::Unicode);
    assert!(!defaults.date_not_equal);
    assert!(defaults.backtick_quoted_values);
    assert_eq!(defaults.numbers, NumberLiterals::Reject);
    assert!(!defaults.legacy_device_properties);
    assert!(!defaults.require_guid_object_ids);
}

#[test]
fn null_negation_false_makes_negative_operators_false_on_missing_values() {
    let options = with(|o| o.null_negation = NullNegation::False);
    let nobody = Record::new();
    for text in [
        r#"user.department -ne "x""#,
        r#"user.department -notContains "x""#,
        r#"user.department -notIn ["x"]"#,
        r#"user.department -notMatch "x""#,
        "user.accountEnabled -ne true",
        r#"user.proxyAddresses -notEndsWith "x""#,
    ] {
        assert!(
            !rule_with(text, &options).matches(&nobody, &now()),
            "{text}"
        );
        assert!(rule(text).matches(&nobody, &now()), "{text} (default)");
    }
    // Null checks and present values are unaffected.
    assert!(rule_with("user.department -eq null", &options).matches(&nobody, &now()));
    let sales = Record::new().with("department", "Sales");
    assert!(rule_with(r#"user.department -ne "x""#, &options).matches(&sales, &now()));
}

#[test]
fn collection_operators_can_be_restricted_to_any_and_all() {
    let options = with(|o| o.collection_operators = CollectionOperators::Reject);
    let error = error_with(r#"user.otherMails -startsWith "a""#, &options);
    assert_eq!(error.class(), ErrorClass::OperatorNotSupportedOnAttribute);
    assert!(error.hint().contains("-any (_ -startsWith"));
    rule_with(r#"user.otherMails -any (_ -startsWith "a")"#, &options);
    rule_with("user.otherMails -eq null", &options);
}

#[test]
fn case_sensitive_property_names() {
    let options = with(|o| o.property_names = NameMatching::CaseSensitive);
    rule_with(r#"user.memberOf -any (group.objectId -in ['a'])"#, &options);
    rule_with(r#"user.department -eq "x""#, &options);
    for text in [
        r#"user.memberof -any (group.objectId -in ['a'])"#,
        r#"user.Department -eq "x""#,
        r#"device.devicePhysicalIDs -any (_ -eq "x")"#,
    ] {
        assert_eq!(
            error_with(text, &options).class(),
            ErrorClass::AttributeNotSupported,
            "{text}"
        );
    }
    let error = error_with(r#"User.department -eq "x""#, &options);
    assert_eq!(error.class(), ErrorClass::AttributeNotSupported);
    assert!(error.hint().contains("did you mean 'user.department'?"));
}

#[test]
fn typography_can_be_normalised() {
    let options = with(|o| o.typography = Typography::Normalize);
    let text = "(user.department \u{2013}eq \u{201C}Sales\u{201D}) \u{2014}and (user.city \u{2212}eq \u{2018}Lagos\u{2019})";
    let rule = rule_with(text, &options);
    assert!(rule.matches(
        &Record::new()
            .with("department", "sales")
            .with("city", "Lagos"),
        &now()
    ));
    assert_eq!(error(text).class(), ErrorClass::BinaryExpressionFormat);
    // A straight-quoted string keeps typographic quotes inside it.
    let inner = rule_with("user.displayName -eq \"a\u{201D}b\"", &options);
    assert!(inner.matches(&Record::new().with("displayName", "a\u{201D}b"), &now()));
    // Non-breaking spaces count as spaces when normalising.
    rule_with("user.city\u{a0}-eq \"x\"", &options);
}

#[test]
fn single_quoted_scalars_can_be_rejected() {
    let options = with(|o| o.single_quoted_strings = false);
    let error = error_with("(user.country -eq 'United States')", &options);
    assert_eq!(
        error.class(),
        ErrorClass::QueryCompilation(CompilationReason::InvalidLiteral)
    );
    assert_eq!(error.span().start, 18);
    rule_with("user.memberOf -any (group.objectId -in ['a'])", &options);
    rule_with("user.country -in ['United States']", &options);
}

#[test]
fn operator_spacing_modes() {
    let touching_value = r#"user.otherMails -endsWith"@contoso.com""#;
    let touching_property = r#"(user.department-eq"Sales")"#;
    rule(touching_value);
    assert_eq!(
        error(touching_property).class(),
        ErrorClass::BinaryExpressionFormat
    );

    let strict = with(|o| o.operator_spacing = OperatorSpacing::Strict);
    let error = error_with(touching_value, &strict);
    assert_eq!(error.class(), ErrorClass::BinaryExpressionFormat);
    assert_eq!(error.span().start, 25);
    rule_with(
        r#"(user.department -eq "Sales")-and(user.city -eq "x")"#,
        &strict,
    );
    rule_with(r#"user.department -in["Sales"]"#, &strict);

    let lenient = with(|o| o.operator_spacing = OperatorSpacing::Lenient);
    let rule = rule_with(touching_property, &lenient);
    assert!(rule.matches(&Record::new().with("department", "Sales"), &now()));
}

#[test]
fn regex_dot_can_match_newlines() {
    let options = with(|o| o.regex_dot_matches_newline = true);
    let subject = Record::new().with("streetAddress", "one\ntwo");
    assert!(
        rule_with(r#"user.streetAddress -match "one.two""#, &options).matches(&subject, &now())
    );
    assert!(!rule(r#"user.streetAddress -match "one.two""#).matches(&subject, &now()));
}

#[test]
fn ascii_case_folding_leaves_other_letters_case_sensitive() {
    let options = with(|o| o.case_folding = CaseFolding::Ascii);
    let subject = Record::new().with("city", "MÜNCHEN");
    assert!(!rule_with(r#"user.city -eq "münchen""#, &options).matches(&subject, &now()));
    assert!(rule_with(r#"user.city -eq "mÜnchen""#, &options).matches(&subject, &now()));
    assert!(rule(r#"user.city -eq "münchen""#).matches(&subject, &now()));
    assert!(!rule_with(r#"user.city -in ["münchen"]"#, &options).matches(&subject, &now()));
}

#[test]
fn date_not_equal_can_be_allowed() {
    let options = with(|o| o.date_not_equal = true);
    let text = "user.employeeHireDate -ne 2025-01-01T00:00:00Z";
    assert_eq!(
        error(text).class(),
        ErrorClass::OperatorNotSupportedOnAttribute
    );
    let rule = rule_with(text, &options);
    assert!(rule.matches(
        &Record::new().with("employeeHireDate", "2025-01-02T00:00:00Z"),
        &now()
    ));
    assert!(!rule.matches(
        &Record::new().with("employeeHireDate", "2025-01-01T00:00:00Z"),
        &now()
    ));
    assert!(rule.matches(&Record::new(), &now()));
    assert_eq!(
        error_with("user.employeeHireDate -ne system.now -minus P1D", &options).class(),
        ErrorClass::InvalidDateExpression
    );
}

#[test]
fn backtick_quoted_values_keep_their_quotes() {
    let text = "user.department -eq `\"Sales`\"";
    let quoted = Record::new().with("department", "\"Sales\"");
    assert!(rule(text).matches(&quoted, &now()));
    assert!(!rule(text).matches(&Record::new().with("department", "Sales"), &now()));
    let options = with(|o| o.backtick_quoted_values = false);
    let error = error_with(text, &options);
    assert_eq!(
        error.class(),
        ErrorClass::QueryCompilation(CompilationReason::InvalidCharacter)
    );
    assert_eq!(error.span().start, 20);
}

#[test]
fn numbers_can_be_read_as_strings() {
    let options = with(|o| o.numbers = NumberLiterals::AsStrings);
    let subject = Record::new().with("department", "50016");
    assert!(rule_with("user.department -eq 50016", &options).matches(&subject, &now()));
    assert!(rule_with("user.department -in [50001, 50016]", &options).matches(&subject, &now()));
    assert!(rule_with("user.department -startsWith 500", &options).matches(&subject, &now()));
    assert_eq!(
        error("user.department -in [50001]").class(),
        ErrorClass::QueryCompilation(CompilationReason::InvalidLiteral)
    );
}

#[test]
fn legacy_device_properties_can_be_accepted() {
    let options = with(|o| o.legacy_device_properties = true);
    let rule = rule_with(
        "(device.isCompliant -eq true) -and (device.domainName -eq \"contoso.com\")",
        &options,
    );
    let device = Record::new()
        .with("isCompliant", true)
        .with("domainName", "CONTOSO.com");
    assert!(rule.matches(&device, &now()));
    assert_eq!(
        error_with("user.isCompliant -eq true", &options).class(),
        ErrorClass::AttributeNotSupported
    );
}

#[test]
fn object_ids_can_be_required_to_be_guids() {
    let options = with(|o| o.require_guid_object_ids = true);
    rule_with(
        r#"Direct Reports for "62e19b97-8b3d-4d4a-a106-4ce66896a863""#,
        &options,
    );
    rule(r#"Direct Reports for "u1""#);
    let error = error_with(r#"Direct Reports for "u1""#, &options);
    assert_eq!(
        (error.class(), error.span().start),
        (ErrorClass::InvalidValue, 19)
    );
    assert_eq!(
        error_with(
            "user.memberOf -any (group.objectId -in ['groupId'])",
            &options
        )
        .class(),
        ErrorClass::InvalidValue
    );
}

#[test]
fn a_rule_keeps_the_options_it_was_parsed_with() {
    let options = with(|o| o.null_negation = NullNegation::False);
    let rule = rule_with(r#"user.city -ne "x""#, &options);
    assert_eq!(rule.options(), &options);
    assert_eq!(rule.text(), r#"user.city -ne "x""#);
    assert_eq!(rule.to_string(), rule.text());
}

// ---- warnings ----

#[test]
fn warnings_point_at_likely_mistakes() {
    let unparenthesised = rule(r#"user.proxyAddresses -any _ -startsWith "a""#);
    assert_eq!(unparenthesised.warnings().len(), 1);
    assert_eq!(unparenthesised.warnings()[0].span.start, 20);

    let negative_any = rule(r#"user.assignedPlans -any (assignedPlan.servicePlanId -ne "X")"#);
    assert_eq!(negative_any.warnings().len(), 1);
    assert!(negative_any.warnings()[0].message.contains("-not"));

    let quoted_null = rule(r#"user.employeeId -ne "null""#);
    assert_eq!(quoted_null.warnings().len(), 1);
    assert_eq!(quoted_null.warnings()[0].span.start, 20);

    assert!(rule(r#"user.proxyAddresses -any (_ -startsWith "a")"#)
        .warnings()
        .is_empty());
    assert!(
        rule(r#"user.assignedPlans -all (assignedPlan.servicePlanId -ne "X")"#)
            .warnings()
            .is_empty()
    );
}

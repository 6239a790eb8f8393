//! Invalid rules (reference §6): error classes, exact offsets, messages that say what to do,
//! and the length and nesting limits.

mod common;

use std::time::{Duration, Instant};

use common::*;
use licenselab_rules::{
    parse, CompilationReason, ErrorClass, RuleOptions, Span, MAX_NESTING_DEPTH, MAX_RULE_CHARS,
};

fn class(text: &str) -> ErrorClass {
    error(text).class()
}

fn reason(text: &str) -> CompilationReason {
    match class(text) {
        ErrorClass::QueryCompilation(reason) => reason,
        other => panic!("{text:?}: expected a compilation error, got {other:?}"),
    }
}

// ---- exact offsets ----

#[test]
fn unknown_property_points_at_the_name_and_suggests_the_right_one() {
    let error = error(r#"user.departmnt -eq "Sales""#);
    assert_eq!(error.class(), ErrorClass::AttributeNotSupported);
    assert_eq!(error.span(), Span::new(5, 9));
    assert_eq!(
        error.to_string(),
        "Unknown property 'user.departmnt' at offset 5; did you mean 'department'?"
    );
}

#[test]
fn offsets_of_several_bad_rules() {
    let cases: &[(&str, usize, ErrorClass)] = &[
        (
            r#"user.department -eq "Sales" -and user.cty -eq "x""#,
            38,
            ErrorClass::AttributeNotSupported,
        ),
        (
            r#"(user.department -eq "Sales") (user.department -eq "Marketing")"#,
            30,
            ErrorClass::QueryCompilation(CompilationReason::MissingLogicalOperator),
        ),
        (
            r#"user.city -eq "a" -and (user.city -eq "b""#,
            23,
            ErrorClass::QueryCompilation(CompilationReason::UnbalancedParentheses),
        ),
        (
            r#"user.city -eq "a")"#,
            17,
            ErrorClass::QueryCompilation(CompilationReason::UnbalancedParentheses),
        ),
        (
            r#"(user.userPrincipalName -match "*@domain.ext")"#,
            31,
            ErrorClass::QueryCompilation(CompilationReason::InvalidRegex),
        ),
        ("user.mail -not null", 10, ErrorClass::NotWithNull),
        (
            r#"user.department -equals "x""#,
            16,
            ErrorClass::QueryCompilation(CompilationReason::UnknownOperator),
        ),
        (
            r#"device.deviceOSType -eq "x" -and user.city -eq "y""#,
            33,
            ErrorClass::MixedObjectTypes,
        ),
        (
            "(user.accountEnabled -contains true)",
            21,
            ErrorClass::OperatorNotSupportedOnAttribute,
        ),
        (
            r#"user.accountEnabled -eq "True""#,
            24,
            ErrorClass::InvalidValue,
        ),
        (
            r#"user.city -eq "unterminated"#,
            14,
            ErrorClass::QueryCompilation(CompilationReason::UnterminatedString),
        ),
        (
            "(user.department \u{2013}eq \"Sales\")",
            17,
            ErrorClass::BinaryExpressionFormat,
        ),
        (
            "(user.department -eq \u{201C}Sales\u{201D})",
            21,
            ErrorClass::BinaryExpressionFormat,
        ),
        (
            r#"(user.department-eq"Sales")"#,
            16,
            ErrorClass::BinaryExpressionFormat,
        ),
        ("mail -ne null", 0, ErrorClass::MissingObjectPrefix),
        (
            "user.employeeHireDate -ge system.now -minus P365D -minus P15D",
            50,
            ErrorClass::InvalidDateExpression,
        ),
        (
            "user.employeeHireDate -eq system.now -plus P7D",
            22,
            ErrorClass::InvalidDateExpression,
        ),
        (
            "user.memberof -any (group.objectId -in ['a']) -and user.city -eq \"R\"",
            0,
            ErrorClass::MemberOfNotCombinable,
        ),
        (
            "user.memberof -any (group.objectId -startsWith \"S\")",
            35,
            ErrorClass::MemberOfNotCombinable,
        ),
        (
            r#"user.city -eq "x" -or Direct Reports for "m""#,
            22,
            ErrorClass::DirectReportsNotCombinable,
        ),
        (
            r#"Direct Reports for "m" -and user.city -eq "x""#,
            23,
            ErrorClass::DirectReportsNotCombinable,
        ),
        (
            "   ",
            3,
            ErrorClass::QueryCompilation(CompilationReason::EmptyRule),
        ),
        (
            r#"user.city -eq Lagos"#,
            14,
            ErrorClass::QueryCompilation(CompilationReason::InvalidLiteral),
        ),
        (
            r#"_ -eq "x""#,
            0,
            ErrorClass::QueryCompilation(CompilationReason::ElementScope),
        ),
        (
            r#"user.assignedPlans -any assignedPlan.service -eq "x" -and user.city -eq "y""#,
            58,
            ErrorClass::QueryCompilation(CompilationReason::ElementScope),
        ),
        (r#"usr.city -eq "x""#, 0, ErrorClass::AttributeNotSupported),
        (
            r#"user.extensionAttribute16 -eq "x""#,
            5,
            ErrorClass::AttributeNotSupported,
        ),
        (
            r#"user.deviceOSType -eq "x""#,
            5,
            ErrorClass::AttributeNotSupported,
        ),
    ];
    for (text, offset, expected) in cases {
        let error = error(text);
        assert_eq!(
            (error.class(), error.span().start),
            (*expected, *offset),
            "{text:?}: {error}"
        );
        assert!(
            error.to_string().contains(&format!(" at offset {offset};")),
            "{error}"
        );
    }
}

#[test]
fn character_offsets_differ_from_byte_offsets_after_non_ascii_text() {
    let text = r#"user.city -eq "日本" -and user.cty -eq "x""#;
    let failure = error(text);
    assert_eq!(failure.span().start, 33);
    assert_eq!(failure.char_offset(text), 29);
    assert_eq!(failure.utf16_offset(text), 29);
    let emoji = r#"user.city -eq "😀" -and user.cty -eq "x""#;
    let failure = error(emoji);
    assert_eq!(failure.span().start, 31);
    assert_eq!(failure.char_offset(emoji), 28);
    assert_eq!(failure.utf16_offset(emoji), 29);
    assert_eq!(failure.span().slice(emoji), "cty");
}

// ---- classes of the documented invalid rules ----

#[test]
fn compilation_reasons() {
    assert_eq!(reason(""), CompilationReason::EmptyRule);
    assert_eq!(reason("user.city"), CompilationReason::UnexpectedEnd);
    assert_eq!(reason("user.city -eq"), CompilationReason::UnexpectedEnd);
    assert_eq!(
        reason("user.city -eq \"x\" -and"),
        CompilationReason::UnexpectedEnd
    );
    assert_eq!(
        reason("user.city = \"x\""),
        CompilationReason::InvalidCharacter
    );
    assert_eq!(
        reason("user.city -eq \"x\" && user.city -eq \"y\""),
        CompilationReason::InvalidCharacter
    );
    assert_eq!(
        reason("user.city -eq \"x\" user.city -eq \"y\""),
        CompilationReason::MissingLogicalOperator
    );
    assert_eq!(reason("()"), CompilationReason::UnexpectedToken);
    assert_eq!(
        reason("user.city -in [\"a\",]"),
        CompilationReason::UnexpectedToken
    );
    assert_eq!(
        reason("user.city -in [\"a\""),
        CompilationReason::UnbalancedParentheses
    );
    assert_eq!(
        reason("user.city -in [a]"),
        CompilationReason::InvalidLiteral
    );
    assert_eq!(
        reason("user.city -eq 42"),
        CompilationReason::InvalidLiteral
    );
    assert_eq!(
        reason("user.city -eq user.country"),
        CompilationReason::InvalidLiteral
    );
    assert_eq!(
        reason("user.city -match \"(?<=a)b\""),
        CompilationReason::InvalidRegex
    );
    assert_eq!(
        reason("user.city -match \"(a)\\1\""),
        CompilationReason::InvalidRegex
    );
    assert_eq!(
        reason("group.objectId -in ['a']"),
        CompilationReason::ElementScope
    );
    assert_eq!(
        reason("user.proxyAddresses -any (assignedPlan.service -eq \"x\")"),
        CompilationReason::ElementScope
    );
    assert_eq!(
        reason("user.assignedPlans -any (_ -eq \"x\")"),
        CompilationReason::ElementScope
    );
    assert_eq!(
        reason("user.department -not \"x\""),
        CompilationReason::UnexpectedToken
    );
}

#[test]
fn operators_that_do_not_suit_the_property_type() {
    for text in [
        "user.accountEnabled -contains true",
        "user.accountEnabled -in [\"true\"]",
        "user.department -ge \"A\"",
        "user.department -le \"A\"",
        "user.employeeHireDate -contains \"2020\"",
        "user.employeeHireDate -ne 2020-01-01",
        "user.assignedPlans -eq \"x\"",
        "user.memberOf -eq \"x\"",
        "user.department -any (_ -eq \"x\")",
        "user.memberOf -all (group.objectId -in ['a'])",
    ] {
        assert_eq!(
            class(text),
            ErrorClass::OperatorNotSupportedOnAttribute,
            "{text}"
        );
    }
}

#[test]
fn values_that_do_not_suit_the_property_or_operator() {
    for text in [
        "user.accountEnabled -eq \"true\"",
        "user.department -eq true",
        "user.department -eq [\"a\"]",
        "user.department -in \"a\"",
        "user.department -contains null",
        "user.department -in null",
        "user.employeeHireDate -ge null",
        "user.employeeHireDate -eq true",
        "user.department -eq system.now",
        "Direct Reports for \"{objectID_of_manager}\"",
        "Direct Reports for \"\"",
        "user.memberOf -any (group.objectId -in [])",
        "user.memberOf -any (group.objectId -in ['has space'])",
    ] {
        assert_eq!(class(text), ErrorClass::InvalidValue, "{text}");
    }
}

#[test]
fn invalid_dates_and_durations() {
    for text in [
        "user.employeeHireDate -ge 2025-13-01T00:00:00Z",
        "user.employeeHireDate -ge \"yesterday\"",
        "user.employeeHireDate -ge system.now -minus P1Y",
        "user.employeeHireDate -ge system.now -minus P2M",
        "user.employeeHireDate -ge system.now -minus 30",
        "user.employeeHireDate -ge system.now -minus PT",
        "user.employeeHireDate -ge system.now -plus",
        "user.employeeHireDate -ge (system.now -minus P1D) -minus P1D",
        "user.employeeHireDate -ge (\"x\")",
        "user.employeeHireDate -eq (system.now -minus P1D)",
    ] {
        assert_eq!(class(text), ErrorClass::InvalidDateExpression, "{text}");
    }
}

#[test]
fn member_of_must_be_the_whole_rule_in_its_documented_form() {
    for text in [
        "user.memberOf -any (group.objectId -in ['a']) -or user.city -eq \"x\"",
        "-not (user.memberOf -any (group.objectId -in ['a']))",
        "user.memberOf -any (group.objectId -in ['a'] -and group.objectId -in ['b'])",
        "user.memberOf -any (group.objectId -eq 'a')",
        "user.memberOf -any (_ -in ['a'])",
        "user.city -eq \"x\" -and user.memberOf -any (group.objectId -in ['a'])",
    ] {
        assert_eq!(class(text), ErrorClass::MemberOfNotCombinable, "{text}");
    }
    let many: Vec<String> = (0..51).map(|i| format!("'g{i}'")).collect();
    let text = format!(
        "user.memberOf -any (group.objectId -in [{}])",
        many.join(",")
    );
    assert_eq!(class(&text), ErrorClass::InvalidValue);
}

#[test]
fn legacy_and_unknown_properties() {
    for text in [
        "(user.invalidProperty -eq \"Value\")",
        "(device.organizationalUnit -eq \"x\")",
        "(device.isManaged -eq true)",
        "(user.employeeType -eq \"x\")",
        "(user.assignedLicenses -eq \"x\")",
        "(device.extension_abc_name -eq \"x\")",
        "(user.extensionAttribute0 -eq \"x\")",
        "(user.a.b -eq \"x\")",
    ] {
        assert_eq!(class(text), ErrorClass::AttributeNotSupported, "{text}");
    }
}

// ---- messages say what to do ----

#[test]
fn messages_say_what_to_do() {
    let cases = [
        ("user.mail -not null", "-ne null"),
        (
            "(user.department -eq \"a\") (user.city -eq \"b\")",
            "-and or -or",
        ),
        (
            "(user.userPrincipalName -match \"*@domain.ext\")",
            "\".*@domain.ext\"",
        ),
        ("user.department -gt \"a\"", "did you mean -ge?"),
        (
            "user.department -startwith \"a\"",
            "did you mean -startsWith?",
        ),
        ("mail -ne null", "write user.mail"),
        ("deviceOSType -eq \"x\"", "write device.deviceOSType"),
        ("user.city -eq Lagos", "\"Lagos\""),
        ("user.employeeHireDate -ge system.now -minus P1Y", "P365D"),
        (
            "user.employeeHireDate -ge system.now -minus P1D -minus P1D",
            "add the durations up",
        ),
        ("user.extensionAttribute16 -eq \"x\"", "1 to 15"),
        (
            "user.accountEnabled -eq \"true\"",
            "true or false, unquoted",
        ),
        (
            "device.deviceOSType -eq \"x\" -and user.city -eq \"y\"",
            "either users or devices",
        ),
        (
            "user.city -eq \"x\"\u{a0}-and user.city -eq \"y\"",
            "ordinary space",
        ),
        ("user.department –eq \"x\"", "ASCII hyphen"),
        ("usr.city -eq \"x\"", "did you mean 'user.city'?"),
    ];
    for (text, advice) in cases {
        let error = error(text);
        assert!(error.hint().contains(advice), "{text:?}: {error}");
        assert!(error.to_string().ends_with(error.hint()));
        assert!(error
            .portal_message()
            .starts_with("Dynamic membership rule validation error: "));
    }
}

#[test]
fn every_error_has_a_title_name_and_hint() {
    let error = error("(user.accountEnabled -contains true)");
    assert_eq!(
        error.class().title(),
        "Operator is not supported on attribute."
    );
    assert_eq!(error.class().name(), "OperatorNotSupportedOnAttribute");
    assert!(error
        .portal_message()
        .contains("Operator is not supported on attribute. -contains is not supported"));
}

// ---- limits ----

#[test]
fn length_limit_counts_characters() {
    let base = r#"user.department -eq "x""#;
    let at_limit = format!("{base}{}", " ".repeat(MAX_RULE_CHARS - base.len()));
    assert!(parse(&at_limit, &RuleOptions::default()).is_ok());
    let over = format!("{at_limit} ");
    let too_long = error(&over);
    assert_eq!(
        too_long.class(),
        ErrorClass::TooLong {
            chars: MAX_RULE_CHARS + 1
        }
    );
    assert_eq!(too_long.span(), Span::new(MAX_RULE_CHARS, 1));
    // Multi-byte characters count once each.
    let wide = format!(
        "user.department -eq \"{}\"",
        "é".repeat(MAX_RULE_CHARS - 22)
    );
    assert_eq!(wide.chars().count(), MAX_RULE_CHARS);
    assert!(parse(&wide, &RuleOptions::default()).is_ok());
    let wider = format!(
        "user.department -eq \"{}\"",
        "é".repeat(MAX_RULE_CHARS - 21)
    );
    let too_long = error(&wider);
    assert_eq!(
        too_long.class(),
        ErrorClass::TooLong {
            chars: MAX_RULE_CHARS + 1
        }
    );
    assert_eq!(too_long.char_offset(&wider), MAX_RULE_CHARS);
}

#[test]
fn nesting_limit() {
    let nested = |depth: usize| {
        format!(
            "{}user.city -eq \"x\"{}",
            "(".repeat(depth),
            ")".repeat(depth)
        )
    };
    assert!(parse(&nested(MAX_NESTING_DEPTH), &RuleOptions::default()).is_ok());
    let error = error(&nested(MAX_NESTING_DEPTH + 1));
    assert_eq!(error.class(), ErrorClass::TooDeeplyNested);
    assert_eq!(error.span().start, MAX_NESTING_DEPTH);
    let nots = format!(
        "{}(user.city -eq \"x\")",
        "-not ".repeat(MAX_NESTING_DEPTH + 1)
    );
    assert_eq!(class(&nots), ErrorClass::TooDeeplyNested);
    let dates = format!(
        "user.employeeHireDate -ge {}system.now{}",
        "(".repeat(70),
        ")".repeat(70)
    );
    assert_eq!(class(&dates), ErrorClass::TooDeeplyNested);
}

#[test]
fn pathological_inputs_fail_fast_without_overflowing_the_stack() {
    let started = Instant::now();
    let inputs = [
        "(".repeat(3000),
        "-not ".repeat(600),
        format!("user.city -match \"{}\"", "(a{1000}){1000}"),
        format!(
            "user.city -match \"{}\"",
            "(((((((((((((((((((((x)))))))))))))))))))))".repeat(60)
        ),
        format!("user.city -in [{}\"a\"]", "\"a\",".repeat(700)),
        "\"".repeat(3000),
        format!(
            "user.city -eq \"x\"{}",
            " -or user.city -eq \"x\"".repeat(120)
        ),
    ];
    for input in &inputs {
        let _ = parse(input, &RuleOptions::default());
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(class(&"(".repeat(3000)), ErrorClass::TooDeeplyNested);
    let large_classes = format!("user.city -match \"{}\"", r"[\w\W]".repeat(450));
    assert_eq!(reason(&large_classes), CompilationReason::InvalidRegex);
    let idiom = rule(r#"user.streetAddress -match "a[\s\S]*b" -or user.city -match "[\s\S]""#);
    assert!(idiom.matches(&user().with("streetAddress", "a\nb"), &now()));
    assert_eq!(
        class(&format!("user.city -match \"{}\"", "(a{1000}){1000}")),
        ErrorClass::QueryCompilation(CompilationReason::InvalidRegex)
    );
}

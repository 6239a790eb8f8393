//! Parses arbitrary text as a membership rule under options chosen by the first byte, checks
//! the error's span, and evaluates every rule that parses against a few subjects.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use licenselab_rules::{
    parse, AssignedPlan, CaseFolding, CollectionOperators, DateTime, EvalContext, NameMatching,
    NullNegation, NumberLiterals, OperatorSpacing, Record, RuleOptions, Typography,
};

fn options(flags: u8) -> RuleOptions {
    let bit = |n: u8| flags & (1 << n) != 0;
    RuleOptions {
        null_negation: if bit(0) {
            NullNegation::False
        } else {
            NullNegation::True
        },
        collection_operators: if bit(1) {
            CollectionOperators::Reject
        } else {
            CollectionOperators::AnyElement
        },
        property_names: if bit(2) {
            NameMatching::CaseSensitive
        } else {
            NameMatching::CaseInsensitive
        },
        typography: if bit(3) {
            Typography::Normalize
        } else {
            Typography::Reject
        },
        operator_spacing: match flags >> 6 {
            1 => OperatorSpacing::Strict,
            2 => OperatorSpacing::Lenient,
            _ => OperatorSpacing::ValueMayTouchOperator,
        },
        case_folding: if bit(4) {
            CaseFolding::Ascii
        } else {
            CaseFolding::Unicode
        },
        numbers: if bit(5) {
            NumberLiterals::AsStrings
        } else {
            NumberLiterals::Reject
        },
        single_quoted_strings: !bit(1),
        regex_dot_matches_newline: bit(2),
        date_not_equal: bit(3),
        backtick_quoted_values: !bit(4),
        legacy_device_properties: bit(5),
        require_guid_object_ids: bit(0) && bit(4),
    }
}

fn make_subjects() -> Vec<Record> {
    let hired = DateTime::parse_iso8601("2025-05-20T08:00:00Z").unwrap();
    vec![
        Record::new(),
        Record::new()
            .with("department", "Sales")
            .with("city", "İstanbul ß Σ")
            .with("accountEnabled", true)
            .with("employeeHireDate", hired)
            .with(
                "proxyAddresses",
                vec!["SMTP:a@contoso.com", "smtp:b@fabrikam.com"],
            )
            .with("otherMails", Vec::<String>::new())
            .with("extensionAttribute1", "x")
            .with("deviceOSType", "Windows")
            .with("devicePhysicalIds", vec!["[ZTDId]:1"])
            .with_assigned_plan(AssignedPlan::new(
                "efb87545-963c-4e0d-99df-69c6916d9eb0",
                "exchange",
                "Enabled",
            ))
            .with_member_of("value")
            .with_manager("62e19b97-8b3d-4d4a-a106-4ce66896a863"),
        Record::new()
            .with("department", "true")
            .with("accountEnabled", "yes")
            .with("employeeHireDate", "not a date")
            .with("mail", vec!["x"; 3])
            .with_assigned_plan(AssignedPlan::default()),
    ]
}

fn subjects() -> &'static [Record] {
    static SUBJECTS: OnceLock<Vec<Record>> = OnceLock::new();
    SUBJECTS.get_or_init(make_subjects)
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match parse(&text, &options(flags)) {
        Err(error) => {
            let span = error.span();
            assert!(span.end() <= text.len(), "span {span:?} outside the text");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end()));
            assert!(error.to_string().contains(" at offset "));
            assert!(!error.hint().is_empty());
            let _ = (
                error.char_offset(&text),
                error.utf16_offset(&text),
                error.portal_message(),
            );
        }
        Ok(rule) => {
            let _ = (
                rule.properties(),
                rule.member_of_groups(),
                rule.direct_reports_manager(),
            );
            for now in [
                0,
                1_748_736_000,
                i64::MAX / 20_000_000,
                i64::MIN / 20_000_000,
            ] {
                let context = EvalContext::at_unix_seconds(now);
                for subject in subjects() {
                    rule.matches(subject, &context);
                }
            }
        }
    }
});

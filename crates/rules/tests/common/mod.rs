//! Helpers shared by the integration tests.
#![allow(dead_code)]

use licenselab_rules::{parse, DateTime, EvalContext, Record, Rule, RuleError, RuleOptions};

pub const NOW: &str = "2025-06-01T00:00:00Z";

pub fn at(now: &str) -> EvalContext {
    EvalContext::at(DateTime::parse_iso8601(now).expect("valid instant"))
}

pub fn now() -> EvalContext {
    at(NOW)
}

pub fn rule(text: &str) -> Rule {
    rule_with(text, &RuleOptions::default())
}

pub fn rule_with(text: &str, options: &RuleOptions) -> Rule {
    parse(text, options).unwrap_or_else(|error| panic!("{text:?} should parse: {error}"))
}

pub fn error(text: &str) -> RuleError {
    error_with(text, &RuleOptions::default())
}

pub fn error_with(text: &str, options: &RuleOptions) -> RuleError {
    match parse(text, options) {
        Ok(_) => panic!("{text:?} should be rejected"),
        Err(error) => error,
    }
}

/// Whether `text` matches `subject` at [`NOW`].
pub fn matches(text: &str, subject: &Record) -> bool {
    rule(text).matches(subject, &now())
}

pub fn user() -> Record {
    Record::new()
}

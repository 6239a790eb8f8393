//! The Microsoft Entra ID dynamic membership rule language: parser, validator and evaluator.
//!
//! ```
//! use licenselab_rules::{parse, EvalContext, Record, RuleOptions, ObjectKind};
//!
//! let rule = parse(
//!     r#"user.department -in ["Sales", "Marketing"] -and user.accountEnabled -eq true"#,
//!     &RuleOptions::default(),
//! )?;
//! assert_eq!(rule.object_kind(), ObjectKind::User);
//! let user = Record::new().with("department", "SALES").with("accountEnabled", true);
//! assert!(rule.matches(&user, &EvalContext::at_unix_seconds(1_748_736_000)));
//!
//! let error = parse("user.departmnt -eq \"Sales\"", &RuleOptions::default()).unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     "Unknown property 'user.departmnt' at offset 5; did you mean 'department'?"
//! );
//! # Ok::<(), licenselab_rules::RuleError>(())
//! ```
//!
//! The crate is pure: no I/O, no clock (the caller passes `now`), no global state. Parsing
//! is linear in the text, whose length is capped at [`MAX_RULE_CHARS`]; nesting is capped at
//! [`MAX_NESTING_DEPTH`] so recursion cannot overflow the stack; `-match` patterns use the
//! `regex` crate (linear-time matching) under a compiled-size limit; a build without the `regex`
//! feature installs its own [`PatternEngine`] (`install_pattern_engine`) instead. Evaluation never
//! allocates and never panics.

mod ast;
mod datetime;
mod error;
mod eval;
mod lexer;
mod options;
mod parser;
mod pattern;
mod record;
mod rule;
mod schema;
mod subject;
mod suggest;
mod text;
mod validate;

pub use datetime::DateTime;
pub use error::{CompilationReason, ErrorClass, RuleError, Span};
pub use options::{
    CaseFolding, CollectionOperators, NameMatching, NullNegation, NumberLiterals, OperatorSpacing,
    RuleOptions, Typography,
};
pub use parser::MAX_NESTING_DEPTH;
#[cfg(not(feature = "regex"))]
pub use pattern::install_pattern_engine;
#[cfg(feature = "regex")]
pub use pattern::RegexEngine;
pub use pattern::{Pattern, PatternEngine, PatternError, REGEX_SIZE_LIMIT};
pub use record::{AssignedPlan, Field, Record};
pub use rule::{parse, Rule, MAX_RULE_CHARS};
pub use schema::{ObjectKind, PlanField, Property, ValueType};
pub use subject::{AssignedPlanRef, EvalContext, StringList, Subject, Value};
pub use validate::{RuleWarning, MAX_MEMBER_OF_GROUPS};

//! Why a rule could not be processed: an error class mirroring the service's documented
//! messages, the place in the rule text, what is wrong and what to do about it.

use std::fmt;

/// A byte range of the rule text.
///
/// Offsets are byte offsets into the text given to [`crate::parse`]; use [`Span::char_offset`]
/// or [`Span::utf16_offset`] for editors that count characters or UTF-16 code units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Length in bytes (0 for a position, such as the end of the text).
    pub len: usize,
}

impl Span {
    pub fn new(start: usize, len: usize) -> Self {
        Span { start, len }
    }

    pub fn between(start: usize, end: usize) -> Self {
        Span {
            start,
            len: end.saturating_sub(start),
        }
    }

    pub fn end(&self) -> usize {
        self.start.saturating_add(self.len)
    }

    /// The smallest span that covers both.
    pub fn to(&self, other: Span) -> Span {
        let start = self.start.min(other.start);
        Span::between(start, self.end().max(other.end()))
    }

    /// Offset of the span's start counted in Unicode scalar values (`char`s).
    pub fn char_offset(&self, text: &str) -> usize {
        prefix(text, self.start).chars().count()
    }

    /// Offset of the span's start counted in UTF-16 code units (JavaScript string indices).
    pub fn utf16_offset(&self, text: &str) -> usize {
        prefix(text, self.start).encode_utf16().count()
    }

    /// The covered text, or "" when the span does not fit `text`.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end()).unwrap_or("")
    }
}

/// The text before `offset`, rounding down to a character boundary so that a span from
/// another text can never make this panic.
fn prefix(text: &str, offset: usize) -> &str {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// What kind of problem made a rule invalid.
///
/// The first variants mirror the error texts documented for the service ("Attribute not
/// supported", "Operator is not supported on attribute", "Query compilation error", "Binary
/// expression is not in right format"); the others name documented restrictions that the
/// service reports with its own wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// The property does not exist for this object type (or is a legacy one).
    AttributeNotSupported,
    /// A property written without its `user.` / `device.` prefix.
    MissingObjectPrefix,
    /// The operator cannot be used with this property's type.
    OperatorNotSupportedOnAttribute,
    /// The rule could not be compiled; the reason says which part failed.
    QueryCompilation(CompilationReason),
    /// Typographic dashes or quotes, or an operator glued to the property before it.
    BinaryExpressionFormat,
    /// The value does not suit the property or the operator (a string for a Boolean, a
    /// list without `-in`, `null` with `-contains`, a malformed object id, ...).
    InvalidValue,
    /// A date value that cannot be used: malformed instant or duration, chained
    /// `-plus`/`-minus`, or `-eq` combined with `system.now` arithmetic.
    InvalidDateExpression,
    /// User and device properties in one rule.
    MixedObjectTypes,
    /// A user rule on a device group or a device rule on a user group (reported by
    /// [`crate::Rule::require_object_kind`]).
    ObjectKindMismatch,
    /// `Direct Reports for "..."` combined with anything else.
    DirectReportsNotCombinable,
    /// A `memberOf` condition combined with other conditions or used with another operator.
    MemberOfNotCombinable,
    /// `-not` used as a comparison operator with `null` (`user.mail -not null`).
    NotWithNull,
    /// The rule is longer than the documented limit.
    TooLong {
        /// Length of the rule in characters.
        chars: usize,
    },
    /// Parentheses, `-not` or `-any`/`-all` nested deeper than this crate evaluates.
    TooDeeplyNested,
}

/// Which part of the rule could not be compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompilationReason {
    /// The rule text is empty or only whitespace.
    EmptyRule,
    /// Two conditions follow each other without `-and` / `-or` between them.
    MissingLogicalOperator,
    /// A `(` is never closed, or a `)` closes nothing.
    UnbalancedParentheses,
    /// A string literal has no closing quote.
    UnterminatedString,
    /// A `-word` that is not an operator of the language.
    UnknownOperator,
    /// The `-match` / `-notMatch` pattern is not a valid (or too large) regular expression.
    InvalidRegex,
    /// A character that has no meaning in the language (`=`, `!`, `&`, ...).
    InvalidCharacter,
    /// An unquoted word or number where a value was expected.
    InvalidLiteral,
    /// `_`, `assignedPlan.*` or `group.objectId` outside the `-any`/`-all` condition they
    /// belong to, or an object property inside such a condition.
    ElementScope,
    /// A token where the grammar expects something else.
    UnexpectedToken,
    /// The rule ends where the grammar expects more.
    UnexpectedEnd,
}

impl ErrorClass {
    /// The class name as written in the reference (`"QueryCompilation"`, `"TooLong"`, ...),
    /// stable for tests and for machine-readable output.
    pub fn name(&self) -> &'static str {
        match self {
            ErrorClass::AttributeNotSupported => "AttributeNotSupported",
            ErrorClass::MissingObjectPrefix => "MissingObjectPrefix",
            ErrorClass::OperatorNotSupportedOnAttribute => "OperatorNotSupportedOnAttribute",
            ErrorClass::QueryCompilation(_) => "QueryCompilation",
            ErrorClass::BinaryExpressionFormat => "BinaryExpressionFormat",
            ErrorClass::InvalidValue => "InvalidValue",
            ErrorClass::InvalidDateExpression => "InvalidDateExpression",
            ErrorClass::MixedObjectTypes => "MixedObjectTypes",
            ErrorClass::ObjectKindMismatch => "ObjectKindMismatch",
            ErrorClass::DirectReportsNotCombinable => "DirectReportsNotCombinable",
            ErrorClass::MemberOfNotCombinable => "MemberOfNotCombinable",
            ErrorClass::NotWithNull => "NotWithNull",
            ErrorClass::TooLong { .. } => "TooLong",
            ErrorClass::TooDeeplyNested => "TooDeeplyNested",
        }
    }

    /// A short title in the style of the portal's messages ("Attribute not supported.").
    pub fn title(&self) -> &'static str {
        match self {
            ErrorClass::AttributeNotSupported => "Attribute not supported.",
            ErrorClass::MissingObjectPrefix => "Property must be prefixed with the object type.",
            ErrorClass::OperatorNotSupportedOnAttribute => {
                "Operator is not supported on attribute."
            }
            ErrorClass::QueryCompilation(_) => "Query compilation error.",
            ErrorClass::BinaryExpressionFormat => "Binary expression is not in right format.",
            ErrorClass::InvalidValue => "Invalid operands found for operator.",
            ErrorClass::InvalidDateExpression => "Invalid date-time expression.",
            ErrorClass::MixedObjectTypes => "A rule can't contain both user and device properties.",
            ErrorClass::ObjectKindMismatch => "The rule doesn't match the group's member type.",
            ErrorClass::DirectReportsNotCombinable => {
                "Direct reports rules can't be combined with other rules."
            }
            ErrorClass::MemberOfNotCombinable => {
                "memberOf can't be used with other rules or operators."
            }
            ErrorClass::NotWithNull => "-not can't be used as a comparative operator for null.",
            ErrorClass::TooLong { .. } => "The membership rule is too long.",
            ErrorClass::TooDeeplyNested => "The membership rule is nested too deeply.",
        }
    }
}

/// Why a rule could not be processed, where, and what to do.
///
/// `Display` gives one line such as
/// `Unknown property 'user.departmnt' at offset 5; did you mean 'department'?`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    class: ErrorClass,
    span: Span,
    message: String,
    hint: String,
}

impl RuleError {
    pub(crate) fn new(
        class: ErrorClass,
        span: Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        RuleError {
            class,
            span,
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub(crate) fn compilation(
        reason: CompilationReason,
        span: Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        RuleError::new(ErrorClass::QueryCompilation(reason), span, message, hint)
    }

    pub fn class(&self) -> ErrorClass {
        self.class
    }

    /// Where the problem is, as a byte range of the rule text.
    pub fn span(&self) -> Span {
        self.span
    }

    /// What is wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What to do about it.
    pub fn hint(&self) -> &str {
        &self.hint
    }

    /// Offset of the problem in characters of `text` (the text that was parsed).
    pub fn char_offset(&self, text: &str) -> usize {
        self.span.char_offset(text)
    }

    /// Offset of the problem in UTF-16 code units of `text` (for JavaScript editors).
    pub fn utf16_offset(&self, text: &str) -> usize {
        self.span.utf16_offset(text)
    }

    /// The message prefixed the way the service words a rejected save:
    /// `Dynamic membership rule validation error: Attribute not supported. Unknown ...`.
    pub fn portal_message(&self) -> String {
        format!(
            "Dynamic membership rule validation error: {} {}",
            self.class.title(),
            self
        )
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at offset {}; {}",
            self.message, self.span.start, self.hint
        )
    }
}

impl std::error::Error for RuleError {}

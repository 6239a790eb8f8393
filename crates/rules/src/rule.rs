//! A parsed, validated and compiled rule.

use crate::error::{ErrorClass, RuleError, Span};
use crate::eval::{Program, Semantics};
use crate::options::RuleOptions;
use crate::parser::parse_syntax;
use crate::schema::{ObjectKind, Property};
use crate::subject::{EvalContext, Subject};
use crate::validate::{compile, RuleWarning};

/// Longest rule accepted, in characters ("The total length of the body of your membership
/// rule can't exceed 3,072 characters").
pub const MAX_RULE_CHARS: usize = 3072;

/// A membership rule ready to evaluate. Cheap to share: it is immutable, `Send` and `Sync`.
#[derive(Clone, Debug)]
pub struct Rule {
    text: Box<str>,
    kind: ObjectKind,
    kind_span: Span,
    program: Program,
    properties: Box<[Property]>,
    member_of: Box<[String]>,
    manager: Option<Box<str>>,
    reads_assigned_plans: bool,
    reads_now: bool,
    warnings: Box<[RuleWarning]>,
    options: RuleOptions,
}

/// A rule is its text compiled under its options: two rules are equal when those are.
impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.options == other.options
    }
}

/// Parses, validates and compiles a membership rule.
///
/// Never panics, and takes time linear in the text (at most [`MAX_RULE_CHARS`] characters,
/// nesting at most [`crate::MAX_NESTING_DEPTH`], regexes compiled under a size limit).
pub fn parse(text: &str, options: &RuleOptions) -> Result<Rule, RuleError> {
    check_length(text)?;
    let expr = parse_syntax(text, options)?;
    let compiled = compile(expr, options)?;
    Ok(Rule {
        text: text.into(),
        kind: compiled.kind,
        kind_span: compiled.kind_span,
        program: compiled.program,
        properties: compiled.properties.into_boxed_slice(),
        member_of: compiled.member_of.into_boxed_slice(),
        manager: compiled.manager.map(String::into_boxed_str),
        reads_assigned_plans: compiled.reads_assigned_plans,
        reads_now: compiled.reads_now,
        warnings: compiled.warnings.into_boxed_slice(),
        options: options.clone(),
    })
}

fn check_length(text: &str) -> Result<(), RuleError> {
    // Cheap bound first: fewer bytes than the limit means fewer characters too.
    if text.len() <= MAX_RULE_CHARS {
        return Ok(());
    }
    let chars = text.chars().count();
    if chars <= MAX_RULE_CHARS {
        return Ok(());
    }
    let first_excess = text
        .char_indices()
        .nth(MAX_RULE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    Err(RuleError::new(
        ErrorClass::TooLong { chars },
        Span::between(first_excess, text.len()),
        format!("The rule is {chars} characters long, over the limit of {MAX_RULE_CHARS}"),
        "shorten it: replace chains of -or with one -in [...] list, or split the group",
    ))
}

impl Rule {
    /// The rule text as given to [`parse`].
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Users or devices. A device rule on a dynamic user group is a configuration error for
    /// the caller to report.
    pub fn object_kind(&self) -> ObjectKind {
        self.kind
    }

    /// An error when the rule selects another kind of object than `kind`, for a rule set on
    /// a group whose members are of that kind ("Device membership rules can reference only
    /// device attributes"). The span points at the first property of the rule.
    pub fn require_object_kind(&self, kind: ObjectKind) -> Result<(), RuleError> {
        if self.kind == kind {
            return Ok(());
        }
        Err(RuleError::new(
            ErrorClass::ObjectKindMismatch,
            self.kind_span,
            format!(
                "This is a {} rule, but the group's members are {}s",
                self.kind.prefix(),
                kind.prefix()
            ),
            format!(
                "use only {}. properties in this group's rule, or put the {} rule on a dynamic {} group",
                kind.prefix(),
                self.kind.prefix(),
                self.kind.prefix()
            ),
        ))
    }

    /// Whether `subject` is a member. `context.now` is the instant `system.now` stands for.
    pub fn matches<S: Subject + ?Sized>(&self, subject: &S, context: &EvalContext) -> bool {
        let semantics = Semantics {
            null_negation: self.options.null_negation,
            folding: self.options.case_folding,
        };
        self.program.matches(subject, context, semantics)
    }

    /// Every property the rule reads, once each, in order of first appearance; includes
    /// [`Property::AssignedPlans`] and [`Property::MemberOf`] when the rule reads them. A
    /// `Direct Reports` rule reads only the manager (see [`Rule::direct_reports_manager`]).
    pub fn properties(&self) -> &[Property] {
        &self.properties
    }

    /// Whether the rule reads `property`.
    pub fn reads(&self, property: &Property) -> bool {
        self.properties.contains(property)
    }

    /// The group ids of a memberOf rule (empty for other rules), as written, duplicates removed.
    pub fn member_of_groups(&self) -> &[String] {
        &self.member_of
    }

    /// The manager's object id of a `Direct Reports for "<id>"` rule.
    pub fn direct_reports_manager(&self) -> Option<&str> {
        self.manager.as_deref()
    }

    pub fn reads_assigned_plans(&self) -> bool {
        self.reads_assigned_plans
    }

    /// Whether the rule uses `system.now`, so that membership can change with time alone.
    pub fn reads_now(&self) -> bool {
        self.reads_now
    }

    /// Remarks about constructs that are valid but often not what the author meant.
    pub fn warnings(&self) -> &[RuleWarning] {
        &self.warnings
    }

    pub fn options(&self) -> &RuleOptions {
        &self.options
    }

    /// Necessary conditions for a match that an index can answer, so that evaluating the rule
    /// over many subjects can skip those that cannot match: for each `(property, values)`, every
    /// matching subject's `property`, folded with [`Rule::fold`] (each element, for a
    /// collection), is one of `values`. Empty when the rule has no such condition (a top-level
    /// `-eq "..."` or `-in [...]` conjunct, or a disjunction of them on one property).
    pub fn equality_prefilters(&self) -> Vec<(&Property, Vec<&str>)> {
        self.program
            .prefilters()
            .into_iter()
            .map(|f| (f.property, f.values))
            .collect()
    }

    /// Folds a value the way this rule compares strings, to build keys for
    /// [`Rule::equality_prefilter`].
    pub fn fold(&self, value: &str) -> String {
        crate::text::folded_chars(value, self.options.case_folding).collect()
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

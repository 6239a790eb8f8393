//! The compiled form of a rule and its evaluation (reference §5).
//!
//! Everything that can be prepared is prepared at compile time (folded literals, sorted
//! `-in` lists, compiled regexes, resolved properties), so evaluating allocates nothing.

use crate::datetime::{DateTime, Duration, Sign};
use crate::options::{CaseFolding, NullNegation};
use crate::schema::{PlanField, Property};
use crate::subject::{AssignedPlanRef, EvalContext, Subject, Value};
use crate::text::{fold_ascii_into, Needle};

#[derive(Clone, Debug)]
pub(crate) enum Program {
    Expr(Node),
    /// `<object>.memberOf -any (group.objectId -in [...])`: the group ids.
    MemberOf(Box<[String]>),
    /// `Direct Reports for "<manager id>"`.
    DirectReports(Box<str>),
}

#[derive(Clone, Debug)]
pub(crate) enum Node {
    Or(Box<[Node]>),
    And(Box<[Node]>),
    Not(Box<Node>),
    Test {
        operand: Operand,
        test: Test,
    },
    /// `-any` / `-all` over a string collection, the body reading `_`.
    Strings {
        property: Property,
        all: bool,
        body: Box<Node>,
    },
    /// `-any` / `-all` over assigned plans, the body reading `assignedPlan.*`.
    Plans {
        all: bool,
        body: Box<Node>,
    },
}

#[derive(Clone, Debug)]
pub(crate) enum Operand {
    Property(Property),
    Element,
    Plan(PlanField),
}

#[derive(Clone, Debug)]
pub(crate) enum Test {
    /// `-eq null` (true) or `-ne null` (false).
    IsNull(bool),
    Bool {
        expected: bool,
        negated: bool,
    },
    Text {
        op: TextOp,
        needle: Needle,
        negated: bool,
    },
    In {
        set: NeedleSet,
        negated: bool,
    },
    Regex {
        regex: crate::pattern::Compiled,
        negated: bool,
    },
    Date {
        op: DateOp,
        rhs: DateOperand,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TextOp {
    Equals,
    StartsWith,
    EndsWith,
    Contains,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateOp {
    Eq,
    Ne,
    Ge,
    Le,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct DateOperand {
    pub base: Option<DateTime>,
    pub offset: Option<(Sign, Duration)>,
}

impl DateOperand {
    /// `base` None stands for `system.now`.
    fn resolve(&self, now: DateTime) -> DateTime {
        let base = self.base.unwrap_or(now);
        match self.offset {
            Some((sign, duration)) => base.offset_by(duration, sign),
            None => base,
        }
    }
}

/// An `-in` list: folded literals sorted for binary search on ASCII values.
#[derive(Clone, Debug)]
pub(crate) struct NeedleSet {
    sorted: Box<[Needle]>,
}

/// ASCII values up to this length are folded on the stack and looked up by binary search.
const STACK_FOLD_LEN: usize = 256;

impl NeedleSet {
    pub(crate) fn new(mut needles: Vec<Needle>) -> NeedleSet {
        needles.sort_by(|a, b| a.folded().cmp(b.folded()));
        NeedleSet {
            sorted: needles.into_boxed_slice(),
        }
    }

    fn contains(&self, value: &str, folding: CaseFolding) -> bool {
        let mut buffer = [0u8; STACK_FOLD_LEN];
        match fold_ascii_into(value, &mut buffer) {
            Some(folded) => self
                .sorted
                .binary_search_by(|n| n.folded().cmp(folded))
                .is_ok(),
            None => self
                .sorted
                .iter()
                .any(|needle| needle.equals(value, folding)),
        }
    }
}

/// The options that matter while evaluating.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Semantics {
    pub null_negation: NullNegation,
    pub folding: CaseFolding,
}

struct Scope {
    semantics: Semantics,
    now: DateTime,
}

/// The item bound by the innermost `-any`/`-all`.
#[derive(Clone, Copy)]
enum Item<'a> {
    None,
    Str(&'a str),
    Plan(AssignedPlanRef<'a>),
}

impl Program {
    pub(crate) fn matches<S: Subject + ?Sized>(
        &self,
        subject: &S,
        context: &EvalContext,
        semantics: Semantics,
    ) -> bool {
        match self {
            Program::Expr(node) => {
                let scope = Scope {
                    semantics,
                    now: context.now,
                };
                node.eval(subject, Item::None, &scope)
            }
            Program::MemberOf(groups) => groups.iter().any(|id| subject.is_direct_member_of(id)),
            Program::DirectReports(manager) => subject
                .manager()
                .is_some_and(|id| id.eq_ignore_ascii_case(manager)),
        }
    }
}

impl Node {
    fn eval<S: Subject + ?Sized>(&self, subject: &S, item: Item<'_>, scope: &Scope) -> bool {
        match self {
            Node::Or(nodes) => nodes.iter().any(|node| node.eval(subject, item, scope)),
            Node::And(nodes) => nodes.iter().all(|node| node.eval(subject, item, scope)),
            Node::Not(node) => !node.eval(subject, item, scope),
            Node::Test { operand, test } => {
                let value = match (operand, item) {
                    (Operand::Property(property), _) => subject.value(property),
                    (Operand::Element, Item::Str(s)) => Value::Str(s),
                    (Operand::Plan(field), Item::Plan(plan)) => {
                        plan_field(&plan, *field).map_or(Value::Null, Value::Str)
                    }
                    _ => Value::Null,
                };
                test.eval(value, scope)
            }
            Node::Strings {
                property,
                all,
                body,
            } => {
                let mut holds = |s: &str| body.eval(subject, Item::Str(s), scope);
                // -all is "no item fails"; an empty or missing collection makes -all true.
                match subject.value(property) {
                    Value::Strings(list) if *all => !list.any(&mut |s| !holds(s)),
                    Value::Strings(list) => list.any(&mut holds),
                    Value::Str(s) => holds(s),
                    _ => *all,
                }
            }
            Node::Plans { all, body } => {
                let mut holds =
                    |plan: AssignedPlanRef<'_>| body.eval(subject, Item::Plan(plan), scope);
                if *all {
                    !subject.any_assigned_plan(&mut |plan| !holds(plan))
                } else {
                    subject.any_assigned_plan(&mut holds)
                }
            }
        }
    }
}

fn plan_field<'a>(plan: &AssignedPlanRef<'a>, field: PlanField) -> Option<&'a str> {
    match field {
        PlanField::ServicePlanId => plan.service_plan_id,
        PlanField::Service => plan.service,
        PlanField::CapabilityStatus => plan.capability_status,
    }
}

impl Test {
    fn eval(&self, value: Value<'_>, scope: &Scope) -> bool {
        let folding = scope.semantics.folding;
        match self {
            Test::IsNull(expect_null) => is_null(value) == *expect_null,
            Test::Bool { expected, negated } => match as_bool(value) {
                Some(actual) => (actual == *expected) != *negated,
                None => scope.without_value(*negated),
            },
            Test::Text {
                op,
                needle,
                negated,
            } => scope.over_strings(value, *negated, |s| match op {
                TextOp::Equals => needle.equals(s, folding),
                TextOp::StartsWith => needle.is_prefix_of(s, folding),
                TextOp::EndsWith => needle.is_suffix_of(s, folding),
                TextOp::Contains => needle.is_contained_in(s, folding),
            }),
            Test::In { set, negated } => {
                scope.over_strings(value, *negated, |s| set.contains(s, folding))
            }
            Test::Regex { regex, negated } => {
                scope.over_strings(value, *negated, |s| regex.is_match(s))
            }
            Test::Date { op, rhs } => {
                let Some(actual) = as_date(value) else {
                    return scope.without_value(*op == DateOp::Ne);
                };
                let rhs = rhs.resolve(scope.now);
                match op {
                    DateOp::Eq => actual == rhs,
                    DateOp::Ne => actual != rhs,
                    DateOp::Ge => actual >= rhs,
                    DateOp::Le => actual <= rhs,
                }
            }
        }
    }
}

impl Scope {
    /// The result of a comparison whose property has no value (§5.7, option §7.1).
    fn without_value(&self, negated: bool) -> bool {
        negated && self.semantics.null_negation == NullNegation::True
    }

    /// A positive string operator holds when some value satisfies it; a negative one when
    /// none satisfies its positive form. A scalar is a one-item collection.
    fn over_strings(
        &self,
        value: Value<'_>,
        negated: bool,
        mut test: impl FnMut(&str) -> bool,
    ) -> bool {
        let (present, hit) = match value {
            Value::Str(s) => (true, test(s)),
            Value::Bool(b) => (true, test(if b { "true" } else { "false" })),
            Value::Strings(list) => {
                let mut present = false;
                let hit = list.any(&mut |s| {
                    present = true;
                    test(s)
                });
                (present, hit)
            }
            Value::Null | Value::DateTime(_) => (false, false),
        };
        if present {
            hit != negated
        } else {
            self.without_value(negated)
        }
    }
}

fn is_null(value: Value<'_>) -> bool {
    match value {
        Value::Null => true,
        Value::Strings(list) => !list.any(&mut |_| true),
        Value::Str(_) | Value::Bool(_) | Value::DateTime(_) => false,
    }
}

fn as_bool(value: Value<'_>) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(b),
        Value::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

fn as_date(value: Value<'_>) -> Option<DateTime> {
    match value {
        Value::DateTime(d) => Some(d),
        Value::Str(s) => DateTime::parse_iso8601(s),
        _ => None,
    }
}

/// A condition every match meets, that an index can answer: the property's value, folded, is
/// one of `values`.
pub(crate) struct Prefilter<'a> {
    pub property: &'a Property,
    pub values: Vec<&'a str>,
}

impl Program {
    /// Conditions every match meets (each one alone is necessary).
    pub(crate) fn prefilters(&self) -> Vec<Prefilter<'_>> {
        match self {
            Program::Expr(node) => node.prefilters(),
            Program::MemberOf(_) | Program::DirectReports(_) => Vec::new(),
        }
    }
}

impl Node {
    fn prefilters(&self) -> Vec<Prefilter<'_>> {
        match self {
            Node::Test {
                operand: Operand::Property(property),
                test,
            } => match test {
                Test::Text {
                    op: TextOp::Equals,
                    needle,
                    negated: false,
                } => {
                    vec![Prefilter {
                        property,
                        values: vec![needle.folded()],
                    }]
                }
                Test::In {
                    set,
                    negated: false,
                } => {
                    vec![Prefilter {
                        property,
                        values: set.sorted.iter().map(Needle::folded).collect(),
                    }]
                }
                _ => Vec::new(),
            },
            // Every conjunct's conditions hold for a match.
            Node::And(nodes) => nodes.iter().flat_map(Node::prefilters).collect(),
            // A disjunction needs one condition per branch, all on the same property; the
            // values add up.
            Node::Or(nodes) => {
                let mut merged: Option<Prefilter<'_>> = None;
                for node in nodes.iter() {
                    let mut filters = node.prefilters();
                    let Some(filter) = (match &merged {
                        None => filters.pop(),
                        Some(m) => filters.into_iter().find(|f| f.property == m.property),
                    }) else {
                        return Vec::new();
                    };
                    match &mut merged {
                        None => merged = Some(filter),
                        Some(m) => m.values.extend(filter.values),
                    }
                }
                merged.into_iter().collect()
            }
            Node::Not(_) | Node::Test { .. } | Node::Strings { .. } | Node::Plans { .. } => {
                Vec::new()
            }
        }
    }
}

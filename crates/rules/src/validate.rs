//! Checks a parsed rule against the schema and the documented restrictions (reference §4.3
//! and §6) and compiles it into an evaluable [`Program`].

use crate::ast::{
    self, CmpOp, Comparison, DateBase, Expr, PropertyRef, Quantified, Quantifier, ValueExpr,
    ValueKind,
};
use crate::datetime::DateTime;
use crate::error::{CompilationReason, ErrorClass, RuleError, Span};
use crate::eval::{DateOp, DateOperand, NeedleSet, Node, Operand, Program, Test, TextOp};
use crate::options::{CollectionOperators, NumberLiterals, RuleOptions};
use crate::parser::invalid_instant;
use crate::pattern::PatternError;
use crate::schema::{self, ObjectKind, Property, Unresolved, ValueType};
use crate::text::Needle;

/// Most groups a memberOf rule may list (groups-dynamic-rule-member-of.md).
pub const MAX_MEMBER_OF_GROUPS: usize = 50;

/// Most "large" bracketed classes (`[\s\S]`, `[\w\W]`, `[\x00-\x{10FFFF}]`) all `-match`
/// patterns of a rule may contain. Case-insensitive compilation folds every code point of
/// such a class (about 10 ms each), so a rule made of hundreds of them would take seconds.
const MAX_LARGE_CLASSES: usize = 8;

/// A remark about a valid rule that probably does not do what its author meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleWarning {
    pub span: Span,
    pub message: String,
}

/// The result of validation: the program and what the engine needs to know about it.
pub(crate) struct Compiled {
    pub program: Program,
    pub kind: ObjectKind,
    /// Where the object kind shows: the first property, or the Direct Reports id.
    pub kind_span: Span,
    pub properties: Vec<Property>,
    pub member_of: Vec<String>,
    pub manager: Option<String>,
    pub reads_assigned_plans: bool,
    pub reads_now: bool,
    pub warnings: Vec<RuleWarning>,
}

/// Which item references a condition may use.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Object,
    Strings,
    Plans,
}

struct Validator<'o> {
    options: &'o RuleOptions,
    kind: Option<(ObjectKind, Span)>,
    properties: Vec<Property>,
    reads_assigned_plans: bool,
    reads_now: bool,
    warnings: Vec<RuleWarning>,
    large_classes: usize,
}

pub(crate) fn compile(expr: Expr, options: &RuleOptions) -> Result<Compiled, RuleError> {
    let mut validator = Validator {
        options,
        kind: None,
        properties: Vec::new(),
        reads_assigned_plans: false,
        reads_now: false,
        warnings: Vec::new(),
        large_classes: 0,
    };
    let mut member_of = Vec::new();
    let mut manager = None;
    let program = match expr {
        Expr::DirectReports {
            manager: id,
            id_span,
        } => {
            validator.check_object_id(&id, id_span, "manager")?;
            validator.kind = Some((ObjectKind::User, id_span));
            manager = Some(id.clone());
            Program::DirectReports(id.into_boxed_str())
        }
        Expr::Quantified(quantified) if validator.is_member_of(&quantified.collection) => {
            member_of = validator.member_of(quantified)?;
            Program::MemberOf(member_of.clone().into_boxed_slice())
        }
        expr => Program::Expr(validator.node(expr, Scope::Object)?),
    };
    Ok(Compiled {
        program,
        kind: validator.kind.map_or(ObjectKind::User, |(kind, _)| kind),
        kind_span: validator.kind.map_or(Span::default(), |(_, span)| span),
        properties: validator.properties,
        member_of,
        manager,
        reads_assigned_plans: validator.reads_assigned_plans,
        reads_now: validator.reads_now,
        warnings: validator.warnings,
    })
}

impl Validator<'_> {
    fn node(&mut self, expr: Expr, scope: Scope) -> Result<Node, RuleError> {
        Ok(match expr {
            Expr::Or(items) => Node::Or(self.nodes(items, scope)?),
            Expr::And(items) => Node::And(self.nodes(items, scope)?),
            Expr::Not(inner) => Node::Not(Box::new(self.node(*inner, scope)?)),
            Expr::Compare(comparison) => self.comparison(comparison, scope)?,
            Expr::Quantified(quantified) => self.quantified(quantified, scope)?,
            // The parser accepts Direct Reports only as a whole rule.
            Expr::DirectReports { id_span, .. } => {
                return Err(RuleError::new(
                    ErrorClass::DirectReportsNotCombinable,
                    id_span,
                    "A Direct Reports rule can't be combined with anything else",
                    "make it the whole rule",
                ))
            }
        })
    }

    fn nodes(&mut self, items: Vec<Expr>, scope: Scope) -> Result<Box<[Node]>, RuleError> {
        items
            .into_iter()
            .map(|item| self.node(item, scope))
            .collect()
    }

    /// Resolves `user.x` / `device.x`, checking that one rule reads one kind of object.
    fn property(&mut self, reference: &PropertyRef, scope: Scope) -> Result<Property, RuleError> {
        if scope != Scope::Object {
            return Err(object_property_in_item_scope(reference, scope));
        }
        match self.kind {
            None => self.kind = Some((reference.object, reference.span)),
            Some((kind, first)) if kind != reference.object => {
                return Err(RuleError::new(
                    ErrorClass::MixedObjectTypes,
                    reference.span,
                    format!(
                        "'{}' is a {} property, but the rule started with {} properties (offset {})",
                        reference.span_text(),
                        reference.object.prefix(),
                        kind.prefix(),
                        first.start
                    ),
                    "a rule selects either users or devices: use only user. or only device. properties",
                ));
            }
            Some(_) => {}
        }
        let property = schema::resolve(reference.object, &reference.name, self.options)
            .map_err(|unresolved| unsupported(reference, unresolved))?;
        if !self.properties.contains(&property) {
            self.properties.push(property.clone());
        }
        Ok(property)
    }

    fn is_member_of(&self, reference: &PropertyRef) -> bool {
        matches!(
            schema::resolve(reference.object, &reference.name, self.options),
            Ok(Property::MemberOf)
        )
    }

    fn quantified(&mut self, quantified: Quantified, scope: Scope) -> Result<Node, RuleError> {
        let Quantified {
            collection,
            quantifier,
            quantifier_span,
            body,
            parenthesized,
        } = quantified;
        let property = self.property(&collection, scope)?;
        if !parenthesized {
            self.warnings.push(RuleWarning {
                span: quantifier_span,
                message: format!(
                    "The condition after -{} is not in parentheses, so it extends to the end of \
                     the enclosing group; add parentheses to make the scope explicit",
                    quantifier_name(quantifier)
                ),
            });
        }
        let all = quantifier == Quantifier::All;
        match property.value_type() {
            ValueType::StringCollection => {
                self.warn_negative_any(&body, quantifier);
                let body = self.node(*body, Scope::Strings)?;
                Ok(Node::Strings {
                    property,
                    all,
                    body: Box::new(body),
                })
            }
            ValueType::AssignedPlans => {
                self.reads_assigned_plans = true;
                self.warn_negative_any(&body, quantifier);
                let body = self.node(*body, Scope::Plans)?;
                Ok(Node::Plans {
                    all,
                    body: Box::new(body),
                })
            }
            ValueType::MemberOf => Err(member_of_not_combinable(collection.span)),
            _ => Err(RuleError::new(
                ErrorClass::OperatorNotSupportedOnAttribute,
                quantifier_span,
                format!(
                    "-{} is not supported on '{}', which has a single value",
                    quantifier_name(quantifier),
                    collection.span_text()
                ),
                "-any and -all apply to multi-valued properties (assignedPlans, proxyAddresses, \
                 otherMails, devicePhysicalIds); compare single values directly, e.g. -eq",
            )),
        }
    }

    /// `user.assignedPlans -any (assignedPlan.servicePlanId -ne X)` holds for anyone with
    /// some other plan (azure-docs#37989).
    fn warn_negative_any(&mut self, body: &Expr, quantifier: Quantifier) {
        if let (Quantifier::Any, Expr::Compare(comparison)) = (quantifier, body) {
            if comparison.operator.is_negative() {
                self.warnings.push(RuleWarning {
                    span: comparison.operator_span,
                    message: format!(
                        "-any with -{} holds when any one item differs, even if another item \
                         matches; to exclude a value use -not (... -any (... -{} ...)) or -all",
                        comparison.operator.name(),
                        positive_name(comparison.operator)
                    ),
                });
            }
        }
    }

    /// `<object>.memberOf -any (group.objectId -in [...])`, the only documented form.
    fn member_of(&mut self, quantified: Quantified) -> Result<Vec<String>, RuleError> {
        let reference = &quantified.collection;
        self.property(reference, Scope::Object)?;
        if quantified.quantifier == Quantifier::All {
            return Err(RuleError::new(
                ErrorClass::OperatorNotSupportedOnAttribute,
                quantified.quantifier_span,
                "memberOf supports only -any",
                "write user.memberOf -any (group.objectId -in ['<group id>', ...])",
            ));
        }
        let Expr::Compare(Comparison {
            operand,
            operator,
            operator_span,
            value,
        }) = *quantified.body
        else {
            return Err(member_of_not_combinable(reference.span));
        };
        let ast::Operand::GroupObjectId(_) = operand else {
            return Err(member_of_not_combinable(operand.span()));
        };
        if operator != CmpOp::In {
            return Err(member_of_not_combinable(operator_span));
        }
        let ValueKind::List(items) = value.kind else {
            return Err(RuleError::new(
                ErrorClass::InvalidValue,
                value.span,
                "memberOf needs a list of group ids",
                "write group.objectId -in ['<group id>', '<group id>']",
            ));
        };
        if items.is_empty() || items.len() > MAX_MEMBER_OF_GROUPS {
            return Err(RuleError::new(
                ErrorClass::InvalidValue,
                value.span,
                format!(
                    "The list names {} groups (Entra allows 1 to {MAX_MEMBER_OF_GROUPS} in one memberOf rule)",
                    items.len()
                ),
                format!(
                    "name at most {MAX_MEMBER_OF_GROUPS} group ids; to cover more groups, split them across several dynamic groups, each naming at most {MAX_MEMBER_OF_GROUPS}"
                ),
            ));
        }
        let mut groups: Vec<String> = Vec::new();
        for item in items {
            self.check_object_id(&item.value, item.span, "group")?;
            if !groups.iter().any(|g| g.eq_ignore_ascii_case(&item.value)) {
                groups.push(item.value);
            }
        }
        Ok(groups)
    }

    /// Object ids are opaque (GUIDs in Graph, short ids in hand-written tenants), but a
    /// placeholder such as `{objectID_of_manager}` or an empty id is a mistake.
    fn check_object_id(&self, id: &str, span: Span, what: &str) -> Result<(), RuleError> {
        let opaque_ok = !id.is_empty()
            && id.len() <= 128
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        let guid_ok = is_guid(id);
        let ok = if self.options.require_guid_object_ids {
            guid_ok
        } else {
            opaque_ok
        };
        if ok {
            return Ok(());
        }
        Err(RuleError::new(
            ErrorClass::InvalidValue,
            span,
            format!("'{id}' is not a {what} object id"),
            format!(
                "use the {what}'s object id, e.g. \"62e19b97-8b3d-4d4a-a106-4ce66896a863\"{}",
                if self.options.require_guid_object_ids {
                    ""
                } else {
                    " (letters, digits, '-', '_', '.')"
                }
            ),
        ))
    }

    fn comparison(&mut self, comparison: Comparison, scope: Scope) -> Result<Node, RuleError> {
        let Comparison {
            operand,
            operator,
            operator_span,
            value,
        } = comparison;
        let (node_operand, value_type, name) = match operand {
            ast::Operand::Property(reference) => {
                let property = self.property(&reference, scope)?;
                let value_type = property.value_type();
                (
                    Operand::Property(property),
                    value_type,
                    reference.span_text(),
                )
            }
            ast::Operand::Element(span) => {
                if scope != Scope::Strings {
                    return Err(item_out_of_scope("_", span, scope));
                }
                (Operand::Element, ValueType::String, "_".to_string())
            }
            ast::Operand::PlanField(field, span) => {
                if scope != Scope::Plans {
                    return Err(item_out_of_scope("assignedPlan", span, scope));
                }
                (
                    Operand::Plan(field),
                    ValueType::String,
                    format!("assignedPlan.{}", field.name()),
                )
            }
            ast::Operand::GroupObjectId(span) => {
                return Err(RuleError::compilation(
                    CompilationReason::ElementScope,
                    span,
                    "group.objectId outside a memberOf rule",
                    "group.objectId is only used as user.memberOf -any (group.objectId -in ['<id>'])",
                ));
            }
        };
        let test = match value_type {
            ValueType::Boolean => self.boolean_test(operator, operator_span, value, &name)?,
            ValueType::String => self.string_test(operator, operator_span, value, &name)?,
            ValueType::StringCollection => {
                if self.options.collection_operators == CollectionOperators::Reject
                    && !is_null_check(operator, &value)
                {
                    return Err(RuleError::new(
                        ErrorClass::OperatorNotSupportedOnAttribute,
                        operator_span,
                        format!(
                            "-{} applied directly to the multi-valued property '{name}'",
                            operator.name()
                        ),
                        format!(
                            "test the items with -any: {name} -any (_ -{} ...)",
                            operator.name()
                        ),
                    ));
                }
                self.string_test(operator, operator_span, value, &name)?
            }
            ValueType::DateTime => self.date_test(operator, operator_span, value, &name)?,
            ValueType::AssignedPlans | ValueType::MemberOf => {
                let example = if value_type == ValueType::AssignedPlans {
                    format!("{name} -any (assignedPlan.servicePlanId -eq \"<plan id>\")")
                } else {
                    format!("{name} -any (group.objectId -in ['<group id>'])")
                };
                return Err(RuleError::new(
                    ErrorClass::OperatorNotSupportedOnAttribute,
                    operator_span,
                    format!("-{} is not supported on '{name}'", operator.name()),
                    format!("this property is read with -any, e.g. {example}"),
                ));
            }
        };
        Ok(Node::Test {
            operand: node_operand,
            test,
        })
    }

    fn boolean_test(
        &self,
        op: CmpOp,
        op_span: Span,
        value: ValueExpr,
        name: &str,
    ) -> Result<Test, RuleError> {
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            return Err(operator_not_supported(
                op,
                op_span,
                name,
                "a Boolean",
                "-eq and -ne",
            ));
        }
        match value.kind {
            ValueKind::Null => Ok(Test::IsNull(op == CmpOp::Eq)),
            ValueKind::Bool(expected) => Ok(Test::Bool {
                expected,
                negated: op == CmpOp::Ne,
            }),
            _ => Err(RuleError::new(
                ErrorClass::InvalidValue,
                value.span,
                format!(
                    "'{name}' is a Boolean and can't be compared with {}",
                    describe_value(&value.kind)
                ),
                format!(
                    "compare it with true or false, unquoted: {name} -{} true",
                    op.name()
                ),
            )),
        }
    }

    fn string_test(
        &mut self,
        op: CmpOp,
        op_span: Span,
        value: ValueExpr,
        name: &str,
    ) -> Result<Test, RuleError> {
        let negated = op.is_negative();
        let folding = self.options.case_folding;
        let text_op = match op {
            CmpOp::Ge | CmpOp::Le => {
                return Err(operator_not_supported(
                    op,
                    op_span,
                    name,
                    "a string",
                    "-eq, -ne, -startsWith, -contains, -match, -in and their negations",
                ));
            }
            CmpOp::Eq | CmpOp::Ne => TextOp::Equals,
            CmpOp::StartsWith | CmpOp::NotStartsWith => TextOp::StartsWith,
            CmpOp::EndsWith | CmpOp::NotEndsWith => TextOp::EndsWith,
            CmpOp::Contains | CmpOp::NotContains => TextOp::Contains,
            CmpOp::Match | CmpOp::NotMatch => {
                let pattern = self.scalar_string(op, value, name)?;
                self.large_classes += crate::pattern::large_classes(&pattern.0);
                if self.large_classes > MAX_LARGE_CLASSES {
                    return Err(RuleError::compilation(
                        CompilationReason::InvalidRegex,
                        pattern.1,
                        format!(
                            "The -match patterns of the rule have more than {MAX_LARGE_CLASSES} \
                             large character classes such as [\\s\\S]"
                        ),
                        "use (?s). for \"any character\", or fewer classes",
                    ));
                }
                let regex =
                    crate::pattern::compile(&pattern.0, self.options.regex_dot_matches_newline)
                        .map_err(|error| invalid_regex(error, pattern.1))?;
                return Ok(Test::Regex { regex, negated });
            }
            CmpOp::In | CmpOp::NotIn => {
                let ValueKind::List(items) = value.kind else {
                    return Err(RuleError::new(
                        ErrorClass::InvalidValue,
                        value.span,
                        format!(
                            "-{} needs a list, found {}",
                            op.name(),
                            describe_value(&value.kind)
                        ),
                        format!(
                            "write the values in brackets: {name} -{} [\"a\", \"b\"]",
                            op.name()
                        ),
                    ));
                };
                let mut needles = Vec::with_capacity(items.len());
                for item in items {
                    if item.is_number && self.options.numbers == NumberLiterals::Reject {
                        return Err(number_literal(&item.value, item.span));
                    }
                    needles.push(Needle::new(&item.value, folding));
                }
                return Ok(Test::In {
                    set: NeedleSet::new(needles),
                    negated,
                });
            }
        };
        if matches!(value.kind, ValueKind::Null) {
            if text_op == TextOp::Equals {
                return Ok(Test::IsNull(op == CmpOp::Eq));
            }
            return Err(RuleError::new(
                ErrorClass::InvalidValue,
                value.span,
                format!("null can't be used with -{}", op.name()),
                "compare with null only using -eq or -ne",
            ));
        }
        if let ValueKind::Str(literal) = &value.kind {
            if literal.eq_ignore_ascii_case("null") {
                // Documented: quoted "null" is the literal string.
                self.note_quoted_null(value.span);
            }
        }
        let (literal, _) = self.scalar_string(op, value, name)?;
        Ok(Test::Text {
            op: text_op,
            needle: Needle::new(&literal, folding),
            negated,
        })
    }

    fn note_quoted_null(&mut self, span: Span) {
        self.warnings.push(RuleWarning {
            span,
            message: "\"null\" in quotes is the string null, not a missing value; \
                      write null without quotes to test for no value"
                .to_string(),
        });
    }

    /// The string a scalar operator compares with.
    fn scalar_string(
        &self,
        op: CmpOp,
        value: ValueExpr,
        name: &str,
    ) -> Result<(String, Span), RuleError> {
        match value.kind {
            ValueKind::Str(text) => Ok((text, value.span)),
            ValueKind::Number(number) => match self.options.numbers {
                NumberLiterals::AsStrings => Ok((number, value.span)),
                NumberLiterals::Reject => Err(number_literal(&number, value.span)),
            },
            ValueKind::Null => Err(RuleError::new(
                ErrorClass::InvalidValue,
                value.span,
                format!("null can't be used with -{}", op.name()),
                "compare with null only using -eq or -ne",
            )),
            kind => Err(RuleError::new(
                ErrorClass::InvalidValue,
                value.span,
                format!(
                    "'{name}' is a string and can't be compared with {}",
                    describe_value(&kind)
                ),
                format!(
                    "put the value in double quotes: {name} -{} \"value\"",
                    op.name()
                ),
            )),
        }
    }

    fn date_test(
        &mut self,
        op: CmpOp,
        op_span: Span,
        value: ValueExpr,
        name: &str,
    ) -> Result<Test, RuleError> {
        if is_null_check(op, &value) {
            return Ok(Test::IsNull(op == CmpOp::Eq));
        }
        let date_op = match op {
            CmpOp::Eq => DateOp::Eq,
            CmpOp::Ge => DateOp::Ge,
            CmpOp::Le => DateOp::Le,
            CmpOp::Ne if self.options.date_not_equal => DateOp::Ne,
            _ => {
                return Err(operator_not_supported(
                    op,
                    op_span,
                    name,
                    "a date-time",
                    "-eq, -ge and -le",
                ));
            }
        };
        let date = match value.kind {
            ValueKind::Date(date) => date,
            ValueKind::Str(text) => ast::DateExpr {
                base: DateBase::Text(text),
                base_span: value.span,
                offset: None,
            },
            kind => {
                return Err(RuleError::new(
                    ErrorClass::InvalidValue,
                    value.span,
                    format!("'{name}' is a date-time and can't be compared with {}", describe_value(&kind)),
                    "compare it with a date-time such as 2025-06-01T00:00:00Z or system.now -minus P30D",
                ));
            }
        };
        let base = match date.base {
            DateBase::Now => {
                self.reads_now = true;
                None
            }
            DateBase::Instant(instant) => Some(instant),
            DateBase::Text(text) => Some(
                DateTime::parse_iso8601(&text)
                    .ok_or_else(|| invalid_instant(&text, date.base_span))?,
            ),
        };
        if base.is_none() && date.offset.is_some() && matches!(date_op, DateOp::Eq | DateOp::Ne) {
            return Err(RuleError::new(
                ErrorClass::InvalidDateExpression,
                op_span,
                format!(
                    "-{} can't be combined with system.now arithmetic",
                    op.name()
                ),
                format!("use a range: {name} -ge system.now -minus P1D -and {name} -le system.now"),
            ));
        }
        let offset = date.offset.map(|offset| (offset.sign, offset.duration));
        Ok(Test::Date {
            op: date_op,
            rhs: DateOperand { base, offset },
        })
    }
}

impl PropertyRef {
    fn span_text(&self) -> String {
        format!("{}.{}", self.object.prefix(), self.name)
    }
}

fn is_guid(id: &str) -> bool {
    let bytes = id.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn is_null_check(op: CmpOp, value: &ValueExpr) -> bool {
    matches!(op, CmpOp::Eq | CmpOp::Ne) && matches!(value.kind, ValueKind::Null)
}

fn quantifier_name(quantifier: Quantifier) -> &'static str {
    match quantifier {
        Quantifier::Any => "any",
        Quantifier::All => "all",
    }
}

fn positive_name(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Ne => "eq",
        CmpOp::NotStartsWith => "startsWith",
        CmpOp::NotEndsWith => "endsWith",
        CmpOp::NotContains => "contains",
        CmpOp::NotMatch => "match",
        CmpOp::NotIn => "in",
        other => other.name(),
    }
}

fn describe_value(kind: &ValueKind) -> &'static str {
    match kind {
        ValueKind::Str(..) => "a string",
        ValueKind::Null => "null",
        ValueKind::Bool(_) => "a Boolean",
        ValueKind::Number(_) => "a number",
        ValueKind::List(_) => "a list",
        ValueKind::Date(_) => "a date-time",
    }
}

fn unsupported(reference: &PropertyRef, unresolved: Unresolved) -> RuleError {
    let written = reference.span_text();
    let object = reference.object.prefix();
    let (message, hint) = match unresolved {
        Unresolved::Unknown { suggestion: Some(name) } => {
            (format!("Unknown property '{written}'"), format!("did you mean '{name}'?"))
        }
        Unresolved::Unknown { suggestion: None } => (
            format!("Unknown property '{written}'"),
            format!("use a supported {object} property (see the property table), an \
                     extensionAttribute1-15 or an extension_<appId>_<name> property"),
        ),
        Unresolved::WrongObject => (
            format!("'{}' is not a {object} property", reference.name),
            format!("{object} rules can only use {object} properties"),
        ),
        Unresolved::Legacy => (
            format!("'{written}' is a legacy device property that is no longer supported"),
            "use a current device property such as deviceOSType, deviceOwnership or managementType"
                .to_string(),
        ),
        Unresolved::ExtensionNumber => (
            format!("Unknown property '{written}'"),
            "extension attributes are numbered 1 to 15: extensionAttribute1 ... extensionAttribute15"
                .to_string(),
        ),
        Unresolved::DeviceCustomExtension => (
            format!("'{written}': directory extension properties are supported for users only"),
            "on devices use extensionAttribute1 ... extensionAttribute15".to_string(),
        ),
    };
    RuleError::new(
        ErrorClass::AttributeNotSupported,
        reference.name_span,
        message,
        hint,
    )
}

fn operator_not_supported(
    op: CmpOp,
    span: Span,
    name: &str,
    type_name: &str,
    allowed: &str,
) -> RuleError {
    RuleError::new(
        ErrorClass::OperatorNotSupportedOnAttribute,
        span,
        format!(
            "-{} is not supported on '{name}', which is {type_name}",
            op.name()
        ),
        format!("use {allowed}"),
    )
}

fn number_literal(number: &str, span: Span) -> RuleError {
    RuleError::compilation(
        CompilationReason::InvalidLiteral,
        span,
        format!("Unquoted number {number}"),
        format!("every property compared with numbers is a string: write \"{number}\""),
    )
}

fn invalid_regex(error: PatternError, span: Span) -> RuleError {
    let detail = match error {
        PatternError::TooBig => {
            return RuleError::compilation(
                CompilationReason::InvalidRegex,
                span,
                "Error in regular expression used with -match: the pattern is too large to compile",
                "simplify the pattern: use smaller repetition counts such as {1,20}, or .* instead",
            );
        }
        PatternError::Unavailable => {
            return RuleError::compilation(
                CompilationReason::InvalidRegex,
                span,
                "The -match operator is not available in this build",
                "open the scenario in the full licenselab app or the licenselab command",
            );
        }
        PatternError::Invalid(detail) => detail,
    };
    let hint = if detail.contains("Unicode property") {
        "Unicode classes such as \\p{L} are not available; list the characters, e.g. [a-zà-ÿ]"
    } else if detail.contains("look-around") || detail.contains("backreferences") {
        "look-around and back-references are not supported; rewrite the pattern without them"
    } else {
        "fix the pattern: a quantifier such as * must follow something (\".*@domain.ext\" or \
         \"@domain.ext$\")"
    };
    RuleError::compilation(
        CompilationReason::InvalidRegex,
        span,
        format!("Error in regular expression used with -match: {detail}"),
        hint,
    )
}

fn member_of_not_combinable(span: Span) -> RuleError {
    RuleError::new(
        ErrorClass::MemberOfNotCombinable,
        span,
        "memberOf can't be combined with other conditions or operators",
        "make the whole rule user.memberOf -any (group.objectId -in ['<group id>', ...]) \
         and put other conditions in another group",
    )
}

fn object_property_in_item_scope(reference: &PropertyRef, scope: Scope) -> RuleError {
    let item = if scope == Scope::Plans {
        "assignedPlan.<property>"
    } else {
        "_"
    };
    RuleError::compilation(
        CompilationReason::ElementScope,
        reference.span,
        format!(
            "'{}' inside an -any/-all condition, which can only read {item}",
            reference.span_text()
        ),
        "close the -any/-all condition with parentheses before this part: \
         X -any (...) -and user.property ...",
    )
}

fn item_out_of_scope(item: &str, span: Span, scope: Scope) -> RuleError {
    let (message, hint) = match (item, scope) {
        ("_", Scope::Plans) => (
            "'_' inside an -any/-all over assignedPlans".to_string(),
            "read the plan with assignedPlan.servicePlanId, assignedPlan.service or assignedPlan.capabilityStatus",
        ),
        ("_", _) => (
            "'_' outside an -any/-all condition".to_string(),
            "'_' is the current item: user.proxyAddresses -any (_ -startsWith \"smtp:\")",
        ),
        (_, Scope::Strings) => (
            "assignedPlan.* inside an -any/-all over a string collection".to_string(),
            "read the current string with _",
        ),
        _ => (
            "assignedPlan.* outside an -any/-all over assignedPlans".to_string(),
            "write user.assignedPlans -any (assignedPlan.servicePlanId -eq \"<id>\")",
        ),
    };
    RuleError::compilation(CompilationReason::ElementScope, span, message, hint)
}

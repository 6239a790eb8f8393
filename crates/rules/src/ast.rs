//! The syntax tree produced by the parser: what the rule says, with the spans needed to
//! report problems, before properties and types are checked.

use crate::datetime::{DateTime, Duration, Sign};
use crate::error::Span;
use crate::schema::{ObjectKind, PlanField};

#[derive(Debug)]
pub(crate) enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Compare(Comparison),
    Quantified(Quantified),
    /// `Direct Reports for "<id>"`; the parser accepts it only as the whole rule.
    DirectReports {
        manager: String,
        id_span: Span,
    },
}

#[derive(Debug)]
pub(crate) struct Comparison {
    pub operand: Operand,
    pub operator: CmpOp,
    pub operator_span: Span,
    pub value: ValueExpr,
}

#[derive(Debug)]
pub(crate) struct Quantified {
    pub collection: PropertyRef,
    pub quantifier: Quantifier,
    pub quantifier_span: Span,
    pub body: Box<Expr>,
    /// `-any (body)` rather than `-any body`.
    pub parenthesized: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Quantifier {
    Any,
    All,
}

#[derive(Debug)]
pub(crate) enum Operand {
    Property(PropertyRef),
    /// `_`: the current item of a string collection.
    Element(Span),
    /// `assignedPlan.<field>`.
    PlanField(PlanField, Span),
    /// `group.objectId` in a memberOf condition.
    GroupObjectId(Span),
}

impl Operand {
    pub fn span(&self) -> Span {
        match self {
            Operand::Property(property) => property.span,
            Operand::Element(span) | Operand::PlanField(_, span) | Operand::GroupObjectId(span) => {
                *span
            }
        }
    }
}

/// `user.<name>` or `device.<name>`; the name is checked against the schema later.
#[derive(Debug)]
pub(crate) struct PropertyRef {
    pub object: ObjectKind,
    pub name: String,
    pub name_span: Span,
    /// The whole reference, prefix included.
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    StartsWith,
    NotStartsWith,
    EndsWith,
    NotEndsWith,
    Contains,
    NotContains,
    Match,
    NotMatch,
    In,
    NotIn,
    Ge,
    Le,
}

impl CmpOp {
    pub const ALL: [CmpOp; 14] = [
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::StartsWith,
        CmpOp::NotStartsWith,
        CmpOp::EndsWith,
        CmpOp::NotEndsWith,
        CmpOp::Contains,
        CmpOp::NotContains,
        CmpOp::Match,
        CmpOp::NotMatch,
        CmpOp::In,
        CmpOp::NotIn,
        CmpOp::Ge,
        CmpOp::Le,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CmpOp::Eq => "eq",
            CmpOp::Ne => "ne",
            CmpOp::StartsWith => "startsWith",
            CmpOp::NotStartsWith => "notStartsWith",
            CmpOp::EndsWith => "endsWith",
            CmpOp::NotEndsWith => "notEndsWith",
            CmpOp::Contains => "contains",
            CmpOp::NotContains => "notContains",
            CmpOp::Match => "match",
            CmpOp::NotMatch => "notMatch",
            CmpOp::In => "in",
            CmpOp::NotIn => "notIn",
            CmpOp::Ge => "ge",
            CmpOp::Le => "le",
        }
    }

    /// The negative operators are the negation of a positive one.
    pub fn is_negative(self) -> bool {
        matches!(
            self,
            CmpOp::Ne
                | CmpOp::NotStartsWith
                | CmpOp::NotEndsWith
                | CmpOp::NotContains
                | CmpOp::NotMatch
                | CmpOp::NotIn
        )
    }
}

#[derive(Debug)]
pub(crate) struct ValueExpr {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Debug)]
pub(crate) enum ValueKind {
    Str(String),
    Null,
    Bool(bool),
    /// An unquoted number, as written.
    Number(String),
    List(Vec<ListItem>),
    Date(DateExpr),
}

#[derive(Debug)]
pub(crate) struct ListItem {
    pub value: String,
    pub is_number: bool,
    pub span: Span,
}

#[derive(Debug)]
pub(crate) struct DateExpr {
    pub base: DateBase,
    pub base_span: Span,
    pub offset: Option<DateOffset>,
}

#[derive(Debug)]
pub(crate) enum DateBase {
    Now,
    Instant(DateTime),
    /// A quoted string followed by `-plus`/`-minus`; parsed as an instant later.
    Text(String),
}

#[derive(Debug)]
pub(crate) struct DateOffset {
    pub sign: Sign,
    pub duration: Duration,
    pub span: Span,
}

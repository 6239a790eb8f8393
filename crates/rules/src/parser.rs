//! Recursive-descent parser for the grammar of reference §3.1, with the precedence of §3.2:
//! comparisons, then `-not`, `-and`, `-or`; an unparenthesised `-any`/`-all` body takes the
//! rest of the enclosing group. Recursion is bounded by [`MAX_NESTING_DEPTH`].

use crate::ast::*;
use crate::datetime::{DateTime, Duration, DurationError, Sign};
use crate::error::{CompilationReason, ErrorClass, RuleError, Span};
use crate::lexer::{tokenize, Quote, Token, TokenKind};
use crate::options::{NameMatching, RuleOptions};
use crate::schema::{self, ObjectKind, PlanField};
use crate::suggest::closest;

/// Deepest nesting of parentheses, `-not` and `-any`/`-all` bodies that a rule may have.
/// Far above what real rules use, and low enough that recursion cannot exhaust a stack.
pub const MAX_NESTING_DEPTH: usize = 64;

type Parsed<T> = Result<T, RuleError>;

pub(crate) fn parse_syntax(text: &str, options: &RuleOptions) -> Parsed<Expr> {
    let tokens = tokenize(text, options);
    let mut parser = Parser {
        tokens,
        index: 0,
        depth: 0,
        options,
    };
    parser.rule()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Keyword {
    And,
    Or,
    Not,
    Any,
    All,
    Plus,
    Minus,
    Compare(CmpOp),
}

fn keyword(word: &str) -> Option<Keyword> {
    let is = |name: &str| word.eq_ignore_ascii_case(name);
    let simple = [
        ("and", Keyword::And),
        ("or", Keyword::Or),
        ("not", Keyword::Not),
        ("any", Keyword::Any),
        ("all", Keyword::All),
        ("plus", Keyword::Plus),
        ("minus", Keyword::Minus),
    ];
    if let Some((_, keyword)) = simple.iter().find(|(name, _)| is(name)) {
        return Some(*keyword);
    }
    CmpOp::ALL
        .iter()
        .find(|op| is(op.name()))
        .map(|op| Keyword::Compare(*op))
}

const OPERATOR_LIST: &str = "-eq, -ne, -startsWith, -notStartsWith, -endsWith, -notEndsWith, \
     -contains, -notContains, -match, -notMatch, -in, -notIn, -ge, -le, -and, -or, -not, \
     -any, -all, -plus, -minus";

struct Parser<'o> {
    tokens: Vec<Token>,
    index: usize,
    depth: usize,
    options: &'o RuleOptions,
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        // The lexer always ends the list with End or Error.
        &self.tokens[self.index.min(self.tokens.len() - 1)]
    }

    fn peek_at(&self, ahead: usize) -> &Token {
        &self.tokens[(self.index + ahead).min(self.tokens.len() - 1)]
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        if self.index < self.tokens.len() - 1 {
            self.index += 1;
        }
        token
    }

    /// The keyword the next token spells, if any (an unknown `-word` is not one).
    fn peek_keyword(&self) -> Option<Keyword> {
        token_keyword(self.peek())
    }

    fn lexical_error(&self) -> Option<RuleError> {
        match &self.peek().kind {
            TokenKind::Error(error) => Some((**error).clone()),
            _ => None,
        }
    }

    fn enter(&mut self, at: Span) -> Parsed<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING_DEPTH {
            return Err(RuleError::new(
                ErrorClass::TooDeeplyNested,
                at,
                format!("The rule nests more than {MAX_NESTING_DEPTH} levels of parentheses, -not or -any/-all"),
                "remove redundant parentheses or split the rule",
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn rule(&mut self) -> Parsed<Expr> {
        if matches!(self.peek().kind, TokenKind::End) {
            return Err(RuleError::compilation(
                CompilationReason::EmptyRule,
                self.peek().span,
                "The rule is empty",
                "write a condition such as user.department -eq \"Sales\"",
            ));
        }
        if self.at_direct_reports() {
            return self.direct_reports();
        }
        let expr = self.or()?;
        self.expect_end()?;
        Ok(expr)
    }

    fn expect_end(&mut self) -> Parsed<()> {
        if let Some(error) = self.lexical_error() {
            return Err(error);
        }
        let token = self.peek();
        match &token.kind {
            TokenKind::End => Ok(()),
            TokenKind::RParen => Err(RuleError::compilation(
                CompilationReason::UnbalancedParentheses,
                token.span,
                "')' without a matching '('",
                "remove it or add the missing '('",
            )),
            _ if matches!(self.peek_keyword(), Some(Keyword::Plus | Keyword::Minus)) => {
                Err(chained_date_arithmetic(token.span))
            }
            _ if self.starts_condition() => Err(missing_logical_operator(token.span)),
            _ => Err(self.unexpected("the end of the rule, -and or -or")),
        }
    }

    fn starts_condition(&self) -> bool {
        match &self.peek().kind {
            TokenKind::LParen => true,
            TokenKind::Word(word) => word.contains('.') || word == "_",
            _ => self.peek_keyword() == Some(Keyword::Not),
        }
    }

    fn unexpected(&self, expected: &str) -> RuleError {
        let token = self.peek();
        if let Some(error) = self.lexical_error() {
            return error;
        }
        if matches!(token.kind, TokenKind::End) {
            return RuleError::compilation(
                CompilationReason::UnexpectedEnd,
                token.span,
                format!("The rule ends where {expected} was expected"),
                "complete the rule",
            );
        }
        RuleError::compilation(
            CompilationReason::UnexpectedToken,
            token.span,
            format!("Expected {expected}, found {}", describe(&token.kind)),
            "check the rule against the documented syntax: \
             property -operator value, combined with -and / -or",
        )
    }

    fn or(&mut self) -> Parsed<Expr> {
        self.chain(Keyword::Or, Self::and, Expr::Or)
    }

    fn and(&mut self) -> Parsed<Expr> {
        self.chain(Keyword::And, Self::not, Expr::And)
    }

    /// `operand (joiner operand)*`, flattened into one n-ary node (left-associative).
    fn chain(
        &mut self,
        joiner: Keyword,
        operand: fn(&mut Self) -> Parsed<Expr>,
        join: fn(Vec<Expr>) -> Expr,
    ) -> Parsed<Expr> {
        let first = operand(self)?;
        if self.peek_keyword() != Some(joiner) {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.peek_keyword() == Some(joiner) {
            self.advance();
            items.push(operand(self)?);
        }
        Ok(join(items))
    }

    fn not(&mut self) -> Parsed<Expr> {
        if self.peek_keyword() != Some(Keyword::Not) {
            return self.primary();
        }
        let keyword = self.advance();
        self.enter(keyword.span)?;
        let operand = self.not()?;
        self.leave();
        Ok(Expr::Not(Box::new(operand)))
    }

    fn primary(&mut self) -> Parsed<Expr> {
        if let Some(error) = self.lexical_error() {
            return Err(error);
        }
        let token = self.peek().clone();
        match &token.kind {
            TokenKind::LParen => self.group(),
            TokenKind::Word(word) if word.eq_ignore_ascii_case("direct") => {
                if self.at_direct_reports() {
                    Err(direct_reports_not_combinable(token.span))
                } else {
                    Err(self.operand_error(word, token.span))
                }
            }
            TokenKind::Word(word) if token_keyword(&token).is_none() => {
                self.condition(word, token.span)
            }
            TokenKind::RParen
                if self.index > 0
                    && matches!(self.tokens[self.index - 1].kind, TokenKind::LParen) =>
            {
                Err(RuleError::compilation(
                    CompilationReason::UnexpectedToken,
                    token.span,
                    "Empty parentheses",
                    "put a condition inside the parentheses or remove them",
                ))
            }
            TokenKind::Dashed(word) if keyword(word).is_none() => {
                Err(unknown_operator(word, token.span))
            }
            _ => Err(self.unexpected("a condition such as user.department -eq \"Sales\"")),
        }
    }

    fn group(&mut self) -> Parsed<Expr> {
        let open = self.advance();
        self.enter(open.span)?;
        let expr = self.or()?;
        self.close_group(open.span)?;
        self.leave();
        Ok(expr)
    }

    fn close_group(&mut self, open: Span) -> Parsed<()> {
        if let Some(error) = self.lexical_error() {
            return Err(error);
        }
        match self.peek().kind {
            TokenKind::RParen => {
                self.advance();
                Ok(())
            }
            TokenKind::End => Err(RuleError::compilation(
                CompilationReason::UnbalancedParentheses,
                open,
                "'(' is never closed",
                "add the matching ')'",
            )),
            _ if matches!(self.peek_keyword(), Some(Keyword::Plus | Keyword::Minus)) => {
                Err(chained_date_arithmetic(self.peek().span))
            }
            _ if self.starts_condition() => Err(missing_logical_operator(self.peek().span)),
            _ => Err(self.unexpected("')', -and or -or")),
        }
    }

    /// A comparison or an `-any`/`-all` test, starting at the word `word`.
    fn condition(&mut self, word: &str, span: Span) -> Parsed<Expr> {
        let operand = self.operand(word, span)?;
        self.advance();
        match self.peek_keyword() {
            Some(quantifier @ (Keyword::Any | Keyword::All)) => {
                let Operand::Property(collection) = operand else {
                    return Err(RuleError::compilation(
                        CompilationReason::ElementScope,
                        operand.span(),
                        "-any and -all apply to a multi-valued property, not to an item",
                        "write for example user.proxyAddresses -any (_ -startsWith \"smtp:\")",
                    ));
                };
                let quantifier_token = self.advance();
                let quantifier = if quantifier == Keyword::Any {
                    Quantifier::Any
                } else {
                    Quantifier::All
                };
                self.quantified(collection, quantifier, quantifier_token.span)
            }
            Some(Keyword::Compare(operator)) => {
                let operator_span = self.advance().span;
                let value = self.value(operator)?;
                Ok(Expr::Compare(Comparison {
                    operand,
                    operator,
                    operator_span,
                    value,
                }))
            }
            Some(Keyword::Not) => Err(self.not_as_comparison()),
            _ => {
                if let TokenKind::Dashed(word) = &self.peek().kind {
                    if keyword(word).is_none() {
                        return Err(unknown_operator(word, self.peek().span));
                    }
                }
                Err(self.unexpected("a comparison operator such as -eq, -contains or -in"))
            }
        }
    }

    fn quantified(
        &mut self,
        collection: PropertyRef,
        quantifier: Quantifier,
        quantifier_span: Span,
    ) -> Parsed<Expr> {
        self.enter(quantifier_span)?;
        let parenthesized = matches!(self.peek().kind, TokenKind::LParen);
        let body = if parenthesized {
            self.group()?
        } else {
            self.or()?
        };
        self.leave();
        Ok(Expr::Quantified(Quantified {
            collection,
            quantifier,
            quantifier_span,
            body: Box::new(body),
            parenthesized,
        }))
    }

    /// `user.mail -not null` is documented as an error; `-not` negates whole conditions.
    fn not_as_comparison(&self) -> RuleError {
        let not_span = self.peek().span;
        let next = &self.peek_at(1).kind;
        let is_null = matches!(next, TokenKind::Word(w) if is_null_word(w));
        if is_null {
            return RuleError::new(
                ErrorClass::NotWithNull,
                not_span,
                "-not can't be used as a comparison operator for null",
                "to select objects that have a value write -ne null (e.g. user.mail -ne null); \
                 -not negates a whole condition: -not (user.mail -eq null)",
            );
        }
        RuleError::compilation(
            CompilationReason::UnexpectedToken,
            not_span,
            "-not used as a comparison operator",
            "-not negates a whole condition, e.g. -not (user.department -eq \"Sales\"); \
             to compare use a negative operator such as -ne, -notContains or -notIn",
        )
    }

    /// Classifies the word that starts a condition (reference §2.3).
    fn operand(&self, word: &str, span: Span) -> Parsed<Operand> {
        if word == "_" {
            return Ok(Operand::Element(span));
        }
        let Some((object, name)) = word.split_once('.') else {
            return Err(self.operand_error(word, span));
        };
        let name_span = Span::new(span.start + object.len() + 1, name.len());
        let same = |a: &str, b: &str| match self.options.property_names {
            NameMatching::CaseInsensitive => a.eq_ignore_ascii_case(b),
            NameMatching::CaseSensitive => a == b,
        };
        let kind = if same(object, "user") {
            Some(ObjectKind::User)
        } else if same(object, "device") {
            Some(ObjectKind::Device)
        } else {
            None
        };
        if let Some(object) = kind {
            return Ok(Operand::Property(PropertyRef {
                object,
                name: name.to_string(),
                name_span,
                span,
            }));
        }
        if same(object, "assignedPlan") {
            return match PlanField::ALL
                .into_iter()
                .find(|field| same(field.name(), name))
            {
                Some(field) => Ok(Operand::PlanField(field, span)),
                None => Err(RuleError::new(
                    ErrorClass::AttributeNotSupported,
                    name_span,
                    format!("Unknown assigned plan property '{word}'"),
                    "an assigned plan has servicePlanId, service and capabilityStatus",
                )),
            };
        }
        if same(object, "group") {
            return if same(name, "objectId") {
                Ok(Operand::GroupObjectId(span))
            } else {
                Err(RuleError::new(
                    ErrorClass::AttributeNotSupported,
                    name_span,
                    format!("Unknown group property '{word}'"),
                    "a memberOf rule can only use group.objectId: \
                     user.memberOf -any (group.objectId -in ['<group id>'])",
                ))
            };
        }
        if object.eq_ignore_ascii_case("system") {
            return Err(RuleError::compilation(
                CompilationReason::UnexpectedToken,
                span,
                format!("'{word}' where a property was expected"),
                "system.now is a value: user.employeeHireDate -ge system.now -minus P30D",
            ));
        }
        let objects = ["user", "device"];
        let suggestion = match closest(object, objects) {
            Some(near) => format!("did you mean '{near}.{name}'?"),
            None => "properties start with user. or device., e.g. user.department".to_string(),
        };
        Err(RuleError::new(
            ErrorClass::AttributeNotSupported,
            Span::new(span.start, object.len()),
            format!("Unknown object type '{object}' in '{word}'"),
            suggestion,
        ))
    }

    /// A word without an object prefix where a condition starts.
    fn operand_error(&self, word: &str, span: Span) -> RuleError {
        let user = schema::resolve(ObjectKind::User, word, self.options).is_ok();
        let device = schema::resolve(ObjectKind::Device, word, self.options).is_ok();
        let hint = match (user, device) {
            (true, true) => format!("write user.{word} or device.{word}"),
            (true, false) => format!("write user.{word}"),
            (false, true) => format!("write device.{word}"),
            (false, false) => {
                return RuleError::compilation(
                    CompilationReason::UnexpectedToken,
                    span,
                    format!("Expected a condition, found '{word}'"),
                    "a condition starts with a property such as user.department, \
                     followed by an operator and a value",
                );
            }
        };
        RuleError::new(
            ErrorClass::MissingObjectPrefix,
            span,
            format!("Property '{word}' has no object prefix"),
            hint,
        )
    }

    fn value(&mut self, operator: CmpOp) -> Parsed<ValueExpr> {
        if let Some(error) = self.lexical_error() {
            return Err(error);
        }
        let token = self.peek().clone();
        let kind = match &token.kind {
            TokenKind::LBracket => return self.list(),
            TokenKind::LParen => return self.parenthesized_date(),
            TokenKind::Str { value, quote } => {
                if *quote == Quote::Single && !self.options.single_quoted_strings {
                    return Err(RuleError::compilation(
                        CompilationReason::InvalidLiteral,
                        token.span,
                        "Single-quoted string outside a list",
                        "use double quotes: \"value\"",
                    ));
                }
                self.advance();
                if self.at_date_offset() {
                    let base = DateBase::Text(value.clone());
                    return self.date_with_offset(base, token.span);
                }
                ValueKind::Str(value.clone())
            }
            TokenKind::Word(word) if is_null_word(word) => {
                self.advance();
                ValueKind::Null
            }
            TokenKind::Word(word) if word.eq_ignore_ascii_case("true") => {
                self.advance();
                ValueKind::Bool(true)
            }
            TokenKind::Word(word) if word.eq_ignore_ascii_case("false") => {
                self.advance();
                ValueKind::Bool(false)
            }
            TokenKind::Word(word) if word.eq_ignore_ascii_case("system.now") => {
                self.advance();
                return self.date_with_offset(DateBase::Now, token.span);
            }
            TokenKind::Bare(literal) if looks_like_date(literal) => {
                self.advance();
                let instant = parse_instant_literal(literal, token.span)?;
                return self.date_with_offset(DateBase::Instant(instant), token.span);
            }
            TokenKind::Bare(literal) if is_number(literal) => {
                self.advance();
                ValueKind::Number(literal.clone())
            }
            TokenKind::Bare(literal) => return Err(unquoted(literal, token.span)),
            TokenKind::Word(word) if word.contains('.') && keyword(word).is_none() => {
                return Err(RuleError::compilation(
                    CompilationReason::InvalidLiteral,
                    token.span,
                    format!("'{word}' where a value was expected"),
                    "a property can only be compared with a literal value; \
                     put string values in double quotes",
                ));
            }
            TokenKind::Word(word) if keyword(word).is_none() => {
                return Err(unquoted(word, token.span))
            }
            _ => {
                return Err(self.unexpected(&format!("a value after -{}", operator.name())));
            }
        };
        Ok(ValueExpr {
            kind,
            span: token.span,
        })
    }

    fn list(&mut self) -> Parsed<ValueExpr> {
        let open = self.advance();
        let mut items = Vec::new();
        loop {
            if let Some(error) = self.lexical_error() {
                return Err(error);
            }
            let token = self.peek().clone();
            match &token.kind {
                TokenKind::RBracket if items.is_empty() => break,
                TokenKind::Str { value, .. } => items.push(ListItem {
                    value: value.clone(),
                    is_number: false,
                    span: token.span,
                }),
                TokenKind::Bare(literal) if is_number(literal) => items.push(ListItem {
                    value: literal.clone(),
                    is_number: true,
                    span: token.span,
                }),
                TokenKind::Bare(literal) | TokenKind::Word(literal) => {
                    return Err(unquoted(literal, token.span));
                }
                TokenKind::End => return Err(unclosed_list(open.span)),
                _ => return Err(self.unexpected("a quoted string in the list")),
            }
            self.advance();
            match self.peek().kind {
                TokenKind::Comma => {
                    self.advance();
                }
                TokenKind::RBracket => break,
                TokenKind::End => return Err(unclosed_list(open.span)),
                _ if self.lexical_error().is_some() => continue,
                _ => return Err(self.unexpected("',' or ']'")),
            }
        }
        let close = self.advance();
        Ok(ValueExpr {
            kind: ValueKind::List(items),
            span: open.span.to(close.span),
        })
    }

    /// `(system.now -minus P30D)`: parentheses around a date value (third-party form).
    fn parenthesized_date(&mut self) -> Parsed<ValueExpr> {
        let open = self.advance();
        self.enter(open.span)?;
        let token = self.peek().clone();
        let inner =
            match &token.kind {
                TokenKind::LParen => self.parenthesized_date()?,
                TokenKind::Word(word) if word.eq_ignore_ascii_case("system.now") => {
                    let span = self.advance().span;
                    self.date_with_offset(DateBase::Now, span)?
                }
                TokenKind::Bare(literal) if looks_like_date(literal) => {
                    self.advance();
                    let instant = parse_instant_literal(literal, token.span)?;
                    self.date_with_offset(DateBase::Instant(instant), token.span)?
                }
                TokenKind::Str { value, .. } => {
                    self.advance();
                    self.date_with_offset(DateBase::Text(value.clone()), token.span)?
                }
                _ => return Err(RuleError::new(
                    ErrorClass::InvalidDateExpression,
                    self.peek().span,
                    format!(
                        "Expected a date value inside parentheses, found {}",
                        describe(&self.peek().kind)
                    ),
                    "parentheses in a value may only hold a date such as (system.now -minus P30D)",
                )),
            };
        if !matches!(self.peek().kind, TokenKind::RParen) {
            return Err(self.unexpected("')' after the date value"));
        }
        let close = self.advance();
        self.leave();
        let ValueKind::Date(mut date) = inner.kind else {
            return Err(self.unexpected("a date value"));
        };
        if self.at_date_offset() {
            if date.offset.is_some() {
                return Err(chained_date_arithmetic(self.peek().span));
            }
            date.offset = Some(self.date_offset()?);
        }
        if self.at_date_offset() {
            return Err(chained_date_arithmetic(self.peek().span));
        }
        let end = date
            .offset
            .as_ref()
            .map_or(close.span, |offset| offset.span);
        Ok(ValueExpr {
            kind: ValueKind::Date(date),
            span: open.span.to(end),
        })
    }

    fn at_date_offset(&self) -> bool {
        matches!(self.peek_keyword(), Some(Keyword::Plus | Keyword::Minus))
    }

    fn date_with_offset(&mut self, base: DateBase, base_span: Span) -> Parsed<ValueExpr> {
        let offset = if self.at_date_offset() {
            Some(self.date_offset()?)
        } else {
            None
        };
        if self.at_date_offset() {
            return Err(chained_date_arithmetic(self.peek().span));
        }
        let span = offset
            .as_ref()
            .map_or(base_span, |offset| base_span.to(offset.span));
        Ok(ValueExpr {
            kind: ValueKind::Date(DateExpr {
                base,
                base_span,
                offset,
            }),
            span,
        })
    }

    fn date_offset(&mut self) -> Parsed<DateOffset> {
        let operator = self.advance();
        let sign = if token_keyword(&operator) == Some(Keyword::Plus) {
            Sign::Plus
        } else {
            Sign::Minus
        };
        if let Some(error) = self.lexical_error() {
            return Err(error);
        }
        let token = self.peek().clone();
        let text = match &token.kind {
            TokenKind::Word(text) | TokenKind::Bare(text) => text.clone(),
            TokenKind::Str { value, .. } => value.clone(),
            _ => {
                return Err(RuleError::new(
                    ErrorClass::InvalidDateExpression,
                    token.span,
                    format!("Expected an ISO-8601 duration after -{}", sign_name(sign)),
                    "write a duration such as P30D (30 days) or P7DT12H",
                ))
            }
        };
        self.advance();
        let duration =
            Duration::parse(&text).map_err(|error| duration_error(error, &text, token.span))?;
        Ok(DateOffset {
            sign,
            duration,
            span: operator.span.to(token.span),
        })
    }

    fn at_direct_reports(&self) -> bool {
        let is_word = |ahead: usize, expected: &str| matches!(&self.peek_at(ahead).kind, TokenKind::Word(w) if w.eq_ignore_ascii_case(expected));
        is_word(0, "direct") && is_word(1, "reports")
    }

    /// `Direct Reports for "<managerObjectId>"`, the whole rule.
    fn direct_reports(&mut self) -> Parsed<Expr> {
        self.advance();
        self.advance();
        let for_token = self.peek().clone();
        if !matches!(&for_token.kind, TokenKind::Word(w) if w.eq_ignore_ascii_case("for")) {
            return Err(self.unexpected("'for' (Direct Reports for \"<manager object id>\")"));
        }
        self.advance();
        if let Some(error) = self.lexical_error() {
            return Err(error);
        }
        let id = self.peek().clone();
        let TokenKind::Str { value, quote } = &id.kind else {
            return Err(self.unexpected("the manager's object id in double quotes"));
        };
        if *quote == Quote::Single && !self.options.single_quoted_strings {
            return Err(self.unexpected("the manager's object id in double quotes"));
        }
        self.advance();
        if let Some(error) = self.lexical_error() {
            return Err(error);
        }
        if !matches!(self.peek().kind, TokenKind::End) {
            return Err(direct_reports_not_combinable(self.peek().span));
        }
        Ok(Expr::DirectReports {
            manager: value.clone(),
            id_span: id.span,
        })
    }
}

fn token_keyword(token: &Token) -> Option<Keyword> {
    match &token.kind {
        TokenKind::Dashed(word) => keyword(word),
        TokenKind::Word(word) if !word.contains('.') => keyword(word),
        _ => None,
    }
}

fn is_null_word(word: &str) -> bool {
    word.eq_ignore_ascii_case("null") || word.eq_ignore_ascii_case("$null")
}

/// `2020-06-10...`: four digits and a hyphen.
fn looks_like_date(literal: &str) -> bool {
    let bytes = literal.as_bytes();
    bytes.len() >= 5 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-'
}

fn is_number(literal: &str) -> bool {
    let mut parts = literal.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && parts.next().is_none_or(all_digits)
}

fn parse_instant_literal(literal: &str, span: Span) -> Parsed<DateTime> {
    DateTime::parse_iso8601(literal).ok_or_else(|| invalid_instant(literal, span))
}

pub(crate) fn invalid_instant(literal: &str, span: Span) -> RuleError {
    RuleError::new(
        ErrorClass::InvalidDateExpression,
        span,
        format!("'{literal}' is not a valid ISO-8601 date-time"),
        "write a date-time such as 2025-06-01T00:00:00Z",
    )
}

fn duration_error(error: DurationError, text: &str, span: Span) -> RuleError {
    let (message, hint) = match error {
        DurationError::Malformed => (
            format!("'{text}' is not an ISO-8601 duration"),
            "write a duration such as P30D (30 days), PT12H (12 hours) or P1DT6H",
        ),
        DurationError::CalendarUnit => (
            format!("The duration '{text}' uses years or months, whose length varies"),
            "write it in days or weeks, e.g. P365D or P4W",
        ),
        DurationError::TooLarge => (
            format!("The duration '{text}' is longer than any date range"),
            "use a duration of at most a few thousand years' worth of days",
        ),
    };
    RuleError::new(ErrorClass::InvalidDateExpression, span, message, hint)
}

fn sign_name(sign: Sign) -> &'static str {
    match sign {
        Sign::Plus => "plus",
        Sign::Minus => "minus",
    }
}

fn chained_date_arithmetic(span: Span) -> RuleError {
    RuleError::new(
        ErrorClass::InvalidDateExpression,
        span,
        "Only one -plus or -minus can follow a date value",
        "add the durations up, e.g. system.now -minus P380D instead of -minus P365D -minus P15D",
    )
}

fn missing_logical_operator(span: Span) -> RuleError {
    RuleError::compilation(
        CompilationReason::MissingLogicalOperator,
        span,
        "Two conditions without -and or -or between them",
        "join the conditions with -and or -or",
    )
}

fn direct_reports_not_combinable(span: Span) -> RuleError {
    RuleError::new(
        ErrorClass::DirectReportsNotCombinable,
        span,
        "A Direct Reports rule can't be combined with anything else",
        "make Direct Reports for \"<manager object id>\" the whole rule, \
         and use a separate group for other conditions",
    )
}

fn unknown_operator(word: &str, span: Span) -> RuleError {
    let lower = word.to_ascii_lowercase();
    let alias = match lower.as_str() {
        "equals" | "is" => Some("-eq"),
        "gt" | "gte" => Some("-ge"),
        "lt" | "lte" => Some("-le"),
        "like" => Some("-match or -contains"),
        "notlike" => Some("-notMatch or -notContains"),
        "notequals" | "isnot" => Some("-ne"),
        "xor" | "nor" | "nand" => Some("-and / -or with -not"),
        _ => None,
    };
    let names = CmpOp::ALL
        .iter()
        .map(|op| op.name())
        .chain(["and", "or", "not", "any", "all", "plus", "minus"]);
    let hint = match alias
        .map(str::to_string)
        .or_else(|| closest(word, names).map(|n| format!("-{n}")))
    {
        Some(suggestion) => format!("did you mean {suggestion}?"),
        None => format!("the operators are {OPERATOR_LIST}"),
    };
    RuleError::compilation(
        CompilationReason::UnknownOperator,
        span,
        format!("Unknown operator '-{word}'"),
        hint,
    )
}

fn unquoted(literal: &str, span: Span) -> RuleError {
    RuleError::compilation(
        CompilationReason::InvalidLiteral,
        span,
        format!("Unquoted value '{literal}'"),
        format!("put string values in double quotes: \"{literal}\""),
    )
}

fn unclosed_list(open: Span) -> RuleError {
    RuleError::compilation(
        CompilationReason::UnbalancedParentheses,
        open,
        "'[' is never closed",
        "end the list with ']'",
    )
}

fn describe(kind: &TokenKind) -> String {
    match kind {
        TokenKind::LParen => "'('".into(),
        TokenKind::RParen => "')'".into(),
        TokenKind::LBracket => "'['".into(),
        TokenKind::RBracket => "']'".into(),
        TokenKind::Comma => "','".into(),
        TokenKind::Word(word) => format!("'{word}'"),
        TokenKind::Dashed(word) => format!("'-{word}'"),
        TokenKind::Str { value, .. } => format!("the string \"{value}\""),
        TokenKind::Bare(literal) => format!("'{literal}'"),
        TokenKind::End => "the end of the rule".into(),
        TokenKind::Error(error) => error.message().to_string(),
    }
}

//! Splits rule text into tokens (reference §2).
//!
//! A lexical error becomes the last token instead of failing at once, so that the parser
//! reports problems in text order: `mail –ne null` is "missing object prefix" (offset 0),
//! not "typographic dash" (offset 5).

use crate::error::{CompilationReason, ErrorClass, RuleError, Span};
use crate::options::{OperatorSpacing, RuleOptions, Typography};

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    /// Identifier, possibly dotted (`user.department`, `system.now`, `_`, `and`, `$null`).
    Word(String),
    /// `-` followed by letters (`-eq`, `-and`); holds the letters only.
    Dashed(String),
    Str {
        value: String,
        quote: Quote,
    },
    /// A literal starting with a digit: a date-time (`2020-06-10T18:13:20Z`) or a number.
    Bare(String),
    End,
    Error(Box<RuleError>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Quote {
    Double,
    Single,
    /// ``‘`"Sales`"`` without outer quotes (§7.10); the value keeps its quotes.
    Backtick,
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

const DASHES: [char; 4] = ['\u{2012}', '\u{2013}', '\u{2014}', '\u{2212}'];
const DOUBLE_QUOTES: [char; 3] = ['\u{201C}', '\u{201D}', '\u{201E}'];
const SINGLE_QUOTES: [char; 3] = ['\u{2018}', '\u{2019}', '\u{201A}'];

pub(crate) fn tokenize(text: &str, options: &RuleOptions) -> Vec<Token> {
    let mut lexer = Lexer {
        text,
        options,
        position: 0,
        tokens: Vec::new(),
    };
    if let Err(error) = lexer.run() {
        let span = error.span();
        lexer.tokens.push(Token {
            kind: TokenKind::Error(Box::new(error)),
            span,
        });
    }
    lexer.tokens
}

struct Lexer<'t, 'o> {
    text: &'t str,
    options: &'o RuleOptions,
    position: usize,
    tokens: Vec<Token>,
}

impl Lexer<'_, '_> {
    fn peek(&self) -> Option<char> {
        self.text[self.position..].chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        self.text[self.position..].chars().nth(1)
    }

    fn normalizing(&self) -> bool {
        self.options.typography == Typography::Normalize
    }

    fn is_space(&self, c: char) -> bool {
        matches!(c, ' ' | '\t' | '\r' | '\n') || (self.normalizing() && c.is_whitespace())
    }

    fn is_dash(&self, c: char) -> bool {
        c == '-' || (self.normalizing() && DASHES.contains(&c))
    }

    fn run(&mut self) -> Result<(), RuleError> {
        loop {
            let before = self.position;
            while let Some(c) = self.peek().filter(|&c| self.is_space(c)) {
                self.position += c.len_utf8();
            }
            let spaced = before != self.position || before == 0;
            let start = self.position;
            let Some(c) = self.peek() else {
                self.push(TokenKind::End, start);
                return Ok(());
            };
            let kind = match c {
                '(' => self.single(TokenKind::LParen),
                ')' => self.single(TokenKind::RParen),
                '[' => self.single(TokenKind::LBracket),
                ']' => self.single(TokenKind::RBracket),
                ',' => self.single(TokenKind::Comma),
                '"' => self.string(Quote::Double)?,
                '\'' => self.string(Quote::Single)?,
                '`' if self.peek_second() == Some('"') && self.options.backtick_quoted_values => {
                    self.backtick_string()?
                }
                c if self.is_dash(c) => self.dashed()?,
                c if c.is_ascii_alphabetic() || c == '_' || c == '$' => self.word(),
                c if c.is_ascii_digit() => self.bare(),
                c if DOUBLE_QUOTES.contains(&c) && self.normalizing() => {
                    self.string(Quote::Double)?
                }
                c if SINGLE_QUOTES.contains(&c) && self.normalizing() => {
                    self.string(Quote::Single)?
                }
                c => return Err(self.unexpected_character(c, start)),
            };
            self.check_spacing(&kind, start, spaced)?;
            self.push(kind, start);
        }
    }

    fn push(&mut self, kind: TokenKind, start: usize) {
        let span = Span::between(start, self.position);
        self.tokens.push(Token { kind, span });
    }

    fn single(&mut self, kind: TokenKind) -> TokenKind {
        self.position += 1;
        kind
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &str {
        let start = self.position;
        while let Some(c) = self.peek().filter(|&c| keep(c)) {
            self.position += c.len_utf8();
        }
        &self.text[start..self.position]
    }

    fn dashed(&mut self) -> Result<TokenKind, RuleError> {
        let start = self.position;
        self.position += self.peek().map_or(1, char::len_utf8);
        let letters = self.take_while(|c| c.is_ascii_alphabetic()).to_string();
        if letters.is_empty() {
            return Err(RuleError::compilation(
                CompilationReason::InvalidCharacter,
                Span::between(start, self.position),
                "A '-' that does not start an operator",
                "operators are written like -eq or -and; remove the '-' or complete the operator",
            ));
        }
        Ok(TokenKind::Dashed(letters))
    }

    fn word(&mut self) -> TokenKind {
        let start = self.position;
        self.position += 1;
        loop {
            self.take_while(|c| c.is_ascii_alphanumeric() || c == '_');
            // A dot continues the word only when an identifier follows (`user.city`).
            let rest = &self.text[self.position..];
            let mut chars = rest.chars();
            if chars.next() == Some('.')
                && chars
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            {
                self.position += 1;
            } else {
                break;
            }
        }
        TokenKind::Word(self.text[start..self.position].to_string())
    }

    fn bare(&mut self) -> TokenKind {
        let value =
            self.take_while(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '+' | '-'));
        TokenKind::Bare(value.to_string())
    }

    /// A quoted string. Inside double quotes `` `" `` is a quote character; in both kinds
    /// `''` is one single quote (both documented).
    fn string(&mut self, quote: Quote) -> Result<TokenKind, RuleError> {
        let start = self.position;
        let opening = self.peek().unwrap_or('"');
        self.position += opening.len_utf8();
        let closes = |c: char| match quote {
            Quote::Double | Quote::Backtick => {
                c == '"' || (opening != '"' && DOUBLE_QUOTES.contains(&c))
            }
            Quote::Single => c == '\'' || (opening != '\'' && SINGLE_QUOTES.contains(&c)),
        };
        let mut value = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(unterminated(start, self.position, quote));
            };
            self.position += c.len_utf8();
            match c {
                '`' if quote == Quote::Double && self.peek() == Some('"') => {
                    self.position += 1;
                    value.push('"');
                }
                '\'' if self.peek() == Some('\'') => {
                    self.position += 1;
                    value.push('\'');
                }
                c if closes(c) => return Ok(TokenKind::Str { value, quote }),
                c => value.push(c),
            }
        }
    }

    /// ``‘`"Sales`"`` outside a string: the value is `"Sales"`, quotes included (§7.10).
    fn backtick_string(&mut self) -> Result<TokenKind, RuleError> {
        let start = self.position;
        self.position += 2;
        let mut value = String::from('"');
        loop {
            let rest = &self.text[self.position..];
            if rest.starts_with("`\"") {
                self.position += 2;
                value.push('"');
                return Ok(TokenKind::Str {
                    value,
                    quote: Quote::Backtick,
                });
            }
            let Some(c) = rest.chars().next() else {
                return Err(unterminated(start, self.position, Quote::Backtick));
            };
            self.position += c.len_utf8();
            value.push(c);
        }
    }

    /// 2016 docs: `(user.department-eq"Sales")` is "Binary expression is not in right format".
    fn check_spacing(&self, kind: &TokenKind, start: usize, spaced: bool) -> Result<(), RuleError> {
        let Some(previous) = self.tokens.last() else {
            return Ok(());
        };
        let glued_to_operand = matches!(
            previous.kind,
            TokenKind::Word(_) | TokenKind::Str { .. } | TokenKind::Bare(_)
        );
        let operator_before = matches!(previous.kind, TokenKind::Dashed(_));
        let starts_operand = !matches!(
            kind,
            TokenKind::LParen | TokenKind::RParen | TokenKind::LBracket | TokenKind::Comma
        );
        let glued = match self.options.operator_spacing {
            OperatorSpacing::Lenient => false,
            OperatorSpacing::ValueMayTouchOperator => {
                !spaced && matches!(kind, TokenKind::Dashed(_)) && glued_to_operand
            }
            OperatorSpacing::Strict => {
                !spaced
                    && ((matches!(kind, TokenKind::Dashed(_)) && glued_to_operand)
                        || (operator_before && starts_operand))
            }
        };
        if !glued {
            return Ok(());
        }
        Err(RuleError::new(
            ErrorClass::BinaryExpressionFormat,
            Span::between(start, self.position),
            format!(
                "'{}' is not separated from the text before it",
                &self.text[start..self.position]
            ),
            "put a space between the property, the operator and the value, \
             e.g. user.department -eq \"Sales\"",
        ))
    }

    fn unexpected_character(&self, c: char, start: usize) -> RuleError {
        let span = Span::new(start, c.len_utf8());
        if DASHES.contains(&c) {
            return RuleError::new(
                ErrorClass::BinaryExpressionFormat,
                span,
                format!("Typographic dash '{c}' (U+{:04X})", u32::from(c)),
                "write operators with the ASCII hyphen '-', e.g. -eq (word processors replace it)",
            );
        }
        if DOUBLE_QUOTES.contains(&c) || SINGLE_QUOTES.contains(&c) {
            return RuleError::new(
                ErrorClass::BinaryExpressionFormat,
                span,
                format!("Typographic quote '{c}' (U+{:04X})", u32::from(c)),
                "use only straight English quotes \" or '",
            );
        }
        let hint = match c {
            '=' => "compare with -eq (or -ne for 'not equal')",
            '!' => "use -ne, -notContains, -notIn ... or -not (...)",
            '<' | '>' => "dates are compared with -le and -ge; other properties have no ordering",
            '&' => "combine conditions with -and",
            '|' => "combine conditions with -or",
            '`' => "a backtick only escapes a double quote inside a string: \"Sa`\"les\"",
            '.' => "properties are written object.name, e.g. user.department",
            c if c.is_whitespace() => "replace it with an ordinary space",
            _ => "remove it, or put the value in double quotes",
        };
        RuleError::compilation(
            CompilationReason::InvalidCharacter,
            span,
            format!(
                "Unexpected character '{}' (U+{:04X})",
                c.escape_debug(),
                u32::from(c)
            ),
            hint,
        )
    }
}

fn unterminated(start: usize, end: usize, quote: Quote) -> RuleError {
    let closing = match quote {
        Quote::Double => "\"",
        Quote::Single => "'",
        Quote::Backtick => "`\"",
    };
    RuleError::compilation(
        CompilationReason::UnterminatedString,
        Span::between(start, end),
        "String that is never closed",
        format!("add the closing {closing}, or check that quotes inside the value are escaped"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokenize(text, &RuleOptions::default())
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    fn word(text: &str) -> TokenKind {
        TokenKind::Word(text.to_string())
    }

    fn string(text: &str) -> TokenKind {
        TokenKind::Str {
            value: text.to_string(),
            quote: Quote::Double,
        }
    }

    #[test]
    fn splits_a_comparison() {
        assert_eq!(
            kinds("(user.department -eq \"Sales\")"),
            vec![
                TokenKind::LParen,
                word("user.department"),
                TokenKind::Dashed("eq".into()),
                string("Sales"),
                TokenKind::RParen,
                TokenKind::End
            ]
        );
    }

    #[test]
    fn escapes_in_strings() {
        assert_eq!(kinds("\"Sa`\"les\"")[0], string("Sa\"les"));
        assert_eq!(kinds("\"O''Brien\"")[0], string("O'Brien"));
        assert_eq!(
            kinds("'it''s'")[0],
            TokenKind::Str {
                value: "it's".into(),
                quote: Quote::Single
            }
        );
        assert_eq!(kinds("\"a`b\"")[0], string("a`b"));
        assert_eq!(kinds("\"\\d+\"")[0], string("\\d+"));
        assert_eq!(
            kinds("`\"Sales`\"")[0],
            TokenKind::Str {
                value: "\"Sales\"".into(),
                quote: Quote::Backtick
            }
        );
    }

    #[test]
    fn bare_literals_stop_at_delimiters() {
        assert_eq!(
            kinds("2020-06-10T18:13:20Z)"),
            vec![
                TokenKind::Bare("2020-06-10T18:13:20Z".into()),
                TokenKind::RParen,
                TokenKind::End
            ]
        );
        assert_eq!(
            kinds("[1,2]")[1..4],
            [
                TokenKind::Bare("1".into()),
                TokenKind::Comma,
                TokenKind::Bare("2".into())
            ]
        );
    }

    #[test]
    fn a_dot_joins_identifiers_only() {
        assert_eq!(kinds("user.city.")[0], word("user.city"));
        assert_eq!(kinds("system.now")[0], word("system.now"));
    }

    #[test]
    fn value_may_touch_operator_but_operator_may_not_touch_property() {
        assert_eq!(kinds("-endsWith\"@x\"")[1], string("@x"));
        let tokens = tokenize("user.department-eq\"Sales\"", &RuleOptions::default());
        let TokenKind::Error(error) = &tokens.last().unwrap().kind else {
            panic!("expected an error token")
        };
        assert_eq!(error.class(), ErrorClass::BinaryExpressionFormat);
        assert_eq!(error.span(), Span::new(15, 3));
    }

    #[test]
    fn lexical_errors_come_last() {
        let tokens = tokenize("mail \u{2013}ne null", &RuleOptions::default());
        assert_eq!(tokens[0].kind, word("mail"));
        let TokenKind::Error(error) = &tokens[1].kind else {
            panic!("expected an error token")
        };
        assert_eq!(error.class(), ErrorClass::BinaryExpressionFormat);
        assert_eq!(error.span().start, 5);
    }

    #[test]
    fn normalizes_typography_when_asked() {
        let options = RuleOptions {
            typography: Typography::Normalize,
            ..RuleOptions::default()
        };
        let tokens: Vec<_> = tokenize("user.department \u{2013}eq \u{201C}Sales\u{201D}", &options)
            .into_iter()
            .map(|t| t.kind)
            .collect();
        assert_eq!(tokens[1], TokenKind::Dashed("eq".into()));
        assert_eq!(tokens[2], string("Sales"));
    }
}

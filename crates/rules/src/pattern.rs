//! The `-match` operator's patterns, behind a trait: with the `regex` feature (the default) they
//! are compiled here by the `regex` crate; without it a front end installs a [`PatternEngine`]
//! once (the embed page's is a second wasm module, fetched only for scenarios that use `-match`,
//! which runs [`RegexEngine`] itself, so both give the same matches and the same errors).

use std::fmt;
use std::sync::Arc;

/// Compiled size limit for one `-match` pattern: generous for real patterns, and it bounds
/// the time and memory a hostile pattern such as `(\w{100}){100}` can cost.
pub const REGEX_SIZE_LIMIT: usize = 1 << 18;

/// How `-match` patterns are compiled: case-insensitively, with Unicode `\w`, `\d`, `\s`, `\b` as
/// in .NET.
pub trait PatternEngine: Sync {
    /// The pattern compiled, or why not.
    fn compile(
        &self,
        pattern: &str,
        dot_matches_new_line: bool,
    ) -> Result<Arc<dyn Pattern>, PatternError>;

    /// How many bracketed classes of the pattern fold a large part of Unicode when compiled
    /// case-insensitively (a negated class inside brackets such as `[\s\S]`, or a range of more
    /// than a thousand code points); 0 for a pattern that does not parse.
    fn large_classes(&self, pattern: &str) -> usize;
}

/// A compiled `-match` pattern.
pub trait Pattern: Send + Sync {
    fn is_match(&self, text: &str) -> bool;
}

/// Why a pattern does not compile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternError {
    /// Over [`REGEX_SIZE_LIMIT`] once compiled.
    TooBig,
    /// Invalid: the compiler's message, without its caret drawing.
    Invalid(String),
    /// No pattern engine in this build (a front end built without `regex` that installed none).
    Unavailable,
}

/// A compiled pattern as a rule holds it.
#[derive(Clone)]
pub(crate) struct Compiled(Arc<dyn Pattern>);

impl Compiled {
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

impl fmt::Debug for Compiled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Compiled(..)")
    }
}

/// The engine `-match` patterns compile with in this build, if any.
fn engine() -> Option<&'static dyn PatternEngine> {
    #[cfg(feature = "regex")]
    {
        Some(&RegexEngine)
    }
    #[cfg(not(feature = "regex"))]
    {
        INSTALLED.get().copied()
    }
}

pub(crate) fn compile(pattern: &str, dot_matches_new_line: bool) -> Result<Compiled, PatternError> {
    let engine = engine().ok_or(PatternError::Unavailable)?;
    engine.compile(pattern, dot_matches_new_line).map(Compiled)
}

pub(crate) fn large_classes(pattern: &str) -> usize {
    engine().map_or(0, |engine| engine.large_classes(pattern))
}

#[cfg(not(feature = "regex"))]
static INSTALLED: std::sync::OnceLock<&'static dyn PatternEngine> = std::sync::OnceLock::new();

/// Installs the engine `-match` patterns compile with, in a build without the `regex` feature;
/// false when one was installed already (the first stays).
#[cfg(not(feature = "regex"))]
pub fn install_pattern_engine(engine: &'static dyn PatternEngine) -> bool {
    INSTALLED.set(engine).is_ok()
}

/// The `regex` crate as the pattern engine: case-insensitive, Unicode classes, linear-time.
#[cfg(feature = "regex")]
#[derive(Clone, Copy, Debug, Default)]
pub struct RegexEngine;

#[cfg(feature = "regex")]
impl PatternEngine for RegexEngine {
    fn compile(
        &self,
        pattern: &str,
        dot_matches_new_line: bool,
    ) -> Result<Arc<dyn Pattern>, PatternError> {
        let regex = regex::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .dot_matches_new_line(dot_matches_new_line)
            .size_limit(REGEX_SIZE_LIMIT)
            .nest_limit(64)
            .build()
            .map_err(|error| match error {
                regex::Error::CompiledTooBig(_) => PatternError::TooBig,
                other => PatternError::Invalid(
                    other
                        .to_string()
                        .lines()
                        .rev()
                        .find(|line| line.trim_start().starts_with("error:"))
                        .map_or_else(
                            || "invalid syntax".to_string(),
                            |line| line.trim().trim_start_matches("error: ").to_string(),
                        ),
                ),
            })?;
        Ok(Arc::new(regex))
    }

    fn large_classes(&self, pattern: &str) -> usize {
        count_large_classes(pattern)
    }
}

#[cfg(feature = "regex")]
impl Pattern for regex::Regex {
    fn is_match(&self, text: &str) -> bool {
        regex::Regex::is_match(self, text)
    }
}

#[cfg(feature = "regex")]
fn count_large_classes(pattern: &str) -> usize {
    use regex_syntax::ast::{self, ClassSetItem, Visitor};

    struct Counter(usize);

    impl Visitor for Counter {
        type Output = usize;
        type Err = ();

        fn finish(self) -> Result<usize, ()> {
            Ok(self.0)
        }

        fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), ()> {
            let large = match item {
                ClassSetItem::Perl(class) => class.negated,
                ClassSetItem::Unicode(class) => class.is_negated(),
                ClassSetItem::Ascii(class) => class.negated,
                ClassSetItem::Bracketed(class) => class.negated,
                ClassSetItem::Range(range) => {
                    u32::from(range.end.c) - u32::from(range.start.c) > 1000
                }
                _ => false,
            };
            self.0 += usize::from(large);
            Ok(())
        }
    }

    // A pattern that does not parse is reported by the regex compiler.
    let mut parser = ast::parse::ParserBuilder::new().nest_limit(64).build();
    parser
        .parse(pattern)
        .ok()
        .and_then(|ast| ast::visit(&ast, Counter(0)).ok())
        .unwrap_or(0)
}

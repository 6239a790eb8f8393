//! The `-match` operator's patterns as a wasm module of their own. The embed page's binary is built
//! without the `regex` crate (a third of its code); for a scenario whose rules use `-match` it
//! fetches this module and installs it as the rules' pattern engine (`crates/app/src/matcher.rs`),
//! so patterns compile and match with the same `RegexEngine`, limits and error words as in the
//! app and the command.
//!
//! Compiled patterns live here, named by a number, until the embed releases them.

use std::cell::RefCell;
use std::sync::Arc;

use licenselab_rules::{Pattern, PatternEngine, PatternError, RegexEngine};
use wasm_bindgen::prelude::*;

thread_local! {
    /// Compiled patterns by number; a released number is reused.
    static PATTERNS: RefCell<Vec<Option<Arc<dyn Pattern>>>> = const { RefCell::new(Vec::new()) };
}

/// Compiles a pattern and returns its number. Throws the compiler's message (a string) for an
/// invalid pattern, or `null` for one over the compiled-size limit.
#[wasm_bindgen]
pub fn compile(pattern: &str, dot_matches_new_line: bool) -> Result<u32, JsValue> {
    compiled(pattern, dot_matches_new_line).map_err(|error| match error {
        Some(message) => JsValue::from_str(&message),
        None => JsValue::NULL,
    })
}

/// Whether the pattern numbered `id` matches `text`; false for a released or unknown number.
#[wasm_bindgen]
pub fn is_match(id: u32, text: &str) -> bool {
    PATTERNS.with_borrow(|patterns| {
        patterns
            .get(id as usize)
            .and_then(Option::as_ref)
            .is_some_and(|pattern| pattern.is_match(text))
    })
}

/// Frees the pattern numbered `id`.
#[wasm_bindgen]
pub fn release(id: u32) {
    PATTERNS.with_borrow_mut(|patterns| {
        if let Some(slot) = patterns.get_mut(id as usize) {
            *slot = None;
        }
    });
}

/// The pattern's large bracketed classes (`PatternEngine::large_classes`).
#[wasm_bindgen]
pub fn large_classes(pattern: &str) -> u32 {
    u32::try_from(RegexEngine.large_classes(pattern)).unwrap_or(u32::MAX)
}

/// The pattern's number, or its error: the message, or `None` when it is too big.
fn compiled(pattern: &str, dot_matches_new_line: bool) -> Result<u32, Option<String>> {
    let pattern =
        RegexEngine
            .compile(pattern, dot_matches_new_line)
            .map_err(|error| match error {
                PatternError::Invalid(message) => Some(message),
                PatternError::TooBig | PatternError::Unavailable => None,
            })?;
    PATTERNS.with_borrow_mut(|patterns| {
        let id = match patterns.iter().position(Option::is_none) {
            Some(free) => free,
            None => {
                patterns.push(None);
                patterns.len() - 1
            }
        };
        patterns[id] = Some(pattern);
        u32::try_from(id).map_err(|_| Some("too many patterns".to_owned()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_case_insensitively_with_unicode_classes_and_are_released() {
        let id = compiled(r"^\w+@contoso\.com$", false).unwrap();
        assert!(is_match(id, "Ångström@CONTOSO.com"));
        assert!(!is_match(id, "ann@fabrikam.com"));
        release(id);
        assert!(!is_match(id, "ann@contoso.com"));
        // The released number is used again.
        assert_eq!(compiled("b", false).unwrap(), id);
    }

    #[test]
    fn errors_are_the_compilers_message_or_too_big() {
        let message = compiled("(", false).unwrap_err().unwrap();
        assert!(message.contains("unclosed group"), "{message}");
        assert_eq!(compiled(r"(\w{100}){100}", false), Err(None));
        assert_eq!(large_classes(r"[\s\S][\w\W]x"), 2);
    }
}

//! Case-insensitive string operators without allocation.
//!
//! A rule's literal is folded once when the rule is compiled. At evaluation the subject's
//! value is folded on the fly: byte by byte when it is ASCII (the common case), otherwise as
//! a stream of lower-cased characters, so both paths compare exactly
//! `fold(value)` with `fold(literal)`.

use crate::options::CaseFolding;

/// A folded literal prepared for `-eq`, `-startsWith`, `-endsWith` and `-contains`.
#[derive(Clone, Debug)]
pub(crate) struct Needle {
    folded: Box<str>,
    /// Knuth–Morris–Pratt failure table over the folded characters, for `-contains`.
    failure: Box<[usize]>,
    chars: Box<[char]>,
}

impl Needle {
    pub(crate) fn new(literal: &str, folding: CaseFolding) -> Needle {
        let folded: String = literal
            .chars()
            .flat_map(|c| Fold::new(c, folding))
            .collect();
        let chars: Box<[char]> = folded.chars().collect();
        let failure = failure_table(&chars);
        Needle {
            folded: folded.into_boxed_str(),
            failure,
            chars,
        }
    }

    pub(crate) fn folded(&self) -> &str {
        &self.folded
    }

    pub(crate) fn equals(&self, value: &str, folding: CaseFolding) -> bool {
        if value.is_ascii() {
            value.len() == self.folded.len() && ascii_lower(value.bytes()).eq(self.folded.bytes())
        } else {
            folded_chars(value, folding).eq(self.folded.chars())
        }
    }

    pub(crate) fn is_prefix_of(&self, value: &str, folding: CaseFolding) -> bool {
        if value.is_ascii() {
            value.len() >= self.folded.len()
                && ascii_lower(value.bytes())
                    .take(self.folded.len())
                    .eq(self.folded.bytes())
        } else {
            is_prefix(self.folded.chars(), folded_chars(value, folding))
        }
    }

    pub(crate) fn is_suffix_of(&self, value: &str, folding: CaseFolding) -> bool {
        if value.is_ascii() {
            value.len() >= self.folded.len()
                && ascii_lower(value.bytes().rev())
                    .take(self.folded.len())
                    .eq(self.folded.bytes().rev())
        } else {
            let reversed = value
                .chars()
                .rev()
                .flat_map(|c| Fold::new(c, folding).rev());
            is_prefix(self.folded.chars().rev(), reversed)
        }
    }

    pub(crate) fn is_contained_in(&self, value: &str, folding: CaseFolding) -> bool {
        if value.is_ascii() {
            self.search(ascii_lower(value.bytes()).map(char::from))
        } else {
            self.search(folded_chars(value, folding))
        }
    }

    /// Linear-time substring search over a character stream.
    fn search(&self, haystack: impl Iterator<Item = char>) -> bool {
        if self.chars.is_empty() {
            return true;
        }
        let mut matched = 0;
        for c in haystack {
            while matched > 0 && self.chars[matched] != c {
                matched = self.failure[matched - 1];
            }
            if self.chars[matched] == c {
                matched += 1;
                if matched == self.chars.len() {
                    return true;
                }
            }
        }
        false
    }
}

fn failure_table(pattern: &[char]) -> Box<[usize]> {
    let mut table = vec![0; pattern.len()];
    let mut matched = 0;
    for i in 1..pattern.len() {
        while matched > 0 && pattern[i] != pattern[matched] {
            matched = table[matched - 1];
        }
        if pattern[i] == pattern[matched] {
            matched += 1;
        }
        table[i] = matched;
    }
    table.into_boxed_slice()
}

fn is_prefix(prefix: impl Iterator<Item = char>, mut text: impl Iterator<Item = char>) -> bool {
    prefix.into_iter().all(|p| text.next() == Some(p))
}

fn ascii_lower(bytes: impl Iterator<Item = u8>) -> impl Iterator<Item = u8> {
    bytes.map(|b| b.to_ascii_lowercase())
}

/// The folded characters of `text`.
pub(crate) fn folded_chars(text: &str, folding: CaseFolding) -> impl Iterator<Item = char> + '_ {
    text.chars().flat_map(move |c| Fold::new(c, folding))
}

/// Folds `text` into `buffer` when it is ASCII and fits; for lookups in sorted lists.
pub(crate) fn fold_ascii_into<'b>(text: &str, buffer: &'b mut [u8]) -> Option<&'b str> {
    if !text.is_ascii() || text.len() > buffer.len() {
        return None;
    }
    let target = &mut buffer[..text.len()];
    for (slot, byte) in target.iter_mut().zip(text.bytes()) {
        *slot = byte.to_ascii_lowercase();
    }
    std::str::from_utf8(target).ok()
}

/// The lower-case mapping of one character: one to three characters under Unicode rules.
enum Fold {
    Unicode(std::char::ToLowercase),
    Ascii(Option<char>),
}

impl Fold {
    fn new(c: char, folding: CaseFolding) -> Fold {
        match folding {
            CaseFolding::Unicode => Fold::Unicode(c.to_lowercase()),
            CaseFolding::Ascii => Fold::Ascii(Some(c.to_ascii_lowercase())),
        }
    }
}

impl Iterator for Fold {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        match self {
            Fold::Unicode(lower) => lower.next(),
            Fold::Ascii(c) => c.take(),
        }
    }
}

impl DoubleEndedIterator for Fold {
    fn next_back(&mut self) -> Option<char> {
        match self {
            Fold::Unicode(lower) => lower.next_back(),
            Fold::Ascii(c) => c.take(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const U: CaseFolding = CaseFolding::Unicode;
    const A: CaseFolding = CaseFolding::Ascii;

    fn lower(text: &str) -> String {
        text.chars().flat_map(char::to_lowercase).collect()
    }

    /// The streaming operators must agree with the allocating definition.
    fn check(value: &str, literal: &str) {
        let needle = Needle::new(literal, U);
        let (v, l) = (lower(value), lower(literal));
        assert_eq!(needle.equals(value, U), v == l, "eq {value:?} {literal:?}");
        assert_eq!(
            needle.is_prefix_of(value, U),
            v.starts_with(&l),
            "sw {value:?} {literal:?}"
        );
        assert_eq!(
            needle.is_suffix_of(value, U),
            v.ends_with(&l),
            "ew {value:?} {literal:?}"
        );
        assert_eq!(
            needle.is_contained_in(value, U),
            v.contains(&l),
            "c {value:?} {literal:?}"
        );
    }

    #[test]
    fn agrees_with_lowercase_definition() {
        let samples = [
            "",
            "a",
            "A",
            "Sales",
            "SALES",
            "sales team",
            "ßtraße",
            "STRASSE",
            "İstanbul",
            "i\u{307}stanbul",
            "ÅNGSTRÖM",
            "ångström",
            "Ǆemal",
            "ǆ",
            "K",
            "k",
            "aab",
            "aaab",
            "abab",
            "ababc",
            "ΣΊΣΥΦΟΣ",
            "σίσυφος",
            "日本語",
            "\u{307}",
        ];
        for value in samples {
            for literal in samples {
                check(value, literal);
            }
        }
    }

    #[test]
    fn ascii_fast_path_ignores_case() {
        let needle = Needle::new("Sales", U);
        assert_eq!(needle.folded(), "sales");
        assert!(needle.equals("SALES", U));
        assert!(needle.is_prefix_of("salesforce", U));
        assert!(needle.is_suffix_of("Inside SALES", U));
        assert!(needle.is_contained_in("xxSaLeSxx", U));
        assert!(!needle.is_contained_in("Sale", U));
    }

    #[test]
    fn kelvin_sign_folds_to_ascii_k() {
        let needle = Needle::new("\u{212A}", U);
        assert!(needle.equals("k", U));
        assert!(needle.equals("K", U));
    }

    #[test]
    fn ascii_folding_leaves_other_letters_alone() {
        let needle = Needle::new("Ä", A);
        assert!(needle.equals("Ä", A));
        assert!(!needle.equals("ä", A));
        assert!(Needle::new("Sales", A).equals("SALES", A));
    }

    #[test]
    fn contains_restarts_correctly_after_partial_match() {
        let needle = Needle::new("aab", U);
        assert!(needle.is_contained_in("aaab", U));
        assert!(Needle::new("abab", U).is_contained_in("ababab", U));
        assert!(!Needle::new("abac", U).is_contained_in("ababab", U));
    }

    #[test]
    fn folds_ascii_into_buffer() {
        let mut buffer = [0u8; 8];
        assert_eq!(fold_ascii_into("AbC", &mut buffer), Some("abc"));
        assert_eq!(fold_ascii_into("ÄbC", &mut buffer), None);
        assert_eq!(fold_ascii_into("too long here", &mut buffer), None);
    }
}

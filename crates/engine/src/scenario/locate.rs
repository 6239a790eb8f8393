//! Between field paths and positions in JSON text, both ways.
//!
//! Reference errors (an unknown member id, say) are found after parsing, when serde_json's
//! positions are gone; walking the text again by path gives the user a line and column anyway.
//! serde_json's own errors have a position but no path; walking the text up to it gives the
//! path (`path_at`), so the scenario's deserializers need no path-tracking wrapper.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A path into the document, written the way users read it: `groups[1].members[0]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }
    pub fn key(&self, key: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Key(key.to_owned()));
        p
    }
    pub fn index(&self, index: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Index(index));
        p
    }
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(k) if i == 0 => write!(f, "{k}")?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of the value at `path`, or of the deepest part of the
/// path that exists.
pub fn locate(text: &str, path: &FieldPath) -> Option<(usize, usize)> {
    locate_at(text, path, false)
}

/// Like `locate`, but points at the name of the last field rather than its value (for "unknown
/// field" errors, where the name is what is wrong).
pub fn locate_name(text: &str, path: &FieldPath) -> Option<(usize, usize)> {
    locate_at(text, path, true)
}

fn locate_at(text: &str, path: &FieldPath, name_of_last: bool) -> Option<(usize, usize)> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
        last_key: 0,
    };
    scanner.skip_ws();
    let mut found = scanner.pos;
    for segment in &path.0 {
        match segment {
            Segment::Key(key) => {
                if !scanner.eat(b'{') {
                    break;
                }
                match scanner.find_member(key) {
                    Some(value_start) => {
                        found = if name_of_last {
                            scanner.last_key
                        } else {
                            value_start
                        }
                    }
                    None => break,
                }
            }
            Segment::Index(index) => {
                if !scanner.eat(b'[') {
                    break;
                }
                match scanner.find_element(*index) {
                    Some(value_start) => found = value_start,
                    None => break,
                }
            }
        }
    }
    Some(line_column(text, found))
}

/// Like `locate`, but for the character `offset` of the string value at `path` (escapes
/// counted as the one character they stand for), so an error inside a membership rule points at
/// the exact place in the file.
pub fn locate_in_string(text: &str, path: &FieldPath, offset: usize) -> Option<(usize, usize)> {
    let (line, column) = locate(text, path)?;
    let line_start = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum::<usize>();
    let value_start = line_start + text[line_start..].char_indices().nth(column - 1)?.0;
    let mut raw = text[value_start..].char_indices();
    if raw.next()?.1 != '"' {
        return Some((line, column));
    }
    let mut decoded = 0;
    while let Some((i, c)) = raw.next() {
        if decoded == offset || c == '"' {
            return Some(line_column(text, value_start + i));
        }
        if c == '\\' {
            // \uXXXX is six raw characters for one decoded one; other escapes are two.
            if raw.next()?.1 == 'u' {
                raw.nth(3)?;
            }
        }
        decoded += 1;
    }
    Some((line, column))
}

/// What a JSON reader's error is about, for `path_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A value was read but is not what was expected (type, value, a missing or unknown field):
    /// the error is about the value the reader stopped at, or just finished.
    Data,
    /// The byte just before the position is not valid JSON there: the error is about the place
    /// between values, not about the value before it.
    Syntax,
    /// The text ended inside the value being read.
    Eof,
}

/// The field path of the place where serde_json stopped with an error, `consumed` bytes into
/// `text` (its line and column as a byte offset: `offset_of`): the member or element being read,
/// as serde_path_to_error would track it while deserializing.
pub fn path_at(text: &str, consumed: usize, kind: ErrorKind) -> FieldPath {
    let bytes = text.as_bytes();
    // A syntax error's position includes the offending byte; it belongs to no value.
    let limit = match kind {
        ErrorKind::Syntax => consumed.saturating_sub(1),
        ErrorKind::Data | ErrorKind::Eof => consumed,
    }
    .min(bytes.len());
    let mut frames: Vec<Frame> = Vec::new();
    let mut pos = 0;
    while pos < limit {
        match bytes[pos] {
            b' ' | b'\t' | b'\n' | b'\r' => pos += 1,
            open @ (b'{' | b'[') => {
                if let Some(top) = frames.last_mut() {
                    top.begin_value();
                }
                frames.push(Frame::new(open == b'{'));
                pos += 1;
            }
            b'}' | b']' => {
                frames.pop();
                if let Some(top) = frames.last_mut() {
                    top.done = true;
                }
                pos += 1;
            }
            b':' => {
                if let Some(top) = frames.last_mut() {
                    top.segment = top.key.take().map(Segment::Key);
                    top.expect_key = false;
                }
                pos += 1;
            }
            b',' => {
                if let Some(top) = frames.last_mut() {
                    top.segment = None;
                    top.done = false;
                    top.expect_key = top.object;
                }
                pos += 1;
            }
            b'"' => {
                let start = pos;
                pos += 1;
                while pos < limit && bytes[pos] != b'"' {
                    pos += if bytes[pos] == b'\\' { 2 } else { 1 };
                }
                let closed = pos < limit;
                pos = (pos + 1).min(limit.max(pos));
                match frames.last_mut() {
                    Some(top) if top.expect_key => {
                        let raw = text.get(start..pos.min(text.len())).unwrap_or("");
                        top.key = Some(
                            serde_json::from_str(raw)
                                .unwrap_or_else(|_| raw.trim_matches('"').to_owned()),
                        );
                        top.expect_key = false;
                    }
                    Some(top) => {
                        top.begin_value();
                        top.done = closed;
                    }
                    None => {}
                }
            }
            _ => {
                // A number or a literal, up to the next delimiter.
                let start = pos;
                while pos < limit
                    && !matches!(
                        bytes[pos],
                        b',' | b'}' | b']' | b':' | b' ' | b'\t' | b'\n' | b'\r'
                    )
                {
                    pos += 1;
                }
                // Cut off by the position, it is whole if what follows is the error.
                let literal = &bytes[start..pos];
                let whole = matches!(literal, b"true" | b"false" | b"null")
                    || literal.last().is_some_and(u8::is_ascii_digit);
                if let Some(top) = frames.last_mut() {
                    top.begin_value();
                    top.done = pos < limit || kind == ErrorKind::Data || whole;
                }
            }
        }
    }
    let trailing_comma = kind == ErrorKind::Syntax && bytes.get(limit) == Some(&b']');
    let mut path = FieldPath::root();
    let last = frames.len().saturating_sub(1);
    for (i, frame) in frames.iter().enumerate() {
        match &frame.segment {
            // After a finished value, a syntax error or the end of the text is about what follows.
            Some(_) if i == last && frame.done && kind != ErrorKind::Data => {}
            Some(segment) => path.0.push(segment.clone()),
            // An error where an element starts (a list where a string belongs, a missing value)
            // is about that element; a trailing comma is the list's.
            None if i == last && !frame.object && !trailing_comma => {
                path.0.push(Segment::Index(frame.next_index))
            }
            None => {}
        }
    }
    path
}

/// An object or list `path_at` is inside.
struct Frame {
    object: bool,
    /// The member or element being read, once its key (and colon) or first byte is read.
    segment: Option<Segment>,
    /// That value has been read whole.
    done: bool,
    /// An object's next string is a key; `key` holds it until its colon.
    expect_key: bool,
    key: Option<String>,
    next_index: usize,
}

impl Frame {
    fn new(object: bool) -> Self {
        Frame {
            object,
            segment: None,
            done: false,
            expect_key: object,
            key: None,
            next_index: 0,
        }
    }

    fn begin_value(&mut self) {
        if !self.object {
            self.segment = Some(Segment::Index(self.next_index));
            self.next_index += 1;
        }
        self.done = false;
    }
}

/// The byte offset of serde_json's 1-based line and its column (bytes before the position on
/// that line).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column).min(text.len())
}

pub fn line_column(text: &str, byte_offset: usize) -> (usize, usize) {
    let before = &text[..floor_char_boundary(text, byte_offset)];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Where the name of the member last found starts.
    last_key: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_ws();
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Positions the scanner on the value of `key` in the object just opened.
    fn find_member(&mut self, key: &str) -> Option<usize> {
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return None;
            }
            let key_start = self.pos;
            let raw = self.string()?;
            let name: String = serde_json::from_str(raw).ok()?;
            if !self.eat(b':') {
                return None;
            }
            self.skip_ws();
            if name == key {
                self.last_key = key_start;
                return Some(self.pos);
            }
            self.skip_value()?;
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn find_element(&mut self, index: usize) -> Option<usize> {
        for _ in 0..index {
            self.skip_ws();
            self.skip_value()?;
            if !self.eat(b',') {
                return None;
            }
        }
        self.skip_ws();
        (self.peek().is_some() && self.peek() != Some(b']')).then_some(self.pos)
    }

    /// Returns the raw string literal, quotes included.
    fn string(&mut self) -> Option<&str> {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return std::str::from_utf8(&self.bytes[start..self.pos]).ok();
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Skips one value; nesting is tracked with a counter, so no input can exhaust the stack.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            self.skip_ws();
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                    continue;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.pos += 1;
                }
                b',' | b':' if depth > 0 => {
                    self.pos += 1;
                    continue;
                }
                _ => {
                    while matches!(self.peek(), Some(b) if !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                    {
                        self.pos += 1;
                    }
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\n  \"a\": 1,\n  \"groups\": [\n    {\"id\": \"g1\", \"members\": [\"u1\", \"u9\"]},\n    {\"id\": \"g2\"}\n  ]\n}";

    #[test]
    fn finds_nested_values() {
        let p = FieldPath::root()
            .key("groups")
            .index(0)
            .key("members")
            .index(1);
        assert_eq!(p.to_string(), "groups[0].members[1]");
        assert_eq!(locate(DOC, &p), Some((4, 36)));
        assert_eq!(
            locate(DOC, &FieldPath::root().key("groups").index(1).key("id")),
            Some((5, 12))
        );
    }

    #[test]
    fn missing_parts_fall_back_to_the_deepest_existing_value() {
        let p = FieldPath::root().key("groups").index(1).key("members");
        assert_eq!(locate(DOC, &p), Some((5, 5)));
    }

    #[test]
    fn finds_a_character_inside_a_string_value() {
        let doc = "{\"rule\": \"a \\\"b\\\" cd\"}";
        let p = FieldPath::root().key("rule");
        // decoded: a "b" cd ; character 6 is 'c'
        assert_eq!(locate_in_string(doc, &p, 6), Some((1, 19)));
        assert_eq!(locate_in_string(doc, &p, 0), Some((1, 11)));
    }

    #[test]
    fn never_panics_on_broken_text() {
        for text in [
            "",
            "{",
            "[[[[",
            "{\"a\":",
            "\"unterminated",
            "{\"a\" 1}",
            "\u{e9}\u{e9}",
        ] {
            let _ = locate(text, &FieldPath::root().key("a").index(3));
        }
    }
}

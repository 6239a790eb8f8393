//! A JSON writer for the result document's big lists, with serde_json's exact bytes in both
//! layouts: the users, groups and audit entries of a 100,000-user tenant are millions of
//! strings, and serde_json's generic path (a call into the writer per token, a scan of every
//! string for escapes) was about a third of `licenselab run`'s time beyond loading. Here every
//! token goes into one buffer, handed to the output a megabyte at a time; ids written many times
//! are escaped once (`Quoted`); the small parts of the document still go through serde
//! (`value`), indented to their place.

use super::JsonLayout;
use serde::Serialize;
use std::io::{self, Write};

/// Bytes gathered before they are handed to the output.
const CHUNK: usize = 1 << 20;

/// Writes JSON tokens as serde_json's `Serializer` would (`PrettyFormatter`: two spaces, `": "`
/// after keys, `[]` and `{}` for empty containers; or compact), into a buffer flushed to `out`.
pub(super) struct JsonOut<W: Write> {
    out: W,
    buffer: Vec<u8>,
    pretty: bool,
    /// Containers open around the next token.
    depth: usize,
    /// Whether the innermost open container has an element yet (serde_json keeps one flag too:
    /// opening sets it false, every finished element sets it true).
    has_value: bool,
}

impl<W: Write> JsonOut<W> {
    pub(super) fn new(out: W, layout: JsonLayout) -> Self {
        JsonOut {
            out,
            buffer: Vec::with_capacity(CHUNK + CHUNK / 4),
            pretty: layout == JsonLayout::Pretty,
            depth: 0,
            has_value: false,
        }
    }

    pub(super) fn depth(&self) -> usize {
        self.depth
    }

    pub(super) fn begin_object(&mut self) {
        self.open(b'{');
    }

    pub(super) fn end_object(&mut self) {
        self.close(b'}');
    }

    pub(super) fn begin_array(&mut self) {
        self.open(b'[');
    }

    pub(super) fn end_array(&mut self) {
        self.close(b']');
    }

    /// Starts a member of the open object; its value is written next. Keys are the document's
    /// own field names, which need no escaping.
    pub(super) fn key(&mut self, key: &'static str) {
        debug_assert!(!key.bytes().any(needs_escape), "{key}");
        self.separate();
        self.buffer.push(b'"');
        self.buffer.extend_from_slice(key.as_bytes());
        self.buffer
            .extend_from_slice(if self.pretty { b"\": " } else { b"\":" });
    }

    /// Starts an element of the open array; its value is written next.
    pub(super) fn element(&mut self) {
        self.separate();
    }

    pub(super) fn str(&mut self, text: &str) {
        escape_into(&mut self.buffer, text);
        self.has_value = true;
    }

    /// One of the document's own words (a state, an error code, an audit activity), which need
    /// no escaping.
    pub(super) fn word(&mut self, word: &'static str) {
        debug_assert!(!word.bytes().any(needs_escape), "{word}");
        self.buffer.push(b'"');
        self.buffer.extend_from_slice(word.as_bytes());
        self.buffer.push(b'"');
        self.has_value = true;
    }

    pub(super) fn optional_str(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.str(text),
            None => self.raw(b"null"),
        }
    }

    pub(super) fn bool(&mut self, value: bool) {
        self.raw(if value { b"true" } else { b"false" });
    }

    /// A value already written as JSON for this place (a `Quoted` id, a plan list's text).
    pub(super) fn raw(&mut self, json: &[u8]) {
        self.buffer.extend_from_slice(json);
        self.has_value = true;
    }

    /// A value through serde_json, laid out for this place: pretty text is made at depth 0 and
    /// each line break indented (JSON strings hold no raw line break, so every one is layout).
    pub(super) fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        if self.pretty {
            let text = serde_json::to_vec_pretty(value)?;
            for line in text.split_inclusive(|b| *b == b'\n') {
                self.buffer.extend_from_slice(line);
                if line.ends_with(b"\n") {
                    self.indent();
                }
            }
        } else {
            serde_json::to_writer(&mut self.buffer, value)?;
        }
        self.has_value = true;
        Ok(())
    }

    /// Hands the buffer to the output once it holds a chunk; call between elements.
    pub(super) fn flush_if_full(&mut self) -> io::Result<()> {
        if self.buffer.len() >= CHUNK {
            self.out.write_all(&self.buffer)?;
            self.buffer.clear();
        }
        Ok(())
    }

    /// Ends the document with a line break and hands the rest to the output.
    pub(super) fn finish(mut self) -> io::Result<()> {
        debug_assert_eq!(self.depth, 0, "every container is closed");
        self.buffer.push(b'\n');
        self.out.write_all(&self.buffer)
    }

    fn open(&mut self, bracket: u8) {
        self.buffer.push(bracket);
        self.depth += 1;
        self.has_value = false;
    }

    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if self.has_value && self.pretty {
            self.buffer.push(b'\n');
            self.indent();
        }
        self.buffer.push(bracket);
        self.has_value = true;
    }

    fn separate(&mut self) {
        if self.has_value {
            self.buffer.push(b',');
        }
        if self.pretty {
            self.buffer.push(b'\n');
            self.indent();
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.buffer.extend_from_slice(b"  ");
        }
    }
}

impl JsonOut<io::Sink> {
    /// A writer whose text is kept (`into_text`), for a value to be copied to `depth` later.
    pub(super) fn text(layout: JsonLayout, depth: usize) -> Self {
        let mut out = JsonOut::new(io::sink(), layout);
        out.buffer = Vec::new();
        out.depth = depth;
        out
    }

    pub(super) fn into_text(self) -> Box<[u8]> {
        self.buffer.into_boxed_slice()
    }
}

/// Ids written many times (each user is a member of about eleven groups), each as its JSON
/// string, escaped once: one buffer and where each ends.
pub(super) struct Quoted {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Quoted {
    pub(super) fn new<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> Self {
        let mut quoted = Quoted {
            bytes: Vec::new(),
            ends: Vec::with_capacity(ids.len()),
        };
        for id in ids {
            escape_into(&mut quoted.bytes, id);
            quoted.ends.push(quoted.bytes.len());
        }
        quoted
    }

    pub(super) fn get(&self, index: usize) -> &[u8] {
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        &self.bytes[start..self.ends[index]]
    }
}

fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// `text` as a JSON string, escaped as serde_json escapes it: `\"`, `\\`, the short escapes for
/// backspace, form feed, line feed, carriage return and tab, `\u00xx` (lower-case hex) for the
/// other control characters, everything else as it is.
fn escape_into(buffer: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    buffer.push(b'"');
    if !bytes.iter().any(|b| needs_escape(*b)) {
        // Nearly every string: copied whole.
        buffer.extend_from_slice(bytes);
        buffer.push(b'"');
        return;
    }
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        if !needs_escape(byte) {
            continue;
        }
        buffer.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        match byte {
            b'"' => buffer.extend_from_slice(b"\\\""),
            b'\\' => buffer.extend_from_slice(b"\\\\"),
            0x08 => buffer.extend_from_slice(b"\\b"),
            0x0c => buffer.extend_from_slice(b"\\f"),
            b'\n' => buffer.extend_from_slice(b"\\n"),
            b'\r' => buffer.extend_from_slice(b"\\r"),
            b'\t' => buffer.extend_from_slice(b"\\t"),
            _ => buffer.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ]),
        }
    }
    buffer.extend_from_slice(&bytes[start..]);
    buffer.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn escaped(text: &str) -> String {
        let mut buffer = Vec::new();
        escape_into(&mut buffer, text);
        String::from_utf8(buffer).unwrap()
    }

    #[test]
    fn every_ascii_character_is_escaped_as_serde_json_escapes_it() {
        for byte in 0u8..=0x7f {
            let text = format!("a{}b", char::from(byte));
            assert_eq!(
                escaped(&text),
                serde_json::to_string(&text).unwrap(),
                "{byte:#x}"
            );
        }
        assert_eq!(escaped("tab\there"), r#""tab\there""#);
        assert_eq!(escaped("\u{1}"), r#""\u0001""#);
    }

    proptest! {
        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(text in any::<String>()) {
            prop_assert_eq!(escaped(&text), serde_json::to_string(&text).unwrap());
        }
    }

    #[test]
    fn quoted_ids_are_their_json_strings_in_order() {
        let ids = ["u1", "say \"hi\"", "", "ü"];
        let quoted = Quoted::new(ids.iter().copied());
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(quoted.get(i), serde_json::to_vec(id).unwrap(), "{id}");
        }
    }

    /// A nested document written token by token, against serde_json's bytes for the same value.
    #[test]
    fn tokens_are_laid_out_as_serde_json_lays_them_out() {
        let expected = serde_json::json!({
            "a": [],
            "b": {},
            "c": [{"d": null, "e": true, "f": ["x", "y"]}, [1, {"g": "h"}]],
            "i": "j"
        });
        for layout in [JsonLayout::Pretty, JsonLayout::Compact] {
            let mut bytes = Vec::new();
            let mut json = JsonOut::new(&mut bytes, layout);
            json.begin_object();
            json.key("a");
            json.begin_array();
            json.end_array();
            json.key("b");
            json.begin_object();
            json.end_object();
            json.key("c");
            json.begin_array();
            json.element();
            json.begin_object();
            json.key("d");
            json.optional_str(None);
            json.key("e");
            json.bool(true);
            json.key("f");
            let mut list = JsonOut::text(layout, json.depth());
            list.begin_array();
            for id in ["x", "y"] {
                list.element();
                list.str(id);
            }
            list.end_array();
            json.raw(&list.into_text());
            json.end_object();
            json.element();
            json.value(&serde_json::json!([1, {"g": "h"}])).unwrap();
            json.end_array();
            json.key("i");
            json.word("j");
            json.end_object();
            json.finish().unwrap();
            let serde = match layout {
                JsonLayout::Pretty => serde_json::to_string_pretty(&expected),
                JsonLayout::Compact => serde_json::to_string(&expected),
            };
            assert_eq!(String::from_utf8(bytes).unwrap(), serde.unwrap() + "\n");
        }
    }
}

//! Scenarios carried in a URL: lz-string's `compressToEncodedURIComponent`, so a documentation
//! author can make a link from JavaScript (`LZString.compressToEncodedURIComponent(json)`) as well.
//!
//! Compression uses the `lz-str` crate. Decompression is our own port of lz-string's algorithm with
//! limits: a link is input from anyone, and the reference algorithm lets a few kilobytes expand to
//! gigabytes (each code may add one character to the previous entry). Here the dictionary holds
//! ranges of the output rather than copies, and the output is capped.

/// The longest compressed text accepted (characters). Browsers cap URLs near 2 MB anyway.
pub const MAX_COMPRESSED_CHARS: usize = 4_000_000;
/// The longest scenario a link may expand to (UTF-16 code units, as JavaScript counts).
pub const MAX_SCENARIO_UNITS: usize = 16_000_000;

/// The URL fragment key that carries a compressed scenario: `#s=...` (also read from `?s=`).
pub const SCENARIO_KEY: &str = "s";

const URI_ALPHABET: &[u8; 65] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";

/// Scenario JSON to the text of a share or embed link.
pub fn compress(json: &str) -> String {
    lz_str::compress_to_encoded_uri_component(json)
}

/// The text of a link back to scenario JSON, or why it cannot be read.
pub fn decompress(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the link carries no scenario".into());
    }
    if text.chars().count() > MAX_COMPRESSED_CHARS {
        return Err(format!(
            "the link is longer than {MAX_COMPRESSED_CHARS} characters, more than any scenario needs"
        ));
    }
    let mut values = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        // lz-string's decoder reads a space as '+' (a '+' that went through form decoding).
        let c = if c == ' ' { '+' } else { c };
        let value = u8::try_from(c)
            .ok()
            .and_then(|b| URI_ALPHABET.iter().position(|a| *a == b));
        match value {
            Some(v) => values.push(v as u32),
            None => {
                return Err(format!(
                "the link is damaged: character {} ('{c}') is not part of a compressed scenario",
                i + 1
            ))
            }
        }
    }
    let units = decompress_units(&values, 6).ok_or_else(|| {
        "the link is damaged or incomplete: it does not decompress (was it cut short when copied?)"
            .to_owned()
    })?;
    String::from_utf16(&units)
        .map_err(|_| "the link decompresses to text that is not valid Unicode".to_owned())
}

struct Bits<'a> {
    values: &'a [u32],
    index: usize,
    value: u32,
    position: u32,
    reset: u32,
}

impl Bits<'_> {
    fn read(&mut self, count: u32) -> Option<u32> {
        let mut bits = 0;
        for power in 0..count {
            let bit = self.value & self.position;
            self.position >>= 1;
            if self.position == 0 {
                self.position = self.reset;
                // Past the end the reference decoder reads zeros; more than one value past it is garbage.
                if self.index > self.values.len() {
                    return None;
                }
                self.value = self.values.get(self.index).copied().unwrap_or(0);
                self.index += 1;
            }
            if bit != 0 {
                bits |= 1 << power;
            }
        }
        Some(bits)
    }
}

fn decompress_units(values: &[u32], bits_per_char: u32) -> Option<Vec<u16>> {
    let reset = 1 << (bits_per_char - 1);
    let mut bits = Bits {
        values,
        index: 1,
        value: *values.first()?,
        position: reset,
        reset,
    };
    let mut out: Vec<u16> = Vec::new();
    // Entry i is out[start..start + len]: every entry is a stretch of what was already written.
    let mut dictionary: Vec<(usize, usize)> = vec![(0, 0); 3];
    let first = match bits.read(2)? {
        0 => bits.read(8)?,
        1 => bits.read(16)?,
        2 => return Some(out),
        _ => return None,
    };
    out.push(first as u16);
    dictionary.push((0, 1));
    let mut w = (0usize, 1usize);
    let mut num_bits = 3u32;
    let mut enlarge_in = 4u64;
    loop {
        if bits.index > values.len() + 1 {
            return None;
        }
        let mut code = bits.read(num_bits)? as usize;
        let mut literal = false;
        match code {
            0 | 1 => {
                let unit = bits.read(if code == 0 { 8 } else { 16 })? as u16;
                dictionary.push((out.len(), 1));
                out.push(unit);
                code = dictionary.len() - 1;
                enlarge_in -= 1;
                literal = true;
            }
            2 => return Some(out),
            _ => {}
        }
        if enlarge_in == 0 {
            enlarge_in = 1 << num_bits;
            num_bits += 1;
            if num_bits > 31 {
                return None;
            }
        }
        let entry = if literal {
            dictionary[code]
        } else if code < dictionary.len() {
            let (start, len) = dictionary[code];
            if out.len() + len > MAX_SCENARIO_UNITS {
                return None;
            }
            let at = out.len();
            out.extend_from_within(start..start + len);
            (at, len)
        } else if code == dictionary.len() {
            let (start, len) = w;
            if out.len() + len + 1 > MAX_SCENARIO_UNITS {
                return None;
            }
            let at = out.len();
            out.extend_from_within(start..start + len);
            out.push(out[start]);
            (at, len + 1)
        } else {
            return None;
        };
        // w followed by the first unit of entry: entry was written right after w.
        dictionary.push((w.0, w.1 + 1));
        enlarge_in -= 1;
        w = entry;
        if enlarge_in == 0 {
            enlarge_in = 1 << num_bits;
            num_bits += 1;
            if num_bits > 31 {
                return None;
            }
        }
    }
}

/// `key=value` from a URL fragment or query (`#a=1&s=...`), percent-decoding the value.
pub fn param(fragment_or_query: &str, key: &str) -> Option<String> {
    fragment_or_query
        .trim_start_matches(['#', '?'])
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| percent_decode(v))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a value for a query string (RFC 3986 unreserved characters stay).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

//! Bytes to text: UTF-8 or UTF-16 (little or big endian), with or without a byte-order mark.
//! Windows PowerShell 5.1's `Out-File` writes UTF-16LE; PowerShell 7 writes UTF-8.

use crate::ImportError;
use std::borrow::Cow;

/// UTF-8 is borrowed as it is; UTF-16 is converted.
pub(crate) fn decode<'a>(path: &str, bytes: &'a [u8]) -> Result<Cow<'a, str>, ImportError> {
    let (encoding, body) = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => (Encoding::Utf8, rest),
        [0xFF, 0xFE, rest @ ..] => (Encoding::Utf16Le, rest),
        [0xFE, 0xFF, rest @ ..] => (Encoding::Utf16Be, rest),
        // JSON starts with an ASCII character: a zero byte beside it is the other half of UTF-16.
        [0, b, ..] if *b != 0 => (Encoding::Utf16Be, bytes),
        [a, 0, ..] if *a != 0 => (Encoding::Utf16Le, bytes),
        _ => (Encoding::Utf8, bytes),
    };
    let text = match encoding {
        Encoding::Utf8 => Cow::Borrowed(std::str::from_utf8(body).map_err(|e| {
            ImportError::new(
                path,
                format!(
                    "is not UTF-8 or UTF-16 text (invalid byte at offset {}); export it again as JSON",
                    e.valid_up_to() + (bytes.len() - body.len())
                ),
            )
        })?),
        Encoding::Utf16Le | Encoding::Utf16Be => {
            if body.len() % 2 != 0 {
                return Err(ImportError::new(
                    path,
                    "is UTF-16 text with an odd number of bytes: the file is cut short; export it again",
                ));
            }
            let units: Vec<u16> = body
                .chunks_exact(2)
                .map(|pair| match encoding {
                    Encoding::Utf16Le => u16::from_le_bytes([pair[0], pair[1]]),
                    _ => u16::from_be_bytes([pair[0], pair[1]]),
                })
                .collect();
            Cow::Owned(String::from_utf16(&units).map_err(|_| {
                ImportError::new(
                    path,
                    "is not valid UTF-16 text (an unpaired surrogate); export it again as JSON",
                )
            })?)
        }
    };
    Ok(text)
}

#[derive(Clone, Copy)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

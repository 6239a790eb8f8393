//! What a file picked as a scenario seems to be when it is not JSON, so the error says that in
//! plain words ("a PNG image") instead of the parser's "line 1, column 1: expected value".

/// Why `text` (the file named `name`, read as UTF-8 with U+FFFD for bytes that are not) cannot be
/// a scenario, when its first characters already show it is no JSON; `None` when it may be JSON
/// (the parser then says where it is wrong).
pub fn not_a_scenario(name: &str, text: &str) -> Option<String> {
    let kind = seems_to_be(text)?;
    Some(format!(
        "{name} does not look like a scenario: it seems to be {kind}. A scenario is a JSON file that \
         starts with {{, like the ones Export JSON saves. To read an export of your tenant \
         (EntraExporter, Graph responses), use Import tenant."
    ))
}

/// What a file that is not JSON seems to be, from its first characters.
fn seems_to_be(text: &str) -> Option<&'static str> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let head: String = start.chars().take(512).collect();
    // Signatures of the files people pick by mistake; a byte that is not UTF-8 reads as U+FFFD.
    let signatures: [(&str, &str); 6] = [
        ("\u{fffd}PNG", "a PNG image"),
        ("GIF8", "a GIF image"),
        ("%PDF", "a PDF document"),
        (
            "PK\u{3}\u{4}",
            "a ZIP archive (a Word or Excel file is one too)",
        ),
        (
            "\u{fffd}\u{fffd}\u{fffd}",
            "a JPEG image or another binary file",
        ),
        ("RIFF", "a WebP image or another media file"),
    ];
    if let Some((_, kind)) = signatures.iter().find(|(sig, _)| head.starts_with(sig)) {
        return Some(kind);
    }
    let first = head.chars().next()?;
    if first == '{' || first == '[' {
        return None;
    }
    if head.contains('\0') || head.chars().filter(|c| *c == '\u{fffd}').count() > 4 {
        Some("a binary file")
    } else if first == '<' {
        Some("an HTML or XML document")
    } else if head
        .lines()
        .next()
        .is_some_and(|l| l.contains(',') || l.contains(';'))
    {
        Some("a CSV or other text table")
    } else {
        Some("plain text")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_is_named_as_one() {
        // A PNG's first bytes are 0x89 "PNG\r\n": 0x89 is not UTF-8, so it reads as U+FFFD.
        let text = "\u{fffd}PNG\r\n\u{1a}\n\0\0\0\rIHDR";
        let message = not_a_scenario("logo.png", text).expect("a PNG is no scenario");
        assert!(
            message
                .starts_with("logo.png does not look like a scenario: it seems to be a PNG image."),
            "{message}"
        );
        assert!(message.contains("JSON file"), "{message}");
    }

    #[test]
    fn other_files_people_pick_by_mistake() {
        assert_eq!(seems_to_be("%PDF-1.7\n"), Some("a PDF document"));
        assert_eq!(
            seems_to_be("PK\u{3}\u{4}\u{14}\0"),
            Some("a ZIP archive (a Word or Excel file is one too)")
        );
        assert_eq!(
            seems_to_be("<!DOCTYPE html><html>"),
            Some("an HTML or XML document")
        );
        assert_eq!(
            seems_to_be("id,displayName\nu1,Ada\n"),
            Some("a CSV or other text table")
        );
        assert_eq!(seems_to_be("hello"), Some("plain text"));
        assert_eq!(seems_to_be("\0\0\0\0"), Some("a binary file"));
    }

    #[test]
    fn json_goes_to_the_parser() {
        assert_eq!(not_a_scenario("s.json", "\u{feff}  {\"name\": 1"), None);
        assert_eq!(not_a_scenario("s.json", "[1, 2]"), None);
        // An empty file is left to the parser too, which says it is empty.
        assert_eq!(not_a_scenario("s.json", "  "), None);
    }
}

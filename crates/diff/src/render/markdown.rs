//! The Markdown report: a heading and a table per kind of object, one row per change (an
//! object's name, id and change on its first row), for a pull request or an issue.

use super::{counted, printable, sections, NO_CHANGES};
use crate::model::Diff;

pub fn render_markdown(diff: &Diff) -> String {
    let sections = sections(diff);
    let mut out = String::from("# licenselab diff\n\n");
    if sections.is_empty() {
        out += NO_CHANGES;
        out.push('\n');
        return out;
    }
    for (i, section) in sections.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out += &format!("## {} ({})\n\n", section.title, counted(section.counts));
        out += &format!("| {} | Id | Change | What changed |\n", section.column);
        out += "| --- | --- | --- | --- |\n";
        for entry in &section.entries {
            let mut first = true;
            let mut row = |what: &str| {
                let cells = if first {
                    [cell(&entry.name), cell(&entry.id), entry.change.to_owned()]
                } else {
                    Default::default()
                };
                first = false;
                out += &format!(
                    "| {} | {} | {} | {} |\n",
                    cells[0],
                    cells[1],
                    cells[2],
                    cell(what)
                );
            };
            if entry.lines.is_empty() {
                row("");
            }
            for line in &entry.lines {
                row(line);
            }
        }
    }
    out
}

/// Text as one table cell: Markdown's punctuation escaped (a `|` would end the cell, a `*` start
/// emphasis, a `<` a tag; a `>` or `#` inside a line means nothing), on one line.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in printable(text).chars() {
        if matches!(
            c,
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

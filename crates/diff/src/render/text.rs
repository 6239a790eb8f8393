//! The text report: a section per kind of object, each object's heading and its changes indented
//! under it.

use super::{counted, printable, sections, NO_CHANGES};
use crate::model::Diff;

pub fn render_text(diff: &Diff) -> String {
    let sections = sections(diff);
    if sections.is_empty() {
        return format!("{NO_CHANGES}\n");
    }
    let mut out = String::new();
    for (i, section) in sections.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out += &format!("{} ({})\n", section.title, counted(section.counts));
        for entry in &section.entries {
            out += &printable(&format!(
                "  {} [{}]: {}",
                entry.name, entry.id, entry.change
            ));
            out.push('\n');
            for line in &entry.lines {
                out += &printable(&format!("    - {line}"));
                out.push('\n');
            }
        }
    }
    out
}

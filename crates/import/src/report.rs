//! What an import read, skipped and could not map, and its text for a terminal.

use std::fmt;

/// What an import read, skipped and could not map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Files handed in.
    pub files: usize,
    pub read: Counts,
    /// Files of a known format that say nothing about licensing.
    pub ignored_files: Vec<IgnoredFile>,
    /// Group members that are not in the scenario, in group and member order.
    pub skipped_members: Vec<SkippedMember>,
    /// What the export lacks for licensing, with the files and how to export it.
    pub missing: Vec<String>,
    /// What was read but has no place in the scenario.
    pub not_mapped: Vec<String>,
    /// Names and addresses were replaced.
    pub anonymized: bool,
}

/// Objects read, each counted once however many files listed it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub organizations: usize,
    pub products: usize,
    pub users: usize,
    pub groups: usize,
    /// Group members kept (users, and groups nested in groups).
    pub memberships: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoredFile {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedMember {
    pub group: String,
    pub member: String,
    pub reason: SkipReason,
    /// Where the member was listed.
    pub place: String,
}

/// Why a member is not in the scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    Device,
    ServicePrincipal,
    Contact,
    /// Another directory object type (its `@odata.type`), or none.
    OtherType(String),
    /// A user or group that is in no users or groups export.
    NotExported,
}

impl SkipReason {
    /// The kind's place in a report: devices first, members in no export last.
    pub fn rank(&self) -> u8 {
        match self {
            SkipReason::Device => 0,
            SkipReason::ServicePrincipal => 1,
            SkipReason::Contact => 2,
            SkipReason::OtherType(_) => 3,
            SkipReason::NotExported => 4,
        }
    }

    /// The kind in words, as the report says it ("device", "not in any export").
    pub fn label(&self) -> String {
        match self {
            SkipReason::Device => "device".to_owned(),
            SkipReason::ServicePrincipal => "service principal".to_owned(),
            SkipReason::Contact => "contact".to_owned(),
            SkipReason::OtherType(t) if t.is_empty() => "member without @odata.type".to_owned(),
            SkipReason::OtherType(t) => t.clone(),
            SkipReason::NotExported => "not in any export".to_owned(),
        }
    }
}

/// "1 file", "2 files".
pub(crate) fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Lists at most this many ids per skipped kind in the text.
const LISTED: usize = 10;

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let c = &self.read;
        writeln!(
            f,
            "read {}: {}, {}, {}, {}, {}",
            counted(self.files, "file"),
            counted(c.organizations, "organization"),
            counted(c.products, "product"),
            counted(c.users, "user"),
            counted(c.groups, "group"),
            counted(c.memberships, "membership"),
        )?;
        if !self.ignored_files.is_empty() {
            writeln!(f, "ignored {}:", counted(self.ignored_files.len(), "file"))?;
            // One line a reason: an -All export has thousands of files that say nothing.
            let mut reasons: Vec<&str> = self
                .ignored_files
                .iter()
                .map(|i| i.reason.as_str())
                .collect();
            reasons.sort_unstable();
            reasons.dedup();
            for reason in reasons {
                let of: Vec<&IgnoredFile> = self
                    .ignored_files
                    .iter()
                    .filter(|i| i.reason == reason)
                    .collect();
                match of.len() {
                    1 => writeln!(f, "  {}: {reason}", of[0].path)?,
                    n => writeln!(f, "  {n} files such as {}: {reason}", of[0].path)?,
                }
            }
        }
        if !self.skipped_members.is_empty() {
            writeln!(
                f,
                "skipped {}:",
                counted(self.skipped_members.len(), "member")
            )?;
            let mut labels: Vec<(u8, String)> = self
                .skipped_members
                .iter()
                .map(|m| (m.reason.rank(), m.reason.label()))
                .collect();
            labels.sort();
            labels.dedup();
            for (_, label) in labels {
                let of: Vec<&SkippedMember> = self
                    .skipped_members
                    .iter()
                    .filter(|m| m.reason.label() == label)
                    .collect();
                writeln!(f, "  {} {label}:", of.len())?;
                for m in of.iter().take(LISTED) {
                    writeln!(f, "    {} in group {} ({})", m.member, m.group, m.place)?;
                }
                if of.len() > LISTED {
                    writeln!(f, "    and {} more", of.len() - LISTED)?;
                }
            }
        }
        for (title, lines) in [
            ("missing for licensing", &self.missing),
            ("not mapped", &self.not_mapped),
        ] {
            if !lines.is_empty() {
                writeln!(f, "{title}:")?;
                for line in lines {
                    writeln!(f, "  - {line}")?;
                }
            }
        }
        if self.anonymized {
            writeln!(
                f,
                "anonymized: display names, user principal names, mail and proxy addresses replaced (properties membership rules read are kept)"
            )?;
        }
        Ok(())
    }
}

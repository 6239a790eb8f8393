//! A tenant import, as the app does it: the files' bytes to an observed scenario with
//! `licenselab-import` (the same crate as `licenselab import`), and the review shown before the
//! scenario opens. Reading the files is the component's effect; this part is pure.

use licenselab_engine::{Scenario, Simulation};
use licenselab_import::{import, Document, ImportOptions, Report};

/// One file as the browser gave it: its path (the folder-relative path for a picked folder, else
/// its name) and its bytes.
pub type File = (String, Vec<u8>);

/// An import ready to open: the scenario, its starting tenant (loaded), what the import read, and
/// how much work the observed state has pending.
pub struct Review {
    pub scenario: Scenario,
    pub simulation: Simulation,
    pub report: Report,
    /// `Tenant::pending()` of the starting tenant.
    pub pending: usize,
    /// The report as `licenselab import` prints it.
    pub text: String,
}

impl PartialEq for Review {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl std::fmt::Debug for Review {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "Review({})", self.scenario.name)
    }
}

impl Review {
    /// What opened, in one sentence: "5 users, 3 groups, 3 products; nothing pending."
    pub fn summary(&self) -> String {
        let n = |n: usize, noun: &str| match n {
            1 => format!("1 {noun}"),
            n => format!("{n} {noun}s"),
        };
        let read = &self.report.read;
        format!(
            "{}, {}, {}; {}.",
            n(read.users, "user"),
            n(read.groups, "group"),
            n(read.products, "product"),
            match self.pending {
                0 => "nothing pending".to_owned(),
                p => format!("{} (see the Users and Groups views)", n(p, "pending item")),
            }
        )
    }
}

/// A failed import: the file at fault, and what is wrong with it and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub file: String,
    pub message: String,
}

/// Imports the files (in path order, as the command line reads a folder).
pub fn run(mut files: Vec<File>) -> Result<licenselab_import::Imported, Failure> {
    if files.is_empty() {
        return Err(Failure {
            file: String::new(),
            message: "no .json files were chosen; choose the export's folder or its .json files"
                .to_owned(),
        });
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let documents: Vec<Document> = files
        .into_iter()
        .map(|(path, bytes)| Document { path, bytes })
        .collect();
    import(&documents, ImportOptions::default()).map_err(|e| Failure {
        file: e.path,
        message: e.message,
    })
}

/// Is this file one the import reads? A folder's `.json` files, as `licenselab import` takes them
/// (hidden files left out).
pub fn wanted(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    !name.starts_with('.') && name.to_ascii_lowercase().ends_with(".json")
}

/// The review of an imported scenario whose starting tenant is loaded.
pub fn review(imported: licenselab_import::Imported, simulation: Simulation) -> Review {
    let pending = simulation.tenant().pending().len();
    Review {
        text: format!(
            "{}{}",
            imported.report,
            licenselab_import::pending_summary(simulation.tenant())
        ),
        scenario: imported.scenario,
        simulation,
        report: imported.report,
        pending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph_files() -> Vec<File> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/import");
        let mut files = Vec::new();
        let mut stack = vec![root.join("graph")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let name = path.strip_prefix(&root).unwrap().display().to_string();
                    files.push((name, std::fs::read(&path).unwrap()));
                }
            }
        }
        files
    }

    #[test]
    fn the_test_export_imports_with_nothing_pending() {
        let imported = run(graph_files()).unwrap();
        let simulation = Simulation::new(&imported.scenario).unwrap();
        let review = review(imported, simulation);
        assert_eq!(review.report.read.users, 5);
        assert_eq!(review.pending, 0);
        assert_eq!(
            review.summary(),
            "5 users, 3 groups, 3 products; nothing pending."
        );
        assert!(review
            .text
            .starts_with(&format!("read {} files", review.report.files)));
    }

    #[test]
    fn no_files_is_a_failure_that_says_what_to_do() {
        let failure = run(Vec::new()).unwrap_err();
        assert!(failure.message.contains("choose the export's folder"));
    }

    #[test]
    fn a_broken_file_is_named() {
        let failure = run(vec![("x/users.json".into(), b"{\"value\": [".to_vec())]).unwrap_err();
        assert_eq!(failure.file, "x/users.json");
    }

    #[test]
    fn only_json_files_are_read() {
        assert!(wanted("export/Users/a/a.json"));
        assert!(wanted("USERS.JSON"));
        assert!(!wanted("export/.DS_Store"));
        assert!(!wanted("export/readme.txt"));
    }
}

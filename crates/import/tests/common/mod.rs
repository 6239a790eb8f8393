//! Reading the test exports under `tests/import/` (the tests do the I/O; the crate is pure).

#![allow(dead_code)]

use licenselab_import::{import, Document, ImportOptions, Imported};
use std::path::{Path, PathBuf};

pub fn exports() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/import")
}

/// Every file under `tests/import/<folder>`, named relative to `tests/import`, in path order.
pub fn documents(folder: &str) -> Vec<Document> {
    let mut files = Vec::new();
    walk(&exports().join(folder), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|file| Document {
            path: file
                .strip_prefix(exports())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/"),
            bytes: std::fs::read(&file).unwrap(),
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

pub fn import_folder(folder: &str) -> Imported {
    import(&documents(folder), ImportOptions::default())
        .unwrap_or_else(|e| panic!("{folder} does not import: {e}"))
}

pub fn doc(path: &str, text: &str) -> Document {
    Document {
        path: path.to_owned(),
        bytes: text.as_bytes().to_vec(),
    }
}

pub fn pretty(imported: &Imported) -> String {
    serde_json::to_string_pretty(&imported.scenario).unwrap() + "\n"
}

//! Helpers for tests of an export folder.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// A fresh folder path under the system's temporary folder (removed if it exists, not created).
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("licenselab-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `dir`, recursively.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

/// Panics if any file under `dir` contains `text` (or if there is no file at all).
pub fn assert_absent_under(dir: &Path, text: &str) {
    let files = files(dir);
    assert!(!files.is_empty(), "{} holds no file", dir.display());
    for file in files {
        let bytes = std::fs::read(&file).expect("a readable file");
        assert!(
            !String::from_utf8_lossy(&bytes).contains(text),
            "{text:?} is in {}",
            file.display()
        );
    }
}

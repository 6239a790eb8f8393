//! What the command's test files share: the repository's files, the built `licenselab`, and a
//! fresh folder for a test's output.
// Each test file uses what it needs of this module.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A path in the repository (`tests/...`).
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// Runs the built `licenselab` with `args`.
pub fn licenselab(args: &[impl AsRef<OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_licenselab"))
        .args(args)
        .output()
        .unwrap()
}

/// An empty folder of its own for a test's output.
pub fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

//! `licenselab run`: the result streamed to standard output or, with `-o`, to a file written
//! atomically; `--compact` for the same document without indentation; load errors with the line
//! and column from a file that is parsed without holding its text.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

const SCENARIO: &str = "tests/scenarios/b12-count-violation-seats-bought-without-reprocess.json";

/// A fresh folder for one test's output.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("run-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn licenselab(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_licenselab"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn the_result_goes_to_standard_output_or_a_file_pretty_or_compact() {
    let dir = scratch("layouts");
    let scenario = repo(SCENARIO);
    let golden = std::fs::read(repo(&SCENARIO.replace(".json", ".result.json"))).unwrap();
    let printed = licenselab(&["run".as_ref(), scenario.as_os_str()]);
    assert!(printed.status.success(), "{}", stderr(&printed));
    assert_eq!(printed.stdout, golden);

    let pretty = dir.join("pretty.json");
    let written = licenselab(&[
        "run".as_ref(),
        scenario.as_os_str(),
        "-o".as_ref(),
        pretty.as_os_str(),
    ]);
    assert!(written.status.success(), "{}", stderr(&written));
    assert!(written.stdout.is_empty());
    assert_eq!(std::fs::read(&pretty).unwrap(), golden);

    let compact = dir.join("compact.json");
    let args = [
        "run".as_ref(),
        scenario.as_os_str(),
        "--compact".as_ref(),
        "-o".as_ref(),
        compact.as_os_str(),
    ];
    assert!(licenselab(&args).status.success());
    let compact = std::fs::read_to_string(&compact).unwrap();
    assert_eq!(compact.lines().count(), 1);
    assert!(
        compact.len() < golden.len() * 3 / 4,
        "{} bytes against {}",
        compact.len(),
        golden.len()
    );
    let parsed: serde_json::Value = serde_json::from_str(&compact).unwrap();
    assert_eq!(
        parsed,
        serde_json::from_slice::<serde_json::Value>(&golden).unwrap()
    );
    // Nothing is left beside the outputs (the temporary files are renamed).
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
}

#[test]
fn a_failed_run_leaves_the_output_file_as_it_was() {
    let dir = scratch("failed");
    let out = dir.join("result.json");
    std::fs::write(&out, "before").unwrap();
    let invalid = repo("tests/invalid/bad-country-code.json");
    let failed = licenselab(&[
        "run".as_ref(),
        invalid.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "before");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    // The file is parsed from a reader; the error still says where, as the engine's text loader does.
    let expected =
        std::fs::read_to_string(repo("tests/invalid/bad-country-code.error.txt")).unwrap();
    let said = stderr(&failed);
    assert!(
        said.ends_with(&format!(": {}\n", expected.trim_end())),
        "{said}"
    );
    assert!(said.contains("line "), "{said}");

    let nowhere = dir.join("missing-folder").join("result.json");
    let scenario = repo(SCENARIO);
    let unwritable = licenselab(&[
        "run".as_ref(),
        scenario.as_os_str(),
        "-o".as_ref(),
        nowhere.as_os_str(),
    ]);
    assert_eq!(unwritable.status.code(), Some(2));
    assert!(
        stderr(&unwritable).contains("cannot write"),
        "{}",
        stderr(&unwritable)
    );
}

#[test]
fn compact_is_refused_with_the_table() {
    let scenario = repo(SCENARIO);
    let refused = licenselab(&[
        "run".as_ref(),
        scenario.as_os_str(),
        "--compact".as_ref(),
        "--format".as_ref(),
        "table".as_ref(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("--compact"),
        "{}",
        stderr(&refused)
    );
}

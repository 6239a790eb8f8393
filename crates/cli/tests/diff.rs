//! `licenselab diff`: two imports of the test tenant a week apart (`tests/import/graph` and
//! `tests/import/graph-week-later`: Sales interns now assigns EMS, Bob moved there from Sales
//! licensing, EMS seats reduced from 5 to 4) list exactly those changes and their effect on
//! users, in every format (`tests/diff/`); and the exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn licenselab(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_licenselab"))
        .args(args)
        .output()
        .unwrap()
}

/// The two test exports imported with `licenselab import`, once per test binary run.
fn snapshots() -> &'static (PathBuf, PathBuf) {
    static SNAPSHOTS: std::sync::OnceLock<(PathBuf, PathBuf)> = std::sync::OnceLock::new();
    SNAPSHOTS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-snapshots");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let import = |folder: &str, name: &str| {
            let out = dir.join(name);
            let run = licenselab(&[
                "import".as_ref(),
                repo(folder).as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ]);
            assert!(
                run.status.success(),
                "{}",
                String::from_utf8_lossy(&run.stderr)
            );
            out
        };
        (
            import("tests/import/graph", "week1.json"),
            import("tests/import/graph-week-later", "week2.json"),
        )
    })
}

fn diff(old: &Path, new: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["diff".as_ref(), old.as_os_str(), new.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    licenselab(&args)
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(repo("tests/diff").join(name)).unwrap()
}

#[test]
fn two_imports_a_week_apart_in_every_format() {
    let (old, new) = snapshots();
    for (format, golden) in [
        ("text", "graph-week-later.txt"),
        ("json", "graph-week-later.json"),
        ("markdown", "graph-week-later.md"),
    ] {
        let out = diff(old, new, &["--format", format]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: without --exit-code, changes exit 0"
        );
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            expected(golden),
            "{format}"
        );
        assert_eq!(String::from_utf8(out.stderr).unwrap(), "", "{format}");
    }
    // Text is the default.
    let out = diff(old, new, &[]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        expected("graph-week-later.txt")
    );
}

/// The golden JSON holds exactly the three changes of the test export and their effect: read
/// here field by field, so the golden cannot drift from the story it tells.
#[test]
fn the_json_lists_exactly_the_changes_made() {
    let diff: serde_json::Value = serde_json::from_str(&expected("graph-week-later.json")).unwrap();
    let ids = |kind: &str, field: &str| -> Vec<String> {
        diff[kind]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                format!(
                    "{} {}",
                    o[field].as_str().unwrap(),
                    o["change"].as_str().unwrap()
                )
            })
            .collect()
    };
    let (ems, interns, sales) = (
        "efccb6f7-5641-4e0e-bd10-b4976e1bf68e",
        "2b000000-0000-4000-8000-000000000003",
        "2b000000-0000-4000-8000-000000000001",
    );
    let (bob, dave) = (
        "1a000000-0000-4000-8000-000000000002",
        "1a000000-0000-4000-8000-000000000004",
    );
    assert_eq!(ids("products", "skuId"), [format!("{ems} changed")]);
    assert_eq!(
        diff["products"][0]["units"][0]["field"],
        "prepaidUnits.enabled"
    );
    assert_eq!(diff["products"][0]["units"][0]["before"], 5);
    assert_eq!(diff["products"][0]["units"][0]["after"], 4);
    assert_eq!(
        ids("groups", "id"),
        [format!("{sales} changed"), format!("{interns} changed")]
    );
    assert_eq!(diff["groups"][0]["membersLeft"][0]["id"], bob);
    assert_eq!(
        diff["groups"][1]["licensesAdded"][0]["product"]["skuId"],
        ems
    );
    assert_eq!(diff["groups"][1]["membersJoined"][0]["id"], bob);
    assert_eq!(
        ids("users", "id"),
        [format!("{bob} changed"), format!("{dave} changed")]
    );
    assert_eq!(
        diff["users"][0]["errorsCleared"][0]["error"],
        "CountViolation"
    );
    assert_eq!(diff["users"][1]["productsGained"][0]["skuId"], ems);
}

#[test]
fn exit_code_says_whether_anything_changed() {
    let (old, new) = snapshots();
    let changed = diff(old, new, &["--exit-code"]);
    assert_eq!(changed.status.code(), Some(1));
    assert!(!changed.stdout.is_empty());
    let same = diff(old, old, &["--exit-code"]);
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(String::from_utf8(same.stdout).unwrap(), "No changes.\n");
    assert_eq!(diff(old, old, &[]).status.code(), Some(0));
}

#[test]
fn a_file_that_does_not_load_exits_2_naming_file_line_and_column() {
    let (old, _) = snapshots();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-broken");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"licenselab\": 1,\n  \"users\": [ { \"id\": 7 } ]\n}\n",
    )
    .unwrap();
    for (args, name) in [
        ([old.as_path(), broken.as_path()], &broken),
        ([broken.as_path(), old.as_path()], &broken),
    ] {
        let out = diff(args[0], args[1], &["--exit-code"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            out.stdout.is_empty(),
            "nothing is printed on standard output"
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        let prefix = format!("licenselab: {}: line 3, column ", name.display());
        assert!(stderr.starts_with(&prefix), "{stderr}");
        assert!(stderr.contains("users[0].id"), "{stderr}");
    }
    let missing = dir.join("missing.json");
    let out = diff(old, &missing, &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!("licenselab: cannot read {}: ", missing.display())),
        "{stderr}"
    );
}

//! `licenselab import`: a folder in, the scenario written and the report on standard error; a
//! failing import writes nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn exports(folder: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/import")
        .join(folder)
}

/// A fresh folder for one test's output.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("import-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn licenselab(args: &[&std::ffi::OsStr]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_licenselab"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn imports_a_folder() {
    let dir = scratch("folder");
    let out = dir.join("tenant.json");
    let (ok, stderr) = licenselab(&[
        "import".as_ref(),
        exports("entra-exporter").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.starts_with(
            "read 26 files: 1 organization, 3 products, 5 users, 3 groups, 4 memberships\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped 4 members:\n  1 device:"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(&format!("wrote {}\n", out.display())),
        "{stderr}"
    );
    let expected = std::fs::read_to_string(exports("expected.json")).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
    // Only the scenario is left in the folder: the temporary file was renamed.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn files_and_folders_in_any_order_with_anonymize() {
    let dir = scratch("files");
    let out = dir.join("tenant.json");
    let graph = exports("graph");
    let (ok, stderr) = licenselab(&[
        "import".as_ref(),
        "--anonymize".as_ref(),
        graph.join("users-2.json").as_os_str(),
        graph.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("anonymized: "), "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("\"startingState\": \"observed\""));
    assert!(!text.contains("Alice Adams"));
}

#[test]
fn a_failing_import_writes_nothing() {
    let dir = scratch("failing");
    let input = dir.join("export");
    std::fs::create_dir_all(&input).unwrap();
    for file in ["organization.json", "subscribedSkus.json"] {
        std::fs::copy(exports("graph").join(file), input.join(file)).unwrap();
    }
    let cut =
        "{\"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#users\", \"value\": [";
    std::fs::write(input.join("users.json"), cut).unwrap();
    let out = dir.join("tenant.json");
    std::fs::write(&out, "the previous scenario\n").unwrap();
    let (ok, stderr) = licenselab(&[
        "import".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(!ok);
    assert_eq!(
        stderr,
        format!(
            "licenselab: import failed: {}: the JSON ends too early at line 1, column 81: the file is cut short; export it again, or copy the whole response\nnothing was written to {}\n",
            input.join("users.json").display(),
            out.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the previous scenario\n"
    );
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        2,
        "no temporary file is left"
    );
}

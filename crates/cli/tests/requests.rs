//! `licenselab requests PLAN --emit graph|powershell [-o OUT]`: the bytes of
//! `tests/requests/plan.graph.json` and `plan.ps1` (the crate's goldens), on standard output or
//! written whole to a file; a plan that cannot be sent is exit 1 with where, a file that cannot
//! be read exit 2.

use std::path::Path;

mod support;
use support::{licenselab, repo};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn prints_the_goldens() {
    let plan = repo("tests/requests/plan.json");
    for (emit, golden) in [("graph", "plan.graph.json"), ("powershell", "plan.ps1")] {
        let run = licenselab(&[
            "requests".as_ref(),
            plan.as_os_str(),
            "--emit".as_ref(),
            emit.as_ref(),
        ]);
        assert!(run.status.success(), "{}", text(&run.stderr));
        let expected = std::fs::read_to_string(repo(&format!("tests/requests/{golden}"))).unwrap();
        assert!(
            text(&run.stdout) == expected,
            "{emit} differs from {golden}"
        );
    }
}

#[test]
fn writes_the_file_whole() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("requests-output");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("apply.ps1");
    let run = licenselab(&[
        "requests".as_ref(),
        repo("tests/requests/plan.json").as_os_str(),
        "--emit".as_ref(),
        "powershell".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(run.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(repo("tests/requests/plan.ps1")).unwrap()
    );
    // Only the file: no temporary left beside it.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn exit_codes() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("requests-errors");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Made-up product ids load in a scenario but cannot be sent to Graph.
    let toy = repo("tests/check/a1-to-a3-add-first.json");
    let out = dir.join("never.json");
    let run = licenselab(&[
        "requests".as_ref(),
        toy.as_os_str(),
        "--emit".as_ref(),
        "graph".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains(
            "a1-to-a3-add-first.json: steps[0].group: product 'A3' has a skuId that is not a GUID"
        ),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing is written for a plan that fails");

    let run = licenselab(&[
        "requests".as_ref(),
        dir.join("missing.json").as_os_str(),
        "--emit".as_ref(),
        "graph".as_ref(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("cannot read"));
}

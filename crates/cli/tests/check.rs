//! `licenselab check`: exit codes (0 all held, 1 failed, 2 does not load), every output format
//! (the JSON goldens of `tests/check/`, text, JUnit XML validated against Jenkins' schema with
//! xmllint, Markdown parsed as tables), and change files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EVERY_POLICY: [&str; 10] = [
    "--deny",
    "service-gap",
    "--deny",
    "lost-service",
    "--deny",
    "lost-plans",
    "--deny",
    "new-errors",
    "--deny",
    "seat-shortfall",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `licenselab check ARGS`, run from the repository root (so file names read as in docs).
fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_licenselab"))
        .arg("check")
        .args(args)
        .current_dir(root())
        .output()
        .expect("licenselab runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Every scenario of `tests/check/` (not the change files, which have no `"licenselab"`).
fn scenarios() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/check"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json") && !name.ends_with(".result.json"))
        .filter(|name| {
            std::fs::read_to_string(root().join("tests/check").join(name))
                .unwrap()
                .contains("\"licenselab\"")
        })
        .collect();
    names.sort();
    names
}

#[test]
fn exit_codes_say_held_failed_or_did_not_load() {
    let held = check(&[
        "tests/check/a1-to-a3-add-first.json",
        "--deny",
        "service-gap",
    ]);
    assert_eq!(held.status.code(), Some(0), "{}", stderr(&held));
    let failed = check(&[
        "tests/check/a1-to-a3-remove-first.json",
        "--deny",
        "service-gap",
    ]);
    assert_eq!(failed.status.code(), Some(1));
    let stricter = check(&[
        "tests/check/a1-to-a3-add-first.json",
        "--deny",
        "lost-plans",
    ]);
    assert_eq!(stricter.status.code(), Some(1));

    let not_loaded = [
        (
            vec!["tests/check/missing.json"],
            "licenselab: cannot read tests/check/missing.json:",
        ),
        (
            vec!["tests/invalid/json-syntax-error.json"],
            "licenselab: tests/invalid/json-syntax-error.json: line ",
        ),
        (
            vec![
                "tests/check/tenant.json",
                "--steps",
                "tests/check/changes-unknown-member.json",
            ],
            "licenselab: tests/check/changes-unknown-member.json: line 11, column 17: \
             steps[1].member: unknown member 'carol'",
        ),
        (
            vec!["tests/check/tenant.json", "--deny", "gaps"],
            "licenselab: unknown policy 'gaps'; the policies are: service-gap, lost-service, \
             lost-plans, new-errors, seat-shortfall",
        ),
        (
            vec!["tests/check/tenant.json", "--allow", "group:nobody"],
            "licenselab: --allow group:nobody: there is no group 'nobody' in the scenario",
        ),
    ];
    for (args, message) in not_loaded {
        let output = check(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).starts_with(message),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), "", "{args:?}: nothing on standard output");
    }
}

#[test]
fn the_mailbox_case_names_each_user_and_the_exchange_service() {
    let output = check(&[
        "tests/check/a1-to-a3-remove-first.json",
        "--deny",
        "service-gap",
    ]);
    let text = stdout(&output);
    for (user, steps) in [
        (
            "alice",
            "after step 0 (removeMember) and has it again after step 2 (addMember)",
        ),
        (
            "bob",
            "after step 1 (removeMember) and has it again after step 3 (addMember)",
        ),
    ] {
        let line = format!("  service-gap: {user} loses Exchange Online mailbox {steps}:");
        assert!(text.contains(&line), "{line}\nnot in:\n{text}");
    }
    assert!(text.starts_with(
        "licenselab check tests/check/a1-to-a3-remove-first.json: failed (6 failures)\n"
    ));
    assert!(text.ends_with("--deny service-gap: 6 failures\n"), "{text}");
}

#[test]
fn json_reports_match_their_goldens() {
    let bless = std::env::var_os("LICENSELAB_BLESS").is_some();
    let mut compared = 0;
    for name in scenarios() {
        let path = format!("tests/check/{name}");
        let mut args = vec![path.as_str(), "--format", "json"];
        args.extend(EVERY_POLICY);
        let output = check(&args);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{name}: {}",
            stderr(&output)
        );
        let golden = root()
            .join("tests/check")
            .join(name.replace(".json", ".result.json"));
        if bless {
            std::fs::write(&golden, stdout(&output)).unwrap();
        }
        let expected = std::fs::read_to_string(&golden)
            .unwrap_or_else(|e| panic!("{}: {e} (LICENSELAB_BLESS=1 writes it)", golden.display()));
        assert_eq!(stdout(&output), expected, "{name}");
        compared += 1;
    }
    assert!(compared >= 6, "only {compared} scenarios");
}

#[test]
fn junit_output_validates_against_jenkins_junit_schema() {
    let schema = root().join("tests/check/junit/junit-10.xsd");
    let scratch = std::env::temp_dir().join(format!("licenselab-junit-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    for name in [
        "expectations-fail.json",
        "expectations-hold.json",
        "a1-to-a3-remove-first.json",
    ] {
        let path = format!("tests/check/{name}");
        let mut args = vec![path.as_str(), "--format", "junit"];
        args.extend(EVERY_POLICY);
        let xml = stdout(&check(&args));
        let file = scratch.join(name.replace(".json", ".xml"));
        std::fs::write(&file, &xml).unwrap();
        let validated = xmllint(&schema, &file);
        assert!(
            validated.status.success(),
            "{name}: {}\n{xml}",
            String::from_utf8_lossy(&validated.stderr)
        );
        if name == "expectations-fail.json" {
            assert!(
                xml.contains("tests=\"17\""),
                "12 expectations and 5 policies:\n{xml}"
            );
            assert!(
                xml.contains("<failure message=\"at the end: bob does not hold A3\">"),
                "{xml}"
            );
        }
    }
    // The check itself can fail: a report without the required `name` of a test case does not
    // validate.
    let broken = scratch.join("broken.xml");
    std::fs::write(
        &broken,
        "<testsuites><testsuite tests=\"1\"><testcase/></testsuite></testsuites>",
    )
    .unwrap();
    assert!(!xmllint(&schema, &broken).status.success());
    std::fs::remove_dir_all(&scratch).unwrap();
}

fn xmllint(schema: &Path, file: &Path) -> Output {
    Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema)
        .arg(file)
        .output()
        .expect("xmllint is installed (Debian: libxml2-utils; ./dev test installs it)")
}

#[test]
fn markdown_output_renders_as_tables() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut args = vec![
        "tests/check/a1-to-a3-short-of-seats.json",
        "--format",
        "markdown",
    ];
    args.extend(EVERY_POLICY);
    let markdown = stdout(&check(&args));
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(&markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                tables.last_mut().unwrap().push(Vec::new())
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = cell.as_mut() {
                    cell.push_str(&text);
                }
            }
            Event::End(TagEnd::TableCell) => {
                let text = cell.take().unwrap();
                tables.last_mut().unwrap().last_mut().unwrap().push(text);
            }
            _ => {}
        }
    }
    assert_eq!(
        tables.len(),
        3,
        "failures, who gains and loses, seats:\n{markdown}"
    );
    assert_eq!(tables[0][0], ["check", "step", "user", "what failed"]);
    assert_eq!(
        tables[1][0],
        ["user", "gains", "loses", "interrupted", "plans lost"]
    );
    let bob = tables[1]
        .iter()
        .find(|row| row[0] == "bob")
        .expect("bob's row");
    assert_eq!(bob[2], "Exchange Online mailbox, SharePoint Online and OneDrive, Microsoft Whiteboard, Office Mobile Apps for Office 365");
    assert_eq!(
        tables[2][0],
        [
            "product",
            "assignable",
            "in use before",
            "in use after",
            "more needed"
        ]
    );
    assert_eq!(
        tables[2][2],
        ["A3 (M365EDU_A3_STUDENT)", "1", "0", "1", "1"]
    );
    // Every row has its header's number of cells: nothing in a cell broke the table.
    for table in &tables {
        assert!(
            table.iter().all(|row| row.len() == table[0].len()),
            "{table:?}"
        );
    }
}

#[test]
fn a_change_file_applies_to_a_tenant_file() {
    let output = check(&[
        "tests/check/tenant.json",
        "--steps",
        "tests/check/changes-a1-to-a3.json",
        "--deny",
        "service-gap",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["steps"].as_array().unwrap().len(), 4);
    assert_eq!(report["expectations"][0]["name"], "changes.expect[0]");
    assert_eq!(
        report["policies"][0],
        serde_json::json!({"policy": "service-gap", "failures": 6, "allowed": 0})
    );
}

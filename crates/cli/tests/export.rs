//! `licenselab export` against the mock Graph: what the command prints and writes never holds
//! the token, when it succeeds and when Graph refuses a request.

use licenselab_generate::Parameters;
use licenselab_graph_mock::{At, Fault, GraphTenant, MockGraph, MockOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SECRET: &str = "tok3n-SECRET";
const TOKEN: &str = "tok3n-SECRET-0";

fn mock() -> MockGraph {
    let tenant = GraphTenant::generated(Parameters {
        users: 200,
        groups: 20,
        skus: 6,
        steps: 0,
        seed: 5,
    });
    let options = MockOptions {
        page_size: 90,
        member_page_size: 10,
    };
    MockGraph::start(tenant, options, TOKEN)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "licenselab-cli-export-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn licenselab(args: &[&str], token_variable: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_licenselab"));
    command.args(args).env_remove("LICENSELAB_GRAPH_TOKEN");
    if let Some(token) = token_variable {
        command.env("LICENSELAB_GRAPH_TOKEN", token);
    }
    command.output().expect("the command runs")
}

fn printed(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn assert_no_token_under(dir: &Path) {
    let mut stack = vec![dir.to_owned()];
    let mut files = 0;
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files += 1;
                let bytes = std::fs::read(&path).unwrap();
                assert!(
                    !String::from_utf8_lossy(&bytes).contains(SECRET),
                    "the token is in {}",
                    path.display()
                );
            }
        }
    }
    assert!(files > 0);
}

fn completion(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("licenselab-export.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn export_with_a_token_command_prints_and_writes_no_token() {
    let mock = mock();
    let dir = scratch("command");
    let output = licenselab(
        &[
            "export",
            "-o",
            dir.to_str().unwrap(),
            "--graph-url",
            &mock.url(),
            "--token-command",
            &format!("echo {TOKEN}"),
        ],
        None,
    );
    let text = printed(&output);
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("exported 6 products, 200 users, 20 groups"),
        "{text}"
    );
    assert!(!text.contains(SECRET), "{text}");
    assert_eq!(completion(&dir)["complete"], true);
    assert_eq!(completion(&dir)["objects"]["users"], 200);
    assert_no_token_under(&dir);
    assert_eq!(mock.violations(), Vec::<String>::new());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_refused_request_stops_with_graphs_error_and_no_token() {
    let mock = mock();
    mock.fault(At::Get("/users?".into()), Fault::Deny, 1);
    let dir = scratch("denied");
    let output = licenselab(
        &[
            "export",
            "-o",
            dir.to_str().unwrap(),
            "--graph-url",
            &mock.url(),
        ],
        Some(TOKEN),
    );
    let text = printed(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("export stopped: GET /v1.0/users?$select=id,"),
        "{text}"
    );
    assert!(
        text.contains(
            "Graph answered 403 Authorization_RequestDenied: Insufficient privileges to complete the operation."
        ),
        "{text}"
    );
    assert!(text.contains("is incomplete"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
    assert_eq!(completion(&dir)["complete"], false);
    assert_no_token_under(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_a_token_or_over_plain_http_nothing_is_sent() {
    let dir = scratch("refused");
    let output = licenselab(&["export", "-o", dir.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(1));
    assert!(printed(&output).contains("LICENSELAB_GRAPH_TOKEN"));

    let output = licenselab(
        &[
            "export",
            "-o",
            dir.to_str().unwrap(),
            "--graph-url",
            "http://graph.example.com",
        ],
        Some(TOKEN),
    );
    let text = printed(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text.contains("loopback") && !text.contains(SECRET),
        "{text}"
    );
    assert!(!dir.exists());
}

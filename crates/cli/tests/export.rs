//! `licenselab export` against the mock Graph: what the command prints and writes never holds
//! the token, when it succeeds and when Graph refuses a request.

use licenselab_generate::Parameters;
use licenselab_graph_mock::support::{assert_absent_under, read_json, scratch};
use licenselab_graph_mock::{At, Fault, GraphTenant, MockGraph, MockOptions};
use std::path::Path;
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

/// `licenselab export` into `dir` from the mock, with a token command or, without one, the
/// token in the environment.
fn export(mock: &MockGraph, dir: &Path, token_command: Option<&str>) -> (Output, String) {
    let mut args = vec![
        "export".to_owned(),
        "-o".to_owned(),
        dir.to_str().unwrap().to_owned(),
        "--graph-url".to_owned(),
        mock.url(),
    ];
    if let Some(command) = token_command {
        args.extend(["--token-command".to_owned(), command.to_owned()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = licenselab(&args, token_command.is_none().then_some(TOKEN));
    let text = printed(&output);
    assert!(!text.contains(SECRET), "the token was printed: {text}");
    assert_absent_under(dir, SECRET);
    (output, text)
}

fn completion(dir: &Path) -> serde_json::Value {
    read_json(&dir.join("licenselab-export.json"))
}

#[test]
fn export_with_a_token_command_prints_and_writes_no_token() {
    let mock = mock();
    let dir = scratch("cli-export-command");
    let (output, text) = export(&mock, &dir, Some(&format!("echo {TOKEN}")));
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("exported 6 products, 200 users, 20 groups"),
        "{text}"
    );
    assert_eq!(completion(&dir)["complete"], true);
    assert_eq!(completion(&dir)["objects"]["users"], 200);
    assert_eq!(mock.violations(), Vec::<String>::new());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_refused_request_stops_with_graphs_error_and_no_token() {
    let mock = mock();
    mock.fault(At::Get("/users?".into()), Fault::Deny, 1);
    let dir = scratch("cli-export-denied");
    let (output, text) = export(&mock, &dir, None);
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
    assert_eq!(completion(&dir)["complete"], false);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_a_token_or_over_plain_http_nothing_is_sent() {
    let dir = scratch("cli-export-refused");
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

//! `licenselab plan --emit graph|powershell`: the plan's steps written beside it as the requests
//! `licenselab requests` makes of the plan file (the same bytes), in the plan's order; nothing
//! written when the plan cannot be sent to Graph.

use std::path::{Path, PathBuf};
use std::process::Output;

mod support;
use support::{licenselab, out_dir, repo};

/// `tests/plan/two-groups-*.json` with Microsoft's GUIDs for Office 365 E1 and E3 and their plans
/// instead of the short ids (Graph takes GUIDs only), written into `dir`.
fn with_guids(dir: &Path, name: &str) -> PathBuf {
    const GUIDS: [(&str, &str); 8] = [
        ("\"E1\"", "\"18181a46-0d4e-45cd-891e-60aabd171b4e\""),
        ("\"E3\"", "\"6fd2c87f-b296-42f0-b197-1e91e994b900\""),
        ("\"EXO1\"", "\"9aaf7827-d63c-4b61-89c3-182f06f82e5c\""),
        ("\"EXO2\"", "\"efb87545-963c-4e0d-99df-69c6916d9eb0\""),
        ("\"SPO1\"", "\"c7699d2e-19aa-44de-8edf-1736da088ca1\""),
        ("\"SPO2\"", "\"5dbe027f-2339-4123-9542-606e4d348a72\""),
        ("\"TEAMS\"", "\"57ff2da0-773e-42df-b2af-ffb7a2317929\""),
        ("\"OFFICE\"", "\"43de0ff5-c92c-492b-9116-175376d08c38\""),
    ];
    let mut text = std::fs::read_to_string(repo(&format!("tests/plan/{name}"))).unwrap();
    for (short, guid) in GUIDS {
        text = text.replace(short, guid);
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn plan_with_emit(dir: &Path, emit: &str) -> (Output, PathBuf) {
    let tenant = with_guids(dir, "two-groups-tenant.json");
    let target = with_guids(dir, "two-groups-target.json");
    let plan = dir.join("plan.json");
    let run = licenselab(&[
        Path::new("plan"),
        &tenant,
        &target,
        Path::new("-o"),
        &plan,
        Path::new("--emit"),
        Path::new(emit),
    ]);
    (run, plan)
}

#[test]
fn emit_graph_writes_the_requests_of_the_plan_in_its_order() {
    let dir = out_dir("plan-emit-graph");
    let (run, plan) = plan_with_emit(&dir, "graph");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "stderr: {stderr}");
    let requests_path = dir.join("plan.graph.json");
    assert!(
        stderr.contains(&format!("wrote {}", requests_path.display())),
        "stderr: {stderr}"
    );
    let written = std::fs::read(&requests_path).unwrap();
    // The same bytes as `licenselab requests` makes of the plan file.
    let requests = licenselab(&[
        Path::new("requests"),
        &plan,
        Path::new("--emit"),
        Path::new("graph"),
    ]);
    assert_eq!(requests.status.code(), Some(0));
    assert_eq!(written, requests.stdout);

    // One request per step, in the plan's order, and each user joins the E3 group before leaving
    // the E1 group (the two-group method: nobody is without Exchange in between).
    let plan: serde_json::Value = serde_json::from_slice(&std::fs::read(&plan).unwrap()).unwrap();
    let expected: Vec<String> = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let (group, member) = (s["group"].as_str().unwrap(), s["member"].as_str().unwrap());
            match s["op"].as_str().unwrap() {
                "addMember" => format!("POST /groups/{group}/members/$ref {member}"),
                "removeMember" => format!("DELETE /groups/{group}/members/{member}/$ref {member}"),
                op => panic!("unexpected step {op} in the plan"),
            }
        })
        .collect();
    let document: serde_json::Value = serde_json::from_slice(&written).unwrap();
    let sent: Vec<String> = document["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let url = r["url"].as_str().unwrap();
            let member = match r["body"]["@odata.id"].as_str() {
                Some(id) => id.rsplit('/').next().unwrap(),
                None => url.split('/').nth(4).unwrap(),
            };
            format!("{} {url} {member}", r["method"].as_str().unwrap())
        })
        .collect();
    assert_eq!(sent, expected);
    for user in ["ann", "bo"] {
        let at = |what: &str| sent.iter().position(|r| r == &what.replace("{u}", user));
        let joins = at("POST /groups/dst/members/$ref {u}").expect("joins dst");
        let leaves = at("DELETE /groups/src/members/{u}/$ref {u}").expect("leaves src");
        assert!(
            joins < leaves,
            "{user} leaves src before joining dst: {sent:?}"
        );
    }
    assert!(document["requests"][0]["body"]["@odata.id"]
        .as_str()
        .unwrap()
        .starts_with("https://graph.microsoft.com/v1.0/directoryObjects/"));
}

#[test]
fn emit_powershell_writes_the_script_beside_the_plan() {
    let dir = out_dir("plan-emit-powershell");
    let (run, plan) = plan_with_emit(&dir, "powershell");
    assert_eq!(
        run.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let script = std::fs::read(dir.join("plan.ps1")).unwrap();
    let requests = licenselab(&[
        Path::new("requests"),
        &plan,
        Path::new("--emit"),
        Path::new("powershell"),
    ]);
    assert_eq!(script, requests.stdout);
    let script = String::from_utf8(script).unwrap();
    // One call per step (the preamble's polling GET is indented inside its function).
    let calls = script
        .lines()
        .filter(|l| l.starts_with("Invoke-MgGraphRequest -Method"));
    assert_eq!(calls.count(), 4);
}

#[test]
fn a_plan_graph_cannot_take_writes_nothing_and_exits_2() {
    // The short product ids of the test tenants are no GUIDs: Graph could not take them.
    let dir = out_dir("plan-emit-refused");
    let plan = dir.join("plan.json");
    let run = licenselab(&[
        Path::new("plan"),
        &repo("tests/plan/two-groups-tenant.json"),
        &repo("tests/plan/two-groups-target.json"),
        Path::new("-o"),
        &plan,
        Path::new("--emit"),
        Path::new("graph"),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stderr.contains("the plan cannot be written as requests"),
        "stderr: {stderr}"
    );
    assert!(stderr.contains("nothing was written"), "stderr: {stderr}");
    assert!(!plan.exists());
    assert!(!dir.join("plan.graph.json").exists());
}

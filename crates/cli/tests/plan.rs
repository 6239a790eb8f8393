//! `licenselab plan`: the plan is written (and `licenselab check` passes it), the summary
//! printed, and the exit code says whether the plan is without a gap (`tests/plan/`).

use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

mod support;
use support::{licenselab, out_dir, repo};

fn plan(tenant: &Path, target: &Path, output: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&OsStr> = vec![
        "plan".as_ref(),
        tenant.as_os_str(),
        target.as_os_str(),
        "-o".as_ref(),
        output.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    licenselab(&args)
}

/// `licenselab check` runs the plan and its expectations hold.
fn assert_check_passes(plan: &Path) {
    let check = licenselab(&["check".as_ref(), plan.as_os_str()]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn a_plan_without_a_gap_is_written_passes_check_and_exits_0() {
    let dir = out_dir("plan-two-groups");
    let (out, naive) = (dir.join("plan.json"), dir.join("naive.json"));
    let run = plan(
        &repo("tests/plan/two-groups-tenant.json"),
        &repo("tests/plan/two-groups-target.json"),
        &out,
        &["--naive", naive.to_str().unwrap()],
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.starts_with("Plan: 4 step(s)"), "{stdout}");
    assert!(
        stdout.contains("2 user(s) without a service on the way: ann, bo"),
        "{stdout}"
    );
    assert_check_passes(&out);
    // The obvious order, run by check with the service-gap policy, fails.
    let naive_check = licenselab(&[
        "check".as_ref(),
        naive.as_os_str(),
        "--deny".as_ref(),
        "service-gap".as_ref(),
    ]);
    assert_eq!(naive_check.status.code(), Some(1));
    // --format json prints the report.
    let json = plan(
        &repo("tests/plan/two-groups-tenant.json"),
        &repo("tests/plan/two-groups-target.json"),
        &out,
        &["--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["noServiceGap"], true);
    assert_eq!(report["steps"].as_array().unwrap().len(), 4);
}

#[test]
fn a_plan_with_a_gap_no_order_avoids_is_written_and_exits_1() {
    let dir = out_dir("plan-gap");
    let out = dir.join("plan.json");
    let run = plan(
        &repo("tests/plan/conflict-gap-tenant.json"),
        &repo("tests/plan/conflict-gap-target.json"),
        &out,
        &[],
    );
    assert_eq!(run.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("found no order without a gap"), "{stdout}");
    assert!(out.exists());
}

#[test]
fn a_plan_with_a_temporary_step_marks_it_passes_check_and_exits_0() {
    let dir = out_dir("plan-temporary");
    let out = dir.join("plan.json");
    let run = plan(
        &repo("tests/plan/temporary-tenant.json"),
        &repo("tests/plan/temporary-target.json"),
        &out,
        &[],
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("temporary: ann holds ENTERPRISEPACK (E3) directly"),
        "{stdout}"
    );
    assert!(
        stdout.contains("undoes the temporary step(s) 0"),
        "{stdout}"
    );
    assert_check_passes(&out);
}

#[test]
fn an_input_that_does_not_load_writes_nothing_and_exits_2() {
    let dir = out_dir("plan-bad");
    let (bad, out) = (dir.join("bad.json"), dir.join("plan.json"));
    std::fs::write(&bad, "{\"licenselab\": 1, \"users\": [{\"id\": 3}]}").unwrap();
    let run = plan(&bad, &repo("tests/plan/two-groups-target.json"), &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("bad.json") && stderr.contains("line 1"),
        "{stderr}"
    );
    assert!(!out.exists());
    let run = plan(
        &repo("tests/plan/two-groups-tenant.json"),
        &repo("tests/scenarios/migration-e3-to-e5-two-groups.json"),
        &out,
        &[],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("the target has 3 step(s)"));
    assert!(!out.exists());
}

//! The check report as JUnit XML (quick-junit), for CI test reports: a test suite of
//! expectations (one case each) and one of denied policies (one case each, its failures in the
//! failure's text). Validated against Jenkins' JUnit schema (`tests/check/junit/`).

use licenselab_engine::CheckReport;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

pub fn render(report: &CheckReport, name: &str) -> String {
    let mut junit = Report::new(format!("licenselab check {name}"));
    let mut expectations = TestSuite::new("expectations");
    for e in &report.expectations {
        expectations.add_test_case(case(
            report,
            name,
            &e.name,
            format!("{} {}", e.name, e.check),
        ));
    }
    let mut policies = TestSuite::new("policies");
    for p in &report.policies {
        policies.add_test_case(case(
            report,
            name,
            &p.policy,
            format!("--deny {}", p.policy),
        ));
    }
    junit.add_test_suites([expectations, policies]);
    let xml = junit
        .to_string()
        .expect("a JUnit report of strings always serializes");
    // Jenkins' schema has no `skipped` on <testsuites> (only on <testsuite>); nothing is ever
    // skipped here, so the root's count says nothing and goes.
    xml.replacen(" skipped=\"0\"", "", 1)
}

/// The test case of one expectation or policy: the failures whose `check` is `check`.
fn case(report: &CheckReport, file: &str, check: &str, title: String) -> TestCase {
    let failures: Vec<&str> = report
        .failures
        .iter()
        .filter(|f| f.check == check)
        .map(|f| f.message.as_str())
        .collect();
    let mut case = TestCase::new(title, status(&failures));
    case.set_classname(file);
    case
}

fn status(failures: &[&str]) -> TestCaseStatus {
    match failures {
        [] => TestCaseStatus::success(),
        [first, ..] => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let summary = match failures.len() {
                1 => first.to_string(),
                n => format!("{n} failures; the first: {first}"),
            };
            status.set_message(summary);
            status.set_description(failures.join("\n"));
            status
        }
    }
}

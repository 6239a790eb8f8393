//! Every line of the reference examples (tests/data/dynamic-rules-examples.jsonl) as a test:
//! valid rules parse, have the stated object kind and give the expected result for every
//! case; invalid rules are rejected with the error class the line's note and reference §6
//! call for.

use licenselab_rules::{
    parse, AssignedPlan, DateTime, EvalContext, Field, ObjectKind, Record, RuleOptions,
};
use serde_json::{Map, Value};

const EXAMPLES: &str = include_str!("data/dynamic-rules-examples.jsonl");
const DEFAULT_NOW: &str = "2025-06-01T00:00:00Z";

/// Expected error class of each invalid line: (line number, start of the rule, class).
/// The file states only `"valid": false`; the classes follow each line's note.
const INVALID: &[(usize, &str, &str)] = &[
    (33, "user.mail \u{2013}ne", "BinaryExpressionFormat"), // en dash
    (42, "Direct Reports for \"{objectID", "InvalidValue"), // placeholder, not an object id
    (47, "user.extension_c272", "QueryCompilation"),        // property without operator
    (82, "(deviceOSType", "MissingObjectPrefix"),
    (91, "(device.objectId -eq 76ad", "QueryCompilation"), // unquoted value
    (92, "(device.domainName", "AttributeNotSupported"),   // legacy attribute
    (93, "(device.isCompliant", "AttributeNotSupported"),  // legacy attribute
    (
        135,
        "(user.accountEnabled -contains",
        "OperatorNotSupportedOnAttribute",
    ),
    (136, "(user.department -eq \"Sales\") (", "QueryCompilation"), // missing -and/-or
    (137, "(user.department \u{2013}eq", "BinaryExpressionFormat"),
    (138, "(user.department-eq", "BinaryExpressionFormat"),
    (139, "mail \u{2013}ne", "MissingObjectPrefix"),
    (140, "mail -ne", "MissingObjectPrefix"),
    (141, "user.memberof -any", "MemberOfNotCombinable"), // combined with -and
    (
        142,
        "user.memberof -any (group.objectId -startsWith",
        "MemberOfNotCombinable",
    ),
    (143, "user.mail -not null", "NotWithNull"),
    (144, "user.mail -not $null", "NotWithNull"),
    (
        145,
        "user.employeeHireDate -ge system.now -minus P365D -minus",
        "InvalidDateExpression",
    ),
    (
        146,
        "user.department -ge",
        "OperatorNotSupportedOnAttribute",
    ),
    (147, "user.department -in [\"dept00000\"", "TooLong"),
    (148, "", "QueryCompilation"), // empty rule
];

fn record_from_json(object: &Map<String, Value>) -> Result<Record, String> {
    let mut record = Record::new();
    for (key, value) in object {
        match (key.as_str(), value) {
            (_, Value::Null) => {}
            ("assignedPlans", Value::Array(plans)) => {
                for plan in plans {
                    let field =
                        |name: &str| plan.get(name).and_then(Value::as_str).map(str::to_string);
                    record.add_assigned_plan(AssignedPlan {
                        service_plan_id: field("servicePlanId"),
                        service: field("service"),
                        capability_status: field("capabilityStatus"),
                    });
                }
            }
            ("memberOf", Value::Array(groups)) => {
                for group in groups {
                    record.add_member_of(group.as_str().ok_or("memberOf item is not a string")?);
                }
            }
            ("manager", Value::String(id)) => record.set_manager(Some(id)),
            (_, Value::String(s)) => record.set(key, s.as_str()),
            (_, Value::Bool(b)) => record.set(key, *b),
            (_, Value::Array(items)) => {
                let strings: Option<Vec<String>> = items
                    .iter()
                    .map(|item| item.as_str().map(str::to_string))
                    .collect();
                record.set(
                    key,
                    Field::Strings(strings.ok_or(format!("{key}: not all strings"))?),
                );
            }
            _ => return Err(format!("unsupported value for {key}: {value}")),
        }
    }
    Ok(record)
}

struct Tally {
    lines: usize,
    valid: usize,
    invalid: usize,
    cases: usize,
    failures: Vec<String>,
}

fn check_line(number: usize, line: &str, tally: &mut Tally) -> Result<(), String> {
    let example: Value = serde_json::from_str(line).map_err(|e| format!("bad JSON: {e}"))?;
    let rule_text = example["rule"].as_str().ok_or("no rule")?;
    let valid = example["valid"].as_bool().ok_or("no valid flag")?;
    let options = RuleOptions::default();
    let parsed = parse(rule_text, &options);
    if !valid {
        tally.invalid += 1;
        let &(_, prefix, class) = INVALID
            .iter()
            .find(|(n, _, _)| *n == number)
            .ok_or("invalid line without an expected class in INVALID")?;
        if !rule_text.starts_with(prefix) {
            return Err(format!(
                "INVALID table entry does not match the rule (expected prefix {prefix:?})"
            ));
        }
        let error = match parsed {
            Ok(_) => return Err(format!("accepted, expected {class}")),
            Err(error) => error,
        };
        if error.class().name() != class {
            return Err(format!(
                "rejected as {} ({error}), expected {class}",
                error.class().name()
            ));
        }
        if error.hint().is_empty() || !error.to_string().contains(" at offset ") {
            return Err(format!("error does not say where and what to do: {error}"));
        }
        return Ok(());
    }
    tally.valid += 1;
    if INVALID.iter().any(|(n, _, _)| *n == number) {
        return Err("valid line listed in INVALID".into());
    }
    let rule = parsed.map_err(|error| format!("rejected: {} ({error})", error.class().name()))?;
    let expected_kind = match example["object"].as_str() {
        Some("user") => ObjectKind::User,
        Some("device") => ObjectKind::Device,
        other => return Err(format!("unknown object {other:?}")),
    };
    if rule.object_kind() != expected_kind {
        return Err(format!(
            "object kind {:?}, expected {expected_kind:?}",
            rule.object_kind()
        ));
    }
    let mut problems = Vec::new();
    for (index, case) in example["cases"]
        .as_array()
        .ok_or("no cases")?
        .iter()
        .enumerate()
    {
        tally.cases += 1;
        let subject = record_from_json(case["user"].as_object().ok_or("case without user")?)?;
        let expected = case["matches"].as_bool().ok_or("case without matches")?;
        let now_text = case
            .get("now")
            .and_then(Value::as_str)
            .unwrap_or(DEFAULT_NOW);
        let now = DateTime::parse_iso8601(now_text).ok_or(format!("bad now {now_text}"))?;
        let actual = rule.matches(&subject, &EvalContext::at(now));
        if actual != expected {
            problems.push(format!(
                "case {index} {}: got {actual}, expected {expected}",
                case["user"]
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

#[test]
fn every_example_line_behaves_as_documented() {
    let mut tally = Tally {
        lines: 0,
        valid: 0,
        invalid: 0,
        cases: 0,
        failures: Vec::new(),
    };
    for (index, line) in EXAMPLES.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let number = index + 1;
        tally.lines += 1;
        if let Err(problem) = check_line(number, line, &mut tally) {
            let rule: String = serde_json::from_str::<Value>(line)
                .ok()
                .and_then(|v| v["rule"].as_str().map(str::to_string))
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect();
            tally
                .failures
                .push(format!("line {number}: {rule:?}: {problem}"));
        }
    }
    assert!(
        tally.failures.is_empty(),
        "{} of {} example lines failed:\n{}",
        tally.failures.len(),
        tally.lines,
        tally.failures.join("\n")
    );
    assert_eq!(tally.lines, 148, "the examples file should have 148 lines");
    assert_eq!(
        tally.invalid,
        INVALID.len(),
        "every INVALID entry should be checked"
    );
    assert_eq!(tally.valid, 127);
    assert_eq!(tally.cases, 234, "every case of the file should be checked");
}

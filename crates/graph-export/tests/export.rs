//! `export` against the mock Graph (on 127.0.0.1): the layout, every fault kind, errors, the token.

use licenselab_generate::Parameters;
use licenselab_graph_export::{
    export, Config, ExportError, Kind, RetryPolicy, Silent, Summary, Token, TokenSource,
    COMPLETION_FILE,
};
use licenselab_graph_mock::support::{assert_absent_under, read_json};
use licenselab_graph_mock::{
    is_dynamic, is_licensed, At, Fault, GraphTenant, MockGraph, MockOptions,
};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// Every test token contains this, so one search finds any of them.
const SECRET: &str = "tok3n-SECRET";
const TOKEN: &str = "tok3n-SECRET-0";

fn tenant() -> GraphTenant {
    static TENANT: OnceLock<GraphTenant> = OnceLock::new();
    TENANT
        .get_or_init(|| {
            GraphTenant::generated(Parameters {
                users: 300,
                groups: 30,
                skus: 8,
                steps: 0,
                seed: 3,
            })
        })
        .clone()
}

/// Small pages, so users, groups and member lists (inside `$batch`) all take several pages.
fn mock() -> MockGraph {
    let options = MockOptions {
        page_size: 100,
        member_page_size: 7,
    };
    MockGraph::start(tenant(), options, TOKEN)
}

fn scratch(name: &str) -> PathBuf {
    licenselab_graph_mock::support::scratch(&format!("export-test-{name}"))
}

fn assert_no_token_in(dir: &Path) {
    assert_absent_under(dir, SECRET);
}

fn config(mock: &MockGraph, dir: &Path) -> Config {
    let mut config = Config::new(dir, TokenSource::Fixed(Token::new(TOKEN).unwrap()));
    config.graph_url = mock.url();
    config.retry = RetryPolicy {
        max_retries: 5,
        base_delay: Duration::from_millis(2),
        max_delay: Duration::from_millis(150),
    };
    config.timeout = Duration::from_secs(10);
    config
}

/// The ids of every page of a list folder, in page order; `None` when the folder is absent.
fn ids(folder: &Path) -> Option<Vec<String>> {
    if !folder.exists() {
        return None;
    }
    let mut ids = Vec::new();
    for page in 1..=10_000 {
        let file = folder.join(format!("page-{page:04}.json"));
        if !file.exists() {
            break;
        }
        let body = read_json(&file);
        assert!(body["@odata.context"].is_string(), "{}", file.display());
        for object in body["value"].as_array().unwrap() {
            ids.push(object["id"].as_str().unwrap().to_owned());
        }
    }
    Some(ids)
}

fn object_ids(objects: &[Value]) -> Vec<String> {
    objects
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The folder holds exactly what the mock served, in the documented layout.
fn assert_exported(dir: &Path, served: &GraphTenant, summary: &Summary) {
    assert_eq!(ids(&dir.join("organization")).unwrap().len(), 1);
    assert_eq!(
        ids(&dir.join("subscribedSkus")).unwrap(),
        object_ids(&served.subscribed_skus)
    );
    assert_eq!(ids(&dir.join("users")).unwrap(), object_ids(&served.users));
    assert_eq!(
        ids(&dir.join("groups")).unwrap(),
        object_ids(&served.groups)
    );
    let mut members = 0;
    let mut errors = 0;
    for group in &served.groups {
        let id = group["id"].as_str().unwrap();
        let folder = dir.join("groups").join(id);
        let read = ids(&folder.join("members"));
        if is_dynamic(group) {
            assert_eq!(read, None, "members of dynamic group {id} were read");
        } else {
            let expected = object_ids(&served.members[id]);
            members += expected.len();
            assert_eq!(read.unwrap(), expected, "members of {id}");
        }
        let read = ids(&folder.join("membersWithLicenseErrors"));
        if is_licensed(group) {
            let expected = object_ids(&served.members_with_license_errors[id]);
            errors += expected.len();
            assert_eq!(read.unwrap(), expected, "membersWithLicenseErrors of {id}");
        } else {
            assert_eq!(read, None);
        }
    }
    let completion = read_json(&dir.join(COMPLETION_FILE));
    assert_eq!(completion["complete"], true);
    assert!(completion["started"].as_str().unwrap().ends_with('Z'));
    let counts = [
        (Kind::Organization, 1),
        (Kind::SubscribedSkus, served.subscribed_skus.len()),
        (Kind::Users, served.users.len()),
        (Kind::Groups, served.groups.len()),
        (Kind::Members, members),
        (Kind::MembersWithLicenseErrors, errors),
    ];
    for (kind, count) in counts {
        assert_eq!(summary.objects(kind), count as u64, "{kind:?}");
        assert_eq!(completion["objects"][kind.name()], count, "{kind:?}");
    }
    assert_eq!(completion["requests"], summary.requests);
    assert_eq!(completion["retries"], summary.retries);
    assert_no_token_in(dir);
}

fn assert_clean(mock: &MockGraph) {
    assert_eq!(mock.violations(), Vec::<String>::new());
}

#[test]
fn exports_every_list_in_the_layout_with_get_and_batch_only() {
    let mock = mock();
    let dir = scratch("full");
    let summary = export(&config(&mock, &dir), &Silent).unwrap();
    assert_exported(&dir, mock.tenant(), &summary);
    assert_clean(&mock);

    let log = mock.log();
    let outer: Vec<_> = log.iter().filter(|l| !l.in_batch).collect();
    assert_eq!(summary.requests, outer.len() as u64);
    assert_eq!(summary.retries, 0);
    assert!(outer
        .iter()
        .all(|l| l.method == "GET" || (l.method == "POST" && l.path == "/v1.0/$batch")));
    assert!(log.iter().filter(|l| l.in_batch).all(|l| l.method == "GET"));
    // Paging: 300 users in pages of 100, and member lists of more than 7 inside $batch.
    assert!(dir.join("users/page-0003.json").exists());
    assert!(!dir.join("users/page-0004.json").exists());
    assert!(dir.join("groups/g00000/members/page-0005.json").exists());
    let batches = outer.iter().filter(|l| l.method == "POST").count();
    let inner = log.iter().filter(|l| l.in_batch).count();
    assert!(
        batches > 1 && inner > 20 && inner <= batches * 20,
        "{batches} {inner}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn throttling_is_retried_with_retry_after_or_backoff() {
    let mock = mock();
    mock.fault(
        At::Get("/users?".into()),
        Fault::TooManyRequests {
            retry_after: Some(1),
        },
        1,
    );
    mock.fault(
        At::Get("/organization".into()),
        Fault::TooManyRequests { retry_after: None },
        2,
    );
    mock.fault(At::Get("/subscribedSkus".into()), Fault::Unavailable, 1);
    mock.fault(At::Batch, Fault::Unavailable, 1);
    mock.fault(
        At::InBatch("/members?".into()),
        Fault::TooManyRequests {
            retry_after: Some(1),
        },
        3,
    );
    let dir = scratch("throttled");
    let summary = export(&config(&mock, &dir), &Silent).unwrap();
    assert_exported(&dir, mock.tenant(), &summary);
    assert_clean(&mock);
    assert_eq!(summary.retries, 1 + 2 + 1 + 1 + 3);

    // `Retry-After: 1` is honoured (here capped at the test's 150 ms), not the 2 ms backoff.
    let log = mock.log();
    let users: Vec<_> = log
        .iter()
        .filter(|l| l.path.starts_with("/v1.0/users?"))
        .collect();
    assert_eq!(users[0].status, 429);
    let waited = users[1].at - users[0].at;
    assert!(waited >= Duration::from_millis(140), "{waited:?}");
    let throttled = log
        .iter()
        .filter(|l| l.status == 429 || l.status == 503)
        .count();
    assert_eq!(throttled, 8);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_dropped_connection_is_retried() {
    let mock = mock();
    mock.fault(At::Get("$skiptoken".into()), Fault::DropConnection, 1);
    mock.fault(At::Batch, Fault::DropConnection, 1);
    let dir = scratch("dropped");
    let summary = export(&config(&mock, &dir), &Silent).unwrap();
    assert_exported(&dir, mock.tenant(), &summary);
    assert_clean(&mock);
    assert_eq!(mock.log().iter().filter(|l| l.status == 0).count(), 2);
    assert!(summary.retries >= 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_expired_token_is_renewed_by_running_the_command_again() {
    let mock = mock();
    mock.fault(At::Get("/groups?".into()), Fault::ExpireToken, 1);
    mock.fault(At::InBatch("/members?".into()), Fault::ExpireToken, 1);
    let dir = scratch("expired");
    let runs = scratch("expired-runs");
    // Prints tok3n-SECRET-0, then -1, then -2: the mock's next valid token each time.
    let command = format!(
        "touch {runs}; n=$(wc -l < {runs}); echo x >> {runs}; echo {SECRET}-$n",
        runs = runs.display()
    );
    let mut config = config(&mock, &dir);
    config.token = TokenSource::Command(command);
    let summary = export(&config, &Silent).unwrap();
    assert_exported(&dir, mock.tenant(), &summary);
    assert_clean(&mock);
    // Once at the start, once per expiry (a GET, then a request inside a $batch), however many
    // requests were in flight with the old token.
    assert_eq!(std::fs::read_to_string(&runs).unwrap().lines().count(), 3);
    assert!(summary.retries >= 2);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_file(&runs).unwrap();

    // A token that cannot be renewed stops the export and says so.
    let mock = self::mock();
    mock.fault(At::InBatch("/members?".into()), Fault::ExpireToken, 1);
    let dir = scratch("expired-fixed");
    let error = export(&self::config(&mock, &dir), &Silent).unwrap_err();
    let text = error.to_string();
    assert!(matches!(error, ExportError::Token(_)), "{text}");
    assert!(
        text.contains("cannot be renewed") && !text.contains(SECRET),
        "{text}"
    );
    assert_eq!(read_json(&dir.join(COMPLETION_FILE))["complete"], false);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_denied_request_stops_with_graphs_error_and_no_token() {
    let mock = mock();
    mock.fault(At::Get("/groups?".into()), Fault::Deny, 1);
    let dir = scratch("denied");
    let error = export(&config(&mock, &dir), &Silent).unwrap_err();
    let ExportError::Graph {
        method,
        path,
        status,
        code,
        message,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!((*method, *status), ("GET", 403));
    assert!(
        path.starts_with("/v1.0/groups?$select=id,displayName,"),
        "{path}"
    );
    assert_eq!(code, "Authorization_RequestDenied");
    assert_eq!(
        message,
        "Insufficient privileges to complete the operation."
    );
    let text = error.to_string();
    assert!(text.starts_with("GET /v1.0/groups?$select="), "{text}");
    assert!(text.contains("403 Authorization_RequestDenied: Insufficient privileges"));
    assert!(!text.contains(SECRET) && !format!("{error:?}").contains(SECRET));
    let completion = read_json(&dir.join(COMPLETION_FILE));
    assert_eq!(completion["complete"], false);
    assert_no_token_in(&dir);
    std::fs::remove_dir_all(&dir).unwrap();

    // Inside a $batch too.
    let mock = self::mock();
    mock.fault(
        At::InBatch("/membersWithLicenseErrors".into()),
        Fault::Deny,
        1,
    );
    let dir = scratch("denied-batch");
    let text = export(&config(&mock, &dir), &Silent)
        .unwrap_err()
        .to_string();
    assert!(
        text.starts_with("GET /v1.0/groups/") && text.contains("/membersWithLicenseErrors?"),
        "{text}"
    );
    assert!(text.contains("(in $batch): Graph answered 403 Authorization_RequestDenied"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_next_link_to_another_host_is_not_followed() {
    let mock = mock();
    mock.fault(At::Get("/users?".into()), Fault::ForeignNextLink, 1);
    let dir = scratch("foreign");
    let error = export(&config(&mock, &dir), &Silent).unwrap_err();
    let text = error.to_string();
    assert!(matches!(error, ExportError::Response { .. }), "{text}");
    assert!(
        text.contains("points at http://127.0.0.2:") && text.contains("refusing to follow it"),
        "{text}"
    );
    assert_eq!(read_json(&dir.join(COMPLETION_FILE))["complete"], false);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn retries_are_bounded() {
    let mock = mock();
    mock.fault(At::Get("/organization".into()), Fault::Unavailable, 1000);
    let dir = scratch("bounded");
    let error = export(&config(&mock, &dir), &Silent).unwrap_err();
    assert!(
        matches!(error, ExportError::GaveUp { attempts: 6, .. }),
        "{error}"
    );
    let tries = mock
        .log()
        .iter()
        .filter(|l| l.path.starts_with("/v1.0/organization"))
        .count();
    assert_eq!(tries, 6);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn plain_http_is_refused_unless_loopback() {
    let dir = scratch("plain");
    let mut config = Config::new(&dir, TokenSource::Fixed(Token::new(TOKEN).unwrap()));
    config.graph_url = "http://graph.microsoft.com".into();
    let error = export(&config, &Silent).unwrap_err();
    assert!(matches!(error, ExportError::GraphUrl(_)), "{error}");
    assert!(error.to_string().contains("loopback"));
    assert!(
        !dir.exists(),
        "nothing is written before the URL is accepted"
    );
}

#[test]
fn only_new_empty_or_previous_export_folders_are_written() {
    let mock = mock();
    let dir = scratch("folders");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let error = export(&config(&mock, &dir), &Silent).unwrap_err();
    assert!(
        error.to_string().contains("not a licenselab export"),
        "{error}"
    );
    assert!(
        mock.log().is_empty(),
        "no request before the folder is accepted"
    );
    std::fs::remove_file(dir.join("notes.txt")).unwrap();

    // A previous export (even an incomplete one) is replaced.
    std::fs::create_dir_all(dir.join("groups/stale/members")).unwrap();
    std::fs::write(dir.join(COMPLETION_FILE), r#"{"complete": false}"#).unwrap();
    let summary = export(&config(&mock, &dir), &Silent).unwrap();
    assert!(!dir.join("groups/stale").exists());
    assert_exported(&dir, mock.tenant(), &summary);
    std::fs::remove_dir_all(&dir).unwrap();
}

//! A mock Microsoft Graph v1.0 for testing `licenselab export`, on 127.0.0.1 only.
//!
//! It serves a [`GraphTenant`] (a scenario, usually made by `licenselab_generate`, reconciled by
//! the engine) the way Graph does: list responses with `@odata.context`, pages of `$top` with an
//! `@odata.nextLink` (`$skiptoken`), and `POST /v1.0/$batch` of up to 20 requests, whose answers
//! can page and fail on their own. [`Fault`]s are injected on request: 429 with and without
//! `Retry-After`, 503, a dropped connection, an expired token, a 403, an `@odata.nextLink` to
//! another host.
//!
//! It checks every request and records what it finds wrong ([`MockGraph::violations`]): a
//! method other than GET (or a `$batch` of GETs), a path or a `$select` list other than those
//! licenselab is meant to send, a missing or malformed `Authorization: Bearer` header. Every
//! request is logged ([`MockGraph::log`]). The HTTP is a small std `TcpListener` server, so a
//! connection can really be dropped.

mod http;
pub mod support;
mod tenant;

pub use tenant::{is_dynamic, is_licensed, GraphTenant};

use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The `$select` lists licenselab must send, written out here rather than taken from the
/// client, so a change on either side is caught (`tenant-import.md` §1.1).
pub const EXPECTED_USER_SELECT: &[&str] = &[
    "id",
    "userPrincipalName",
    "displayName",
    "usageLocation",
    "accountEnabled",
    "userType",
    "assignedLicenses",
    "licenseAssignmentStates",
    "assignedPlans",
    "proxyAddresses",
    "department",
    "jobTitle",
    "companyName",
    "country",
    "city",
    "state",
    "postalCode",
    "streetAddress",
    "officeLocation",
    "employeeId",
    "employeeHireDate",
    "employeeType",
    "mail",
    "mailNickname",
    "otherMails",
    "givenName",
    "surname",
    "mobilePhone",
    "businessPhones",
    "faxNumber",
    "preferredLanguage",
    "onPremisesSyncEnabled",
    "onPremisesSecurityIdentifier",
    "onPremisesDistinguishedName",
    "onPremisesExtensionAttributes",
    "passwordPolicies",
];
pub const EXPECTED_GROUP_SELECT: &[&str] = &[
    "id",
    "displayName",
    "securityEnabled",
    "mailEnabled",
    "groupTypes",
    "membershipRule",
    "membershipRuleProcessingState",
    "assignedLicenses",
    "licenseProcessingState",
];
pub const EXPECTED_MEMBER_SELECT: &[&str] = &["id", "userPrincipalName", "displayName"];

/// Where a fault applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum At {
    /// A GET (not in a `$batch`) whose path contains this text.
    Get(String),
    /// The `POST /v1.0/$batch` itself.
    Batch,
    /// A request inside a `$batch` whose path contains this text.
    InBatch(String),
}

/// What goes wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 429, with `Retry-After: n` seconds or without it.
    TooManyRequests { retry_after: Option<u32> },
    /// 503 Service Unavailable, without `Retry-After`.
    Unavailable,
    /// The connection is closed without an answer (not inside a `$batch`).
    DropConnection,
    /// The token presented expires now: 401 `InvalidAuthenticationToken`; the next token of the
    /// sequence (`...-1`, `...-2`) becomes the valid one.
    ExpireToken,
    /// 403 `Authorization_RequestDenied`.
    Deny,
    /// The page is served with an `@odata.nextLink` on another host (`127.0.0.2`, where nothing
    /// listens), which a client must refuse to follow with its token.
    ForeignNextLink,
}

/// One request the mock answered (or dropped).
#[derive(Clone, Debug)]
pub struct Logged {
    pub method: String,
    /// The path with its query, as sent (`/v1.0/users?...`; inside a `$batch`, prefixed with
    /// `/v1.0` too).
    pub path: String,
    pub in_batch: bool,
    /// 0 for a dropped connection.
    pub status: u16,
    pub at: Instant,
}

#[derive(Clone, Copy, Debug)]
pub struct MockOptions {
    /// The largest page of users, groups and SKUs (Graph's is 999).
    pub page_size: usize,
    /// The largest page of a member list.
    pub member_page_size: usize,
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            page_size: 999,
            member_page_size: 999,
        }
    }
}

struct State {
    tenant: GraphTenant,
    groups: HashMap<String, usize>,
    options: MockOptions,
    base: String,
    valid_tokens: Mutex<HashSet<String>>,
    faults: Mutex<Vec<(At, Fault, usize)>>,
    log: Mutex<Vec<Logged>>,
    violations: Mutex<Vec<String>>,
}

/// A running mock; stopped when dropped.
pub struct MockGraph {
    state: Arc<State>,
    address: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

/// An answer to one request.
pub(crate) struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Answer {
    fn ok(body: Value) -> Answer {
        Answer {
            status: 200,
            headers: Vec::new(),
            body,
        }
    }

    fn error(status: u16, code: &str, message: &str) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: json!({ "error": {
                "code": code,
                "message": message,
                "innerError": { "date": "2026-12-07T08:00:00", "request-id": "00000000-0000-0000-0000-000000000000" },
            }}),
        }
    }
}

impl MockGraph {
    /// Starts serving `tenant` on 127.0.0.1 (a free port); `token` is the one valid token.
    pub fn start(tenant: GraphTenant, options: MockOptions, token: &str) -> MockGraph {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let address = listener.local_addr().expect("the port");
        let groups = tenant
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g["id"].as_str().unwrap().to_owned(), i))
            .collect();
        let state = Arc::new(State {
            tenant,
            groups,
            options,
            base: format!("http://{address}"),
            valid_tokens: Mutex::new(HashSet::from([token.to_owned()])),
            faults: Mutex::default(),
            log: Mutex::default(),
            violations: Mutex::default(),
        });
        let stop = Arc::new(AtomicBool::new(false));
        let accept = {
            let state = Arc::clone(&state);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let state = Arc::clone(&state);
                    std::thread::spawn(move || http::serve(stream, &state));
                }
            })
        };
        MockGraph {
            state,
            address,
            stop,
            accept: Some(accept),
        }
    }

    /// `http://127.0.0.1:PORT`, for `--graph-url`.
    pub fn url(&self) -> String {
        self.state.base.clone()
    }

    pub fn tenant(&self) -> &GraphTenant {
        &self.state.tenant
    }

    /// Injects `fault` into the next `times` requests that match `at`.
    pub fn fault(&self, at: At, fault: Fault, times: usize) {
        self.state.faults.lock().unwrap().push((at, fault, times));
    }

    pub fn log(&self) -> Vec<Logged> {
        self.state.log.lock().unwrap().clone()
    }

    /// What the mock found wrong in the requests it received; empty when all were as expected.
    pub fn violations(&self) -> Vec<String> {
        self.state.violations.lock().unwrap().clone()
    }
}

impl Drop for MockGraph {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.address, Duration::from_secs(1));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

impl State {
    fn violation(&self, text: String) {
        self.violations.lock().unwrap().push(text);
    }

    fn record(&self, method: &str, path: &str, in_batch: bool, status: u16) {
        self.log.lock().unwrap().push(Logged {
            method: method.to_owned(),
            path: path.to_owned(),
            in_batch,
            status,
            at: Instant::now(),
        });
    }

    /// The fault for this request, if one is pending (each is used `times` times).
    fn take_fault(&self, path: &str, batch_post: bool, in_batch: bool) -> Option<Fault> {
        let mut faults = self.faults.lock().unwrap();
        let found = faults.iter_mut().find(|(at, _, times)| {
            *times > 0
                && match at {
                    At::Get(text) => !in_batch && !batch_post && path.contains(text.as_str()),
                    At::Batch => batch_post,
                    At::InBatch(text) => in_batch && path.contains(text.as_str()),
                }
        })?;
        found.2 -= 1;
        Some(found.1)
    }

    /// Checks the `Authorization` header and, for a valid token only, takes the pending fault
    /// for this request (so a request that fails for its token does not use up a fault). `Err`
    /// is the answer to a request that may not go on.
    fn admit(
        &self,
        header: Option<&str>,
        path: &str,
        batch_post: bool,
        in_batch: bool,
    ) -> Result<Option<Fault>, Answer> {
        let expired = || {
            Answer::error(
                401,
                "InvalidAuthenticationToken",
                "Lifetime validation failed, the token is expired.",
            )
        };
        let Some(token) = header.and_then(|h| h.strip_prefix("Bearer ")) else {
            self.violation(format!(
                "a request without `Authorization: Bearer`: {header:?}"
            ));
            return Err(Answer::error(
                401,
                "InvalidAuthenticationToken",
                "Access token is empty.",
            ));
        };
        // Held while the fault is taken, so an expiry and the check of a token cannot interleave.
        let mut valid = self.valid_tokens.lock().unwrap();
        if !valid.contains(token) {
            return Err(expired());
        }
        let fault = self.take_fault(path, batch_post, in_batch);
        if fault == Some(Fault::ExpireToken) {
            valid.remove(token);
            valid.insert(next_token(token));
            return Err(expired());
        }
        Ok(fault)
    }

    /// Answers one GET (top-level or inside a `$batch`; `path` starts with `/v1.0`).
    fn get(&self, path: &str, authorization: Option<&str>, in_batch: bool) -> Option<Answer> {
        let (fault, refused) = match self.admit(authorization, path, false, in_batch) {
            Ok(fault) => (fault, None),
            Err(answer) => (None, Some(answer)),
        };
        if fault == Some(Fault::DropConnection) {
            if in_batch {
                self.violation("a dropped connection was asked for inside a $batch".into());
            }
            self.record("GET", path, in_batch, 0);
            return None;
        }
        let answer = refused.unwrap_or_else(|| match fault {
            Some(Fault::TooManyRequests { retry_after }) => {
                let mut answer = Answer::error(
                    429,
                    "TooManyRequests",
                    "Too many requests; please retry later.",
                );
                if let Some(seconds) = retry_after {
                    answer
                        .headers
                        .push(("Retry-After".into(), seconds.to_string()));
                }
                answer
            }
            Some(Fault::Unavailable) => Answer::error(
                503,
                "serviceNotAvailable",
                "The service is temporarily unavailable.",
            ),
            Some(Fault::Deny) => Answer::error(
                403,
                "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation.",
            ),
            Some(Fault::ForeignNextLink) => {
                let mut answer = self.list(path);
                let foreign = self.base.replace("127.0.0.1", "127.0.0.2");
                answer.body["@odata.nextLink"] = json!(format!("{foreign}{path}"));
                answer
            }
            _ => self.list(path),
        });
        self.record("GET", path, in_batch, answer.status);
        Some(answer)
    }

    /// A page of one of the lists licenselab reads, checking the path and query.
    fn list(&self, path: &str) -> Answer {
        let (route, query) = path.split_once('?').unwrap_or((path, ""));
        let mut params: HashMap<String, String> = HashMap::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            params.insert(http::decode(key), http::decode(value));
        }
        let segments: Vec<&str> = route.trim_start_matches('/').split('/').collect();
        let member_select = EXPECTED_MEMBER_SELECT.join(",");
        let (objects, select, context): (&[Value], Option<String>, String) = match segments[..] {
            ["v1.0", "organization"] => (
                &self.tenant.organization,
                Some("id,countryLetterCode".to_owned()),
                "organization(id,countryLetterCode)".to_owned(),
            ),
            ["v1.0", "subscribedSkus"] => (
                &self.tenant.subscribed_skus,
                None,
                "subscribedSkus".to_owned(),
            ),
            ["v1.0", "users"] => {
                let select = EXPECTED_USER_SELECT.join(",");
                let context = format!("users({select})");
                (&self.tenant.users, Some(select), context)
            }
            ["v1.0", "groups"] => {
                let select = EXPECTED_GROUP_SELECT.join(",");
                let context = format!("groups({select})");
                (&self.tenant.groups, Some(select), context)
            }
            ["v1.0", "groups", id, which @ ("members" | "membersWithLicenseErrors")] => {
                let Some(&index) = self.groups.get(id) else {
                    self.violation(format!("{path}: no such group"));
                    return Answer::error(
                        404,
                        "Request_ResourceNotFound",
                        "Resource does not exist.",
                    );
                };
                let group = &self.tenant.groups[index];
                let lists = if which == "members" {
                    if is_dynamic(group) {
                        self.violation(format!("{path}: members of a dynamic group were read"));
                    }
                    &self.tenant.members
                } else {
                    if !is_licensed(group) {
                        self.violation(format!(
                            "{path}: errors of a group without licenses were read"
                        ));
                    }
                    &self.tenant.members_with_license_errors
                };
                let context = format!("directoryObjects({member_select})");
                (&lists[id], Some(member_select.clone()), context)
            }
            _ => {
                self.violation(format!("{path}: not a request licenselab should send"));
                return Answer::error(400, "BadRequest", "Resource not found for the segment.");
            }
        };
        if params.get("$select") != select.as_ref() {
            self.violation(format!(
                "{route}: $select is {:?}, expected {select:?}",
                params.get("$select")
            ));
        }
        let listed = matches!(segments[..], [_, "users" | "groups", ..]);
        if listed && params.get("$top").map(String::as_str) != Some("999") {
            self.violation(format!(
                "{route}: $top is {:?}, expected 999",
                params.get("$top")
            ));
        }
        for key in params.keys() {
            if !["$select", "$top", "$skiptoken"].contains(&key.as_str()) {
                self.violation(format!("{route}: unexpected query parameter {key}"));
            }
        }
        let page_size = if segments.len() > 3 {
            self.options.member_page_size
        } else {
            self.options.page_size
        };
        let top = params
            .get("$top")
            .and_then(|t| t.parse::<usize>().ok())
            .unwrap_or(usize::MAX)
            .min(page_size)
            .max(1);
        let skip = params
            .get("$skiptoken")
            .and_then(|t| t.strip_prefix('X'))
            .and_then(|t| t.parse::<usize>().ok())
            .unwrap_or(0);
        let end = (skip + top).min(objects.len());
        let value: Vec<Value> = objects[skip.min(end)..end]
            .iter()
            .map(|object| project(object, select.as_deref()))
            .collect();
        let mut body = Map::new();
        body.insert(
            "@odata.context".into(),
            json!(format!("{}/v1.0/$metadata#{context}", self.base)),
        );
        if end < objects.len() {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.is_empty() && !p.starts_with("$skiptoken="))
                .collect();
            let mut link = format!("{}{route}?", self.base);
            for pair in kept {
                link.push_str(pair);
                link.push('&');
            }
            link.push_str(&format!("$skiptoken=X{end}"));
            body.insert("@odata.nextLink".into(), json!(link));
        }
        body.insert("value".into(), Value::Array(value));
        Answer::ok(Value::Object(body))
    }

    /// Answers `POST /v1.0/$batch`.
    fn batch(&self, body: &[u8], authorization: Option<&str>) -> Option<Answer> {
        let (fault, refused) = match self.admit(authorization, "/v1.0/$batch", true, false) {
            Ok(fault) => (fault, None),
            Err(answer) => (None, Some(answer)),
        };
        if fault == Some(Fault::DropConnection) {
            self.record("POST", "/v1.0/$batch", false, 0);
            return None;
        }
        let answer = refused.unwrap_or_else(|| match fault {
            Some(Fault::Unavailable) => Answer::error(
                503,
                "serviceNotAvailable",
                "The service is temporarily unavailable.",
            ),
            Some(Fault::TooManyRequests { .. }) => {
                Answer::error(429, "TooManyRequests", "Too many requests.")
            }
            _ => self.batch_answers(body, authorization),
        });
        self.record("POST", "/v1.0/$batch", false, answer.status);
        Some(answer)
    }

    fn batch_answers(&self, body: &[u8], authorization: Option<&str>) -> Answer {
        let Ok(document) = serde_json::from_slice::<Value>(body) else {
            self.violation("a $batch body that is not JSON".into());
            return Answer::error(400, "BadRequest", "Invalid batch payload.");
        };
        let requests = document["requests"].as_array().cloned().unwrap_or_default();
        if requests.is_empty() || requests.len() > 20 {
            self.violation(format!("a $batch of {} requests", requests.len()));
        }
        let mut ids = HashSet::new();
        let mut responses = Vec::new();
        for request in &requests {
            let id = request["id"].as_str().unwrap_or_default().to_owned();
            if !ids.insert(id.clone()) {
                self.violation(format!("$batch request id {id:?} repeated"));
            }
            if request["method"] != "GET" {
                self.violation(format!(
                    "a $batch request with method {}",
                    request["method"]
                ));
            }
            if request.get("body").is_some() || request.get("dependsOn").is_some() {
                self.violation("a $batch request with a body or dependsOn".into());
            }
            let url = request["url"].as_str().unwrap_or_default();
            if !url.starts_with('/') || url.starts_with("/v1.0") {
                self.violation(format!("$batch url {url:?} is not relative to /v1.0"));
            }
            let answer = self
                .get(&format!("/v1.0{url}"), authorization, true)
                .expect("no dropped connection inside a $batch");
            let mut headers: Map<String, Value> = answer
                .headers
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect();
            headers.insert("Content-Type".into(), json!("application/json"));
            responses.push(json!({
                "id": id,
                "status": answer.status,
                "headers": headers,
                "body": answer.body,
            }));
        }
        // Graph answers in any order.
        responses.reverse();
        Answer::ok(json!({ "responses": responses }))
    }
}

/// The token after `token` in the mock's sequence: `abc` → `abc-1` → `abc-2`.
pub fn next_token(token: &str) -> String {
    match token.rsplit_once('-') {
        Some((stem, n)) if n.parse::<u32>().is_ok() => {
            format!("{stem}-{}", n.parse::<u32>().unwrap() + 1)
        }
        _ => format!("{token}-1"),
    }
}

/// The object with only the selected properties (`null` where it has none), as Graph does.
fn project(object: &Value, select: Option<&str>) -> Value {
    let Some(select) = select else {
        return object.clone();
    };
    let mut projected = Map::new();
    if let Some(kind) = object.get("@odata.type") {
        projected.insert("@odata.type".into(), kind.clone());
    }
    for name in select.split(',') {
        projected.insert(
            name.to_owned(),
            object.get(name).cloned().unwrap_or(Value::Null),
        );
    }
    Value::Object(projected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_a_sequence_and_queries_are_decoded() {
        assert_eq!(next_token("tok3n-SECRET-0"), "tok3n-SECRET-1");
        assert_eq!(next_token("abc"), "abc-1");
        assert_eq!(http::decode("%24select=id%2Cmail+x"), "$select=id,mail x");
        let object = json!({ "@odata.type": "#microsoft.graph.user", "id": "u1", "mail": "m" });
        assert_eq!(
            project(&object, Some("id,displayName")),
            json!({ "@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": null })
        );
    }
}

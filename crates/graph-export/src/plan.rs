//! What to ask Graph and how to read its answers: plain functions, no I/O.

use serde_json::{json, Value};
use std::time::Duration;

/// The user properties read: identity, licensing (returned only on `$select`) and every property
/// a dynamic membership rule can read, in Graph v1.0's names (`tenant-import.md` §1.1).
pub const USER_SELECT: &str = "id,userPrincipalName,displayName,usageLocation,accountEnabled,\
userType,assignedLicenses,licenseAssignmentStates,assignedPlans,proxyAddresses,department,jobTitle,\
companyName,country,city,state,postalCode,streetAddress,officeLocation,employeeId,employeeHireDate,\
employeeType,mail,mailNickname,otherMails,givenName,surname,mobilePhone,businessPhones,faxNumber,\
preferredLanguage,onPremisesSyncEnabled,onPremisesSecurityIdentifier,\
onPremisesDistinguishedName,onPremisesExtensionAttributes,passwordPolicies";

/// The group properties read (`assignedLicenses` and `licenseProcessingState` are `$select`-only).
pub const GROUP_SELECT: &str = "id,displayName,securityEnabled,mailEnabled,groupTypes,\
membershipRule,membershipRuleProcessingState,assignedLicenses,licenseProcessingState";

/// The member properties read (directory objects; each carries its `@odata.type`).
pub const MEMBER_SELECT: &str = "id,userPrincipalName,displayName";

/// Graph's largest page.
pub const PAGE_SIZE: u32 = 999;

/// Graph's largest `$batch`.
pub const BATCH_SIZE: usize = 20;

/// The API version every path is under.
pub const VERSION: &str = "/v1.0";

/// What is read, for counting and progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Organization,
    SubscribedSkus,
    Users,
    Groups,
    Members,
    MembersWithLicenseErrors,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Organization,
        Kind::SubscribedSkus,
        Kind::Users,
        Kind::Groups,
        Kind::Members,
        Kind::MembersWithLicenseErrors,
    ];

    /// The name used in the folder layout, the completion file and progress.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Organization => "organization",
            Kind::SubscribedSkus => "subscribedSkus",
            Kind::Users => "users",
            Kind::Groups => "groups",
            Kind::Members => "members",
            Kind::MembersWithLicenseErrors => "membersWithLicenseErrors",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// One list Graph returns in pages: a top-level collection, or a group's members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct List {
    pub kind: Kind,
    /// The group, for members and membersWithLicenseErrors.
    pub group: Option<String>,
}

impl List {
    pub fn top(kind: Kind) -> List {
        List { kind, group: None }
    }

    /// The first page's path, under [`VERSION`].
    pub fn first_path(&self) -> String {
        let top = PAGE_SIZE;
        match (self.kind, &self.group) {
            (Kind::Organization, _) => "/organization?$select=id,countryLetterCode".to_owned(),
            (Kind::SubscribedSkus, _) => "/subscribedSkus".to_owned(),
            (Kind::Users, _) => format!("/users?$select={USER_SELECT}&$top={top}"),
            (Kind::Groups, _) => format!("/groups?$select={GROUP_SELECT}&$top={top}"),
            (kind, Some(group)) => {
                format!(
                    "/groups/{group}/{}?$select={MEMBER_SELECT}&$top={top}",
                    kind.name()
                )
            }
            (kind, None) => unreachable!("{} lists belong to a group", kind.name()),
        }
    }

    /// The folder the pages go to, relative to the export folder, as path segments.
    pub fn folder(&self) -> Vec<&str> {
        match &self.group {
            None => vec![self.kind.name()],
            Some(group) => vec!["groups", group, self.kind.name()],
        }
    }
}

/// The file name of a page (numbered from 1).
pub fn page_file(page: u32) -> String {
    format!("page-{page:04}.json")
}

/// A group id is used as a folder name: only GUID-like ids are accepted, so a response cannot
/// point a file anywhere else.
pub fn check_group_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 256
        && id != "."
        && id != ".."
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "a group id is not a plain id ({:?}); refusing to use it in a path",
            id.chars().take(80).collect::<String>()
        ))
    }
}

/// What a list page says: how many objects and where the next page is.
#[derive(Debug, PartialEq, Eq)]
pub struct Page {
    pub count: usize,
    pub next_link: Option<String>,
}

pub fn read_page(body: &Value) -> Result<Page, String> {
    let value = body
        .get("value")
        .and_then(Value::as_array)
        .ok_or("the response has no `value` list")?;
    let next_link = match body.get("@odata.nextLink") {
        None | Some(Value::Null) => None,
        Some(Value::String(link)) => Some(link.clone()),
        Some(_) => return Err("`@odata.nextLink` is not a string".to_owned()),
    };
    Ok(Page {
        count: value.len(),
        next_link,
    })
}

/// The member lists a page of groups asks for: members of every group that is not dynamic,
/// `membersWithLicenseErrors` of every group with licenses.
pub fn member_lists(groups_page: &Value) -> Result<Vec<List>, String> {
    let mut lists = Vec::new();
    for group in groups_page
        .get("value")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let id = group
            .get("id")
            .and_then(Value::as_str)
            .ok_or("a group has no id")?;
        check_group_id(id)?;
        let dynamic = group
            .get("groupTypes")
            .and_then(Value::as_array)
            .is_some_and(|types| types.iter().any(|t| t == "DynamicMembership"));
        let licensed = group
            .get("assignedLicenses")
            .and_then(Value::as_array)
            .is_some_and(|licenses| !licenses.is_empty());
        let list = |kind| List {
            kind,
            group: Some(id.to_owned()),
        };
        if !dynamic {
            lists.push(list(Kind::Members));
        }
        if licensed {
            lists.push(list(Kind::MembersWithLicenseErrors));
        }
    }
    Ok(lists)
}

/// The body of a `$batch` of GETs; each request's id is its position.
pub fn batch_body(paths: &[&str]) -> Vec<u8> {
    let requests: Vec<Value> = paths
        .iter()
        .enumerate()
        .map(|(i, path)| json!({ "id": i.to_string(), "method": "GET", "url": path }))
        .collect();
    serde_json::to_vec(&json!({ "requests": requests })).expect("JSON values serialize")
}

/// One answer inside a `$batch` response.
#[derive(Debug)]
pub struct InnerResponse {
    pub status: u16,
    /// `Retry-After`, in seconds, when the inner response has one.
    pub retry_after: Option<Duration>,
    pub body: Value,
}

/// Reads a `$batch` response of `count` requests: one answer for each, in request order.
pub fn parse_batch(body: &[u8], count: usize) -> Result<Vec<InnerResponse>, String> {
    let document: Value = serde_json::from_slice(body)
        .map_err(|e| format!("the $batch response is not JSON: {e}"))?;
    let responses = document
        .get("responses")
        .and_then(Value::as_array)
        .ok_or("the $batch response has no `responses` list")?;
    let mut answers: Vec<Option<InnerResponse>> = (0..count).map(|_| None).collect();
    for response in responses {
        let index = response
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| id.parse::<usize>().ok())
            .filter(|&i| i < count)
            .ok_or("a $batch answer has an id that was not asked for")?;
        let status = response
            .get("status")
            .and_then(Value::as_u64)
            .and_then(|s| u16::try_from(s).ok())
            .ok_or("a $batch answer has no status")?;
        let retry_after = response
            .get("headers")
            .and_then(Value::as_object)
            .and_then(|headers| {
                headers
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case("retry-after"))
                    .and_then(|(_, value)| value.as_str().and_then(retry_after))
            });
        let body = response.get("body").cloned().unwrap_or(Value::Null);
        answers[index] = Some(InnerResponse {
            status,
            retry_after,
            body,
        });
    }
    answers
        .into_iter()
        .enumerate()
        .map(|(i, a)| a.ok_or(format!("the $batch response has no answer for request {i}")))
        .collect()
}

/// Graph's error `code` and `message` (`{"error": {"code": ..., "message": ...}}`), or what can be
/// said about a body that is not one.
pub fn graph_error(body: &Value) -> (String, String) {
    let error = body.get("error");
    let text = |field: &str| {
        error
            .and_then(|e| e.get(field))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    (
        text("code").unwrap_or_else(|| "(no error code)".to_owned()),
        text("message").unwrap_or_else(|| "(no error message)".to_owned()),
    )
}

/// [`graph_error`] of a body as received.
pub fn graph_error_bytes(body: &[u8]) -> (String, String) {
    graph_error(&serde_json::from_slice(body).unwrap_or(Value::Null))
}

/// Whether a 401 says the token expired or is no longer valid (worth a new token).
pub fn token_expired(status: u16, code: &str) -> bool {
    status == 401 && code == "InvalidAuthenticationToken"
}

/// Whether Graph asks to try again later.
pub fn throttled(status: u16) -> bool {
    status == 429 || status == 503
}

/// A `Retry-After` header in seconds (Graph sends seconds, not dates).
pub fn retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// How long to wait before retry number `attempt` (from 1): `Retry-After` when Graph gave one,
/// otherwise exponential backoff from `base` with jitter; at most `max` either way. The jitter
/// comes from `counter` (any number that differs between waits), so runs are reproducible.
pub fn retry_delay(
    attempt: u32,
    retry_after: Option<Duration>,
    base: Duration,
    max: Duration,
    counter: u64,
) -> Duration {
    if let Some(wait) = retry_after {
        return wait.min(max);
    }
    let exponential = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    // Between half and all of the exponential delay.
    let jitter = (counter.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as u32; // 0..1024
    let delay = exponential / 2 + exponential / 2 * jitter / 1024;
    delay.min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_paths_carry_the_select_lists_and_page_size() {
        assert_eq!(
            List::top(Kind::Organization).first_path(),
            "/organization?$select=id,countryLetterCode"
        );
        let users = List::top(Kind::Users).first_path();
        assert!(users.starts_with("/users?$select=id,userPrincipalName,"));
        assert!(users.contains("licenseAssignmentStates") && users.ends_with("&$top=999"));
        let members = List {
            kind: Kind::MembersWithLicenseErrors,
            group: Some("g1".into()),
        };
        assert_eq!(
            members.first_path(),
            "/groups/g1/membersWithLicenseErrors?$select=id,userPrincipalName,displayName&$top=999"
        );
        assert_eq!(
            members.folder(),
            ["groups", "g1", "membersWithLicenseErrors"]
        );
        assert_eq!(page_file(12), "page-0012.json");
    }

    #[test]
    fn member_lists_skip_dynamic_groups_and_read_errors_of_licensed_ones() {
        let page = json!({ "value": [
            { "id": "a", "groupTypes": [], "assignedLicenses": [] },
            { "id": "b", "groupTypes": ["DynamicMembership"], "assignedLicenses": [{ "skuId": "x" }] },
            { "id": "c", "groupTypes": ["Unified"], "assignedLicenses": [{ "skuId": "x" }] },
        ]});
        let lists = member_lists(&page).unwrap();
        let names: Vec<(String, Kind)> = lists
            .into_iter()
            .map(|l| (l.group.unwrap(), l.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("a".into(), Kind::Members),
                ("b".into(), Kind::MembersWithLicenseErrors),
                ("c".into(), Kind::Members),
                ("c".into(), Kind::MembersWithLicenseErrors),
            ]
        );
        let hostile = json!({ "value": [{ "id": "../../etc" }] });
        assert!(member_lists(&hostile).unwrap_err().contains("refusing"));
    }

    #[test]
    fn pages_and_batches_are_read() {
        let page =
            json!({ "value": [1, 2], "@odata.nextLink": "https://x/v1.0/users?$skiptoken=a" });
        assert_eq!(
            read_page(&page).unwrap(),
            Page {
                count: 2,
                next_link: Some("https://x/v1.0/users?$skiptoken=a".into())
            }
        );
        assert!(read_page(&json!({})).is_err());

        let body = batch_body(&["/a", "/b"]);
        let sent: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            sent["requests"][1],
            json!({ "id": "1", "method": "GET", "url": "/b" })
        );

        let answer = json!({ "responses": [
            { "id": "1", "status": 429, "headers": { "Retry-After": "7" }, "body": {} },
            { "id": "0", "status": 200, "body": { "value": [] } },
        ]});
        let inner = parse_batch(&serde_json::to_vec(&answer).unwrap(), 2).unwrap();
        assert_eq!((inner[0].status, inner[1].status), (200, 429));
        assert_eq!(inner[1].retry_after, Some(Duration::from_secs(7)));
        assert!(parse_batch(&serde_json::to_vec(&answer).unwrap(), 3).is_err());
    }

    #[test]
    fn errors_and_retry_delays() {
        let body = json!({ "error": { "code": "Authorization_RequestDenied", "message": "Insufficient privileges." } });
        assert_eq!(
            graph_error(&body),
            (
                "Authorization_RequestDenied".into(),
                "Insufficient privileges.".into()
            )
        );
        assert_eq!(graph_error_bytes(b"<html>").0, "(no error code)");
        assert!(token_expired(401, "InvalidAuthenticationToken"));
        assert!(!token_expired(403, "InvalidAuthenticationToken"));

        let base = Duration::from_millis(100);
        let max = Duration::from_secs(10);
        let given = Some(Duration::from_secs(3));
        assert_eq!(retry_delay(1, given, base, max, 0), Duration::from_secs(3));
        assert_eq!(
            retry_delay(1, Some(Duration::from_secs(60)), base, max, 0),
            max
        );
        for counter in 0..50 {
            let d = retry_delay(3, None, base, max, counter);
            assert!(d >= Duration::from_millis(200) && d <= Duration::from_millis(400));
        }
        assert_ne!(
            retry_delay(3, None, base, max, 1),
            retry_delay(3, None, base, max, 2)
        );
        assert_eq!(retry_delay(40, None, base, max, 5), max);
    }
}

//! The request list: plain serde data, the JSON contract of `--emit graph` (`docs/requests.md`).

use serde::Serialize;
use serde_json::Value;

/// Graph v1.0's root; every `url` and `read` is relative to it.
pub const GRAPH_ROOT: &str = "https://graph.microsoft.com/v1.0";

/// One entry of the list: a request to send, or a step to do by hand; what to wait for after
/// it and what to check then.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphRequest {
    /// The scenario step this entry belongs to (a group's reprocess is one request per member).
    pub step: usize,
    /// The step's `op`, as written in the scenario.
    pub op: &'static str,
    /// The step's `note`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(flatten)]
    pub action: Action,
    /// What Graph must show before the next entry is sent (after the step's last request).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub wait: Vec<Wait>,
    /// The plan's expectations for this moment (after the step's last entry).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<PlanCheck>,
}

/// One expectation of the plan's `expect` list, as a check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanCheck {
    #[serde(flatten)]
    pub check: Check,
    /// Its index in the `expect` list.
    pub expect: usize,
    /// Its `note`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A request, or what to do by hand.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Action {
    Call(Call),
    ByHand {
        #[serde(rename = "byHand")]
        by_hand: String,
    },
}

/// One Graph request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Call {
    pub method: Method,
    /// Relative to [`GRAPH_ROOT`], ids percent-encoded.
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// The least privileged permission Microsoft documents for it.
    #[serde(skip)]
    pub scope: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Method {
    #[serde(rename = "POST")]
    Post,
    #[serde(rename = "PATCH")]
    Patch,
    #[serde(rename = "DELETE")]
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// What Graph shows once the processing a request started is done. `read` is the `GET` that
/// shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "until",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Wait {
    /// The group's `licenseProcessingState.state` is `ProcessingComplete`.
    GroupProcessed { group: String, read: String },
    /// The user's `licenseAssignmentStates` have (`present`) or no longer have a row from the
    /// group for each of these products.
    UserRows {
        user: String,
        group: String,
        sku_ids: Vec<String>,
        present: bool,
        read: String,
    },
}

/// An expectation of the plan as Graph shows it, ids resolved to GUIDs. `read` is the `GET`
/// (or the list, followed through its `@odata.nextLink`s) it compares.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "check",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Check {
    /// The user's `assignedLicenses` has (or, `holds: false`, has not) the product.
    Holds {
        user: String,
        sku_id: String,
        holds: bool,
        read: String,
    },
    /// The plans of the product enabled by some active row of the user's
    /// `licenseAssignmentStates` (the product's plans less the row's `disabledPlans`) are
    /// exactly `servicePlans`.
    EnabledPlans {
        user: String,
        sku_id: String,
        service_plans: Vec<String>,
        product_plans: Vec<String>,
        read: String,
    },
    /// The user has this `licenseAssignmentStates` row (`assignedByGroup` absent: direct);
    /// `error` `None` also matches a null error.
    Row {
        user: String,
        sku_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        assigned_by_group: Option<String>,
        state: String,
        error: String,
        read: String,
    },
    /// The product's `consumedUnits` in `subscribedSkus`.
    ConsumedUnits {
        sku_id: String,
        consumed_units: u32,
        read: String,
    },
    /// The group's direct members are exactly these.
    GroupMembers {
        group: String,
        members: Vec<String>,
        read: String,
    },
    /// The group's `membersWithLicenseErrors` has this many members.
    GroupErrors {
        group: String,
        members_with_license_errors: usize,
        read: String,
    },
    /// An expectation about the whole run (`noServiceGap`, ...): Graph shows no history, so
    /// `licenselab check` checks it on the plan, not the script.
    WholeRun { kind: &'static str },
}

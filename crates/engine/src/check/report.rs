//! The check report: plain data, serialised to the JSON every front end prints byte for byte
//! (`licenselab check --format json`, the JavaScript API's `check`). Text, JUnit and Markdown
//! are rendered from it by the shells.

use serde::{Deserialize, Serialize};

/// What `check` found: whether everything held, what failed, and who gains and loses what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckReport {
    pub licenselab: u32,
    /// True when every expectation and every denied policy held.
    pub passed: bool,
    /// The steps that ran (the scenario's, then the changes'), to name them in messages.
    pub steps: Vec<StepSummary>,
    /// Everything that failed, expectations first (in list order), then policies.
    pub failures: Vec<Failure>,
    pub expectations: Vec<ExpectationResult>,
    pub policies: Vec<PolicyResult>,
    /// Users whose services or plans differ between the start and the end, or were interrupted.
    pub users: Vec<UserChanges>,
    /// Every product's seats at the start and the end.
    pub seats: Vec<SeatChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepSummary {
    pub index: usize,
    pub op: String,
    /// `applied` or `rejected`.
    pub outcome: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The rejection's message, for a rejected step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One thing that did not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// `expect[i]` (the scenario's), `changes.expect[i]` (the changes file's), or a policy name
    /// (`service-gap`, `lost-service`, `lost-plans`, `new-errors`, `seat-shortfall`).
    pub check: String,
    /// The step after which it shows, when one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpectationResult {
    /// `expect[i]` or `changes.expect[i]`.
    pub name: String,
    /// The kind, as written in `check`.
    pub check: String,
    /// The step after which it was checked; absent for the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<usize>,
    pub passed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyResult {
    pub policy: String,
    /// How many failures it found (after exceptions).
    pub failures: usize,
    /// How many it let pass because of an `--allow` exception.
    pub allowed: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserChanges {
    pub user: String,
    pub gained_services: Vec<String>,
    pub lost_services: Vec<String>,
    pub service_gaps: Vec<ServiceGap>,
    /// Plans by their display name (Microsoft's product name where known).
    pub gained_plans: Vec<String>,
    pub lost_plans: Vec<String>,
}

/// A service held at the start and at the end but not after `lostAfter` until `backAfter`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceGap {
    pub service: String,
    /// Graph's `assignedPlans[].service` name, when the service is a known family.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graph_service: Option<String>,
    pub lost_after: usize,
    pub back_after: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeatChange {
    pub sku_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_part_number: Option<String>,
    /// Units that can be assigned at the end (enabled, and warning when assignable).
    pub assignable: u32,
    pub consumed_before: u32,
    pub consumed_after: u32,
    /// Users at the end with no seat of the product because there was none (`CountViolation`):
    /// the seats to buy.
    pub shortfall: u32,
}

impl CheckReport {
    /// The report as the bytes every front end emits: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("check reports always serialize");
        text.push('\n');
        text
    }

    /// A step as messages name it: `step 2 (removeMember)`.
    pub fn step_label(&self, index: usize) -> String {
        match self.steps.get(index) {
            Some(step) => format!("step {index} ({})", step.op),
            None => format!("step {index}"),
        }
    }
}

//! The scenario's `expect` list (`scenario-format.md`, "Expectations"): what must hold after a
//! step or at the end, as serde types. `check` evaluates them; `run` ignores them.

use super::document::{from_buffered, take_note, Step};
use serde::de::Deserializer;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One expectation: what must hold, and when (`at`: after the step of that index; at the end
/// when absent).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expectation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<usize>,
    #[serde(flatten)]
    pub what: Expect,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

// Read through a buffer like `Step`: `at` and `note` are common to every kind, and the kind's own
// fields are checked strictly (an unknown field is an error, not ignored).
impl<'de> Deserialize<'de> for Expectation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_buffered(deserializer, |mut fields| {
            let note = take_note(&mut fields)?;
            let at = match fields.remove("at") {
                None | Some(Value::Null) => None,
                Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64().map(|n| n as usize),
                Some(_) => return Err(
                    "`at` must be a step index (0 for the first step); leave it out for the end"
                        .to_owned(),
                ),
            };
            let what = Expect::deserialize(Value::Object(fields)).map_err(|e| e.to_string())?;
            Ok(Expectation { at, what, note })
        })
    }
}

/// What an expectation asserts. The `no…` kinds are about the whole run (start to end) and take
/// no `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "check",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Expect {
    /// The user holds a seat of the product (`holds: false`: does not).
    Holds {
        user: String,
        sku_id: String,
        #[serde(default = "yes")]
        holds: bool,
    },
    /// The user's enabled plans of the product are exactly these (ids or names, any order).
    EnabledPlans {
        user: String,
        sku_id: String,
        service_plans: Vec<String>,
    },
    /// The user has a `licenseAssignmentStates` row for the product through this path (a group,
    /// or the direct assignment when `assignedByGroup` is absent) in this state and error.
    Row {
        user: String,
        sku_id: String,
        #[serde(default)]
        assigned_by_group: Option<String>,
        state: String,
        #[serde(default = "no_error")]
        error: String,
    },
    /// The product's `consumedUnits`.
    ConsumedUnits { sku_id: String, consumed_units: u32 },
    /// The group's direct members are exactly these (any order).
    GroupMembers { group: String, members: Vec<String> },
    /// How many of the group's members have license errors from it.
    GroupErrors {
        group: String,
        members_with_license_errors: usize,
    },
    /// No user has a service at the start and at the end but not after some step in between.
    NoServiceGap,
    /// No user has a service at the start and not at the end.
    NoLostService,
    /// No user has a plan enabled at the start and not at the end.
    NoLostPlans,
    /// No license row is in error at the end that was not in that error at the start.
    NoNewErrors,
}

fn yes() -> bool {
    true
}

fn no_error() -> String {
    "None".to_owned()
}

impl Expect {
    /// The kind's name, as written in `check`.
    pub fn kind(&self) -> &'static str {
        match self {
            Expect::Holds { .. } => "holds",
            Expect::EnabledPlans { .. } => "enabledPlans",
            Expect::Row { .. } => "row",
            Expect::ConsumedUnits { .. } => "consumedUnits",
            Expect::GroupMembers { .. } => "groupMembers",
            Expect::GroupErrors { .. } => "groupErrors",
            Expect::NoServiceGap => "noServiceGap",
            Expect::NoLostService => "noLostService",
            Expect::NoLostPlans => "noLostPlans",
            Expect::NoNewErrors => "noNewErrors",
        }
    }

    /// Whether the expectation is about the whole run rather than one moment.
    pub fn is_whole_run(&self) -> bool {
        matches!(
            self,
            Expect::NoServiceGap
                | Expect::NoLostService
                | Expect::NoLostPlans
                | Expect::NoNewErrors
        )
    }
}

/// A scenario's `expect` list, read from its text by `check` (the scenario's other fields are
/// skipped), with the errors and positions of the scenario's own parsing.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ScenarioExpectations {
    #[serde(default)]
    pub expect: Vec<Expectation>,
}

/// A change to apply to a tenant (`licenselab check --steps`): steps, and expectations about them.
/// Its `steps` run after the tenant's own; an `at` counts from its first step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Changes {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expect: Vec<Expectation>,
}

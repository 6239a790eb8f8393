//! The Graph shapes the mapping reads, as serde types: only the fields it keeps, the rest ignored.

use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct GraphSku {
    pub sku_id: String,
    pub sku_part_number: Option<String>,
    pub applies_to: Option<String>,
    pub capability_status: Option<String>,
    pub consumed_units: Option<u32>,
    pub prepaid_units: Option<GraphPrepaid>,
    pub service_plans: Option<Vec<GraphPlan>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct GraphPrepaid {
    pub enabled: Option<u32>,
    pub warning: Option<u32>,
    pub suspended: Option<u32>,
    pub locked_out: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct GraphPlan {
    pub service_plan_id: String,
    pub service_plan_name: Option<String>,
    pub provisioning_status: Option<String>,
    pub applies_to: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct GraphLicense {
    pub sku_id: String,
    pub disabled_plans: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct GraphRow {
    pub sku_id: String,
    pub assigned_by_group: Option<String>,
    pub disabled_plans: Option<Vec<String>>,
    pub state: String,
    pub error: Option<String>,
    pub last_updated_date_time: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct GraphGroup {
    pub id: String,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub security_enabled: Option<bool>,
    pub mail_enabled: Option<bool>,
    pub group_types: Option<Vec<String>>,
    pub membership_rule: Option<String>,
    pub membership_rule_processing_state: Option<String>,
    pub assigned_licenses: Option<Vec<GraphLicense>>,
    pub license_processing_state: Option<Value>,
}

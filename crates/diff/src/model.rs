//! The diff as plain data: what `licenselab diff --format json` prints and the JavaScript API's
//! `diff` returns. Objects are named by their ids with their names beside them; empty lists and
//! absent values are left out of the JSON.

use serde::Serialize;

/// The version of the JSON document's shape (`"licenselabDiff"`).
pub const DIFF_FORMAT_VERSION: u32 = 1;

/// Everything that differs between two snapshots: products, groups and users that were added,
/// removed or changed, in the new snapshot's order, removed ones after in the old one's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diff {
    pub licenselab_diff: u32,
    /// Whether anything is listed below (`--exit-code` exits 1 when it is).
    pub changed: bool,
    pub summary: Summary,
    pub products: Vec<ProductDiff>,
    pub groups: Vec<GroupDiff>,
    pub users: Vec<UserDiff>,
}

/// How many objects of each kind were added, removed or changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub products: Counts,
    pub groups: Counts,
    pub users: Counts,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

/// An object in the new snapshot only, the old one only, or in both and different.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// A product: its `skuId`, `skuPartNumber` and the catalog's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductRef {
    pub sku_id: String,
    pub sku_part_number: Option<String>,
    pub display_name: String,
}

/// A service plan of a product: `servicePlanId`, `servicePlanName` and the catalog's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanRef {
    pub service_plan_id: String,
    pub service_plan_name: Option<String>,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupRef {
    pub id: String,
    pub display_name: String,
}

/// A count of a product's units, before and after (0 for a product on one side only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitChange {
    /// The Graph field: `prepaidUnits.enabled`, `.warning`, `.suspended`, `.lockedOut`, or
    /// `consumedUnits`.
    pub field: UnitField,
    pub before: u32,
    pub after: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnitField {
    #[serde(rename = "prepaidUnits.enabled")]
    Enabled,
    #[serde(rename = "prepaidUnits.warning")]
    Warning,
    #[serde(rename = "prepaidUnits.suspended")]
    Suspended,
    #[serde(rename = "prepaidUnits.lockedOut")]
    LockedOut,
    #[serde(rename = "consumedUnits")]
    Consumed,
}

impl UnitField {
    /// The count in words, for the text and Markdown reports.
    pub fn words(self) -> &'static str {
        match self {
            UnitField::Enabled => "enabled units",
            UnitField::Warning => "units in warning",
            UnitField::Suspended => "suspended units",
            UnitField::LockedOut => "locked-out units",
            UnitField::Consumed => "consumed units",
        }
    }
}

/// A product bought, given up or changed: its seat counts and, for a product in both
/// snapshots, its service plans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductDiff {
    #[serde(flatten)]
    pub product: ProductRef,
    pub change: Change,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<UnitChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plans_added: Vec<PlanRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plans_removed: Vec<PlanRef>,
}

/// A text value before and after (`null` when unset).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextChange {
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A product a group assigns, with the plans the assignment disables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupLicenseRef {
    pub product: ProductRef,
    pub disabled_plans: Vec<PlanRef>,
}

/// A product a group assigns in both snapshots, with other plans disabled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupLicenseChange {
    pub product: ProductRef,
    /// Plans the assignment disables now and did not before.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plans_disabled: Vec<PlanRef>,
    /// Plans the assignment disabled before and does not now.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plans_enabled: Vec<PlanRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MemberKind {
    User,
    Group,
}

/// A direct member of a group, user or nested group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberChange {
    pub id: String,
    pub display_name: String,
    #[serde(rename = "type")]
    pub kind: MemberKind,
}

/// A group added, removed or changed: its name, rule and licenses, and its members when it
/// assigns licenses in either snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupDiff {
    #[serde(flatten)]
    pub group: GroupRef,
    pub change: Change,
    /// The group's old name, when it was renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name_before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub membership_rule: Option<TextChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub licenses_added: Vec<GroupLicenseRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub licenses_removed: Vec<GroupLicenseRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub licenses_changed: Vec<GroupLicenseChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members_joined: Vec<MemberChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members_left: Vec<MemberChange>,
}

/// A product's plans that a user gained or lost while holding the product in both snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductPlans {
    pub product: ProductRef,
    pub plans: Vec<PlanRef>,
}

/// One license path of a user (a row of `licenseAssignmentStates`): a product, direct
/// (`assignedByGroup` is `null`) or from a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    pub product: ProductRef,
    pub assigned_by_group: Option<GroupRef>,
}

/// A path in error (`state` `Error` or `ActiveWithError`) and its error code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignmentError {
    #[serde(flatten)]
    pub assignment: Assignment,
    pub state: String,
    pub error: String,
}

/// A user added, removed, or whose licensing changed: products held (a seat), plans enabled in
/// products held before and after, license paths, errors, and the usage location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDiff {
    pub id: String,
    pub display_name: String,
    pub user_principal_name: Option<String>,
    pub change: Change,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_location: Option<TextChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub products_gained: Vec<ProductRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub products_lost: Vec<ProductRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plans_gained: Vec<ProductPlans>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plans_lost: Vec<ProductPlans>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assignments_added: Vec<Assignment>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assignments_removed: Vec<Assignment>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors_appeared: Vec<AssignmentError>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors_cleared: Vec<AssignmentError>,
}

impl Diff {
    /// The JSON document, pretty-printed with a final newline (the command's bytes).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a diff always serializes");
        text.push('\n');
        text
    }
}

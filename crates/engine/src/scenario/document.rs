//! The scenario document: the public input contract (`scenario-format.md`), as serde types.
//!
//! These types are the boundary: string ids, Graph names, JSON. `load` turns them into the dense
//! tenant the engine works on. They serialize back to the same shape, so the app can export what
//! it edits.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::map::Entry;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    pub licenselab: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Options::is_default")]
    pub options: Options,
    /// `observed`: the starting tenant is the users' `licenseAssignmentStates` and the products'
    /// `consumedUnits` as Graph reported them, not recomputed (`scenario-format.md`).
    #[serde(default, skip_serializing_if = "StartingState::is_computed")]
    pub starting_state: StartingState,
    #[serde(default)]
    pub organization: Organization,
    #[serde(default, skip_serializing_if = "CatalogExtension::is_empty")]
    pub catalog: CatalogExtension,
    #[serde(default)]
    pub subscribed_skus: Vec<SkuDef>,
    #[serde(default)]
    pub users: Vec<UserDef>,
    #[serde(default)]
    pub groups: Vec<GroupDef>,
    #[serde(default)]
    pub steps: Vec<Step>,
    /// What must hold after a step or at the end (`Expectation`s), kept as written: only
    /// `check` reads them (`run`, `validate` and the app leave them alone), so front ends that
    /// never check do not carry their parser.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expect: Vec<Value>,
}

/// How the starting tenant is made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StartingState {
    /// Processed from scratch: every assignment in file order, as if just made.
    #[default]
    Computed,
    /// As an export reported it: rows and seat counts are taken as they are, and what processing
    /// would change is listed as pending work.
    Observed,
}

impl StartingState {
    fn is_computed(&self) -> bool {
        *self == StartingState::Computed
    }
}

/// The simulator policies for what Microsoft leaves undocumented (`licensing-behaviour.md` §8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Options {
    pub seat_order: SeatOrder,
    pub dependent_removal: DependentRemoval,
    pub legacy_exchange_conflict: bool,
    pub swap_failure: SwapFailure,
    /// Report which users a flattened (nested) group would cover, without licensing them.
    pub nested_what_if: bool,
    /// Also apply the 2019 community dependency rows (they break real products; off by default).
    pub community_dependencies: bool,
    /// `system.now` for dynamic membership rules, so a scenario always gives the same result.
    pub evaluation_time: String,
    /// Units in their grace period (`prepaidUnits.warning`) can be assigned (B28: "available for
    /// normal use and assignment"); off, only `enabled` units count.
    pub warning_units_assignable: bool,
}

pub const DEFAULT_EVALUATION_TIME: &str = "2025-06-01T00:00:00Z";

impl Default for Options {
    fn default() -> Self {
        Options {
            seat_order: SeatOrder::JoinOrder,
            dependent_removal: DependentRemoval::Error,
            legacy_exchange_conflict: false,
            swap_failure: SwapFailure::LoseOld,
            nested_what_if: false,
            community_dependencies: false,
            evaluation_time: DEFAULT_EVALUATION_TIME.to_owned(),
            warning_units_assignable: true,
        }
    }
}

impl Options {
    fn is_default(&self) -> bool {
        *self == Options::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SeatOrder {
    JoinOrder,
    UserId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DependentRemoval {
    Error,
    ConvertToDirect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SwapFailure {
    LoseOld,
    KeepOld,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Organization {
    #[serde(default = "default_country")]
    pub country_letter_code: String,
    #[serde(default)]
    pub default_usage_location: Option<String>,
}

fn default_country() -> String {
    "US".to_owned()
}

impl Default for Organization {
    fn default() -> Self {
        Organization {
            country_letter_code: default_country(),
            default_usage_location: None,
        }
    }
}

/// What a scenario adds to the built-in catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CatalogExtension {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<DependencyDef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prohibited_locations: Vec<ProhibitedLocationDef>,
}

impl CatalogExtension {
    fn is_empty(&self) -> bool {
        self.conflicts.is_empty()
            && self.dependencies.is_empty()
            && self.prohibited_locations.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DependencyDef {
    pub plan: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires_all_of: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires_any_of: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProhibitedLocationDef {
    pub plan: String,
    pub countries: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SkuDef {
    pub sku_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_part_number: Option<String>,
    #[serde(default)]
    pub prepaid_units: PrepaidUnits,
    /// `None`: the plans come from Microsoft's catalog, found by part number or id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_plans: Option<Vec<ServicePlanDef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_to: Option<AppliesTo>,
    /// Seats held, as Graph reported them (read in an observed scenario).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumed_units: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppliesTo {
    User,
    Company,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PrepaidUnits {
    pub enabled: u32,
    pub warning: u32,
    pub suspended: u32,
    pub locked_out: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServicePlanDef {
    pub service_plan_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_plan_name: Option<String>,
    /// Accepted so that a Graph `subscribedSku` export loads; not used by the engine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioning_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssignedLicenseDef {
    pub sku_id: String,
    #[serde(default)]
    pub disabled_plans: Vec<String>,
}

/// One row of a user's `licenseAssignmentStates`, as Graph reports it. `state` and `error` are
/// kept as text so that a word Graph does not use is a load error with its field path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LicenseAssignmentStateDef {
    pub sku_id: String,
    /// The group the row comes from; `None` for the direct assignment.
    #[serde(default)]
    pub assigned_by_group: Option<String>,
    #[serde(default)]
    pub disabled_plans: Vec<String>,
    /// `Active`, `ActiveWithError`, `Disabled` or `Error`.
    pub state: String,
    /// `None` (or null) when the row has no error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated_date_time: Option<String>,
}

/// A user. Besides the fields the engine reads, any Graph user property may appear (dynamic
/// membership rules read them), so the type keeps them in `properties`, in document order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDef {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_location: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub proxy_addresses: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub on_premises_extension_attributes: BTreeMap<String, Option<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assigned_licenses: Vec<AssignedLicenseDef>,
    /// Graph's rows, one per product and path (read in an observed scenario).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license_assignment_states: Option<Vec<LicenseAssignmentStateDef>>,
    #[serde(flatten)]
    pub properties: Map<String, Value>,
}

const USER_FIELDS: &[&str] = &[
    "id",
    "usageLocation",
    "proxyAddresses",
    "onPremisesExtensionAttributes",
    "assignedLicenses",
    "licenseAssignmentStates",
];

impl UserDef {
    /// Is `name` one of the fields the engine reads itself (not kept in `properties`)?
    pub fn known_field(name: &str) -> bool {
        USER_FIELDS.contains(&name)
    }
}

// Hand-written rather than `#[serde(flatten)]`: flatten buffers the object, and the typed fields
// would then lose serde_json's precise error positions.
impl<'de> Deserialize<'de> for UserDef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UserVisitor;
        impl<'de> Visitor<'de> for UserVisitor {
            type Value = UserDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a user object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UserDef, A::Error> {
                let mut user = UserDef::default();
                let mut seen: Vec<&'static str> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if let Some(&field) = USER_FIELDS.iter().find(|f| **f == key) {
                        if seen.contains(&field) {
                            return Err(de::Error::duplicate_field(field));
                        }
                        seen.push(field);
                    }
                    match key.as_str() {
                        "id" => user.id = map.next_value()?,
                        "usageLocation" => {
                            // Graph has no empty usage location: "" and null both mean "not set".
                            let value: Option<String> = map.next_value()?;
                            user.usage_location = value.filter(|s| !s.is_empty());
                        }
                        "proxyAddresses" => user.proxy_addresses = exact(map.next_value()?),
                        "onPremisesExtensionAttributes" => {
                            user.on_premises_extension_attributes = map.next_value()?
                        }
                        "assignedLicenses" => user.assigned_licenses = map.next_value()?,
                        "licenseAssignmentStates" => {
                            user.license_assignment_states = Some(map.next_value()?)
                        }
                        _ => match user.properties.entry(key) {
                            Entry::Vacant(entry) => {
                                entry.insert(map.next_value()?);
                            }
                            Entry::Occupied(entry) => {
                                return Err(de::Error::custom(format_args!(
                                    "duplicate field `{}`",
                                    entry.key()
                                )));
                            }
                        },
                    }
                }
                if !seen.contains(&"id") {
                    return Err(de::Error::missing_field("id"));
                }
                // A map grown by doubling holds up to twice its entries; a 100,000-user document
                // is mostly these maps, whole in memory while it is resolved.
                if !user.properties.is_empty() {
                    let mut properties = Map::with_capacity(user.properties.len());
                    properties.extend(std::mem::take(&mut user.properties));
                    user.properties = properties;
                }
                Ok(user)
            }
        }
        deserializer.deserialize_map(UserVisitor)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupDef {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default = "yes")]
    pub security_enabled: bool,
    #[serde(default)]
    pub mail_enabled: bool,
    #[serde(default)]
    pub group_types: Vec<String>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "exact_list"
    )]
    pub members: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership_rule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership_rule_processing_state: Option<RuleProcessingState>,
    #[serde(default)]
    pub assigned_licenses: Vec<AssignedLicenseDef>,
}

fn yes() -> bool {
    true
}

/// A list without the spare room it grew by: over a million member ids are read into
/// lists before any is resolved.
fn exact<T>(mut list: Vec<T>) -> Vec<T> {
    list.shrink_to_fit();
    list
}

fn exact_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    Vec::deserialize(deserializer).map(exact)
}

pub const DYNAMIC_MEMBERSHIP: &str = "DynamicMembership";

impl GroupDef {
    pub fn is_dynamic(&self) -> bool {
        self.group_types
            .iter()
            .any(|t| t.eq_ignore_ascii_case(DYNAMIC_MEMBERSHIP))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleProcessingState {
    On,
    Paused,
}

/// One thing that an administrator, directory sync or Microsoft does.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    #[serde(flatten)]
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

// Steps are read through a buffer (`Step`'s Deserialize), so `load` locates errors inside a step
// by its path rather than by serde_json's position.
impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_buffered(deserializer, |mut fields| {
            let note = take_note(&mut fields)?;
            let action = Action::deserialize(Value::Object(fields)).map_err(|e| e.to_string())?;
            Ok(Step { action, note })
        })
    }
}

/// Reads an object into a buffer and makes a value of it (`build`) while still inside the object,
/// so that `build`'s error gets serde_json's position at the object's end, where `parse` finds its
/// field path (`locate::path_at`), and not wherever the enclosing list's reader had got to.
pub(crate) fn from_buffered<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    build: fn(Map<String, Value>) -> Result<T, String>,
) -> Result<T, D::Error> {
    struct Buffered<T>(fn(Map<String, Value>) -> Result<T, String>);
    impl<'de, T> Visitor<'de> for Buffered<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut fields = Map::new();
            while let Some((key, value)) = map.next_entry::<String, Value>()? {
                fields.insert(key, value);
            }
            (self.0)(fields).map_err(de::Error::custom)
        }
    }
    deserializer.deserialize_map(Buffered(build))
}

/// Removes a buffered object's `note` (a step's or an expectation's), which must be a string.
pub(crate) fn take_note(fields: &mut Map<String, Value>) -> Result<Option<String>, String> {
    match fields.remove("note") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err("`note` must be a string".to_owned()),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "op",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Action {
    AssignLicense {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group: Option<String>,
        #[serde(default)]
        add_licenses: Vec<AssignedLicenseDef>,
        #[serde(default)]
        remove_licenses: Vec<String>,
    },
    AddMember {
        group: String,
        member: String,
    },
    RemoveMember {
        group: String,
        member: String,
    },
    CreateUser {
        user: UserDef,
    },
    UpdateUser {
        user: String,
        set: Map<String, Value>,
    },
    DeleteUser {
        user: String,
    },
    CreateGroup {
        group: GroupDef,
    },
    UpdateGroup {
        group: String,
        set: Map<String, Value>,
    },
    DeleteGroup {
        group: String,
    },
    AddSubscribedSku {
        sku: SkuDef,
    },
    SetPrepaidUnits {
        sku: String,
        prepaid_units: PrepaidUnits,
    },
    AddServicePlan {
        sku: String,
        service_plan: ServicePlanDef,
    },
    Reprocess {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group: Option<String>,
    },
}

impl Action {
    /// The `op` name, as written in the document (from the table of step kinds).
    pub fn op(&self) -> &'static str {
        use super::step_kinds as kind;
        match self {
            Action::AssignLicense { .. } => kind::ASSIGN_LICENSE.op,
            Action::AddMember { .. } => kind::ADD_MEMBER.op,
            Action::RemoveMember { .. } => kind::REMOVE_MEMBER.op,
            Action::CreateUser { .. } => kind::CREATE_USER.op,
            Action::UpdateUser { .. } => kind::UPDATE_USER.op,
            Action::DeleteUser { .. } => kind::DELETE_USER.op,
            Action::CreateGroup { .. } => kind::CREATE_GROUP.op,
            Action::UpdateGroup { .. } => kind::UPDATE_GROUP.op,
            Action::DeleteGroup { .. } => kind::DELETE_GROUP.op,
            Action::AddSubscribedSku { .. } => kind::ADD_SUBSCRIBED_SKU.op,
            Action::SetPrepaidUnits { .. } => kind::SET_PREPAID_UNITS.op,
            Action::AddServicePlan { .. } => kind::ADD_SERVICE_PLAN.op,
            Action::Reprocess { .. } => kind::REPROCESS.op,
        }
    }
}

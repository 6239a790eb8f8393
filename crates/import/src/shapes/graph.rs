//! The Graph shapes of the organization, products, groups and members: only the fields the
//! mapping keeps, the rest read past.

use super::{lenient_string, Key, Lenient, LenientStr};
use crate::collect::Names;
use serde::de::{IgnoredAny, MapAccess};
use serde::Deserialize;
use serde_json::Value;

/// The organization: only the location users without a `usageLocation` inherit.
#[derive(Debug, PartialEq)]
pub(crate) struct GraphOrganization {
    pub id: Option<String>,
    pub country_letter_code: Option<String>,
}

/// Reads the organization; `what` names `countryLetterCode` when it is not a string.
pub(crate) fn organization<'de, A: MapAccess<'de>>(
    mut map: A,
    what: &mut &'static str,
) -> Result<GraphOrganization, A::Error> {
    let mut organization = GraphOrganization {
        id: None,
        country_letter_code: None,
    };
    while let Some(Key(key)) = map.next_key()? {
        match &*key {
            "id" => organization.id = map.next_value_seed(Lenient)?,
            "countryLetterCode" => {
                *what = "countryLetterCode";
                organization.country_letter_code = map.next_value()?;
            }
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(organization)
}

/// A group member: its id and `@odata.type`, nothing else (a big tenant has a million). The id is
/// its number in the records' table of names, numbered straight from the text (no `String` per
/// listing, allocated and freed); `None` when it is not a string.
#[derive(Debug, PartialEq)]
pub(crate) struct GraphMember {
    pub id: Option<u32>,
    pub object_type: ObjectType,
}

/// A member's `@odata.type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ObjectType {
    User,
    Group,
    Device,
    ServicePrincipal,
    Contact,
    /// Another type (`#microsoft.graph.application`), or "" when the export did not say.
    Other(String),
}

impl ObjectType {
    fn of(odata_type: &str) -> ObjectType {
        match odata_type {
            "#microsoft.graph.user" => ObjectType::User,
            "#microsoft.graph.group" => ObjectType::Group,
            "#microsoft.graph.device" => ObjectType::Device,
            "#microsoft.graph.servicePrincipal" => ObjectType::ServicePrincipal,
            "#microsoft.graph.orgContact" => ObjectType::Contact,
            other => ObjectType::Other(other.to_owned()),
        }
    }
}

pub(crate) fn member<'de, A: MapAccess<'de>>(
    mut map: A,
    names: &mut Names,
) -> Result<GraphMember, A::Error> {
    let (mut id, mut object_type) = (None, ObjectType::Other(String::new()));
    while let Some(Key(key)) = map.next_key()? {
        match &*key {
            // Borrowed from the text unless it has escapes; a later "id" replaces an earlier
            // one, as in a JSON object (the earlier stays numbered: a name no listing uses).
            "id" => {
                id = map
                    .next_value::<LenientStr>()?
                    .0
                    .map(|id| names.number(&id))
            }
            // Borrowed from the text: a million members share a handful of types.
            "@odata.type" => {
                object_type = match map.next_value::<LenientStr>()? {
                    LenientStr(Some(t)) => ObjectType::of(&t),
                    LenientStr(None) => ObjectType::Other(String::new()),
                }
            }
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(GraphMember { id, object_type })
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GraphSku {
    #[serde(default, deserialize_with = "lenient_string")]
    pub sku_id: Option<String>,
    pub sku_part_number: Option<String>,
    pub applies_to: Option<String>,
    pub capability_status: Option<String>,
    pub consumed_units: Option<u32>,
    pub prepaid_units: Option<GraphPrepaid>,
    pub service_plans: Option<Vec<GraphPlan>>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GraphPrepaid {
    pub enabled: Option<u32>,
    pub warning: Option<u32>,
    pub suspended: Option<u32>,
    pub locked_out: Option<u32>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GraphPlan {
    pub service_plan_id: String,
    pub service_plan_name: Option<String>,
    pub provisioning_status: Option<String>,
    pub applies_to: Option<String>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GraphLicense {
    pub sku_id: String,
    pub disabled_plans: Option<Vec<String>>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GraphRow {
    pub sku_id: String,
    pub assigned_by_group: Option<String>,
    pub disabled_plans: Option<Vec<String>>,
    pub state: String,
    /// `None` for no error: real responses write "None" where the documentation says null, and
    /// a big tenant has hundreds of thousands of rows to keep that string in.
    #[serde(default, deserialize_with = "row_error")]
    pub error: Option<String>,
    pub last_updated_date_time: Option<String>,
}

fn row_error<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.filter(|e| e != "None"))
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GraphGroup {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: Option<String>,
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

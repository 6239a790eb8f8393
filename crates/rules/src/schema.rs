//! The properties a rule can read (reference §4.1 and §4.2) and their types.

use crate::options::{NameMatching, RuleOptions};
use crate::suggest::closest;

/// What a rule selects: users (dynamic user groups) or devices (dynamic device groups).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    User,
    Device,
}

impl ObjectKind {
    /// The prefix used in rules: `user` or `device`.
    pub fn prefix(self) -> &'static str {
        match self {
            ObjectKind::User => "user",
            ObjectKind::Device => "device",
        }
    }
}

/// The type of a property, which decides the operators it accepts (reference §4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    Boolean,
    String,
    /// `employeeHireDate`.
    DateTime,
    /// `otherMails`, `proxyAddresses`, `devicePhysicalIds`, `systemLabels`.
    StringCollection,
    /// `assignedPlans`: read through [`crate::Subject::any_assigned_plan`].
    AssignedPlans,
    /// `memberOf`: read through [`crate::Subject::is_direct_member_of`].
    MemberOf,
}

/// A property a rule reads, resolved when the rule is parsed.
///
/// Names are the rule names of the documentation (legacy Azure AD Graph names such as
/// `objectId`, `mobile`, `physicalDeliveryOfficeName`), not Microsoft Graph names; the
/// [`crate::Subject`] implementation maps them to its storage.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Property {
    AccountEnabled,
    DirSyncEnabled,
    EmployeeHireDate,
    City,
    Country,
    CompanyName,
    Department,
    DisplayName,
    EmployeeId,
    FacsimileTelephoneNumber,
    GivenName,
    JobTitle,
    Mail,
    MailNickName,
    Mobile,
    ObjectId,
    OnPremisesDistinguishedName,
    OnPremisesSecurityIdentifier,
    PasswordPolicies,
    PhysicalDeliveryOfficeName,
    PostalCode,
    PreferredLanguage,
    SipProxyAddress,
    State,
    StreetAddress,
    Surname,
    TelephoneNumber,
    UsageLocation,
    UserPrincipalName,
    UserType,
    OtherMails,
    ProxyAddresses,
    AssignedPlans,
    MemberOf,
    DeviceCategory,
    DeviceId,
    DeviceManagementAppId,
    DeviceManufacturer,
    DeviceModel,
    DeviceOSType,
    DeviceOSVersion,
    DeviceOwnership,
    DevicePhysicalIds,
    DeviceTrustType,
    EnrollmentProfileName,
    IsRooted,
    ManagementType,
    ProfileType,
    SystemLabels,
    /// Legacy device properties, accepted only with
    /// [`RuleOptions::legacy_device_properties`].
    OrganizationalUnit,
    DomainName,
    IsCompliant,
    IsManaged,
    IsDirSynced,
    /// `extensionAttribute1` … `extensionAttribute15` (number 1–15).
    ExtensionAttribute(u8),
    /// A directory extension, `extension_<appId>_<name>`, spelled as in the rule.
    CustomExtension(Box<str>),
}

/// Which objects have a property.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owners {
    User,
    Device,
    Both,
    LegacyDevice,
}

impl Owners {
    fn has(self, kind: ObjectKind, options: &RuleOptions) -> bool {
        match (self, kind) {
            (Owners::Both, _) | (Owners::User, ObjectKind::User) => true,
            (Owners::Device, ObjectKind::Device) => true,
            (Owners::LegacyDevice, ObjectKind::Device) => options.legacy_device_properties,
            _ => false,
        }
    }
}

struct Known {
    name: &'static str,
    property: Property,
    owners: Owners,
}

macro_rules! known {
    ($($name:literal => $property:ident, $value_type:ident, $owners:ident;)*) => {
        const KNOWN: &[Known] = &[$(Known {
            name: $name,
            property: Property::$property,
            owners: Owners::$owners,
        },)*];

        /// Name and type of a property of the table, by `match` rather than by search,
        /// because subjects look names up on every evaluation.
        fn known_name_and_type(property: &Property) -> Option<(&'static str, ValueType)> {
            match property {
                $(Property::$property => Some(($name, ValueType::$value_type)),)*
                _ => None,
            }
        }
    };
}

known! {
    "accountEnabled" => AccountEnabled, Boolean, Both;
    "dirSyncEnabled" => DirSyncEnabled, Boolean, User;
    "employeeHireDate" => EmployeeHireDate, DateTime, User;
    "city" => City, String, User;
    "country" => Country, String, User;
    "companyName" => CompanyName, String, User;
    "department" => Department, String, User;
    "displayName" => DisplayName, String, Both;
    "employeeId" => EmployeeId, String, User;
    "facsimileTelephoneNumber" => FacsimileTelephoneNumber, String, User;
    "givenName" => GivenName, String, User;
    "jobTitle" => JobTitle, String, User;
    "mail" => Mail, String, User;
    "mailNickName" => MailNickName, String, User;
    "mobile" => Mobile, String, User;
    "objectId" => ObjectId, String, Both;
    "onPremisesDistinguishedName" => OnPremisesDistinguishedName, String, User;
    "onPremisesSecurityIdentifier" => OnPremisesSecurityIdentifier, String, User;
    "passwordPolicies" => PasswordPolicies, String, User;
    "physicalDeliveryOfficeName" => PhysicalDeliveryOfficeName, String, User;
    "postalCode" => PostalCode, String, User;
    "preferredLanguage" => PreferredLanguage, String, User;
    "sipProxyAddress" => SipProxyAddress, String, User;
    "state" => State, String, User;
    "streetAddress" => StreetAddress, String, User;
    "surname" => Surname, String, User;
    "telephoneNumber" => TelephoneNumber, String, User;
    "usageLocation" => UsageLocation, String, User;
    "userPrincipalName" => UserPrincipalName, String, User;
    "userType" => UserType, String, User;
    "otherMails" => OtherMails, StringCollection, User;
    "proxyAddresses" => ProxyAddresses, StringCollection, User;
    "assignedPlans" => AssignedPlans, AssignedPlans, User;
    "memberOf" => MemberOf, MemberOf, Both;
    "deviceCategory" => DeviceCategory, String, Device;
    "deviceId" => DeviceId, String, Device;
    "deviceManagementAppId" => DeviceManagementAppId, String, Device;
    "deviceManufacturer" => DeviceManufacturer, String, Device;
    "deviceModel" => DeviceModel, String, Device;
    "deviceOSType" => DeviceOSType, String, Device;
    "deviceOSVersion" => DeviceOSVersion, String, Device;
    "deviceOwnership" => DeviceOwnership, String, Device;
    "devicePhysicalIds" => DevicePhysicalIds, StringCollection, Device;
    "deviceTrustType" => DeviceTrustType, String, Device;
    "enrollmentProfileName" => EnrollmentProfileName, String, Device;
    "isRooted" => IsRooted, Boolean, Device;
    "managementType" => ManagementType, String, Device;
    "profileType" => ProfileType, String, Device;
    "systemLabels" => SystemLabels, StringCollection, Device;
    "organizationalUnit" => OrganizationalUnit, String, LegacyDevice;
    "domainName" => DomainName, String, LegacyDevice;
    "isCompliant" => IsCompliant, Boolean, LegacyDevice;
    "isManaged" => IsManaged, Boolean, LegacyDevice;
    "isDirSynced" => IsDirSynced, Boolean, LegacyDevice;
}

const EXTENSION_ATTRIBUTE_NAMES: [&str; 15] = [
    "extensionAttribute1",
    "extensionAttribute2",
    "extensionAttribute3",
    "extensionAttribute4",
    "extensionAttribute5",
    "extensionAttribute6",
    "extensionAttribute7",
    "extensionAttribute8",
    "extensionAttribute9",
    "extensionAttribute10",
    "extensionAttribute11",
    "extensionAttribute12",
    "extensionAttribute13",
    "extensionAttribute14",
    "extensionAttribute15",
];

impl Property {
    /// The documented name (`department`, `extensionAttribute7`, or the extension as written).
    pub fn name(&self) -> &str {
        match self {
            Property::ExtensionAttribute(n) => {
                EXTENSION_ATTRIBUTE_NAMES[usize::from((*n).clamp(1, 15) - 1)]
            }
            Property::CustomExtension(name) => name,
            known => known_name_and_type(known).map_or("", |(name, _)| name),
        }
    }

    pub fn value_type(&self) -> ValueType {
        match self {
            Property::ExtensionAttribute(_) | Property::CustomExtension(_) => ValueType::String,
            known => {
                known_name_and_type(known).map_or(ValueType::String, |(_, value_type)| value_type)
            }
        }
    }

    /// Resolves a property name (without the `user.`/`device.` prefix) for an object kind,
    /// with the default options (case-insensitive, no legacy device properties).
    pub fn lookup(kind: ObjectKind, name: &str) -> Option<Property> {
        resolve(kind, name, &RuleOptions::default()).ok()
    }

    /// The names `lookup` knows for `kind`, in the table's order (the numbered extension
    /// attributes and directory extensions, which are patterns rather than names, aside): a tool
    /// can suggest them for a near miss.
    pub fn names(kind: ObjectKind) -> impl Iterator<Item = &'static str> {
        let options = RuleOptions::default();
        KNOWN
            .iter()
            .filter(move |known| known.owners.has(kind, &options))
            .map(|known| known.name)
    }
}

impl std::fmt::Display for Property {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a property name did not resolve.
pub(crate) enum Unresolved {
    /// Unknown; the closest known name if one is near.
    Unknown { suggestion: Option<&'static str> },
    /// A property of the other object kind.
    WrongObject,
    /// Known only as a legacy device property.
    Legacy,
    /// `extensionAttribute0`, `extensionAttribute16`, ...
    ExtensionNumber,
    /// Directory extensions exist only for users in the documented list.
    DeviceCustomExtension,
}

pub(crate) fn resolve(
    kind: ObjectKind,
    name: &str,
    options: &RuleOptions,
) -> Result<Property, Unresolved> {
    let same = |a: &str, b: &str| match options.property_names {
        NameMatching::CaseInsensitive => a.eq_ignore_ascii_case(b),
        NameMatching::CaseSensitive => a == b,
    };
    if let Some(known) = KNOWN.iter().find(|k| same(k.name, name)) {
        return if known.owners.has(kind, options) {
            Ok(known.property.clone())
        } else if known.owners == Owners::LegacyDevice && kind == ObjectKind::Device {
            Err(Unresolved::Legacy)
        } else {
            Err(Unresolved::WrongObject)
        };
    }
    if let Some(number) = extension_attribute_number(name, same) {
        return match number {
            1..=15 => Ok(Property::ExtensionAttribute(number as u8)),
            _ => Err(Unresolved::ExtensionNumber),
        };
    }
    if is_custom_extension(name, same) {
        return match kind {
            ObjectKind::User => Ok(Property::CustomExtension(name.into())),
            ObjectKind::Device => Err(Unresolved::DeviceCustomExtension),
        };
    }
    let candidates = KNOWN
        .iter()
        .filter(|k| k.owners.has(kind, options))
        .map(|k| k.name)
        .chain(EXTENSION_ATTRIBUTE_NAMES);
    Err(Unresolved::Unknown {
        suggestion: closest(name, candidates),
    })
}

/// `extensionAttributeN` with N all digits (range checked by the caller).
fn extension_attribute_number(name: &str, same: impl Fn(&str, &str) -> bool) -> Option<u32> {
    const PREFIX: &str = "extensionAttribute";
    let head = name.get(..PREFIX.len())?;
    let digits = &name[PREFIX.len()..];
    if !same(head, PREFIX) || digits.is_empty() || digits.len() > 3 {
        return None;
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `extension_<appId>_<name>`: the app id is the application's id without hyphens (the docs:
/// "only characters 0-9 and A-Z"); short ids are accepted for hand-written tenants.
fn is_custom_extension(name: &str, same: impl Fn(&str, &str) -> bool) -> bool {
    const PREFIX: &str = "extension_";
    let Some(head) = name.get(..PREFIX.len()) else {
        return false;
    };
    if !same(head, PREFIX) {
        return false;
    }
    let rest = &name[PREFIX.len()..];
    let Some((app_id, attribute)) = rest.split_once('_') else {
        return false;
    };
    !app_id.is_empty()
        && app_id.bytes().all(|b| b.is_ascii_alphanumeric())
        && !attribute.is_empty()
        && attribute
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Element properties of an `assignedPlans` item (reference §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlanField {
    ServicePlanId,
    Service,
    CapabilityStatus,
}

impl PlanField {
    pub fn name(self) -> &'static str {
        match self {
            PlanField::ServicePlanId => "servicePlanId",
            PlanField::Service => "service",
            PlanField::CapabilityStatus => "capabilityStatus",
        }
    }

    pub(crate) const ALL: [PlanField; 3] = [
        PlanField::ServicePlanId,
        PlanField::Service,
        PlanField::CapabilityStatus,
    ];
}

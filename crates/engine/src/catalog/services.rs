//! Service families: plans that give a user the same service under different ids.
//!
//! Moving from Office 365 A1 to A3 replaces Exchange Online (Plan 1) by Exchange Online (Plan 2):
//! the plan id is lost, the mailbox is not. A family groups such plans; a user has the service
//! while any enabled plan of the family remains. The families come from Microsoft's data
//! (`data/service_families.md` gives each one's source): the Exchange mailbox family is the 2021
//! conflict table's Exchange Online set (the plans that provision a mailbox, also used for
//! `UniquenessViolation`); the others are prefixes of `Service_Plan_Name` in the product table
//! (`data/service_plans.csv`), named as Graph's `assignedPlans[].service` names the service. A
//! plan in no family is a service of its own.

/// A family of service plans that give the same service.
pub struct ServiceFamily {
    /// What administrators call the service.
    pub name: &'static str,
    /// Graph's `assignedPlan.service` for these plans, where a Graph response we read shows it.
    pub graph_service: Option<&'static str>,
    /// `servicePlanName` prefixes (case-insensitive) of the family's plans; empty for the
    /// mailbox family, which is the Exchange mailbox table.
    pub plan_name_prefixes: &'static [&'static str],
}

/// Index of the Exchange mailbox family in `FAMILIES`.
pub(crate) const EXCHANGE_MAILBOX: usize = 0;

static FAMILIES: &[ServiceFamily] = &[
    ServiceFamily {
        name: "Exchange Online mailbox",
        graph_service: Some("exchange"),
        plan_name_prefixes: &[],
    },
    ServiceFamily {
        name: "SharePoint Online and OneDrive",
        graph_service: Some("SharePoint"),
        plan_name_prefixes: &[
            "SHAREPOINTSTANDARD",
            "SHAREPOINTENTERPRISE",
            "SHAREPOINTDESKLESS",
            "SHAREPOINTLITE",
            "SHAREPOINT_S_DEVELOPER",
        ],
    },
    ServiceFamily {
        name: "Office for the web",
        graph_service: Some("SharePoint"),
        plan_name_prefixes: &["SHAREPOINTWAC"],
    },
    ServiceFamily {
        name: "Microsoft Teams",
        graph_service: Some("TeamspaceAPI"),
        plan_name_prefixes: &["TEAMS1", "TEAMS_GOV", "TEAMS_AR_"],
    },
    ServiceFamily {
        name: "Skype for Business Online",
        graph_service: Some("MicrosoftCommunicationsOnline"),
        plan_name_prefixes: &["MCOSTANDARD", "MCOIMP"],
    },
    ServiceFamily {
        name: "Microsoft 365 Apps",
        graph_service: Some("MicrosoftOffice"),
        plan_name_prefixes: &["OFFICESUBSCRIPTION"],
    },
    ServiceFamily {
        name: "Microsoft Forms",
        graph_service: Some("OfficeForms"),
        plan_name_prefixes: &["FORMS_PLAN_", "FORMS_GOV_"],
    },
    ServiceFamily {
        name: "Microsoft Stream",
        graph_service: Some("MicrosoftStream"),
        plan_name_prefixes: &["STREAM_O365_"],
    },
    ServiceFamily {
        name: "Power Apps for Microsoft 365",
        graph_service: Some("PowerAppsService"),
        plan_name_prefixes: &["POWERAPPS_O365_"],
    },
    ServiceFamily {
        name: "Power Automate for Microsoft 365",
        graph_service: Some("ProcessSimple"),
        plan_name_prefixes: &["FLOW_O365_"],
    },
    ServiceFamily {
        name: "Planner",
        graph_service: Some("ProjectWorkManagement"),
        plan_name_prefixes: &["PROJECTWORKMANAGEMENT"],
    },
    ServiceFamily {
        name: "Microsoft To Do",
        graph_service: Some("To-Do"),
        plan_name_prefixes: &["BPOS_S_TODO_"],
    },
    ServiceFamily {
        name: "Viva Engage (Yammer)",
        graph_service: Some("YammerEnterprise"),
        plan_name_prefixes: &["YAMMER_ENTERPRISE", "YAMMER_EDU", "YAMMER_MIDSIZE"],
    },
    ServiceFamily {
        name: "Microsoft Intune",
        graph_service: None,
        plan_name_prefixes: &["INTUNE_A", "INTUNE_EDU", "INTUNE_SMBIZ"],
    },
    ServiceFamily {
        name: "Microsoft Entra ID Premium",
        graph_service: Some("AADPremiumService"),
        plan_name_prefixes: &["AAD_PREMIUM"],
    },
    ServiceFamily {
        name: "Microsoft Whiteboard",
        graph_service: Some("WhiteboardServices"),
        plan_name_prefixes: &["WHITEBOARD_PLAN", "WHITEBOARD_FIRSTLINE"],
    },
    ServiceFamily {
        name: "Microsoft Kaizala Pro",
        graph_service: None,
        plan_name_prefixes: &["KAIZALA_O365_P"],
    },
    ServiceFamily {
        name: "Project for Office",
        graph_service: None,
        plan_name_prefixes: &["PROJECT_O365_P"],
    },
    ServiceFamily {
        name: "School Data Sync",
        graph_service: None,
        plan_name_prefixes: &["SCHOOL_DATA_SYNC_P"],
    },
    ServiceFamily {
        name: "Common Data Service for Office 365",
        graph_service: None,
        plan_name_prefixes: &["DYN365_CDS_O365_P"],
    },
];

/// Every service family, the Exchange mailbox family first.
pub fn service_families() -> &'static [ServiceFamily] {
    FAMILIES
}

/// The family of a plan that does not provision a mailbox, by its `servicePlanName`.
pub(crate) fn family_by_plan_name(name: &str) -> Option<usize> {
    let upper = name.to_ascii_uppercase();
    FAMILIES
        .iter()
        .position(|f| f.plan_name_prefixes.iter().any(|p| upper.starts_with(p)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{find_plan, plans};

    #[test]
    fn every_prefix_names_plans_of_microsofts_table() {
        for family in FAMILIES {
            for prefix in family.plan_name_prefixes {
                assert!(
                    plans().iter().any(|p| p.name.starts_with(prefix)),
                    "{prefix} ({}) matches no plan of service_plans.csv",
                    family.name
                );
            }
        }
    }

    #[test]
    fn a1_and_a3_plans_fall_in_the_same_families() {
        let family = |name: &str| family_by_plan_name(find_plan(name).unwrap().name);
        assert_eq!(
            family("SHAREPOINTSTANDARD_EDU"),
            family("SHAREPOINTENTERPRISE_EDU")
        );
        assert_eq!(family("FORMS_PLAN_E1"), family("FORMS_PLAN_E3"));
        assert_eq!(family("STREAM_O365_E1"), family("STREAM_O365_E3"));
        assert!(family("SHAREPOINTSTANDARD_EDU").is_some());
        // Office for the web is billed under SharePoint but is another service.
        assert_ne!(
            family("SHAREPOINTWAC_EDU"),
            family("SHAREPOINTENTERPRISE_EDU")
        );
        // Mobile device management for Office 365 is not Intune.
        assert_eq!(family("INTUNE_O365"), None);
        // Exchange Foundation provisions no mailbox and is in no family.
        assert_eq!(family("EXCHANGE_S_FOUNDATION"), None);
    }
}

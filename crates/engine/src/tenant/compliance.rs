//! B27: "you must have at least enough licenses to include all of the members" of licensed
//! groups, in a product that entitles group-based licensing. A report, never a block (§8.13).

use super::{MemberRef, Tenant};

/// Office 365 suites that entitle group-based licensing without an Entra ID P1 plan (S13).
const ENTITLING_OFFICE_SUITES: &[&str] = &[
    "ENTERPRISEPACK",
    "ENTERPRISEPREMIUM",
    "ENTERPRISEPREMIUM_NOPSTNCONF",
    "ENTERPRISEPACK_GOV",
    "ENTERPRISEPREMIUM_GOV",
    "ENTERPRISEPACKPLUS_FACULTY",
    "ENTERPRISEPACKPLUS_STUDENT",
    "ENTERPRISEPACK_USGOV_GCCHIGH",
    "ENTERPRISEPACK_USGOV_DOD",
];

const ENTRA_PREMIUM_PLANS: &[&str] = &["AAD_PREMIUM", "AAD_PREMIUM_P2"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplianceReport {
    /// Users who are direct members of at least one licensed group.
    pub licensed_group_members: usize,
    /// Assignable units of products that include Entra ID P1 or higher, or an entitling suite.
    pub p1_capable_seats: u64,
}

pub fn report(tenant: &Tenant) -> ComplianceReport {
    let mut member = vec![false; tenant.users.len()];
    for group in tenant
        .groups
        .iter()
        .filter(|g| g.alive && !g.licenses.is_empty())
    {
        for m in &group.members {
            if let MemberRef::User(u) = m.who {
                member[u.index()] = tenant.user(u).alive;
            }
        }
    }
    let p1_capable_seats = tenant
        .skus
        .iter()
        .filter(|s| !s.pending)
        .filter(|s| {
            s.part_number.as_deref().is_some_and(|p| {
                ENTITLING_OFFICE_SUITES
                    .iter()
                    .any(|e| e.eq_ignore_ascii_case(p))
            }) || s.plans.iter().any(|p| {
                tenant
                    .plans
                    .plan(*p)
                    .name
                    .as_deref()
                    .is_some_and(|n| ENTRA_PREMIUM_PLANS.contains(&n))
            })
        })
        .map(|s| u64::from(tenant.assignable(s)))
        .sum();
    ComplianceReport {
        licensed_group_members: member.iter().filter(|m| **m).count(),
        p1_capable_seats,
    }
}

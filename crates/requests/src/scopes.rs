//! The permissions (`Connect-MgGraph -Scopes`): for each request the least privileged one
//! Microsoft documents, and for the reads of the waits and checks the read one, left out when a
//! write scope of the same kind already covers it.

use crate::model::{Action, Check, GraphRequest, Wait};

/// group and user `assignLicense`.
pub(crate) const LICENSE_ASSIGNMENT_WRITE: &str = "LicenseAssignment.ReadWrite.All";
/// `members/$ref`, add and remove.
pub(crate) const GROUP_MEMBER_WRITE: &str = "GroupMember.ReadWrite.All";
/// `PATCH` and `DELETE /groups/{id}`.
pub(crate) const GROUP_WRITE: &str = "Group.ReadWrite.All";
/// `PATCH /users/{id}` and `reprocessLicenseAssignment`.
pub(crate) const USER_WRITE: &str = "User.ReadWrite.All";
/// `DELETE /users/{id}`.
pub(crate) const USER_DELETE: &str = "User.DeleteRestore.All";

const USER_READ: &str = "User.Read.All";
const GROUP_MEMBER_READ: &str = "GroupMember.Read.All";
const LICENSE_ASSIGNMENT_READ: &str = "LicenseAssignment.Read.All";

/// The scopes the requests, waits and checks need, sorted.
pub fn scopes(requests: &[GraphRequest]) -> Vec<&'static str> {
    let mut needed: Vec<&'static str> = Vec::new();
    for request in requests {
        if let Action::Call(call) = &request.action {
            needed.push(call.scope);
        }
        needed.extend(request.wait.iter().map(|wait| match wait {
            Wait::GroupProcessed { .. } => GROUP_MEMBER_READ,
            Wait::UserRows { .. } => USER_READ,
        }));
        needed.extend(
            request
                .checks
                .iter()
                .filter_map(|check| match &check.check {
                    Check::Holds { .. } | Check::EnabledPlans { .. } | Check::Row { .. } => {
                        Some(USER_READ)
                    }
                    Check::ConsumedUnits { .. } => Some(LICENSE_ASSIGNMENT_READ),
                    Check::GroupMembers { .. } | Check::GroupErrors { .. } => {
                        Some(GROUP_MEMBER_READ)
                    }
                    Check::WholeRun { .. } => None,
                }),
        );
    }
    let has = |scope: &str| needed.contains(&scope);
    let covered = |scope: &str| match scope {
        USER_READ => has(USER_WRITE),
        GROUP_MEMBER_READ => has(GROUP_MEMBER_WRITE) || has(GROUP_WRITE),
        LICENSE_ASSIGNMENT_READ => has(LICENSE_ASSIGNMENT_WRITE),
        _ => false,
    };
    let mut scopes: Vec<&'static str> = needed
        .iter()
        .copied()
        .filter(|scope| !covered(scope))
        .collect();
    scopes.sort_unstable();
    scopes.dedup();
    scopes
}

//! A tenant as it stands, written back as a scenario without steps: "start from here" in the app,
//! and the from-scratch side of the incremental-equals-recompute property test.

use super::document::*;
use crate::tenant::{MemberRef, PlanSet, SkuIx, Source, Tenant};
use licenselab_rules::Property;

impl Tenant {
    /// The current tenant as a starting state: products with their current plans and seats,
    /// live users with their properties and direct licenses, live groups with their members,
    /// rules and licenses. A computed tenant's licensing results are not written: loading the
    /// snapshot recomputes them from scratch. An observed tenant's are (its rows and
    /// `consumedUnits`), since recomputing would hand its seats to other users.
    pub fn snapshot(&self, name: &str) -> Scenario {
        let plan_ids = |s: SkuIx, set: PlanSet| -> Vec<String> {
            set.iter()
                .map(|pos| self.plans.plan(self.sku(s).plans[pos]).id.clone())
                .collect()
        };
        Scenario {
            licenselab: FORMAT_VERSION,
            name: name.to_owned(),
            description: String::new(),
            options: self.policy.options(),
            starting_state: if self.observed {
                StartingState::Observed
            } else {
                StartingState::Computed
            },
            organization: self.organization.clone(),
            catalog: self.catalog_extension.clone(),
            subscribed_skus: self
                .skus
                .iter()
                .filter(|s| !s.pending)
                .map(|s| SkuDef {
                    sku_id: s.id.clone(),
                    sku_part_number: s.part_number.clone(),
                    prepaid_units: s.prepaid,
                    service_plans: Some(
                        s.plans
                            .iter()
                            .map(|p| ServicePlanDef {
                                service_plan_id: self.plans.plan(*p).id.clone(),
                                service_plan_name: self.plans.plan(*p).name.clone(),
                                provisioning_status: None,
                                applies_to: None,
                            })
                            .collect(),
                    ),
                    applies_to: (!s.applies_to_user).then_some(AppliesTo::Company),
                    consumed_units: self.observed.then_some(s.consumed),
                })
                .collect(),
            users: self
                .users
                .iter()
                .enumerate()
                .filter(|(_, u)| u.alive)
                .map(|(i, user)| UserDef {
                    license_assignment_states: self.observed.then(|| self.observed_rows(user)),
                    id: user.id.clone(),
                    usage_location: user.usage_location.clone(),
                    proxy_addresses: user.proxy_addresses.clone(),
                    on_premises_extension_attributes: user
                        .extension_attributes
                        .iter()
                        .map(|(n, v)| {
                            (
                                Property::ExtensionAttribute(*n).name().to_owned(),
                                Some(v.to_string()),
                            )
                        })
                        .collect(),
                    // An observed scenario's direct assignments are its direct rows.
                    assigned_licenses: user
                        .rows
                        .iter()
                        .filter(|r| r.source == Source::Direct && !self.observed)
                        .map(|r| AssignedLicenseDef {
                            sku_id: self.sku(r.sku).id.clone(),
                            disabled_plans: plan_ids(r.sku, r.disabled),
                        })
                        .collect(),
                    properties: self
                        .user_attributes(crate::tenant::UserIx::new(i))
                        .map(|(name, value)| (name.to_owned(), value))
                        .collect(),
                })
                .collect(),
            groups: self
                .groups
                .iter()
                .filter(|g| g.alive)
                .map(|group| GroupDef {
                    id: group.id.clone(),
                    display_name: group.display_name.clone(),
                    description: group.description.clone(),
                    security_enabled: group.security_enabled,
                    mail_enabled: group.mail_enabled,
                    group_types: group.group_types.clone(),
                    members: if group.is_dynamic() {
                        Vec::new()
                    } else {
                        group
                            .members
                            .iter()
                            .map(|m| match m.who {
                                MemberRef::User(u) => self.user(u).id.clone(),
                                MemberRef::Group(g) => self.group(g).id.clone(),
                            })
                            .collect()
                    },
                    membership_rule: if group.is_dynamic() {
                        group.membership_rule.clone()
                    } else {
                        None
                    },
                    membership_rule_processing_state: group.is_dynamic().then_some(
                        if group.rule_paused {
                            RuleProcessingState::Paused
                        } else {
                            RuleProcessingState::On
                        },
                    ),
                    assigned_licenses: group
                        .licenses
                        .iter()
                        .map(|l| AssignedLicenseDef {
                            sku_id: self.sku(l.sku).id.clone(),
                            disabled_plans: plan_ids(l.sku, l.disabled),
                        })
                        .collect(),
                })
                .collect(),
            steps: Vec::new(),
            expect: Vec::new(),
        }
    }

    /// A user's rows as Graph reports them, for an observed snapshot. Rows from a deleted group
    /// are left out: the snapshot has no such group to name.
    fn observed_rows(&self, user: &crate::tenant::User) -> Vec<LicenseAssignmentStateDef> {
        user.rows
            .iter()
            .filter(|r| match r.source {
                Source::Direct => true,
                Source::Group(g) => self.group(g).alive,
            })
            .map(|r| LicenseAssignmentStateDef {
                sku_id: self.sku(r.sku).id.clone(),
                assigned_by_group: match r.source {
                    Source::Direct => None,
                    Source::Group(g) => Some(self.group(g).id.clone()),
                },
                disabled_plans: self.plan_ids(r.sku, r.disabled),
                state: r.state.as_str().to_owned(),
                error: Some(r.error.as_str().to_owned()),
                last_updated_date_time: None,
            })
            .collect()
    }
}

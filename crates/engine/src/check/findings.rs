//! What the policies find in a whole run: service gaps, lost services and plans, new errors and
//! seat shortfalls, each with the user (or product) and the words to say.

use super::services::{plan_identities, ServiceTracker};
use super::CheckPolicy;
use crate::tenant::{LicenseError, Row, SkuIx, Source, Tenant, UserIx};

/// One thing a policy objects to.
pub(crate) struct Finding {
    pub policy: CheckPolicy,
    pub step: Option<usize>,
    /// The users it is about (one, or a product's users without a seat).
    pub users: Vec<UserIx>,
    pub sku: Option<SkuIx>,
    pub service: Option<String>,
    pub message: String,
}

/// The rows in error at the start, by user: (product, path, error).
pub(crate) type ErrorRows = Vec<Vec<(SkuIx, Source, LicenseError)>>;

pub(crate) fn error_rows(tenant: &Tenant) -> ErrorRows {
    tenant
        .users
        .iter()
        .map(|u| {
            u.rows
                .iter()
                .filter(|r| u.alive && r.state.is_error())
                .map(|r| (r.sku, r.source, r.error))
                .collect()
        })
        .collect()
}

/// Everything every policy finds, in policy order, then user order.
pub(crate) fn find(
    tenant: &Tenant,
    tracker: &ServiceTracker,
    start_errors: &ErrorRows,
    step_label: &dyn Fn(usize) -> String,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let users = (0..tenant.users.len()).map(UserIx::new);
    let touched: Vec<UserIx> = users
        .clone()
        .filter(|u| tracker.touched[u.index()])
        .collect();
    let end: Vec<_> = touched
        .iter()
        .map(|u| tracker.map.services_of(tenant, *u))
        .collect();
    let named = |u: UserIx| tenant.user(u).label();

    for (u, end) in touched.iter().zip(&end) {
        for i in &tracker.interruptions[u.index()] {
            if end.binary_search(&i.service).is_err() {
                continue;
            }
            let (name, _) = tracker.map.describe(tenant, i.service);
            let back = i.back_after.unwrap_or(i.lost_after);
            findings.push(Finding {
                policy: CheckPolicy::ServiceGap,
                step: Some(i.lost_after),
                users: vec![*u],
                sku: None,
                service: Some(name.to_owned()),
                message: format!(
                    "{} loses {name} after {} and has it again after {}: in between no enabled \
                     plan provides it, so its data can be gone when it comes back",
                    named(*u),
                    step_label(i.lost_after),
                    step_label(back)
                ),
            });
        }
    }
    for (u, end) in touched.iter().zip(&end) {
        for service in &tracker.start[u.index()] {
            if end.binary_search(service).is_ok() {
                continue;
            }
            let (name, _) = tracker.map.describe(tenant, *service);
            let step = tracker.interruptions[u.index()]
                .iter()
                .find(|i| i.service == *service)
                .map(|i| i.lost_after);
            let when = step.map_or(String::new(), |s| format!(" after {}", step_label(s)));
            findings.push(Finding {
                policy: CheckPolicy::LostService,
                step,
                users: vec![*u],
                sku: None,
                service: Some(name.to_owned()),
                message: format!(
                    "{} loses {name}{when}: held at the start, not at the end",
                    named(*u)
                ),
            });
        }
    }
    for u in &touched {
        let now = plan_identities(tenant, *u);
        for plan in &tracker.start_plans[u.index()] {
            if now.binary_search(plan).is_ok() {
                continue;
            }
            let plan = tenant.plans.plan(*plan);
            findings.push(Finding {
                policy: CheckPolicy::LostPlans,
                step: None,
                users: vec![*u],
                sku: None,
                service: None,
                message: format!(
                    "{} loses the plan {} ({}): enabled at the start, not at the end",
                    named(*u),
                    plan.display_name(),
                    plan.id
                ),
            });
        }
    }
    for u in users {
        let user = tenant.user(u);
        if !user.alive {
            continue;
        }
        for row in user.rows.iter().filter(|r| r.state.is_error()) {
            let before = start_errors
                .get(u.index())
                .is_some_and(|rows| rows.contains(&(row.sku, row.source, row.error)));
            if !before {
                findings.push(Finding {
                    policy: CheckPolicy::NewErrors,
                    step: None,
                    users: vec![u],
                    sku: Some(row.sku),
                    service: None,
                    message: new_error_message(tenant, u, row),
                });
            }
        }
    }
    for (i, sku) in tenant.skus.iter().enumerate() {
        let s = SkuIx::new(i);
        let short = short_of_seats(tenant, s);
        if sku.pending || short.is_empty() {
            continue;
        }
        findings.push(Finding {
            policy: CheckPolicy::SeatShortfall,
            step: None,
            sku: Some(s),
            service: None,
            message: format!(
                "{}: {} no seat (CountViolation): {} can be assigned and {} in use; {} more \
                 needed",
                sku.id,
                match short.len() {
                    1 => "1 user has".to_owned(),
                    n => format!("{n} users have"),
                },
                tenant.assignable(sku),
                sku.consumed,
                short.len()
            ),
            users: short,
        });
    }
    findings
}

/// Users with a row of the product in `CountViolation` and no seat of it: the seats to buy.
pub(crate) fn short_of_seats(tenant: &Tenant, s: SkuIx) -> Vec<UserIx> {
    (0..tenant.users.len())
        .map(UserIx::new)
        .filter(|u| {
            let user = tenant.user(*u);
            user.alive
                && !user.holds_seat(s)
                && user
                    .rows_for(s)
                    .any(|r| r.error == LicenseError::CountViolation)
        })
        .collect()
}

fn new_error_message(tenant: &Tenant, u: UserIx, row: &Row) -> String {
    let path = match row.source {
        Source::Direct => "assigned directly".to_owned(),
        Source::Group(g) => format!("from group {}", tenant.group(g).id),
    };
    let why = tenant
        .explain_row(row)
        .map_or(String::new(), |words| format!(": {words}"));
    format!(
        "{}: {} {path} is {} ({}){why}",
        tenant.user(u).label(),
        tenant.sku(row.sku).id,
        row.state.as_str(),
        row.error.as_str()
    )
}

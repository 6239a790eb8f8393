//! The pending work of an imported tenant, in the words `licenselab import` and `importTenant`
//! print after the report: how many items by reason, the first few explained.

use crate::report::counted;
use licenselab_engine::{PendingReason, Tenant};

/// How many pending items the summary explains.
const EXPLAINED: usize = 5;

/// "pending work found: none", or the number of items by reason and the first few explained.
pub fn pending_summary(tenant: &Tenant) -> String {
    let pending = tenant.pending();
    if pending.is_empty() {
        return "pending work found: none (the tenant is as processing leaves it)\n".to_owned();
    }
    let mut text = format!(
        "pending work found: {} (a reprocess step, or any step that touches the user, does it):\n",
        counted(pending.len(), "item")
    );
    let mut reasons: Vec<&'static str> = pending.iter().map(|p| p.reason.as_str()).collect();
    reasons.sort_unstable();
    reasons.dedup();
    for reason in reasons {
        let n = pending
            .iter()
            .filter(|p| p.reason.as_str() == reason)
            .count();
        text += &format!("  {n} {reason}\n");
    }
    for item in pending.iter().take(EXPLAINED) {
        let whom = match (item.user, item.reason) {
            (_, PendingReason::ConsumedUnitsDiffer { .. }) | (None, _) => String::new(),
            (Some(u), _) => format!("{}: ", tenant.user(u).display_name()),
        };
        text += &format!("  - {whom}{}\n", tenant.explain_pending(item));
    }
    if pending.len() > EXPLAINED {
        text += &format!("  and {} more\n", pending.len() - EXPLAINED);
    }
    text
}

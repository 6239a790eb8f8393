//! Downloads: users with their assignment paths as CSV.

use licenselab_engine::Source;

use crate::model::queries::row_reason;
use crate::model::Derived;

/// One line per license path (users without licenses get one line with empty license columns).
pub fn users_csv(d: &Derived) -> String {
    let t = d.tenant();
    let mut out = String::from(
        "userId,userPrincipalName,displayName,usageLocation,skuId,product,path,groupId,state,error,enabledPlans,reason\r\n",
    );
    for u in d.live_users() {
        let user = t.user(u);
        let upn = d
            .user_properties(user.id())
            .get("userPrincipalName")
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let base = [
            user.id().to_owned(),
            upn,
            user.display_name().to_owned(),
            user.usage_location().map(str::to_owned).unwrap_or_default(),
        ];
        if user.rows().is_empty() {
            push_line(
                &mut out,
                base.iter()
                    .cloned()
                    .chain(std::iter::repeat_n(String::new(), 8)),
            );
            continue;
        }
        for row in user.rows() {
            let sku = t.sku(row.sku());
            let (path, group_id) = match row.source() {
                Source::Direct => ("Direct".to_owned(), String::new()),
                Source::Group(g) => (
                    format!("Inherited from {}", t.group(g).display_name()),
                    t.group(g).id().to_owned(),
                ),
            };
            let enabled = user.enabled(row.sku()).len();
            push_line(
                &mut out,
                base.iter().cloned().chain([
                    sku.id().to_owned(),
                    sku.display_name().to_owned(),
                    path,
                    group_id,
                    row.state().as_str().to_owned(),
                    row.error().as_str().to_owned(),
                    format!("{enabled} of {}", sku.plan_count()),
                    row_reason(t, row),
                ]),
            );
        }
    }
    out
}

fn push_line(out: &mut String, cells: impl Iterator<Item = String>) {
    let line: Vec<String> = cells.map(|c| cell(&c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// A CSV cell: quoted when needed, and never read as a formula by a spreadsheet (names come
/// from scenarios anyone can write).
pub fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

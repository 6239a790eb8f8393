//! Products and plans named as scenarios name them (a `skuId` or a part number; a plan's id or
//! name) to the GUIDs Graph takes, read from the loaded tenant (the scenario's own products,
//! with the catalog's plans for those that list none).

use crate::error::RequestsError;
use licenselab_engine::{SkuIx, Tenant};

type Resolved<T> = Result<T, RequestsError>;

/// The product `key` names: its `skuId`, else its part number when only one product has it.
pub(crate) fn sku(tenant: &Tenant, path: &str, key: &str) -> Resolved<SkuIx> {
    let skus = tenant.skus();
    if let Some(i) = skus.iter().position(|s| s.id() == key) {
        return Ok(SkuIx::new(i));
    }
    let by_part: Vec<usize> = (0..skus.len())
        .filter(|i| {
            skus[*i]
                .part_number()
                .is_some_and(|p| p.eq_ignore_ascii_case(key))
        })
        .collect();
    match by_part.as_slice() {
        [one] => Ok(SkuIx::new(*one)),
        [] => Err(RequestsError::plan(
            path,
            format!("unknown product '{key}'"),
        )),
        _ => Err(RequestsError::plan(
            path,
            format!("'{key}' is the part number of several products; name one by its skuId"),
        )),
    }
}

/// The product's `skuId` as Graph takes it.
pub(crate) fn sku_guid(tenant: &Tenant, path: &str, s: SkuIx) -> Resolved<String> {
    let id = tenant.skus()[s.index()].id();
    guid(id).ok_or_else(|| {
        RequestsError::plan(
            path,
            format!("product '{id}' has a skuId that is not a GUID; Graph names products by their skuId GUID, as subscribedSkus lists it"),
        )
    })
}

/// The `skuId` GUID of the product `key` names.
pub(crate) fn sku_key_guid(tenant: &Tenant, path: &str, key: &str) -> Resolved<String> {
    let s = sku(tenant, path, key)?;
    sku_guid(tenant, path, s)
}

/// The `servicePlanId` GUID of the plan of product `s` that `key` names (its id, else its
/// name, case-insensitive).
pub(crate) fn plan_guid(tenant: &Tenant, path: &str, s: SkuIx, key: &str) -> Resolved<String> {
    let found = tenant.sku_plans(s).find(|p| p.id == key).or_else(|| {
        tenant
            .sku_plans(s)
            .find(|p| p.name.is_some_and(|n| n.eq_ignore_ascii_case(key)))
    });
    let Some(plan) = found else {
        return Err(RequestsError::plan(
            path,
            format!(
                "service plan '{key}' is not part of product '{}'",
                tenant.skus()[s.index()].id()
            ),
        ));
    };
    plan_id_guid(path, plan.id)
}

/// Every plan of product `s`, as GUIDs.
pub(crate) fn product_plans(tenant: &Tenant, path: &str, s: SkuIx) -> Resolved<Vec<String>> {
    tenant
        .sku_plans(s)
        .map(|p| plan_id_guid(path, p.id))
        .collect()
}

fn plan_id_guid(path: &str, id: &str) -> Resolved<String> {
    guid(id).ok_or_else(|| {
        RequestsError::plan(
            path,
            format!("service plan '{id}' has a servicePlanId that is not a GUID; Graph names plans by GUID"),
        )
    })
}

/// `text` as a lowercase GUID (Graph's spelling), if it is one.
pub(crate) fn guid(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
    shaped.then(|| text.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::guid;

    #[test]
    fn guids_are_recognised_and_lowercased() {
        assert_eq!(
            guid("C7DF2760-2C81-4EF7-B578-5B5392B571DF").as_deref(),
            Some("c7df2760-2c81-4ef7-b578-5b5392b571df")
        );
        assert_eq!(guid("ENTERPRISEPACK"), None);
        assert_eq!(guid("c7df2760-2c81-4ef7-b578-5b5392b571dg"), None);
        assert_eq!(guid("c7df27602-c81-4ef7-b578-5b5392b571df"), None);
    }
}

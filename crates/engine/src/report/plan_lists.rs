//! Plan lists written as text made once: a 100,000-user result holds about a million lists of
//! service plan ids (most of its bytes), yet only a few hundred distinct ones (a product and a
//! set of its plans). `write_json` keeps each list's JSON the first time it is written and copies
//! it after, instead of collecting the ids and escaping every one of them again.
//!
//! The text is exactly what serde_json would write for the list at that place: compact, or
//! pretty at the list's depth in the document.

use super::json::JsonOut;
use super::JsonLayout;
use crate::tenant::{PlanSet, SkuIx, Tenant};
use rustc_hash::FxHashMap;
use serde::ser::{Serialize, Serializer};
use std::io::Write;

/// The texts written so far, for one document in one layout.
pub(super) struct PlanLists {
    layout: JsonLayout,
    texts: FxHashMap<(SkuIx, PlanSet, usize), Box<[u8]>>,
}

impl PlanLists {
    pub(super) fn new(layout: JsonLayout) -> Self {
        PlanLists {
            layout,
            texts: FxHashMap::default(),
        }
    }

    /// Writes the list of `set`'s plans of product `sku` as the next value of `json`.
    pub(super) fn write<W: Write>(
        &mut self,
        json: &mut JsonOut<W>,
        tenant: &Tenant,
        sku: SkuIx,
        set: PlanSet,
    ) {
        let layout = self.layout;
        let depth = json.depth();
        let text = self.texts.entry((sku, set, depth)).or_insert_with(|| {
            let mut list = JsonOut::text(layout, depth);
            list.begin_array();
            for id in plan_ids(tenant, sku, set) {
                list.element();
                list.str(id);
            }
            list.end_array();
            list.into_text()
        });
        json.raw(text);
    }
}

/// The ids of `set`'s plans of product `sku`, in plan order.
pub(super) fn plan_ids(tenant: &Tenant, sku: SkuIx, set: PlanSet) -> Vec<&str> {
    let sku = tenant.sku(sku);
    set.iter()
        .map(|pos| tenant.plans.plan(sku.plans[pos]).id.as_str())
        .collect()
}

/// One list of plan ids, serialized as its ids (for a front end's data; `write_json` writes
/// them through `PlanLists`).
pub(super) struct PlanList<'a> {
    pub(super) tenant: &'a Tenant,
    pub(super) sku: SkuIx,
    pub(super) set: PlanSet,
}

impl Serialize for PlanList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        plan_ids(self.tenant, self.sku, self.set).serialize(serializer)
    }
}

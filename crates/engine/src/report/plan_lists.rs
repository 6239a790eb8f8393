//! Plan lists written as text made once: a 100,000-user result holds about a million lists of
//! service plan ids (most of its bytes), yet only a few hundred distinct ones (a product and a
//! set of its plans). `write_json` keeps each list's JSON the first time it is written and copies
//! it after, instead of collecting the ids and escaping every one of them again.
//!
//! The text is exactly what serde_json would write for the list at that place: compact, or
//! pretty at the list's depth in the document (the ids are JSON strings, which hold no raw line
//! break, so indenting every line break of the depth-0 text is serde_json's own layout).

use super::JsonLayout;
use crate::tenant::{PlanSet, SkuIx, Tenant};
use rustc_hash::FxHashMap;
use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;
use std::cell::RefCell;

/// The texts written so far, for one document in one layout.
pub(super) struct PlanLists {
    layout: JsonLayout,
    texts: RefCell<FxHashMap<(SkuIx, PlanSet, u8), Box<RawValue>>>,
}

impl PlanLists {
    pub(super) fn new(layout: JsonLayout) -> Self {
        PlanLists {
            layout,
            texts: RefCell::default(),
        }
    }
}

/// The ids of `set`'s plans of product `sku`, in plan order.
pub(super) fn plan_ids(tenant: &Tenant, sku: SkuIx, set: PlanSet) -> Vec<&str> {
    let sku = tenant.sku(sku);
    set.iter()
        .map(|pos| tenant.plans.plan(sku.plans[pos]).id.as_str())
        .collect()
}

/// One list of plan ids, serialized as its ids; through `PlanLists` (in `write_json`) as the
/// text kept for it.
pub(super) struct PlanList<'a> {
    pub(super) tenant: &'a Tenant,
    pub(super) lists: Option<&'a PlanLists>,
    pub(super) sku: SkuIx,
    pub(super) set: PlanSet,
    /// How many containers hold the list in the document (its indentation when pretty).
    pub(super) depth: u8,
}

impl Serialize for PlanList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(lists) = self.lists else {
            return plan_ids(self.tenant, self.sku, self.set).serialize(serializer);
        };
        let mut texts = lists.texts.borrow_mut();
        let text = texts
            .entry((self.sku, self.set, self.depth))
            .or_insert_with(|| self.text(lists.layout));
        text.serialize(serializer)
    }
}

impl PlanList<'_> {
    fn text(&self, layout: JsonLayout) -> Box<RawValue> {
        let ids = plan_ids(self.tenant, self.sku, self.set);
        let text = match layout {
            JsonLayout::Compact => serde_json::to_string(&ids),
            JsonLayout::Pretty => serde_json::to_string_pretty(&ids).map(|text| {
                text.replace('\n', &format!("\n{}", "  ".repeat(usize::from(self.depth))))
            }),
        };
        let text = text.expect("a list of strings always serializes");
        RawValue::from_string(text).expect("serde_json's own output is JSON")
    }
}

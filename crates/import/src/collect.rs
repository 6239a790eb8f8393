//! Joins the records of all files: pages of one list, the same object in two files (one object
//! if identical, an error naming both places if not), and the pages that say more follow.

use crate::detect::{Kind, Page, Place, Record};
use crate::ImportError;
use serde_json::Value;
use std::collections::BTreeMap;

/// A group member, as little as it takes.
#[derive(Debug)]
pub(crate) struct Member {
    /// `#microsoft.graph.user` and the like; empty when the export did not say.
    pub odata_type: String,
    pub place: Place,
}

#[derive(Debug, Default)]
pub(crate) struct Records {
    pub organizations: BTreeMap<String, Record>,
    pub skus: BTreeMap<String, Record>,
    pub users: BTreeMap<String, Record>,
    pub groups: BTreeMap<String, Record>,
    /// (group, member) -> the member's `@odata.type` and where it was listed first.
    pub members: BTreeMap<(String, String), Member>,
    /// Entity set -> its pages.
    pub pages: BTreeMap<String, Vec<Page>>,
}

impl Records {
    pub(crate) fn page(&mut self, page: Page) {
        self.pages.entry(page.set.clone()).or_default().push(page);
    }

    pub(crate) fn add(&mut self, record: Record) -> Result<(), ImportError> {
        let key = if record.kind == Kind::Sku {
            "skuId"
        } else {
            "id"
        };
        let Some(id) = record
            .object
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            return Err(ImportError::new(
                &record.place.path,
                format!(
                    "{} has no {key}; export it again with {key} selected",
                    record.place.within()
                ),
            ));
        };
        let (what, table) = match record.kind {
            Kind::Organization => ("organization", &mut self.organizations),
            Kind::Sku => ("product", &mut self.skus),
            Kind::User => ("user", &mut self.users),
            Kind::Group => ("group", &mut self.groups),
            Kind::Member => {
                let group = record.group.unwrap_or_default();
                let odata_type = match record.object.get("@odata.type") {
                    Some(Value::String(t)) => t.clone(),
                    _ => String::new(),
                };
                self.members.entry((group, id)).or_insert(Member {
                    odata_type,
                    place: record.place,
                });
                return Ok(());
            }
        };
        match table.get(&id) {
            None => {
                table.insert(id, record);
                Ok(())
            }
            Some(first) if first.object == record.object => Ok(()),
            Some(first) => Err(ImportError::new(
                &record.place.path,
                format!(
                    "{what} {id} is listed twice with different values, at {} and at {}; give files from one export only",
                    first.place, record.place
                ),
            )),
        }
    }
}

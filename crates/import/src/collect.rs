//! Joins the records of all files: pages of one list, the same object in two files (one object
//! if identical, an error naming both places if not), and the pages that say more follow.

use crate::detect::{Page, Record};
use crate::place::Place;
use crate::shapes::{GraphGroup, GraphOrganization, GraphSku, GraphUser, Object, ObjectType};
use crate::ImportError;
use std::collections::btree_map::{BTreeMap, Entry};
use std::sync::Arc;

/// An object with where it was listed first.
#[derive(Debug)]
pub(crate) struct Listed<T> {
    pub object: T,
    pub place: Place,
}

/// A group member, as little as it takes.
#[derive(Debug)]
pub(crate) struct Member {
    pub group: Arc<str>,
    pub id: String,
    pub object_type: ObjectType,
    pub place: Place,
}

#[derive(Debug, Default)]
pub(crate) struct Records {
    pub organizations: BTreeMap<String, Listed<GraphOrganization>>,
    pub skus: BTreeMap<String, Listed<Box<GraphSku>>>,
    pub users: BTreeMap<String, Listed<Box<GraphUser>>>,
    pub groups: BTreeMap<String, Listed<Box<GraphGroup>>>,
    /// Every listing of a member, in the order read: a flat list rather than a map of a million
    /// pairs of strings, sorted once by [`Records::members`].
    members: Vec<Member>,
    /// Entity set -> its pages.
    pub pages: BTreeMap<String, Vec<Page>>,
}

impl Records {
    pub(crate) fn page(&mut self, page: Page) {
        self.pages.entry(page.set.clone()).or_default().push(page);
    }

    pub(crate) fn add(&mut self, record: Record) -> Result<(), ImportError> {
        let Record {
            object,
            place,
            group,
        } = record;
        let key = if matches!(object, Object::Sku(_)) {
            "skuId"
        } else {
            "id"
        };
        let missing = || {
            ImportError::new(
                &place.path,
                format!(
                    "{} has no {key}; export it again with {key} selected",
                    place.within()
                ),
            )
        };
        if let Object::Member(member) = object {
            let id = member.id.ok_or_else(missing)?;
            self.members.push(Member {
                group: group.unwrap_or_else(|| Arc::from("")),
                id,
                object_type: member.object_type,
                place,
            });
            return Ok(());
        }
        let id = object.id().ok_or_else(missing)?.to_owned();
        match object {
            Object::Organization(o) => {
                insert(&mut self.organizations, "organization", id, o, place)
            }
            Object::Sku(s) => insert(&mut self.skus, "product", id, s, place),
            Object::User(u) => insert(&mut self.users, "user", id, u, place),
            Object::Group(g) => insert(&mut self.groups, "group", id, g, place),
            Object::Member(_) => unreachable!("read above"),
        }
    }

    /// The members in group and member order, each pair once, with where it was listed first.
    pub(crate) fn members(&mut self) -> Vec<Member> {
        let mut members = std::mem::take(&mut self.members);
        // Stable sorts, so the first listing of a pair comes first and is the one kept. By group
        // first: the listings of a group come together (a group's members files), so that is
        // one pass; then each group's short run by member id, rather than comparing a million
        // pairs of strings across the whole list.
        members.sort_by(|a, b| a.group.cmp(&b.group));
        for group in members.chunk_by_mut(|a, b| a.group == b.group) {
            group.sort_by(|a, b| a.id.cmp(&b.id));
        }
        members.dedup_by(|later, first| later.group == first.group && later.id == first.id);
        members
    }
}

/// The first listing of an object is kept; a second must be the same.
fn insert<T: PartialEq>(
    table: &mut BTreeMap<String, Listed<T>>,
    what: &str,
    id: String,
    object: T,
    place: Place,
) -> Result<(), ImportError> {
    match table.entry(id) {
        Entry::Vacant(entry) => {
            entry.insert(Listed { object, place });
            Ok(())
        }
        Entry::Occupied(first) if first.get().object == object => Ok(()),
        Entry::Occupied(first) => Err(ImportError::new(
            &place.path,
            format!(
                "{what} {} is listed twice with different values, at {} and at {}; give files from one export only",
                first.key(),
                first.get().place,
                place
            ),
        )),
    }
}

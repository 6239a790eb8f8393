//! Joins the records of all files: pages of one list, the same object in two files (one object
//! if identical, an error naming both places if not), and the pages that say more follow.

use crate::detect::{Page, Record};
use crate::place::Place;
use crate::shapes::{GraphGroup, GraphOrganization, GraphSku, GraphUser, Object, ObjectType};
use crate::ImportError;
use licenselab_engine::IdIndex;
use std::collections::btree_map::{BTreeMap, Entry};
use std::num::NonZeroU32;
use std::sync::Arc;

/// An object with where it was listed first.
#[derive(Debug)]
pub(crate) struct Listed<T> {
    pub object: T,
    pub place: Place,
}

/// A listing of a group member, as little as it takes (a big tenant has a million): the group,
/// the member and an `@odata.type` that is not one of the known ones as indices into the
/// records' table of names, and where it was listed as an index into their table of files.
/// 28 bytes, where a listing of `String`s and a [`Place`] took 88 and an allocation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Listing {
    pub group: u32,
    pub member: u32,
    pub object_type: MemberType,
    file: u32,
    page: Option<NonZeroU32>,
    item: Option<NonZeroU32>,
}

/// A member's `@odata.type`, as [`ObjectType`] with another type's text as a name's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MemberType {
    User,
    Group,
    Device,
    ServicePrincipal,
    Contact,
    /// Another type, or "" when the export did not say.
    Other(u32),
}

/// Each text once, numbered in the order first seen: the ids of groups and members (a member
/// is listed in about ten groups), the few unknown member types. The texts sit in one arena
/// (the engine's `IdIndex`), so numbering a million listings does not miss the cache on a
/// key in its own allocation for each (a third of the reading's time with a map of `Arc<str>`).
#[derive(Debug, Default)]
pub(crate) struct Names {
    index: IdIndex,
    /// The group of the last listing and its number: a page's listings are of one group.
    last_group: Option<(Arc<str>, u32)>,
}

impl Names {
    /// A group's number, looked up once for a run of listings of the same group.
    fn group(&mut self, group: Option<Arc<str>>) -> u32 {
        let group = group.unwrap_or_else(|| Arc::from(""));
        match &self.last_group {
            Some((last, number)) if Arc::ptr_eq(last, &group) => *number,
            _ => {
                let number = self.number(&group);
                self.last_group = Some((group, number));
                number
            }
        }
    }

    /// The name's number, given when first seen.
    pub(crate) fn number(&mut self, name: &str) -> u32 {
        let number = self.index.insert(name).unwrap_or_else(|known| known);
        u32::try_from(number).expect("fewer than 4 billion names")
    }
}

/// The listings of group members in group and member order, each pair once, with the tables
/// their indices are into.
#[derive(Debug)]
pub(crate) struct Members {
    pub listings: Vec<Listing>,
    /// The names in id order: a listing's number is a position here, of a name in `index`.
    order: Vec<u32>,
    index: IdIndex,
    files: Vec<Arc<str>>,
}

impl Members {
    /// A group's or member's id, or an unknown type's text.
    pub(crate) fn name(&self, number: u32) -> &str {
        self.index.id(self.order[number as usize] as usize)
    }

    /// Every name, by number.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        (0..self.order.len() as u32).map(|number| self.name(number))
    }

    /// Where a listing was.
    pub(crate) fn place(&self, listing: &Listing) -> Place {
        Place {
            path: self.files[listing.file as usize].clone(),
            page: listing.page,
            item: listing.item,
        }
    }

    /// The file a listing was in.
    pub(crate) fn path(&self, listing: &Listing) -> &str {
        &self.files[listing.file as usize]
    }
}

/// The users in the order read, each id once: one list rather than a map of boxes, so that a
/// big tenant's hundred thousand users are one block, freed at once when they are moved into
/// the scenario (boxes freed one by one left the allocator's pages half used while the scenario
/// loaded).
#[derive(Debug, Default)]
pub(crate) struct Users {
    /// Each user with its id (taken out of the object).
    pub listed: Vec<(String, Listed<GraphUser>)>,
    /// The ids, numbered as `listed`: to find a user listed twice.
    ids: IdIndex,
}

#[derive(Debug, Default)]
pub(crate) struct Records {
    pub organizations: BTreeMap<String, Listed<GraphOrganization>>,
    pub skus: BTreeMap<String, Listed<Box<GraphSku>>>,
    pub users: Users,
    pub groups: BTreeMap<String, Listed<Box<GraphGroup>>>,
    /// Every listing of a member, in the order read: a flat list rather than a map of a million
    /// pairs of strings, sorted once by [`Records::members`].
    listings: Vec<Listing>,
    /// The texts the listings' indices are into.
    names: Names,
    /// The files the listings were in (a file's `Arc` once while its listings come one after
    /// another, as they do).
    files: Vec<Arc<str>>,
    /// Entity set -> its pages.
    pub pages: BTreeMap<String, Vec<Page>>,
}

impl Records {
    /// The table members' ids are numbered in as their files are read.
    pub(crate) fn names(&mut self) -> &mut Names {
        &mut self.names
    }

    pub(crate) fn page(&mut self, page: Page) {
        self.pages.entry(page.set.clone()).or_default().push(page);
    }

    pub(crate) fn add(&mut self, record: Record) -> Result<(), ImportError> {
        let Record {
            mut object,
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
            let listing = Listing {
                group: self.names.group(group),
                member: member.id.ok_or_else(missing)?,
                object_type: self.member_type(member.object_type),
                file: self.file(place.path),
                page: place.page,
                item: place.item,
            };
            self.listings.push(listing);
            return Ok(());
        }
        let id = object.take_id().ok_or_else(missing)?;
        match object {
            Object::Organization(o) => {
                insert(&mut self.organizations, "organization", id, o, place)
            }
            Object::Sku(s) => insert(&mut self.skus, "product", id, s, place),
            Object::User(u) => self.users.insert(id, *u, place),
            Object::Group(g) => insert(&mut self.groups, "group", id, g, place),
            Object::Member(_) => unreachable!("read above"),
        }
    }

    fn member_type(&mut self, object_type: ObjectType) -> MemberType {
        match object_type {
            ObjectType::User => MemberType::User,
            ObjectType::Group => MemberType::Group,
            ObjectType::Device => MemberType::Device,
            ObjectType::ServicePrincipal => MemberType::ServicePrincipal,
            ObjectType::Contact => MemberType::Contact,
            ObjectType::Other(other) => MemberType::Other(self.names.number(&other)),
        }
    }

    fn file(&mut self, path: Arc<str>) -> u32 {
        if !self
            .files
            .last()
            .is_some_and(|last| Arc::ptr_eq(last, &path))
        {
            self.files.push(path);
        }
        u32::try_from(self.files.len() - 1).expect("fewer than 4 billion files")
    }

    /// The members in group and member order, each pair once, with where it was listed first.
    pub(crate) fn members(&mut self) -> Members {
        let mut listings = std::mem::take(&mut self.listings);
        let Names { index, .. } = std::mem::take(&mut self.names);
        // The names renumbered in id order, so that a million listings are sorted by two
        // numbers rather than two strings; a stable sort, so the first listing of a pair comes
        // first and is the one kept.
        let mut order: Vec<u32> = (0..index.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| index.id(a as usize).cmp(index.id(b as usize)));
        let mut rank = vec![0u32; index.len()];
        for (place, &number) in order.iter().enumerate() {
            rank[number as usize] = place as u32;
        }
        for listing in &mut listings {
            listing.group = rank[listing.group as usize];
            listing.member = rank[listing.member as usize];
            if let MemberType::Other(other) = &mut listing.object_type {
                *other = rank[*other as usize];
            }
        }
        drop(rank);
        listings.sort_by_key(|l| (l.group, l.member));
        listings
            .dedup_by(|later, first| later.group == first.group && later.member == first.member);
        Members {
            listings,
            order,
            index,
            files: std::mem::take(&mut self.files),
        }
    }
}

impl Users {
    /// The first listing of a user is kept; a second must be the same.
    fn insert(&mut self, id: String, user: GraphUser, place: Place) -> Result<(), ImportError> {
        match self.ids.insert(&id) {
            Ok(_) => {
                self.listed.push((
                    id,
                    Listed {
                        object: user,
                        place,
                    },
                ));
                Ok(())
            }
            Err(first) => {
                let (_, first) = &self.listed[first];
                if first.object == user {
                    Ok(())
                } else {
                    Err(twice("user", &id, &first.place, &place))
                }
            }
        }
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
        Entry::Occupied(first) => Err(twice(what, first.key(), &first.get().place, &place)),
    }
}

/// An object listed at `first` and again, with different values, at `place`.
fn twice(what: &str, id: &str, first: &Place, place: &Place) -> ImportError {
    ImportError::new(
        &place.path,
        format!(
            "{what} {id} is listed twice with different values, at {first} and at {place}; give files from one export only"
        ),
    )
}

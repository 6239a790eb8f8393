//! Ids to dense indices, for the millions of member references a big scenario resolves.
//!
//! A map of `String` keys verifies each hit against a key in its own heap allocation, scattered
//! through memory: at 100,000 users most lookups missed the cache there. Here the ids sit one
//! after another in a single arena, and the table holds only indices.

use hashbrown::HashTable;
use std::hash::BuildHasher;

/// Ids numbered in the order added, from 0; an id is found by its text.
#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    arena: String,
    /// `ends[i]`: where id `i` ends in `arena` (it starts where `i - 1` ends).
    ends: Vec<u32>,
    table: HashTable<u32>,
}

/// Id `index` of an arena (a free function: the table's rehash borrows the arena beside it).
fn id_in<'a>(arena: &'a str, ends: &[u32], index: usize) -> &'a str {
    let start = index.checked_sub(1).map_or(0, |i| ends[i] as usize);
    &arena[start..ends[index] as usize]
}

/// Two indices are equal when they hold the same ids in the same order (the table is made from
/// them).
impl PartialEq for IdIndex {
    fn eq(&self, other: &Self) -> bool {
        self.arena == other.arena && self.ends == other.ends
    }
}

fn hash(id: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(id)
}

impl IdIndex {
    /// Room for `ids` more ids without growing the table.
    pub fn reserve(&mut self, ids: usize) {
        self.ends.reserve(ids);
        let (arena, ends) = (&self.arena, &self.ends);
        self.table
            .reserve(ids, |&i| hash(id_in(arena, ends, i as usize)));
    }

    /// How many ids.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The id at `index`.
    pub fn id(&self, index: usize) -> &str {
        id_in(&self.arena, &self.ends, index)
    }

    /// The index of `id`, if it was added.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.table
            .find(hash(id), |&i| self.id(i as usize) == id)
            .map(|&i| i as usize)
    }

    /// Adds `id` with the next index, or returns the index it already has (`Err`).
    pub fn insert(&mut self, id: &str) -> Result<usize, usize> {
        if let Some(existing) = self.get(id) {
            return Err(existing);
        }
        let index = self.ends.len();
        self.arena.push_str(id);
        // The scenario's size limit keeps the arena far below 4 GiB.
        self.ends
            .push(u32::try_from(self.arena.len()).expect("ids fit in 4 GiB"));
        let (arena, ends) = (&self.arena, &self.ends);
        self.table.insert_unique(hash(id), index as u32, |&i| {
            hash(id_in(arena, ends, i as usize))
        });
        Ok(index)
    }

    /// Every id, in index order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.id(i))
    }
}

#[cfg(test)]
mod tests {
    use super::IdIndex;

    #[test]
    fn ids_get_their_insertion_index_and_duplicates_are_refused() {
        let mut index = IdIndex::default();
        let ids: Vec<String> = (0..10_000).map(|i| format!("u{i:06}")).collect();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.insert(id), Ok(i));
        }
        assert_eq!(index.insert("u000042"), Err(42));
        assert_eq!(index.insert(""), Ok(10_000));
        assert_eq!(index.get(""), Some(10_000));
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id), Some(i));
            assert_eq!(index.id(i), id);
        }
        assert_eq!(index.get("u010000"), None);
        assert_eq!(index.get("U000001"), None, "ids are case-sensitive");
        assert_eq!(index.ids().count(), 10_001);
    }
}

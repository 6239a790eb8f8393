//! Proxy addresses, case-folded and interned: which live users carry each (B16,
//! UniquenessViolation).
//!
//! Every group path that provisions a mailbox asks whether the member shares an address with
//! another live user: about 400,000 times while a 100,000-user tenant loads. Users hold their
//! addresses' numbers, so that question reads a short list per address instead of hashing and
//! comparing strings.

use super::UserIx;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

/// An address's number in its tenant's `ProxyIndex`.
pub type ProxyKey = u32;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProxyIndex {
    /// Lower-cased address -> its key.
    keys: FxHashMap<Box<str>, ProxyKey>,
    /// Per key, the live users carrying it (almost always one, so kept inline).
    owners: Vec<SmallVec<[UserIx; 2]>>,
}

impl ProxyIndex {
    /// The key of `address`, compared ignoring case, made on its first use.
    pub fn intern(&mut self, address: &str) -> ProxyKey {
        self.intern_new(address).0
    }

    /// `intern`, and whether the key is new (a step's undo then `forget`s it).
    pub fn intern_new(&mut self, address: &str) -> (ProxyKey, bool) {
        let folded = address.to_lowercase();
        if let Some(key) = self.keys.get(folded.as_str()) {
            return (*key, false);
        }
        let key = ProxyKey::try_from(self.owners.len())
            .expect("the scenario size limit keeps addresses far below 2^32");
        self.owners.push(SmallVec::new());
        self.keys.insert(folded.into_boxed_str(), key);
        (key, true)
    }

    /// Takes back the newest key, `address`'s (undoing the step that made it).
    pub fn forget(&mut self, address: &str) {
        let removed = self.keys.remove(address.to_lowercase().as_str());
        debug_assert_eq!(
            removed.map(|k| k as usize + 1),
            Some(self.owners.len()),
            "keys are forgotten newest first"
        );
        self.owners.pop();
    }

    /// The live users carrying the address `key`.
    pub fn owners(&self, key: ProxyKey) -> &SmallVec<[UserIx; 2]> {
        &self.owners[key as usize]
    }

    /// Puts back the owners of `key` as `owners` read them (undoing a step).
    pub fn restore_owners(&mut self, key: ProxyKey, owners: SmallVec<[UserIx; 2]>) {
        self.owners[key as usize] = owners;
    }

    /// The key of `address` if some user ever carried it.
    pub fn find(&self, address: &str) -> Option<ProxyKey> {
        self.keys.get(address.to_lowercase().as_str()).copied()
    }

    /// Records that live user `u` carries (`present`) or no longer carries the address `key`.
    pub fn set_owner(&mut self, key: ProxyKey, u: UserIx, present: bool) {
        let owners = &mut self.owners[key as usize];
        owners.retain(|o| *o != u);
        if present {
            owners.push(u);
        }
    }

    /// A live user other than `u` who carries the address `key`.
    pub fn other_owner(&self, key: ProxyKey, u: UserIx) -> Option<UserIx> {
        self.owners[key as usize].iter().find(|o| **o != u).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::ProxyIndex;
    use crate::tenant::UserIx;

    #[test]
    fn addresses_match_ignoring_case_and_owners_follow_presence() {
        let mut index = ProxyIndex::default();
        let a = index.intern("SMTP:Ann@contoso.example");
        assert_eq!(index.intern("smtp:ann@CONTOSO.example"), a);
        let b = index.intern("smtp:bob@contoso.example");
        assert_ne!(a, b);
        assert_eq!(index.find("SMTP:ANN@contoso.example"), Some(a));
        assert_eq!(index.find("smtp:nobody@contoso.example"), None);

        let (ann, other) = (UserIx::new(0), UserIx::new(1));
        index.set_owner(a, ann, true);
        assert_eq!(
            index.other_owner(a, ann),
            None,
            "one's own address is no conflict"
        );
        index.set_owner(a, other, true);
        assert_eq!(index.other_owner(a, ann), Some(other));
        assert_eq!(index.other_owner(a, other), Some(ann));
        index.set_owner(a, other, false);
        assert_eq!(index.other_owner(a, ann), None);
        index.set_owner(a, ann, true);
        index.set_owner(a, ann, true);
        assert_eq!(index.other_owner(a, other), Some(ann));
        index.set_owner(a, ann, false);
        assert_eq!(
            index.other_owner(a, other),
            None,
            "set twice, removed once: gone"
        );
    }
}

//! A set of service plans of one product, as a bitset over the product's plan positions.
//!
//! Products have at most `MAX_PLANS_PER_SKU` plans (Microsoft's largest has 86), so one `u128`
//! holds any set: unions, differences and comparisons are single instructions.

pub const MAX_PLANS_PER_SKU: usize = 128;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PlanSet(u128);

impl PlanSet {
    pub const EMPTY: PlanSet = PlanSet(0);

    /// The first `count` positions.
    pub fn first(count: usize) -> PlanSet {
        debug_assert!(count <= MAX_PLANS_PER_SKU);
        if count >= MAX_PLANS_PER_SKU {
            PlanSet(u128::MAX)
        } else {
            PlanSet((1u128 << count) - 1)
        }
    }

    pub fn single(position: usize) -> PlanSet {
        PlanSet(1u128 << position)
    }

    pub fn contains(self, position: usize) -> bool {
        self.0 >> position & 1 == 1
    }

    pub fn insert(&mut self, position: usize) {
        self.0 |= 1u128 << position;
    }

    pub fn union(self, other: PlanSet) -> PlanSet {
        PlanSet(self.0 | other.0)
    }

    pub fn intersection(self, other: PlanSet) -> PlanSet {
        PlanSet(self.0 & other.0)
    }

    pub fn difference(self, other: PlanSet) -> PlanSet {
        PlanSet(self.0 & !other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Positions in ascending order, which is the product's plan order.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            if bits == 0 {
                return None;
            }
            let position = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            Some(position)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_algebra() {
        let all = PlanSet::first(4);
        let mut some = PlanSet::EMPTY;
        some.insert(1);
        some.insert(3);
        assert_eq!(all.difference(some).iter().collect::<Vec<_>>(), vec![0, 2]);
        assert_eq!(all.intersection(some), some);
        assert_eq!(some.union(PlanSet::single(0)).len(), 3);
        assert!(PlanSet::first(128).contains(127));
        assert_eq!(PlanSet::first(128).len(), 128);
        assert!(PlanSet::EMPTY.is_empty());
    }
}

//! Dense indices for the tenant's objects. String ids live only at the boundary (`scenario`,
//! `report`); inside, everything is a `u32` index into a `Vec`.

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            pub fn new(index: usize) -> Self {
                $name(u32::try_from(index).expect("index fits in u32"))
            }
            pub fn index(self) -> usize {
                self.0 as usize
            }
            /// Sorts a list of them in index order (`order::sort_dense`: one compiled sort).
            #[allow(dead_code)] // not every index type is sorted
            pub(crate) fn sort(items: &mut [Self]) {
                crate::order::sort_dense(items, |ix| ix.0, $name);
            }
        }
    };
}

index_type!(
    /// A user, in scenario order (created users appended).
    UserIx
);
index_type!(
    /// A group, in scenario order (created groups appended).
    GroupIx
);
index_type!(
    /// A subscribed SKU (product), in scenario order.
    SkuIx
);
index_type!(
    /// A service plan known to the scenario.
    PlanIx
);

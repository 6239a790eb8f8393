//! Sorting with few compiled copies of a sort.
//!
//! Every `sort_by` on another element type or with another closure compiles the standard
//! library's whole sort again (about 3.6 KB of wasm each, 13 of them in the embed page's binary).
//! Here a long list is sorted as a list of positions, by the one compiled sort of `u32`s with a
//! `dyn` comparison, and its items are moved into that order; a short one (a user's rows, a few
//! products) is sorted by insertion, which is small and, for a handful of items, also fastest;
//! lists of dense indices are sorted as plain `u32`s.

use std::cmp::Ordering;

/// Up to this many items, insertion sort.
const SHORT: usize = 20;

/// Sorts `items` by `compare`, stably (equal items keep their order), as `slice::sort_by` does.
pub(crate) fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() <= SHORT {
        insertion_sort(items, |a, b| compare(a, b) == Ordering::Greater);
        return;
    }
    let order = sorted_positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    apply_order(items, order);
}

/// Sorts `items` by `key`, stably, as `slice::sort_by_key` does.
pub(crate) fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts values that are a `u32` each (dense indices), in the order of their `u32`s: `raw` reads
/// the number, `make` makes the value back. Equal numbers are the same value, so stability is
/// moot and the one compiled unstable sort of `u32`s does it.
pub(crate) fn sort_dense<T: Copy>(items: &mut [T], raw: fn(T) -> u32, make: fn(u32) -> T) {
    if items.len() <= SHORT {
        insertion_sort(items, |a, b| raw(*a) > raw(*b));
        return;
    }
    let mut numbers: Vec<u32> = items.iter().map(|item| raw(*item)).collect();
    numbers.sort_unstable();
    for (item, number) in items.iter_mut().zip(numbers) {
        *item = make(number);
    }
}

fn insertion_sort<T>(items: &mut [T], greater: impl Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && greater(&items[j - 1], &items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The positions `0..len` in the order `compare` puts the items at them in, stably: not generic,
/// so every caller shares this one compiled sort.
fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<u32> {
    let len = u32::try_from(len).expect("a list to sort has fewer than 2^32 items");
    let mut order: Vec<u32> = (0..len).collect();
    order.sort_by(|a, b| compare(*a as usize, *b as usize));
    order
}

/// Moves the items so that position `k` holds the item that was at `order[k]`, cycle by cycle
/// with swaps (no item is copied or cloned).
fn apply_order<T>(items: &mut [T], mut order: Vec<u32>) {
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic shuffle of `n` keys with many repeats, each tagged with its first position.
    fn tagged(n: usize) -> Vec<(u32, usize)> {
        let mut state = 12345u32;
        (0..n)
            .map(|i| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                ((state >> 16) % 7, i)
            })
            .collect()
    }

    #[test]
    fn sort_by_orders_short_and_long_lists_as_the_standard_stable_sort_does() {
        for n in [0, 1, 2, 5, SHORT, SHORT + 1, 100, 1_000] {
            let mut ours = tagged(n);
            let mut standard = ours.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            standard.sort_by_key(|a| a.0);
            assert_eq!(ours, standard, "{n} items");
        }
    }

    #[test]
    fn sort_by_key_keeps_equal_keys_in_their_order() {
        let mut items = tagged(200);
        sort_by_key(&mut items, |item| std::cmp::Reverse(item.0));
        for pair in items.windows(2) {
            assert!(pair[0].0 > pair[1].0 || (pair[0].0 == pair[1].0 && pair[0].1 < pair[1].1));
        }
    }

    #[test]
    fn sort_dense_orders_indices_by_their_number() {
        for n in [3, SHORT + 5, 500] {
            let mut ours: Vec<u32> = tagged(n)
                .iter()
                .map(|(k, i)| k * 1000 + *i as u32 % 13)
                .collect();
            let mut standard = ours.clone();
            sort_dense(&mut ours, |x| x, |x| x);
            standard.sort();
            assert_eq!(ours, standard, "{n} items");
        }
    }

    #[test]
    fn apply_order_moves_items_without_cloning() {
        let mut items: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        apply_order(&mut items, vec![2, 0, 3, 1]);
        assert_eq!(items, ["c", "a", "d", "b"]);
    }
}

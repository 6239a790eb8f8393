//! The product table as `build.rs` encodes it (`catalog.bin`), decoded once, on first use.
//!
//! The bytes are compiled in (nothing is read at run time) and carry no pointers, so they are a
//! third the size of static Rust structs and compress better; the decoded names are slices of the
//! same static bytes, so nothing is copied but the small row structs.

use std::sync::OnceLock;

use super::builtin::{CatalogPlan, CatalogProduct};

static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.bin"));

pub(super) struct Tables {
    pub plans: Vec<CatalogPlan>,
    pub products: Vec<CatalogProduct>,
    /// Every product's plan indices, one after another; a product holds its range.
    pub plan_lists: Vec<u16>,
}

pub(super) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| decode(BYTES).unwrap_or_else(empty))
}

fn empty() -> Tables {
    Tables {
        plans: Vec::new(),
        products: Vec::new(),
        plan_lists: Vec::new(),
    }
}

/// Reads the layout `build.rs` writes; `None` if the bytes do not fit it (the tests check they do).
fn decode(bytes: &'static [u8]) -> Option<Tables> {
    let mut reader = Reader(bytes);
    let plan_count = usize::from(reader.u16()?);
    let product_count = usize::from(reader.u16()?);
    let plan_guids = reader.take(16 * plan_count)?;
    let product_guids = reader.take(16 * product_count)?;
    let list_lengths = reader.take(product_count)?;
    let list_total: usize = list_lengths.iter().map(|&n| usize::from(n)).sum();
    let plan_lists: Vec<u16> = reader
        .take(2 * list_total)?
        .chunks_exact(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .collect();
    if plan_lists.iter().any(|&p| usize::from(p) >= plan_count) {
        return None;
    }
    let mut text = std::str::from_utf8(reader.0).ok()?.split('\n');
    let mut names =
        |n: usize| -> Option<Vec<&'static str>> { (0..n).map(|_| text.next()).collect() };
    let (plan_names, friendly_names) = (names(plan_count)?, names(plan_count)?);
    let (part_numbers, display_names) = (names(product_count)?, names(product_count)?);

    let plans = guids(plan_guids)
        .zip(plan_names.into_iter().zip(friendly_names))
        .map(|(guid, (name, friendly_name))| CatalogPlan {
            guid,
            name,
            friendly_name,
        })
        .collect();
    let mut start = 0;
    let products = guids(product_guids)
        .zip(part_numbers.into_iter().zip(display_names))
        .zip(list_lengths)
        .map(|((guid, (part_number, display_name)), &length)| {
            let plans = start..start + u32::from(length);
            start = plans.end;
            CatalogProduct::new(guid, part_number, display_name, plans)
        })
        .collect();
    Some(Tables {
        plans,
        products,
        plan_lists,
    })
}

fn guids(bytes: &[u8]) -> impl Iterator<Item = u128> + '_ {
    bytes
        .chunks_exact(16)
        .map(|b| u128::from_le_bytes(b.try_into().unwrap_or_default()))
}

struct Reader(&'static [u8]);

impl Reader {
    fn take(&mut self, n: usize) -> Option<&'static [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_bytes_decode_whole() {
        let tables = decode(BYTES).expect("build.rs's layout");
        assert_eq!(tables.plans.len(), 723);
        assert_eq!(tables.products.len(), 569);
        let last = tables.products.last().expect("products");
        assert_eq!(last.plan_range().end as usize, tables.plan_lists.len());
        assert!(tables.plans.iter().all(|p| !p.name.contains('\n')));
    }

    #[test]
    fn cut_bytes_decode_to_nothing_rather_than_garbage() {
        assert!(decode(&BYTES[..BYTES.len() / 2]).is_none());
        assert!(decode(&BYTES[..3]).is_none());
    }
}

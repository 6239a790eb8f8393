//! Where an object was, for messages: its file, and its page and item when the file holds several.

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;

/// Where an object was: its file (shared by the file's objects), and its page and item (from 1)
/// when the file holds several. Small, since a big tenant keeps one per group member; text only
/// when a message needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub path: Arc<str>,
    pub page: Option<NonZeroU32>,
    pub item: Option<NonZeroU32>,
}

impl Place {
    /// A file that is not a Graph page: the object, or the item of a list (`index` from 0).
    pub(crate) fn file(path: &Arc<str>, index: Option<usize>) -> Place {
        Place {
            path: path.clone(),
            page: None,
            item: index.map(number),
        }
    }

    /// Where in its file: "item 3", "(page 2), item 1", or "the object" for a one-object file.
    pub(crate) fn within(&self) -> String {
        match (self.page, self.item) {
            (None, None) => "the object".to_owned(),
            (None, Some(i)) => format!("item {i}"),
            (Some(p), None) => format!("(page {p})"),
            (Some(p), Some(i)) => format!("(page {p}), item {i}"),
        }
    }
}

/// The position of the `index`th (from 0) page or item, as messages count them (from 1).
pub(crate) fn number(index: usize) -> NonZeroU32 {
    u32::try_from(index + 1)
        .ok()
        .and_then(NonZeroU32::new)
        .unwrap_or(NonZeroU32::MAX)
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(page) = self.page {
            write!(f, " (page {page})")?;
        }
        if let Some(item) = self.item {
            write!(f, ", item {item}")?;
        }
        Ok(())
    }
}

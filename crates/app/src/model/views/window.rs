//! A window of a long list: the rows a view shows (with some overscan), asked for by position, so
//! that an answer carries those rows and the list's length, never the whole list.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Rows `offset..offset + limit` of a list (clamped to its length).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub offset: usize,
    pub limit: usize,
}

impl Window {
    /// The first `limit` rows.
    pub const fn first(limit: usize) -> Window {
        Window { offset: 0, limit }
    }

    /// The positions of the window in a list of `len` rows.
    pub fn range(self, len: usize) -> Range<usize> {
        let start = self.offset.min(len);
        start..self.offset.saturating_add(self.limit).min(len)
    }

    /// The positions of the window in a list of `len` rows, moved back so that it is full when
    /// the list is long enough: a virtual table clamps its scroll the same way, so the rows it
    /// renders are the rows answered.
    pub fn filled(self, len: usize) -> Range<usize> {
        let start = self.offset.min(len.saturating_sub(self.limit));
        start..start.saturating_add(self.limit).min(len)
    }

    /// Does the window hold rows `first..last`?
    pub fn covers(self, first: usize, last: usize) -> bool {
        self.offset <= first && last <= self.offset.saturating_add(self.limit)
    }

    /// Rows `first..last` with `margin` rows more on each side: asked for once, the window then
    /// serves a scroll of up to `margin` rows without a new answer.
    pub fn around(first: usize, last: usize, margin: usize) -> Window {
        let offset = first.saturating_sub(margin);
        Window {
            offset,
            limit: last.saturating_sub(offset) + margin,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Window;

    #[test]
    fn a_window_is_clamped_to_the_list_and_grows_by_its_margin() {
        assert_eq!(Window::first(500).range(12), 0..12);
        assert_eq!(
            Window {
                offset: 20,
                limit: 10
            }
            .range(25),
            20..25
        );
        assert_eq!(
            Window {
                offset: 30,
                limit: 10
            }
            .range(25),
            25..25
        );
        // Filled: moved back so that a window near the end still shows `limit` rows.
        let near_end = Window {
            offset: 20,
            limit: 10,
        };
        assert_eq!(near_end.filled(25), 15..25);
        assert_eq!(near_end.filled(100), 20..30);
        assert_eq!(near_end.filled(4), 0..4);
        let w = Window::around(40, 73, 32);
        assert_eq!(
            w,
            Window {
                offset: 8,
                limit: 97
            }
        );
        assert!(w.covers(8, 105) && w.covers(40, 73));
        assert!(!w.covers(7, 40) && !w.covers(40, 106));
        assert_eq!(
            Window::around(3, 20, 32),
            Window {
                offset: 0,
                limit: 52
            }
        );
    }
}

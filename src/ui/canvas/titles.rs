//! Card titles, wrapped without a window: with the bundled font's metrics and
//! the rules the exports use ([`crate::layout::card_parts`] and
//! [`TextMeasure::wrap_card_title`]), kept until the document changes, and
//! drawn by the painter in the [`crate::ui::fonts::card_family`] (the same font
//! first), so a card breaks its title on the screen where the PNG and SVG
//! exports do, with the same "…".
//!
//! Zoomed out so far that card text would be smaller than the painter's
//! legible size, titles are set at that size instead, so the map still reads:
//! they are wrapped by the same function at the larger relative size, kept for
//! the current zoom only.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::layout::{CARD_FONT, Rect, card_parts};
use crate::model::{Card, CardId};
use crate::scene::TextMeasure;

/// What the room of a title depends on besides the card's box.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct TitleRoom {
    /// A marker row takes the bottom of the card.
    pub markers: bool,
    /// A picture sits left of the title.
    pub picture: bool,
}

/// Wrapped titles by card and room.
type Lines = HashMap<(CardId, TitleRoom), Arc<[String]>>;

/// The wrapped titles of the document state last drawn, filled as cards come into view.
#[derive(Debug, Default)]
pub(crate) struct TitleCache {
    measure: TextMeasure,
    /// Titles at [`CARD_FONT`], as the exports set them.
    exact: RefCell<Lines>,
    /// Titles at a larger size for a zoomed-out view: the size (its bits) and the lines.
    enlarged: RefCell<(u32, Lines)>,
}

impl TitleCache {
    /// Forgets every title: the document or the layout changed.
    pub fn clear(&mut self) {
        self.exact.get_mut().clear();
        self.enlarged.get_mut().1.clear();
    }

    /// The lines of `card`'s title, set at `size` (document units), in a card of
    /// `width` × `height`. At [`CARD_FONT`] these are the lines of the exports.
    pub fn lines(
        &self,
        card: &Card,
        (width, height): (f32, f32),
        room: TitleRoom,
        size: f32,
    ) -> Arc<[String]> {
        let key = (card.id, room);
        let wrap = || -> Arc<[String]> {
            let parts = card_parts(
                Rect::from_min_size(0.0, 0.0, width, height),
                room.markers,
                room.picture,
            );
            let (width, height) = (parts.title.width(), parts.title.height());
            if size == CARD_FONT {
                self.measure.wrap_card_title(&card.title, width, height)
            } else {
                self.measure.wrap_in_box(&card.title, size, width, height)
            }
            .into()
        };
        if size == CARD_FONT {
            let mut exact = self.exact.borrow_mut();
            return Arc::clone(exact.entry(key).or_insert_with(wrap));
        }
        let mut enlarged = self.enlarged.borrow_mut();
        let (cached_size, lines) = &mut *enlarged;
        if *cached_size != size.to_bits() {
            // Another zoom: the titles set for the last one are of no more use.
            *cached_size = size.to_bits();
            lines.clear();
        }
        Arc::clone(lines.entry(key).or_insert_with(wrap))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{CARD_HEIGHT, CARD_WIDTH};

    #[test]
    fn titles_are_the_exports_lines_and_larger_ones_wrap_sooner() {
        let card = Card {
            id: CardId(1),
            title: "Charging takes far longer than the app promised 充电时间远超预期".into(),
            ..Card::default()
        };
        let cache = TitleCache::default();
        let size = (CARD_WIDTH, CARD_HEIGHT);
        let room = TitleRoom {
            markers: true,
            picture: false,
        };
        let exact = cache.lines(&card, size, room, CARD_FONT);
        let parts = card_parts(
            Rect::from_min_size(0.0, 0.0, CARD_WIDTH, CARD_HEIGHT),
            true,
            false,
        );
        let measure = TextMeasure::bundled();
        let expected =
            measure.wrap_card_title(&card.title, parts.title.width(), parts.title.height());
        assert_eq!(&*exact, expected.as_slice());
        // Kept: the same lines come back without wrapping again.
        assert!(Arc::ptr_eq(
            &exact,
            &cache.lines(&card, size, room, CARD_FONT)
        ));
        // Set larger for an overview, fewer words fit a line.
        let larger = cache.lines(&card, size, room, 2.0 * CARD_FONT);
        assert!(larger[0].len() < exact[0].len(), "{larger:?} {exact:?}");
        assert!(larger.last().is_some_and(|line| line.ends_with('…')));
    }
}

//! A small map for tests: one stage ("Arrive"), one customer lane ("Guest")
//! and the cards a test names, with or without a picture.

use stagemap::edit::{CardField, Command, Session, ops};
use stagemap::model::{Document, LaneKind};

/// A map called `title` with one stage, one lane and a card per entry of
/// `cards` (its title and its picture, if any), in that order.
pub fn small_map(title: &str, cards: &[(&str, Option<&str>)]) -> Document {
    let mut session = Session::unsaved(Document::new(title));
    session.run(|d| ops::add_stage(d, 0, "Arrive")).unwrap();
    session
        .run(|d| ops::add_lane(d, 0, "Guest", LaneKind::Customer))
        .unwrap();
    let (step, lane) = (
        session.doc().stages[0].steps[0].id,
        session.doc().lanes[0].id,
    );
    for &(card_title, picture) in cards {
        let id = session.doc().next_card_id();
        session
            .run(|d| ops::add_card(d, step, lane, usize::MAX, card_title).0)
            .unwrap();
        if let Some(picture) = picture {
            session
                .execute(Command::SetCardField {
                    id,
                    field: CardField::Picture(Some(picture.to_owned())),
                })
                .unwrap();
        }
    }
    session.doc().clone()
}

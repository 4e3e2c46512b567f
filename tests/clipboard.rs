//! Pasted text as untrusted input: every refusal names its reason, scores
//! move between emotion scales, and any text either pastes cards that pass
//! `check` or is refused.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

#[path = "../fuzz/src/lib.rs"]
#[allow(
    dead_code,
    reason = "the map and CSV checks are replayed in fuzz_regressions.rs"
)]
mod survive;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use stagemap::clipboard::{self, ClipboardCards, HEADER};
use stagemap::edit::Session;
use stagemap::generate::generated_map;
use stagemap::limits::MAX_TEXT_CHARS;
use stagemap::model::{Card, CardId, Connector, ConnectorId, EmotionScale, LaneId, StepId};

/// Clipboard text holding `cards` and `connectors`, copied from a map on `scale`.
fn text_of(cards: Vec<Card>, connectors: Vec<Connector>, scale: Option<EmotionScale>) -> String {
    ClipboardCards {
        cards,
        connectors,
        emotion_scale: scale,
    }
    .to_text()
}

fn card(id: u64, title: &str) -> Card {
    Card::new(CardId(id), StepId(1), LaneId(1), title)
}

fn connector(id: u64, from: u64, to: u64) -> Connector {
    Connector {
        id: ConnectorId(id),
        from: CardId(from),
        to: CardId(to),
        direction: Default::default(),
        label: String::new(),
    }
}

/// Why pasting `text` into a generated map on the −2..+2 scale is refused.
fn refusal(text: &str) -> String {
    let doc = generated_map(2, 3, 1, 3);
    match clipboard::paste(text, &doc, None) {
        Ok(_) => panic!("pasted: {}", &text[..text.len().min(300)]),
        Err(refusal) => refusal.to_string(),
    }
}

#[test]
fn each_kind_of_hostile_text_is_refused_with_its_reason() {
    let long_owner = Card {
        owner: "a".repeat(MAX_TEXT_CHARS + 1),
        ..card(1, "Owner")
    };
    let long_tag = Card {
        tags: vec!["ok".into(), "b".repeat(MAX_TEXT_CHARS + 1)],
        ..card(1, "Tags")
    };
    let mut long_label = connector(4, 1, 2);
    long_label.label = "c".repeat(MAX_TEXT_CHARS + 1);
    let not_a_number = Card {
        emotion: Some(f64::NAN),
        ..card(1, "NaN")
    };
    let infinite_nps = Card {
        nps: Some(f64::INFINITY),
        ..card(1, "NPS")
    };
    let too_happy = Card {
        emotion_to_be: Some(2.5),
        ..card(1, "Too happy")
    };
    let red = Card {
        colour: Some("red".into()),
        ..card(1, "Red")
    };
    let flat = EmotionScale {
        min: 1.0,
        max: 1.0,
        neutral: 1.0,
    };
    let cases = [
        (
            "办理入住".to_owned(),
            "the clipboard holds no Stagemap cards",
        ),
        (
            format!("{HEADER}\n(cards: [(id: 1"),
            "the copied cards are damaged at line 2",
        ),
        (format!("{HEADER}\n(cards: [])"), "holds no cards"),
        (
            text_of(vec![long_owner], vec![], None),
            "the owner of card 1 has 100001 characters",
        ),
        (
            text_of(vec![long_tag], vec![], None),
            "the tag of card 1 has 100001 characters",
        ),
        (
            text_of(vec![card(1, "A"), card(2, "B")], vec![long_label], None),
            "the label of connector 4 has 100001 characters",
        ),
        (
            text_of(vec![not_a_number], vec![], None),
            "the emotion of copied card 1 is not a number",
        ),
        (
            text_of(vec![infinite_nps], vec![], None),
            "the NPS of copied card 1 is not a number",
        ),
        (
            text_of(vec![too_happy], vec![], None),
            "copied card 1 has the emotion 2.5, outside this map's scale -2..2",
        ),
        (
            text_of(vec![red], vec![], None),
            "copied card 1 has the colour \"red\", not #rrggbb",
        ),
        (
            text_of(vec![card(1, "Flat")], vec![], Some(flat)),
            "the emotion scale of the copied cards is not usable",
        ),
        (
            text_of(vec![card(3, "A"), card(3, "B")], vec![], None),
            "two copied cards have the id 3",
        ),
        (
            text_of(vec![card(1, "Alone")], vec![connector(3, 1, 42)], None),
            "connector 3 ends at card 42, which is not among the copied cards",
        ),
    ];
    for (text, reason) in cases {
        let said = refusal(&text);
        assert!(said.contains(reason), "{said:?} does not say {reason:?}");
    }
}

#[test]
fn a_text_at_the_limit_pastes() {
    let at_limit = Card {
        owner: "旅".repeat(MAX_TEXT_CHARS),
        ..card(1, "Owner")
    };
    let mut session = Session::opened(generated_map(2, 3, 1, 3));
    let text = text_of(vec![at_limit], vec![], None);
    let (command, ids) = clipboard::paste(&text, session.doc(), None).unwrap();
    session.execute(command).unwrap();
    let pasted = session.doc().card(ids[0]).unwrap();
    assert_eq!(pasted.owner.chars().count(), MAX_TEXT_CHARS);
}

#[test]
fn scores_copied_from_another_scale_keep_their_place_on_this_one() {
    let one_to_five = EmotionScale::PRESETS[1];
    let top = Card {
        emotion: Some(5.0),
        emotion_to_be: Some(3.0),
        ..card(1, "Delighted")
    };
    let text = text_of(vec![top], vec![], Some(one_to_five));
    let mut session = Session::opened(generated_map(2, 3, 1, 3));
    let (command, ids) = clipboard::paste(&text, session.doc(), None).unwrap();
    session.execute(command).unwrap();
    let pasted = session.doc().card(ids[0]).unwrap();
    // 5 is the top of 1–5 and 3 its neutral: +2 and 0 on −2..+2.
    assert_eq!(pasted.emotion, Some(2.0));
    assert_eq!(pasted.emotion_to_be, Some(0.0));

    // Copied within the map, nothing moves.
    let copied = ClipboardCards::copy(session.doc(), &ids).to_text();
    let (command, again) = clipboard::paste(&copied, session.doc(), None).unwrap();
    session.execute(command).unwrap();
    assert_eq!(session.doc().card(again[0]).unwrap().emotion, Some(2.0));
}

/// A score as pasted text may hold it: mostly on the scale, sometimes off it
/// or not a number.
fn score() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        20 => Just(None),
        40 => (-2.0f64..=2.0).prop_map(Some),
        1 => prop_oneof![Just(f64::NAN), Just(f64::INFINITY), -50.0f64..50.0].prop_map(Some),
    ]
}

/// Text with tabs, line breaks, control characters and quotes, and now and
/// then one at or past the length limit.
fn field_text() -> impl Strategy<Value = String> {
    prop_oneof![
        150 => "[a-zA-Z 旅痛点\t\r\n\u{0}-\u{1f}\u{7f}\"\\\\,()]{0,12}",
        1 => Just("旅".repeat(MAX_TEXT_CHARS)),
        1 => Just("x".repeat(MAX_TEXT_CHARS + 1)),
    ]
}

fn pasted_card() -> impl Strategy<Value = Card> {
    (
        (1u64..6, 1u64..6, field_text(), field_text()),
        (score(), score(), score()),
        (
            proptest::collection::vec(field_text(), 0..3),
            proptest::option::of(prop_oneof![40 => Just("#a1b2c3"), 1 => Just("red")]),
        ),
    )
        .prop_map(
            |((step, lane, title, owner), (emotion, emotion_to_be, nps), (tags, colour))| Card {
                emotion,
                emotion_to_be,
                nps,
                owner,
                tags,
                colour: colour.map(str::to_owned),
                ..Card::new(CardId(0), StepId(step), LaneId(lane), title)
            },
        )
}

/// Clipboard text as a copy would make it, with hostile values.
fn copied_text() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            1 => Just(Vec::new()),
            30 => proptest::collection::vec(pasted_card(), 1..5),
        ],
        proptest::collection::vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                field_text(),
                proptest::bool::weighted(0.03),
            ),
            0..4,
        ),
        prop_oneof![
            10 => Just(None),
            10 => proptest::sample::select(EmotionScale::PRESETS.to_vec()).prop_map(Some),
            1 => Just(Some(EmotionScale { min: 3.0, max: 1.0, neutral: 2.0 })),
        ],
        proptest::bool::weighted(0.05),
    )
        .prop_map(|(mut cards, ends, scale, duplicate)| {
            for (index, card) in cards.iter_mut().enumerate() {
                card.id = CardId(if duplicate { 1 } else { index as u64 + 1 });
            }
            let count = cards.len().max(1);
            let connectors = ends
                .into_iter()
                .enumerate()
                .map(|(index, (from, to, label, dangling))| {
                    let end = |at: prop::sample::Index| at.index(count) as u64 + 1;
                    // An end past the last card names a card not copied.
                    let to = if dangling { count as u64 + 1 } else { end(to) };
                    Connector {
                        label,
                        ..connector(index as u64 + 1, end(from), to)
                    }
                })
                .collect();
            text_of(cards, connectors, scale)
        })
}

/// Clipboard text as a copy would make it, sometimes cut short, with text
/// thrown in, or any text at all.
fn pasted_text() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => copied_text(),
        2 => (copied_text(), any::<prop::sample::Index>())
            .prop_map(|(text, at)| text.chars().take(at.index(text.chars().count() + 1)).collect()),
        2 => (copied_text(), any::<prop::sample::Index>(), "[\u{0}-\u{7f}旅]{1,8}").prop_map(|(text, at, thrown)| {
            let mut chars: Vec<char> = text.chars().collect();
            let at = at.index(chars.len() + 1);
            chars.splice(at..at, thrown.chars());
            chars.into_iter().collect()
        }),
        1 => any::<String>(),
        1 => "[\u{0}-\u{7f}旅]{0,40}".prop_map(|tail| format!("{HEADER}\n{tail}")),
    ]
}

#[test]
fn any_pasted_text_gives_cards_that_pass_check_or_a_clear_refusal() {
    let mut runner = TestRunner::new(Config {
        cases: 400,
        failure_persistence: None,
        ..Config::default()
    });
    let pasted = std::cell::Cell::new(0);
    let refused = std::cell::RefCell::new(std::collections::BTreeMap::<String, usize>::new());
    runner
        .run(&pasted_text(), |text| {
            // The checks themselves (check passes after pasting, the map saves
            // and opens back) are the fuzz target's.
            match survive::clipboard_text(text.as_bytes()) {
                Ok(()) => pasted.set(pasted.get() + 1),
                Err(refusal) => {
                    let kind = format!("{refusal:?}");
                    let kind = kind.split([' ', '(', '{']).next().unwrap_or_default();
                    *refused.borrow_mut().entry(kind.to_owned()).or_default() += 1;
                }
            }
            Ok(())
        })
        .unwrap();
    let refused = refused.into_inner();
    let total = pasted.get() + refused.values().sum::<usize>();
    println!(
        "pasted {} of {total} texts; refused: {refused:?}",
        pasted.get()
    );
    assert!(
        pasted.get() * 4 >= total,
        "too few texts pasted to test the pasting"
    );
    for kind in [
        "NotCards",
        "Damaged",
        "TextTooLong",
        "NotANumber",
        "OffScale",
    ] {
        assert!(refused.contains_key(kind), "no case was refused as {kind}");
    }
}

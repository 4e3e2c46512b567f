//! The layout's promises about overlap: connectors run around cards, never
//! under them, and blueprint-line labels never sit on top of each other,
//! whatever the order of lanes and stages and whichever layers are hidden.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use std::path::Path;

use proptest::prelude::*;
use stagemap::format;
use stagemap::generate::generated_map;
use stagemap::layout::{
    LINE_LABEL_FONT, LINE_LABEL_HEIGHT, LINE_LABEL_SLOT, LayerPreset, Layout, LayoutOptions, Point,
    Rect,
};
use stagemap::model::{BlueprintLine, CardId, Connector, ConnectorId, Direction, Document};
use stagemap::scene::words::line_label;
use stagemap::scene::{Language, TextMeasure};

/// How far inside a card's border a connector may run: rounding, not routing.
const TOLERANCE: f32 = 1.0;

/// Loads an example map shipped in `examples/`.
fn load_example(file_name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(file_name);
    format::load(&path).unwrap_or_else(|error| panic!("{error}"))
}

/// A small deterministic random sequence (xorshift), for shuffles driven by a proptest seed.
struct Shuffler(u64);

impl Shuffler {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// `doc` with its lanes, stages and the steps of each stage in a random order,
/// and `extra` more connectors between random cards (many of them backwards).
fn reordered(mut doc: Document, seed: u64, extra: usize) -> Document {
    let mut random = Shuffler(seed | 1);
    random.shuffle(&mut doc.lanes);
    random.shuffle(&mut doc.stages);
    for stage in &mut doc.stages {
        random.shuffle(&mut stage.steps);
    }
    let cards: Vec<CardId> = doc.cards.iter().map(|c| c.id).collect();
    let mut next_id = doc.connectors.iter().map(|c| c.id.0).max().unwrap_or(0) + 1;
    for _ in 0..extra {
        if cards.len() < 2 {
            break;
        }
        let from = cards[random.below(cards.len())];
        let to = cards[random.below(cards.len())];
        if from == to || doc.connectors.iter().any(|c| (c.from, c.to) == (from, to)) {
            continue;
        }
        doc.connectors.push(Connector {
            id: ConnectorId(next_id),
            from,
            to,
            direction: Direction::OneWay,
            label: String::new(),
        });
        next_id += 1;
    }
    doc
}

/// The segment `a`–`b` passes through the inside of `rect` (Liang–Barsky clipping).
fn crosses_inside(rect: &Rect, a: Point, b: Point) -> bool {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut enter, mut leave) = (0.0_f32, 1.0_f32);
    for (p, q) in [
        (-dx, a.x - rect.min.x),
        (dx, rect.max.x - a.x),
        (-dy, a.y - rect.min.y),
        (dy, rect.max.y - a.y),
    ] {
        if p == 0.0 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                enter = enter.max(t);
            } else {
                leave = leave.min(t);
            }
        }
    }
    enter < leave
}

/// `p` lies on the border of `rect`.
fn on_border(rect: &Rect, p: Point) -> bool {
    let near = |a: f32, b: f32| (a - b).abs() <= 0.01;
    let within_x = (rect.min.x - 0.01..=rect.max.x + 0.01).contains(&p.x);
    let within_y = (rect.min.y - 0.01..=rect.max.y + 0.01).contains(&p.y);
    (within_y && (near(p.x, rect.min.x) || near(p.x, rect.max.x)))
        || (within_x && (near(p.y, rect.min.y) || near(p.y, rect.max.y)))
}

/// Every connector starts and ends on the border of its cards, and no piece
/// of it runs through the inside of any card, its own two included.
fn check_connectors(layout: &Layout) -> Result<(), String> {
    for connector in &layout.connectors {
        let from = layout.card(connector.from).ok_or("start card not shown")?;
        let to = layout.card(connector.to).ok_or("end card not shown")?;
        let (Some(first), Some(last)) = (connector.points.first(), connector.points.last()) else {
            return Err(format!("connector {} has no points", connector.id));
        };
        if !on_border(&from.rect, *first) || !on_border(&to.rect, *last) {
            return Err(format!(
                "connector {} ends at {first:?} and {last:?}, off the borders of {:?} and {:?}",
                connector.id, from.rect, to.rect
            ));
        }
        let bounds = Rect::bounding(&connector.points).ok_or("no bounds")?;
        if connector.bounds != bounds {
            return Err(format!("connector {} has stale bounds", connector.id));
        }
        for pair in connector.points.windows(2) {
            let piece = Rect::bounding(pair).ok_or("no piece")?;
            for index in layout.cards_in(piece) {
                let card = &layout.cards[index];
                if crosses_inside(&card.rect.expand(-TOLERANCE), pair[0], pair[1]) {
                    return Err(format!(
                        "connector {} from card {} to card {} runs under card {} at {:?}–{:?}",
                        connector.id, connector.from, connector.to, card.id, pair[0], pair[1]
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The box a line label is drawn in, its text set `scale` times its size: in
/// its slot, as wide as its text, just above its rule.
fn label_boxes(
    layout: &Layout,
    measure: &TextMeasure,
    language: Language,
    scale: f32,
) -> Vec<Rect> {
    let left = layout.grid().min.x;
    layout
        .lines
        .iter()
        .map(|rule| {
            let size = LINE_LABEL_FONT * scale;
            let width = measure.width(line_label(rule.line, language), size) + 10.0;
            let height = LINE_LABEL_HEIGHT * scale;
            Rect::from_min_size(
                left + rule.label_offset(scale),
                rule.y - height,
                width,
                height,
            )
        })
        .collect()
}

/// No two label boxes of `layout` overlap, in either language, with labels at
/// their size and at the larger sizes a zoomed-out canvas sets them in.
fn check_labels(layout: &Layout, measure: &TextMeasure) -> Result<(), String> {
    for (language, scale) in Language::ALL.into_iter().flat_map(|l| [(l, 1.0), (l, 2.5)]) {
        let boxes = label_boxes(layout, measure, language, scale);
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                // Touching is fine; overlapping is not.
                if a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y
                {
                    return Err(format!("labels collide: {a:?} and {b:?}"));
                }
            }
        }
    }
    Ok(())
}

fn options(layers: LayerPreset) -> LayoutOptions {
    LayoutOptions { layers }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn connectors_of_generated_maps_run_around_cards(
        stages in 1_usize..7,
        lanes in 1_usize..10,
        cards_per_cell in 0_usize..4,
        connectors in 0_usize..40,
        extra in 0_usize..30,
        seed in any::<u64>(),
    ) {
        let doc = reordered(generated_map(stages, lanes, cards_per_cell, connectors), seed, extra);
        for layers in LayerPreset::PRESETS {
            let layout = Layout::compute(&doc, options(layers));
            prop_assert_eq!(check_connectors(&layout), Ok(()));
        }
    }

    #[test]
    fn connectors_of_the_examples_run_around_cards(seed in any::<u64>(), extra in 0_usize..20) {
        for name in ["hotel-stay.stagemap.ron", "ev-owner-journey.stagemap.ron"] {
            let doc = reordered(load_example(name), seed, extra);
            for layers in LayerPreset::PRESETS {
                let layout = Layout::compute(&doc, options(layers));
                prop_assert_eq!(check_connectors(&layout), Ok(()), "{}", name);
            }
        }
    }

    #[test]
    fn line_labels_of_any_lane_order_stay_apart(seed in any::<u64>()) {
        let measure = TextMeasure::bundled();
        let doc = reordered(load_example("ev-owner-journey.stagemap.ron"), seed, 0);
        for layers in LayerPreset::PRESETS {
            let layout = Layout::compute(&doc, options(layers));
            prop_assert_eq!(check_labels(&layout, &measure), Ok(()));
        }
    }
}

#[test]
fn the_examples_in_their_own_order_route_around_cards() {
    for name in [
        "hotel-stay.stagemap.ron",
        "ev-owner-journey.stagemap.ron",
        "template-journey-map.stagemap.ron",
        "template-service-blueprint.stagemap.ron",
    ] {
        let doc = load_example(name);
        let layout = Layout::compute(&doc, LayoutOptions::default());
        assert!(
            !layout.connectors.is_empty() || doc.connectors.is_empty(),
            "{name}"
        );
        assert_eq!(check_connectors(&layout), Ok(()), "{name}");
    }
}

/// Every permutation of `0..n`, in lexicographic order.
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut all = Vec::new();
    for first in 0..n {
        for rest in permutations(n - 1) {
            let mut order = vec![first];
            order.extend(rest.into_iter().map(|i| if i >= first { i + 1 } else { i }));
            all.push(order);
        }
    }
    all
}

#[test]
fn line_labels_of_every_hotel_lane_order_stay_apart() {
    let measure = TextMeasure::bundled();
    let hotel = load_example("hotel-stay.stagemap.ron");
    let mut stacked = 0;
    for order in permutations(hotel.lanes.len()) {
        let mut doc = hotel.clone();
        doc.lanes = order.iter().map(|&i| hotel.lanes[i].clone()).collect();
        for layers in LayerPreset::PRESETS {
            let layout = Layout::compute(&doc, options(layers));
            let names: Vec<&str> = doc.lanes.iter().map(|l| l.name.as_str()).collect();
            assert_eq!(
                check_labels(&layout, &measure),
                Ok(()),
                "{names:?} {layers:?}"
            );
            stacked += usize::from(layout.lines.windows(2).any(|w| w[0].y == w[1].y));
        }
    }
    // The orders that used to stack labels are among those tried.
    assert!(stacked > 0);
}

#[test]
fn a_back_stage_lane_above_the_front_stage_puts_labels_side_by_side() {
    let mut doc = load_example("hotel-stay.stagemap.ron");
    // Physical evidence, Back-stage, Customer, Front-stage, Support.
    let backstage = doc.lanes.remove(3);
    doc.lanes.insert(1, backstage);
    let layout = Layout::compute(&doc, LayoutOptions::default());
    let same_height: Vec<_> = layout
        .lines
        .iter()
        .filter(|rule| rule.y == layout.lines[0].y)
        .collect();
    assert!(same_height.len() >= 2, "{:?}", layout.lines);
    let mut xs: Vec<f32> = same_height
        .iter()
        .map(|rule| rule.label_offset(1.0))
        .collect();
    xs.sort_by(f32::total_cmp);
    for pair in xs.windows(2) {
        assert!(pair[1] - pair[0] >= LINE_LABEL_SLOT, "{xs:?}");
    }
    assert_eq!(check_labels(&layout, &TextMeasure::bundled()), Ok(()));
}

#[test]
fn the_label_slot_holds_the_longest_label() {
    let measure = TextMeasure::bundled();
    for language in Language::ALL {
        for line in [
            BlueprintLine::Interaction,
            BlueprintLine::Visibility,
            BlueprintLine::InternalInteraction,
        ] {
            let width = measure.width(line_label(line, language), LINE_LABEL_FONT) + 10.0;
            assert!(width < LINE_LABEL_SLOT, "{line:?} {language:?}: {width}");
        }
    }
}

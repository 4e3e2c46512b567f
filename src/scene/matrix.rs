//! The impact/effort matrix as one picture: its four quadrants with their
//! names, the two axes with arrows, and each item as a small card (title
//! wrapped in the font chain, its dots) where it was put — or, dashed, where
//! its votes put it while it waits to be dragged. The editor draws this list
//! and the exports print it, like the map's.

use std::collections::HashMap;

use super::{
    Anchor, Builder, Colour, Item, Language, Palette, Placement, Scene, Shows, Stroke, TextMeasure,
    Theme, lane_hue,
};
use crate::decisions::{self, MatrixItem};
use crate::layout::{LINE_HEIGHT, Point, Rect};
use crate::marker::MarkerKinds;
use crate::model::{Document, Quadrant};

/// Width of the picture.
pub const WIDTH: f32 = 960.0;
/// Height of the picture.
pub const HEIGHT: f32 = 720.0;
/// Width of an item's card.
pub const ITEM_WIDTH: f32 = 136.0;
/// Height of an item's card.
pub const ITEM_HEIGHT: f32 = 58.0;
/// Room around the picture.
const MARGIN: f32 = 24.0;
/// Room left of the quadrants for the vertical axis.
const LEFT_BAND: f32 = 36.0;
/// Room above the quadrants for the vertical axis' name.
const TOP_BAND: f32 = 34.0;
/// Room under the quadrants for the horizontal axis and its name.
const BOTTOM_BAND: f32 = 52.0;
/// Space between a quadrant's edge and what is inside it.
const INSET: f32 = 10.0;
/// Size of a quadrant's name.
const QUADRANT_FONT: f32 = 20.0;
/// Lines a quadrant's name may take.
const QUADRANT_NAME_LINES: usize = 2;
/// Size of an axis' name.
const AXIS_FONT: f32 = 16.0;
/// Size of an item's title.
const ITEM_FONT: f32 = 12.5;
/// Padding inside an item's card.
const ITEM_PADDING: f32 = 6.0;
/// Size of an item's dot count.
const DOTS_FONT: f32 = 10.5;
/// Diameter of the dot before an item's count.
const DOT_SIZE: f32 = 9.0;
/// Height of the row that holds an item's dots.
const DOTS_ROW: f32 = 15.0;
/// Space kept between two items' cards moved apart.
const ITEM_GAP: f32 = 6.0;
/// Dash and gap of the outline of an item still waiting to be placed.
const WAITING_DASH: [f32; 2] = [5.0, 3.5];

/// Where the matrix' parts lie in the picture: the one geometry the drawing,
/// the editor's hit tests and its drops share.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MatrixFrame {
    /// The four quadrants together: effort grows to the right, impact upwards.
    pub plot: Rect,
}

impl Default for MatrixFrame {
    fn default() -> Self {
        Self {
            plot: Rect {
                min: Point::new(MARGIN + LEFT_BAND, MARGIN + TOP_BAND),
                max: Point::new(WIDTH - MARGIN, HEIGHT - MARGIN - BOTTOM_BAND),
            },
        }
    }
}

impl MatrixFrame {
    /// The point of the picture at `impact` and `effort` (0–1 each).
    pub fn point_of(&self, impact: f64, effort: f64) -> Point {
        let (impact, effort) = (impact.clamp(0.0, 1.0) as f32, effort.clamp(0.0, 1.0) as f32);
        Point::new(
            self.plot.min.x + effort * self.plot.width(),
            self.plot.max.y - impact * self.plot.height(),
        )
    }

    /// Impact and effort (0–1 each, clamped) at a point of the picture.
    pub fn place_at(&self, point: Point) -> (f64, f64) {
        let effort = (point.x - self.plot.min.x) / self.plot.width();
        let impact = (self.plot.max.y - point.y) / self.plot.height();
        (
            f64::from(impact.clamp(0.0, 1.0)),
            f64::from(effort.clamp(0.0, 1.0)),
        )
    }

    /// A quadrant's area.
    pub fn quadrant_rect(&self, quadrant: Quadrant) -> Rect {
        let middle = self.plot.center();
        let (left, top) = match quadrant {
            Quadrant::QuickWins => (true, true),
            Quadrant::BigBets => (false, true),
            Quadrant::FillIns => (true, false),
            Quadrant::MoneyPits => (false, false),
        };
        let (min_x, max_x) = if left {
            (self.plot.min.x, middle.x)
        } else {
            (middle.x, self.plot.max.x)
        };
        let (min_y, max_y) = if top {
            (self.plot.min.y, middle.y)
        } else {
            (middle.y, self.plot.max.y)
        };
        Rect {
            min: Point::new(min_x, min_y),
            max: Point::new(max_x, max_y),
        }
    }

    /// Where items of a quadrant may lie: inside it, below its name.
    fn item_room(&self, quadrant: Quadrant) -> Rect {
        let area = self.quadrant_rect(quadrant);
        let name = QUADRANT_FONT * LINE_HEIGHT * QUADRANT_NAME_LINES as f32;
        Rect {
            min: Point::new(area.min.x + INSET, area.min.y + INSET + name),
            max: Point::new(area.max.x - INSET, area.max.y - INSET),
        }
    }

    /// The cards of `items`, in their order: each where [`Self::item_rect`]
    /// puts it, or — when that covers a card laid out before it — at the
    /// nearest free slot of its quadrant's grid. The items
    /// dragged into place are laid out first, so the waiting ones make room.
    pub fn item_rects(&self, items: &[MatrixItem]) -> Vec<Rect> {
        let mut rects: Vec<Option<Rect>> = vec![None; items.len()];
        let order = (items.iter().enumerate().filter(|(_, item)| item.placed))
            .chain(items.iter().enumerate().filter(|(_, item)| !item.placed));
        for (index, item) in order {
            let wanted = self.item_rect(item);
            let taken: Vec<Rect> = rects.iter().flatten().copied().collect();
            let free = |rect: &Rect| {
                !taken
                    .iter()
                    .any(|other| other.expand(ITEM_GAP / 2.0).overlaps(rect))
            };
            // The wanted place, else the free slot of the quadrant's grid
            // nearest to it (slots never cover one another). An item still
            // waiting to be dragged may take a slot of another quadrant when
            // its own is full; a placed one stays in its quadrant.
            let own = item.quadrant();
            let mut slots: Vec<(bool, Rect)> = Quadrant::ALL
                .into_iter()
                .filter(|quadrant| *quadrant == own || !item.placed)
                .flat_map(|quadrant| {
                    self.slots(quadrant)
                        .into_iter()
                        .map(move |slot| (quadrant != own, slot))
                })
                .collect();
            let distance = |rect: &Rect| {
                (rect.min.x - wanted.min.x).powi(2) + (rect.min.y - wanted.min.y).powi(2)
            };
            slots.sort_by(|(a_away, a), (b_away, b)| {
                a_away.cmp(b_away).then(distance(a).total_cmp(&distance(b)))
            });
            let slots = slots.into_iter().map(|(_, slot)| slot);
            let spot = std::iter::once(wanted).chain(slots).find(|rect| free(rect));
            rects[index] = Some(spot.unwrap_or(wanted));
        }
        rects.into_iter().flatten().collect()
    }

    /// The places of a grid of cards in a quadrant, row by row, that never
    /// cover one another.
    fn slots(&self, quadrant: Quadrant) -> Vec<Rect> {
        let room = self.item_room(quadrant);
        let (step_x, step_y) = (ITEM_WIDTH + ITEM_GAP, ITEM_HEIGHT + ITEM_GAP);
        let columns = ((room.width() + ITEM_GAP) / step_x).floor().max(1.0) as usize;
        let rows = ((room.height() + ITEM_GAP) / step_y).floor().max(1.0) as usize;
        (0..rows)
            .flat_map(|row| (0..columns).map(move |column| (column, row)))
            .map(|(column, row)| {
                Rect::from_min_size(
                    room.min.x + column as f32 * step_x,
                    room.min.y + row as f32 * step_y,
                    ITEM_WIDTH,
                    ITEM_HEIGHT,
                )
            })
            .collect()
    }

    /// An item's card: centred on its place, moved just enough to lie whole
    /// in its quadrant, below the quadrant's name.
    pub fn item_rect(&self, item: &MatrixItem) -> Rect {
        let at = self.point_of(item.impact, item.effort);
        let room = self.item_room(item.quadrant());
        let inside = |centre: f32, low: f32, high: f32, size: f32| {
            (centre - size / 2.0).clamp(low, (high - size).max(low))
        };
        let x = inside(at.x, room.min.x, room.max.x, ITEM_WIDTH);
        let y = inside(at.y, room.min.y, room.max.y, ITEM_HEIGHT);
        Rect::from_min_size(x, y, ITEM_WIDTH, ITEM_HEIGHT)
    }
}

/// The matrix of `doc` as a display list, its own words in `language`, in
/// the colours of `theme`; items are tagged [`Shows::MatrixItem`], quadrants
/// [`Shows::MatrixQuadrant`] and the axes [`Shows::MatrixAxis`].
pub fn build(doc: &Document, language: Language, theme: Theme, measure: &TextMeasure) -> Scene {
    let palette = Palette::new(theme);
    let mut no_pictures = HashMap::new();
    let mut builder = Builder {
        items: Vec::new(),
        shows: Vec::new(),
        now: Shows::MatrixAxis,
        offset: Point::default(),
        measure,
        palette,
        language,
        marker_kinds: MarkerKinds::ALL,
        text_scale: 1.0,
        picture_folder: None,
        pictures: &mut no_pictures,
    };
    let frame = MatrixFrame::default();
    builder.quadrants(doc, &frame);
    builder.axes(doc, &frame);
    let voted = decisions::latest_closed_round(doc).is_some();
    let items = decisions::matrix_items(doc);
    for (item, rect) in items.iter().zip(frame.item_rects(&items)) {
        builder.matrix_item(doc, item, rect, voted);
    }
    Scene {
        width: WIDTH,
        height: HEIGHT,
        background: palette.background,
        items: builder.items,
        shows: builder.shows,
    }
}

impl Builder<'_> {
    /// The four quadrants: a tinted area each, its name in its top-left corner.
    fn quadrants(&mut self, doc: &Document, frame: &MatrixFrame) {
        for quadrant in Quadrant::ALL {
            self.now = Shows::MatrixQuadrant(quadrant.index());
            let hue = match quadrant {
                Quadrant::QuickWins => self.palette.positive,
                Quadrant::BigBets => self.palette.star,
                Quadrant::FillIns => self.palette.neutral,
                Quadrant::MoneyPits => self.palette.danger,
            };
            let fill = self.palette.lane_band(hue);
            let area = frame.quadrant_rect(quadrant);
            self.fill(
                area,
                0.0,
                fill,
                Some(Stroke {
                    width: 1.0,
                    colour: self.palette.grid_line,
                }),
            );
            let name = decisions::quadrant_name(doc, quadrant, self.language);
            let room = Rect {
                min: Point::new(area.min.x + INSET, area.min.y + INSET / 2.0),
                max: Point::new(area.max.x - INSET, area.max.y),
            };
            let lines = self
                .measure
                .wrap(&name, QUADRANT_FONT, room.width(), QUADRANT_NAME_LINES);
            let colour = self.palette.text_on(fill);
            self.lines_in(
                lines,
                room,
                QUADRANT_FONT,
                colour,
                Anchor::Start,
                Placement::Top,
            );
        }
    }

    /// The axes: impact up the left side, effort along the bottom, each an
    /// arrow with its name at the arrow's head.
    fn axes(&mut self, doc: &Document, frame: &MatrixFrame) {
        self.now = Shows::MatrixAxis;
        let (impact, effort) = decisions::axis_names(doc, self.language);
        let stroke = Stroke {
            width: 2.0,
            colour: self.palette.blueprint_line,
        };
        let plot = frame.plot;
        let x = plot.min.x - LEFT_BAND / 2.0;
        let y = plot.max.y + INSET + 4.0;
        for tip in [
            Point::new(x, plot.min.y - 8.0),
            Point::new(plot.max.x + 8.0, y),
        ] {
            let arrow = [Point::new(x, y), tip];
            self.line(arrow[0], arrow[1], stroke, None);
            self.arrow_head(&arrow, stroke.colour);
        }
        let colour = self.palette.header_text;
        let above = Rect {
            min: Point::new(x - LEFT_BAND / 2.0, MARGIN - 4.0),
            max: Point::new(plot.max.x, plot.min.y - 10.0),
        };
        let lines = self.measure.wrap(&impact, AXIS_FONT, above.width(), 1);
        self.lines_in(
            lines,
            above,
            AXIS_FONT,
            colour,
            Anchor::Start,
            Placement::Centred,
        );
        let below = Rect {
            min: Point::new(plot.min.x, y + 6.0),
            max: Point::new(plot.max.x + 8.0, HEIGHT - MARGIN + 6.0),
        };
        let lines = self.measure.wrap(&effort, AXIS_FONT, below.width(), 1);
        let width = lines
            .iter()
            .map(|line| self.measure.width(line, AXIS_FONT))
            .fold(0.0, f32::max);
        let right = Rect {
            min: Point::new(below.max.x - width, below.min.y),
            ..below
        };
        self.lines_in(
            lines,
            right,
            AXIS_FONT,
            colour,
            Anchor::Start,
            Placement::Centred,
        );
    }

    /// One item: a card in its lane's colours with its title, and its dots
    /// when a round was counted; dashed while it waits to be dragged.
    fn matrix_item(&mut self, doc: &Document, item: &MatrixItem, rect: Rect, voted: bool) {
        let Some(card) = doc.card(item.card) else {
            return;
        };
        self.now = Shows::MatrixItem(item.card);
        let hue = doc
            .lane(card.lane)
            .map_or(self.palette.neutral, |lane| lane_hue(&lane.kind));
        let fill = card
            .colour
            .as_deref()
            .and_then(Colour::parse_hex)
            .unwrap_or_else(|| self.palette.card_fill(hue));
        let outline = Stroke {
            width: 1.5,
            colour: hue,
        };
        if item.placed {
            self.fill(rect, 6.0, fill, Some(outline));
        } else {
            self.fill(rect, 6.0, fill, None);
            let corners = vec![
                rect.min,
                Point::new(rect.max.x, rect.min.y),
                rect.max,
                Point::new(rect.min.x, rect.max.y),
                rect.min,
            ];
            self.push(Item::Polyline {
                points: corners,
                stroke: outline,
                dash: Some(WAITING_DASH),
            });
        }
        let colour = self.palette.text_on(fill);
        let dots_row = if voted { DOTS_ROW } else { 0.0 };
        let title = Rect {
            min: Point::new(rect.min.x + ITEM_PADDING, rect.min.y + ITEM_PADDING),
            max: Point::new(
                rect.max.x - ITEM_PADDING,
                rect.max.y - ITEM_PADDING - dots_row,
            ),
        };
        let lines = self
            .measure
            .wrap_in_box(&card.title, ITEM_FONT, title.width(), title.height());
        self.lines_in(
            lines,
            title,
            ITEM_FONT,
            colour,
            Anchor::Start,
            Placement::Top,
        );
        if voted {
            let row_middle = rect.max.y - ITEM_PADDING - DOTS_ROW / 2.0;
            let dot_x = rect.min.x + ITEM_PADDING + DOT_SIZE / 2.0;
            self.push(Item::Circle {
                center: Point::new(dot_x, row_middle),
                radius: DOT_SIZE / 2.0,
                fill: Some(colour),
                stroke: None,
            });
            let count = Rect {
                min: Point::new(dot_x + DOT_SIZE, row_middle - DOTS_ROW / 2.0),
                max: Point::new(rect.max.x - ITEM_PADDING, row_middle + DOTS_ROW / 2.0),
            };
            self.text_in(
                &dots_text(item.dots, self.language),
                count,
                DOTS_FONT,
                colour,
                Anchor::Start,
            );
        }
    }
}

fn dots_text(dots: usize, language: Language) -> String {
    match language {
        Language::English if dots == 1 => "1 dot".to_owned(),
        Language::English => format!("{dots} dots"),
        Language::SimplifiedChinese | Language::TraditionalChinese => format!("{dots} 票"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Card, CardId, Lane, LaneId, LaneKind, Placement as Place, Stage, StageId, Step, StepId,
    };

    /// A map with four opportunities, one dragged into each quadrant's far
    /// corner, and one long Chinese title left waiting.
    fn map() -> Document {
        let mut doc = Document::new("矩阵");
        doc.stages.push(Stage {
            id: StageId(1),
            name: "阶段".into(),
            steps: vec![Step {
                id: StepId(1),
                name: "步骤".into(),
            }],
        });
        doc.lanes.push(Lane {
            id: LaneId(1),
            name: "机会".into(),
            kind: LaneKind::Opportunity,
        });
        let titles = [
            "充电桩实时空闲状态",
            "预约上门取送车服务覆盖全部城市",
            "夜间充电优惠",
            "自建超充站",
            "把所有门店的售后服务流程全部重新设计并且统一培训每一位员工以提升一致性",
        ];
        for (id, title) in (1..).zip(titles) {
            doc.cards.push(Card {
                id: CardId(id),
                step: StepId(1),
                lane: LaneId(1),
                title: title.into(),
                ..Card::default()
            });
        }
        for (card, impact, effort) in [(1, 1.0, 0.0), (2, 1.0, 1.0), (3, 0.0, 0.0), (4, 0.0, 1.0)] {
            doc.decisions.matrix.placed.push(Place {
                card: CardId(card),
                impact,
                effort,
            });
        }
        doc
    }

    fn items_of(scene: &Scene, card: CardId) -> Vec<&Item> {
        scene
            .tagged()
            .filter(|(shows, _)| *shows == Shows::MatrixItem(card))
            .map(|(_, item)| item)
            .collect()
    }

    #[test]
    fn each_item_lies_whole_in_its_quadrant_and_its_title_inside_its_card() {
        let doc = map();
        let measure = TextMeasure::bundled();
        let scene = build(&doc, Language::SimplifiedChinese, Theme::Light, &measure);
        let frame = MatrixFrame::default();
        for item in decisions::matrix_items(&doc) {
            let quadrant = frame.quadrant_rect(item.quadrant());
            let items = items_of(&scene, item.card);
            let card = items
                .iter()
                .find_map(|i| match i {
                    Item::Rect { rect, .. } => Some(*rect),
                    _ => None,
                })
                .expect("a card");
            assert!(
                quadrant.contains(card.min) && quadrant.contains(card.max),
                "{:?} at {card:?} outside {quadrant:?}",
                item.card
            );
            for text in items.iter().filter(|i| matches!(i, Item::Text(_))) {
                let bounds = text.bounds(&measure);
                assert!(
                    card.contains(bounds.min) && card.contains(bounds.max),
                    "{:?}: text {bounds:?} outside its card {card:?}",
                    item.card
                );
            }
        }
    }

    #[test]
    fn waiting_items_of_a_crowded_matrix_never_cover_one_another() {
        // The EV example's opportunities and pain points after a round on the
        // pain points: a dozen cards wait, most of them with no dot at all.
        let mut doc = crate::samples::template("ev-owner-journey")
            .unwrap()
            .document()
            .unwrap();
        doc.decisions.matrix.include_pain = true;
        let pains: Vec<CardId> = crate::model::Ballot::PainPoints.options(&doc);
        doc.decisions.rounds.push(crate::model::VotingRound {
            id: crate::model::RoundId(1),
            question: String::new(),
            ballot: crate::model::Ballot::PainPoints,
            participants: vec![crate::model::Participant {
                id: crate::model::ParticipantId(1),
                name: String::new(),
                group: String::new(),
                colour: 0,
            }],
            budget: 12,
            stacking: true,
            votes: [4, 7, 9, 4, 7, 9, 4, 7, 9, 0, 2, 3]
                .iter()
                .map(|&at| crate::model::Vote {
                    participant: crate::model::ParticipantId(1),
                    card: pains[at],
                })
                .collect(),
            closed: Some(jiff::Timestamp::UNIX_EPOCH),
        });
        let items = decisions::matrix_items(&doc);
        assert!(items.len() >= 15, "{}", items.len());
        let rects = MatrixFrame::default().item_rects(&items);
        for (a, first) in rects.iter().enumerate() {
            for second in &rects[a + 1..] {
                assert!(!first.overlaps(second), "{first:?} covers {second:?}");
            }
        }
    }

    #[test]
    fn the_quadrants_are_named_where_impact_and_effort_put_them() {
        let doc = map();
        let scene = build(
            &doc,
            Language::SimplifiedChinese,
            Theme::Light,
            &TextMeasure::bundled(),
        );
        let frame = MatrixFrame::default();
        let named = |name: &str| {
            scene
                .tagged()
                .find_map(|(shows, item)| match (shows, item) {
                    (Shows::MatrixQuadrant(index), Item::Text(run))
                        if run.lines.join("") == name =>
                    {
                        Some((index, Point::new(run.x, run.baseline)))
                    }
                    _ => None,
                })
                .unwrap_or_else(|| panic!("no quadrant named {name}"))
        };
        for (name, quadrant) in [
            ("速赢", Quadrant::QuickWins),
            ("重大投入", Quadrant::BigBets),
            ("填充", Quadrant::FillIns),
            ("不值得", Quadrant::MoneyPits),
        ] {
            let (index, at) = named(name);
            assert_eq!(index, quadrant.index());
            assert!(frame.quadrant_rect(quadrant).contains(at), "{name}");
        }
        let top_left = frame.quadrant_rect(Quadrant::QuickWins);
        assert!(top_left.max.x <= frame.plot.center().x && top_left.max.y <= frame.plot.center().y);
        let lines: Vec<&str> = scene.text_lines().collect();
        assert!(
            lines.contains(&"影响") && lines.contains(&"投入"),
            "{lines:?}"
        );
        assert!(lines.contains(&"夜间充电优惠"), "{lines:?}");
    }

    #[test]
    fn an_item_not_yet_dragged_is_dashed_and_a_placed_one_is_not() {
        let doc = map();
        let scene = build(
            &doc,
            Language::English,
            Theme::Dark,
            &TextMeasure::bundled(),
        );
        let dashed = |card: u64| {
            items_of(&scene, CardId(card))
                .iter()
                .any(|item| matches!(item, Item::Polyline { dash: Some(_), .. }))
        };
        assert!(dashed(5));
        assert!(!dashed(1));
    }

    #[test]
    fn an_item_shows_its_dots_once_a_round_is_counted() {
        use crate::model::{Ballot, Participant, ParticipantId, RoundId, Vote, VotingRound};
        let mut doc = map();
        let voters = [1, 2].map(|id| Participant {
            id: ParticipantId(id),
            name: String::new(),
            group: String::new(),
            colour: 0,
        });
        let measure = TextMeasure::bundled();
        let lines = |doc: &Document| -> Vec<String> {
            build(doc, Language::SimplifiedChinese, Theme::Light, &measure)
                .text_lines()
                .map(str::to_owned)
                .collect()
        };
        assert!(!lines(&doc).iter().any(|line| line.ends_with('票')));
        doc.decisions.rounds.push(VotingRound {
            id: RoundId(1),
            question: String::new(),
            ballot: Ballot::Opportunities,
            participants: voters.to_vec(),
            budget: 3,
            stacking: false,
            votes: [1, 2]
                .map(|voter| Vote {
                    participant: ParticipantId(voter),
                    card: CardId(3),
                })
                .to_vec(),
            closed: Some(jiff::Timestamp::UNIX_EPOCH),
        });
        let lines = lines(&doc);
        assert!(lines.contains(&"2 票".to_owned()), "{lines:?}");
        assert_eq!(
            lines.iter().filter(|line| line.as_str() == "0 票").count(),
            4
        );
    }

    #[test]
    fn a_place_and_its_point_convert_both_ways() {
        let frame = MatrixFrame::default();
        for (impact, effort) in [(0.0, 0.0), (0.25, 0.8), (1.0, 1.0)] {
            let (back_impact, back_effort) = frame.place_at(frame.point_of(impact, effort));
            assert!((back_impact - impact).abs() < 1e-5 && (back_effort - effort).abs() < 1e-5);
        }
        assert_eq!(frame.place_at(Point::new(-100.0, -100.0)), (1.0, 0.0));
    }
}

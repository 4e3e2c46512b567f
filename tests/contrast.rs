//! A map shown to a room reads for everyone: every text run of a scene (card
//! titles, lane headers, badges, line and connector labels, the emotion
//! lane's words) keeps WCAG AA contrast (4.5:1) against what it is drawn on,
//! in both themes, for every lane kind and for cards coloured by the user;
//! every lane header writes the lane's name; and the blueprint lanes' hues
//! stay apart for viewers with protanopia or deuteranopia.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use std::collections::{BTreeMap, BTreeSet};

use stagemap::edit::{CardField, Session, ops};
use stagemap::layout::Point;
use stagemap::model::{Action, ActionId, ActionStatus, CardId, Direction, Document, LaneKind};
use stagemap::scene::colour::{AA_TEXT, contrast_ratio};
use stagemap::scene::matrix;
use stagemap::scene::{
    Anchor, Colour, Item, Language, Scene, SceneOptions, Shows, TextMeasure, TextRun, Theme,
    TitleBlock, lane_hue,
};

#[path = "support/examples.rs"]
mod examples;

/// Card colours a user may pick: bright yellow, deep indigo, and mid tones
/// where neither dark text nor white reaches 4.5:1.
const USER_COLOURS: [&str; 5] = ["#ffeb3b", "#1a237e", "#959595", "#ff5c5c", "#00a0a0"];

/// A map with a lane of every kind (and one of a kind this version does not
/// know), a card in each lane carrying every marker, scores above, at and
/// below neutral, cards in the user's colours and a labelled connector.
fn every_kind_map() -> Document {
    let mut session = Session::unsaved(Document::new("Every lane kind"));
    session.run(|d| ops::add_stage(d, 0, "Arrive")).unwrap();
    let stage = session.doc().stages[0].id;
    session.run(|d| ops::add_step(d, stage, 1, "Stay")).unwrap();
    let mut kinds = LaneKind::KNOWN.to_vec();
    kinds.push(LaneKind::Unknown("ritual".to_owned()));
    for (index, kind) in kinds.iter().enumerate() {
        let name = format!("{} lane", kind.as_str());
        session
            .run(|d| ops::add_lane(d, index, &name, kind.clone()))
            .unwrap();
    }
    let steps: Vec<_> = session.doc().columns().map(|(_, step)| step.id).collect();
    let lanes: Vec<_> = session.doc().lanes.iter().map(|lane| lane.id).collect();
    let add = |session: &mut Session, step, lane, title: &str, fields: Vec<CardField>| {
        let (command, card) = ops::add_card(session.doc(), step, lane, usize::MAX, title);
        session.execute(command).unwrap();
        for field in fields {
            session.execute(ops::set_card_field(card, field)).unwrap();
        }
        card
    };
    let mut first: Vec<CardId> = Vec::new();
    let mut rested: Vec<CardId> = Vec::new();
    for (row, lane) in lanes.iter().enumerate() {
        let score = [1.0, -1.5, 0.0][row % 3];
        first.push(add(
            &mut session,
            steps[0],
            *lane,
            "Checks in at the desk",
            vec![
                CardField::MomentOfTruth(true),
                CardField::Pain(true),
                CardField::Fail(true),
                CardField::Wait(Some(15)),
                CardField::Emotion(Some(score)),
            ],
        ));
        rested.push(add(
            &mut session,
            steps[1],
            *lane,
            "Sleeps",
            vec![CardField::Emotion(Some(-score))],
        ));
    }
    for hex in USER_COLOURS {
        add(
            &mut session,
            steps[1],
            lanes[0],
            &format!("Coloured {hex}"),
            vec![
                CardField::Colour(Some(hex.to_owned())),
                CardField::Wait(Some(5)),
                CardField::Emotion(Some(2.0)),
            ],
        );
    }
    let (from, to) = (first[1], first[3]);
    session
        .run(|d| ops::connect(d, from, to, Direction::OneWay).unwrap())
        .unwrap();
    let mut doc = session.doc().clone();
    doc.connectors[0].label = "hands over".to_owned();
    // The actions marker with its count, open and done.
    for (id, (card, status)) in (1..).zip([
        (rested[0], ActionStatus::ToDo),
        (rested[0], ActionStatus::Doing),
        (rested[1], ActionStatus::Done),
        (rested[1], ActionStatus::Done),
    ]) {
        doc.decisions.actions.push(Action {
            id: ActionId(id),
            what: "Shorter queue".to_owned(),
            owner: String::new(),
            due: None,
            status,
            cards: vec![card],
            steps: vec![],
        });
    }
    doc
}

/// Scene options that draw every text the scene can write.
fn everything(theme: Theme) -> SceneOptions {
    SceneOptions {
        theme,
        title_block: Some(TitleBlock {
            date: "2026-05-04".to_owned(),
        }),
        markers: true,
        emotion_curves: true,
        critical_path: true,
        ..SceneOptions::default()
    }
}

/// The maps checked: the one with every lane kind and every example.
fn maps() -> Vec<(String, Document)> {
    let mut maps = vec![("every lane kind".to_owned(), every_kind_map())];
    for path in examples::example_maps() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        maps.push((name.clone(), examples::example(&name)));
    }
    maps
}

fn hex(colour: Colour) -> String {
    format!("#{:02x}{:02x}{:02x}", colour.r, colour.g, colour.b)
}

/// `over` laid on the opaque `under` by its alpha, as every renderer blends.
fn blend(over: Colour, under: Colour) -> Colour {
    under.mix(Colour { a: 255, ..over }, f32::from(over.a) / 255.0)
}

/// Whether `p` lies inside the convex or star-shaped polygon `points` (even-odd rule).
fn in_polygon(points: &[Point], p: Point) -> bool {
    let mut inside = false;
    let mut j = points.len().wrapping_sub(1);
    for (i, a) in points.iter().enumerate() {
        let b = points[j];
        if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// A point in the middle of the first line's first letters.
fn probe(run: &TextRun) -> Point {
    let x = match run.anchor {
        Anchor::Start => run.x + 0.3 * run.size,
        Anchor::Middle => run.x,
    };
    Point::new(x, run.baseline - 0.35 * run.size)
}

/// What the items before `index` paint at `p`, translucent fills blended
/// over what lies beneath; `None` when a picture lies there.
fn backdrop(scene: &Scene, index: usize, p: Point) -> Option<Colour> {
    let mut layers = Vec::new();
    for item in scene.items[..index].iter().rev() {
        let fill = match item {
            Item::Rect {
                rect,
                fill: Some(fill),
                ..
            } if rect.contains(p) => *fill,
            Item::Circle {
                center,
                radius,
                fill: Some(fill),
                ..
            } if (center.x - p.x).hypot(center.y - p.y) <= *radius => *fill,
            Item::Polygon { points, fill } if in_polygon(points, p) => *fill,
            Item::Image { rect, .. } if rect.contains(p) => return None,
            _ => continue,
        };
        layers.push(fill);
        if fill.a == 255 {
            break;
        }
    }
    Some(
        layers
            .iter()
            .rev()
            .fold(scene.background, |under, over| blend(*over, under)),
    )
}

/// What an item shows, without the card or lane it belongs to.
fn role(shows: Shows) -> String {
    let debug = format!("{shows:?}");
    debug
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn every_text_of_every_scene_reads_at_aa_in_both_themes() {
    let measure = TextMeasure::bundled();
    let mut failures: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut roles = BTreeSet::new();
    for theme in [Theme::Light, Theme::Dark] {
        let mut least: Option<(f64, String)> = None;
        let mut checked = 0;
        for (name, doc) in maps() {
            // The map, and its impact/effort matrix with the pain points on it.
            let mut with_pain = doc.clone();
            with_pain.decisions.matrix.include_pain = true;
            let scenes = [
                Scene::build(&doc, &everything(theme), &measure),
                matrix::build(&with_pain, Language::SimplifiedChinese, theme, &measure),
            ];
            for scene in &scenes {
                for (index, (shows, item)) in scene.tagged().enumerate() {
                    let Item::Text(run) = item else {
                        continue;
                    };
                    let Some(back) = backdrop(scene, index, probe(run)) else {
                        continue;
                    };
                    let text = blend(run.colour, back);
                    let ratio = contrast_ratio(text, back);
                    let what = format!("{theme:?} {}: {} on {}", role(shows), hex(text), hex(back));
                    checked += 1;
                    roles.insert(role(shows));
                    if least.as_ref().is_none_or(|(r, _)| ratio < *r) {
                        least = Some((ratio, what.clone()));
                    }
                    if ratio < AA_TEXT {
                        let example = format!("{ratio:.2}:1, e.g. {:?} in {name}", run.lines);
                        failures.entry(what).or_insert((example, 0)).1 += 1;
                    }
                }
            }
        }
        let (ratio, what) = least.unwrap();
        println!("{theme:?}: {checked} text runs, least contrast {ratio:.2}:1 ({what})");
    }
    for needed in [
        "TitleBlock",
        "StageHeader",
        "StepHeader",
        "LaneHeader",
        "CardTitle",
        "CardMarkers",
        "ConnectorLabel",
        "CurvePoint",
        "EmotionScale",
        "LineLabel",
        "MatrixQuadrant",
        "MatrixAxis",
        "MatrixItem",
    ] {
        assert!(roles.contains(needed), "no text checked for {needed}");
    }
    let report: Vec<String> = failures
        .iter()
        .map(|(what, (example, count))| format!("{what}: {example} ({count} runs)"))
        .collect();
    assert!(
        report.is_empty(),
        "text below {AA_TEXT}:1:\n{}",
        report.join("\n")
    );
}

#[test]
fn every_lane_header_writes_the_lanes_name_on_its_hue() {
    let doc = every_kind_map();
    let measure = TextMeasure::bundled();
    for theme in [Theme::Light, Theme::Dark] {
        let scene = Scene::build(&doc, &everything(theme), &measure);
        for (lane_index, lane) in doc.lanes.iter().enumerate() {
            let written = scene
                .tagged()
                .enumerate()
                .find_map(|(index, (shows, item))| match (shows, item) {
                    (Shows::LaneHeader(i), Item::Text(run)) if i == lane_index => {
                        Some((run.lines.join(" "), backdrop(&scene, index, probe(run))))
                    }
                    _ => None,
                });
            let (text, back) =
                written.unwrap_or_else(|| panic!("{theme:?}: {} unnamed", lane.name));
            assert_eq!(text, lane.name, "{theme:?}");
            assert_eq!(back, Some(lane_hue(&lane.kind)), "{theme:?} {}", lane.name);
        }
    }
}

// Colour-vision deficiency.

/// Machado, Oliveira and Fernandes (2009), "A Physiologically-based Model for
/// Simulation of Color Vision Deficiency", severity 1.0: linear RGB to linear RGB.
const PROTANOPIA: [[f64; 3]; 3] = [
    [0.152_286, 1.052_583, -0.204_868],
    [0.114_503, 0.786_281, 0.099_216],
    [-0.003_882, -0.048_116, 1.051_998],
];
/// As [`PROTANOPIA`], for deuteranopia.
const DEUTERANOPIA: [[f64; 3]; 3] = [
    [0.367_322, 0.860_646, -0.227_968],
    [0.280_085, 0.672_501, 0.047_413],
    [-0.011_820, 0.042_940, 0.968_881],
];
/// Normal vision.
const NORMAL: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

/// The blueprint's lanes, top to bottom.
const BLUEPRINT: [LaneKind; 6] = [
    LaneKind::Evidence,
    LaneKind::Customer,
    LaneKind::Touchpoint,
    LaneKind::Frontstage,
    LaneKind::Backstage,
    LaneKind::Support,
];

/// The least CIEDE2000 difference two blueprint lanes' hues keep in every
/// vision simulated. About 1 is the smallest difference seen side by side;
/// under 5 two lane colours pass for one at a glance across a room.
const LEAST_BLUEPRINT_DIFFERENCE: f64 = 7.5;

fn linear(channel: u8) -> f64 {
    let c = f64::from(channel) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// CIELAB (D65) of `colour` as seen through `vision`.
fn lab(colour: Colour, vision: &[[f64; 3]; 3]) -> [f64; 3] {
    let rgb = [linear(colour.r), linear(colour.g), linear(colour.b)];
    let [r, g, b] =
        vision.map(|row| (row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]).clamp(0.0, 1.0));
    let x = (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175_0 * b;
    let z = (0.019_333_9 * r + 0.119_192 * g + 0.950_304_1 * b) / 1.088_83;
    let f = |t: f64| {
        let delta: f64 = 6.0 / 29.0;
        if t > delta.powi(3) {
            t.cbrt()
        } else {
            t / (3.0 * delta * delta) + 4.0 / 29.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// The CIEDE2000 colour difference (Sharma, Wu and Dalal, 2005).
fn delta_e_2000([l1, a1, b1]: [f64; 3], [l2, a2, b2]: [f64; 3]) -> f64 {
    let pow7 = |c: f64| c.powi(7);
    let c_bar = (a1.hypot(b1) + a2.hypot(b2)) / 2.0;
    let g = 0.5 * (1.0 - (pow7(c_bar) / (pow7(c_bar) + pow7(25.0))).sqrt());
    let (a1, a2) = ((1.0 + g) * a1, (1.0 + g) * a2);
    let (c1, c2) = (a1.hypot(b1), a2.hypot(b2));
    let hue = |b: f64, a: f64| {
        if a == 0.0 && b == 0.0 {
            0.0
        } else {
            b.atan2(a).to_degrees().rem_euclid(360.0)
        }
    };
    let (h1, h2) = (hue(b1, a1), hue(b2, a2));
    let dl = l2 - l1;
    let dc = c2 - c1;
    let dh = if c1 * c2 == 0.0 {
        0.0
    } else if (h2 - h1).abs() <= 180.0 {
        h2 - h1
    } else if h2 - h1 > 180.0 {
        h2 - h1 - 360.0
    } else {
        h2 - h1 + 360.0
    };
    let dh = 2.0 * (c1 * c2).sqrt() * (dh / 2.0).to_radians().sin();
    let l_bar = (l1 + l2) / 2.0;
    let c_bar = (c1 + c2) / 2.0;
    let h_bar = if c1 * c2 == 0.0 {
        h1 + h2
    } else if (h1 - h2).abs() <= 180.0 {
        (h1 + h2) / 2.0
    } else if h1 + h2 < 360.0 {
        (h1 + h2 + 360.0) / 2.0
    } else {
        (h1 + h2 - 360.0) / 2.0
    };
    let cos = |degrees: f64| degrees.to_radians().cos();
    let t =
        1.0 - 0.17 * cos(h_bar - 30.0) + 0.24 * cos(2.0 * h_bar) + 0.32 * cos(3.0 * h_bar + 6.0)
            - 0.20 * cos(4.0 * h_bar - 63.0);
    let d_theta = 30.0 * (-((h_bar - 275.0) / 25.0).powi(2)).exp();
    let r_c = 2.0 * (pow7(c_bar) / (pow7(c_bar) + pow7(25.0))).sqrt();
    let s_l = 1.0 + 0.015 * (l_bar - 50.0).powi(2) / (20.0 + (l_bar - 50.0).powi(2)).sqrt();
    let s_c = 1.0 + 0.045 * c_bar;
    let s_h = 1.0 + 0.015 * c_bar * t;
    let r_t = -(2.0 * d_theta).to_radians().sin() * r_c;
    ((dl / s_l).powi(2) + (dc / s_c).powi(2) + (dh / s_h).powi(2) + r_t * (dc / s_c) * (dh / s_h))
        .sqrt()
}

#[test]
fn the_colour_difference_matches_published_values() {
    // Pairs 1, 7, 17 and 25 of Sharma, Wu and Dalal's test data.
    for (a, b, expected) in [
        ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
        ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
        ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
        (
            [60.2574, -34.0099, 36.2677],
            [60.4626, -34.1751, 39.4387],
            1.2644,
        ),
    ] {
        let got = delta_e_2000(a, b);
        assert!((got - expected).abs() < 1e-4, "{a:?} {b:?}: {got}");
        assert!((delta_e_2000(b, a) - expected).abs() < 1e-4);
    }
    // White is L 100 and neutral; a grey stays grey in every simulation.
    let white = lab(Colour::WHITE, &NORMAL);
    assert!((white[0] - 100.0).abs() < 1e-3 && white[1].abs() < 1e-2 && white[2].abs() < 1e-2);
    for vision in [&PROTANOPIA, &DEUTERANOPIA] {
        let grey = Colour::rgb(0x80, 0x80, 0x80);
        assert!(delta_e_2000(lab(grey, vision), lab(grey, &NORMAL)) < 0.5);
    }
    // Red and green, told apart at once with normal vision, nearly merge.
    let (red, green) = (Colour::rgb(0xd0, 0x30, 0x30), Colour::rgb(0x50, 0x90, 0x30));
    assert!(delta_e_2000(lab(red, &NORMAL), lab(green, &NORMAL)) > 50.0);
    assert!(delta_e_2000(lab(red, &DEUTERANOPIA), lab(green, &DEUTERANOPIA)) < 15.0);
}

#[test]
fn the_blueprint_lanes_stay_apart_with_protanopia_and_deuteranopia() {
    let visions = [
        ("normal", &NORMAL),
        ("protanopia", &PROTANOPIA),
        ("deuteranopia", &DEUTERANOPIA),
    ];
    let difference = |a: &LaneKind, b: &LaneKind, vision| {
        delta_e_2000(lab(lane_hue(a), vision), lab(lane_hue(b), vision))
    };
    let mut too_close = Vec::new();
    for (name, vision) in visions {
        let mut pairs: Vec<(f64, String)> = Vec::new();
        for (i, a) in BLUEPRINT.iter().enumerate() {
            for b in &BLUEPRINT[i + 1..] {
                let delta = difference(a, b, vision);
                pairs.push((delta, format!("{a}–{b}")));
                if delta < LEAST_BLUEPRINT_DIFFERENCE {
                    too_close.push(format!("{name}: {a}–{b} ΔE2000 {delta:.1}"));
                }
            }
        }
        pairs.sort_by(|x, y| x.0.total_cmp(&y.0));
        let adjacent: Vec<String> = BLUEPRINT
            .windows(2)
            .map(|pair| {
                format!(
                    "{}–{} {:.1}",
                    pair[0],
                    pair[1],
                    difference(&pair[0], &pair[1], vision)
                )
            })
            .collect();
        // Every kind, the journey lanes too: shown, not asserted.
        let mut any: Option<(f64, String)> = None;
        for (i, a) in LaneKind::KNOWN.iter().enumerate() {
            for b in &LaneKind::KNOWN[i + 1..] {
                let delta = difference(a, b, vision);
                if any.as_ref().is_none_or(|(least, _)| delta < *least) {
                    any = Some((delta, format!("{a}–{b}")));
                }
            }
        }
        let (any, any_pair) = any.unwrap();
        println!(
            "{name}: adjacent {}; least blueprint pair {} {:.1}; least of all kinds {any_pair} {any:.1}",
            adjacent.join(", "),
            pairs[0].1,
            pairs[0].0,
        );
    }
    assert!(
        too_close.is_empty(),
        "blueprint lanes closer than ΔE2000 {LEAST_BLUEPRINT_DIFFERENCE}:\n{}",
        too_close.join("\n")
    );
}

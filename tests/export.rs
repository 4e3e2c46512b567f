//! Exports of the example maps: SVG keeps Chinese text as text and parses as
//! XML, the layer and stage choices leave out what they should, the Markdown
//! report ranks the pain points, and the command line exports in batches.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use std::collections::HashSet;
use std::process::Command;

use stagemap::export::svg::{SvgOptions, to_svg};
use stagemap::export::{Scene, SceneOptions, StageRange, TextMeasure, markdown};
use stagemap::insights::Insights;
use stagemap::layout::{LayerPreset, LayoutOptions};
use stagemap::model::{Document, LaneKind};

#[path = "support/examples.rs"]
mod examples;
use examples::{ev_owner, example_maps};
#[path = "support/png_pixels.rs"]
mod png_pixels;
use png_pixels::pixel;
#[path = "support/snapshots.rs"]
mod snapshots;
use snapshots::everything_shown;
#[path = "support/small_map.rs"]
mod small_map;
use small_map::small_map;

fn scene(doc: &Document, options: &SceneOptions) -> Scene {
    Scene::build(doc, options, &TextMeasure::bundled())
}

fn all_text(scene: &Scene) -> HashSet<String> {
    scene.text_lines().map(str::to_owned).collect()
}

#[test]
fn svg_keeps_chinese_text_as_text_and_parses_as_xml() {
    let doc = ev_owner();
    let options = everything_shown();
    for embed_font in [true, false] {
        let svg = to_svg(&scene(&doc, &options), SvgOptions { embed_font });
        let tree = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
        let texts: Vec<String> = tree
            .descendants()
            .filter(|node| node.has_tag_name("text"))
            .map(|node| {
                node.descendants()
                    .filter(roxmltree::Node::is_text)
                    .filter_map(|n| n.text())
                    .collect::<String>()
            })
            .collect();
        assert!(texts.iter().any(|t| t == "维保等待时间长"), "{texts:?}");
        assert!(texts.iter().any(|t| t == &doc.meta.title));
        assert!(texts.iter().any(|t| t.contains("2026-05-04")));
        assert_eq!(svg.contains("@font-face"), embed_font);
        assert!(svg.contains("Noto Sans SC"));
    }
}

#[test]
fn the_frontstage_layer_drops_backstage_text() {
    let doc = ev_owner();
    let hidden_kinds = [LaneKind::Backstage, LaneKind::Support];
    let hidden_lanes: Vec<_> = doc
        .lanes
        .iter()
        .filter(|lane| hidden_kinds.contains(&lane.kind))
        .collect();
    assert!(!hidden_lanes.is_empty());
    let all = all_text(&scene(&doc, &SceneOptions::default()));
    let front = all_text(&scene(
        &doc,
        &SceneOptions {
            layout: LayoutOptions {
                layers: LayerPreset::FrontstageOnly,
            },
            ..SceneOptions::default()
        },
    ));
    let measure = TextMeasure::bundled();
    let shown_titles: HashSet<&str> = doc
        .cards
        .iter()
        .filter(|card| hidden_lanes.iter().all(|lane| lane.id != card.lane))
        .map(|card| card.title.as_str())
        .collect();
    let mut checked = 0;
    for card in &doc.cards {
        if hidden_lanes.iter().all(|lane| lane.id != card.lane)
            || shown_titles.contains(card.title.as_str())
        {
            continue;
        }
        // The first line the card's title wraps to.
        let first = measure.wrap(&card.title, 13.0, 166.0, 1).remove(0);
        if first.ends_with('…') || shown_titles.iter().any(|t| t.starts_with(&first)) {
            continue;
        }
        assert!(all.contains(&first), "{first}");
        assert!(!front.contains(&first), "{first}");
        checked += 1;
    }
    assert!(checked > 0);
    for lane in hidden_lanes {
        assert!(all.contains(&lane.name) && !front.contains(&lane.name));
    }
}

#[test]
fn a_stage_range_drops_the_other_stages() {
    let doc = ev_owner();
    assert!(doc.stages.len() >= 3);
    let selected = StageRange::parse("2..2").unwrap().select(&doc).unwrap();
    let text = all_text(&scene(&selected, &SceneOptions::default()));
    assert!(text.contains(&doc.stages[1].name));
    for (index, stage) in doc.stages.iter().enumerate().filter(|(i, _)| *i != 1) {
        assert!(!text.contains(&stage.name), "stage {index}: {}", stage.name);
        for step in &stage.steps {
            assert!(!text.contains(&step.name), "{}", step.name);
        }
    }
}

#[test]
fn markdown_lists_the_pain_points_in_ranked_order() {
    let doc = ev_owner();
    let insights = Insights::of(&doc);
    let report = markdown::report(&doc, &insights);
    let section = report
        .split("## Pain points")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap();
    let listed: Vec<&str> = section
        .lines()
        .filter_map(|line| line.split_once(". "))
        .filter(|(rank, _)| rank.chars().all(|c| c.is_ascii_digit()))
        .map(|(_, rest)| rest.split(" — ").next().unwrap_or(rest))
        .collect();
    let ranked: Vec<&str> = insights
        .pain_points
        .iter()
        .map(|pain| pain.title.as_str())
        .collect();
    assert_eq!(listed, ranked);
    assert_eq!(
        ranked.len(),
        doc.cards.iter().filter(|card| card.pain).count()
    );
    assert!(ranked.len() >= 10, "{ranked:?}");
    assert!(report.starts_with(&format!("# {}", doc.meta.title)));
    for stage in &insights.stages {
        assert!(report.contains(&format!("| {} |", stage.name)));
    }
}

#[test]
fn the_command_line_exports_every_example_into_a_folder() {
    let maps = example_maps();
    assert!(maps.len() >= 2);
    let dir = tempfile::tempdir().unwrap();
    for format in ["svg", "md", "csv"] {
        let out = dir.path().join(format);
        let output = Command::new(env!("CARGO_BIN_EXE_stagemap"))
            .arg("export")
            .args(&maps)
            .args(["-o", out.to_str().unwrap(), "--format", format])
            .args([
                "--layers",
                "frontstage",
                "--stages",
                "1..2",
                "--theme",
                "dark",
            ])
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        for map in &maps {
            let name = map.file_name().unwrap().to_str().unwrap();
            let stem = name.strip_suffix(".stagemap.ron").unwrap();
            let written = out.join(format!("{stem}.{format}"));
            assert!(
                std::fs::metadata(&written).unwrap().len() > 0,
                "{written:?}"
            );
        }
    }
    // A map that cannot be read fails the call with status 2; the others are still written.
    let missing = dir.path().join("missing.stagemap.ron");
    let out = dir.path().join("with-missing");
    let output = Command::new(env!("CARGO_BIN_EXE_stagemap"))
        .arg("export")
        .arg(&maps[0])
        .arg(&missing)
        .args(["-o", out.to_str().unwrap(), "--no-embed-font"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    // A stage range past the end is refused.
    let output = Command::new(env!("CARGO_BIN_EXE_stagemap"))
        .arg("export")
        .arg(&maps[0])
        .args([
            "-o",
            dir.path().join("x.svg").to_str().unwrap(),
            "--stages",
            "99..",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

/// A one-stage map whose only card shows `picture`.
fn map_with_picture(picture: &str) -> Document {
    small_map("Hotel", &[("Check-in at the front desk", Some(picture))])
}

#[test]
fn a_card_picture_is_drawn_where_the_canvas_puts_it_and_a_missing_one_still_exports() {
    use stagemap::export::png::{PngOptions, to_png};
    use stagemap::layout::{Layout, card_parts};
    use stagemap::scene::Item;

    const GREEN: [u8; 4] = [0, 160, 80, 255];
    let folder = tempfile::tempdir().unwrap();
    image::RgbaImage::from_pixel(40, 40, image::Rgba(GREEN))
        .save(folder.path().join("desk.png"))
        .unwrap();
    let doc = map_with_picture("desk.png");
    let options = SceneOptions {
        picture_folder: Some(folder.path().to_owned()),
        ..SceneOptions::default()
    };
    let shown = scene(&doc, &options);
    let images: Vec<_> = shown
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Image { rect, picture } => Some((*rect, picture.width, picture.height)),
            _ => None,
        })
        .collect();
    let [(rect, 40, 40)] = images.as_slice() else {
        panic!("one 40 × 40 picture expected: {images:?}");
    };
    // In the slot left of the title, at its top left, square like the picture.
    let layout = Layout::compute(&doc, options.layout);
    let slot = card_parts(layout.cards[0].rect, false, true)
        .picture
        .unwrap();
    let origin = options.map_origin();
    assert!(
        (rect.min.x - (origin.x + slot.min.x)).abs() < 0.01,
        "{rect:?}"
    );
    assert!(
        (rect.min.y - (origin.y + slot.min.y)).abs() < 0.01,
        "{rect:?}"
    );
    assert!((rect.width() - rect.height()).abs() < 0.01);
    assert!((rect.width() - slot.width().min(slot.height())).abs() < 0.01);

    let svg = to_svg(&shown, SvgOptions { embed_font: false });
    let tree = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    let image = tree
        .descendants()
        .find(|node| node.has_tag_name("image"))
        .expect("the SVG has an <image>");
    assert!(
        image
            .attribute("href")
            .is_some_and(|href| href.starts_with("data:image/png;base64,")),
        "{image:?}"
    );

    let middle = rect.center();
    let png = to_png(&shown, PngOptions::default()).unwrap();
    assert_eq!(pixel(&png, middle.x as u32, middle.y as u32), GREEN);

    // Missing, refused or unsaved: the same map exports with the sign of a missing picture.
    for (folder, picture) in [
        (Some(folder.path().to_owned()), "missing.png"),
        (Some(folder.path().to_owned()), "../desk.png"),
        (None, "desk.png"),
    ] {
        let doc = map_with_picture(picture);
        let options = SceneOptions {
            picture_folder: folder,
            ..SceneOptions::default()
        };
        let missing = scene(&doc, &options);
        assert!(
            !missing
                .items
                .iter()
                .any(|item| matches!(item, Item::Image { .. })),
            "{picture}"
        );
        let svg = to_svg(&missing, SvgOptions { embed_font: false });
        assert!(!svg.contains("<image"), "{picture}");
        let png = to_png(&missing, PngOptions::default()).unwrap();
        assert_ne!(
            pixel(&png, middle.x as u32, middle.y as u32),
            GREEN,
            "{picture}"
        );
        // The title keeps the room left for the picture, as on the canvas.
        assert!(
            missing
                .text_lines()
                .any(|line| line.starts_with("Check-in"))
        );
    }
}

#[test]
fn the_command_line_writes_the_words_of_the_chosen_chinese() {
    let hotel = examples::example_path("hotel-stay.stagemap.ron");
    let dir = tempfile::tempdir().unwrap();
    let traditional = ["互動線", "可視線", "內部互動線", "分鐘"];
    let simplified = ["互动分界线", "可视分界线", "内部互动分界线", "分钟"];
    for (lang, present, absent) in [
        ("zh-TW", traditional, simplified),
        ("zh-HK", traditional, simplified),
        ("zh-Hant", traditional, simplified),
        ("zh-CN", simplified, traditional),
    ] {
        let out = dir.path().join(format!("{lang}.svg"));
        let output = Command::new(env!("CARGO_BIN_EXE_stagemap"))
            .arg("export")
            .arg(&hotel)
            .args(["-o", out.to_str().unwrap(), "--no-embed-font"])
            .args(["--lang", lang])
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let svg = std::fs::read_to_string(&out).unwrap();
        for words in present {
            assert!(svg.contains(words), "--lang {lang}: no {words}");
        }
        for words in absent {
            assert!(!svg.contains(words), "--lang {lang}: {words}");
        }
    }
}

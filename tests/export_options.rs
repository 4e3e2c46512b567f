//! Each option of `stagemap export` proven by what it changes in the file
//! written: the SVG read back as XML (its text and its background), the PNG's
//! pixels, and the PDF read back with poppler's tools (`pdfinfo` for the pages,
//! `pdftoppm` for the drawing, crop marks included).
//!
//! Needs poppler-utils; `bash tests/run.sh` installs it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use stagemap::export::job::{self, ExportSettings};
use stagemap::export::pdf::{
    Orientation, Paper, PdfOptions, Sheet, SheetPlan, Tiling, plan_sheets, tiled_poster_mm,
};
use stagemap::export::{Language, SceneOptions, TitleBlock};
use stagemap::layout::Point;
use stagemap::model::{Document, LaneKind};
use stagemap::scene::{Colour, Palette, Theme};

#[path = "support/examples.rs"]
mod examples;
use examples::{HOTEL_STAY, example_path, hotel_stay};
#[path = "support/png_pixels.rs"]
mod png_pixels;
#[path = "support/poppler.rs"]
mod poppler;
use poppler::{PT_PER_MM, page_count, page_size, pdftotext};

/// The hotel-stay example: it has all five blueprint lanes and four stages.
fn hotel() -> PathBuf {
    example_path(HOTEL_STAY)
}

/// Runs `stagemap export MAP -o FILE --lang en ARGS…` into a fresh folder and
/// returns the folder (kept alive by the caller) and the file written.
fn export(map: &Path, file_name: &str, args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file_name);
    let output = Command::new(env!("CARGO_BIN_EXE_stagemap"))
        .arg("export")
        .arg(map)
        .arg("-o")
        .arg(&path)
        .args(["--lang", "en"])
        .args(args)
        .output()
        .expect("the program runs");
    assert!(
        output.status.success(),
        "export {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (dir, path)
}

/// `text` without any white space, so a title wrapped over several lines
/// (SVG `tspan`s) compares equal to the title.
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

/// What an SVG export shows, read back as XML.
struct Svg {
    /// Each `<text>` element's characters (its lines joined), squeezed.
    texts: Vec<String>,
    /// The fill of the background rectangle, as `#rrggbb`.
    background: String,
    /// The fill of each `<polygon>`, as `#rrggbb`.
    polygon_fills: Vec<String>,
}

impl Svg {
    fn export(map: &Path, args: &[&str]) -> Svg {
        let (_dir, path) = export(map, "map.svg", args);
        let xml = std::fs::read_to_string(path).unwrap();
        let tree = roxmltree::Document::parse(&xml).unwrap();
        let texts = tree
            .descendants()
            .filter(|node| node.has_tag_name("text"))
            .map(|node| {
                squeezed(
                    &node
                        .descendants()
                        .filter_map(|n| n.is_text().then(|| n.text()).flatten())
                        .collect::<String>(),
                )
            })
            .collect();
        let background = tree
            .descendants()
            .find(|node| node.has_tag_name("rect") && node.attribute("width") == Some("100%"))
            .and_then(|node| node.attribute("fill"))
            .expect("a background rectangle")
            .to_owned();
        let polygon_fills = tree
            .descendants()
            .filter(|node| node.has_tag_name("polygon"))
            .filter_map(|node| node.attribute("fill"))
            .map(str::to_owned)
            .collect();
        Svg {
            texts,
            background,
            polygon_fills,
        }
    }

    /// Some `<text>` element reads `text` (white space aside).
    fn shows(&self, text: &str) -> bool {
        let text = squeezed(text);
        self.texts.contains(&text)
    }

    /// The texts matching `pattern`.
    fn matching(&self, pattern: impl Fn(&str) -> bool) -> Vec<&str> {
        self.texts
            .iter()
            .map(String::as_str)
            .filter(|text| pattern(text))
            .collect()
    }
}

/// Relative luminance (0 black … 1 white) of `#rrggbb`.
fn luminance(hex: &str) -> f32 {
    let channel = |at: usize| f32::from(u8::from_str_radix(&hex[at..at + 2], 16).unwrap()) / 255.0;
    assert!(hex.starts_with('#') && hex.len() == 7, "{hex}");
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/// The names shown by the lanes of `doc` whose kind `hidden` picks, with the
/// titles of their cards, less anything the other lanes also show.
fn lane_texts(doc: &Document, hidden: impl Fn(&LaneKind) -> bool) -> (Vec<String>, Vec<String>) {
    let (mut gone, mut kept) = (BTreeSet::new(), BTreeSet::new());
    for lane in &doc.lanes {
        let texts = if hidden(&lane.kind) {
            &mut gone
        } else {
            &mut kept
        };
        texts.insert(lane.name.clone());
        for card in doc.cards.iter().filter(|card| card.lane == lane.id) {
            texts.insert(card.title.clone());
        }
    }
    let gone = gone.difference(&kept).cloned().collect();
    (gone, kept.into_iter().collect())
}

#[test]
fn layers_leave_out_the_hidden_lanes_and_their_cards() {
    let doc = hotel_stay();
    let all = Svg::export(&hotel(), &[]);
    let hidden_under_backstage: fn(&LaneKind) -> bool = |kind| *kind == LaneKind::Support;
    let hidden_under_frontstage: fn(&LaneKind) -> bool =
        |kind| matches!(kind, LaneKind::Backstage | LaneKind::Support);
    for (layers, hidden) in [
        ("backstage", hidden_under_backstage),
        ("frontstage", hidden_under_frontstage),
    ] {
        let (gone, kept) = lane_texts(&doc, hidden);
        assert!(gone.len() >= 3, "{layers}: {gone:?}");
        let shown = Svg::export(&hotel(), &["--layers", layers]);
        for text in &gone {
            assert!(all.shows(text), "{text} missing from the full map");
            assert!(!shown.shows(text), "--layers {layers} still shows {text}");
        }
        for text in &kept {
            assert!(shown.shows(text), "--layers {layers} lost {text}");
        }
    }
}

/// The stage's name, its steps' names and its cards' titles.
fn stage_texts(doc: &Document, stage: usize) -> BTreeSet<String> {
    let stage = &doc.stages[stage];
    let mut texts = BTreeSet::from([stage.name.clone()]);
    for step in &stage.steps {
        texts.insert(step.name.clone());
        for card in doc.cards.iter().filter(|card| card.step == step.id) {
            texts.insert(card.title.clone());
        }
    }
    texts
}

#[test]
fn stages_leave_out_the_other_stages_names_and_cards() {
    let doc = hotel_stay();
    assert_eq!(doc.stages.len(), 4);
    let all = Svg::export(&hotel(), &[]);
    for (range, kept_stages) in [("2..4", 1..4), ("2..3", 1..3), ("3", 2..3)] {
        let kept: BTreeSet<String> = kept_stages
            .clone()
            .flat_map(|stage| stage_texts(&doc, stage))
            .collect();
        let gone: BTreeSet<String> = (0..doc.stages.len())
            .filter(|stage| !kept_stages.contains(stage))
            .flat_map(|stage| stage_texts(&doc, stage))
            .filter(|text| !kept.contains(text))
            .collect();
        assert!(gone.len() >= 4, "{range}: {gone:?}");
        let shown = Svg::export(&hotel(), &["--stages", range]);
        for text in &gone {
            assert!(all.shows(text), "{text} missing from the full map");
            assert!(!shown.shows(text), "--stages {range} still shows {text}");
        }
        for text in &kept {
            assert!(shown.shows(text), "--stages {range} lost {text}");
        }
    }
}

/// The colour of the top left pixel of a PNG file, as RGBA.
fn png_corner(path: &Path) -> [u8; 4] {
    png_pixels::pixel(&std::fs::read(path).unwrap(), 0, 0)
}

#[test]
fn the_dark_theme_darkens_the_background() {
    let light = Svg::export(&hotel(), &[]);
    let dark = Svg::export(&hotel(), &["--theme", "dark"]);
    assert!(luminance(&light.background) > 0.8, "{}", light.background);
    assert!(luminance(&dark.background) < 0.2, "{}", dark.background);

    let (_light_dir, light_png) = export(&hotel(), "map.png", &[]);
    let (_dark_dir, dark_png) = export(&hotel(), "map.png", &["--theme", "dark"]);
    let grey = |[r, g, b, _]: [u8; 4]| luminance(&format!("#{r:02x}{g:02x}{b:02x}"));
    assert!(grey(png_corner(&light_png)) > 0.8);
    assert!(grey(png_corner(&dark_png)) < 0.2);
}

/// A marker's text: pain (!), fail point (F), opportunity (◆), wait
/// (`N min`) or an emotion score (`+1`, `−0.5`).
fn is_marker(text: &str) -> bool {
    ["!", "F", "◆"].contains(&text)
        || text
            .strip_suffix("min")
            .is_some_and(|minutes| minutes.parse::<u32>().is_ok())
        || text
            .strip_prefix(['+', '−', '-'])
            .is_some_and(|score| score.parse::<f32>().is_ok())
}

/// How many moment-of-truth stars (polygons in the star's colour) the SVG draws.
fn stars(svg: &Svg) -> usize {
    let Colour { r, g, b, .. } = Palette::new(Theme::Light).star;
    let star = format!("#{r:02x}{g:02x}{b:02x}");
    svg.polygon_fills
        .iter()
        .filter(|fill| fill.eq_ignore_ascii_case(&star))
        .count()
}

#[test]
fn no_markers_leaves_every_marker_out() {
    let with = Svg::export(&hotel(), &[]);
    let markers = with.matching(is_marker);
    for kind in [
        "!", "F", "5min", "+1", "−1", // a negative score, with its minus sign
    ] {
        assert!(markers.contains(&kind), "no {kind} in {markers:?}");
    }
    assert!(stars(&with) > 0, "no moment-of-truth star");
    let without = Svg::export(&hotel(), &["--no-markers"]);
    assert_eq!(without.matching(is_marker), Vec::<&str>::new());
    assert_eq!(stars(&without), 0);
    // The cards stay.
    assert!(without.shows("Doorman greets the guest"));
}

#[test]
fn no_title_leaves_out_the_title_block_and_date_prints_the_date() {
    let title = "Overnight hotel stay";
    let plain = Svg::export(&hotel(), &[]);
    assert!(plain.shows(title));
    assert!(!plain.texts.iter().any(|text| text.contains("2026-01-02")));

    let dated = Svg::export(&hotel(), &["--date", "2026-01-02"]);
    assert!(dated.shows(title));
    assert!(dated.shows("2026-01-02"), "{:?}", dated.texts);

    let untitled = Svg::export(&hotel(), &["--no-title", "--date", "2026-01-02"]);
    assert!(!untitled.shows(title));
    assert!(
        !untitled
            .texts
            .iter()
            .any(|text| text.contains("2026-01-02"))
    );
    assert!(untitled.shows("Doorman greets the guest"));

    // The date reaches the PDF too, as text.
    let (_dir, pdf) = export(&hotel(), "map.pdf", &["--date", "2026-01-02"]);
    let text = pdftotext(&[], &pdf);
    assert!(text.contains("2026-01-02"), "{text}");
}

/// Points `size` are `mm` millimetres, to a tenth of a point.
fn same_size(size: (f32, f32), mm: (f32, f32)) -> bool {
    (size.0 - mm.0 * PT_PER_MM).abs() < 0.1 && (size.1 - mm.1 * PT_PER_MM).abs() < 0.1
}

#[test]
fn paper_and_portrait_give_the_page_size() {
    for (args, mm) in [
        (&[][..], (297.0, 210.0)),
        (&["--portrait"][..], (210.0, 297.0)),
        (&["--paper", "a3"][..], (420.0, 297.0)),
        (&["--paper", "a3", "--portrait"][..], (297.0, 420.0)),
        (&["--paper", "a1", "--margin", "40"][..], (841.0, 594.0)),
    ] {
        let (_dir, pdf) = export(&hotel(), "map.pdf", args);
        let (pages, size) = (page_count(&pdf), page_size(&pdf));
        assert_eq!(pages, 1, "{args:?}");
        assert!(
            same_size(size, mm),
            "{args:?}: {size:?} pt, expected {mm:?} mm"
        );
    }
}

/// A page rendered by `pdftoppm` in grey: width, height and one byte a pixel.
struct Grey {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Grey {
    /// The area `crop` (left, top, width, height in pixels; the whole page when
    /// `None`) of page `page` (from 1) rendered at `dpi`.
    fn render(pdf: &Path, page: usize, dpi: u32, crop: Option<[i64; 4]>) -> Grey {
        let dir = tempfile::tempdir().unwrap();
        let prefix = dir.path().join("page");
        let mut command = Command::new("pdftoppm");
        let page = page.to_string();
        command.args(["-gray", "-singlefile", "-f", &page, "-l", &page]);
        command.args(["-r", &dpi.to_string()]);
        if let Some([x, y, width, height]) = crop {
            for (flag, value) in [("-x", x), ("-y", y), ("-W", width), ("-H", height)] {
                command.args([flag, &value.to_string()]);
            }
        }
        let status = command
            .arg(pdf)
            .arg(&prefix)
            .status()
            .unwrap_or_else(|error| {
                panic!("cannot run pdftoppm ({error}); `bash tests/run.sh` installs poppler-utils")
            });
        assert!(status.success());
        Grey::parse(&std::fs::read(prefix.with_extension("pgm")).unwrap())
    }

    /// A binary PGM (`P5`, 8 bits).
    fn parse(bytes: &[u8]) -> Grey {
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(std::str::from_utf8(&bytes[start..at]).unwrap().to_owned());
        }
        assert_eq!((fields[0].as_str(), fields[3].as_str()), ("P5", "255"));
        let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
        let pixels = bytes[at + 1..].to_vec();
        assert_eq!(pixels.len(), width * height);
        Grey {
            width,
            height,
            pixels,
        }
    }

    fn at(&self, x: i64, y: i64) -> u8 {
        assert!(
            (0..self.width as i64).contains(&x) && (0..self.height as i64).contains(&y),
            "({x}, {y}) outside {}×{}",
            self.width,
            self.height
        );
        self.pixels[y as usize * self.width + x as usize]
    }
}

#[test]
fn margin_leaves_that_much_paper_around_the_map() {
    for margin in [10.0, 40.0] {
        // On the dark theme the map's background shows where the map is.
        let (_dir, pdf) = export(
            &hotel(),
            "map.pdf",
            &["--theme", "dark", "--margin", &margin.to_string()],
        );
        let page = Grey::render(&pdf, 1, 72, None);
        let dark: Vec<(usize, usize)> = (0..page.height)
            .flat_map(|y| (0..page.width).map(move |x| (x, y)))
            .filter(|&(x, y)| page.pixels[y * page.width + x] < 100)
            .collect();
        let mm = |px: usize| px as f32 / PT_PER_MM;
        let left = mm(dark.iter().map(|p| p.0).min().unwrap());
        let right = mm(page.width - 1 - dark.iter().map(|p| p.0).max().unwrap());
        let top = mm(dark.iter().map(|p| p.1).min().unwrap());
        let bottom = mm(page.height - 1 - dark.iter().map(|p| p.1).max().unwrap());
        let gaps =
            format!("margin {margin}: left {left}, right {right}, top {top}, bottom {bottom}");
        // Fitted: the map touches the margin on one axis and is centred on both.
        assert!((left.min(top) - margin).abs() < 1.0, "{gaps}");
        assert!(left.min(top) >= margin - 1.0, "{gaps}");
        assert!(
            (left - right).abs() < 1.0 && (top - bottom).abs() < 1.0,
            "{gaps}"
        );
    }
}

/// The sheet plan the program should follow for the hotel map exported with
/// `--paper PAPER --tile SHEET --overlap OVERLAP` (and `--lang en`).
fn hotel_plan(paper: Paper, tiling: Tiling) -> SheetPlan {
    let settings = ExportSettings {
        scene: SceneOptions {
            title_block: Some(TitleBlock::default()),
            markers: true,
            emotion_curves: true,
            language: Language::English,
            picture_folder: Some(PathBuf::from("examples")),
            ..SceneOptions::default()
        },
        ..ExportSettings::default()
    };
    let scene = job::scene(&hotel_stay(), &settings).unwrap();
    let options = PdfOptions {
        paper,
        orientation: Orientation::Landscape,
        tile: Some(tiling),
        ..PdfOptions::default()
    };
    plan_sheets(tiled_poster_mm(&scene, &options), tiling).unwrap()
}

/// Resolution of the crop-mark renders: a mark's 0.15 mm black line is 3.5
/// pixels wide and its 0.5 mm white halo 12.
const MARK_DPI: u32 = 600;

/// The corners of the sheet's cut rectangle, in millimetres from the sheet's
/// top left corner, each with the direction (x, y: ±1) its marks point out to.
fn cut_corners(sheet: &Sheet) -> [(Point, f32, f32); 4] {
    let cut = sheet.cut;
    [
        (cut.min, -1.0, -1.0),
        (Point::new(cut.max.x, cut.min.y), 1.0, -1.0),
        (Point::new(cut.min.x, cut.max.y), -1.0, 1.0),
        (cut.max, 1.0, 1.0),
    ]
    .map(|(corner, out_x, out_y)| (sheet.on_sheet(corner), out_x, out_y))
}

/// A page's surroundings of a point, rendered at [`MARK_DPI`].
struct Surroundings {
    area: Grey,
    /// The area's top left pixel on the page.
    origin: (i64, i64),
}

impl Surroundings {
    /// The square `reach` millimetres each way around `at` (millimetres) on page `page`.
    fn render(pdf: &Path, page: usize, at: Point, reach: f32) -> Surroundings {
        let origin = (px(at.x - reach), px(at.y - reach));
        let side = px(2.0 * reach);
        let area = Grey::render(pdf, page, MARK_DPI, Some([origin.0, origin.1, side, side]));
        Surroundings { area, origin }
    }

    /// Whether a crop mark runs from `start` to `end` (millimetres, a
    /// horizontal or vertical line 5 mm long): along its middle three
    /// millimetres every pixel on the line is dark and the pixels a sixth of
    /// a millimetre to either side are white (its halo).
    fn shows_mark(&self, start: Point, end: Point) -> bool {
        let horizontal = start.y == end.y;
        (10..=40).all(|tenth| {
            let t = tenth as f32 / 50.0;
            let x = px(start.x + (end.x - start.x) * t) - self.origin.0;
            let y = px(start.y + (end.y - start.y) * t) - self.origin.1;
            let side = |offset: i64| {
                if horizontal {
                    self.area.at(x, y + offset)
                } else {
                    self.area.at(x + offset, y)
                }
            };
            side(0) < 100 && side(-4) > 200 && side(4) > 200
        })
    }
}

/// Pixels at [`MARK_DPI`] of `mm` millimetres.
fn px(mm: f32) -> i64 {
    (mm * MARK_DPI as f32 / 25.4).floor() as i64
}

#[test]
fn tile_and_overlap_give_the_sheets_the_plan_says_with_crop_marks_at_each_cut() {
    for (args, paper, tiling) in [
        (
            &["--paper", "a1", "--tile"][..],
            Paper::A1,
            Tiling {
                sheet: Paper::A4,
                overlap_mm: 10.0,
            },
        ),
        (
            &["--paper", "a1", "--tile", "--overlap", "30"][..],
            Paper::A1,
            Tiling {
                sheet: Paper::A4,
                overlap_mm: 30.0,
            },
        ),
        (
            &["--paper", "a0", "--tile", "a3", "--overlap", "25"][..],
            Paper::A0,
            Tiling {
                sheet: Paper::A3,
                overlap_mm: 25.0,
            },
        ),
    ] {
        let plan = hotel_plan(paper, tiling);
        // The options matter: A4 sheets overlapping by 10 mm would be cut elsewhere.
        if tiling != Tiling::default() {
            assert_ne!(plan, hotel_plan(paper, Tiling::default()), "{args:?}");
        }
        let (_dir, pdf) = export(&hotel(), "poster.pdf", args);
        let (pages, size) = (page_count(&pdf), page_size(&pdf));
        assert_eq!(pages, plan.sheets.len(), "{args:?}: {plan:?}");
        assert!(
            same_size(size, plan.sheet_mm),
            "{args:?}: {size:?} pt, expected {:?} mm",
            plan.sheet_mm
        );
        for (page, sheet) in plan.sheets.iter().enumerate() {
            for (at, out_x, out_y) in cut_corners(sheet) {
                let around = Surroundings::render(&pdf, page + 1, at, 8.0);
                // Each mark continues an edge of the cut from 2 to 7 mm past the corner.
                let across = (
                    Point::new(at.x + out_x * 2.0, at.y),
                    Point::new(at.x + out_x * 7.0, at.y),
                );
                let down = (
                    Point::new(at.x, at.y + out_y * 2.0),
                    Point::new(at.x, at.y + out_y * 7.0),
                );
                for (start, end) in [across, down] {
                    assert!(
                        around.shows_mark(start, end),
                        "{args:?}: no crop mark from {start:?} to {end:?} mm on sheet {}",
                        sheet.name()
                    );
                }
                // The detector is not fooled: 3 mm inwards there is no mark.
                let shift = |p: Point| Point::new(p.x - out_x * 3.0, p.y - out_y * 3.0);
                for (start, end) in [across, down] {
                    assert!(
                        !around.shows_mark(shift(start), shift(end)),
                        "{args:?}: a mark 3 mm off {start:?} on sheet {}",
                        sheet.name()
                    );
                }
            }
        }
    }
}

//! Never losing a character, and text inside its box, in every picture:
//! characters the bundled font lacks are drawn from the system's fonts in PNG,
//! SVG and PDF; with no system fonts they become boxes and the export warns by
//! card; every character every example writes has a glyph; the ink of badge
//! text and line labels stays inside their boxes in each backend.
//!
//! The system fonts these tests need (Noto Sans CJK) are installed by `tests/run.sh`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use std::path::Path;
use std::process::Command;

use stagemap::export::job::{self, ExportSettings, Format, Progress};
use stagemap::export::pdf::{PdfOptions, to_pdf};
use stagemap::export::png::{PngOptions, PngSize, render};
use stagemap::export::svg::{SvgOptions, to_svg};
use stagemap::export::{Language, Scene, SceneOptions, TextMeasure, Theme, TitleBlock};
use stagemap::layout::{LayerPreset, LayoutOptions, Rect};
use stagemap::model::Document;
use stagemap::scene::text::{FontRef, SYSTEM_FONTS_VAR, missing_glyph_box, system_face};
use stagemap::scene::{Colour, Item, TextRun};

#[path = "support/small_map.rs"]
mod small_map;
use small_map::small_map;

/// Set in the copy of this test binary that runs with the system fonts taken away.
const NO_FONTS_CHILD: &str = "STAGEMAP_TEST_NO_FONTS_CHILD";

/// Names, traditional Chinese and Korean the bundled GB2312 subset lacks.
const RARE_TITLES: [&str; 6] = [
    "张喆 王堃",
    "李赟",
    "繁體中文：臺灣",
    "體驗",
    "龍",
    "한국어",
];
/// The characters of [`RARE_TITLES`] that the bundled font lacks.
const RARE: [char; 11] = [
    '喆', '堃', '赟', '體', '驗', '臺', '灣', '龍', '한', '국', '어',
];

fn rare_map() -> Document {
    let cards: Vec<(&str, Option<&str>)> = RARE_TITLES.iter().map(|t| (*t, None)).collect();
    small_map("Rare characters", &cards)
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The text run of the card titled `title`.
fn title_run<'a>(scene: &'a Scene, title: &str) -> &'a TextRun {
    scene
        .items
        .iter()
        .find_map(|item| match item {
            Item::Text(run) if run.lines.first().is_some_and(|l| l == title) => Some(run),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no text run for {title}"))
}

/// Where each character of the first line of `run` is drawn: its advance box
/// from the ascender to the descender, with its font.
fn char_boxes(run: &TextRun) -> Vec<(char, FontRef, Rect)> {
    let measure = TextMeasure::bundled();
    let line = &run.lines[0];
    let mut x = run.x;
    let top = run.baseline - measure.ascent() * run.size;
    let bottom = run.baseline + measure.descent() * run.size;
    measure
        .glyphs(line)
        .map(|glyph| {
            let c = line[glyph.range.clone()].chars().next().unwrap();
            let width = glyph.advance * run.size;
            let placed = (
                c,
                glyph.font,
                Rect::from_min_size(x, top, width, bottom - top),
            );
            x += width;
            placed
        })
        .collect()
}

/// RGBA pixels of `scene` at `scale` (premultiplied; white background).
fn pixels(scene: &Scene, scale: f32) -> tiny_skia::Pixmap {
    render(
        scene,
        PngOptions {
            size: PngSize::Scale(scale),
            transparent: false,
        },
    )
    .unwrap()
}

/// How many pixels inside `area` (document units) differ clearly between two pictures.
fn ink_between(a: &tiny_skia::Pixmap, b: &tiny_skia::Pixmap, area: Rect, scale: f32) -> usize {
    let (x0, y0) = ((area.min.x * scale) as u32, (area.min.y * scale) as u32);
    let (x1, y1) = ((area.max.x * scale) as u32, (area.max.y * scale) as u32);
    let mut count = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            let (p, q) = (a.pixel(x, y).unwrap(), b.pixel(x, y).unwrap());
            let differs = [
                p.red().abs_diff(q.red()),
                p.green().abs_diff(q.green()),
                p.blue().abs_diff(q.blue()),
            ]
            .into_iter()
            .any(|d| d > 60);
            count += usize::from(differs);
        }
    }
    count
}

/// The scene without the text run of the card titled `title`.
fn without_title(scene: &Scene, title: &str) -> Scene {
    let mut bare = scene.clone();
    bare.shows.clear();
    bare.items.retain(
        |item| !matches!(item, Item::Text(run) if run.lines.first().is_some_and(|l| l == title)),
    );
    bare
}

#[test]
fn rare_characters_are_drawn_from_system_fonts_in_every_format() {
    if std::env::var_os(SYSTEM_FONTS_VAR).is_some() {
        // Run with the system fonts taken away: the other test covers that.
        return;
    }
    let doc = rare_map();
    let measure = TextMeasure::bundled();
    for c in RARE {
        assert!(
            measure.has_glyph(c),
            "no font on this machine draws {c}: install fonts-noto-cjk (tests/run.sh does)"
        );
    }
    let settings = ExportSettings::default();
    let scene = job::scene(&doc, &settings).unwrap();
    // PNG: the ink of each character where it sits, seen by taking its line away.
    let scale = 2.0;
    let full = pixels(&scene, scale);
    for title in RARE_TITLES {
        let bare = pixels(&without_title(&scene, title), scale);
        for (c, font, area) in char_boxes(title_run(&scene, title)) {
            if c == ' ' {
                continue;
            }
            assert_ne!(font, FontRef::Missing, "{c}");
            let ink = ink_between(&full, &bare, area, scale);
            assert!(ink >= 20, "{c} in {title:?} has {ink} inked pixels");
        }
    }
    let rendered = job::render(&doc, Format::Png, &settings, &Progress::new()).unwrap();
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);

    // SVG: the text holds every character, and the system font that has them is named.
    let svg = to_svg(&scene, SvgOptions::default());
    for title in RARE_TITLES {
        assert!(svg.contains(title), "{title}");
    }
    for c in RARE {
        let FontRef::System(index) = measure.glyphs(&c.to_string()).next().unwrap().font else {
            panic!("{c} is not from a system font");
        };
        let family = system_face(index).unwrap().family.clone();
        let root = svg.lines().next().unwrap();
        assert!(root.contains(&format!("'{family}'")), "{family}: {root}");
    }

    // PDF: pdftotext gives every character back, and the fallback font is embedded.
    let folder = tempfile::tempdir().unwrap();
    let pdf = folder.path().join("rare.pdf");
    std::fs::write(&pdf, to_pdf(&scene, &PdfOptions::default()).unwrap()).unwrap();
    let text = poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    for title in RARE_TITLES {
        assert!(text.contains(title), "{title} not in {text}");
    }
    let fonts = poppler("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(
        fonts.lines().filter(|line| line.contains("yes")).count() >= 2,
        "the fallback font is not embedded:\n{fonts}"
    );
}

/// The standard output of a poppler tool.
fn poppler(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("`{tool}` cannot run ({error}); install poppler-utils"));
    assert!(output.status.success(), "{tool} failed");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn without_system_fonts_missing_characters_are_boxes_and_warned_by_card() {
    if std::env::var_os(NO_FONTS_CHILD).is_none() {
        // The font chain is read once per process: run this test again in a
        // process that has no system fonts.
        let output = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "without_system_fonts_missing_characters_are_boxes_and_warned_by_card",
                "--nocapture",
            ])
            .env(SYSTEM_FONTS_VAR, "none")
            .env(NO_FONTS_CHILD, "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("1 passed"),
            "{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        return;
    }
    let doc = rare_map();
    let measure = TextMeasure::bundled();
    assert_eq!(
        measure.missing_chars("喆龍한−1.5"),
        vec!['喆', '龍', '한'],
        "the bundled font draws the minus sign of negative scores itself"
    );
    let settings = ExportSettings::default();
    // The export succeeds and warns, naming each card and its characters.
    let rendered = job::render(&doc, Format::Png, &settings, &Progress::new()).unwrap();
    let warnings: Vec<String> = rendered.warnings.iter().map(ToString::to_string).collect();
    for (card, title) in doc.cards.iter().zip(RARE_TITLES) {
        let warning = warnings
            .iter()
            .find(|w| w.contains(&format!("card {} \"{title}\"", card.id)))
            .unwrap_or_else(|| panic!("no warning for {title}: {warnings:?}"));
        for c in title.chars().filter(|c| RARE.contains(c)) {
            assert!(
                warning.contains(&format!("{c} (U+{:04X})", u32::from(c))),
                "{warning}"
            );
        }
    }
    assert_eq!(warnings.len(), RARE_TITLES.len(), "{warnings:?}");
    // Each missing character is a hollow box: ink down its left edge, none in its middle.
    let scene = job::scene(&doc, &settings).unwrap();
    let scale = 4.0;
    let picture = pixels(&scene, scale);
    for title in ["龍", "한국어"] {
        let run = title_run(&scene, title);
        let frame = missing_glyph_box(run.x, run.baseline, 1.0, run.size);
        let dark = |x: f32, y: f32| {
            let p = picture
                .pixel((x * scale) as u32, (y * scale) as u32)
                .unwrap();
            p.red() < 128 && p.green() < 128 && p.blue() < 128
        };
        let edge_x = frame.min.x + 0.03 * run.size;
        let steps = 20;
        let inked = (1..steps)
            .filter(|i| {
                dark(
                    edge_x,
                    frame.min.y + frame.height() * *i as f32 / steps as f32,
                )
            })
            .count();
        assert!(inked >= steps - 3, "{title}: left edge {inked} of {steps}");
        assert!(!dark(frame.center().x, frame.center().y), "{title}: filled");
    }
    // The SVG and PDF still hold the characters, and the PDF draws the boxes.
    let svg = to_svg(&scene, SvgOptions::default());
    assert!(svg.contains("张喆 王堃") && svg.contains("한국어"));
    let pdf = job::render(&doc, Format::Pdf, &settings, &Progress::new()).unwrap();
    assert_eq!(pdf.warnings.len(), RARE_TITLES.len());
    // The command line writes the file, exits 0 and prints the warnings on standard error.
    let folder = tempfile::tempdir().unwrap();
    let map = folder.path().join("rare.stagemap.ron");
    stagemap::format::save(&doc, &map).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_stagemap"))
        .arg("export")
        .arg(&map)
        .arg("-o")
        .arg(folder.path().join("rare.svg"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("warning: card") && stderr.contains("龍 (U+9F8D)"),
        "{stderr}"
    );
    assert!(folder.path().join("rare.svg").exists());
    // `stagemap check` reports them as warnings; the map has no errors.
    let output = Command::new(env!("CARGO_BIN_EXE_stagemap"))
        .arg("check")
        .arg(&map)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("warning: card") && stdout.contains("한 (U+D55C)"),
        "{stdout}"
    );
}

/// Every example map, loaded.
fn examples() -> Vec<(String, Document)> {
    let mut maps: Vec<(String, Document)> = std::fs::read_dir(manifest().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().ends_with(".stagemap.ron"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, stagemap::format::load(&path).unwrap())
        })
        .collect();
    maps.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(maps.len() >= 4);
    maps
}

/// Scene options with everything an export can show, in each language,
/// theme and layer choice.
fn every_choice() -> Vec<SceneOptions> {
    let mut choices = Vec::new();
    for language in [Language::English, Language::SimplifiedChinese] {
        for theme in [Theme::Light, Theme::Dark] {
            for layers in [
                LayerPreset::All,
                LayerPreset::UpToBackstage,
                LayerPreset::FrontstageOnly,
            ] {
                choices.push(SceneOptions {
                    layout: LayoutOptions { layers },
                    theme,
                    title_block: Some(TitleBlock {
                        date: "2026-05-04".to_owned(),
                    }),
                    markers: true,
                    critical_path: true,
                    emotion_curves: true,
                    language,
                    ..SceneOptions::default()
                });
            }
        }
    }
    choices
}

#[test]
fn every_character_every_example_writes_has_a_glyph() {
    let measure = TextMeasure::bundled();
    let mut checked = 0;
    for (name, doc) in examples() {
        for options in every_choice() {
            let scene = Scene::build(&doc, &options, &measure);
            for line in scene.text_lines() {
                let missing = measure.missing_chars(line);
                assert!(
                    missing.is_empty(),
                    "{name} ({:?}, {:?}, {:?}): {missing:?} in {line:?} has no glyph",
                    options.language,
                    options.theme,
                    options.layout.layers
                );
                checked += line.chars().count();
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
}

/// Each text run that sits on a shape of its own (a badge, a pill, a line
/// label, a header), with that shape: the text follows its shape in the
/// display list, and the shape holds the text's anchor.
fn boxed_texts(scene: &Scene) -> Vec<(Item, TextRun)> {
    scene
        .items
        .windows(2)
        .filter_map(|pair| {
            let Item::Text(run) = &pair[1] else {
                return None;
            };
            let bounds = match &pair[0] {
                Item::Rect {
                    rect,
                    fill: Some(_),
                    ..
                } => *rect,
                Item::Circle { center, radius, .. } => Rect::from_min_size(
                    center.x - radius,
                    center.y - radius,
                    2.0 * radius,
                    2.0 * radius,
                ),
                _ => return None,
            };
            let small = bounds.height() < 24.0;
            let holds = bounds.contains(stagemap::layout::Point::new(run.x, run.baseline - 2.0));
            (small && holds).then(|| (pair[0].clone(), run.clone()))
        })
        .collect()
}

/// The shapes alone, filled black, and the texts alone, in black, on a white
/// picture of the same size: each backend draws both, and no dark pixel of
/// the text may fall where no shape is.
fn shapes_and_texts(scene: &Scene) -> (Scene, Scene, usize) {
    let pairs = boxed_texts(scene);
    let black = Colour::rgb(0, 0, 0);
    let shapes = pairs
        .iter()
        .map(|(shape, _)| match shape.clone() {
            Item::Rect { rect, radius, .. } => Item::Rect {
                rect,
                radius,
                fill: Some(black),
                stroke: None,
            },
            Item::Circle { center, radius, .. } => Item::Circle {
                center,
                radius,
                fill: Some(black),
                stroke: None,
            },
            other => other,
        })
        .collect();
    let texts = pairs
        .iter()
        .map(|(_, run)| {
            Item::Text(TextRun {
                colour: black,
                ..run.clone()
            })
        })
        .collect();
    let blank = |items| Scene {
        width: scene.width,
        height: scene.height,
        background: Colour::WHITE,
        items,
        shows: Vec::new(),
    };
    (blank(shapes), blank(texts), pairs.len())
}

/// Dark pixels of `texts` where `shapes` is white, given both as straight RGB(A) rows.
fn ink_outside(shapes: &[u8], texts: &[u8], channels: usize) -> usize {
    shapes
        .chunks_exact(channels)
        .zip(texts.chunks_exact(channels))
        .filter(|(shape, text)| {
            shape[..3].iter().all(|&v| v == 255) && text[..3].iter().any(|&v| v < 100)
        })
        .count()
}

/// The Chinese example's scene with badges, pills and line labels, in both languages.
fn badge_scenes() -> Vec<Scene> {
    let doc =
        stagemap::format::load(&manifest().join("examples/ev-owner-journey.stagemap.ron")).unwrap();
    let hotel =
        stagemap::format::load(&manifest().join("examples/hotel-stay.stagemap.ron")).unwrap();
    let mut scenes = Vec::new();
    for doc in [&doc, &hotel] {
        for language in [Language::English, Language::SimplifiedChinese] {
            let options = SceneOptions {
                markers: true,
                emotion_curves: true,
                language,
                ..SceneOptions::default()
            };
            scenes.push(Scene::build(doc, &options, &TextMeasure::bundled()));
        }
    }
    scenes
}

#[test]
fn badge_and_label_text_stays_inside_its_box_in_png() {
    for scene in badge_scenes() {
        let (shapes, texts, count) = shapes_and_texts(&scene);
        assert!(count > 20, "{count}");
        let scale = 3.0;
        let (shapes, texts) = (pixels(&shapes, scale), pixels(&texts, scale));
        let outside = ink_outside(shapes.data(), texts.data(), 4);
        assert_eq!(outside, 0, "{outside} text pixels outside their boxes");
    }
}

#[test]
fn badge_and_label_text_stays_inside_its_box_in_svg() {
    let mut options = resvg::usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    for scene in badge_scenes() {
        let (shapes, texts, _) = shapes_and_texts(&scene);
        let raster = |scene: &Scene| {
            let svg = to_svg(scene, SvgOptions { embed_font: false });
            let tree = resvg::usvg::Tree::from_str(&svg, &options).unwrap();
            let size = tree.size().to_int_size();
            let mut pixmap = tiny_skia::Pixmap::new(size.width() * 3, size.height() * 3).unwrap();
            resvg::render(
                &tree,
                tiny_skia::Transform::from_scale(3.0, 3.0),
                &mut pixmap.as_mut(),
            );
            pixmap
        };
        let (shapes, texts) = (raster(&shapes), raster(&texts));
        let outside = ink_outside(shapes.data(), texts.data(), 4);
        assert_eq!(outside, 0, "{outside} text pixels outside their boxes");
    }
}

#[test]
fn badge_and_label_text_stays_inside_its_box_in_pdf() {
    let folder = tempfile::tempdir().unwrap();
    for (index, scene) in badge_scenes().into_iter().enumerate() {
        let (shapes, texts, _) = shapes_and_texts(&scene);
        let raster = |scene: &Scene, name: &str| {
            let pdf = folder.path().join(format!("{name}{index}.pdf"));
            std::fs::write(&pdf, to_pdf(scene, &PdfOptions::default()).unwrap()).unwrap();
            let stem = folder.path().join(format!("{name}{index}"));
            poppler(
                "pdftoppm",
                &[
                    "-r",
                    "200",
                    "-singlefile",
                    pdf.to_str().unwrap(),
                    stem.to_str().unwrap(),
                ],
            );
            let ppm = std::fs::read(stem.with_extension("ppm")).unwrap();
            // A binary PPM: "P6", width, height, 255, then RGB.
            let mut header = 0;
            let mut fields = 0;
            while fields < 4 {
                while ppm[header].is_ascii_whitespace() {
                    header += 1;
                }
                while !ppm[header].is_ascii_whitespace() {
                    header += 1;
                }
                fields += 1;
            }
            ppm[header + 1..].to_vec()
        };
        let (shapes, texts) = (raster(&shapes, "shapes"), raster(&texts, "texts"));
        assert_eq!(shapes.len(), texts.len());
        let outside = ink_outside(&shapes, &texts, 3);
        assert_eq!(outside, 0, "{outside} text pixels outside their boxes");
    }
}

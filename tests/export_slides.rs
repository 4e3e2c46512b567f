//! Slides for the handout (`stagemap export --slides`), read back with
//! poppler's tools: a page per step of the walk-through (each view, cut into
//! its readable shots), every page 16:9, the cards of the page's cells as
//! real text and no card of another stage, the page's title and the view's
//! notes, a map's own views instead of the default walk-through, card titles
//! at least the room's smallest readable size as measured in the file, and
//! characters beyond the bundled font drawn by a system font or warned about.
//!
//! Needs poppler-utils (`pdftotext`, `pdfinfo`, `pdftoppm`); `bash tests/run.sh` installs them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use stagemap::export::SceneOptions;
use stagemap::export::job::{self, ExportSettings, Format, Progress};
use stagemap::export::slides::{self, SCREEN, Slide};
use stagemap::layout::{Layout, LayoutOptions};
use stagemap::marker::MarkerKinds;
use stagemap::model::{Document, Focus, StageSpan, View, ViewId};
use stagemap::presentation::{self, Room, shots};
use stagemap::scene::{Language, TextMeasure};

#[path = "support/examples.rs"]
mod examples;
use examples::{EV_OWNER, HOTEL_STAY, ev_owner, example_path, hotel_stay};
#[path = "support/poppler.rs"]
mod poppler;
use poppler::{page_count, page_text, pdftotext, poppler};
#[path = "support/small_map.rs"]
mod small_map;
use small_map::small_map;
#[path = "support/decided.rs"]
mod decided;

/// The deck of `doc` made through the export job, written to a file in a
/// fresh temporary folder (kept alive by the returned guard).
fn deck(doc: &Document) -> (tempfile::TempDir, PathBuf) {
    // As the command line draws by default: markers and curves on.
    let settings = ExportSettings {
        scene: SceneOptions {
            markers: true,
            marker_kinds: MarkerKinds::ALL,
            emotion_curves: true,
            ..SceneOptions::default()
        },
        ..ExportSettings::default()
    };
    let rendered = job::render(doc, Format::Slides, &settings, &Progress::new()).unwrap();
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deck.pdf");
    std::fs::write(&path, rendered.bytes).unwrap();
    (dir, path)
}

/// The command line run with `args` and the environment variables `env`.
fn stagemap(args: &[&OsStr], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stagemap"));
    command.args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

/// The pages a deck of `doc` should have, counted from the walk-through and
/// the framing alone: for each view, the shots of its stages with its layers
/// on the screen its page leaves the map (less the notes band), titles at
/// the default room's smallest readable size on a 1920 pixel wide screen.
fn expected_pages(doc: &Document) -> usize {
    let measure = TextMeasure::bundled();
    let min_title = Room::default().min_text_px(1920.0);
    presentation::views(doc)
        .iter()
        .map(|view| {
            let layout = Layout::compute(
                doc,
                LayoutOptions {
                    layers: view.layers,
                },
            );
            let notes = slides::notes_lines(&view.notes, &measure).len();
            shots(
                &layout,
                view.stage_indices(doc),
                slides::map_screen(notes),
                min_title,
            )
            .len()
        })
        .sum()
}

/// `text` without any white space (pdftotext breaks and spaces lines as it sees fit).
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Width and height in points of every page, from `pdfinfo -f 1 -l N`.
fn page_sizes(pdf: &Path, pages: usize) -> Vec<(f32, f32)> {
    let last = pages.to_string();
    let info = poppler(
        "pdfinfo",
        &[
            OsStr::new("-f"),
            OsStr::new("1"),
            OsStr::new("-l"),
            OsStr::new(&last),
            pdf.as_os_str(),
        ],
    );
    info.lines()
        .filter(|line| line.starts_with("Page") && line.contains(" size: "))
        .map(|line| {
            let numbers: Vec<f32> = line
                .split_once(" size: ")
                .unwrap()
                .1
                .split_whitespace()
                .filter_map(|word| word.parse().ok())
                .collect();
            (numbers[0], numbers[1])
        })
        .collect()
}

/// The titles of the cards in the cells a page's shot shows (its columns,
/// and lanes the area reaches), and of the cards of the view's stages it does not show.
fn cards_of(doc: &Document, view: &View, slide: &Slide) -> (Vec<String>, Vec<String>) {
    let layout = Layout::compute(
        doc,
        LayoutOptions {
            layers: view.layers,
        },
    );
    let area = slide.shot.area;
    let mut shown = Vec::new();
    for card_box in &layout.cards {
        let card = doc.card(card_box.id).unwrap();
        let in_columns = slide.shot.columns.contains(&card_box.cell.column);
        let in_rows = card_box.rect.min.y < area.max.y && card_box.rect.max.y > area.min.y;
        if in_columns && in_rows && !card.title.trim().is_empty() {
            shown.push(card.title.clone());
        }
    }
    let stages = view.stage_indices(doc).unwrap();
    let others = doc
        .cards
        .iter()
        .filter(|card| {
            doc.stages
                .iter()
                .position(|stage| stage.steps.iter().any(|step| step.id == card.step))
                .is_some_and(|stage| !stages.contains(&stage))
        })
        .map(|card| card.title.clone())
        .collect();
    (shown, others)
}

#[test]
fn the_walkthrough_is_a_widescreen_page_per_view_and_shot_from_the_library_and_the_cli() {
    let doc = ev_owner();
    let expected = expected_pages(&doc);
    // By hand: the whole map, then each stage at least once.
    assert!(expected > doc.stages.len(), "{expected}");
    // The electric-car blueprint reveals four layers per stage: 1 + 4 × 4 views.
    assert_eq!(presentation::views(&doc).len(), 1 + 4 * doc.stages.len());

    let (_dir, library) = deck(&doc);
    let out = tempfile::tempdir().unwrap();
    let cli = out.path().join("deck.pdf");
    let map = example_path(EV_OWNER);
    let output = stagemap(
        &[
            OsStr::new("export"),
            map.as_os_str(),
            OsStr::new("-o"),
            cli.as_os_str(),
            OsStr::new("--slides"),
        ],
        &[],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for pdf in [&library, &cli] {
        assert_eq!(page_count(pdf), expected, "{}", pdf.display());
        let sizes = page_sizes(pdf, expected);
        assert_eq!(sizes.len(), expected);
        for (width, height) in sizes {
            assert!(
                (width / height - 16.0 / 9.0).abs() < 1e-3,
                "{width} × {height}"
            );
        }
    }
    // The handout is titled after the map.
    let info = poppler::pdfinfo(&library);
    assert_eq!(poppler::info_field(&info, "Title"), doc.meta.title);
    // The same slides either way.
    assert!(
        pdftotext(&[], &library) == pdftotext(&[], &cli),
        "the library's deck and the command line's differ"
    );
}

#[test]
fn each_page_shows_its_cards_its_title_and_no_card_of_another_stage() {
    let doc = ev_owner();
    let (_dir, pdf) = deck(&doc);
    let views = presentation::views(&doc);
    let plan = slides::plan(&doc, Language::SimplifiedChinese);
    assert_eq!(plan.len(), page_count(&pdf));
    let mut seen_titles = HashSet::new();
    for (index, slide) in plan.iter().enumerate() {
        let view = &views[slide.view];
        let text = squeezed(&page_text(&pdf, index + 1));
        let title = presentation::view_title(&doc, view, Language::SimplifiedChinese);
        assert!(
            text.contains(&squeezed(&title)),
            "page {}: {title}",
            index + 1
        );
        assert!(text.contains(&format!("{}/{}", index + 1, plan.len())));
        let (shown, others) = cards_of(&doc, view, slide);
        for card in &shown {
            assert!(
                text.contains(&squeezed(card)),
                "page {} ({title}) lacks {card}: {text}",
                index + 1
            );
            seen_titles.insert(card.clone());
        }
        if !view.is_whole_map(&doc) {
            for card in &others {
                assert!(
                    !text.contains(&squeezed(card)),
                    "page {} ({title}) shows {card} of another stage",
                    index + 1
                );
            }
        }
    }
    // Every card is on some page, and the pages are named as a person would name them.
    for card in &doc.cards {
        assert!(seen_titles.contains(&card.title), "{}", card.title);
    }
    assert!(squeezed(&page_text(&pdf, 1)).contains(&squeezed(&doc.meta.title)));
    let maintenance = doc.stages.iter().position(|s| s.name == "维保").unwrap();
    let backstage = plan
        .iter()
        .position(|slide| {
            views[slide.view].stages == Some(StageSpan::single(doc.stages[maintenance].id))
                && views[slide.view].layers == stagemap::layout::LayerPreset::UpToBackstage
        })
        .unwrap();
    assert!(page_text(&pdf, backstage + 1).contains("维保 · 后台"));
}

/// The map's own views, one of them with notes and a focus on the pain points.
fn with_own_views(mut doc: Document) -> Document {
    let stage = doc.stages[2].id;
    doc.presentation.views = vec![
        View {
            id: ViewId(1),
            title: "全程概览".into(),
            notes: "先看整张地图，再逐段讨论。".into(),
            ..View::default()
        },
        View {
            id: ViewId(2),
            stages: Some(StageSpan::single(stage)),
            focus: Some(Focus::PainPoints),
            notes: "维保环节的痛点：等待时间长，进度不透明。请大家补充一线经验。".into(),
            ..View::default()
        },
    ];
    doc
}

#[test]
fn a_map_with_its_own_views_shows_those_with_their_notes() {
    let doc = with_own_views(ev_owner());
    let (_dir, pdf) = deck(&doc);
    let pages = page_count(&pdf);
    assert_eq!(pages, expected_pages(&doc));
    let plan = slides::plan(&doc, Language::SimplifiedChinese);
    // Only the two views, in order, each on at least one page.
    let views: Vec<usize> = plan.iter().map(|slide| slide.view).collect();
    assert!(views.windows(2).all(|pair| pair[0] <= pair[1]));
    assert_eq!(views.first(), Some(&0));
    assert_eq!(views.last(), Some(&1));
    for (index, slide) in plan.iter().enumerate() {
        let text = squeezed(&page_text(&pdf, index + 1));
        let view = &doc.presentation.views[slide.view];
        assert!(text.contains(&squeezed(&view.notes)), "page {}", index + 1);
        let title = if slide.view == 0 {
            "全程概览"
        } else {
            "维保"
        };
        assert!(text.contains(title), "page {}: {text}", index + 1);
    }
    // No page of the default walk-through.
    let all = pdftotext(&[], &pdf);
    assert!(!all.contains("· 后台") && !all.contains("· 顾客"));

    // A small map whose views each fit a screen: exactly one page per view.
    let mut small = small_map("Check-in", &[("Queue at the desk", None)]);
    small.presentation.views = (1..=3)
        .map(|id| View {
            id: ViewId(id),
            title: format!("View {id}"),
            ..View::default()
        })
        .collect();
    let (_dir, pdf) = deck(&small);
    assert_eq!(page_count(&pdf), 3);
    for page in 1..=3 {
        let text = page_text(&pdf, page);
        assert!(text.contains(&format!("View {page}")) && text.contains("Queue at the desk"));
    }
}

#[test]
fn card_titles_are_at_least_the_room_s_smallest_readable_size() {
    let doc = ev_owner();
    let min_title = Room::default().min_text_px(1920.0);
    // In the writer's own geometry.
    let plan = slides::plan(&doc, Language::SimplifiedChinese);
    for slide in &plan {
        assert!(slide.shot.title_size() >= min_title - 1e-3);
    }
    // Measured in the file: poppler's word boxes are as tall as the font size,
    // in points of a page 1920 pixels (SCREEN) wide.
    let (_dir, pdf) = deck(&doc);
    let (page_width, _) = poppler::page_size(&pdf);
    let px_per_pt = SCREEN.width / page_width;
    let other_words: Vec<String> = doc
        .stages
        .iter()
        .flat_map(|stage| {
            std::iter::once(stage.name.clone()).chain(stage.steps.iter().map(|s| s.name.clone()))
        })
        .chain(doc.lanes.iter().map(|lane| lane.name.clone()))
        .collect();
    let card_words = |word: &str| {
        word.chars().count() >= 2
            && doc.cards.iter().any(|card| card.title.contains(word))
            && !other_words.iter().any(|name| name.contains(word))
    };
    let bbox = pdftotext(&["-bbox"], &pdf);
    let mut measured = 0;
    for line in bbox.lines().filter(|line| line.contains("<word ")) {
        let word = line.split('>').nth(1).unwrap().trim_end_matches("</word");
        if !card_words(word) {
            continue;
        }
        let number = |key: &str| -> f32 {
            let rest = line.split(&format!("{key}=\"")).nth(1).unwrap();
            rest.split('"').next().unwrap().parse().unwrap()
        };
        let height_px = (number("yMax") - number("yMin")) * px_per_pt;
        assert!(height_px >= min_title - 0.05, "{word}: {height_px} px");
        measured += 1;
    }
    assert!(measured > doc.cards.len(), "{measured} words measured");
}

#[test]
fn rare_characters_are_text_from_a_system_font_or_warned_about() {
    let mut doc = ev_owner();
    doc.cards[0].title = "张喆的充电桩".into();
    let (_dir, pdf) = deck(&doc);
    assert!(pdftotext(&[], &pdf).contains("张喆的充电桩"));

    // Without system fonts the character is a box, and the command line says so.
    let folder = tempfile::tempdir().unwrap();
    let map = folder.path().join("rare.stagemap.ron");
    stagemap::format::save(&doc, &map).unwrap();
    let out = folder.path().join("deck.pdf");
    let output = stagemap(
        &[
            OsStr::new("export"),
            map.as_os_str(),
            OsStr::new("-o"),
            out.as_os_str(),
            OsStr::new("--slides"),
        ],
        &[("STAGEMAP_SYSTEM_FONTS", "none")],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("喆 (U+5586)") && stderr.contains("张喆的充电桩"),
        "{stderr}"
    );
}

#[test]
fn slides_are_refused_for_other_formats_and_the_hotel_deck_is_whole() {
    let folder = tempfile::tempdir().unwrap();
    let svg = folder.path().join("deck.svg");
    let map = example_path(HOTEL_STAY);
    let output = stagemap(
        &[
            OsStr::new("export"),
            map.as_os_str(),
            OsStr::new("-o"),
            svg.as_os_str(),
            OsStr::new("--slides"),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("slides are written as PDF"));
    assert!(!svg.exists());

    let doc = hotel_stay();
    let (_dir, pdf) = deck(&doc);
    assert_eq!(page_count(&pdf), expected_pages(&doc));
    let text = squeezed(&pdftotext(&[], &pdf));
    for card in &doc.cards {
        assert!(text.contains(&squeezed(&card.title)), "{}", card.title);
    }
}

/// Page `page` (from 1) of `pdf` rendered at 144 dpi: one pixel per pixel of
/// the 1920 × 1080 screen the page frames. Width, height and RGBA pixels.
fn render_page(pdf: &Path, page: usize) -> (u32, u32, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let stem = dir.path().join("page");
    let page = page.to_string();
    poppler(
        "pdftoppm",
        &[
            OsStr::new("-r"),
            OsStr::new("144"),
            OsStr::new("-f"),
            OsStr::new(&page),
            OsStr::new("-l"),
            OsStr::new(&page),
            OsStr::new("-png"),
            OsStr::new("-singlefile"),
            pdf.as_os_str(),
            stem.as_os_str(),
        ],
    );
    let bytes = std::fs::read(stem.with_extension("png")).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut data = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut data).unwrap();
    data.truncate(info.buffer_size());
    let channels = info.color_type.samples();
    let rgba = data
        .chunks(channels)
        .flat_map(|px| [px[0], px[1], px[2], 255])
        .collect();
    (info.width, info.height, rgba)
}

/// The mean colour of the pixels in `rect` (screen pixels) of a rendered page.
fn mean(page: &(u32, u32, Vec<u8>), rect: stagemap::layout::Rect) -> [f32; 3] {
    let (width, _, pixels) = page;
    let mut sum = [0.0; 3];
    let mut count = 0.0;
    for y in rect.min.y.ceil() as usize..rect.max.y.floor() as usize {
        for x in rect.min.x.ceil() as usize..rect.max.x.floor() as usize {
            let at = (y * *width as usize + x) * 4;
            for channel in 0..3 {
                sum[channel] += f32::from(pixels[at + channel]);
            }
            count += 1.0;
        }
    }
    sum.map(|total| total / count)
}

#[test]
fn cards_the_focus_leaves_out_are_dimmed_and_the_others_drawn_as_without_it() {
    let mut doc = ev_owner();
    let stage = doc.stages[2].id;
    let view = |focus| View {
        id: ViewId(1),
        stages: Some(StageSpan::single(stage)),
        focus,
        ..View::default()
    };
    let mut plain = doc.clone();
    plain.presentation.views = vec![view(None)];
    doc.presentation.views = vec![view(Some(Focus::PainPoints))];
    let (_focused_dir, focused) = deck(&doc);
    let (_plain_dir, unfocused) = deck(&plain);
    let plan = slides::plan(&doc, Language::SimplifiedChinese);
    assert_eq!(plan, slides::plan(&plain, Language::SimplifiedChinese));
    let layout = Layout::compute(&doc, LayoutOptions::default());
    let (mut dimmed, mut kept) = (0, 0);
    for (index, slide) in plan.iter().enumerate() {
        let with = render_page(&focused, index + 1);
        let without = render_page(&unfocused, index + 1);
        assert_eq!((with.0, with.1), (1920, 1080));
        // Where the page puts the map: the shot's origin at the map's corner, zoomed.
        let screen = presentation::Screen {
            width: slide.map.width(),
            height: slide.map.height(),
        };
        let origin = slide.shot.origin(screen);
        let zoom = slide.shot.zoom;
        for card_box in &layout.cards {
            let rect = card_box.rect;
            let area = slide.shot.area;
            if !slide.shot.columns.contains(&card_box.cell.column)
                || rect.min.y < area.min.y
                || rect.max.y > area.max.y
            {
                continue;
            }
            let on_page = stagemap::layout::Rect {
                min: stagemap::layout::Point::new(
                    slide.map.min.x + (rect.min.x + 4.0 - origin.x) * zoom,
                    slide.map.min.y + (rect.min.y + 4.0 - origin.y) * zoom,
                ),
                max: stagemap::layout::Point::new(
                    slide.map.min.x + (rect.max.x - 4.0 - origin.x) * zoom,
                    slide.map.min.y + (rect.max.y - 4.0 - origin.y) * zoom,
                ),
            };
            let (a, b) = (mean(&with, on_page), mean(&without, on_page));
            let change: f32 = a.iter().zip(b).map(|(a, b)| (a - b).abs()).sum();
            let card = doc.card(card_box.id).unwrap();
            if card.pain || card.fail {
                // A dimmed connector ending at a kept card may cross it (a change of ~2).
                assert!(change < 4.0, "{} kept, yet changed by {change}", card.title);
                kept += 1;
            } else {
                // A quarter opacity changes a card by 23 or more.
                assert!(
                    change > 15.0,
                    "{} dimmed, yet changed by {change}",
                    card.title
                );
                dimmed += 1;
            }
        }
    }
    assert!(dimmed > 3 && kept > 1, "{dimmed} dimmed, {kept} kept");
}

#[test]
fn the_slides_show_the_latest_revealed_round_s_counts_as_the_canvas_does() {
    // The decided example: a revealed round (3, 2, 2, 1, 1 dots on the
    // opportunities) and an open one, whose votes stay hidden.
    let revealed = decided::decided(ev_owner());
    let mut hidden = revealed.clone();
    for round in &mut hidden.decisions.rounds {
        round.closed = None;
    }
    let options = SceneOptions::default();
    let counts = |doc: &Document| {
        let deck = slides::to_pdf(doc, &options, &mut |_| true).unwrap();
        let mut counts: Vec<String> = deck
            .text
            .into_iter()
            .filter(|line| ["1", "2", "3"].contains(&line.as_str()))
            .collect();
        counts.sort();
        counts
    };
    let (with, without) = (counts(&revealed), counts(&hidden));
    // Each count shows at least once (on the whole map's pages), and only
    // the revealed round adds them.
    for count in ["1", "2", "3"] {
        let more = with.iter().filter(|c| *c == count).count()
            - without.iter().filter(|c| *c == count).count();
        assert!(more >= 1, "{count}: {with:?} against {without:?}");
    }
}

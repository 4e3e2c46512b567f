//! PDF export of the Chinese example, read back with poppler's tools: the text
//! is real text in an embedded subset font, pages have the paper's size, and a
//! tiled poster has the expected sheets, each showing its part of the map with
//! neighbouring sheets lined up by the overlap.
//!
//! Needs poppler-utils (`pdftotext`, `pdffonts`, `pdfinfo`); `bash tests/run.sh` installs them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use stagemap::export::pdf::{
    Orientation, Paper, PdfOptions, SHEET_MARGIN_MM, Tiling, plan_sheets, sheet_grid,
    tiled_poster_mm, to_pdf,
};
use stagemap::export::{Scene, TextMeasure};
use stagemap::layout::{Point, Rect};
use stagemap::scene::{Anchor, Colour, Item, TextRun};

#[path = "support/examples.rs"]
mod examples;
use examples::ev_owner;
#[path = "support/snapshots.rs"]
mod snapshots;
use snapshots::everything_shown;
#[path = "support/poppler.rs"]
mod poppler;
use poppler::{PT_PER_MM, page_count, page_size, page_text, pdftotext, poppler};

fn ev_owner_scene() -> Scene {
    Scene::build(&ev_owner(), &everything_shown(), &TextMeasure::bundled())
}

/// `bytes` written to a file in a fresh temporary folder (kept alive by the returned guard).
fn pdf_file(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.pdf");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

#[test]
fn chinese_text_is_real_text_in_an_embedded_subset_font() {
    let doc = ev_owner();
    let bytes = to_pdf(&ev_owner_scene(), &PdfOptions::default()).unwrap();
    let (_dir, pdf) = pdf_file(&bytes);
    let text = pdftotext(&[], &pdf);
    for expected in [
        "维保等待时间长",
        "CRM 线索分配",
        "OTA 推送通知",
        "官网与 App 车型页",
        "2026-05-04",
        doc.meta.title.as_str(),
    ] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }
    let fonts = poppler("pdffonts", &[pdf.as_os_str()]);
    // The header, a rule, then one line per font: name type… encoding emb sub uni object id.
    let rows: Vec<Vec<&str>> = fonts
        .lines()
        .skip(2)
        .map(|line| line.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 1, "{fonts}");
    let row = &rows[0];
    let name = row[0];
    assert!(name.contains("NotoSans"), "{fonts}");
    // A subset font's name starts with six capitals and a plus sign.
    assert_eq!(name.find('+'), Some(6), "{fonts}");
    let flags = &row[row.len() - 5..row.len() - 2];
    assert_eq!(flags, ["yes", "yes", "yes"], "emb, sub, uni: {fonts}");
}

#[test]
fn pages_have_the_size_of_the_paper() {
    let scene = ev_owner_scene();
    for (paper, orientation, expected_mm) in [
        (Paper::A4, Orientation::Landscape, (297.0, 210.0)),
        (Paper::A4, Orientation::Portrait, (210.0, 297.0)),
        (Paper::A3, Orientation::Portrait, (297.0, 420.0)),
        (Paper::A1, Orientation::Landscape, (841.0, 594.0)),
    ] {
        let options = PdfOptions {
            paper,
            orientation,
            ..PdfOptions::default()
        };
        let (_dir, pdf) = pdf_file(&to_pdf(&scene, &options).unwrap());
        let (width, height) = page_size(&pdf);
        let expected: (f32, f32) = (expected_mm.0 * PT_PER_MM, expected_mm.1 * PT_PER_MM);
        assert!(
            (width - expected.0).abs() < 0.1 && (height - expected.1).abs() < 0.1,
            "{paper:?} {orientation:?}: {width} × {height} pt, expected {expected:?}"
        );
        assert_eq!(page_count(&pdf), 1);
        assert_eq!(sheet_grid(&scene, &options), (1, 1));
    }
}

/// Where the scene's point lands on a tiled A1 landscape poster with 10 mm
/// margins, in millimetres: the poster is the map alone, scaled to fit.
fn on_a1_poster(scene: &Scene, point: Point) -> Point {
    let scale = (821.0 / scene.width).min(574.0 / scene.height);
    Point::new(point.x * scale, point.y * scale)
}

#[test]
fn an_a1_poster_on_a4_sheets_shows_each_card_on_the_sheets_that_cover_it() {
    let scene = ev_owner_scene();
    let options = PdfOptions {
        paper: Paper::A1,
        tile: Some(Tiling::default()),
        ..PdfOptions::default()
    };
    // Only the map is cut into sheets: a map wider than A1's shape leaves
    // the paper's lower band out, and with it the sheets that would be blank.
    let poster = tiled_poster_mm(&scene, &options);
    assert!(
        (poster.0 - 821.0).abs() < 0.01 && poster.1 < 574.0,
        "{poster:?}"
    );
    let plan = plan_sheets(poster, Tiling::default()).unwrap();
    let (columns, rows) = (plan.columns, plan.rows);
    assert_eq!(sheet_grid(&scene, &options), (columns, rows));
    assert!(rows * columns < 15, "{columns} × {rows}");
    for sheet in &plan.sheets {
        assert!(sheet.cut.width() > 0.0 && sheet.cut.height() > 0.0);
        assert!(sheet.cut.max.x <= poster.0 + 0.01 && sheet.cut.max.y <= poster.1 + 0.01);
    }
    let bytes = to_pdf(&scene, &options).unwrap();
    let (_dir, pdf) = pdf_file(&bytes);
    assert_eq!(page_count(&pdf), plan.sheets.len());
    let (width, height) = page_size(&pdf);
    // A4 sheets, laid whichever way needs fewer of them.
    let sheet = (plan.sheet_mm.0 * PT_PER_MM, plan.sheet_mm.1 * PT_PER_MM);
    assert!((width - sheet.0).abs() < 0.1 && (height - sheet.1).abs() < 0.1);
    assert!(
        [210.0, 297.0].contains(&plan.sheet_mm.0) && plan.sheet_mm.0 + plan.sheet_mm.1 == 507.0
    );
    // The poster's drawing is written once and shown on every sheet.
    let single = to_pdf(
        &scene,
        &PdfOptions {
            tile: None,
            ..options
        },
    )
    .unwrap();
    assert!(
        bytes.len() < 2 * single.len(),
        "{} vs {}",
        bytes.len(),
        single.len()
    );

    let measure = TextMeasure::bundled();
    let texts: Vec<String> = (1..=plan.sheets.len())
        .map(|page| page_text(&pdf, page))
        .collect();
    for title in ["维保等待时间长", "CRM 线索分配", "夜间 OTA 升级"] {
        let run = scene
            .items
            .iter()
            .find_map(|item| match item {
                Item::Text(run) if run.lines.first().is_some_and(|line| line == title) => Some(run),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no text run {title}"));
        let width = measure.width(title, run.size);
        let text_box = Rect {
            min: on_a1_poster(&scene, Point::new(run.x, run.baseline - run.size)),
            max: on_a1_poster(&scene, Point::new(run.x + width, run.baseline)),
        };
        let (mut inside, mut away) = (0, 0);
        for (sheet, text) in plan.sheets.iter().zip(&texts) {
            let label = sheet.name();
            let (row, column) = (sheet.row + 1, sheet.column + 1);
            assert!(text.contains(&format!(
                "{label} · row {row} of {rows}, column {column} of {columns}"
            )));
            assert!(
                text.contains(&format!("第 {row} 行，第 {column} 列")),
                "{text}"
            );
            if sheet.window.contains(text_box.min) && sheet.window.contains(text_box.max) {
                inside += 1;
                assert!(text.contains(title), "{title} missing on sheet {label}");
            } else if !sheet.window.expand(SHEET_MARGIN_MM).intersects(&text_box) {
                away += 1;
                assert!(
                    !text.contains(title),
                    "{title} on sheet {label}, far from it"
                );
            }
        }
        assert!(
            inside >= 1 && away >= plan.sheets.len() / 2,
            "{title}: {inside} sheets show it, {away} do not"
        );
    }
}

/// Positions of `word` on a page, from `pdftotext -bbox`: (xMin, yMin) in points.
fn word_positions(pdf: &Path, page: usize, word: &str) -> Vec<(f32, f32)> {
    let page = page.to_string();
    let html = pdftotext(&["-bbox", "-f", &page, "-l", &page], pdf);
    let attribute = |line: &str, name: &str| -> f32 {
        let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + line[start..].find('"').unwrap();
        line[start..end].parse().unwrap()
    };
    html.lines()
        .filter(|line| line.contains(&format!(">{word}</word>")))
        .map(|line| (attribute(line, "xMin"), attribute(line, "yMin")))
        .collect()
}

#[test]
fn neighbouring_sheets_print_a_point_of_their_overlap_where_the_overlap_predicts() {
    // A scene as large as A1 landscape, one unit a millimetre, printed with
    // no margin: its point (x, y) is the tiled poster's (x, y), and the poster
    // is cut as the unit tests work out by hand (5 × 3 portrait A4 sheets).
    let word = |text: &str, x: f32, baseline: f32| {
        Item::Text(TextRun {
            x,
            baseline,
            size: 4.0,
            line_height: 5.0,
            colour: Colour::rgb(0, 0, 0),
            anchor: Anchor::Start,
            lines: vec![text.to_owned()],
        })
    };
    let scene = Scene {
        shows: Vec::new(),
        width: 841.0,
        height: 594.0,
        background: Colour::WHITE,
        // Poster (187, 100): in the overlap of columns 1 and 2 (184..194 mm);
        // poster (100, 275): in the overlap of rows 1 and 2 (271..281 mm).
        items: vec![word("横向", 187.0, 100.0), word("纵向", 100.0, 275.0)],
    };
    let options = PdfOptions {
        paper: Paper::A1,
        tile: Some(Tiling::default()),
        margin_mm: 0.0,
        ..PdfOptions::default()
    };
    let (_dir, pdf) = pdf_file(&to_pdf(&scene, &options).unwrap());
    let near = |a: f32, b_mm: f32| (a - b_mm * PT_PER_MM).abs() < 0.05;
    // Sheet A1 (page 1) shows poster x 187 at 8 + 187 mm; A2 (page 2), whose
    // window starts at 184 mm, at 8 + 3 mm; the same height on both.
    let across_a1 = word_positions(&pdf, 1, "横向");
    let across_a2 = word_positions(&pdf, 2, "横向");
    assert_eq!((across_a1.len(), across_a2.len()), (1, 1));
    assert!(near(across_a1[0].0, 195.0), "{across_a1:?}");
    assert!(near(across_a2[0].0, 11.0), "{across_a2:?}");
    assert!((across_a1[0].1 - across_a2[0].1).abs() < 0.05);
    // Sheet B1 (page 6), whose window starts 271 mm down, shows poster y 275
    // 271 mm higher than A1 does, at the same x.
    let down_a1 = word_positions(&pdf, 1, "纵向");
    let down_b1 = word_positions(&pdf, 6, "纵向");
    assert_eq!((down_a1.len(), down_b1.len()), (1, 1));
    assert!(near(down_a1[0].0, 108.0) && near(down_b1[0].0, 108.0));
    assert!(
        near(down_a1[0].1 - down_b1[0].1, 271.0),
        "{down_a1:?} {down_b1:?}"
    );
    // Neither word reaches a sheet whose window is far from it.
    assert!(word_positions(&pdf, 3, "横向").is_empty());
    assert!(word_positions(&pdf, 11, "纵向").is_empty());
}

#[test]
fn bad_options_are_refused_with_what_to_do() {
    let scene = ev_owner_scene();
    let too_much_overlap = PdfOptions {
        paper: Paper::A0,
        tile: Some(Tiling {
            sheet: Paper::A4,
            overlap_mm: 150.0,
        }),
        ..PdfOptions::default()
    };
    let error = to_pdf(&scene, &too_much_overlap).unwrap_err().to_string();
    assert!(
        error.contains("overlap") && error.contains("0 to 97 mm"),
        "{error}"
    );
    let error = Paper::parse("letter").unwrap_err().to_string();
    assert!(error.contains("A0, A1, A2, A3 or A4"), "{error}");
}

#[test]
fn the_sheets_of_a_traditional_chinese_export_count_rows_as_列_and_columns_as_欄() {
    let map = examples::example_path("hotel-stay.stagemap.ron");
    let dir = tempfile::tempdir().unwrap();
    for (lang, place) in [("zh-TW", "第 1 列，第 1 "), ("zh-CN", "第 1 行，第 1 列")] {
        let pdf = dir.path().join(format!("{lang}.pdf"));
        let output = Command::new(env!("CARGO_BIN_EXE_stagemap"))
            .arg("export")
            .arg(&map)
            .args(["-o", pdf.to_str().unwrap(), "--paper", "a2", "--tile", "a4"])
            .args(["--lang", lang])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = page_text(&pdf, 1);
        assert!(text.contains("A1 · row 1 of "), "{lang}: {text}");
        assert!(text.contains(place), "{lang}: {text}");
    }
}

//! The impact/effort matrix exported as a picture (`--matrix`, the export
//! dialog's What choice): SVG, PDF and PNG carry the quadrant names and the
//! items' titles in Chinese.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use stagemap::decisions;
use stagemap::export::job::{self, Drawing, ExportSettings, Format, Progress};
use stagemap::export::{SceneOptions, Theme};
use stagemap::model::Document;
use stagemap::scene::Language;

#[path = "support/examples.rs"]
mod examples;
#[path = "support/poppler.rs"]
mod poppler;

/// The Chinese example's matrix exported as `format`, in Simplified Chinese.
fn export(doc: &Document, format: Format) -> Vec<u8> {
    let settings = ExportSettings {
        drawing: Drawing::Matrix,
        scene: SceneOptions {
            language: Language::SimplifiedChinese,
            theme: Theme::Light,
            ..SceneOptions::default()
        },
        ..ExportSettings::default()
    };
    job::render(doc, format, &settings, &Progress::new())
        .unwrap()
        .bytes
}

/// What the matrix must show: the four quadrant names and each item's title.
fn expected(doc: &Document) -> Vec<String> {
    let mut texts: Vec<String> = ["速赢", "重大投入", "填充", "不值得", "影响", "投入"]
        .map(String::from)
        .to_vec();
    texts.extend(
        decisions::matrix_items(doc)
            .iter()
            .map(|item| doc.card(item.card).unwrap().title.clone()),
    );
    texts
}

#[test]
fn the_svg_of_the_matrix_holds_its_names_and_titles_as_text() {
    let doc = examples::ev_owner();
    assert!(decisions::matrix_items(&doc).len() >= 4);
    let svg = String::from_utf8(export(&doc, Format::Svg)).unwrap();
    for text in expected(&doc) {
        // A title may be wrapped over lines: each of its characters is in the text.
        assert!(
            svg.contains(&text) || text.chars().all(|c| svg.contains(c)),
            "{text}"
        );
    }
    assert!(svg.contains("速赢") && svg.contains("不值得"));
}

#[test]
fn the_pdf_of_the_matrix_reads_back_in_chinese() {
    let doc = examples::ev_owner();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("matrix.pdf");
    std::fs::write(&path, export(&doc, Format::Pdf)).unwrap();
    let text: String = poppler::pdftotext(&[], &path)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for expected in expected(&doc) {
        let expected: String = expected.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&expected), "{expected} not in {text}");
    }
}

#[test]
fn the_png_of_the_matrix_is_the_matrix_scene_drawn() {
    let doc = examples::ev_owner();
    let png = export(&doc, Format::Png);
    assert!(png.starts_with(b"\x89PNG"));
    let settings = ExportSettings {
        drawing: Drawing::Matrix,
        ..ExportSettings::default()
    };
    let scene = job::scene(&doc, &settings).unwrap();
    assert_eq!(
        (scene.width, scene.height),
        (
            stagemap::scene::matrix::WIDTH,
            stagemap::scene::matrix::HEIGHT
        )
    );
    // At the default one pixel per unit, the picture is the matrix' size, not the map's.
    assert_eq!(image_size(&png), (scene.width as u32, scene.height as u32));
}

/// Width and height from a PNG's header.
fn image_size(png: &[u8]) -> (u32, u32) {
    let number = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

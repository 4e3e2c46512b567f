//! PNG export of the Chinese example: the picture matches a golden image within
//! a per-pixel tolerance, Chinese card titles are drawn as real glyphs, the
//! size and background options hold, and the command line writes a PNG.
//!
//! After an intended change of the drawing, rewrite the golden image with
//! `UPDATE_SNAPSHOTS=1 cargo test --test export_png` and look at it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use stagemap::export::png::{PngOptions, PngSize, render, to_png};
use stagemap::export::{Scene, SceneOptions, TextMeasure};
use stagemap::scene::{Anchor, Item, TextRun};

#[path = "support/examples.rs"]
mod examples;
use examples::{EV_OWNER, ev_owner, example_path};
#[path = "support/png_pixels.rs"]
mod png_pixels;
use png_pixels::decode;
#[path = "support/snapshots.rs"]
mod snapshots;
use snapshots::{CHANNEL_TOLERANCE, DIFFERENT_PIXELS_ALLOWED, everything_shown};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// How many pixels differ by more than `CHANNEL_TOLERANCE` in any channel.
fn differing_pixels(a: &[u8], b: &[u8]) -> usize {
    a.chunks_exact(4)
        .zip(b.chunks_exact(4))
        .filter(|(p, q)| {
            p.iter()
                .zip(q.iter())
                .any(|(x, y)| x.abs_diff(*y) > CHANNEL_TOLERANCE)
        })
        .count()
}

#[test]
fn the_chinese_example_matches_its_golden_image() {
    let scene = Scene::build(&ev_owner(), &everything_shown(), &TextMeasure::bundled());
    let bytes = to_png(&scene, PngOptions::default()).unwrap();
    let golden_path = manifest().join("tests/golden/export/ev-owner-journey.png");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(golden_path.parent().unwrap()).unwrap();
        std::fs::write(&golden_path, &bytes).unwrap();
    }
    let golden = std::fs::read(&golden_path).expect(
        "the golden image is missing; make it with UPDATE_SNAPSHOTS=1 cargo test --test export_png",
    );
    let (width, height, pixels) = decode(&bytes);
    let (golden_width, golden_height, golden_pixels) = decode(&golden);
    assert_eq!((width, height), (golden_width, golden_height));
    let differing = differing_pixels(&pixels, &golden_pixels);
    let allowed = (f64::from(width) * f64::from(height) * DIFFERENT_PIXELS_ALLOWED) as usize;
    // The comparison notices a change as small as leaving the emotion curves out.
    let without_curves = Scene::build(
        &ev_owner(),
        &SceneOptions {
            emotion_curves: false,
            ..everything_shown()
        },
        &TextMeasure::bundled(),
    );
    let (_, _, changed) = decode(&to_png(&without_curves, PngOptions::default()).unwrap());
    assert!(differing_pixels(&changed, &golden_pixels) > allowed);
    // And one as small as leaving the card markers out.
    let without_markers = Scene::build(
        &ev_owner(),
        &SceneOptions {
            markers: false,
            ..everything_shown()
        },
        &TextMeasure::bundled(),
    );
    let (_, _, changed) = decode(&to_png(&without_markers, PngOptions::default()).unwrap());
    assert!(differing_pixels(&changed, &golden_pixels) > allowed);
    if differing > allowed {
        let actual = std::env::temp_dir().join("ev-owner-journey.actual.png");
        std::fs::write(&actual, &bytes).unwrap();
        panic!(
            "{differing} pixels differ from the golden image (allowed {allowed}); \
             the new picture is at {}",
            actual.display()
        );
    }
}

/// Dark pixels (well below the card fill's brightness) in a box of the pixmap.
fn dark_pixels(pixels: &tiny_skia::Pixmap, left: f32, top: f32, right: f32, bottom: f32) -> usize {
    let mut count = 0;
    for y in top.floor() as u32..bottom.ceil() as u32 {
        for x in left.floor() as u32..right.ceil() as u32 {
            let Some(pixel) = pixels.pixel(x, y) else {
                continue;
            };
            let pixel = pixel.demultiply();
            let brightness =
                (u32::from(pixel.red()) + u32::from(pixel.green()) + u32::from(pixel.blue())) / 3;
            if pixel.alpha() > 200 && brightness < 110 {
                count += 1;
            }
        }
    }
    count
}

#[test]
fn a_chinese_card_title_is_drawn_as_dark_glyphs() {
    let doc = ev_owner();
    let title = "维保等待时间长";
    assert!(doc.cards.iter().any(|card| card.title == title));
    let mut scene = Scene::build(&doc, &everything_shown(), &TextMeasure::bundled());
    let index = scene
        .items
        .iter()
        .position(|item| matches!(item, Item::Text(run) if run.lines.iter().any(|l| l == title)))
        .expect("the card title is in the display list");
    let Item::Text(run) = &scene.items[index] else {
        unreachable!()
    };
    let TextRun {
        x,
        baseline,
        size,
        anchor,
        ..
    } = *run;
    let width = TextMeasure::bundled().width(title, size);
    let x = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - width / 2.0,
    };
    let scale = 2.0;
    let region = (
        x * scale,
        (baseline - size) * scale,
        (x + width) * scale,
        (baseline + 0.25 * size) * scale,
    );
    let options = PngOptions {
        size: PngSize::Scale(scale),
        transparent: false,
    };
    let with_text = render(&scene, options).unwrap();
    let (left, top, right, bottom) = region;
    let drawn = dark_pixels(&with_text, left, top, right, bottom);
    // Seven CJK glyphs at 26 px cover far more than a few pixels each.
    assert!(
        drawn > 7 * 20,
        "only {drawn} dark pixels where the title is"
    );
    scene.items.remove(index);
    let without_text = render(&scene, options).unwrap();
    assert_eq!(
        dark_pixels(&without_text, left, top, right, bottom),
        0,
        "the box holds nothing dark but the title"
    );
}

#[test]
fn width_scale_and_transparency_are_honoured() {
    let scene = Scene::build(&ev_owner(), &everything_shown(), &TextMeasure::bundled());
    let one = render(&scene, PngOptions::default()).unwrap();
    let two = render(
        &scene,
        PngOptions {
            size: PngSize::Scale(2.0),
            transparent: true,
        },
    )
    .unwrap();
    assert_eq!(one.width(), scene.width.ceil() as u32);
    assert!(two.width().abs_diff(2 * one.width()) <= 1);
    assert!(two.height().abs_diff(2 * one.height()) <= 1);
    // The corner lies in the margin: solid in one, see-through in the other.
    assert_eq!(one.pixel(0, 0).unwrap().alpha(), 255);
    assert_eq!(two.pixel(0, 0).unwrap().alpha(), 0);
    let bytes = to_png(
        &scene,
        PngOptions {
            size: PngSize::Width(800),
            transparent: false,
        },
    )
    .unwrap();
    let (width, height, _) = decode(&bytes);
    assert_eq!(width, 800);
    assert_eq!(
        height,
        (f64::from(scene.height) * 800.0 / f64::from(scene.width)).ceil() as u32
    );
}

#[test]
fn the_command_line_writes_a_png_at_a_width() {
    let folder = tempfile::tempdir().unwrap();
    let output: PathBuf = folder.path().join("ev.png");
    let status = Command::new(env!("CARGO_BIN_EXE_stagemap"))
        .arg("export")
        .arg(example_path(EV_OWNER))
        .arg("-o")
        .arg(&output)
        .args(["--width", "640", "--transparent"])
        .status()
        .unwrap();
    assert!(status.success());
    let (width, _, pixels) = decode(&std::fs::read(&output).unwrap());
    assert_eq!(width, 640);
    assert_eq!(pixels[3], 0, "the background is transparent");
    let refused = Command::new(env!("CARGO_BIN_EXE_stagemap"))
        .arg("export")
        .arg(example_path(EV_OWNER))
        .arg("-o")
        .arg(folder.path().join("huge.png"))
        .args(["--scale", "1000"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("choose a smaller scale"));
}

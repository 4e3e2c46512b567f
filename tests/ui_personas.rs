//! The persona panel shows the persona's picture as a thumbnail, or a
//! placeholder with the reason when the picture cannot be shown.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]
#![cfg(feature = "gui")]

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stagemap::edit::{Command, Session, ops};
use stagemap::format;
use stagemap::model::Document;
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
use app_driver::{app_harness, click_menu};

/// A map file in `folder` with one persona, Ms Wang, whose picture is `picture`.
fn map_file(folder: &Path, picture: &str) -> std::path::PathBuf {
    let mut session = Session::unsaved(Document::new("Hotel"));
    session.run(|d| ops::add_persona(d, "Ms Wang")).unwrap();
    let mut persona = session.doc().personas[0].clone();
    persona.picture = Some(picture.to_owned());
    session.execute(Command::SetPersona(persona)).unwrap();
    let path = folder.join("hotel.stagemap.ron");
    format::save(session.doc(), &path).unwrap();
    path
}

/// Draws until `found` holds (the picture is decoded off the drawing thread).
fn draw_until(
    harness: &mut Harness<'_, StagemapApp>,
    found: impl Fn(&Harness<'_, StagemapApp>) -> bool,
) {
    for _ in 0..500 {
        if found(harness) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.step();
    }
}

#[test]
fn a_persona_picture_shows_as_a_thumbnail() {
    let folder = tempfile::tempdir().unwrap();
    image::RgbaImage::from_pixel(300, 200, image::Rgba([200, 120, 40, 255]))
        .save(folder.path().join("wang.png"))
        .unwrap();
    let path = map_file(folder.path(), "wang.png");
    let mut harness = app_harness(Startup::File(path), [1280.0, 800.0]);
    click_menu(&mut harness, &["View", "Personas panel"]);
    let shown = |h: &Harness<'_, StagemapApp>| {
        h.query_by_role_and_label(Role::Image, "Picture of Ms Wang")
            .is_some()
    };
    draw_until(&mut harness, shown);
    let image = harness.get_by_role_and_label(Role::Image, "Picture of Ms Wang");
    let bounds = image.accesskit_node().bounding_box().unwrap();
    // 300 × 200 scaled to fit 96 points.
    assert!((bounds.width() - 96.0).abs() < 1.0, "{bounds:?}");
    assert!((bounds.height() - 64.0).abs() < 1.0, "{bounds:?}");
}

#[test]
fn a_missing_persona_picture_leaves_a_placeholder_and_says_why() {
    let folder = tempfile::tempdir().unwrap();
    let path = map_file(folder.path(), "nobody.png");
    let mut harness = app_harness(Startup::File(path), [1280.0, 800.0]);
    click_menu(&mut harness, &["View", "Personas panel"]);
    let said =
        |h: &Harness<'_, StagemapApp>| h.query_by_label_contains("Picture not shown").is_some();
    draw_until(&mut harness, said);
    assert!(
        harness
            .query_by_label_contains("nobody.png cannot be opened")
            .is_some(),
        "the reason does not name the picture"
    );
    assert!(
        harness
            .query_by_role_and_label(Role::Image, "Picture of Ms Wang")
            .is_none()
    );
}

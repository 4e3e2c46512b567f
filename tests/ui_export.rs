//! File → Export from the editor: the dialog's choices reach the written
//! file, the export runs on its own thread and can be cancelled, the map is
//! never changed, and the choices are remembered.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]
#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};

use egui::accesskit::{Role, Toggled};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stagemap::format;
use stagemap::generate;
use stagemap::model::{Document, LaneKind};
use stagemap::ui::settings::{Settings, ThemeChoice};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
#[path = "support/decided.rs"]
mod decided;
#[path = "support/examples.rs"]
mod examples;
#[path = "support/poppler.rs"]
mod poppler;
use app_driver::{click_dialog, click_menu, dialog_shows, english, options_with, press, retype};

const TITLE: &str = "Export the map";

/// The editor on `startup` with `settings` (English, light), dialogs in the window.
fn harness_with(startup: Startup, settings: Settings) -> Harness<'static, StagemapApp> {
    let options = options_with(english(settings, ThemeChoice::Light));
    Harness::builder()
        .with_size([1280.0, 800.0])
        // A finished export closes the dialog, which fades out over a few frames.
        .with_max_steps(24)
        .build_eframe(move |cc| StagemapApp::new(cc, startup, options))
}

/// `doc` saved as `hotel.stagemap.ron` in a fresh folder and opened in the editor.
fn opened(
    doc: &Document,
    settings: Settings,
) -> (tempfile::TempDir, PathBuf, Harness<'static, StagemapApp>) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("hotel.stagemap.ron");
    format::save(doc, &path).unwrap();
    let harness = harness_with(Startup::File(path.clone()), settings);
    (folder, path, harness)
}

/// Clicks an option (radio button, check box, button) of the export dialog.
fn choose(harness: &mut Harness<'_, StagemapApp>, label: &str) {
    click_dialog(harness, label);
    // The preview waits for the choices to rest before it is drawn again.
    harness.run_steps(2);
    harness.run();
}

/// The option `label` of the export dialog is ticked.
fn ticked(harness: &Harness<'_, StagemapApp>, label: &str) -> bool {
    harness
        .get_all_by_role(Role::Dialog)
        .find_map(|dialog| dialog.query_by_label(label))
        .unwrap_or_else(|| panic!("no {label:?} in the export dialog"))
        .accesskit_node()
        .toggled()
        == Some(Toggled::True)
}

/// Clicks Export… in the dialog and confirms the typed path `target`.
fn export_to(harness: &mut Harness<'_, StagemapApp>, target: &Path) {
    click_dialog(harness, "Export…");
    assert!(dialog_shows(harness, "Export to"), "no path prompt");
    retype(harness, "File path", &target.display().to_string());
    click_dialog(harness, "Export");
}

/// Runs frames until no export is under way (its progress bar is gone).
fn wait_for_export(harness: &mut Harness<'_, StagemapApp>) {
    for _ in 0..12_000 {
        harness.step();
        if harness.query_by_label("Exporting").is_none() {
            harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the export did not finish");
}

/// All the text of an SVG, one run after another.
fn svg_text(svg: &str) -> String {
    let tree = roxmltree::Document::parse(svg).unwrap();
    let runs: Vec<&str> = tree
        .descendants()
        .filter(|node| {
            node.is_text()
                && node
                    .parent()
                    .is_some_and(|p| p.has_tag_name("text") || p.has_tag_name("tspan"))
        })
        .filter_map(|node| node.text())
        .collect();
    runs.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Titles of the cards in lanes of `kind`.
fn titles(doc: &Document, kind: &LaneKind) -> Vec<String> {
    doc.cards
        .iter()
        .filter(|card| doc.lane(card.lane).is_some_and(|lane| &lane.kind == kind))
        .map(|card| card.title.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn svg_of_the_front_stage_only_leaves_the_back_stage_out_and_the_map_clean() {
    let doc = stagemap::samples::sample();
    let (folder, path, mut harness) = opened(&doc, Settings::default());
    click_menu(&mut harness, &["File", "Export…"]);
    assert!(dialog_shows(&harness, TITLE));
    choose(&mut harness, "SVG");
    choose(&mut harness, "Front-stage only");
    // The title block is dated today with one click.
    choose(&mut harness, "Today");
    let today = jiff::ZonedDateTime::now().date().to_string();

    let target = folder.path().join("hotel.svg");
    export_to(&mut harness, &target);
    wait_for_export(&mut harness);

    let svg = std::fs::read_to_string(&target).unwrap();
    assert!(
        svg.starts_with("<svg"),
        "not an SVG: {}",
        &svg[..40.min(svg.len())]
    );
    let text = svg_text(&svg);
    assert!(text.contains(&today), "no date {today} in the title block");
    let front = titles(&doc, &LaneKind::Frontstage);
    let back = titles(&doc, &LaneKind::Backstage);
    assert!(!front.is_empty() && !back.is_empty());
    for title in &front {
        assert!(
            text.contains(title.as_str()),
            "front-stage card {title:?} missing"
        );
    }
    for title in &back {
        assert!(
            !text.contains(title.as_str()),
            "back-stage card {title:?} exported"
        );
    }
    assert!(
        !harness.state().is_dirty(),
        "exporting marked the map dirty"
    );
    assert_eq!(harness.state().document(), &format::load(&path).unwrap());
    assert!(!dialog_shows(&harness, TITLE), "the dialog stayed open");
    let status = format!("Exported to {}", target.display());
    assert!(harness.query_by_label(&status).is_some(), "no {status:?}");
}

#[test]
fn png_of_a_chosen_width_is_that_wide_and_the_choices_are_remembered() {
    let doc = stagemap::samples::sample();
    let (folder, _path, mut harness) = opened(&doc, Settings::default());
    press(&mut harness, Modifiers::COMMAND, Key::E);
    assert!(dialog_shows(&harness, TITLE));
    choose(&mut harness, "PNG");
    choose(&mut harness, "Width");
    retype(&mut harness, "Width in pixels", "640");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    choose(&mut harness, "Dark");
    choose(&mut harness, "Markers on cards");

    let target = folder.path().join("slide");
    export_to(&mut harness, &target);
    wait_for_export(&mut harness);

    let written = folder.path().join("slide.png");
    let picture = image::open(&written).unwrap();
    assert_eq!(picture.width(), 640);
    assert!(!harness.state().is_dirty());

    // Reopened in this window, and in the next run with the saved settings.
    press(&mut harness, Modifiers::COMMAND, Key::E);
    let check = |harness: &Harness<'_, StagemapApp>| {
        assert!(ticked(harness, "PNG"));
        assert!(ticked(harness, "Width"));
        assert!(ticked(harness, "Dark"));
        assert!(!ticked(harness, "Markers on cards"));
        assert!(ticked(harness, "Emotion curve"));
    };
    check(&harness);
    let saved = harness.state().settings().clone();
    assert_eq!(saved.export.png_width, 640);
    assert_eq!(saved.export.folder.as_deref(), Some(folder.path()));
    let text = ron::to_string(&saved).unwrap();
    let restored: Settings = ron::from_str(&text).unwrap();
    let mut next = harness_with(Startup::Sample, restored);
    press(&mut next, Modifiers::COMMAND, Key::E);
    check(&next);
}

#[test]
fn cancelling_an_export_writes_no_file() {
    // A map of 160 cards takes seconds to draw, long enough to cancel.
    let doc = generate::generated_map(10, 8, 2, 40);
    let (folder, _path, mut harness) = opened(&doc, Settings::default());
    press(&mut harness, Modifiers::COMMAND, Key::E);
    choose(&mut harness, "PNG");
    choose(&mut harness, "1×");
    let target = folder.path().join("poster.png");
    export_to(&mut harness, &target);

    let cancel = harness
        .query_by_label("Cancel export")
        .expect("the export finished before it could be cancelled");
    cancel.click();
    wait_for_export(&mut harness);

    assert!(
        harness
            .query_by_label("Export cancelled; nothing was written")
            .is_some()
    );
    assert!(
        !target.exists(),
        "a cancelled export wrote {}",
        target.display()
    );
    let left: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "files left behind: {left:?}");
    assert!(dialog_shows(&harness, TITLE), "the dialog closed on cancel");
    assert!(!harness.state().is_dirty());
}

#[test]
fn the_dialog_with_its_preview() {
    let doc = stagemap::samples::sample();
    let mut harness = harness_with(Startup::Document(doc), Settings::default());
    press(&mut harness, Modifiers::COMMAND, Key::E);
    choose(&mut harness, "PDF");
    choose(&mut harness, "Tile on smaller sheets");
    harness
        .get_by_role_and_label(Role::ComboBox, "Paper")
        .click();
    harness.run();
    harness.get_by_label("A1").click();
    harness.run_steps(2);
    harness.run();
    // An A1 poster takes several A4 sheets each way.
    let sheets = harness.get_by_label_contains("sheets (");
    let sheets = sheets.accesskit_node().label().unwrap_or_default();
    assert!(!sheets.starts_with("1 × 1"), "{sheets}");
    harness.snapshot("ui_export_dialog");
}

#[test]
fn text_formats_preview_their_first_lines() {
    let doc = stagemap::samples::sample();
    let title = doc.meta.title.clone();
    let mut harness = harness_with(Startup::Document(doc), Settings::default());
    press(&mut harness, Modifiers::COMMAND, Key::E);
    choose(&mut harness, "Markdown");
    assert!(harness.query_by_label(&format!("# {title}")).is_some());
    choose(&mut harness, "CSV");
    // The header row of the table comes first.
    let first = stagemap::csv_io::export(harness.state().document());
    let header = first.lines().next().unwrap();
    assert!(harness.query_by_label(header).is_some(), "no {header:?}");
    assert!(harness.query_by_label(&format!("# {title}")).is_none());
}

#[test]
fn a_failed_export_says_why_in_the_dialog_and_writes_nothing() {
    let doc = stagemap::samples::sample();
    let (folder, _path, mut harness) = opened(&doc, Settings::default());
    press(&mut harness, Modifiers::COMMAND, Key::E);
    choose(&mut harness, "CSV");
    let target = folder.path().join("no such folder").join("cards.csv");
    export_to(&mut harness, &target);
    wait_for_export(&mut harness);

    assert!(!target.exists());
    assert!(
        dialog_shows(&harness, TITLE),
        "the dialog closed on failure"
    );
    let message = format!("{}: cannot write the file", target.display());
    assert!(
        harness.query_by_label_contains(&message).is_some(),
        "no {message:?} in the dialog"
    );
    assert!(!harness.state().is_dirty());
}

/// The preview picture's size on the screen.
fn preview_size(harness: &Harness<'_, StagemapApp>) -> egui::Vec2 {
    let image = harness
        .query_by_role_and_label(Role::Image, "Preview")
        .expect("a preview picture");
    image.rect().size()
}

#[test]
fn a_pdf_page_preview_shows_the_map_on_the_paper_inside_its_margins() {
    let doc = stagemap::samples::sample();
    let (_folder, _path, mut harness) = opened(&doc, Settings::default());
    press(&mut harness, Modifiers::COMMAND, Key::E);
    choose(&mut harness, "PNG");
    // A PNG preview fills the box's width with the map.
    let png = preview_size(&harness);
    choose(&mut harness, "PDF");
    choose(&mut harness, "Landscape");
    let landscape = preview_size(&harness);
    choose(&mut harness, "Portrait");
    let portrait = preview_size(&harness);
    // The same map, narrower on upright paper than on paper turned sideways,
    // and both narrower than the picture alone: the page and margins surround it.
    let aspect = |size: egui::Vec2| size.x / size.y;
    assert!((aspect(landscape) - aspect(png)).abs() < 0.05);
    assert!((aspect(portrait) - aspect(png)).abs() < 0.05);
    assert!(
        portrait.x < landscape.x && landscape.x < png.x,
        "{portrait:?} {landscape:?} {png:?}"
    );
}

#[test]
fn file_export_slides_writes_a_deck_of_the_walk_through() {
    let doc = stagemap::samples::sample();
    let (folder, _path, mut harness) = opened(&doc, Settings::default());
    click_menu(&mut harness, &["File", "Export slides…"]);
    assert!(dialog_shows(&harness, TITLE));
    // The dialog opens on the slides, and says how many pages they take.
    assert!(ticked(&harness, "Slides (PDF, one page per view)"));
    let language = stagemap::export::slides::language(&doc, stagemap::scene::Language::English);
    let pages = stagemap::export::slides::plan(&doc, language).len();
    let count = format!("{pages} pages of 16:9");
    assert!(
        harness
            .query_all_by_role(Role::Dialog)
            .any(|dialog| dialog.query_by_label_contains(&count).is_some()),
        "no {count:?}"
    );
    let target = folder.path().join("deck.pdf");
    export_to(&mut harness, &target);
    wait_for_export(&mut harness);
    assert_eq!(poppler::page_count(&target), pages);
}

#[test]
fn a_map_with_decisions_exports_its_results_pages_and_its_action_plan() {
    let doc = decided::decided(examples::ev_owner());
    let (folder, _path, mut harness) = opened(&doc, Settings::default());
    press(&mut harness, Modifiers::COMMAND, Key::E);
    choose(&mut harness, "PDF");
    let results = "End with the workshop's results (votes, matrix, screening, action plan)";
    assert!(!ticked(&harness, results));
    choose(&mut harness, results);
    let pdf = folder.path().join("results.pdf");
    export_to(&mut harness, &pdf);
    wait_for_export(&mut harness);
    // The map's page, then the results (the rankings and the matrix, then
    // the screening and the plan).
    assert_eq!(poppler::page_count(&pdf), 3);
    let page = poppler::pdftotext(&["-f", "2", "-l", "3"], &pdf);
    assert!(page.contains("Workshop results"), "{page}");
    assert!(page.contains("上线桩位预约功能"), "{page}");

    press(&mut harness, Modifiers::COMMAND, Key::E);
    choose(&mut harness, "CSV");
    assert!(ticked(&harness, "Cards, one per row"));
    choose(&mut harness, "Action plan, one action per row");
    let csv = folder.path().join("actions.csv");
    export_to(&mut harness, &csv);
    wait_for_export(&mut harness);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("\u{feff}action,owner,due,status,cards,steps\r\n上线桩位预约功能,"),
        "{text}"
    );
    assert!(!harness.state().is_dirty());
}

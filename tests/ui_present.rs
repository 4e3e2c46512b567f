//! Presentation mode driven as a presenter drives it: F5 or the palette, the
//! walk-through keys, a click for the spotlight, a card added live, Esc back
//! to the editor — checked through accessibility labels and what is drawn.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]
#![cfg(feature = "gui")]

use std::collections::BTreeSet;

use egui::accesskit::Role;
use egui::epaint::{ClippedShape, Shape};
use egui::{Key, Modifiers, Pos2, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use stagemap::layout::{CARD_FONT, LayerPreset, Layout, LayoutOptions};
use stagemap::model::{AgendaStep, BlueprintLine, Document, StepId};
use stagemap::presentation::Room;
use stagemap::scene::{Language as DrawingLanguage, words::line_label};
use stagemap::ui::i18n::Language;
use stagemap::ui::settings::{Settings, ThemeChoice};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
use app_driver::{options_with, press};
#[path = "support/examples.rs"]
mod examples;
#[path = "support/on_screen.rs"]
mod on_screen;
use on_screen::{click, double_click};

type App = Harness<'static, StagemapApp>;

/// The window of a 1080p projector.
const WINDOW: [f32; 2] = [1920.0, 1080.0];

/// The editor on `doc` in a 1920×1080 window at one pixel per point, in
/// `language` and `theme`, without camera glides; `short_frames` makes two
/// clicks a double-click.
fn harness(doc: Document, language: Language, theme: ThemeChoice, short_frames: bool) -> App {
    let settings = Settings {
        theme,
        language: Some(language),
        reduce_motion: true,
        ..Settings::default()
    };
    let mut builder = Harness::builder()
        .with_size(WINDOW)
        .with_pixels_per_point(1.0);
    if short_frames {
        builder = builder.with_step_dt(1.0 / 60.0);
    }
    builder.build_eframe(move |cc| {
        StagemapApp::new(cc, Startup::Document(doc), options_with(settings))
    })
}

/// The Chinese example in Chinese, the editor dark.
fn ev_harness() -> App {
    harness(
        examples::ev_owner(),
        Language::SimplifiedChinese,
        ThemeChoice::Dark,
        false,
    )
}

/// Every text drawn this frame: its text, its size and where it is on the screen.
fn drawn_texts(harness: &App) -> Vec<(String, f32, Rect, egui::FontFamily)> {
    fn walk(shape: &Shape, clip: Rect, out: &mut Vec<(String, f32, Rect, egui::FontFamily)>) {
        match shape {
            Shape::Vec(shapes) => shapes.iter().for_each(|shape| walk(shape, clip, out)),
            Shape::Text(text) => {
                let rect = text.galley.rect.translate(text.pos.to_vec2());
                let shown = rect.intersect(clip);
                let Some(section) = text.galley.job.sections.first() else {
                    return;
                };
                if shown.is_positive() && shown.width() > 1.0 {
                    out.push((
                        text.galley.text().to_owned(),
                        section.format.font_id.size,
                        rect,
                        section.format.font_id.family.clone(),
                    ));
                }
            }
            _ => {}
        }
    }
    let screen = Rect::from_min_size(Pos2::ZERO, WINDOW.into());
    let mut out = Vec::new();
    for ClippedShape {
        clip_rect, shape, ..
    } in &harness.output().shapes
    {
        walk(shape, clip_rect.intersect(screen), &mut out);
    }
    out
}

/// The card titles drawn on the canvas (lines of a title, set in the card
/// font) with their size in pixels.
fn drawn_titles(harness: &App) -> Vec<(String, f32)> {
    let doc = harness.state().document();
    let card_font = stagemap::ui::fonts::card_family();
    drawn_texts(harness)
        .into_iter()
        .filter(|(_, _, _, family)| *family == card_font)
        .filter(|(text, ..)| {
            let line = text.trim().trim_end_matches('…');
            !line.is_empty() && doc.cards.iter().any(|card| card.title.contains(line))
        })
        .map(|(text, size, ..)| (text, size))
        .collect()
}

/// The names of the lane headers on the screen.
fn shown_lanes(harness: &App) -> BTreeSet<String> {
    harness
        .query_all_by_role(Role::RowHeader)
        .filter_map(|node| node.accesskit_node().label())
        .collect()
}

/// The lines a layer preset draws, by blueprint order.
fn expected_lines(layers: LayerPreset) -> Vec<BlueprintLine> {
    match layers {
        LayerPreset::CustomerOnly => vec![],
        LayerPreset::FrontstageOnly => vec![BlueprintLine::Interaction],
        LayerPreset::UpToBackstage => vec![BlueprintLine::Interaction, BlueprintLine::Visibility],
        LayerPreset::All => vec![
            BlueprintLine::Interaction,
            BlueprintLine::Visibility,
            BlueprintLine::InternalInteraction,
        ],
    }
}

/// What one step of the walk-through shows, checked against its view.
/// Returns the sizes of the card titles drawn.
fn check_step(harness: &App, min_title: f32) -> (Vec<f32>, usize) {
    let app = harness.state();
    let doc = app.document();
    let present = app.presentation().expect("presenting");
    let view = present.current_view().expect("a view");
    let shot = present.current_shot().expect("a shot").clone();
    let step = present.walk().position();
    let canvas = app.canvas();

    // The view's layers, and its lanes only.
    assert_eq!(canvas.layers(), view.layers, "step {step}");
    let allowed: BTreeSet<String> = doc
        .lanes
        .iter()
        .filter(|lane| view.layers.shows(&lane.kind))
        .map(|lane| lane.name.clone())
        .collect();
    let lanes = shown_lanes(harness);
    assert!(!lanes.is_empty(), "step {step}: no lane header");
    assert!(
        lanes.is_subset(&allowed),
        "step {step} in {:?} shows {lanes:?}",
        view.layers
    );

    // The blueprint lines of those layers, and no others.
    let layout = Layout::compute(
        doc,
        LayoutOptions {
            layers: canvas.layers(),
        },
    );
    let lines: Vec<BlueprintLine> = layout.lines.iter().map(|rule| rule.line).collect();
    assert_eq!(lines, expected_lines(view.layers), "step {step}");
    let texts: Vec<String> = drawn_texts(harness).into_iter().map(|t| t.0).collect();
    for line in [
        BlueprintLine::Interaction,
        BlueprintLine::Visibility,
        BlueprintLine::InternalInteraction,
    ] {
        let label = line_label(line, DrawingLanguage::SimplifiedChinese);
        let drawn = texts.iter().any(|text| text.contains(label));
        let rule = layout.lines.iter().find(|rule| rule.line == line);
        if rule.is_none() {
            assert!(!drawn, "step {step}: {label} drawn in {:?}", view.layers);
        }
        // A label sits at the grid's left edge: seen when the shot starts there.
        if let Some(rule) = rule
            && shot.columns.start == 0
            && rule.y > shot.area.min.y + 1.0
            && rule.y < shot.area.max.y - 1.0
        {
            assert!(drawn, "step {step}: {label} not drawn");
        }
    }

    // Cards outside the view's stages are dimmed, the others bright.
    let stage_steps: Option<BTreeSet<StepId>> = if view.is_whole_map(doc) {
        None
    } else {
        view.stage_indices(doc).map(|range| {
            doc.stages[range]
                .iter()
                .flat_map(|stage| stage.steps.iter().map(|step| step.id))
                .collect()
        })
    };
    let mut dimmed_cards = 0;
    for card in &doc.cards {
        let Some(node) = harness.query_by_role_and_label(Role::Button, &card.title) else {
            continue;
        };
        let dimmed = node
            .accesskit_node()
            .description()
            .is_some_and(|description| description.contains("已被筛选淡化"));
        let outside = stage_steps
            .as_ref()
            .is_some_and(|steps| !steps.contains(&card.step));
        assert_eq!(dimmed, outside, "step {step}: {}", card.title);
        dimmed_cards += usize::from(dimmed);
    }

    // Every visible card title at least the room's size.
    let titles = drawn_titles(harness);
    let cards_in_shot = layout
        .cards
        .iter()
        .any(|card| card.rect.intersects(&shot.area));
    if cards_in_shot {
        assert!(!titles.is_empty(), "step {step}: no card title drawn");
    }
    for (title, size) in &titles {
        assert!(
            *size >= min_title - 1e-3,
            "step {step}: {title:?} at {size:.2} px, the room needs {min_title:.2}"
        );
    }
    // The zoom is the shot's, and titles are set at it.
    assert!((canvas.zoom() - shot.zoom).abs() < 1e-4, "step {step}");
    assert!(CARD_FONT * canvas.zoom() >= min_title - 1e-3);
    (
        titles.into_iter().map(|(_, size)| size).collect(),
        dimmed_cards,
    )
}

/// The fill of the largest rectangle drawn: the background of the canvas.
fn background(harness: &App) -> egui::Color32 {
    fn walk(shape: &Shape, best: &mut (f32, egui::Color32)) {
        match shape {
            Shape::Vec(shapes) => shapes.iter().for_each(|shape| walk(shape, best)),
            Shape::Rect(rect) if rect.rect.area() > best.0 && rect.fill.a() == 255 => {
                *best = (rect.rect.area(), rect.fill);
            }
            _ => {}
        }
    }
    let mut best = (0.0, egui::Color32::TRANSPARENT);
    for clipped in &harness.output().shapes {
        walk(&clipped.shape, &mut best);
    }
    best.1
}

fn is_light(colour: egui::Color32) -> bool {
    colour.r() > 200 && colour.g() > 200 && colour.b() > 200
}

#[test]
fn a_whole_walk_through_of_the_chinese_example_by_keyboard_is_readable_from_the_back_row() {
    let mut harness = ev_harness();
    let editor_zoom = harness.state().canvas().zoom();
    assert!(!is_light(background(&harness)), "the editor is dark");
    press(&mut harness, Modifiers::NONE, Key::F5);
    assert!(harness.state().is_presenting());
    assert!(
        is_light(background(&harness)),
        "the stage is light: {:?}",
        background(&harness)
    );
    // No menus, panels or status bar: only the stage.
    assert!(
        harness.query_by_label("文件").is_none(),
        "the menu bar shows"
    );
    assert!(
        harness.query_by_label_contains("缩放").is_none(),
        "the status bar shows"
    );
    let min_title = Room::default().min_text_px(WINDOW[0]);
    assert!((min_title - 24.576).abs() < 1e-3);
    assert!(
        CARD_FONT * editor_zoom < min_title,
        "the editor's zoom would not be readable"
    );

    let steps = harness.state().presentation().unwrap().walk().len();
    let views = harness.state().presentation().unwrap().views().count();
    assert!(
        steps > views,
        "the views that do not fit readably are cut into shots"
    );
    assert_eq!(views, 1 + 4 * 4, "the whole map, then 4 stages in 4 layers");
    let mut sizes = Vec::new();
    let mut progress = Vec::new();
    let mut dimmed_cards = 0;
    for step in 0..steps {
        assert_eq!(
            harness.state().presentation().unwrap().walk().position(),
            step
        );
        let text = harness
            .state()
            .presentation()
            .unwrap()
            .progress_text(harness.state().document());
        assert!(
            harness.query_by_label(&text).is_some(),
            "the progress line says {text:?}"
        );
        assert!(text.contains(&format!("{}/{steps}", step + 1)), "{text}");
        progress.push(text);
        let (drawn, dimmed) = check_step(&harness, min_title);
        dimmed_cards += dimmed;
        let (min, max) = drawn.iter().fold((f32::INFINITY, 0.0f32), |(lo, hi), s| {
            (lo.min(*s), hi.max(*s))
        });
        println!(
            "step {:2}: {:3} title lines, {min:.2}–{max:.2} px",
            step + 1,
            drawn.len()
        );
        sizes.extend(drawn);
        press(&mut harness, Modifiers::NONE, Key::PageDown);
    }
    assert_eq!(progress[0].split(" · ").next(), Some("新能源汽车车主旅程"));
    assert!(
        progress
            .iter()
            .any(|text| text.starts_with("维保 · ") && text.ends_with(" · 后台")),
        "{progress:?}"
    );
    assert!(dimmed_cards > 0, "neighbouring stages show, dimmed");
    let (min, max) = sizes.iter().fold((f32::INFINITY, 0.0f32), |(lo, hi), s| {
        (lo.min(*s), hi.max(*s))
    });
    println!(
        "all steps: {} title lines, {min:.2}–{max:.2} px",
        sizes.len()
    );
    // Past the end nothing moves.
    assert_eq!(
        harness.state().presentation().unwrap().walk().position(),
        steps - 1
    );

    press(&mut harness, Modifiers::NONE, Key::PageUp);
    assert_eq!(
        harness.state().presentation().unwrap().walk().position(),
        steps - 2
    );
    check_step(&harness, min_title);
    press(&mut harness, Modifiers::NONE, Key::Home);
    assert_eq!(harness.state().presentation().unwrap().walk().position(), 0);
    check_step(&harness, min_title);
    for key in [Key::ArrowRight, Key::Space, Key::Enter, Key::N] {
        press(&mut harness, Modifiers::NONE, key);
    }
    assert_eq!(harness.state().presentation().unwrap().walk().position(), 4);
    for key in [Key::ArrowLeft, Key::Backspace, Key::P] {
        press(&mut harness, Modifiers::NONE, key);
    }
    assert_eq!(harness.state().presentation().unwrap().walk().position(), 1);
    press(&mut harness, Modifiers::NONE, Key::End);
    assert_eq!(
        harness.state().presentation().unwrap().walk().position(),
        steps - 1
    );
    check_step(&harness, min_title);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!harness.state().is_presenting());
    assert!(
        !is_light(background(&harness)),
        "the editor is dark again: {:?}",
        background(&harness)
    );
}

/// The Chinese example in English, the editor light.
fn english_ev_harness(short_frames: bool) -> App {
    harness(
        examples::ev_owner(),
        Language::English,
        ThemeChoice::Light,
        short_frames,
    )
}

#[test]
fn a_clicked_card_is_shown_in_the_spotlight_with_its_details_and_esc_closes_it() {
    let mut harness = ev_harness();
    press(&mut harness, Modifiers::NONE, Key::F5);
    let card = harness
        .get_by_role_and_label(Role::Button, "续航参数看不懂")
        .rect()
        .center();
    click(&mut harness, card);
    assert!(harness.query_by_label("聚焦：续航参数看不懂").is_some());
    // The detail, the pain mark and the SERVQUAL dimension, large.
    for detail in ["标称续航与实际续航差距大", "痛点", "保证性"] {
        assert!(
            harness.query_all_by_label_contains(detail).next().is_some(),
            "the spotlight shows {detail:?}"
        );
    }
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(harness.query_by_label("聚焦：续航参数看不懂").is_none());
    assert!(
        harness.state().is_presenting(),
        "the first Esc closes the spotlight only"
    );
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!harness.state().is_presenting());
}

/// The centre of an empty cell of the current shot: its step and lane headers on the screen.
fn empty_cell(harness: &App) -> (String, String, Pos2) {
    let doc = harness.state().document();
    let steps: BTreeSet<String> = harness
        .query_all_by_role(Role::ColumnHeader)
        .filter_map(|node| node.accesskit_node().label())
        .collect();
    let lanes = shown_lanes(harness);
    for stage in &doc.stages {
        for step in &stage.steps {
            for lane in &doc.lanes {
                let empty = !doc
                    .cards
                    .iter()
                    .any(|card| card.step == step.id && card.lane == lane.id);
                if empty && steps.contains(&step.name) && lanes.contains(&lane.name) {
                    let x = harness
                        .get_by_role_and_label(Role::ColumnHeader, &step.name)
                        .rect()
                        .center()
                        .x;
                    let y = harness
                        .get_by_role_and_label(Role::RowHeader, &lane.name)
                        .rect()
                        .center()
                        .y;
                    return (step.name.clone(), lane.name.clone(), Pos2::new(x, y));
                }
            }
        }
    }
    panic!("no empty cell in view");
}

#[test]
fn a_card_added_by_double_click_while_presenting_is_one_undo_step() {
    let mut harness = english_ev_harness(true);
    press(&mut harness, Modifiers::NONE, Key::F5);
    for _ in 0..12 {
        press(&mut harness, Modifiers::NONE, Key::PageDown);
    }
    let position = harness.state().presentation().unwrap().walk().position();
    let cards = harness.state().document().cards.len();
    let (step, lane, at) = empty_cell(&harness);
    double_click(&mut harness, at);
    let typing = harness
        .query_all_by_role(Role::TextInput)
        .any(|field| field.accesskit_node().is_focused());
    assert!(typing, "the new card's title is open for typing");
    harness.event(egui::Event::Text("现场补充".to_owned()));
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let doc = harness.state().document();
    assert_eq!(doc.cards.len(), cards + 1);
    let added = doc
        .cards
        .iter()
        .find(|card| card.title == "现场补充")
        .unwrap();
    assert_eq!(doc.step(added.step).unwrap().name, step);
    assert_eq!(doc.lane(added.lane).unwrap().name, lane);
    assert!(harness.state().is_presenting());
    assert_eq!(
        harness.state().presentation().unwrap().walk().position(),
        position,
        "Enter ended the typing, not the step"
    );
    assert!(
        harness.query_by_label("现场补充").is_some(),
        "the card shows"
    );

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        harness.state().document().cards.len(),
        cards,
        "one undo step"
    );
    assert!(harness.state().is_presenting());
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(harness.state().document().cards.len(), cards + 1);
}

/// The first card of the map whose title is a button on the screen, and where.
fn visible_card(harness: &App) -> Option<(String, Rect)> {
    harness.state().document().cards.iter().find_map(|card| {
        let node = harness.query_by_role_and_label(Role::Button, &card.title)?;
        Some((card.title.clone(), node.rect()))
    })
}

/// What the editor shows, to compare before and after a presentation.
fn editor_view(harness: &App) -> String {
    let app = harness.state();
    let canvas = app.canvas();
    let card = visible_card(harness).map(|(title, rect)| format!("{title} {rect:?}"));
    format!(
        "zoom {} pan {:?} layers {:?} focus {:?} selected {:?} cell {:?} card at {card:?} \
         menu {} inspector {} status {}",
        canvas.zoom(),
        canvas.pan(),
        canvas.layers(),
        canvas.focus(),
        canvas.selected_cards(),
        canvas.selected_cell(),
        harness.query_by_label("File").is_some(),
        harness.query_by_label("Inspector").is_some() || harness.query_by_label("Title").is_some(),
        harness.query_by_label_contains("Zoom").is_some(),
    )
}

#[test]
fn esc_returns_to_exactly_the_editor_view_left() {
    let mut harness = english_ev_harness(false);
    // A view of one's own: zoomed in, back-stage hidden, a card selected.
    press(&mut harness, Modifiers::NONE, Key::Plus);
    press(&mut harness, Modifiers::NONE, Key::Num2);
    let (_, card) = visible_card(&harness).expect("a card in view");
    click(&mut harness, card.center());
    assert_eq!(harness.state().canvas().selected_cards().len(), 1);
    let before = editor_view(&harness);
    let doc = harness.state().document().clone();

    press(&mut harness, Modifiers::NONE, Key::F5);
    assert!(harness.state().is_presenting());
    for key in [Key::PageDown, Key::PageDown, Key::End, Key::PageUp] {
        press(&mut harness, Modifiers::NONE, key);
    }
    assert_ne!(
        editor_view(&harness),
        before,
        "the stage shows something else"
    );
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!harness.state().is_presenting());
    assert_eq!(editor_view(&harness), before);
    assert_eq!(harness.state().document(), &doc);
}

/// The window asked this frame to go full screen (`true`) or back (`false`).
fn full_screen_asked(harness: &App) -> Option<bool> {
    harness.output().viewport_output[&egui::ViewportId::ROOT]
        .commands
        .iter()
        .find_map(|command| match command {
            egui::ViewportCommand::Fullscreen(on) => Some(*on),
            _ => None,
        })
}

#[test]
fn f5_the_menu_and_the_palette_start_a_presentation() {
    let mut harness = english_ev_harness(false);
    assert!(harness.query_by_label("Add lane").is_some());
    harness.key_down(Key::F5);
    harness.step();
    harness.key_up(Key::F5);
    assert_eq!(full_screen_asked(&harness), Some(true));
    harness.run();
    assert!(harness.state().is_presenting());
    assert!(
        harness.query_by_label("Add lane").is_none(),
        "no editing buttons on the stage"
    );
    harness.key_down(Key::Escape);
    harness.step();
    harness.key_up(Key::Escape);
    assert_eq!(
        full_screen_asked(&harness),
        Some(false),
        "back to a window, as it was"
    );
    harness.run();
    assert!(!harness.state().is_presenting());
    assert!(harness.query_by_label("Add lane").is_some());
    // F11 makes the editor itself full screen.
    harness.key_down(Key::F11);
    harness.step();
    harness.key_up(Key::F11);
    assert_eq!(full_screen_asked(&harness), Some(true));
    harness.run();
    assert!(!harness.state().is_presenting());

    app_driver::click_menu(&mut harness, &["View", "Present"]);
    assert!(harness.state().is_presenting());
    press(&mut harness, Modifiers::NONE, Key::Escape);

    for (query, offered) in [("全屏", "Full screen"), ("full screen", "Full screen")] {
        press(&mut harness, Modifiers::COMMAND, Key::K);
        harness.get_by_label("Search commands").type_text(query);
        harness.run();
        assert!(
            harness.query_by_label(offered).is_some(),
            "{query:?} finds {offered:?}"
        );
        press(&mut harness, Modifiers::NONE, Key::Escape);
    }
    for query in ["演示", "present"] {
        press(&mut harness, Modifiers::COMMAND, Key::K);
        harness.get_by_label("Search commands").type_text(query);
        harness.run();
        press(&mut harness, Modifiers::NONE, Key::Enter);
        assert!(harness.state().is_presenting(), "{query:?} starts it");
        press(&mut harness, Modifiers::NONE, Key::Escape);
        assert!(!harness.state().is_presenting());
    }
}

#[test]
fn the_presenter_view_lists_the_views_and_jumps_to_one() {
    let mut harness = english_ev_harness(false);
    press(&mut harness, Modifiers::NONE, Key::F5);
    assert!(
        harness.query_by_label("Stagemap — presenter").is_none(),
        "not opened by itself"
    );
    press(&mut harness, Modifiers::NONE, Key::S);
    assert!(harness.query_by_label("Stagemap — presenter").is_some());
    assert!(harness.query_by_label("No notes for this view").is_some());
    harness.get_by_label("6. 用车 · Customer").click();
    harness.run();
    let present = harness.state().presentation().unwrap();
    assert_eq!(present.walk().current().unwrap().view, 5);
    assert_eq!(
        present.current_view().unwrap().layers,
        LayerPreset::CustomerOnly
    );
    assert_eq!(harness.state().canvas().layers(), LayerPreset::CustomerOnly);
    harness.get_by_label("Close presenter view").click();
    harness.run();
    assert!(harness.query_by_label("Stagemap — presenter").is_none());
    assert!(harness.state().is_presenting());
}

#[test]
fn with_an_agenda_the_timer_runs_on_the_stage_and_in_the_presenter_view() {
    let mut doc = examples::ev_owner();
    doc.presentation.agenda = vec![
        AgendaStep {
            name: "Scope".into(),
            minutes: 20,
        },
        AgendaStep {
            name: "Front-stage".into(),
            minutes: 50,
        },
    ];
    let mut harness = harness(doc, Language::English, ThemeChoice::Light, false);
    press(&mut harness, Modifiers::NONE, Key::F5);
    assert!(
        harness.query_by_label("Scope").is_some(),
        "the agenda step shows"
    );
    let times: Vec<String> = harness
        .query_all_by_label_contains(":")
        .filter_map(|node| {
            let node = node.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .collect();
    assert!(
        times
            .iter()
            .any(|time| time.starts_with("19:") || time == "20:00"),
        "the remaining time shows in the corner: {times:?}"
    );
    press(&mut harness, Modifiers::NONE, Key::S);
    harness.get_by_label("Pause").click();
    harness.run();
    assert!(harness.query_by_label("Resume").is_some());
    harness.get_by_label("Next agenda step").click();
    harness.run();
    assert!(harness.query_all_by_label("Front-stage").next().is_some());
    assert!(
        harness.query_all_by_label("50:00").next().is_some(),
        "the next step starts paused at its full length"
    );
}

#[test]
fn the_camera_glides_to_the_next_step_unless_motion_is_reduced() {
    for reduced in [false, true] {
        let settings = Settings {
            language: Some(Language::English),
            reduce_motion: reduced,
            ..Settings::default()
        };
        let mut harness = Harness::builder()
            .with_size(WINDOW)
            .with_pixels_per_point(1.0)
            .with_step_dt(1.0 / 60.0)
            .with_max_steps(60)
            .build_eframe(move |cc| {
                StagemapApp::new(
                    cc,
                    Startup::Document(examples::ev_owner()),
                    options_with(settings),
                )
            });
        press(&mut harness, Modifiers::NONE, Key::F5);
        press(&mut harness, Modifiers::NONE, Key::End);
        let from = harness.state().canvas().pan();
        harness.key_press(Key::Home);
        for _ in 0..4 {
            harness.step();
        }
        let early = harness.state().canvas().pan();
        harness.run();
        let to = harness.state().canvas().pan();
        assert_ne!(from, to);
        let shot = harness
            .state()
            .presentation()
            .unwrap()
            .current_shot()
            .unwrap()
            .clone();
        assert!((harness.state().canvas().zoom() - shot.zoom).abs() < 1e-4);
        if reduced {
            assert_eq!(early, to, "no glide when motion is reduced");
        } else {
            assert!(
                early != from && early != to,
                "on its way after 4 frames: {from:?} → {early:?} → {to:?}"
            );
        }
    }
}

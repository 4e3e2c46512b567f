//! A snapshot of the Chinese example with its emotion curve and markers, in Chinese and
//! light, rendered on the CPU.

#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of these tests fail the test when the map is not as expected"
)]

use egui::Vec2;
use egui_kittest::Harness;
use stagemap::edit::{CardField, Command, Session};
use stagemap::marker::MarkerKinds;
use stagemap::model::Document;

#[path = "support/canvas_editor.rs"]
mod canvas_editor;

use canvas_editor::{Editor, canvas_frame};
#[path = "support/examples.rs"]
mod examples;
#[path = "support/snapshots.rs"]
mod snapshots;
use snapshots::snapshot_options;

/// The Chinese example, in Chinese.
fn ev_example() -> Document {
    stagemap::ui::i18n::set_current(stagemap::ui::i18n::Language::SimplifiedChinese);
    examples::ev_owner()
}

/// The canvas alone, light, on the CPU-backed renderer, showing `session`'s map fitted.
fn snapshot_harness(session: Session) -> Harness<'static, Editor> {
    Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .wgpu()
        .with_context_setup(|ctx| {
            stagemap::ui::fonts::install(ctx);
            ctx.set_visuals(egui::Visuals::light());
        })
        .build_ui_state(canvas_frame, Editor::new(session))
}

#[test]
fn snapshot_ev_owner_journey_emotion_light() {
    let mut harness = snapshot_harness(Session::opened(ev_example()));
    harness.run();
    harness.snapshot_options("ev_owner_journey_emotion_light", &snapshot_options());
    // It would notice the markers gone.
    harness.state_mut().canvas.set_markers(MarkerKinds {
        pain: false,
        fail: false,
        wait: false,
        moment_of_truth: false,
        opportunity: false,
    });
    harness.run();
    assert_ne!(
        snapshots::matches_snapshot(&mut harness, "ev_owner_journey_emotion_light"),
        Some(true),
        "the snapshot passes with every marker gone"
    );
}

/// The same map with a to-be score one point above each as-is score (capped at the top),
/// and the steps of 用车 belonging to the persona 王女士: three curves and their legend.
#[test]
fn snapshot_ev_owner_journey_to_be_and_persona_light() {
    let mut session = Session::opened(ev_example());
    let doc = session.doc().clone();
    let persona = doc.personas[0].id;
    let use_steps: Vec<_> = doc.stages[1].steps.iter().map(|step| step.id).collect();
    for card in &doc.cards {
        let Some(score) = card.emotion else {
            continue;
        };
        let field = CardField::EmotionToBe(Some((score + 1.0).min(2.0)));
        session
            .execute(Command::SetCardField { id: card.id, field })
            .unwrap();
        if use_steps.contains(&card.step) {
            let field = CardField::Persona(Some(persona));
            session
                .execute(Command::SetCardField { id: card.id, field })
                .unwrap();
        }
    }
    let mut harness = snapshot_harness(session);
    harness.run();
    harness.snapshot_options("ev_owner_journey_to_be_light", &snapshot_options());
}

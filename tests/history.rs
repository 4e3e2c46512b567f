//! Undo, redo, transactions and the dirty state, on random editing sessions.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

mod support;

use std::cell::RefCell;

use proptest::prelude::*;
use stagemap::edit::{CardField, Command, Edit, Session, ops};
use stagemap::model::{Document, LaneKind};
use support::CaseMix;

fn small_map() -> Session {
    let mut session = Session::unsaved(Document::new("Test"));
    session.run(|doc| ops::add_stage(doc, 0, "Arrive")).unwrap();
    session.run(|doc| ops::add_stage(doc, 1, "Stay")).unwrap();
    session
        .run(|doc| ops::add_lane(doc, 0, "Customer", LaneKind::Customer))
        .unwrap();
    session
        .run(|doc| ops::add_lane(doc, 1, "Front desk", LaneKind::Frontstage))
        .unwrap();
    session.mark_saved();
    session
}

#[test]
fn undoing_everything_gives_the_original() {
    let mix = RefCell::new(CaseMix::default());
    let sessions = (support::realistic_map(), support::ops_list(40));
    support::runner(160)
        .run(&sessions, |(original, edits)| {
            let mut session = Session::opened(original.clone());
            support::run(&mut session, &edits);
            let edited = session.doc().clone();
            mix.borrow_mut().count(&edited);

            while session.undo().is_some() {}
            prop_assert_eq!(session.doc(), &original);
            prop_assert!(!session.is_dirty());

            while session.redo().is_some() {}
            prop_assert_eq!(session.doc(), &edited);
            prop_assert_eq!(session.is_dirty(), session.history().undo_label().is_some());
            Ok(())
        })
        .unwrap();
    mix.into_inner().report_and_check("undo and redo");
}

#[test]
fn an_aborted_transaction_leaves_nothing() {
    let mix = RefCell::new(CaseMix::default());
    let sessions = (support::edited_map(10), support::ops_list(10));
    support::runner(160)
        .run(&sessions, |(start, gesture)| {
            let mut session = Session::unsaved(start);
            let before = session.doc().clone();
            let undo_label = session.history().undo_label();
            let revision = session.history().revision();

            session.begin("move-card");
            support::run(&mut session, &gesture);
            mix.borrow_mut().count(session.doc());
            session.abort();

            prop_assert_eq!(session.doc(), &before);
            prop_assert_eq!(session.history().undo_label(), undo_label);
            prop_assert_eq!(session.history().revision(), revision);
            Ok(())
        })
        .unwrap();
    mix.into_inner().report_and_check("aborted transactions");
}

#[test]
fn a_transaction_is_one_undo_step() {
    let mut session = small_map();
    let before = session.doc().clone();
    let step = before.stages[0].steps[0].id;
    let lane = before.lanes[0].id;

    session.apply(Edit::Begin("add-card")).unwrap();
    let (add, card) = ops::add_card(session.doc(), step, lane, 0, "");
    session.apply(Edit::Execute(add)).unwrap();
    for title in ["入", "入住", "入住登记"] {
        let set = ops::set_card_field(card, CardField::Title(title.into()));
        session.apply(Edit::Execute(set)).unwrap();
    }
    session.apply(Edit::Commit).unwrap();

    assert_eq!(session.doc().card(card).unwrap().title, "入住登记");
    assert_eq!(session.history().undo_label(), Some("add-card"));
    assert_eq!(session.undo(), Some("add-card"));
    assert_eq!(session.doc(), &before);
    assert_eq!(session.history().undo_label(), Some("add-lane"));
}

#[test]
fn dirty_follows_the_saved_revision_through_undo_and_redo() {
    let mut session = small_map();
    assert!(!session.is_dirty());
    session.run(|doc| ops::add_stage(doc, 2, "Leave")).unwrap();
    assert!(session.is_dirty());
    session.undo();
    assert!(!session.is_dirty(), "back at the saved state");
    session.redo();
    assert!(session.is_dirty());
    session.mark_saved();
    session.undo();
    assert!(session.is_dirty(), "the saved state had the third stage");
    // A new change after undo discards the redo step; the saved state is unreachable.
    session.run(|doc| ops::add_stage(doc, 0, "Book")).unwrap();
    assert!(session.history().redo_label().is_none());
    while session.undo().is_some() {}
    assert!(session.is_dirty());
}

#[test]
fn a_refused_command_changes_nothing_and_is_not_recorded() {
    let mut session = small_map();
    let before = session.doc().clone();
    let lane = before.lanes[0].id;
    let step = before.stages[0].steps[0].id;
    let (add, card) = ops::add_card(&before, step, lane, 0, "Check in");
    session.execute(add).unwrap();
    let other = session.doc().cards[0].id;
    session
        .run(|doc| {
            ops::connect(doc, card, other, Default::default()).unwrap_or_else(|_| unreachable!())
        })
        .ok();
    let with_card = session.doc().clone();

    // Removing a lane that still holds a card is refused …
    let refused = session.execute(Command::RemoveLane(lane));
    assert!(refused.is_err());
    assert_eq!(session.doc(), &with_card);
    // … while the cascading delete removes the card and its connectors with it, as one step.
    session.run(|doc| ops::delete_lane(doc, lane)).unwrap();
    assert!(session.doc().cards.is_empty());
    assert!(session.doc().connectors.is_empty());
    session.undo();
    assert_eq!(session.doc(), &with_card);
}

#[test]
fn the_history_keeps_its_limit() {
    let mut history = stagemap::edit::History::new().with_limit(3);
    let mut doc = Document::new("Limit");
    for i in 0..5 {
        let add = ops::add_stage(&doc, 0, &format!("S{i}"));
        history.execute(&mut doc, add).unwrap();
    }
    let mut undone = 0;
    while history.undo(&mut doc).is_some() {
        undone += 1;
    }
    assert_eq!(undone, 3);
    assert_eq!(doc.stages.len(), 2);
}

#[test]
fn changing_the_emotion_scale_moves_every_score_in_one_step() {
    let mut session = small_map();
    let doc = session.doc().clone();
    let (step, lane) = (doc.stages[0].steps[0].id, doc.lanes[0].id);
    let (add, card) = ops::add_card(&doc, step, lane, 0, "Queue at the desk");
    session.execute(add).unwrap();
    session
        .execute(ops::set_card_field(card, CardField::Emotion(Some(-1.0))))
        .unwrap();
    session
        .execute(ops::set_card_field(card, CardField::EmotionToBe(Some(2.0))))
        .unwrap();
    let before = session.doc().clone();

    let zero_to_ten = stagemap::model::EmotionScale::PRESETS[2];
    session
        .run(|doc| ops::set_emotion_scale(doc, zero_to_ten))
        .unwrap();
    let moved = session.doc().card(card).unwrap();
    // −1 on −2..+2 is a quarter of the way up: 2.5 on 0..10; +2 is the top: 10.
    assert_eq!(moved.emotion, Some(2.5));
    assert_eq!(moved.emotion_to_be, Some(10.0));
    assert_eq!(session.doc().meta.emotion_scale, zero_to_ten);
    assert!(stagemap::check::check(session.doc()).is_empty());

    assert_eq!(session.undo(), Some("set-emotion-scale"));
    assert_eq!(session.doc(), &before);
}

#[test]
fn a_view_outlives_its_stage_and_every_view_change_undoes() {
    use stagemap::model::{Focus, StageSpan, View};
    let mut session = small_map();
    let doc = session.doc().clone();
    let (first, last) = (doc.stages[0].id, doc.stages[doc.stages.len() - 1].id);
    let view = View {
        id: doc.next_view_id(),
        title: "痛点 Pain".into(),
        stages: Some(StageSpan { first, last }),
        focus: Some(Focus::PainPoints),
        ..View::default()
    };
    session
        .execute(Command::InsertView {
            index: 0,
            view: view.clone(),
        })
        .unwrap();
    let mut renamed = view.clone();
    renamed.title = "Renamed".into();
    session.execute(Command::SetView(renamed)).unwrap();
    assert_eq!(session.doc().presentation.views[0].title, "Renamed");
    assert_eq!(session.undo(), Some("edit-view"));
    assert_eq!(session.doc().presentation.views[0], view);

    // The last stage goes (with its steps and cards): the view keeps its first
    // stage, shows what is left, and `check` says why.
    let taken = ops::delete_stage(session.doc(), last);
    session.execute(taken).unwrap();
    let left = session.doc().stages.len();
    assert_eq!(
        session.doc().presentation.views[0].stage_indices(session.doc()),
        Some(0..=0)
    );
    let problems = stagemap::check::check(session.doc());
    assert!(
        problems
            .iter()
            .any(|p| !p.is_error() && p.message.contains(&format!("view {}", view.id))),
        "{problems:?}"
    );
    // Deleting the view and undoing it gives it back, stage id and all.
    session.execute(Command::RemoveView(view.id)).unwrap();
    assert!(session.doc().presentation.views.is_empty());
    session.undo();
    assert_eq!(session.doc().presentation.views[0], view);
    assert_eq!(session.doc().stages.len(), left);
    // An agenda step of no length is refused, the document unchanged.
    let before = session.doc().clone();
    let zero = vec![stagemap::model::AgendaStep {
        name: "x".into(),
        minutes: 0,
    }];
    assert!(session.execute(Command::SetAgenda(zero)).is_err());
    assert_eq!(session.doc(), &before);
}

#[test]
fn any_workshop_decisions_undo_to_the_original_and_survive_save_and_load() {
    let votes = RefCell::new((0usize, 0usize, 0usize));
    let sessions = (
        support::realistic_map(),
        proptest::collection::vec(support::decision_op(), 10..60),
    );
    support::runner(160)
        .run(&sessions, |(original, edits)| {
            let mut session = Session::opened(original.clone());
            support::run(&mut session, &edits);
            let decided = session.doc().clone();
            {
                let mut counts = votes.borrow_mut();
                let d = &decided.decisions;
                counts.0 += usize::from(d.rounds.iter().any(|r| r.votes.len() >= 3));
                counts.1 += usize::from(!d.actions.is_empty() && !d.screening.scores.is_empty());
                counts.2 += usize::from(!d.matrix.placed.is_empty());
            }

            let path = std::path::Path::new("decided.stagemap.ron");
            let reloaded = stagemap::format::parse(&stagemap::format::to_string(&decided), path);
            match reloaded {
                Ok(reloaded) => prop_assert_eq!(reloaded, decided.clone()),
                Err(error) => prop_assert!(false, "the saved map did not load: {error}"),
            }

            while session.undo().is_some() {}
            prop_assert_eq!(session.doc(), &original);
            while session.redo().is_some() {}
            prop_assert_eq!(session.doc(), &decided);
            Ok(())
        })
        .unwrap();
    let (voted, acted_and_scored, placed) = votes.into_inner();
    println!(
        "decisions: 160 cases; 3 or more dots in a round in {voted}, actions and scores in \
         {acted_and_scored}, matrix placements in {placed}"
    );
    assert!(voted >= 40 && acted_and_scored >= 16 && placed >= 40);
}

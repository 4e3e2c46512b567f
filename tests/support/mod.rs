//! Random editing sessions for property tests: a list of user operations,
//! each picking its targets by index into whatever the document holds.

#![allow(dead_code, reason = "each test file uses a different part")]

use proptest::prelude::*;
use stagemap::edit::{CardField, Command, Session, ops};
use stagemap::model::{Direction, Document, Kano, LaneKind, Servqual};

/// Text with the characters that stress a file format: quotes, backslashes,
/// commas, semicolons, newlines, Chinese and an emoji.
pub fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 \"\\\\,;:()#\n阶段痛点等待旅程😀]{0,10}"
}

/// One thing a user does.
#[derive(Clone, Debug)]
pub enum Op {
    AddStage(usize, String),
    AddStep(usize, usize, String),
    AddLane(usize, String, usize),
    AddCard(usize, usize, usize, String),
    MoveCard(usize, usize, usize, usize),
    SetField(usize, CardField),
    DeleteCards(usize, usize),
    DeleteStage(usize),
    DeleteStep(usize),
    DeleteLane(usize),
    MoveStage(usize, usize),
    MoveStep(usize, usize, usize),
    MoveLane(usize, usize),
    RenameStage(usize, String),
    RenameLane(usize, String),
    SetLaneKind(usize, usize),
    Connect(usize, usize, bool),
    Disconnect(usize),
    AddPersona(String),
    DeletePersona(usize),
    MapPersona(usize, bool),
    SetTitle(String),
    Duplicate(usize),
}

fn card_field() -> impl Strategy<Value = CardField> {
    let opt_f64 = || proptest::option::of(-100.0f64..100.0);
    let opt_u32 = || proptest::option::of(0u32..10_000);
    prop_oneof![
        text().prop_map(CardField::Title),
        text().prop_map(CardField::Detail),
        text().prop_map(CardField::Channel),
        proptest::option::of(-2.0f64..=2.0).prop_map(CardField::Emotion),
        proptest::option::of(-2.0f64..=2.0).prop_map(CardField::EmotionToBe),
        opt_u32().prop_map(CardField::Duration),
        opt_u32().prop_map(CardField::Wait),
        any::<bool>().prop_map(CardField::Pain),
        any::<bool>().prop_map(CardField::Fail),
        text().prop_map(CardField::Recovery),
        any::<bool>().prop_map(CardField::MomentOfTruth),
        proptest::option::of(proptest::sample::select(Kano::ALL.to_vec()))
            .prop_map(CardField::Kano),
        proptest::option::of(proptest::sample::select(Servqual::ALL.to_vec()))
            .prop_map(CardField::Servqual),
        opt_f64().prop_map(CardField::Nps),
        opt_f64().prop_map(CardField::Csat),
        opt_f64().prop_map(CardField::Ces),
        text().prop_map(CardField::Owner),
        proptest::collection::vec(text(), 0..3).prop_map(CardField::Tags),
        proptest::option::of("#[0-9a-f]{6}").prop_map(CardField::Colour),
        proptest::option::of(text()).prop_map(CardField::Picture),
    ]
}

/// Any one operation.
pub fn op() -> impl Strategy<Value = Op> {
    let i = || 0usize..8;
    prop_oneof![
        1 => (i(), text()).prop_map(|(a, s)| Op::AddStage(a, s)),
        1 => (i(), i(), text()).prop_map(|(a, b, s)| Op::AddStep(a, b, s)),
        1 => (i(), text(), 0usize..12).prop_map(|(a, s, k)| Op::AddLane(a, s, k)),
        4 => (i(), i(), i(), text()).prop_map(|(a, b, c, s)| Op::AddCard(a, b, c, s)),
        2 => (i(), i(), i(), i()).prop_map(|(a, b, c, d)| Op::MoveCard(a, b, c, d)),
        3 => (i(), card_field()).prop_map(|(a, f)| Op::SetField(a, f)),
        1 => (i(), 1usize..3).prop_map(|(a, n)| Op::DeleteCards(a, n)),
        1 => i().prop_map(Op::DeleteStage),
        1 => i().prop_map(Op::DeleteStep),
        1 => i().prop_map(Op::DeleteLane),
        1 => (i(), i()).prop_map(|(a, b)| Op::MoveStage(a, b)),
        1 => (i(), i(), i()).prop_map(|(a, b, c)| Op::MoveStep(a, b, c)),
        1 => (i(), i()).prop_map(|(a, b)| Op::MoveLane(a, b)),
        1 => (i(), text()).prop_map(|(a, s)| Op::RenameStage(a, s)),
        1 => (i(), text()).prop_map(|(a, s)| Op::RenameLane(a, s)),
        1 => (i(), 0usize..12).prop_map(|(a, k)| Op::SetLaneKind(a, k)),
        2 => (i(), i(), any::<bool>()).prop_map(|(a, b, two)| Op::Connect(a, b, two)),
        1 => i().prop_map(Op::Disconnect),
        1 => text().prop_map(Op::AddPersona),
        1 => i().prop_map(Op::DeletePersona),
        1 => (i(), any::<bool>()).prop_map(|(p, about)| Op::MapPersona(p, about)),
        1 => text().prop_map(Op::SetTitle),
        1 => i().prop_map(Op::Duplicate),
    ]
}

/// A sequence of operations.
pub fn ops_list(max: usize) -> impl Strategy<Value = Vec<Op>> {
    proptest::collection::vec(op(), 0..max)
}

fn pick<T>(items: &[T], index: usize) -> Option<&T> {
    (!items.is_empty()).then(|| &items[index % items.len()])
}

/// The command an operation means on this document, if it can mean one.
pub fn command_for(doc: &Document, op: &Op) -> Option<Command> {
    let steps: Vec<_> = doc.columns().map(|(_, step)| step.id).collect();
    let cards: Vec<_> = doc.cards.iter().map(|c| c.id).collect();
    let lane_ids: Vec<_> = doc.lanes.iter().map(|l| l.id).collect();
    let stage_ids: Vec<_> = doc.stages.iter().map(|s| s.id).collect();
    let kind = |k: usize| LaneKind::KNOWN[k % LaneKind::KNOWN.len()].clone();
    Some(match op {
        Op::AddStage(at, name) => ops::add_stage(doc, at % (doc.stages.len() + 1), name),
        Op::AddStep(stage, at, name) => {
            let stage = *pick(&stage_ids, *stage)?;
            let len = doc.stage(stage)?.steps.len();
            ops::add_step(doc, stage, at % (len + 1), name)
        }
        Op::AddLane(at, name, k) => ops::add_lane(doc, at % (doc.lanes.len() + 1), name, kind(*k)),
        Op::AddCard(step, lane, at, title) => {
            ops::add_card(
                doc,
                *pick(&steps, *step)?,
                *pick(&lane_ids, *lane)?,
                *at,
                title,
            )
            .0
        }
        Op::MoveCard(card, step, lane, at) => ops::move_card(
            doc,
            *pick(&cards, *card)?,
            *pick(&steps, *step)?,
            *pick(&lane_ids, *lane)?,
            *at,
        ),
        Op::SetField(card, field) => ops::set_card_field(*pick(&cards, *card)?, field.clone()),
        Op::DeleteCards(first, count) => {
            let start = first % cards.len().max(1);
            let chosen: Vec<_> = cards.iter().skip(start).take(*count).copied().collect();
            if chosen.is_empty() {
                return None;
            }
            ops::delete_cards(doc, &chosen)
        }
        Op::DeleteStage(s) => ops::delete_stage(doc, *pick(&stage_ids, *s)?),
        Op::DeleteStep(s) => ops::delete_step(doc, *pick(&steps, *s)?),
        Op::DeleteLane(l) => ops::delete_lane(doc, *pick(&lane_ids, *l)?),
        Op::MoveStage(s, to) => Command::MoveStage {
            id: *pick(&stage_ids, *s)?,
            index: to % doc.stages.len().max(1),
        },
        Op::MoveStep(s, stage, to) => {
            let stage = *pick(&stage_ids, *stage)?;
            let len = doc.stage(stage)?.steps.len();
            Command::MoveStep {
                id: *pick(&steps, *s)?,
                stage,
                index: to % (len + 1),
            }
        }
        Op::MoveLane(l, to) => Command::MoveLane {
            id: *pick(&lane_ids, *l)?,
            index: to % doc.lanes.len().max(1),
        },
        Op::RenameStage(s, name) => Command::RenameStage {
            id: *pick(&stage_ids, *s)?,
            name: name.clone(),
        },
        Op::RenameLane(l, name) => Command::RenameLane {
            id: *pick(&lane_ids, *l)?,
            name: name.clone(),
        },
        Op::SetLaneKind(l, k) => Command::SetLaneKind {
            id: *pick(&lane_ids, *l)?,
            kind: kind(*k),
        },
        Op::Connect(a, b, two) => {
            let direction = if *two {
                Direction::TwoWay
            } else {
                Direction::OneWay
            };
            ops::connect(doc, *pick(&cards, *a)?, *pick(&cards, *b)?, direction).ok()?
        }
        Op::Disconnect(c) => Command::Disconnect(pick(&doc.connectors, *c)?.id),
        Op::AddPersona(name) => ops::add_persona(doc, name),
        Op::DeletePersona(p) => ops::delete_persona(doc, pick(&doc.personas, *p)?.id),
        Op::MapPersona(p, about) => ops::set_map_persona(doc, pick(&doc.personas, *p)?.id, *about),
        Op::SetTitle(title) => {
            let mut meta = doc.meta.clone();
            meta.title = title.clone();
            Command::SetMeta(meta)
        }
        Op::Duplicate(card) => ops::duplicate_cards(doc, &[*pick(&cards, *card)?]).0,
    })
}

/// Runs operations on a session; commands the document refuses are skipped
/// (and must leave it unchanged, which this checks).
pub fn run(session: &mut Session, ops: &[Op]) {
    for op in ops {
        let Some(command) = command_for(session.doc(), op) else {
            continue;
        };
        let before = session.doc().clone();
        if session.execute(command).is_err() {
            assert_eq!(
                session.doc(),
                &before,
                "a refused command changed the document"
            );
        }
    }
}

/// A document built by a random editing session.
pub fn document(max_ops: usize) -> impl Strategy<Value = Document> {
    ops_list(max_ops).prop_map(|ops| {
        let mut session = Session::unsaved(Document::new("Random map"));
        run(&mut session, &ops);
        session.doc().clone()
    })
}
